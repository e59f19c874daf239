#!/usr/bin/python3
"""A real SMTP server for Keepsake's integration tests: it captures what it accepts and answers
with replies scripted by the recipient address, so any test can provoke any relay behaviour
without configuring the server.

Runs under Debian's /usr/bin/python3 with Debian's python3-aiosmtpd (1.4.x); stdlib otherwise.

Usage:
    smtp_capture_server.py --host 127.0.0.1 --port 0 --spool DIR
        [--starttls-cert CERT --starttls-key KEY [--require-starttls | --implicit-tls]]
        [--auth-user USER --auth-password PASSWORD]
        [--reply-delay-after-data SECONDS] [--hostname NAME]
        [--greeting-code CODE] [--mail-from-reject CODE]
        [--stop-on-stdin-eof]

Once listening it prints exactly one line, `READY <port>`, to stdout. SIGTERM or SIGINT stops it
cleanly (exit status 0); with --stop-on-stdin-eof it also stops when its stdin reaches end of
file, so a launcher that dies cannot leave it running.

What it writes into the spool directory:
    NNNNNN.eml    the message exactly as received, after dot-unstuffing
    NNNNNN.json   its envelope: mail_from, rcpt_tos, connection_id, peer, mail_options,
                  rcpt_options, size, tls, auth_login, received_at
                  (both written to a temporary name and renamed; the .json appears first)
    events.jsonl  one JSON object a line, written before the reply it explains goes out:
                  connect     connection_id, peer
                  tls         connection_id, ok, version (, error)  (TLS handshake: after
                              STARTTLS, or right after connect with --implicit-tls)
                  auth        connection_id, mechanism, login, ok
                  mail / rcpt connection_id, address, argument  (every MAIL / RCPT command)
                  data        connection_id, outcome (stored | rejected | held | dropped),
                              size, stored (file stem or null)
                  reply       connection_id, command, code, line (last line of each reply;
                              command is GREETING, EHLO, MAIL, RCPT, DATA, END-OF-DATA, …)
                  disconnect  connection_id, messages (how many were stored on it)
                  Every event also has "time" (Unix seconds).

Scripted replies, chosen by the recipient's local part (any domain, case-insensitive; a
"+tag" suffix is ignored, so rcpt-550+run7@x.example scripts like rcpt-550@x.example):
    rcpt-CODE             answer CODE at RCPT, e.g. rcpt-550 → "550 5.1.1 <…>: Recipient
                          address rejected: User unknown"; see RCPT_REPLIES.
    data-CODE             accept RCPT, answer CODE after the end-of-data marker; not stored.
    rcpt-CODE-STATUS,     the same with the enhanced status STATUS instead of the table's, e.g.
    data-CODE-STATUS      rcpt-550-5.7.1 → "550 5.7.1 <…>: Recipient address rejected: User
                          unknown"; STATUS "none" sends the line without an enhanced status
                          (rcpt-550-none → "550 <…>: Recipient address rejected: User unknown").
    rcpt-CODE[-STATUS]-xN, fail only the first N times this exact address is seen (counted
    data-CODE-xN          for the server's lifetime), then behave as a plain address.
    drop-mid-data         after 354, read a few lines of the body, then reset the connection
                          (RST) without a reply.
    no-reply-after-data   read the whole message, then never reply; not stored.
    slow-rcpt-S           wait S seconds before answering RCPT with 250.
    slow-data-S           store the message when end-of-data arrives, then wait S seconds
                          before answering 250 (a client that gives up has still delivered).
    drop-at-rcpt          close the connection at RCPT without a reply.
    relay-denied-at-rcpt  answer RCPT with "554 5.7.1 <…>: Relay access denied" (the relay's
                          policy refuses the client: a setup problem, not the recipient's).
    anything else         250 and stored.
Any reply with code 421 is followed by closing the connection (RFC 5321 §3.8).

Server-wide behaviour:
    --greeting-code CODE           greet with CODE instead of 220 and close (e.g. 421).
    --mail-from-reject CODE        answer every MAIL FROM with CODE (e.g. 550 → "550 5.7.1 …").
                                   Both also take a whole reply line, e.g. "451 4.7.1 Later".
    --reply-delay-after-data SEC   wait SEC before every end-of-data reply (slow-data-S
                                   overrides it for its message).
    --auth-user/--auth-password    offer AUTH PLAIN and LOGIN (also without TLS) and require it
                                   before MAIL: 235 when right, 535 5.7.8 when wrong,
                                   530 5.7.0 for MAIL without it.
    --starttls-cert/--starttls-key offer STARTTLS; --require-starttls refuses other commands
                                   with 530 until it is done.
    --implicit-tls                 with the same certificate options: TLS from the first byte
                                   (as smtps:// on port 465), no STARTTLS; the "connect" event
                                   is logged at TCP accept, the greeting after the handshake.
"""
import sys

from capture.process import main  # the modules beside this file (its directory is first on sys.path)

if __name__ == "__main__":
    sys.exit(main())
