#!/usr/bin/env python3
"""Writes, on standard output, the mail a receiving system would send back about a captured
message: a Postfix-style DSN (`bounce`, RFC 3464, 5.1.1 User unknown) or a feedback-loop report
(`complaint`, RFC 5965, Feedback-Type: abuse), addressed to the message's envelope sender
(Return-Path, else From) and quoting its header. For `make demo`, which pipes them into
`keepsake inbound` as an MTA would."""
import email
import email.utils
import email.policy
import sys


def main() -> int:
    if len(sys.argv) != 3 or sys.argv[1] not in ("bounce", "complaint"):
        print("usage: returned_mail.py bounce|complaint MESSAGE.eml", file=sys.stderr)
        return 64
    kind, path = sys.argv[1], sys.argv[2]
    with open(path, "rb") as handle:
        message = email.message_from_binary_file(handle, policy=email.policy.compat32)
    recipient = email.utils.parseaddr(message["To"])[1]
    sender = email.utils.parseaddr(message["Return-Path"] or message["From"])[1]
    header = "".join(f"{name}: {value}\n" for name, value in message.items()
                     if name.lower() in ("from", "to", "subject", "date", "message-id"))
    if kind == "bounce":
        print(f"""From: MAILER-DAEMON@mx.example.org (Mail Delivery System)
To: {sender}
Subject: Undelivered Mail Returned to Sender
Auto-Submitted: auto-replied
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="dsn"

--dsn
Content-Type: text/plain; charset=us-ascii

Your message could not be delivered to one or more recipients.

--dsn
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.org

Final-Recipient: rfc822; {recipient}
Action: failed
Status: 5.1.1
Diagnostic-Code: smtp; 550 5.1.1 <{recipient}>: Recipient address rejected: User unknown

--dsn
Content-Type: text/rfc822-headers

{header}
--dsn--""")
    else:
        print(f"""From: Feedback Loop <fbl@mail.example.org>
To: {sender}
Subject: Complaint about a message
Date: Sun, 22 Mar 2026 09:00:00 +0000
MIME-Version: 1.0
Content-Type: multipart/report; report-type=feedback-report; boundary="arf"

--arf
Content-Type: text/plain; charset=us-ascii

A recipient reported this message as spam.

--arf
Content-Type: message/feedback-report

Feedback-Type: abuse
User-Agent: ExampleFBL/1.0
Version: 1
Original-Rcpt-To: <{recipient}>
Arrival-Date: Sat, 21 Mar 2026 12:00:00 +0000

--arf
Content-Type: text/rfc822-headers

{header}
--arf--""")
    return 0


if __name__ == "__main__":
    sys.exit(main())
