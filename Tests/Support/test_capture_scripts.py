"""Self-test of smtp_capture_server.py: every recipient script, at RCPT and after DATA.

Run: /usr/bin/python3 -m unittest discover -s Tests/Support -p 'test_*.py'
"""
import smtplib
import time
import unittest

from capture_harness import MESSAGE, SENDER, CaptureServerTestCase


class RecipientScriptTests(CaptureServerTestCase):
    EXPECTED = {
        421: "4.7.0", 450: "4.2.1", 451: "4.3.0", 452: "4.2.2",
        550: "5.1.1", 551: "5.1.6", 552: "5.2.2", 553: "5.1.3", 554: "5.1.1", 571: "5.0.0",
    }

    def test_relay_denied_at_rcpt_is_a_policy_refusal(self):
        server = self.start()
        with server.client() as client:
            client.ehlo()
            self.assertReply(client.mail(SENDER), 250)
            self.assertReply(client.rcpt("relay-denied-at-rcpt@example.com"), 554, "5.7.1")
        self.assertEqual(server.stored_messages(), [])

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

    def test_status_replaces_the_enhanced_status_and_none_removes_it(self):
        server = self.start()
        with server.client() as client:
            client.ehlo()
            client.mail(SENDER)
            code, text = client.rcpt("rcpt-550-5.7.1+sara@example.com")
            self.assertEqual((code, text.decode()), (550, "5.7.1 <rcpt-550-5.7.1+sara@example.com>: Recipient address rejected: User unknown"))
            code, text = client.rcpt("rcpt-550-none@example.com")
            self.assertEqual((code, text.decode()), (550, "<rcpt-550-none@example.com>: Recipient address rejected: User unknown"))
            self.assertReply(client.rcpt("rcpt-553-5.1.10-x1@example.com"), 553, "5.1.10")
            self.assertReply(client.rcpt("rcpt-553-5.1.10-x1@example.com"), 250)
            self.assertReply(client.rcpt("data-554-5.2.1@example.com"), 250)
            self.assertReply(client.data(MESSAGE), 554, "5.2.1")
        self.assertEqual(server.stored_messages(), [])

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


if __name__ == "__main__":
    unittest.main()
