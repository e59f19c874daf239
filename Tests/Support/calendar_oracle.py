"""Independent calendar oracle for the Calendars tests.

Prints one line per Gregorian day from START to END (inclusive), every STEP days:
    GREGORIAN PERSIAN ISLAMIC
with the Persian date from `jdatetime` and the Umm al-Qura date from `hijridate`, both written
YYYY-MM-DD. Run it with the interpreter of the .venv-oracles environment that `make oracles`
creates.
"""
import datetime
import sys

import jdatetime
from hijridate import Gregorian


def main() -> None:
    start, end = (datetime.date.fromisoformat(value) for value in sys.argv[1:3])
    step = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    day = start
    lines = []
    while day <= end:
        persian = jdatetime.date.fromgregorian(date=day)
        hijri = Gregorian(day.year, day.month, day.day).to_hijri()
        lines.append(
            f"{day.isoformat()} {persian.year:04d}-{persian.month:02d}-{persian.day:02d} "
            f"{hijri.year:04d}-{hijri.month:02d}-{hijri.day:02d}"
        )
        day += datetime.timedelta(days=step)
    sys.stdout.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
