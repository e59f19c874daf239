"""Self-test of smtp_capture_server.py through Python's smtplib: every script, AUTH, STARTTLS,
server-wide failures, connection counting and the spool format.

Run: /usr/bin/python3 -m unittest Tests/Support/test_smtp_capture_server.py
"""
import base64
import json
import os
import pathlib
import signal
import smtplib
import socket
import ssl
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


class AcceptAndSpoolTests(CaptureServerTestCase):
    def test_message_is_stored_byte_for_byte_with_its_envelope_and_events(self):
        server = self.start()
        with server.client() as client:
            client.sendmail(SENDER, ["sara@example.com"], MESSAGE, mail_options=["BODY=8BITMIME"])
        [(raw, envelope)] = server.stored_messages()
        self.assertEqual(raw, MESSAGE)
        self.assertEqual(envelope["mail_from"], SENDER)
        self.assertEqual(envelope["rcpt_tos"], ["sara@example.com"])
        self.assertEqual(envelope["connection_id"], 1)
        self.assertEqual(envelope["size"], len(MESSAGE))
        self.assertIn("BODY=8BITMIME", envelope["mail_options"])
        self.assertTrue(envelope["peer"].startswith("127.0.0.1:"))
        self.assertFalse(envelope["tls"])
        server.wait_for_event("disconnect")
        replies = [(entry["command"], entry["code"]) for entry in server.events("reply")]
        self.assertEqual(replies, [("GREETING", 220), ("EHLO", 250), ("MAIL", 250), ("RCPT", 250), ("DATA", 354), ("END-OF-DATA", 250), ("QUIT", 221)])
        self.assertEqual(server.events("data")[0]["stored"], "000001")
        self.assertEqual([name for name in os.listdir(server.spool) if name.startswith(".")], [])

    def test_ten_messages_on_one_connection_count_one_connection_and_ten_mail_commands(self):
        server = self.start()
        with server.client() as client:
            for number in range(10):
                client.sendmail(SENDER, [f"customer{number}@example.com"], MESSAGE)
        with server.client() as client:
            client.sendmail(SENDER, ["second-connection@example.com"], MESSAGE)
        server.wait_for_event("disconnect", count=2)
        self.assertEqual(len(server.events("connect")), 2)
        self.assertEqual(len(server.events("mail")), 11)
        messages = server.stored_messages()
        self.assertEqual([envelope["rcpt_tos"][0] for _, envelope in messages][:10], [f"customer{n}@example.com" for n in range(10)])
        self.assertEqual([envelope["connection_id"] for _, envelope in messages], [1] * 10 + [2])
        self.assertEqual([entry["messages"] for entry in server.events("disconnect")], [10, 1])

    def test_several_recipients_in_one_transaction(self):
        server = self.start()
        with server.client() as client:
            refused = client.sendmail(SENDER, ["a@example.com", "rcpt-550@example.com", "b@example.com"], MESSAGE)
        self.assertEqual(list(refused), ["rcpt-550@example.com"])
        [(_, envelope)] = server.stored_messages()
        self.assertEqual(envelope["rcpt_tos"], ["a@example.com", "b@example.com"])

    def test_sigterm_exits_cleanly_and_logs_open_connections_as_closed(self):
        server = self.start()
        client = server.client()
        client.ehlo()
        self.assertEqual(server.stop(), 0)
        self.assertEqual(len(server.events("disconnect")), 1)
        client.close()


class DataReadingTests(CaptureServerTestCase):
    """The server reads DATA in whole buffers rather than aiosmtpd's lines; same results."""

    def raw_session(self, server, *, wait_for_354=True):
        connection = socket.create_connection(("127.0.0.1", server.port), timeout=10)
        replies = connection.makefile("rb")
        self.addCleanup(replies.close)
        self.addCleanup(connection.close)
        replies.readline()
        connection.sendall(b"EHLO raw.example\r\n")
        while not replies.readline().startswith(b"250 "):
            pass
        return connection, replies

    def test_transactions_sent_in_one_write_are_all_read(self):
        server = self.start()
        connection, replies = self.raw_session(server)
        transaction = lambda number: (
            b"MAIL FROM:<a@shop.example>\r\nRCPT TO:<r%d@example.com>\r\nDATA\r\n" % number
            + b"Subject: %d\r\n\r\n..stuffed\r\n" % number + b".\r\n"
        )
        connection.sendall(transaction(1) + transaction(2) + b"QUIT\r\n")
        codes = [replies.readline()[:3] for _ in range(9)]
        self.assertEqual(codes, [b"250", b"250", b"354", b"250"] * 2 + [b"221"])
        self.assertEqual([raw for raw, _ in server.stored_messages()], [b"Subject: 1\r\n\r\n.stuffed\r\n", b"Subject: 2\r\n\r\n.stuffed\r\n"])

    def test_empty_message_is_stored_empty(self):
        server = self.start()
        connection, replies = self.raw_session(server)
        connection.sendall(b"MAIL FROM:<a@shop.example>\r\nRCPT TO:<r@example.com>\r\nDATA\r\n")
        self.assertEqual([replies.readline()[:3] for _ in range(3)], [b"250", b"250", b"354"])
        connection.sendall(b".\r\n")
        self.assertEqual(replies.readline()[:3], b"250")
        [(raw, envelope)] = server.stored_messages()
        self.assertEqual((raw, envelope["size"]), (b"", 0))

    def test_message_arriving_in_small_pieces_is_reassembled(self):
        server = self.start()
        connection, replies = self.raw_session(server)
        connection.sendall(b"MAIL FROM:<a@shop.example>\r\nRCPT TO:<r@example.com>\r\nDATA\r\n")
        [replies.readline() for _ in range(3)]
        stuffed = MESSAGE.replace(b"\r\n.", b"\r\n..") + b".\r\n"
        for offset in range(0, len(stuffed), 7):
            connection.sendall(stuffed[offset:offset + 7])
            time.sleep(0.001)
        self.assertEqual(replies.readline()[:3], b"250")
        self.assertEqual(server.stored_messages()[0][0], MESSAGE)

    def test_line_over_rfc_5321_limit_is_refused_and_the_connection_goes_on(self):
        server = self.start()
        with server.client() as client:
            client.ehlo()
            client.mail(SENDER)
            client.rcpt("sara@example.com")
            self.assertReply(client.data(b"Subject: long\r\n\r\n" + b"x" * 1000 + b"\r\n"), 500)
            client.sendmail(SENDER, ["sara@example.com"], b"Subject: fine\r\n\r\n" + b"x" * 998 + b"\r\n")
        self.assertEqual(len(server.stored_messages()), 1)


class RecipientScriptTests(CaptureServerTestCase):
    EXPECTED = {
        421: "4.7.0", 450: "4.2.1", 451: "4.3.0", 452: "4.2.2",
        550: "5.1.1", 551: "5.1.6", 552: "5.2.2", 553: "5.1.3", 554: "5.7.1", 571: "5.0.0",
    }

    def test_every_rcpt_code_is_answered_with_its_enhanced_status(self):
        server = self.start()
        for code, enhanced in self.EXPECTED.items():
            with self.subTest(code=code), server.client() as client:
                client.ehlo()
                self.assertReply(client.mail(SENDER), 250)
                self.assertReply(client.rcpt(f"rcpt-{code}@example.com"), code, enhanced)
                if code == 421:
                    self.assertClosedByServer(client)
                else:
                    self.assertReply(client.noop(), 250)
        self.assertEqual(server.stored_messages(), [])
        rcpt_replies = [entry["code"] for entry in server.events("reply") if entry["command"] == "RCPT"]
        self.assertEqual(rcpt_replies, list(self.EXPECTED))

    def test_realistic_text_names_the_address(self):
        server = self.start()
        with server.client() as client:
            client.ehlo()
            client.mail(SENDER)
            code, text = client.rcpt("rcpt-550@example.com")
        self.assertEqual(text.decode(), "5.1.1 <rcpt-550@example.com>: Recipient address rejected: User unknown")

    def test_xN_fails_the_first_N_times_this_address_is_seen(self):
        server = self.start()
        codes = []
        for _ in range(4):
            with server.client() as client:
                client.ehlo()
                client.mail(SENDER)
                codes.append(client.rcpt("rcpt-451-x2@example.com")[0])
        self.assertEqual(codes, [451, 451, 250, 250])
        with server.client() as client:  # another address has its own count
            client.ehlo()
            client.mail(SENDER)
            self.assertReply(client.rcpt("rcpt-451-x2@other.example"), 451)

    def test_tag_and_case_do_not_change_the_script(self):
        server = self.start()
        with server.client() as client:
            client.ehlo()
            client.mail(SENDER)
            self.assertReply(client.rcpt("RCPT-553+run7@example.com"), 553, "5.1.3")

    def test_slow_rcpt_waits_then_accepts(self):
        server = self.start()
        with server.client() as client:
            client.ehlo()
            client.mail(SENDER)
            started = time.monotonic()
            self.assertReply(client.rcpt("slow-rcpt-1@example.com"), 250)
            self.assertGreaterEqual(time.monotonic() - started, 0.95)

    def test_slow_rcpt_longer_than_the_client_waits_times_out(self):
        server = self.start()
        client = server.client(timeout=0.5)
        client.ehlo()
        client.mail(SENDER)
        with self.assertRaisesRegex(smtplib.SMTPServerDisconnected, "timed out"):
            client.rcpt("slow-rcpt-5@example.com")
        server.wait_for_event("disconnect")

    def test_drop_at_rcpt_closes_without_a_reply(self):
        server = self.start()
        with server.client() as client:
            client.ehlo()
            client.mail(SENDER)
            with self.assertRaises(smtplib.SMTPServerDisconnected):
                client.rcpt("drop-at-rcpt@example.com")
        server.wait_for_event("disconnect")
        self.assertEqual([entry["command"] for entry in server.events("reply")], ["GREETING", "EHLO", "MAIL"])


class DataScriptTests(CaptureServerTestCase):
    EXPECTED = {421: "4.3.2", 450: "4.7.1", 451: "4.3.0", 452: "4.3.1", 550: "5.7.1", 552: "5.3.4", 554: "5.7.1"}

    def test_every_data_code_is_answered_after_the_end_of_data_and_not_stored(self):
        server = self.start()
        for code, enhanced in self.EXPECTED.items():
            with self.subTest(code=code), server.client() as client:
                client.ehlo()
                client.mail(SENDER)
                self.assertReply(client.rcpt(f"data-{code}@example.com"), 250)
                self.assertReply(client.data(MESSAGE), code, enhanced)
                if code == 421:
                    self.assertClosedByServer(client)
                else:
                    self.assertReply(client.noop(), 250)
        self.assertEqual(server.stored_messages(), [])
        self.assertEqual({entry["outcome"] for entry in server.events("data")}, {"rejected"})

    def test_data_xN_counts_per_address_and_then_stores(self):
        server = self.start()
        codes = []
        with server.client() as client:
            for _ in range(3):
                client.ehlo()
                client.mail(SENDER)
                client.rcpt("data-452-x1@example.com")
                codes.append(client.data(MESSAGE)[0])
        self.assertEqual(codes, [452, 250, 250])
        self.assertEqual(len(server.stored_messages()), 2)

    def test_drop_mid_data_resets_the_connection_without_a_reply(self):
        server = self.start()
        with server.client() as client:
            with self.assertRaises(smtplib.SMTPServerDisconnected):
                client.sendmail(SENDER, ["drop-mid-data@example.com"], MESSAGE * 50)
        server.wait_for_event("disconnect")
        self.assertEqual(server.stored_messages(), [])
        [data_event] = server.events("data")
        self.assertEqual(data_event["outcome"], "dropped")
        self.assertEqual(server.events("reply")[-1]["code"], 354)
        self.assertEqual(server.stderr_path.read_text(), "")  # the body was not read as commands

    def test_drop_mid_data_resets_a_large_upload_before_its_end(self):
        server = self.start()
        body = b"Subject: big\r\n\r\n" + b"0123456789abcdef" * 4 + b"\r\n"
        with server.client() as client:
            with self.assertRaises(smtplib.SMTPServerDisconnected):
                client.sendmail(SENDER, ["drop-mid-data@example.com"], body * 96_000)
        server.wait_for_event("disconnect")
        self.assertEqual(server.stored_messages(), [])

    def test_drop_mid_data_leaves_other_recipients_alone(self):
        server = self.start()
        with server.client() as client:
            client.sendmail(SENDER, ["plain@example.com"], MESSAGE)
            client.sendmail(SENDER, ["plain2@example.com"], MESSAGE)
        self.assertEqual(len(server.stored_messages()), 2)

    def test_no_reply_after_data_leaves_the_client_waiting(self):
        server = self.start()
        client = server.client(timeout=1)
        client.ehlo()
        client.mail(SENDER)
        client.rcpt("no-reply-after-data@example.com")
        started = time.monotonic()
        with self.assertRaisesRegex(smtplib.SMTPServerDisconnected, "timed out"):
            client.data(MESSAGE)
        self.assertGreaterEqual(time.monotonic() - started, 0.95)
        server.wait_for_event("disconnect")
        self.assertEqual(server.stored_messages(), [])
        self.assertEqual(server.events("data")[0]["outcome"], "held")

    def test_slow_data_stores_at_end_of_data_then_answers_late(self):
        server = self.start()
        with server.client() as client:
            client.ehlo()
            client.mail(SENDER)
            client.rcpt("slow-data-1@example.com")
            started = time.monotonic()
            self.assertReply(client.data(MESSAGE), 250, "2.0.0")
            self.assertGreaterEqual(time.monotonic() - started, 0.95)
        self.assertEqual(len(server.stored_messages()), 1)

    def test_reply_delay_after_data_applies_to_every_message(self):
        server = self.start("--reply-delay-after-data", "0.3")
        with server.client() as client:
            started = time.monotonic()
            client.sendmail(SENDER, ["a@example.com"], MESSAGE)
            client.sendmail(SENDER, ["b@example.com"], MESSAGE)
            self.assertGreaterEqual(time.monotonic() - started, 0.55)
        self.assertEqual(len(server.stored_messages()), 2)


class ServerWideFailureTests(CaptureServerTestCase):
    def test_greeting_421_refuses_the_connection(self):
        server = self.start("--greeting-code", "421")
        with self.assertRaises(smtplib.SMTPConnectError) as raised:
            server.client()
        self.assertEqual(raised.exception.smtp_code, 421)
        self.assertTrue(raised.exception.smtp_error.decode().startswith("4.3.2"))
        server.wait_for_event("disconnect")

    def test_mail_from_reject_answers_every_sender(self):
        server = self.start("--mail-from-reject", "550")
        with server.client() as client:
            client.ehlo()
            self.assertReply(client.mail(SENDER), 550, "5.7.1")
            self.assertReply(client.mail("other@shop.example"), 550, "5.7.1")
        self.assertEqual(len(server.events("mail")), 2)

    def test_mail_from_reject_takes_a_whole_line(self):
        server = self.start("--mail-from-reject", "451 4.7.1 Try again later")
        with server.client() as client:
            client.ehlo()
            self.assertEqual(client.mail(SENDER), (451, b"4.7.1 Try again later"))


class AuthenticationTests(CaptureServerTestCase):
    USER, PASSWORD = "keepsake", "s3cret pässword"

    def start_with_auth(self):
        return self.start("--auth-user", self.USER, "--auth-password", self.PASSWORD)

    def authenticate(self, client, mechanism, password):
        """AUTH PLAIN (initial response) or LOGIN (two challenges) with UTF-8 credentials;
        smtplib's own helpers only take ASCII."""
        encode = lambda text: base64.b64encode(text.encode("utf-8")).decode("ascii")
        if mechanism == "PLAIN":
            return client.docmd("AUTH", "PLAIN " + encode(f"\0{self.USER}\0{password}"))
        code, challenge = client.docmd("AUTH", "LOGIN")
        self.assertEqual((code, base64.b64decode(challenge)), (334, b"User Name\0"))
        code, challenge = client.docmd(encode(self.USER))
        self.assertEqual(code, 334)
        return client.docmd(encode(password))

    def test_right_password_authenticates_with_plain_and_login(self):
        server = self.start_with_auth()
        for mechanism in ("PLAIN", "LOGIN"):
            with self.subTest(mechanism=mechanism), server.client() as client:
                client.ehlo()
                self.assertIn("PLAIN", client.esmtp_features["auth"])
                self.assertIn("LOGIN", client.esmtp_features["auth"])
                self.assertReply(self.authenticate(client, mechanism, self.PASSWORD), 235, "2.7.0")
                client.sendmail(SENDER, ["sara@example.com"], MESSAGE)
        self.assertEqual([envelope["auth_login"] for _, envelope in server.stored_messages()], [self.USER, self.USER])
        self.assertEqual([entry["ok"] for entry in server.events("auth")], [True, True])

    def test_wrong_password_is_535(self):
        server = self.start_with_auth()
        for mechanism in ("PLAIN", "LOGIN"):
            with self.subTest(mechanism=mechanism), server.client() as client:
                client.ehlo()
                self.assertReply(self.authenticate(client, mechanism, "wrong"), 535, "5.7.8")
                self.assertReply(client.mail(SENDER), 530, "5.7.0")

    def test_mail_without_authentication_is_530(self):
        server = self.start_with_auth()
        with server.client() as client:
            client.ehlo()
            self.assertReply(client.mail(SENDER), 530, "5.7.0")

    def test_auth_is_not_offered_when_not_configured(self):
        server = self.start()
        with server.client() as client:
            client.ehlo()
            self.assertNotIn("auth", client.esmtp_features)


class StartTLSTests(CaptureServerTestCase):
    def setUp(self):
        self.tls_directory = tempfile.TemporaryDirectory(prefix="capture-selftest-tls-")
        self.addCleanup(self.tls_directory.cleanup)
        self.certificate = os.path.join(self.tls_directory.name, "cert.pem")
        self.private_key = os.path.join(self.tls_directory.name, "key.pem")
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost",
             "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost", "-keyout", self.private_key, "-out", self.certificate],
            check=True, capture_output=True,
        )

    def tls_options(self, *extra):
        return ("--starttls-cert", self.certificate, "--starttls-key", self.private_key, *extra)

    def test_starttls_with_the_generated_certificate_is_verified_and_delivers(self):
        server = self.start(*self.tls_options("--require-starttls"))
        with server.client() as client:
            client.ehlo()
            self.assertReply(client.mail(SENDER), 530)  # before STARTTLS
            client.starttls(context=ssl.create_default_context(cafile=self.certificate))
            client.ehlo()
            client.sendmail(SENDER, ["sara@example.com"], MESSAGE)
        [(raw, envelope)] = server.stored_messages()
        self.assertEqual(raw, MESSAGE)
        self.assertTrue(envelope["tls"])
        self.assertEqual(len(server.events("tls")), 1)
        self.assertEqual(len(server.events("connect")), 1)

    def test_optional_starttls_allows_plaintext(self):
        server = self.start(*self.tls_options())
        with server.client() as client:
            client.ehlo()
            self.assertTrue(client.has_extn("starttls"))
            client.sendmail(SENDER, ["sara@example.com"], MESSAGE)
        self.assertEqual(len(server.stored_messages()), 1)

    def test_untrusted_certificate_fails_the_handshake_and_the_server_survives(self):
        server = self.start(*self.tls_options("--require-starttls"))
        with server.client() as client:
            client.ehlo()
            with self.assertRaises(ssl.SSLCertVerificationError):
                client.starttls(context=ssl.create_default_context())
        with server.client() as client:
            client.starttls(context=ssl.create_default_context(cafile=self.certificate))
            client.sendmail(SENDER, ["sara@example.com"], MESSAGE)
        self.assertEqual(len(server.stored_messages()), 1)
        self.assertEqual([entry["ok"] for entry in server.events("tls")], [False, True])
        self.assertNotIn("Traceback", server.stderr_path.read_text())


class StdinWatchTests(unittest.TestCase):
    def test_server_stops_when_its_stdin_closes(self):
        with tempfile.TemporaryDirectory() as spool:
            process = subprocess.Popen(
                [sys.executable, str(SERVER_SCRIPT), "--port", "0", "--spool", spool, "--stop-on-stdin-eof"],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            )
            self.assertTrue(process.stdout.readline().startswith(b"READY "))
            process.stdin.close()
            self.assertEqual(process.wait(timeout=5), 0)
            process.stdout.close()


class SignalTests(unittest.TestCase):
    def test_sigterm_stops_a_server_launched_with_sigterm_blocked(self):
        """Swift concurrency's threads block SIGTERM, and children inherit the mask."""
        with tempfile.TemporaryDirectory() as spool:
            process = subprocess.Popen(
                [sys.executable, str(SERVER_SCRIPT), "--port", "0", "--spool", spool],
                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                preexec_fn=lambda: signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM}),
            )
            self.assertTrue(process.stdout.readline().startswith(b"READY "))
            process.send_signal(signal.SIGTERM)
            self.assertEqual(process.wait(timeout=5), 0)
            process.stdout.close()


if __name__ == "__main__":
    unittest.main()
