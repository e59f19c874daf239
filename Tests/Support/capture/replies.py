"""Reply lines per stage and code, the recipient scripts that choose them, and dot-unstuffing."""
import argparse
import dataclasses
import functools
import re

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
    554: "554 5.1.1 <{address}>: Recipient address rejected: Mailbox unavailable",
}
# The relay refusing to relay for the client at all: about the sender's setup, not the recipient.
RELAY_DENIED_REPLY = "554 5.7.1 <{address}>: Relay access denied"
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
        (?P<stage>rcpt|data)-(?P<code>[2-5]\d\d)(?:-(?P<status>[2-5]\.\d{1,3}\.\d{1,3}|none))?(?:-x(?P<failures>\d+))?
      | slow-(?P<slow_stage>rcpt|data)-(?P<seconds>\d+(?:\.\d+)?)
      | (?P<action>drop-mid-data|no-reply-after-data|drop-at-rcpt|relay-denied-at-rcpt)
    )(?:\+[^@]*)?$""",
    re.VERBOSE | re.IGNORECASE,
)
# The enhanced status after a reply's code, with the space after it: "550 5.1.1 <…>" → "5.1.1 ".
ENHANCED_STATUS_PATTERN = re.compile(r"(?<=^\d\d\d )[2-5]\.\d{1,3}\.\d{1,3} ")
COMMAND_ADDRESS_PATTERN = re.compile(r"^(?:FROM|TO):\s*<([^>]*)>", re.IGNORECASE)

@dataclasses.dataclass(frozen=True)
class Script:
    """What a scripted recipient asks the server to do.

    action: reject-rcpt, reject-data, slow-rcpt, slow-data, drop-at-rcpt, relay-denied-at-rcpt, drop-mid-data or
    no-reply-after-data. code: the reply code of a reject. status: the enhanced status a reject
    answers with instead of its table's ("none": no enhanced status; None: the table's).
    failures: N of "-xN" (None: always). seconds: the delay of slow-rcpt / slow-data.
    """

    action: str
    code: int = 0
    status: str | None = None
    failures: int | None = None
    seconds: float = 0.0

    @property
    def acts_at_rcpt(self):
        return self.action in ("reject-rcpt", "slow-rcpt", "drop-at-rcpt", "relay-denied-at-rcpt")


@functools.lru_cache(maxsize=4096)
def script_for(address):
    """The Script the address's local part names, or None for a plain address."""
    local_part = address.rpartition("@")[0] if "@" in address else address
    match = SCRIPT_PATTERN.match(local_part)
    if match is None:
        return None
    if match["stage"]:
        failures = int(match["failures"]) if match["failures"] else None
        status = match["status"].lower() if match["status"] else None
        return Script(action=f"reject-{match['stage'].lower()}", code=int(match["code"]), status=status, failures=failures)
    if match["slow_stage"]:
        return Script(action=f"slow-{match['slow_stage'].lower()}", seconds=float(match["seconds"]))
    return Script(action=match["action"].lower())


def scripted_reply(table, code, stage, status=None, **fields):
    """The reply line for code at stage: the table's realistic line, or a generic one. status
    replaces the line's enhanced status ("none" removes it)."""
    template = table.get(code)
    if template is None:
        status_class = code // 100
        if status_class in (2, 4, 5):
            template = f"{code} {status_class}.0.0 Scripted {stage} reply"
        else:
            template = f"{code} Scripted {stage} reply"
    if status is not None:
        template = ENHANCED_STATUS_PATTERN.sub("" if status == "none" else f"{status} ", template, count=1)
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

