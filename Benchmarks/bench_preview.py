"""Issue 4's benchmark: `keepsake preview` of one day over 1,000,000 generated customers with the
sample campaigns. The store is built first (an import, not timed here)."""
import os

from bench import Result, benchmark, shell_command, ROOT

ROWS = int(os.environ.get("KEEPSAKE_BENCH_PREVIEW_ROWS", "1000000"))
# An ordinary day. (Nowruz, when every Persian-calendar customer gets a message, renders hundreds of
# thousands of messages: minutes, not seconds — that is the daemon's throughput, issue 6's benchmark.)
DAYS = [("2026-11-24", "an ordinary day: birthdays, anniversaries, win-backs, follow-ups")]


@benchmark
def preview_day(context):
    csv_path = os.path.join(context.work_directory, "preview-customers.csv")
    database = os.path.join(context.work_directory, "preview.sqlite")
    context.timed(["/usr/bin/python3", os.path.join(ROOT, "Benchmarks/generate_customers.py"),
                   "--rows", str(ROWS), "--out", csv_path])
    context.timed([context.binary, "import", "customers", csv_path, "--database", database],
                  environment={"KEEPSAKE_LOG_LEVEL": "warning"})
    results = []
    for day, notes in DAYS:
        command = [context.binary, "preview", "--date", day, "--now", f"{day}T00:00:00Z",
                   "--database", database, "--format", "json"]
        seconds, peak, output = context.timed(command)
        deliveries = output.count("\n")
        results.append(Result(
            name=f"preview {day}, {ROWS:,} customers",
            command=shell_command(command),
            seconds=seconds,
            peak_rss_kib=peak,
            throughput=f"{deliveries:,} deliveries",
            target="≤ 2 s, ≤ 300 MB",
            notes=notes,
        ))
    return results
