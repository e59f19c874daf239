#!/usr/bin/env python3
"""Every figure of `keepsake report` computed independently from the generated shop's CSVs (standard
library only), with the report's definitions (README, "Results") and its JSON's rounding.

A customer listed in DIR/forgotten.csv (customer_id), if there is one, was forgotten after
everything was loaded: their orders are gone, and their deliveries stay with no customer (no
conversions, no withdrawals, never brought back).

usage: compute_figures.py DIR FROM TO CHURN_DAYS WIN_BACK_CAMPAIGN...
"""
import os
import bisect
import csv
import json
import math
import sys
from collections import defaultdict
from datetime import datetime, timedelta, timezone
from decimal import Decimal, ROUND_HALF_UP, getcontext

getcontext().prec = 50
WINDOW = timedelta(days=7)
Z = 1.959964


def parse(text):
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)


def rounded(value, places):
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return None
    return float(Decimal(repr(value) if isinstance(value, float) else value).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP))


def rows(folder, name):
    with open(f"{folder}/{name}", newline="") as handle:
        return list(csv.DictReader(handle))


def forgotten_customers(folder):
    path = f"{folder}/forgotten.csv"
    return {row["customer_id"] for row in rows(folder, "forgotten.csv")} if os.path.exists(path) else set()


def attributions(folder, deliveries, forgotten):
    """Every counted order (guests' too), in the import's order, with the delivery it is attributed to (None when none) and the
    deliveries whose codes it redeemed: a code redeems once, by the first order that uses it; the order goes
    to the sent delivery of its first redeemed code, else to its customer's latest message sent (at the due
    time, as the tests record it) no more than WINDOW before it, itself included."""
    by_code = {row["coupon_code"]: row for row in deliveries if row["coupon_code"]}
    sent = defaultdict(list)
    for row in deliveries:
        if row["status"] == "sent":
            sent[row["customer_id"]].append(row)
    redeemed_codes = set()
    result = []
    for row in rows(folder, "orders.csv"):
        if row["status"] != "counted":
            continue
        placed = parse(row["created_at"])
        redeemed = []
        for code in row["discount_codes"].split():
            if code in by_code and code not in redeemed_codes:
                redeemed_codes.add(code)
                redeemed.append(by_code[code])
        delivery = next((holder for holder in redeemed if holder["status"] == "sent"), None)
        if delivery is None:
            candidates = [candidate for candidate in sent[row["customer_id"]]
                          if parse(candidate["send_at"]) <= placed <= parse(candidate["send_at"]) + WINDOW]
            delivery = max(candidates, key=lambda candidate: candidate["send_at"], default=None)
        if row["customer_id"] in forgotten:
            continue  # deleted with its customer, after it was imported and attributed
        result.append(dict(placed_at=placed, total=Decimal(row["total"]), currency=row["currency"], delivery=delivery,
                           redeemed=redeemed))
    return result


def main():
    folder, first, last, churn_days = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    win_back = set(sys.argv[5:])
    end = datetime.strptime(last, "%Y-%m-%d").replace(tzinfo=timezone.utc) + timedelta(days=1)
    purchases = defaultdict(list)
    forgotten = forgotten_customers(folder)
    known = {row["id"] for row in rows(folder, "customers.csv")} - forgotten
    for row in rows(folder, "orders.csv"):
        # Refunded and cancelled orders count nowhere; guest orders have no customer to follow.
        if row["status"] == "counted" and row["customer_id"] in known:
            purchases[row["customer_id"]].append((parse(row["created_at"]), Decimal(row["total"])))
    for orders in purchases.values():
        orders.sort()
    opt_outs = defaultdict(list)
    for row in rows(folder, "opt_outs.csv"):
        if row["customer_id"] in forgotten:
            continue
        opt_outs[row["customer_id"]].append(parse(row["occurred_at"]))

    def window(customer, start):
        orders = purchases.get(customer, [])
        times = [moment for moment, _ in orders]
        index = bisect.bisect_right(times, start)
        count, revenue = 0, Decimal(0)
        while index < len(orders) and orders[index][0] <= start + WINDOW:
            count += 1
            revenue += orders[index][1]
            index += 1
        return count, revenue

    groups = {}
    won_back = set()
    deliveries = rows(folder, "deliveries.csv")

    def group_of(key):
        return groups.setdefault(key, dict(eligible=0, sent=0, held_out=0, bounced=0, complaints=0, unsubscribes=0,
                                           x1=0, x2=0, r1=Decimal(0), r2=Decimal(0), attributed_orders=0,
                                           attributed_revenue=defaultdict(Decimal), redemptions=0))

    for row in deliveries:
        if not first <= row["day"] <= last:
            continue
        key = (row["campaign"], row["segment"])
        group = group_of(key)
        group["eligible"] += 1
        due = parse(row["send_at"])
        customer = None if row["customer_id"] in forgotten else row["customer_id"]
        count, revenue = window(customer, due)
        if row["status"] == "failed":
            group["bounced"] += 1
        if row["status"] == "sent":
            group["sent"] += 1
            group["x1"] += count > 0
            group["r1"] += revenue
            if any(due < moment <= due + WINDOW for moment in opt_outs.get(customer, [])):
                group["unsubscribes"] += 1
            if count > 0 and row["campaign"] in win_back:
                won_back.add(customer)
        elif row["status"] == "held_out":
            group["held_out"] += 1
            group["x2"] += count > 0
            group["r2"] += revenue

    start = datetime.strptime(first, "%Y-%m-%d").replace(tzinfo=timezone.utc)
    for order in attributions(folder, deliveries, forgotten):
        if not start <= order["placed_at"] < end:
            continue
        if order["delivery"] is not None:
            group = group_of((order["delivery"]["campaign"], order["delivery"]["segment"]))
            group["attributed_orders"] += 1
            group["attributed_revenue"][order["currency"]] += order["total"]
        for delivery in order["redeemed"]:
            group_of((delivery["campaign"], delivery["segment"]))["redemptions"] += 1

    campaigns = []
    for (campaign, segment), group in sorted(groups.items()):
        n1, n2, x1, x2 = group["sent"], group["held_out"], group["x1"], group["x2"]
        p1 = x1 / n1 if n1 else None
        p2 = x2 / n2 if n2 else None
        difference = low = high = z = p_value = None
        if p1 is not None and p2 is not None:
            difference = p1 - p2
            unpooled = math.sqrt(p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2)
            if unpooled > 0:
                low, high = difference - Z * unpooled, difference + Z * unpooled
            pooled = (x1 + x2) / (n1 + n2)
            pooled_error = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
            if pooled_error > 0:
                z = difference / pooled_error
                p_value = math.erfc(abs(z) / math.sqrt(2))
        campaigns.append(dict(
            campaign=campaign, segment=segment, eligible=group["eligible"], sent=n1, held_out=n2, bounced=group["bounced"],
            complaints=group["complaints"], unsubscribes=group["unsubscribes"], sent_conversions=x1, held_out_conversions=x2,
            conversion_rate_sent=rounded(p1, 4), conversion_rate_held_out=rounded(p2, 4), difference=rounded(difference, 4),
            difference_low=rounded(low, 4), difference_high=rounded(high, 4), z=rounded(z, 2), p_value=rounded(p_value, 4),
            revenue_per_recipient=rounded(group["r1"] / n1, 2) if n1 else None,
            revenue_per_held_out=rounded(group["r2"] / n2, 2) if n2 else None,
            attributed_orders=group["attributed_orders"], redemptions=group["redemptions"],
            attributed_revenue={currency: rounded(total, 2) for currency, total in group["attributed_revenue"].items()}))

    churned_before = end - timedelta(days=churn_days)
    last_month = (end - timedelta(seconds=1)).year * 12 + (end - timedelta(seconds=1)).month - 1
    first_cohort = last_month - 11
    customers = orders_count = repeat = churned = 0
    revenue = Decimal(0)
    cohort_customers = [0] * 12
    cohort_active = [[0] * (12 - index) for index in range(12)]
    for orders in purchases.values():
        counted = [order for order in orders if order[0] < end]
        if not counted:
            continue
        customers += 1
        orders_count += len(counted)
        revenue += sum(total for _, total in counted)
        repeat += len(counted) >= 2
        churned += counted[-1][0] < churned_before
        cohort = counted[0][0].year * 12 + counted[0][0].month - 1
        if cohort < first_cohort:
            continue
        index = cohort - first_cohort
        cohort_customers[index] += 1
        for offset in {moment.year * 12 + moment.month - 1 - cohort for moment, _ in counted}:
            if offset < len(cohort_active[index]):
                cohort_active[index][offset] += 1
    cohorts = []
    for index in range(12):
        number = first_cohort + index
        size = cohort_customers[index]
        cohorts.append(dict(month="%04d-%02d" % (number // 12, number % 12 + 1), customers=size, active=cohort_active[index],
                            shares=[rounded(active / size if size else 0.0, 4) for active in cohort_active[index]]))
    retention = dict(
        customers=customers, orders=orders_count, revenue=rounded(revenue, 2), repeat_customers=repeat, churned_customers=churned,
        won_back_customers=len(won_back), repeat_purchase_rate=rounded(repeat / customers, 4),
        churn_rate=rounded(churned / customers, 4), purchase_frequency=rounded(orders_count / customers, 4),
        average_order_value=rounded(revenue / orders_count, 2), customer_lifetime_value=rounded(revenue / customers, 2),
        cohorts=cohorts)
    json.dump(dict(**{"from": first, "to": last}, conversion_window_days=7, churn_days=churn_days, campaigns=campaigns,
                   retention=retention), sys.stdout, indent=1, sort_keys=True)


if __name__ == "__main__":
    main()
