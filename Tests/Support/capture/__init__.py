"""The modules of smtp_capture_server.py, the SMTP capture server of Keepsake's tests.

replies   reply lines per stage and code, recipient scripts, dot-unstuffing
spool     the spool directory (NNNNNN.eml / .json) and events.jsonl
settings  the command line and the TLS context
handler   aiosmtpd handler hooks: envelope decisions, scripts, storage
session   the per-connection SMTP session (connection ids, reply log, DATA reading)
process   serving until SIGTERM, SIGINT or the end of stdin
"""
