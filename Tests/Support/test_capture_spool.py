"""Self-test of smtp_capture_server.py: what it stores and logs, and how it reads DATA.

Run: /usr/bin/python3 -m unittest discover -s Tests/Support -p 'test_*.py'
"""
import os
import socket
import time
import unittest

from capture_harness import MESSAGE, SENDER, CaptureServerTestCase


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


if __name__ == "__main__":
    unittest.main()
