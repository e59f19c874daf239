#!/usr/bin/python3
"""Writes an orders file in Keepsake's own format for the order-import and report benchmarks, for
the customers of a file generate_customers.py wrote: deterministic for the same customers, --orders
and --seed, every row valid, each order in its customer's currency.

Each customer gets 1 to 2·mean−1 orders (mean: --orders / customers), placed from 2024-01-01 to
2026-03-31; 3 % are refunded or cancelled; 5 % use the shop's own code SPRING10 (one Keepsake never
issued). The actual number of orders is printed (it is close to --orders, not exactly it).

    /usr/bin/python3 Benchmarks/generate_orders.py --customers customers-1m.csv --orders 5000000 --out orders-5m.csv
"""
import argparse
import csv
import random
import sys
import time

START = 1704067200  # 2024-01-01T00:00:00Z
END = 1775001600  # 2026-04-01T00:00:00Z


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", required=True, help="the customers CSV (generate_customers.py's)")
    parser.add_argument("--orders", type=int, required=True, help="about how many orders to write")
    parser.add_argument("--out", required=True, help="the CSV file to write")
    parser.add_argument("--seed", type=int, default=20260321, help="the random seed (same seed, same file)")
    arguments = parser.parse_args()
    with open(arguments.customers, newline="", encoding="utf-8") as handle:
        customers = [(row["id"], row["currency"]) for row in csv.DictReader(handle)]
    mean = max(1, round(arguments.orders / max(1, len(customers))))
    rng = random.Random(arguments.seed)
    written = 0
    with open(arguments.out, "w", newline="", encoding="utf-8") as handle:
        handle.write("order_id,customer_id,created_at,total,currency,status,discount_codes\n")
        lines = []
        for customer, currency in customers:
            for _ in range(rng.randint(1, 2 * mean - 1)):
                written += 1
                moment = rng.randrange(START, END)
                draw = rng.random()
                status = "refunded" if draw < 0.02 else "cancelled" if draw < 0.03 else ""
                code = "SPRING10" if rng.random() < 0.05 else ""
                placed = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(moment))
                total = "%d.%02d" % (rng.randint(5, 400), rng.randint(0, 99))
                lines.append(f"o{written},{customer},{placed},{total},{currency},{status},{code}\n")
            if len(lines) >= 100_000:
                handle.writelines(lines)
                lines.clear()
        handle.writelines(lines)
    print(written)


if __name__ == "__main__":
    sys.exit(main())
