"""Self-test of smtp_capture_server.py: server-wide failures, AUTH, and how the process stops.

Run: /usr/bin/python3 -m unittest discover -s Tests/Support -p 'test_*.py'
"""
import base64
import signal
import smtplib
import subprocess
import sys
import tempfile
import unittest

from capture_harness import MESSAGE, SENDER, SERVER_SCRIPT, CaptureServerTestCase


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
