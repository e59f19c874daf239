#!/usr/bin/python3
"""Writes a customer file in Keepsake's own format (the columns of samples/customers-sample.csv) for
the import benchmark: deterministic for a given --rows and --seed, every row valid, Persian, Arabic
and English names, birthdays in the customer's calendar, consent columns on most rows.

    /usr/bin/python3 Benchmarks/generate_customers.py --rows 1000000 --out /tmp/customers-1m.csv

With --busy-day DATE (the SMTP benchmark's audience) every customer has a Gregorian birthday on that
month and day, has opted in, and lives in UTC, Europe/Paris, Asia/Tehran or Asia/Dubai, whose
10:00–20:00 send windows are all open at 12:00Z: one tick at DATE T12:00Z owes each one a message.

With --mix daemon (issue 16's daemon benchmarks) a sixth of the customers each are in six profiles:
Persian calendar, Umm al-Qura, and four Gregorian ones; all are Iranian shoppers (country IR, so
Nowruz concerns every one of them), in zones whose 10:00–20:00 windows are all open at 12:00Z;
80 % have opted in (the rest opted out or never answered), and most have an order history.
"""
import argparse
import datetime
import random

HEADER = ("id,email,first_name,last_name,locale,timezone,country,calendar,birthday,first_order_at,"
          "last_order_at,orders_count,total_spent,currency,tags,consent,consent_at,consent_source")

# (locale, time zone, country, calendar, currency, first names, last names)
PERSIAN_FIRST = ["محمد", "علی", "رضا", "سینا", "زهرا", "فاطمه", "مریم", "سارا", "نگار", "امیر"]
PERSIAN_LAST = ["کریمی", "احمدی", "رحیمی", "حسینی", "محمدی", "رضایی", "موسوی", "جعفری"]
ARABIC_FIRST = ["عمر", "أحمد", "حسن", "نور", "ليلى", "مريم", "سارة", "فاطمة", "يوسف", "خالد"]
ARABIC_LAST = ["العتيبي", "القحطاني", "الهاشمي", "الخطيب", "السيد", "النجار", "الحسيني"]
ENGLISH_FIRST = ["Alice", "Bob", "Emma", "Frank", "Grace", "Henry", "Isla", "Jack", "José", "Zoë", "Siobhán"]
ENGLISH_LAST = ["Smith", "Jones", "Brown", "Taylor", "Wilson", "Nguyen", "García", "Müller", "O'Neil", "Okafor"]
PROFILES = [
    (30, "fa-IR", "Asia/Tehran", "IR", "persian", "IRR", PERSIAN_FIRST, PERSIAN_LAST),
    (10, "fa-IR", "Asia/Tehran", "IR", "gregorian", "IRR", PERSIAN_FIRST, PERSIAN_LAST),
    (4, "fa", "Europe/Berlin", "IR", "persian", "EUR", PERSIAN_FIRST, PERSIAN_LAST),
    (12, "ar-AE", "Asia/Dubai", "AE", "gregorian", "AED", ARABIC_FIRST, ARABIC_LAST),
    (5, "ar-AE", "Asia/Dubai", "AE", "islamic-umalqura", "AED", ARABIC_FIRST, ARABIC_LAST),
    (6, "ar-SA", "Asia/Riyadh", "SA", "islamic-umalqura", "SAR", ARABIC_FIRST, ARABIC_LAST),
    (4, "ar-EG", "Africa/Cairo", "EG", "gregorian", "EGP", ARABIC_FIRST, ARABIC_LAST),
    (10, "en-GB", "Europe/London", "GB", "gregorian", "GBP", ENGLISH_FIRST, ENGLISH_LAST),
    (12, "en-US", "America/Chicago", "US", "gregorian", "USD", ENGLISH_FIRST, ENGLISH_LAST),
    (7, "en", "Asia/Kolkata", "IN", "gregorian", "INR", ENGLISH_FIRST, ENGLISH_LAST),
]
# The busy day's audience: zones whose 10:00–20:00 windows are all open at 12:00Z, Gregorian birthdays.
BUSY_DAY_PROFILES = [
    (40, "fa-IR", "Asia/Tehran", "IR", "gregorian", "IRR", PERSIAN_FIRST, PERSIAN_LAST),
    (20, "ar-AE", "Asia/Dubai", "AE", "gregorian", "AED", ARABIC_FIRST, ARABIC_LAST),
    (20, "en-GB", "UTC", "GB", "gregorian", "GBP", ENGLISH_FIRST, ENGLISH_LAST),
    (20, "en", "Europe/Paris", "FR", "gregorian", "EUR", ENGLISH_FIRST, ENGLISH_LAST),
]
# Issue 16's mix: a sixth each; every customer is in the Nowruz segment (country IR) and in a zone
# whose 10:00–20:00 window is open at 12:00Z (Tehran 15:30, Dubai 16:00, Berlin 13:00, London 12:00).
DAEMON_PROFILES = [
    (1, "fa-IR", "Asia/Tehran", "IR", "persian", "IRR", PERSIAN_FIRST, PERSIAN_LAST),
    (1, "ar", "Asia/Dubai", "IR", "islamic-umalqura", "AED", ARABIC_FIRST, ARABIC_LAST),
    (1, "fa-IR", "Asia/Tehran", "IR", "gregorian", "IRR", PERSIAN_FIRST, PERSIAN_LAST),
    (1, "fa", "Europe/Berlin", "IR", "gregorian", "EUR", PERSIAN_FIRST, PERSIAN_LAST),
    (1, "en-GB", "Europe/London", "IR", "gregorian", "GBP", ENGLISH_FIRST, ENGLISH_LAST),
    (1, "ar-AE", "Asia/Dubai", "IR", "gregorian", "AED", ARABIC_FIRST, ARABIC_LAST),
]
# Years safe in every calendar's range; days up to 29, which every month of every calendar has.
BIRTH_YEARS = {"gregorian": (1950, 2008), "persian": (1330, 1387), "islamic-umalqura": (1370, 1430)}
DOMAINS = ["example.com", "example.net", "example.org"]
TAGS = ["", "", "vip", "newsletter", "vip;newsletter", "wholesale", "vip;wholesale"]
SOURCES = ["checkout checkbox", "newsletter form", "in-store tablet", "loyalty club signup"]


def instant(rng, start_year, end_year):
    """An ISO 8601 UTC instant on a day every month has."""
    return (f"{rng.randint(start_year, end_year):04d}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            f"T{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}Z")


def quoted(text):
    """The field as CSV: quoted when it holds a comma or a quote."""
    if "," in text or '"' in text:
        return '"' + text.replace('"', '""') + '"'
    return text


def row(rng, index, profiles, weights, busy_day=None, opted_in_share=None):
    """One customer; with busy_day (month, day) the birthday falls on it and consent is opted_in;
    with opted_in_share, that share of customers has opted in and the others opted out or never answered."""
    locale, zone, country, calendar, currency, firsts, lasts = rng.choices(profiles, weights)[0]
    low, high = BIRTH_YEARS[calendar]
    if busy_day:
        birthday = f"{rng.randint(low, high):04d}-{busy_day[0]:02d}-{busy_day[1]:02d}"
    elif rng.random() < 0.15:
        birthday = ""
    elif rng.random() < 0.1:
        birthday = f"--{rng.randint(1, 12):02d}-{rng.randint(1, 29):02d}"
    else:
        # Day 28 at most with a year: Gregorian February has 29 days only in leap years.
        birthday = f"{rng.randint(low, high):04d}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    orders = rng.choice([0, 0, 1, 1, 2, 3, 5, 8, 13])
    if orders:
        first, last = sorted([instant(rng, 2016, 2021), instant(rng, 2022, 2026)])
        total = f"{rng.randint(5, 5000) * orders}.{rng.randint(0, 99):02d}"
    else:
        first, last, total = "", "", "0.00"
    if busy_day:
        consent, consent_at, source = "opted_in", instant(rng, 2018, 2025), rng.choice(SOURCES)
    elif opted_in_share is not None:
        draw = rng.random()
        consent = "opted_in" if draw < opted_in_share else "opted_out" if draw < (1 + opted_in_share) / 2 else ""
        consent_at, source = (instant(rng, 2018, 2025), rng.choice(SOURCES)) if consent else ("", "")
    elif rng.random() < 0.8:
        consent = rng.choice(["opted_in", "opted_in", "opted_in", "opted_out"])
        consent_at = instant(rng, 2018, 2025)
        source = rng.choice(SOURCES)
    else:
        consent, consent_at, source = "", "", ""
    email = f"user{index}@{DOMAINS[index % len(DOMAINS)]}"
    fields = [f"c{index:07d}", email, rng.choice(firsts), rng.choice(lasts), locale, zone, country, calendar,
              birthday, first, last, str(orders), total, currency, rng.choice(TAGS), consent, consent_at, source]
    return ",".join(quoted(field) for field in fields)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, required=True, help="how many customers to write")
    parser.add_argument("--out", required=True, help="the CSV file to write")
    parser.add_argument("--seed", type=int, default=20240321, help="the random seed (same seed, same file)")
    parser.add_argument("--busy-day", metavar="YYYY-MM-DD",
                        help="every customer's birthday on this day, opted in, in a zone whose window is open at 12:00Z")
    parser.add_argument("--mix", choices=["shop", "daemon"], default="shop",
                        help="shop: ten profiles of a shop's customers; daemon: issue 16's six profiles, a sixth "
                             "each, all in the Nowruz segment, 80 %% opted in")
    arguments = parser.parse_args()
    rng = random.Random(arguments.seed)
    busy_day = None
    if arguments.busy_day:
        day = datetime.date.fromisoformat(arguments.busy_day)
        if (day.month, day.day) == (2, 29):
            parser.error("--busy-day 29 February: most birth years have no such day; pick another date")
        busy_day = (day.month, day.day)
    if busy_day and arguments.mix != "shop":
        parser.error("--busy-day has its own audience: leave out --mix")
    chosen = BUSY_DAY_PROFILES if busy_day else DAEMON_PROFILES if arguments.mix == "daemon" else PROFILES
    opted_in_share = 0.8 if arguments.mix == "daemon" else None
    weights = [profile[0] for profile in chosen]
    profiles = [profile[1:] for profile in chosen]
    with open(arguments.out, "w", encoding="utf-8", newline="") as out:
        out.write(HEADER + "\n")
        batch = []
        for index in range(1, arguments.rows + 1):
            batch.append(row(rng, index, profiles, weights, busy_day, opted_in_share))
            if len(batch) == 10_000:
                out.write("\n".join(batch) + "\n")
                batch = []
        if batch:
            out.write("\n".join(batch) + "\n")


if __name__ == "__main__":
    main()
