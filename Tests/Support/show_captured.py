#!/usr/bin/python3
"""Print a readable summary of the messages a capture server stored, as Python's email package
reads them (an independent parser): envelope, decoded headers, parts, defects, and the start of
the text body. Used by `make demo`.

Usage: show_captured.py [--first N] SPOOL_DIR
  --first N   print only the first N messages in full; every message is still parsed and counted
"""
import argparse
import email
import email.policy
import json
import pathlib
import sys


def header_defects(message):
    found = list(message.defects)
    for name, value in message.items():
        found.extend(getattr(value, "defects", ()))
    return found


def summarize(eml_path, show=True):
    message = email.message_from_bytes(eml_path.read_bytes(), policy=email.policy.default)
    if not show:
        defects = header_defects(message)
        for part in message.walk():
            if not part.is_multipart():
                part.get_content()
                defects.extend(part.defects)
        return len(defects)
    envelope_path = eml_path.with_suffix(".json")
    envelope = json.loads(envelope_path.read_text()) if envelope_path.exists() else {}
    defects = header_defects(message)
    print(f"--- {eml_path.name}")
    if envelope:
        print(f"  envelope:   MAIL FROM <{envelope.get('mail_from')}>  RCPT TO {', '.join('<' + r + '>' for r in envelope.get('rcpt_tos', []))}")
    for name in ("From", "To", "Reply-To", "Subject", "Date", "Message-ID", "List-Unsubscribe", "List-Unsubscribe-Post"):
        if message[name] is not None:
            print(f"  {name + ':':<23} {message[name]}")
    for part in message.walk():
        if part.is_multipart():
            print(f"  {part.get_content_type()}")
            continue
        content = part.get_content()
        defects.extend(part.defects)
        first_line = next((line for line in content.splitlines() if line.strip()), "")
        print(f"    {part.get_content_type()} ({part['Content-Transfer-Encoding']}, {len(content)} characters): {first_line[:70]}")
    print(f"  defects: {len(defects)}" + (f" {defects}" if defects else ""))
    return len(defects)


def main():
    parser = argparse.ArgumentParser(description="Summarize the messages a capture server stored.")
    parser.add_argument("--first", type=int, default=None, help="print only the first N messages in full")
    parser.add_argument("spool", type=pathlib.Path)
    arguments = parser.parse_args()
    messages = sorted(arguments.spool.glob("*.eml"))
    if not messages:
        print(f"no messages in {arguments.spool}")
        return 1
    total_defects = sum(
        summarize(path, show=arguments.first is None or index < arguments.first) for index, path in enumerate(messages))
    print(f"{len(messages)} message(s), {total_defects} defect(s)")
    return 1 if total_defects else 0


if __name__ == "__main__":
    sys.exit(main())
