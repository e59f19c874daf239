"""aiosmtpd handler hooks shared by all connections: envelope decisions, scripts, storage."""
import asyncio
import collections
import itertools
import time

from aiosmtpd.smtp import AuthResult

from .replies import COMMAND_ADDRESS_PATTERN, DATA_REPLIES, RCPT_REPLIES, RELAY_DENIED_REPLY, script_for, scripted_reply

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
            reply = scripted_reply(DATA_REPLIES, script.code, "end-of-data", status=script.status, address=address)
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
            return scripted_reply(RCPT_REPLIES, script.code, "recipient", status=script.status, address=address)
        if script.action == "relay-denied-at-rcpt":
            return RELAY_DENIED_REPLY.replace("{address}", address)
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

