#!/usr/bin/python3
"""A real SMTP server for Keepsake's integration tests: it captures what it accepts and answers
with replies scripted by the recipient address, so any test can provoke any relay behaviour
without configuring the server.

Runs under Debian's /usr/bin/python3 with Debian's python3-aiosmtpd (1.4.x); stdlib otherwise.

Usage:
    smtp_capture_server.py --host 127.0.0.1 --port 0 --spool DIR
        [--starttls-cert CERT --starttls-key KEY [--require-starttls]]
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
                  tls         connection_id, ok, version (, error)  (STARTTLS handshake)
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
    rcpt-CODE-xN,         fail only the first N times this exact address is seen (counted
    data-CODE-xN          for the server's lifetime), then behave as a plain address.
    drop-mid-data         after 354, read a few lines of the body, then reset the connection
                          (RST) without a reply.
    no-reply-after-data   read the whole message, then never reply; not stored.
    slow-rcpt-S           wait S seconds before answering RCPT with 250.
    slow-data-S           store the message when end-of-data arrives, then wait S seconds
                          before answering 250 (a client that gives up has still delivered).
    drop-at-rcpt          close the connection at RCPT without a reply.
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
"""
import argparse
import asyncio
import collections
import dataclasses
import functools
import itertools
import json
import logging
import os
import re
import signal
import socket
import ssl
import struct
import sys
import threading
import time
import warnings

from aiosmtpd.smtp import SMTP, AuthResult, TLSSetupException

DEFAULT_HOSTNAME = "capture.keepsake.test"
IDENT = "ESMTP Keepsake capture server"
BODY_LINES_READ_BEFORE_DROP = 3

# Reply lines per stage and code. "{address}" is replaced by the address concerned,
# "{hostname}" by the server's name. Codes not listed get a generic line (see scripted_reply).
RCPT_REPLIES = {
    421: "421 4.7.0 Too many connections, closing",
    450: "450 4.2.1 <{address}>: Recipient address rejected: Mailbox temporarily unavailable",
    451: "451 4.3.0 <{address}>: Temporary lookup failure",
    452: "452 4.2.2 <{address}>: Mailbox full",
    550: "550 5.1.1 <{address}>: Recipient address rejected: User unknown",
    551: "551 5.1.6 <{address}>: User not local",
    552: "552 5.2.2 <{address}>: Mailbox full",
    553: "553 5.1.3 <{address}>: Bad recipient address syntax",
    554: "554 5.7.1 <{address}>: Relay access denied",
}
DATA_REPLIES = {
    421: "421 4.3.2 Service shutting down, closing transmission channel",
    450: "450 4.7.1 Message temporarily deferred",
    451: "451 4.3.0 Error: queue file write error",
    452: "452 4.3.1 Insufficient system storage",
    550: "550 5.7.1 Message rejected by content policy",
    552: "552 5.3.4 Message size exceeds fixed maximum message size",
    554: "554 5.7.1 Message rejected as spam",
}
MAIL_REPLIES = {
    421: "421 4.7.0 Too many connections, closing",
    450: "450 4.7.1 <{address}>: Sender address rejected: Try again later",
    451: "451 4.3.0 <{address}>: Temporary lookup failure",
    452: "452 4.3.1 Insufficient system storage",
    550: "550 5.7.1 <{address}>: Sender address rejected: Access denied",
    553: "553 5.7.1 <{address}>: Sender address rejected: not owned by user",
    554: "554 5.7.1 <{address}>: Sender address rejected: Relay access denied",
}
GREETING_REPLIES = {
    421: "421 4.3.2 {hostname} Service not available, closing transmission channel",
    554: "554 5.3.2 {hostname} No SMTP service here",
}

SCRIPT_PATTERN = re.compile(
    r"""^(?:
        (?P<stage>rcpt|data)-(?P<code>[2-5]\d\d)(?:-x(?P<failures>\d+))?
      | slow-(?P<slow_stage>rcpt|data)-(?P<seconds>\d+(?:\.\d+)?)
      | (?P<action>drop-mid-data|no-reply-after-data|drop-at-rcpt)
    )(?:\+[^@]*)?$""",
    re.VERBOSE | re.IGNORECASE,
)
COMMAND_ADDRESS_PATTERN = re.compile(r"^(?:FROM|TO):\s*<([^>]*)>", re.IGNORECASE)


# ---------------------------------------------------------------------------------------------
# Scripts


@dataclasses.dataclass(frozen=True)
class Script:
    """What a scripted recipient asks the server to do.

    action: reject-rcpt, reject-data, slow-rcpt, slow-data, drop-at-rcpt, drop-mid-data or
    no-reply-after-data. code: the reply code of a reject. failures: N of "-xN" (None: always).
    seconds: the delay of slow-rcpt / slow-data.
    """

    action: str
    code: int = 0
    failures: int | None = None
    seconds: float = 0.0

    @property
    def acts_at_rcpt(self):
        return self.action in ("reject-rcpt", "slow-rcpt", "drop-at-rcpt")


@functools.lru_cache(maxsize=4096)
def script_for(address):
    """The Script the address's local part names, or None for a plain address."""
    local_part = address.rpartition("@")[0] if "@" in address else address
    match = SCRIPT_PATTERN.match(local_part)
    if match is None:
        return None
    if match["stage"]:
        failures = int(match["failures"]) if match["failures"] else None
        return Script(action=f"reject-{match['stage'].lower()}", code=int(match["code"]), failures=failures)
    if match["slow_stage"]:
        return Script(action=f"slow-{match['slow_stage'].lower()}", seconds=float(match["seconds"]))
    return Script(action=match["action"].lower())


def scripted_reply(table, code, stage, **fields):
    """The reply line for code at stage: the table's realistic line, or a generic one."""
    template = table.get(code)
    if template is None:
        status_class = code // 100
        if status_class in (2, 4, 5):
            template = f"{code} {status_class}.0.0 Scripted {stage} reply"
        else:
            template = f"{code} Scripted {stage} reply"
    for name, value in fields.items():
        template = template.replace("{" + name + "}", value)
    return template


def reply_option(value):
    """argparse type for --greeting-code / --mail-from-reject: a code ("550") or a whole line."""
    value = value.strip()
    if not re.fullmatch(r"[2-5]\d\d(?: .*)?", value):
        raise argparse.ArgumentTypeError(f"expected a reply code such as 550, or a reply line: {value!r}")
    return value


def reply_from_option(value, table, stage, **fields):
    """The reply line an option asks for: its table's line for a bare code, else the option itself."""
    if value is None:
        return None
    if re.fullmatch(r"\d{3}", value):
        return scripted_reply(table, int(value), stage, **fields)
    return value


def unstuff_dots(stuffed):
    """Removes the transparency dot from lines that start with one (RFC 5321 §4.5.2)."""
    if stuffed.startswith(b"."):
        stuffed = stuffed[1:]
    return stuffed.replace(b"\r\n.", b"\r\n")


# ---------------------------------------------------------------------------------------------
# Spool and event log


def write_atomically(path, data):
    """Writes data to a temporary sibling of path, then renames it into place (no fsync)."""
    directory, name = os.path.split(path)
    temporary = os.path.join(directory, f".{name}.tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(descriptor, view):]
    finally:
        os.close(descriptor)
    os.replace(temporary, path)


class Spool:
    """The directory of captured messages: NNNNNN.json (envelope) and NNNNNN.eml (raw bytes)."""

    def __init__(self, directory):
        os.makedirs(directory, exist_ok=True)
        self.directory = directory
        self.last_number = max(
            (int(name[:-4]) for name in os.listdir(directory) if re.fullmatch(r"\d+\.eml", name)),
            default=0,
        )

    def store(self, content, envelope_fields):
        """Stores one message and returns its file stem, e.g. "000001"."""
        self.last_number += 1
        stem = f"{self.last_number:06d}"
        envelope_json = json.dumps(envelope_fields, ensure_ascii=False, indent=1).encode("utf-8")
        write_atomically(os.path.join(self.directory, stem + ".json"), envelope_json)
        write_atomically(os.path.join(self.directory, stem + ".eml"), content)
        return stem


class EventLog:
    """events.jsonl: one JSON object a line, each flushed as it is written."""

    def __init__(self, path):
        self.file = open(path, "a", encoding="utf-8", buffering=1)  # line-buffered

    def record(self, event, connection_id, **fields):
        entry = {"event": event, "connection_id": connection_id, "time": round(time.time(), 6)}
        entry.update(fields)
        self.file.write(json.dumps(entry, ensure_ascii=False, separators=(",", ":")) + "\n")

    def close(self):
        self.file.close()


# ---------------------------------------------------------------------------------------------
# The handler: envelope decisions, scripts, storage (one instance for the whole server)


@dataclasses.dataclass(frozen=True)
class Settings:
    host: str
    port: int
    spool: str
    hostname: str
    starttls_cert: str | None
    starttls_key: str | None
    require_starttls: bool
    auth_user: str | None
    auth_password: str | None
    reply_delay_after_data: float
    greeting: str | None
    mail_from_reject: str | None
    stop_on_stdin_eof: bool

    @property
    def auth_configured(self):
        return self.auth_user is not None and self.auth_password is not None


class CaptureHandler:
    """aiosmtpd handler hooks shared by all connections, plus the server's lifetime state:
    connection ids, open connections, and how often each "-xN" address has been seen."""

    def __init__(self, settings, spool, events):
        self.settings = settings
        self.spool = spool
        self.events = events
        self.times_seen = collections.Counter()
        self.connection_ids = itertools.count(1)
        self.open_connections = set()

    # Connection lifecycle (called by CaptureSMTP)

    def connection_opened(self, session_protocol, peer):
        connection_id = next(self.connection_ids)
        self.open_connections.add(session_protocol)
        self.events.record("connect", connection_id, peer=peer)
        return connection_id

    def connection_closed(self, session_protocol):
        self.open_connections.discard(session_protocol)
        self.events.record("disconnect", session_protocol.connection_id, messages=session_protocol.messages_stored)

    def close_all_connections(self):
        for session_protocol in list(self.open_connections):
            session_protocol.hang_up(abruptly=True)

    def command_received(self, server, command, argument):
        """Logs every MAIL and RCPT command, whatever the answer will be."""
        if command in ("MAIL", "RCPT"):
            match = COMMAND_ADDRESS_PATTERN.match(argument or "")
            address = match[1] if match else None
            self.events.record(command.lower(), server.connection_id, address=address, argument=argument)

    # Authentication (aiosmtpd `authenticator=`)

    def authenticate(self, server, session, envelope, mechanism, auth_data):
        expected = (self.settings.auth_user.encode("utf-8"), self.settings.auth_password.encode("utf-8"))
        success = (auth_data.login, auth_data.password) == expected
        self.events.record(
            "auth", server.connection_id, mechanism=mechanism,
            login=auth_data.login.decode("utf-8", "replace"), ok=success,
        )
        if success:
            return AuthResult(success=True, auth_data=auth_data)
        return AuthResult(success=False, handled=False)  # aiosmtpd answers 535 5.7.8

    # SMTP hooks

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        session.host_name = hostname  # this hook form must record it itself
        if not self.settings.auth_configured:
            responses = [line for line in responses if not line.startswith("250-AUTH")]
        return responses

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        if self.settings.mail_from_reject:
            return self.settings.mail_from_reject.replace("{address}", address)
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 2.1.0 Ok"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        script = script_for(address)
        if script is not None and script.acts_at_rcpt and self.still_failing(address, script):
            refusal = await self.play_rcpt_script(server, address, script)
            if refusal is not None:
                return refusal
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.extend(rcpt_options)
        return "250 2.1.5 Ok"

    async def handle_DATA(self, server, session, envelope):
        address, script = self.data_script(envelope.rcpt_tos)
        size = len(envelope.original_content)
        if script is not None and script.action == "no-reply-after-data":
            self.events.record("data", server.connection_id, outcome="held", size=size, stored=None)
            await server.closed()  # never answer; the session ends when the connection does
            return None
        delay = script.seconds if script is not None and script.action == "slow-data" else self.settings.reply_delay_after_data
        if script is not None and script.action == "reject-data":
            self.events.record("data", server.connection_id, outcome="rejected", size=size, stored=None)
            reply = scripted_reply(DATA_REPLIES, script.code, "end-of-data", address=address)
        else:
            stem = self.spool.store(envelope.original_content, self.envelope_fields(server, session, envelope))
            server.messages_stored += 1
            self.events.record("data", server.connection_id, outcome="stored", size=size, stored=stem)
            reply = f"250 2.0.0 Ok: queued as {stem}"
        if delay > 0:
            await asyncio.sleep(delay)
        return reply

    # Scripts

    def still_failing(self, address, script):
        """False once a "-xN" address has failed N times; counts this attempt."""
        if script.failures is None:
            return True
        self.times_seen[address] += 1
        return self.times_seen[address] <= script.failures

    async def play_rcpt_script(self, server, address, script):
        """Carries out a RCPT-stage script; returns the refusal line, or None to accept."""
        if script.action == "reject-rcpt":
            return scripted_reply(RCPT_REPLIES, script.code, "recipient", address=address)
        if script.action == "slow-rcpt":
            await asyncio.sleep(script.seconds)
            return None
        # drop-at-rcpt: hang up; the reply aiosmtpd then tries to send is dropped by push().
        server.hang_up()
        return "421 4.4.2 Connection dropped by script"

    def data_script(self, recipients):
        """The first recipient with an end-of-data script that still applies, and its script."""
        for address in recipients:
            script = script_for(address)
            if script is None or script.acts_at_rcpt or script.action == "drop-mid-data":
                continue
            if self.still_failing(address, script):
                return address, script
        return None, None

    def wants_drop_mid_data(self, recipients):
        return any(getattr(script_for(address), "action", None) == "drop-mid-data" for address in recipients)

    def data_dropped(self, server, lines_read):
        self.events.record("data", server.connection_id, outcome="dropped", size=None, stored=None, lines_read=lines_read)

    def envelope_fields(self, server, session, envelope):
        login = getattr(session.auth_data, "login", None)  # a LoginPassword once authenticated
        return {
            "mail_from": envelope.mail_from,
            "rcpt_tos": list(envelope.rcpt_tos),
            "connection_id": server.connection_id,
            "peer": server.peer_text,
            "mail_options": list(envelope.mail_options),
            "rcpt_options": list(envelope.rcpt_options),
            "size": len(envelope.original_content),
            "tls": session.ssl is not None,
            "auth_login": login.decode("utf-8", "replace") if isinstance(login, bytes) else login,
            "received_at": round(time.time(), 6),
        }


# ---------------------------------------------------------------------------------------------
# The per-connection protocol


class CaptureSMTP(SMTP):
    """aiosmtpd's SMTP session with connection ids, a reply log, the greeting override, hang-ups
    and the drop-mid-data script (which must act before aiosmtpd has read the whole DATA)."""

    def __init__(self, handler, *, greeting_reply=None, **kwargs):
        super().__init__(handler, **kwargs)
        self.greeting_reply = greeting_reply
        self.connection_id = 0
        self.peer_text = ""
        self.messages_stored = 0
        self.current_command = "GREETING"
        self._closed_waiter = self.loop.create_future()
        self._smtp_methods = {name: self._tracked(name, method) for name, method in self._smtp_methods.items()}

    def _tracked(self, command, method):
        """Wraps an smtp_* method so replies and events know which command they belong to."""

        @functools.wraps(method)
        async def run(argument):
            self.current_command = command
            self.event_handler.command_received(self, command, argument)
            await method(argument)

        return run

    # Connection lifecycle

    def connection_made(self, transport):
        is_tls_upgrade = self.transport is not None and self._original_transport is not None
        super().connection_made(transport)
        if is_tls_upgrade:
            ssl_object = transport.get_extra_info("ssl_object")
            version = ssl_object.version() if ssl_object is not None else None
            self.event_handler.events.record("tls", self.connection_id, ok=True, version=version)
            return
        host, port = transport.get_extra_info("peername")[:2]
        self.peer_text = f"{host}:{port}"
        self.connection_id = self.event_handler.connection_opened(self, self.peer_text)

    def connection_lost(self, error):
        super().connection_lost(error)
        # asyncio keeps a reset as the exception of this future; mark it seen, or its garbage
        # collection logs "Future exception was never retrieved".
        closed = getattr(self, "_closed", None)
        if closed is not None and closed.done() and not closed.cancelled():
            closed.exception()
        if not self._closed_waiter.done():
            self._closed_waiter.set_result(None)
            self.event_handler.connection_closed(self)

    async def closed(self):
        """Returns once the connection is gone (or never, if the session is cancelled first)."""
        await asyncio.shield(self._closed_waiter)

    def hang_up(self, abruptly=False):
        """Ends the connection: closes it (FIN) or, abruptly, resets it (RST), and stops the session."""
        if self.transport is None:
            return
        if abruptly:
            raw_socket = (self._original_transport or self.transport).get_extra_info("socket")
            if raw_socket is not None:
                raw_socket.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.transport.abort()
        elif not self.transport.is_closing():
            self.transport.close()
        # Commands the client already sent must not be read: cancelling only takes effect at the
        # session's next real wait, and reading a non-empty buffer does not wait.
        self._reader._buffer.clear()
        if self._handler_coroutine is not None:
            self._handler_coroutine.cancel()

    async def handle_exception(self, error):
        """A failed STARTTLS handshake is an event, not a server error (aiosmtpd then closes)."""
        if isinstance(error, TLSSetupException):
            reason = str(error.__cause__ or error)
            self.event_handler.events.record("tls", self.connection_id, ok=False, version=None, error=reason)
            return "454 4.7.0 TLS handshake failed"
        return await super().handle_exception(error)

    # Replies

    async def push(self, status):
        """Sends one reply line, logging it first; drops replies to a connection being closed,
        and closes the connection after any 421."""
        if self.transport is None or self.transport.is_closing():
            return
        line = status if isinstance(status, str) else status.decode("utf-8", "replace")
        if line[3:4] != "-":  # the last line of a (multi-line) reply
            code = int(line[:3]) if line[:3].isdigit() else None
            self.event_handler.events.record("reply", self.connection_id, command=self.current_command, code=code, line=line)
        await super().push(status)
        if line.startswith("354") and self.current_command == "DATA":
            self.current_command = "END-OF-DATA"
        if line.startswith("421"):
            self.hang_up()

    async def _handle_client(self):
        if self.greeting_reply is None:
            await super()._handle_client()
            return
        await self.push(self.greeting_reply)
        self.hang_up()

    # DATA: the drop-mid-data script, and a faster reader than aiosmtpd's line-by-line loop

    async def smtp_DATA(self, arg):
        if not self._ready_for_data(arg):
            await super().smtp_DATA(arg)  # aiosmtpd's own refusal (503, 530, 501)
            return
        if self.event_handler.wants_drop_mid_data(self.envelope.rcpt_tos):
            await self._drop_mid_data()
            return
        await self.push("354 End data with <CR><LF>.<CR><LF>")
        stuffed = await self._read_until_end_of_data()
        refusal = self._data_refusal(stuffed)
        if refusal is not None:
            self._set_post_data_state()
            await self.push(refusal)
            return
        self.envelope.original_content = self.envelope.content = unstuff_dots(stuffed)
        status = await self._call_handler_hook("DATA")
        self._set_post_data_state()
        if status is not None:  # None: the no-reply script, on a connection that is gone
            await self.push(status)

    def _ready_for_data(self, arg):
        """What aiosmtpd checks before answering DATA with 354."""
        authenticated = self.session.authenticated or not self._auth_required
        return not arg and bool(self.session.host_name) and bool(self.envelope.rcpt_tos) and authenticated

    async def _read_until_end_of_data(self):
        """Reads the message up to the end-of-data marker, in whole buffers rather than lines.

        Returns the message as sent (still dot-stuffed) with the CRLF of its last line; whatever the
        client sent after the marker (a pipelined command) goes back to the reader.
        """
        received = bytearray()
        searched_up_to = 0
        while True:
            if received.startswith(b".\r\n"):  # an empty message
                end, after_marker = 0, 3
                break
            marker = received.find(b"\r\n.\r\n", searched_up_to)
            if marker >= 0:
                end, after_marker = marker + 2, marker + 5
                break
            searched_up_to = max(0, len(received) - 4)
            chunk = await self._reader.read(1 << 16)
            if not chunk:
                raise ConnectionResetError("connection closed during DATA")
            received += chunk
        if after_marker < len(received):
            self._reader._buffer[:0] = received[after_marker:]
        return bytes(received[:end])

    def _data_refusal(self, stuffed):
        """aiosmtpd's refusals of a message: a line over RFC 5321's limit, or too much data."""
        if stuffed and max(map(len, stuffed.split(b"\r\n"))) > self.line_length_limit - 2:
            return "500 Line too long (see RFC5321 4.5.3.1.6)"
        if self.data_size_limit and len(stuffed) > self.data_size_limit:
            return "552 Error: Too much mail data"
        return None

    async def _drop_mid_data(self):
        await self.push("354 End data with <CR><LF>.<CR><LF>")
        lines_read = 0
        try:
            while lines_read < BODY_LINES_READ_BEFORE_DROP:
                line = await self._reader.readuntil(b"\r\n")
                lines_read += 1
                if line == b".\r\n":
                    break
        except (asyncio.LimitOverrunError, asyncio.IncompleteReadError):
            pass
        self.event_handler.data_dropped(self, lines_read)
        self.hang_up(abruptly=True)


# ---------------------------------------------------------------------------------------------
# Process


def parse_settings(argv):
    parser = argparse.ArgumentParser(description="SMTP capture server with scripted replies (Keepsake tests).")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--spool", required=True, help="directory for NNNNNN.eml/.json and events.jsonl")
    parser.add_argument("--hostname", default=DEFAULT_HOSTNAME, help="name in the greeting and EHLO reply")
    parser.add_argument("--starttls-cert")
    parser.add_argument("--starttls-key")
    parser.add_argument("--require-starttls", action="store_true")
    parser.add_argument("--auth-user")
    parser.add_argument("--auth-password")
    parser.add_argument("--reply-delay-after-data", type=float, default=0.0, metavar="SECONDS")
    parser.add_argument("--greeting-code", type=reply_option, metavar="CODE", help="greet with CODE (e.g. 421) and close")
    parser.add_argument("--mail-from-reject", type=reply_option, metavar="CODE", help="answer every MAIL FROM with CODE")
    parser.add_argument("--stop-on-stdin-eof", action="store_true", help="also stop when stdin is closed")
    arguments = parser.parse_args(argv)
    if bool(arguments.starttls_cert) != bool(arguments.starttls_key):
        parser.error("--starttls-cert and --starttls-key go together")
    if arguments.require_starttls and not arguments.starttls_cert:
        parser.error("--require-starttls needs --starttls-cert and --starttls-key")
    if (arguments.auth_user is None) != (arguments.auth_password is None):
        parser.error("--auth-user and --auth-password go together")
    greeting = reply_from_option(arguments.greeting_code, GREETING_REPLIES, "greeting", hostname=arguments.hostname)
    if greeting is not None and greeting.startswith("2"):
        greeting = None  # a 2xx greeting is the normal one
    return Settings(
        host=arguments.host,
        port=arguments.port,
        spool=arguments.spool,
        hostname=arguments.hostname,
        starttls_cert=arguments.starttls_cert,
        starttls_key=arguments.starttls_key,
        require_starttls=arguments.require_starttls,
        auth_user=arguments.auth_user,
        auth_password=arguments.auth_password,
        reply_delay_after_data=arguments.reply_delay_after_data,
        greeting=greeting,
        # "{address}" stays in the line; handle_MAIL fills it per command.
        mail_from_reject=reply_from_option(arguments.mail_from_reject, MAIL_REPLIES, "sender", hostname=arguments.hostname),
        stop_on_stdin_eof=arguments.stop_on_stdin_eof,
    )


def make_tls_context(settings):
    if not settings.starttls_cert:
        return None
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(settings.starttls_cert, settings.starttls_key)
    return context


def watch_stdin(loop, stop):
    """Sets stop when stdin reaches end of file (the launcher is gone)."""

    def wait_for_end_of_file():
        # os.read, not sys.stdin: a daemon thread blocked inside a buffered reader's lock makes
        # interpreter shutdown abort.
        try:
            while os.read(sys.stdin.fileno(), 4096):
                pass
        except OSError:
            pass
        loop.call_soon_threadsafe(stop.set)

    threading.Thread(target=wait_for_end_of_file, name="stdin-watch", daemon=True).start()


async def serve(settings):
    loop = asyncio.get_running_loop()
    spool = Spool(settings.spool)  # creates the directory
    events = EventLog(os.path.join(settings.spool, "events.jsonl"))
    handler = CaptureHandler(settings, spool, events)
    tls_context = make_tls_context(settings)

    def new_session():
        return CaptureSMTP(
            handler,
            greeting_reply=settings.greeting,
            hostname=settings.hostname,
            ident=IDENT,
            enable_SMTPUTF8=True,
            tls_context=tls_context,
            require_starttls=settings.require_starttls,
            auth_required=settings.auth_configured,
            auth_require_tls=False,  # tests run on loopback
            authenticator=handler.authenticate if settings.auth_configured else None,
            loop=loop,
        )

    server = await loop.create_server(new_session, host=settings.host, port=settings.port)
    stop = asyncio.Event()
    stop_signals = {signal.SIGTERM, signal.SIGINT}
    for signal_number in stop_signals:
        loop.add_signal_handler(signal_number, stop.set)
    # A launcher thread may have had these blocked (Swift concurrency's worker threads do), and a
    # child inherits its parent's signal mask: without this, SIGTERM would stay pending forever.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, stop_signals)
    if settings.stop_on_stdin_eof:
        watch_stdin(loop, stop)
    print(f"READY {server.sockets[0].getsockname()[1]}", flush=True)
    try:
        await stop.wait()
    finally:
        server.close()
        handler.close_all_connections()
        await asyncio.sleep(0.05)  # let connection_lost callbacks log their disconnects
        events.close()


def main(argv=None):
    settings = parse_settings(argv)
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    # AUTH without TLS is deliberate here (loopback tests); keep stderr for real problems.
    warnings.filterwarnings("ignore", message="Requiring AUTH while not requiring TLS")
    expected_warnings = ("auth_require_tls == False", "login_data is deprecated")
    logging.getLogger("mail.log").addFilter(
        lambda record: not any(text in record.getMessage() for text in expected_warnings)
    )
    asyncio.run(serve(settings))
    return 0


if __name__ == "__main__":
    sys.exit(main())
