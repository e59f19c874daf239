#!/usr/bin/python3
"""The structure of mail messages as Python's email package reads them, for the Inbound tests.

For each file given, prints one JSON line: the content types of its parts in walk order (the parts of a
message/delivery-status or message/feedback-report, which Python reads as header blocks or a
message, are not listed), and the Final-Recipient
addresses of the recipient blocks of each of its message/delivery-status parts (one list per part).
"""

import email
import email.policy
import json
import sys


def walk(part, types):
    types.append(part.get_content_type())
    if part.get_content_type() in ('message/delivery-status', 'message/feedback-report'):
        return
    if part.is_multipart():
        for child in part.get_payload():
            walk(child, types)


def recipients(message):
    found = []
    for part in message.walk():
        if part.get_content_type() != 'message/delivery-status' or not part.is_multipart():
            continue
        addresses = []
        for block in part.get_payload():
            value = block.get('Final-Recipient')
            if value is None:
                continue
            address = str(value).split(';', 1)[-1].strip().strip('<>')
            addresses.append(address)
        found.append(addresses)
    return found


def main(paths):
    for path in paths:
        with open(path, 'rb') as file:
            message = email.message_from_binary_file(file, policy=email.policy.compat32)
        types = []
        walk(message, types)
        print(json.dumps({'file': path, 'types': types, 'recipients': recipients(message)}))


if __name__ == '__main__':
    main(sys.argv[1:])
