"""What the capture server's self-tests share: a server process on a fresh spool, a test case
with reply assertions, and a sample message. Not a test module itself (see test_capture_*.py).
"""
import json
import pathlib
import signal
import smtplib
import subprocess
import sys
import tempfile
import time
import unittest

SERVER_SCRIPT = pathlib.Path(__file__).resolve().parent / "smtp_capture_server.py"
SENDER = "bounces@shop.example"
MESSAGE = (
    "From: Shop <hello@shop.example>\r\n"
    "To: Sara <sara@example.com>\r\n"
    "Subject: =?utf-8?b?2KrZiNmE2K/YqiDZhdio2KfYsdqp?=\r\n"
    "\r\n"
    ".a line that starts with a dot\r\n"
    "..two dots\r\n"
    "سلام سارا 🎉\r\n"
    "last line\r\n"
).encode("utf-8")


class CaptureServer:
    """One server process on a fresh spool directory."""

    def __init__(self, *options):
        self.directory = tempfile.TemporaryDirectory(prefix="capture-selftest-")
        self.spool = pathlib.Path(self.directory.name) / "spool"
        self.stderr_path = pathlib.Path(self.directory.name) / "server.stderr"
        with open(self.stderr_path, "wb") as stderr:
            self.process = subprocess.Popen(
                [sys.executable, str(SERVER_SCRIPT), "--host", "127.0.0.1", "--port", "0", "--spool", str(self.spool), *options],
                stdout=subprocess.PIPE, stderr=stderr,
            )
        ready_line = self.process.stdout.readline().decode()
        if not ready_line.startswith("READY "):
            self.stop()
            raise RuntimeError(f"server did not start: {ready_line!r} {self.stderr_path.read_text()}")
        self.port = int(ready_line.split()[1])

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=10)
        self.process.stdout.close()
        return self.process.returncode

    def client(self, timeout=10):
        return smtplib.SMTP("127.0.0.1", self.port, local_hostname="selftest.example", timeout=timeout)

    def stored_messages(self):
        """[(raw bytes, envelope dict)] in file order."""
        return [
            (path.read_bytes(), json.loads(path.with_suffix(".json").read_text()))
            for path in sorted(self.spool.glob("*.eml"))
        ]

    def events(self, kind=None):
        path = self.spool / "events.jsonl"
        entries = [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []
        return [entry for entry in entries if kind is None or entry["event"] == kind]

    def wait_for_event(self, kind, count=1, timeout=5):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if len(self.events(kind)) >= count:
                return
            time.sleep(0.02)
        raise AssertionError(f"fewer than {count} {kind} events: {self.events()}")


class CaptureServerTestCase(unittest.TestCase):
    def start(self, *options):
        server = CaptureServer(*options)
        self.addCleanup(server.directory.cleanup)
        self.addCleanup(server.stop)
        return server

    def assertReply(self, reply, code, enhanced_prefix=None):
        actual_code, text = reply
        self.assertEqual(actual_code, code, text)
        if enhanced_prefix is not None:
            self.assertTrue(text.decode().startswith(enhanced_prefix), text)

    def assertClosedByServer(self, client):
        with self.assertRaises(smtplib.SMTPServerDisconnected):
            client.noop()

