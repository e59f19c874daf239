"""Self-test of smtp_capture_server.py: STARTTLS with a generated certificate.

Run: /usr/bin/python3 -m unittest discover -s Tests/Support -p 'test_*.py'
"""
import os
import ssl
import subprocess
import tempfile
import unittest

from capture_harness import MESSAGE, SENDER, CaptureServerTestCase


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


if __name__ == "__main__":
    unittest.main()
