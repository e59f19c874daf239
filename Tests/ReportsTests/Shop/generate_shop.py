#!/usr/bin/env python3
"""A seeded generated shop with a known effect, for the report's tests (standard library only).

Writes into DIR: customers.csv (id,email), orders.csv (order_id,customer_id,created_at,total,currency,
discount_codes: space-separated, status: counted, refunded or cancelled; guest customers are not in
customers.csv), deliveries.csv (campaign,segment,customer_id,status,day,send_at,coupon_code)
and opt_outs.csv (customer_id,occurred_at).

The effect: a mailed customer (status sent) places an order within 7 days of the delivery's due time with
probability MAILED_RATE, a held-out one with HELD_OUT_RATE; on top of that every customer has a history of
orders from 2025 on, and some background orders in the reported month that fall where they fall.

Coupons: every sent birthday delivery carries a Keepsake code (BDAY-<customer>). Its mailed order uses the
code with probability CODE_RATE; some of those customers use it only 8 to 12 days after the send (beyond
the attribution window: attributed by the code, and past the period's end for late March sends); a
few orders use the shop's own code SPRING10, which Keepsake never issued.

usage: generate_shop.py SEED DIR
"""
import csv
import os
import random
import sys
from datetime import datetime, timedelta, timezone

MAILED_RATE = 0.25
HELD_OUT_RATE = 0.12
CODE_RATE = 0.6
LATE_CODE_RATE = 0.1
SHOP_CODE_RATE = 0.05
GUEST_ORDERS = 60
CUSTOMERS = 3000
PERIOD_START = datetime(2026, 3, 1, tzinfo=timezone.utc)
HISTORY_START = datetime(2025, 1, 1, tzinfo=timezone.utc)


def instant(moment):
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def main():
    seed, folder = int(sys.argv[1]), sys.argv[2]
    rng = random.Random(seed)
    os.makedirs(folder, exist_ok=True)
    customers, orders, deliveries, opt_outs = [], [], [], []
    order_number = 0

    def order(customer, moment, codes=()):
        nonlocal order_number
        order_number += 1
        total = "%d.%02d" % (rng.randint(5, 400), rng.randint(0, 99))
        if rng.random() < SHOP_CODE_RATE:
            codes = (*codes, "SPRING10")
        orders.append((f"o{order_number:06d}", customer, instant(moment), total, "EUR", " ".join(codes)))

    for index in range(CUSTOMERS):
        customer = f"c{index:05d}"
        customers.append((customer, f"{customer}@shop.example"))
        first = HISTORY_START + timedelta(seconds=rng.randint(0, 420 * 86400))
        order(customer, first)
        moment = first
        while rng.random() < 0.45:
            moment += timedelta(seconds=rng.randint(3 * 86400, 120 * 86400))
            if moment >= PERIOD_START + timedelta(days=45):
                break
            order(customer, moment)
        # Campaign deliveries in March 2026: two thirds of the customers get one.
        draw = rng.random()
        if draw < 0.67:
            campaign = "birthday" if draw < 0.4 else "winback-1"
            segment = ("vip" if rng.random() < 0.3 else "everyone") if campaign == "birthday" else "everyone"
            day = PERIOD_START + timedelta(days=rng.randint(0, 30))
            send_at = day + timedelta(hours=10)
            held_out = rng.random() < 0.10
            status = "held_out" if held_out else ("failed" if rng.random() < 0.03 else "sent")
            code = f"BDAY-{customer.upper()}" if campaign == "birthday" and status == "sent" else ""
            deliveries.append((campaign, segment, customer, status, day.strftime("%Y-%m-%d"), instant(send_at), code))
            rate = HELD_OUT_RATE if held_out else MAILED_RATE
            if status != "failed" and rng.random() < rate:
                uses_code = code and rng.random() < CODE_RATE
                order(customer, send_at + timedelta(seconds=rng.randint(3600, 6 * 86400)), (code,) if uses_code else ())
            elif code and rng.random() < LATE_CODE_RATE:
                order(customer, send_at + timedelta(seconds=rng.randint(8 * 86400, 12 * 86400)), (code,))
            if status == "sent" and rng.random() < 0.02:
                opt_outs.append((customer, instant(send_at + timedelta(seconds=rng.randint(600, 6 * 86400)))))
        # Background orders in the month, mailed or not.
        if rng.random() < 0.05:
            order(customer, PERIOD_START + timedelta(seconds=rng.randint(0, 31 * 86400 - 1)))

    # Some orders are undone later (refunded or cancelled: they count nowhere), and guests (customers
    # the store does not know) order in the month, a quarter of them with a birthday code: the first
    # counted order using a code redeems it.
    orders = [order + (rng.choice(["refunded", "cancelled"]) if rng.random() < 0.03 else "counted",) for order in orders]
    codes = [delivery[6] for delivery in deliveries if delivery[6]]
    for index in range(GUEST_ORDERS):
        order_number += 1
        total = "%d.%02d" % (rng.randint(5, 400), rng.randint(0, 99))
        moment = PERIOD_START + timedelta(seconds=rng.randint(0, 31 * 86400 - 1))
        code = rng.choice(codes) if rng.random() < 0.25 else ""
        orders.append((f"o{order_number:06d}", f"guest{index:03d}", instant(moment), total, "EUR", code, "counted"))

    def write(name, header, rows):
        with open(os.path.join(folder, name), "w", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(header)
            writer.writerows(rows)

    write("customers.csv", ["id", "email"], customers)
    write("orders.csv", ["order_id", "customer_id", "created_at", "total", "currency", "discount_codes", "status"], orders)
    write("deliveries.csv", ["campaign", "segment", "customer_id", "status", "day", "send_at", "coupon_code"], deliveries)
    write("opt_outs.csv", ["customer_id", "occurred_at"], opt_outs)


if __name__ == "__main__":
    main()
