"""The per-connection SMTP session: aiosmtpd's, with connection ids, a reply log and faster DATA."""
import asyncio
import functools
import socket
import struct

from aiosmtpd.smtp import SMTP, TLSSetupException

from .replies import unstuff_dots

BODY_LINES_READ_BEFORE_DROP = 3


class CaptureSMTP(SMTP):
    """aiosmtpd's SMTP session with connection ids, a reply log, the greeting override, hang-ups,
    implicit TLS, and the drop-mid-data script (which must act before aiosmtpd has read the whole DATA).

    With implicit_tls_context the connection is counted when TCP is accepted and the TLS handshake
    comes first, logged as a "tls" event like a STARTTLS one; the SMTP session starts only after it.
    """

    def __init__(self, handler, *, greeting_reply=None, implicit_tls_context=None, **kwargs):
        super().__init__(handler, **kwargs)
        self.greeting_reply = greeting_reply
        self.implicit_tls_context = implicit_tls_context
        self._plain_transport = None  # the TCP transport while the implicit TLS handshake runs
        self._session_started = False
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
        if self.transport is not None and self._original_transport is not None:  # after STARTTLS
            super().connection_made(transport)
            self._record_tls_success(transport)
            return
        host, port = transport.get_extra_info("peername")[:2]
        self.peer_text = f"{host}:{port}"
        self.connection_id = self.event_handler.connection_opened(self, self.peer_text)
        if self.implicit_tls_context is None:
            self._start_session(transport)
            return
        # Nothing may reach the SMTP reader before the handshake: start_tls takes the bytes over.
        transport.pause_reading()
        self._plain_transport = transport
        self.loop.create_task(self._start_implicit_tls(transport))

    async def _start_implicit_tls(self, transport):
        try:
            tls_transport = await self.loop.start_tls(transport, self, self.implicit_tls_context, server_side=True)
            reason = "connection closed during the TLS handshake"  # start_tls then returns None
        except OSError as error:  # ssl.SSLError, resets and timeouts alike; start_tls has closed
            tls_transport, reason = None, str(error)
        self._plain_transport = None
        if tls_transport is None:
            self.event_handler.events.record("tls", self.connection_id, ok=False, version=None, error=reason)
            self._mark_closed()  # asyncio may not call connection_lost for a connection it never handed over
            return
        self._start_session(tls_transport)
        self.session.ssl = {name: tls_transport.get_extra_info(name) for name in ("ssl_object", "cipher", "peercert")}
        self._record_tls_success(tls_transport)

    def _start_session(self, transport):
        """aiosmtpd's connection_made: the session, its timeout and the greeting."""
        self._session_started = True
        super().connection_made(transport)

    def _record_tls_success(self, transport):
        ssl_object = transport.get_extra_info("ssl_object")
        version = ssl_object.version() if ssl_object is not None else None
        self.event_handler.events.record("tls", self.connection_id, ok=True, version=version)

    def connection_lost(self, error):
        if self._session_started:
            super().connection_lost(error)
        # asyncio keeps a reset as the exception of this future; mark it seen, or its garbage
        # collection logs "Future exception was never retrieved".
        closed = getattr(self, "_closed", None)
        if closed is not None and closed.done() and not closed.cancelled():
            closed.exception()
        self._mark_closed()

    def _mark_closed(self):
        """Resolves closed() and logs the disconnect, once."""
        if not self._closed_waiter.done():
            self._closed_waiter.set_result(None)
            self.event_handler.connection_closed(self)

    async def closed(self):
        """Returns once the connection is gone (or never, if the session is cancelled first)."""
        await asyncio.shield(self._closed_waiter)

    def hang_up(self, abruptly=False):
        """Ends the connection: closes it (FIN) or, abruptly, resets it (RST), and stops the session."""
        if self._plain_transport is not None:  # still in the implicit TLS handshake
            self._plain_transport.abort()
            return
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

