# Writes the malformed CSV corpus and its manifest next to this script: /usr/bin/python3 generate.py
import os
H = "id,email,first_name,last_name,locale,timezone,country,calendar,birthday,first_order_at,last_order_at,orders_count,total_spent,currency,tags,consent,consent_at,consent_source"
COLS = H.split(",")
BASE = dict(id="m100", email="new.customer@example.com", first_name="زهرا", last_name="احمدی", locale="fa-IR",
            timezone="Asia/Tehran", country="IR", calendar="persian", birthday="1370-06-15",
            first_order_at="2020-01-05T10:00:00Z", last_order_at="2024-03-01T08:30:00Z", orders_count="3",
            total_spent="1200.50", currency="IRR", tags="vip", consent="opted_in", consent_at="2020-01-05T10:00:00Z",
            consent_source="checkout checkbox")
# The first data row changes a customer the test seeds into the store (s001), so a rollback must undo an update.
UPDATE = dict(BASE, id="s001", email="seed1@example.com", first_name="Changed", consent="opted_out",
              consent_at="2025-01-01T00:00:00Z", consent_source="newsletter form")
def row(**over):
    d = dict(BASE, **over)
    return ",".join(d[c] for c in COLS)
upd = ",".join(UPDATE[c] for c in COLS)
cases = []  # (file, content bytes, fragment, message words)
def add(name, body_rows, fragment, words, header=H, newline="\n", bom=False):
    text = newline.join([header] + body_rows) + newline
    data = text.encode("utf-8")
    if bom: data = b"\xef\xbb\xbf" + data
    cases.append((name, data, fragment, words))
add("bad-email.csv", [upd, row(email="bob@@example.com")], "3: email", "more than one")
add("email-without-at.csv", [upd, row(email="bob.example.com")], "3: email", "missing")
add("email-empty.csv", [upd, row(email="")], "3: email", "empty")
add("email-with-space.csv", [upd, row(email="bob smith@example.com")], "3: email", "space")
add("id-empty.csv", [upd, row(id="")], "3: id", "empty")
add("duplicate-id.csv", [upd, row(id="m200"), row(id="m200", email="other@example.com")], "4: id", "line 3")
add("persian-month-13.csv", [upd, row(birthday="1403-13-01")], "3: birthday", "month 13")
add("gregorian-february-30.csv", [upd, row(calendar="gregorian", birthday="2026-02-30")], "3: birthday", "day 30")
add("persian-esfand-30-common-year.csv", [upd, row(birthday="1404-12-30")], "3: birthday", "day 30")
add("islamic-day-31.csv", [upd, row(calendar="islamic-umalqura", birthday="1445-01-31")], "3: birthday", "day 31")
add("birthday-slashes.csv", [upd, row(birthday="15/06/1370")], "3: birthday", "YYYY-MM-DD")
add("unknown-time-zone.csv", [upd, row(timezone="Asia/Teheran")], "3: timezone", "not a time zone")
add("unknown-calendar.csv", [upd, row(calendar="jalali")], "3: calendar", "islamic-umalqura")
add("calendar-typo.csv", [upd, row(calendar="persain")], "3: calendar", "did you mean persian")
add("locale-underscore.csv", [upd, row(locale="fa_IR")], "3: locale", "not \"_\"")
add("country-three-letters.csv", [upd, row(country="IRN")], "3: country", "two-letter")
add("negative-orders-count.csv", [upd, row(orders_count="-2")], "3: orders_count", "negative")
add("orders-count-in-words.csv", [upd, row(orders_count="two")], "3: orders_count", "whole number")
add("negative-total-spent.csv", [upd, row(total_spent="-10.00")], "3: total_spent", "negative")
add("total-spent-with-sign.csv", [upd, row(total_spent="$12.00")], "3: total_spent", "currency signs")
add("currency-name.csv", [upd, row(currency="RIAL")], "3: currency", "three-letter")
add("first-order-february-29.csv", [upd, row(first_order_at="2023-02-29T10:00:00Z")], "3: first_order_at", "2023-02-29")
add("last-order-without-offset.csv", [upd, row(last_order_at="2023-02-27T06:03:16")], "3: last_order_at", "instant")
add("consent-yes.csv", [upd, row(consent="yes")], "3: consent", "opted_in or opted_out")
add("consent-without-date.csv", [upd, row(consent_at="")], "3: consent_at", "empty")
add("consent-without-source.csv", [upd, row(consent_source="")], "3: consent_source", "empty")
add("consent-date-garbage.csv", [upd, row(consent_at="last spring")], "3: consent_at", "not a date")
add("unterminated-quote.csv", [upd, row(), row(id="m300", first_name='"Ali')], "4: first_name", "line 4")
add("unterminated-quote-after-quoted-newline.csv",
    [upd, row(id="m300", tags='"vip\nnewsletter"'), row(id="m301", last_name='"Karimi')], "5: last_name", "line 5")
add("stray-quote.csv", [upd, row(first_name='Ali "the great"')], "3: first_name", "not quoted")
add("text-after-quote.csv", [upd, row(first_name='"Ali"x')], "3: first_name", "after the closing quote")
add("too-few-columns.csv", [upd, ",".join(row().split(",")[:17])], "3: consent_source", "17 fields")
add("too-many-columns.csv", [upd, row(first_name="Ali,Reza")], "3: column 19", "19 fields")
add("empty-header-name.csv", [upd], "1: column 5", "no name", header=H.replace("locale", ""))
add("duplicate-header-name.csv", [upd], "1: email", "both named", header=H.replace("locale", "email"))
add("missing-email-column.csv", [",".join(v for c, v in zip(COLS, upd.split(",")) if c != "email")], "1: header",
    "no column holds email", header=",".join(c for c in COLS if c != "email"))
add("quoted-newline-then-bad-email.csv", [upd, row(id="m300", tags='"vip\nnewsletter"'), row(id="m301", email="x@")],
    "5: email", "nothing after")
add("crlf-bad-birthday.csv", [upd, row(birthday="1403-00-10")], "3: birthday", "month 0", newline="\r\n")
add("bom-bad-email.csv", [upd, row(email="<bob@example.com>")], "3: email", "angle brackets", bom=True)
add("bad-row-after-blank-lines.csv", [upd, "", row(id="m300"), "", row(id="m301", timezone="Tehran")],
    "6: timezone", "not a time zone")
add("first-name-with-nul.csv", [upd, row(first_name="A\0li")], "3: first_name", "NUL character")
add("tags-with-nul.csv", [upd.replace(",vip,", ",vip;a\0b,")], "2: tags", "NUL character")
add("empty-file.csv", [], "1: header", "empty", header="")
cases[-1] = ("empty-file.csv", b"", "1: header", "empty")
out = os.path.dirname(os.path.abspath(__file__))
for name, data, fragment, words in cases:
    with open(os.path.join(out, name), "wb") as f: f.write(data)
# Latin-1 bytes: a file saved from a legacy spreadsheet.
latin = (H + "\n" + upd + "\n" + row(last_name="Müller")).encode("utf-8").replace("Müller".encode("utf-8"), "Müller".encode("latin-1")) + b"\n"
open(os.path.join(out, "latin-1-name.csv"), "wb").write(latin)
cases.append(("latin-1-name.csv", latin, "3: last_name", "not UTF-8"))
stray_cr = (H + "\n" + upd + "\n" + row(first_name="Ali\rReza") + "\n").encode("utf-8")
open(os.path.join(out, "stray-carriage-return.csv"), "wb").write(stray_cr)
cases.append(("stray-carriage-return.csv", stray_cr, "3: first_name", "carriage return"))
with open(os.path.join(out, "manifest.tsv"), "w") as f:
    f.write("# file\texpected ROW: column\twords the message must contain\n")
    for name, _, fragment, words in sorted(cases):
        f.write(f"{name}\t{fragment}\t{words}\n")
print(len(cases))
