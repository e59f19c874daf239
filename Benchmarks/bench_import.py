"""Issue 3's benchmark: `keepsake import customers` of 1,000,000 generated rows into a new store,
then the same file again (every row unchanged: the re-import path)."""
import os

from bench import Result, benchmark, shell_command, ROOT

ROWS = int(os.environ.get("KEEPSAKE_BENCH_IMPORT_ROWS", "1000000"))


@benchmark
def import_customers(context):
    csv_path = os.path.join(context.work_directory, "customers-1m.csv")
    database = os.path.join(context.work_directory, "bench.sqlite")
    generate = ["/usr/bin/python3", os.path.join(ROOT, "Benchmarks/generate_customers.py"),
                "--rows", str(ROWS), "--out", csv_path]
    context.timed(generate)
    size_mb = os.path.getsize(csv_path) / 1e6
    results = []
    for label, notes in (("first import", "new store"), ("re-import", "same file: every row unchanged")):
        command = [context.binary, "import", "customers", csv_path, "--database", database]
        seconds, peak, _ = context.timed(command, environment={"KEEPSAKE_LOG_LEVEL": "warning"})
        results.append(Result(
            name=f"import customers, {ROWS:,} rows ({label})",
            command=shell_command(command),
            seconds=seconds,
            peak_rss_kib=peak,
            throughput=f"{ROWS / seconds:,.0f} rows/s",
            target="≤ 30 s, ≤ 300 MB",
            notes=f"{size_mb:.0f} MB CSV; {notes}",
        ))
    return results
