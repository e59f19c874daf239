"""The server's command line, its settings, and the TLS context they ask for."""
import argparse
import dataclasses
import ssl

from .replies import GREETING_REPLIES, MAIL_REPLIES, reply_from_option, reply_option

DEFAULT_HOSTNAME = "capture.keepsake.test"


@dataclasses.dataclass(frozen=True)
class Settings:
    host: str
    port: int
    spool: str
    hostname: str
    starttls_cert: str | None
    starttls_key: str | None
    require_starttls: bool
    implicit_tls: bool
    auth_user: str | None
    auth_password: str | None
    reply_delay_after_data: float
    greeting: str | None
    mail_from_reject: str | None
    stop_on_stdin_eof: bool

    @property
    def auth_configured(self):
        return self.auth_user is not None and self.auth_password is not None

def parse_settings(argv):
    parser = argparse.ArgumentParser(description="SMTP capture server with scripted replies (Keepsake tests).")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--spool", required=True, help="directory for NNNNNN.eml/.json and events.jsonl")
    parser.add_argument("--hostname", default=DEFAULT_HOSTNAME, help="name in the greeting and EHLO reply")
    parser.add_argument("--starttls-cert")
    parser.add_argument("--starttls-key")
    parser.add_argument("--require-starttls", action="store_true")
    parser.add_argument(
        "--implicit-tls", action="store_true",
        help="TLS from the first byte (as smtps:// on port 465) with --starttls-cert/--starttls-key, instead of STARTTLS",
    )
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
    if arguments.implicit_tls and not arguments.starttls_cert:
        parser.error("--implicit-tls needs --starttls-cert and --starttls-key")
    if arguments.implicit_tls and arguments.require_starttls:
        parser.error("--implicit-tls and --require-starttls exclude each other (implicit TLS offers no STARTTLS)")
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
        implicit_tls=arguments.implicit_tls,
        auth_user=arguments.auth_user,
        auth_password=arguments.auth_password,
        reply_delay_after_data=arguments.reply_delay_after_data,
        greeting=greeting,
        # "{address}" stays in the line; handle_MAIL fills it per command.
        mail_from_reject=reply_from_option(arguments.mail_from_reject, MAIL_REPLIES, "sender", hostname=arguments.hostname),
        stop_on_stdin_eof=arguments.stop_on_stdin_eof,
    )


def make_tls_context(settings):
    """The server side of TLS with the test certificate (for STARTTLS or implicit TLS), or None."""
    if not settings.starttls_cert:
        return None
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(settings.starttls_cert, settings.starttls_key)
    return context

