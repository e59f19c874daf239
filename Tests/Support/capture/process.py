"""The server process: listens, prints READY <port>, serves until SIGTERM, SIGINT or stdin's end."""
import asyncio
import logging
import os
import signal
import sys
import threading
import warnings

from .handler import CaptureHandler
from .session import CaptureSMTP
from .settings import make_tls_context, parse_settings
from .spool import EventLog, Spool

IDENT = "ESMTP Keepsake capture server"


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
            implicit_tls_context=tls_context if settings.implicit_tls else None,
            hostname=settings.hostname,
            ident=IDENT,
            enable_SMTPUTF8=True,
            tls_context=None if settings.implicit_tls else tls_context,  # offers STARTTLS
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

