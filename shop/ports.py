"""Say early, and plainly, when the address `make run` wants to serve on is already taken."""

import errno
import socket
import sys


def port_in_use(host: str, port: int) -> bool:
    """Whether something already listens on host:port (binding it fails with "address in use")."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((host, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                return True
            raise
    return False


def main(argv: list[str]) -> int:
    """Exit 1 with a message naming another port when `host port` is taken; 0 when it is free."""
    host, port = argv[0], int(argv[1])
    if port_in_use(host, port):
        print(
            f"Port {port} on {host} is already in use (another server, perhaps an earlier `make run`).\n"
            f"Stop it, or choose another port: make run PORT={port + 1}",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
