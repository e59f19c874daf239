"""Self-test of smtp_capture_server.py: STARTTLS and implicit TLS with a generated certificate.

Run: /usr/bin/python3 -m unittest discover -s Tests/Support -p 'test_*.py'
"""
import os
import smtplib
import socket
import ssl
import subprocess
import sys
import tempfile
import unittest

from capture_harness import MESSAGE, SENDER, SERVER_SCRIPT, CaptureServerTestCase


class TLSTestCase(CaptureServerTestCase):
    """A fresh self-signed certificate for localhost and 127.0.0.1 per test."""

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

    def trusting_context(self):
        return ssl.create_default_context(cafile=self.certificate)


class StartTLSTests(TLSTestCase):
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


class ImplicitTLSTests(TLSTestCase):
    def implicit_client(self, server, context):
        return smtplib.SMTP_SSL("127.0.0.1", server.port, local_hostname="selftest.example", timeout=10, context=context)

    def test_implicit_tls_with_the_generated_certificate_is_verified_and_delivers(self):
        server = self.start(*self.tls_options("--implicit-tls"))
        with self.implicit_client(server, self.trusting_context()) as client:
            client.ehlo()
            self.assertFalse(client.has_extn("starttls"))
            client.sendmail(SENDER, ["sara@example.com"], MESSAGE)
        [(raw, envelope)] = server.stored_messages()
        self.assertEqual(raw, MESSAGE)
        self.assertTrue(envelope["tls"])
        server.wait_for_event("disconnect")
        kinds = [entry["event"] for entry in server.events()]
        self.assertEqual(kinds[:3], ["connect", "tls", "reply"])  # the handshake comes before the greeting
        [tls_event] = server.events("tls")
        self.assertTrue(tls_event["ok"])
        self.assertTrue(tls_event["version"].startswith("TLS"), tls_event)

    def test_untrusted_certificate_fails_the_handshake_and_the_server_survives(self):
        server = self.start(*self.tls_options("--implicit-tls"))
        with self.assertRaises(ssl.SSLCertVerificationError):
            self.implicit_client(server, ssl.create_default_context())
        server.wait_for_event("disconnect")
        with self.implicit_client(server, self.trusting_context()) as client:
            client.sendmail(SENDER, ["sara@example.com"], MESSAGE)
        self.assertEqual(len(server.stored_messages()), 1)
        self.assertEqual([entry["ok"] for entry in server.events("tls")], [False, True])
        self.assertEqual(len(server.events("connect")), 2)
        self.assertNotIn("Traceback", server.stderr_path.read_text())

    def test_plaintext_client_gets_no_greeting_and_is_disconnected(self):
        server = self.start(*self.tls_options("--implicit-tls"))
        with socket.create_connection(("127.0.0.1", server.port), timeout=10) as connection:
            connection.sendall(b"EHLO plaintext.example\r\n")
            self.assertEqual(connection.recv(4096), b"")
        server.wait_for_event("disconnect")
        [tls_event] = server.events("tls")
        self.assertFalse(tls_event["ok"])
        self.assertEqual(server.events("reply"), [])
        self.assertEqual(server.stored_messages(), [])

    def test_sigterm_during_a_handshake_exits_cleanly_and_logs_the_connection_closed(self):
        server = self.start(*self.tls_options("--implicit-tls"))
        with socket.create_connection(("127.0.0.1", server.port), timeout=10):
            server.wait_for_event("connect")
            self.assertEqual(server.stop(), 0)
        self.assertEqual([(entry["ok"], entry["error"]) for entry in server.events("tls")], [(False, "connection closed during the TLS handshake")])
        self.assertEqual(len(server.events("disconnect")), 1)
        self.assertEqual(server.stderr_path.read_text(), "")

    def test_implicit_tls_needs_the_certificate_options(self):
        for options in (["--implicit-tls"], [*self.tls_options("--implicit-tls", "--require-starttls")]):
            with self.subTest(options=options), tempfile.TemporaryDirectory() as spool:
                result = subprocess.run(
                    [sys.executable, str(SERVER_SCRIPT), "--port", "0", "--spool", spool, *options],
                    capture_output=True, text=True, timeout=10,
                )
                self.assertEqual(result.returncode, 2)
                self.assertIn("--implicit-tls", result.stderr)
                self.assertEqual(result.stdout, "")


if __name__ == "__main__":
    unittest.main()
