#!/usr/bin/env python3
"""A generated order history for `make demo`, in Keepsake's own orders CSV (standard library only).

Deterministic for the same inputs: the sample customers and the codes `keepsake coupons export`
listed for the demo's simulated day.

- History: about two thirds of the customers ordered one to four times from April 2025 up to the
  day before the simulated day, so the report has cohorts and retention figures to show.
- After the mail: of the customers whose coupon code was sent, some order within four days using
  it (attributed by the code, the code redeemed), and some order without it (attributed by the
  window to the latest message they were sent).
- Background: a few customers order in the week after whether they were mailed or not.

Every order is in its customer's currency (EUR for a customer without one).

usage: demo_orders.py CUSTOMERS_CSV CODES_CSV... > orders.csv
"""
import csv
import random
import sys
from datetime import date, datetime, timedelta, timezone

SEED = 1405
HISTORY_START = datetime(2025, 4, 1, tzinfo=timezone.utc)
SIMULATED_DAY = datetime(2026, 3, 20, tzinfo=timezone.utc)
CODE_RATE = 0.35
WITHOUT_CODE_RATE = 0.15
BACKGROUND_RATE = 0.03


def instant(moment):
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def main():
    rng = random.Random(SEED)
    with open(sys.argv[1], newline="", encoding="utf-8") as handle:
        customers = [(row["id"], row["currency"] or "EUR") for row in csv.DictReader(handle)]
    currencies = dict(customers)
    sent = []
    for path in sys.argv[2:]:
        with open(path, newline="", encoding="utf-8") as handle:
            sent += [row for row in csv.DictReader(handle) if row["status"] == "sent"]
    sent.sort(key=lambda row: (row["day"], row["customer"], row["code"]))
    orders = []

    def order(customer, moment, code=""):
        total = "%d.%02d" % (rng.randint(8, 320), rng.randint(0, 99))
        orders.append((moment, customer, total, currencies.get(customer, "EUR"), code))

    history_seconds = int((SIMULATED_DAY - HISTORY_START).total_seconds()) - 1
    for customer, _ in customers:
        if rng.random() < 0.67:
            for _ in range(rng.randint(1, 4)):
                order(customer, HISTORY_START + timedelta(seconds=rng.randint(0, history_seconds)))
    for row in sent:
        day = date.fromisoformat(row["day"])
        after = datetime(day.year, day.month, day.day, 12, tzinfo=timezone.utc) + timedelta(days=rng.randint(1, 4))
        draw = rng.random()
        if draw < CODE_RATE:
            order(row["customer"], after + timedelta(seconds=rng.randint(0, 6 * 3600)), row["code"])
        elif draw < CODE_RATE + WITHOUT_CODE_RATE:
            order(row["customer"], after + timedelta(seconds=rng.randint(0, 6 * 3600)))
    for customer, _ in customers:
        if rng.random() < BACKGROUND_RATE:
            order(customer, SIMULATED_DAY + timedelta(seconds=rng.randint(0, 8 * 86400)))

    orders.sort(key=lambda order: (order[0], order[1]))
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(["order_id", "customer_id", "created_at", "total", "currency", "status", "discount_codes"])
    for number, (moment, customer, total, currency, code) in enumerate(orders, start=1):
        writer.writerow([f"D{number:06d}", customer, instant(moment), total, currency, "", code])


if __name__ == "__main__":
    main()
