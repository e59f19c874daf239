"""Self-test of verify_dkim.py: messages signed by dkimpy itself (RSA from `openssl genrsa`,
Ed25519 from PyNaCl) verify through the stub DNS, and tampering or a missing record is reported.

Run: /usr/bin/python3 -m unittest discover -s Tests/Support -p 'test_*.py'
"""
import base64
import json
import pathlib
import subprocess
import sys
import tempfile
import unittest

import dkim
import nacl.signing

import verify_dkim

SCRIPT = pathlib.Path(__file__).with_name("verify_dkim.py")
MESSAGE = (
    b"From: Sahab Shop <hello@shop.example>\r\n"
    b"To: sara@example.com\r\n"
    b"Subject: =?utf-8?b?2KrZiNmE2K/Yqtin2YYg2YXYqNin2LHaqQ==?=\r\n"
    b"Date: Sat, 21 Mar 2026 10:00:00 +0330\r\n"
    b"Message-ID: <abc@shop.example>\r\n"
    b"\r\n"
    b"Hello  there \r\n\r\n\r\n"
)
HEADERS = [b"from", b"to", b"subject", b"date", b"message-id"]


def rsa_key_pair():
    """(PKCS#1 PEM private key, base64 SubjectPublicKeyInfo) from openssl."""
    private = subprocess.run(["openssl", "genrsa", "-traditional", "2048"], check=True, capture_output=True).stdout
    public = subprocess.run(["openssl", "rsa", "-pubout", "-outform", "DER"], input=private, check=True,
                            capture_output=True).stdout
    return private, base64.b64encode(public).decode()


class VerifyDKIMTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.rsa_private, cls.rsa_public = rsa_key_pair()
        cls.ed_private = nacl.signing.SigningKey.generate()
        cls.ed_public = base64.b64encode(bytes(cls.ed_private.verify_key)).decode()

    def signed(self, message=MESSAGE):
        ed = dkim.sign(message, b"ks2026e", b"shop.example", base64.b64encode(bytes(self.ed_private)),
                       signature_algorithm=b"ed25519-sha256", canonicalize=(b"relaxed", b"relaxed"),
                       include_headers=HEADERS)
        rsa = dkim.sign(message, b"ks2026", b"shop.example", self.rsa_private,
                        canonicalize=(b"relaxed", b"relaxed"), include_headers=HEADERS)
        return rsa + ed + message

    def zone(self, directory, rsa_public=None):
        record = f"v=DKIM1; k=rsa; p={rsa_public or self.rsa_public}"
        # Cut into 255-character strings, as a zone file holds a long record.
        strings = " ".join(f'"{record[start:start + 255]}"' for start in range(0, len(record), 255))
        text = (f"ks2026._domainkey.shop.example. IN TXT {strings}\n"
                f'ks2026e._domainkey.shop.example. IN TXT "v=DKIM1; k=ed25519; p={self.ed_public}"\n')
        path = pathlib.Path(directory) / "zone.txt"
        path.write_text(text)
        return path

    def run_script(self, *arguments):
        completed = subprocess.run([sys.executable, str(SCRIPT), *arguments], capture_output=True, text=True)
        self.assertEqual(completed.returncode, 0, completed.stderr)
        return [json.loads(line) for line in completed.stdout.splitlines()]

    def test_both_signatures_verify(self):
        with tempfile.TemporaryDirectory() as directory:
            (pathlib.Path(directory) / "one.eml").write_bytes(self.signed())
            [result] = self.run_script("--zone", str(self.zone(directory)), "--eml-dir", directory)
        self.assertEqual(result["file"], "one.eml")
        self.assertTrue(result["rsa"], result)
        self.assertTrue(result["ed25519"], result)
        self.assertEqual([s["algorithm"] for s in result["signatures"]], ["rsa-sha256", "ed25519-sha256"])
        self.assertEqual([s["selector"] for s in result["signatures"]], ["ks2026", "ks2026e"])

    def test_a_changed_subject_fails_both(self):
        tampered = self.signed().replace(b"Subject: =?utf-8?b?2KrZiNmE", b"Subject: =?utf-8?b?2KrZiNmF")
        with tempfile.TemporaryDirectory() as directory:
            path = pathlib.Path(directory) / "tampered.eml"
            path.write_bytes(tampered)
            [result] = self.run_script("--zone", str(self.zone(directory)), str(path))
        self.assertIs(result["rsa"], False)
        self.assertIs(result["ed25519"], False)

    def test_a_changed_body_is_a_body_hash_mismatch(self):
        records = verify_dkim.read_zone(self.zone_text())
        result = verify_dkim.verify(self.signed().replace(b"Hello", b"Hallo"), verify_dkim.stub_dns(records))
        self.assertIs(result["rsa"], False)
        self.assertIn("body hash mismatch", result["signatures"][0]["error"])

    def test_another_public_key_fails(self):
        _, other_public = rsa_key_pair()
        records = verify_dkim.read_zone(self.zone_text(rsa_public=other_public))
        result = verify_dkim.verify(self.signed(), verify_dkim.stub_dns(records))
        self.assertIs(result["rsa"], False)
        self.assertTrue(result["ed25519"])

    def test_a_missing_record_fails_and_an_unsigned_message_has_no_result(self):
        dnsfunc = verify_dkim.stub_dns({})
        self.assertIs(verify_dkim.verify(self.signed(), dnsfunc)["rsa"], False)
        unsigned = verify_dkim.verify(MESSAGE, dnsfunc)
        self.assertEqual(unsigned, {"signatures": [], "rsa": None, "ed25519": None})

    def test_zone_lines_are_joined_and_names_normalized(self):
        records = verify_dkim.read_zone('KS._domainkey.Shop.Example. 3600 IN TXT "v=DKIM1; " "p=AB\\"C"\n; comment\n')
        self.assertEqual(records, {"ks._domainkey.shop.example": b'v=DKIM1; p=AB"C'})
        self.assertEqual(verify_dkim.stub_dns(records)(b"ks._domainkey.shop.example."), b'v=DKIM1; p=AB"C')

    def test_no_messages_is_a_usage_error(self):
        with tempfile.TemporaryDirectory() as directory:
            completed = subprocess.run([sys.executable, str(SCRIPT), "--zone", str(self.zone(directory))],
                                       capture_output=True, text=True)
        self.assertEqual(completed.returncode, 2)
        self.assertIn("--eml-dir", completed.stderr)

    def zone_text(self, rsa_public=None):
        with tempfile.TemporaryDirectory() as directory:
            return self.zone(directory, rsa_public).read_text()


if __name__ == "__main__":
    unittest.main()
