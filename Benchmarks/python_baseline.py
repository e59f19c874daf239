#!/usr/bin/python3
"""What a developer would write instead of Keepsake: smtplib + EmailMessage + string.Template.

Renders the Persian + English birthday message of Benchmarks/Message for each of --messages
generated customers and sends it to --host:--port over --threads threads, each with its own SMTP
connection (plaintext, loopback). Prints the rate; the SMTP benchmark (bench_smtp.py) runs it.

    /usr/bin/python3 Benchmarks/python_baseline.py --port 2525 --messages 20000 --threads 4
"""
import argparse
import os
import smtplib
import string
import sys
import threading
import time
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, localtime, make_msgid

MESSAGE_DIRECTORY = os.path.join(os.path.dirname(os.path.abspath(__file__)), "Message")
FIRST_NAMES = ["سارا", "علی", "زهرا", "رضا", "Emma", "Jack", "مریم", "Zoë"]
LAST_NAMES = ["کریمی", "احمدی", "Smith", "García"]


def templates(directory):
    """The subject, text and HTML templates of the message folder."""
    def load(name):
        with open(os.path.join(directory, name), encoding="utf-8") as file:
            return string.Template(file.read())
    return load("subject.txt"), load("text.txt"), load("html.html")


def customer(index):
    """A generated customer: what a shop's database row would give the template."""
    first = FIRST_NAMES[index % len(FIRST_NAMES)]
    return {
        "first_name": first,
        "display_name": f"{first} {LAST_NAMES[index % len(LAST_NAMES)]}",
        "email": f"user{index}@bench.example",
        "coupon": f"BDAY-{index:04X}-{(index * 7919) % 65536:04X}",
        "unsubscribe_url": f"https://shop.example/keepsake/u/c{index:07d}",
    }


def render(templates_triple, person):
    """One EmailMessage: multipart/alternative, text then HTML, UTF-8."""
    subject, text, html = templates_triple
    message = EmailMessage()
    message["Date"] = format_datetime(localtime())
    message["Message-ID"] = make_msgid(domain="shop.example")
    message["From"] = Address("Sahab Shop", addr_spec="hello@shop.example")
    local, domain = person["email"].split("@")
    message["To"] = Address(person["display_name"], local, domain)
    message["Reply-To"] = "care@shop.example"
    message["Subject"] = subject.substitute(person).strip()
    message["List-Unsubscribe"] = f"<mailto:unsubscribe@shop.example>, <{person['unsubscribe_url']}>"
    message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.set_content(text.substitute(person))
    message.add_alternative(html.substitute(person), subtype="html")
    return message


def sender(host, port, indices, templates_triple, failures):
    """One thread: one connection, its share of the customers."""
    with smtplib.SMTP(host, port) as connection:
        for index in indices:
            person = customer(index)
            try:
                connection.send_message(render(templates_triple, person),
                                        from_addr="bounces@shop.example", to_addrs=[person["email"]])
            except smtplib.SMTPException as error:
                failures.append(f"{person['email']}: {error}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--messages", type=int, default=20000)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--message-dir", default=MESSAGE_DIRECTORY)
    arguments = parser.parse_args()
    templates_triple = templates(arguments.message_dir)
    size = len(render(templates_triple, customer(1)).as_bytes())
    failures = []
    threads = [threading.Thread(target=sender, args=(arguments.host, arguments.port,
                                                     range(worker, arguments.messages, arguments.threads),
                                                     templates_triple, failures))
               for worker in range(arguments.threads)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.monotonic() - started
    delivered = arguments.messages - len(failures)
    print(f"python baseline: {delivered} of {arguments.messages} messages of about {size} bytes "
          f"over {arguments.threads} threads in {seconds:.3f} s")
    print(f"messages_per_second={delivered / seconds:.1f} message_bytes={size} "
          f"delivered={delivered} failed={len(failures)}")
    if failures:
        sys.exit(f"{len(failures)} messages not delivered, the first: {failures[0]}")


if __name__ == "__main__":
    main()
