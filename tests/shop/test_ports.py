"""`make run` says at once, naming another port, when the one it wants is taken."""

import socket
import subprocess
import sys


def test_a_busy_port_is_named_with_the_command_that_picks_another():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]

        busy = subprocess.run(
            [sys.executable, "-m", "shop.ports", "127.0.0.1", str(port)], capture_output=True, text=True, check=False
        )

    assert busy.returncode == 1
    assert f"Port {port} on 127.0.0.1 is already in use" in busy.stderr
    assert f"make run PORT={port + 1}" in busy.stderr


def test_a_free_port_lets_make_run_go_on():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]

    free = subprocess.run(
        [sys.executable, "-m", "shop.ports", "127.0.0.1", str(port)], capture_output=True, check=False
    )

    assert free.returncode == 0
