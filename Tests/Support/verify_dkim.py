#!/usr/bin/python3
"""The independent DKIM verifier for Keepsake's messages: Debian's dkimpy (python3-dkim) checks
every DKIM-Signature of each message against TXT records given on the command line, through a
stub DNS function, so no network is needed.

Usage:
    verify_dkim.py --zone ZONEFILE [--zone ZONEFILE ...] FILE.eml [FILE.eml ...]
    verify_dkim.py --zone ZONEFILE --eml-dir DIR          every DIR/*.eml, sorted by name

A ZONEFILE holds zone-file lines as `keepsake dkim keygen` prints them:
    ks2026._domainkey.shop.example. IN TXT "v=DKIM1; k=rsa; p=MIIB..." "..."
(the quoted strings are joined; other lines are ignored).

One JSON object per message on stdout:
    file        the file name
    signatures  one {"index", "algorithm", "domain", "selector", "valid", "error"} per DKIM-Signature,
                top to bottom; error is null when valid
    rsa         true when an rsa-sha256 signature verifies, false when one is present and none
                verifies, null when there is none
    ed25519     the same for ed25519-sha256
Exit status 0 unless the arguments are wrong.
"""
import argparse
import json
import pathlib
import re
import sys

import dkim

ZONE_LINE = re.compile(r'^\s*(\S+)\s+(?:\d+\s+)?(?:IN\s+)?TXT\s+(.*)$', re.IGNORECASE)
QUOTED = re.compile(r'"((?:[^"\\]|\\.)*)"')


def read_zone(text):
    """{lower-case name without the final dot: record bytes} from zone-file TXT lines."""
    records = {}
    for line in text.splitlines():
        match = ZONE_LINE.match(line)
        if not match:
            continue
        strings = [re.sub(r'\\(.)', r'\1', part) for part in QUOTED.findall(match.group(2))]
        records[match.group(1).rstrip(".").lower()] = "".join(strings).encode("ascii")
    return records


def stub_dns(records):
    """A dnsfunc for dkimpy that answers from `records` only."""
    def lookup(name, timeout=5):
        if isinstance(name, bytes):
            name = name.decode("ascii")
        return records.get(name.rstrip(".").lower())
    return lookup


def verify(data, dnsfunc):
    """The result object for one message (without "file")."""
    count = sum(1 for name, _ in dkim.DKIM(data).headers if name.lower() == b"dkim-signature")
    signatures = []
    for index in range(count):
        checker = dkim.DKIM(data, minkey=1024)
        try:
            valid = bool(checker.verify(idx=index, dnsfunc=dnsfunc))
            error = None if valid else "signature does not verify"
        except dkim.DKIMException as exception:
            valid, error = False, f"{type(exception).__name__}: {exception}"
        fields = checker.signature_fields or {}

        def text(tag):
            value = fields.get(tag)
            return value.decode("ascii", "replace") if isinstance(value, bytes) else value
        signatures.append({"index": index, "algorithm": text(b"a"), "domain": text(b"d"), "selector": text(b"s"),
                           "valid": valid, "error": error})
    result = {"signatures": signatures}
    for key, algorithm in (("rsa", "rsa-sha256"), ("ed25519", "ed25519-sha256")):
        found = [signature["valid"] for signature in signatures if signature["algorithm"] == algorithm]
        result[key] = any(found) if found else None
    return result


def main(arguments):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--zone", action="append", required=True, help="a file of zone-file TXT lines")
    parser.add_argument("--eml-dir", help="verify every *.eml in this folder")
    parser.add_argument("files", nargs="*", help="messages to verify")
    options = parser.parse_args(arguments)
    records = {}
    for zone in options.zone:
        records.update(read_zone(pathlib.Path(zone).read_text(encoding="utf-8")))
    paths = [pathlib.Path(name) for name in options.files]
    if options.eml_dir:
        paths += sorted(pathlib.Path(options.eml_dir).glob("*.eml"))
    if not paths:
        parser.error("give messages to verify, or --eml-dir")
    dnsfunc = stub_dns(records)
    for path in paths:
        print(json.dumps({"file": path.name, **verify(path.read_bytes(), dnsfunc)}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
