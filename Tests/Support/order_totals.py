#!/usr/bin/env python3
"""An independent figure for the order import tests (standard library only): the sum of the
counted orders' totals of an orders CSV, one order counted once however many line-item rows it
has. Usage: order_totals.py FILE ORDER_COLUMN TOTAL_COLUMN STATUS_COLUMN NOT_COUNTED[,…]
Prints the number of counted orders and their total, such as `4 361.90`."""
import csv
import sys
from decimal import Decimal

path, order_column, total_column, status_column, not_counted = sys.argv[1:6]
excluded = set(not_counted.split(","))
seen = set()
count, total = 0, Decimal(0)
with open(path, newline="", encoding="utf-8") as handle:
    for row in csv.DictReader(handle):
        order = row[order_column]
        if order in seen:
            continue
        seen.add(order)
        if row[status_column].strip().lower() in excluded:
            continue
        count += 1
        total += Decimal(row[total_column])
print(count, total)
