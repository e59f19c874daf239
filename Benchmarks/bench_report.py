"""Issue 18's benchmarks: `keepsake import orders` of 5,000,000 generated orders for 1,000,000
generated customers (then the same file again: every order already imported), and `keepsake
report` over that store, as JSON and as the HTML page. The customers are imported first (not timed
here). The store has no send-ledger rows: the report's time is that of reading every order (the
retention figures and cohorts) and the period's attributions."""
import os

from bench import Result, benchmark, shell_command, ROOT

CUSTOMERS = int(os.environ.get("KEEPSAKE_BENCH_ORDERS_CUSTOMERS", "1000000"))
ORDERS = int(os.environ.get("KEEPSAKE_BENCH_ORDERS", "5000000"))
QUIET = {"KEEPSAKE_LOG_LEVEL": "warning"}


def orders_store(context):
    """The store with the generated customers and orders: made by import_orders, or here."""
    if "orders_store" not in context.shared:
        import_orders(context)
    return context.shared["orders_store"]


@benchmark
def import_orders(context):
    customers_path = os.path.join(context.work_directory, "orders-customers.csv")
    orders_path = os.path.join(context.work_directory, "orders.csv")
    database = os.path.join(context.work_directory, "orders.sqlite")
    context.timed(["/usr/bin/python3", os.path.join(ROOT, "Benchmarks/generate_customers.py"),
                   "--rows", str(CUSTOMERS), "--out", customers_path])
    _, _, written = context.timed(["/usr/bin/python3", os.path.join(ROOT, "Benchmarks/generate_orders.py"),
                                   "--customers", customers_path, "--orders", str(ORDERS), "--out", orders_path])
    orders = int(written.strip())
    context.timed([context.binary, "import", "customers", customers_path, "--database", database], environment=QUIET)
    size_mb = os.path.getsize(orders_path) / 1e6
    results = []
    for label, notes in (("first import", "new orders"), ("re-import", "same file: every order already imported")):
        command = [context.binary, "import", "orders", orders_path, "--database", database]
        seconds, peak, _ = context.timed(command, environment=QUIET)
        results.append(Result(
            name=f"import orders, {orders:,} orders of {CUSTOMERS:,} customers ({label})",
            command=shell_command(command),
            seconds=seconds,
            peak_rss_kib=peak,
            throughput=f"{orders / seconds:,.0f} orders/s",
            target="minutes, not hours (set from this figure)",
            notes=f"{size_mb:.0f} MB CSV; {notes}; 3 % refunded or cancelled, 5 % with a shop code",
        ))
    context.shared["orders_store"] = (database, orders)
    return results


@benchmark
def report(context):
    database, orders = orders_store(context)
    results = []
    for form in ("json", "html"):
        output = os.path.join(context.work_directory, f"report.{form}")
        command = [context.binary, "report", "--from", "2026-03-01", "--to", "2026-03-31", "--format", form,
                   "--output", output, "--force", "--database", database]
        seconds, peak, _ = context.timed(command, environment=QUIET)
        results.append(Result(
            name=f"report 2026-03, {CUSTOMERS:,} customers, {orders:,} orders ({form})",
            command=shell_command(command),
            seconds=seconds,
            peak_rss_kib=peak,
            throughput=f"{orders / seconds:,.0f} orders/s",
            target="≤ 10 s, ≤ 500 MB",
            notes=f"{os.path.getsize(output) / 1e3:,.0f} kB {form}",
        ))
    return results
