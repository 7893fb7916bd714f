"""A small SMTP server of the test's own, on a free port: a real SMTP conversation, every message kept.

It speaks enough of RFC 5321 for Python's smtplib (EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT)
and keeps each message it accepts with its Message-ID and the time it arrived. A test can make it
refuse recipients (a 550 for a bad address, a 450 for "try later"), answer every command with a
421 ("not available now", as a server that is down), run a hook before answering a command, or
run one on a message after its last line arrived and before the 250 that confirms it, the moment
a real mail server has already queued it: a worker killed then has sent the message without knowing.
"""

import contextlib
import socketserver
import threading
import time
from collections import Counter
from dataclasses import dataclass
from email import message_from_bytes
from email.policy import default as default_policy


@dataclass(frozen=True)
class Received:
    """One message the sink accepted."""

    message_id: str
    subject: str
    recipients: tuple[str, ...]
    at: float  # time.time() when its last line arrived


class _Handler(socketserver.StreamRequestHandler):
    timeout = 30

    def reply(self, line: str) -> None:
        self.wfile.write(f"{line}\r\n".encode())
        self.wfile.flush()

    def handle(self) -> None:
        sink: SmtpSink = self.server.sink
        sink.connections += 1
        with contextlib.suppress(OSError, ValueError):  # the client went away (or was killed) mid-conversation
            self._conversation(sink)

    def _conversation(self, sink: "SmtpSink") -> None:
        self.reply("220 sink.test ESMTP ready")
        recipients: list[str] = []
        while True:
            line = self.rfile.readline(1000)
            if not line:
                return
            command = line.decode(errors="replace").strip()
            verb = command[:4].upper()
            if sink.on_command is not None:
                sink.on_command(verb)
            if sink.down and verb not in ("QUIT", "EHLO", "HELO"):
                self.reply("421 4.3.0 Service not available, try again later")
                return
            if verb in ("EHLO", "HELO"):
                self.reply("250-sink.test\r\n250 8BITMIME" if verb == "EHLO" else "250 sink.test")
            elif verb == "MAIL":
                recipients = []
                self.reply("250 2.1.0 OK")
            elif verb == "RCPT":
                address = command.partition(":")[2].strip().strip("<>").lower()
                code = sink.refuse.get(address)
                if code:
                    self.reply(f"{code} {'5.1.1 No such user' if code >= 500 else '4.2.0 Try again later'}")
                else:
                    recipients.append(address)
                    self.reply("250 2.1.5 OK")
            elif verb == "DATA":
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                self._data(sink, recipients)
            elif verb in ("RSET", "NOOP"):
                self.reply("250 OK")
            elif verb == "QUIT":
                self.reply("221 Bye")
                return
            else:
                self.reply("502 Command not implemented")

    def _data(self, sink: "SmtpSink", recipients: list[str]) -> None:
        lines = []
        while True:
            line = self.rfile.readline(100_000)
            if not line or line in (b".\r\n", b".\n"):
                break
            lines.append(line[1:] if line.startswith(b"..") else line)
        if not line:
            return  # the connection dropped before the message ended: nothing was accepted
        parsed = message_from_bytes(b"".join(lines), policy=default_policy)
        received = Received(
            message_id=str(parsed["Message-ID"] or ""),
            subject=str(parsed["Subject"] or ""),
            recipients=tuple(recipients),
            at=time.time(),
        )
        with sink.lock:
            sink.messages.append(received)
        if sink.on_message is not None:
            sink.on_message(received)
        self.reply("250 2.0.0 OK: queued")


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


class SmtpSink:
    """Start with `start()`, point EMAIL_HOST/EMAIL_PORT at `port`, read `messages`; `stop()` at the end."""

    def __init__(self):
        self.messages: list[Received] = []
        self.refuse: dict[str, int] = {}
        self.down = False
        self.on_message = None  # called with each Received before its 250 (may block)
        self.on_command = None  # called with each command's verb before its answer (may block)
        self.connections = 0
        self.lock = threading.Lock()
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.sink = self
        self._thread = threading.Thread(target=self._server.serve_forever, name="smtp-sink", daemon=True)

    @property
    def port(self) -> int:
        return self._server.server_address[1]

    def email_url(self) -> str:
        """EMAIL_URL for a process that sends here (plain SMTP, no TLS)."""
        return f"smtp://127.0.0.1:{self.port}"

    def start(self) -> "SmtpSink":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def copies(self) -> Counter:
        """How many times each Message-ID arrived."""
        with self.lock:
            return Counter(message.message_id for message in self.messages)

    def subjects(self) -> list[str]:
        with self.lock:
            return [message.subject for message in self.messages]
