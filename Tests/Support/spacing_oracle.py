"""An independent computation of a month of retention mail under caps across days.

Reads the month the Swift tests generate (PlannerTestSupport's CollidingMonth, as JSON: campaigns,
customers, the ledger before the month, the caps) and plays each customer's local days in order,
as the issue states the rules, without Keepsake's code: Eid al-Fitr and Nowruz from hijridate and
jdatetime, local days from zoneinfo. Prints one line per occurrence's final entry:
`campaign customer day word reason`, word planned, deferred or dropped, reason the rule that held
it back last (capped, window, cooldown, between, week, month, customer) or `-`.

Usage: spacing_oracle.py MONTH.json
"""

import datetime
import json
import sys
from zoneinfo import ZoneInfo

import jdatetime
from hijridate import Hijri

COUNTED = {"planned", "sending", "sent", "deferred", "in_doubt"}


def day(text):
    return datetime.date.fromisoformat(text)


def due_dates(campaign, customer, zone):
    """The days each campaign falls due for the customer in 2026 (before its grace)."""
    if campaign == "birthday":
        _, month, mday = customer["birthday"].split("-")
        return [datetime.date(2026, int(month), int(mday))]
    if campaign == "nowruz":
        return [jdatetime.date(1405, 1, 1).togregorian()]
    if campaign == "eid-al-fitr":
        return [Hijri(1447, 10, 1).to_gregorian()]
    if customer["orders_count"] < 1 or customer["last_order_at"] is None:
        return []
    ordered = datetime.datetime.fromisoformat(customer["last_order_at"].replace("Z", "+00:00"))
    local = ordered.astimezone(zone).date()
    return [local + datetime.timedelta(days=3 if campaign == "feedback" else 30)]


def full(mails, today, length, limit):
    """Whether some stretch of `length` days containing `today` already holds `limit` mails."""
    for back in range(length):
        first = today - datetime.timedelta(days=back)
        last = first + datetime.timedelta(days=length - 1)
        if sum(1 for mail_day, _ in mails if first <= mail_day <= last) >= limit:
            return True
    return False


def spacing_reason(month, campaign, mails, today, cap):
    cooldown = campaign["cooldown"]
    if cooldown and any(c == campaign["id"] and abs((d - today).days) < cooldown for d, c in mails):
        return "cooldown"
    between = month["min_days_between"]
    if between and any(abs((d - today).days) < between for d, _ in mails):
        return "between"
    if month["max_per_week"] and full(mails, today, 7, month["max_per_week"]):
        return "week"
    if month["max_per_month"] and full(mails, today, 30, month["max_per_month"]):
        return "month"
    if cap and full(mails, today, cap[1], cap[0]):
        return "customer"
    return None


def plan_customer(month, customer, history):
    zone = ZoneInfo(customer["zone"])
    start = datetime.datetime.fromisoformat(month["start"].replace("Z", "+00:00"))
    first = start.astimezone(zone).date()
    last_day = day(month["last_day"])
    mails = [(day(f["day"]), f["campaign"]) for f in history if f["status"] in COUNTED]
    waiting = []
    for priority, campaign in enumerate(month["campaigns"]):
        grace = datetime.timedelta(days=campaign["grace"])
        for due in due_dates(campaign["id"], customer, zone):
            if first - grace <= due <= last_day:
                waiting.append({"priority": priority, "campaign": campaign, "due": due, "last": due + grace, "held": []})
    lines = []
    today = first
    while today <= last_day and waiting:
        closes = datetime.datetime.combine(today, datetime.time(20, 0), zone)
        day_hold = "window" if closes <= start else None
        still = []
        for item in sorted(waiting, key=lambda w: (w["priority"], w["due"])):
            if item["due"] > today:
                still.append(item)
                continue
            reason = day_hold
            if reason is None and sum(1 for d, _ in mails if d == today) >= month["max_per_day"]:
                reason = "capped"
            if reason is None:
                reason = spacing_reason(month, item["campaign"], mails, today, customer["cap"])
            if reason is None:
                mails.append((today, item["campaign"]["id"]))
                lines.append((item["campaign"]["id"], today, "planned", "-"))
            elif today >= item["last"]:
                lines.append((item["campaign"]["id"], today, "dropped", reason))
            else:
                item["held"].append((today, reason))
                still.append(item)
        waiting = [w for w in still if w["last"] > today]
        today += datetime.timedelta(days=1)
    for item in waiting:
        if item["held"]:
            held_day, reason = item["held"][-1]
            lines.append((item["campaign"]["id"], held_day, "deferred", reason))
    return [f"{campaign} {customer['id']} {when.isoformat()} {word} {reason}" for campaign, when, word, reason in lines]


def main():
    with open(sys.argv[1], encoding="utf-8") as source:
        month = json.load(source)
    by_customer = {}
    for fact in month["history"]:
        by_customer.setdefault(fact["customer"], []).append(fact)
    lines = []
    for customer in month["customers"]:
        lines.extend(plan_customer(month, customer, by_customer.get(customer["id"], [])))
    for line in sorted(lines):
        print(line)


if __name__ == "__main__":
    main()
