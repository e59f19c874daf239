#!/usr/bin/python3
"""The independent oracle for Keepsake's messages: Python's own `email` package (policy.default)
reads the bytes and reports everything it finds wrong, plus the decoded headers and bodies, so
tests can compare what a recipient's software sees with what was meant.

Runs under Debian's /usr/bin/python3; standard library only.

Usage:
    check_message.py FILE.eml [EXPECT.json]   one JSON object on stdout
    check_message.py --eml-dir DIR            one JSON object per line for each DIR/*.eml (sorted),
                                              each with "file": the file name

The JSON object:
    defects        parser defects of the message, of every header, of every part, and those found
                   when decoding each part's body (strict charset decoding included)
    headers        {name: decoded value}, a list when the header is repeated
    header_counts  {name: count}
    subject        the decoded Subject, or null
    from, to       {"display_name", "addr_spec"} of the first address, or null
    reply_to       the same, or null
    text, html     the decoded text/plain and text/html bodies with CRLF turned into LF, or null
    content_type   the top-level content type, such as multipart/alternative
    line_problems  lines over 998 octets, bare CR or LF, non-ASCII bytes in headers (or in bodies
                   said to be 7bit, quoted-printable or base64), header lines holding an encoded-word
                   over 76 octets, encoded body lines over 76 characters, malformed quoted-printable
    mismatches     only with EXPECT.json (keys subject, from_name, to_name, text, html, any subset):
                   each expected value that differs, compared exactly
Exit status 0 unless the message cannot be parsed at all.
"""
import email
import email.policy
import json
import pathlib
import re
import sys

ENCODED_WORD = re.compile(rb"=\?[^?\s]+\?[bBqQ]\?[^?\s]*\?=")
QP_ESCAPE_OR_SOFT_BREAK = re.compile(rb"=(?:[0-9A-F]{2}|$)")
EXPECTATION_KEYS = ("subject", "from_name", "to_name", "text", "html")


def describe_defect(where, defect):
    return f"{where}: {type(defect).__name__}: {defect}"


def header_defects(part, where):
    found = [describe_defect(where, defect) for defect in part.defects]
    for name, value in part.items():
        found.extend(describe_defect(f"{where} header {name}", defect) for defect in getattr(value, "defects", ()))
    return found


def decoded_body(part, where, defects):
    """The part's text, decoded strictly; body defects are added to `defects`."""
    before = len(part.defects)
    try:
        content = part.get_content()
    except Exception as error:  # the oracle reports, it does not judge which errors are fatal
        defects.append(f"{where}: get_content failed: {type(error).__name__}: {error}")
        return None
    defects.extend(describe_defect(f"{where} body", defect) for defect in part.defects[before:])
    payload = part.get_payload(decode=True) or b""
    charset = part.get_content_charset() or "us-ascii"
    try:
        payload.decode(charset)
    except (UnicodeDecodeError, LookupError) as error:
        defects.append(f"{where}: body is not valid {charset}: {error}")
    if isinstance(content, bytes):
        return None
    return content.replace("\r\n", "\n")


def split_lines(data):
    """The message's lines without their CRLF, and the problems with line ends themselves."""
    problems = []
    lines = data.split(b"\r\n")
    if lines and lines[-1] == b"":
        lines.pop()
    for number, line in enumerate(lines, 1):
        if b"\r" in line:
            problems.append(f"line {number}: bare CR")
        if b"\n" in line:
            problems.append(f"line {number}: bare LF")
        if len(line) > 998:
            problems.append(f"line {number}: {len(line)} octets (over 998)")
    return lines, problems


def line_problems(data):
    lines, problems = split_lines(data)
    boundaries = set(re.findall(rb'(?i)boundary="?([^";\r\n]+)"?', data))
    delimiters = {b"--" + boundary for boundary in boundaries}
    closers = {b"--" + boundary + b"--" for boundary in boundaries}
    in_header = True
    body_encoding = None  # transfer encoding of the body being read
    part_encoding = None  # transfer encoding declared in the header being read
    for number, line in enumerate(lines, 1):
        if line in delimiters or line in closers:
            in_header = line in delimiters
            part_encoding = body_encoding = None
            continue
        if in_header:
            if line == b"":
                in_header = False
                body_encoding = part_encoding
                continue
            if any(byte > 127 for byte in line):
                problems.append(f"line {number}: non-ASCII byte in a header")
            if ENCODED_WORD.search(line) and len(line) > 76:
                problems.append(f"line {number}: {len(line)} octets with an encoded-word (over 76)")
            match = re.match(rb"(?i)content-transfer-encoding:\s*(\S+)", line)
            if match:
                part_encoding = match.group(1).decode("ascii", "replace").lower()
            continue
        problems.extend(body_line_problems(number, line, body_encoding))
    return problems


def body_line_problems(number, line, encoding):
    problems = []
    if encoding in (None, "7bit", "quoted-printable", "base64") and any(byte > 127 for byte in line):
        problems.append(f"line {number}: non-ASCII byte in a {encoding or '7bit'} body")
    if encoding in ("quoted-printable", "base64") and len(line) > 76:
        problems.append(f"line {number}: {len(line)} characters in a {encoding} body (over 76)")
    if encoding == "quoted-printable":
        for position in [match.start() for match in re.finditer(rb"=", line)]:
            if not QP_ESCAPE_OR_SOFT_BREAK.match(line, position):
                problems.append(f"line {number}: malformed quoted-printable escape at column {position + 1}")
        if line[-1:] in (b" ", b"\t"):
            problems.append(f"line {number}: trailing white space in a quoted-printable body")
    return problems


def mailbox(message, name):
    header = message[name]
    if header is None:
        return None
    addresses = getattr(header, "addresses", ())
    if not addresses:
        return {"display_name": None, "addr_spec": None}
    return {"display_name": addresses[0].display_name, "addr_spec": addresses[0].addr_spec}


def check(data, expectation=None):
    message = email.message_from_bytes(data, policy=email.policy.default)
    defects = header_defects(message, "message")
    headers, counts = {}, {}
    for name, value in message.items():
        counts[name] = counts.get(name, 0) + 1
        text = str(value)
        if name in headers:
            previous = headers[name]
            headers[name] = (previous if isinstance(previous, list) else [previous]) + [text]
        else:
            headers[name] = text
    bodies = {"text": None, "html": None}
    for index, part in enumerate(message.walk()):
        where = "message" if index == 0 else f"part {index} ({part.get_content_type()})"
        if index > 0:
            defects.extend(header_defects(part, where))
        if part.is_multipart():
            continue
        content = decoded_body(part, where, defects)
        subtype = part.get_content_subtype()
        if part.get_content_maintype() == "text" and subtype in ("plain", "html"):
            key = "text" if subtype == "plain" else "html"
            if bodies[key] is None:
                bodies[key] = content
            else:
                defects.append(f"{where}: a second text/{subtype} part")
    subject = message["subject"]
    result = {
        "defects": defects,
        "headers": headers,
        "header_counts": counts,
        "subject": None if subject is None else str(subject),
        "from": mailbox(message, "from"),
        "to": mailbox(message, "to"),
        "reply_to": mailbox(message, "reply-to"),
        "text": bodies["text"],
        "html": bodies["html"],
        "content_type": message.get_content_type(),
        "line_problems": line_problems(data),
    }
    if expectation is not None:
        result["mismatches"] = mismatches(result, expectation)
    return result


def mismatches(result, expectation):
    unknown = sorted(set(expectation) - set(EXPECTATION_KEYS))
    found = [f"unknown expectation key {key!r}" for key in unknown]
    actual = {
        "subject": result["subject"],
        "from_name": (result["from"] or {}).get("display_name"),
        "to_name": (result["to"] or {}).get("display_name"),
        "text": result["text"],
        "html": result["html"],
    }
    for key in EXPECTATION_KEYS:
        if key in expectation and expectation[key] != actual[key]:
            found.append(f"{key}: expected {expectation[key]!r}, got {actual[key]!r}")
    return found


def main(arguments):
    if len(arguments) == 2 and arguments[0] == "--eml-dir":
        for path in sorted(pathlib.Path(arguments[1]).glob("*.eml")):
            result = check(path.read_bytes())
            print(json.dumps({"file": path.name, **result}, ensure_ascii=False))
        return 0
    if len(arguments) not in (1, 2) or arguments[0].startswith("--"):
        print(__doc__, file=sys.stderr)
        return 2
    expectation = None
    if len(arguments) == 2:
        expectation = json.loads(pathlib.Path(arguments[1]).read_text(encoding="utf-8"))
    print(json.dumps(check(pathlib.Path(arguments[0]).read_bytes(), expectation), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
