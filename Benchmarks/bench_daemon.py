"""Issue 16's benchmarks: the daemon and `keepsake preview` over 1,000,000 customers of the daemon
mix (generate_customers.py --mix daemon: a sixth each Persian calendar, Umm al-Qura and four
Gregorian profiles, all in the Nowruz segment, 80 % opted in, order histories).

Each runs alone with BENCH=NAME (`make bench BENCH=preview_nowruz`):

- preview_ordinary_day, preview_nowruz: `keepsake preview --format json` of 2026-06-10 and of
  Nowruz 1405 (2026-03-21): every entry planned and its message rendered; time and peak RSS;
- preview_nowruz_outputs: Nowruz's preview as JSON to /dev/null and as a table to a file (the
  listing's own output cost);
- planning: the same two days planned alone, no message rendered (`keepsake-bench --plan-date`);
- nowruz_first_tick: `keepsake run --once` on Nowruz at 12:00Z, 16 connections to smtp-sink:
  deliveries recorded and sent, time, peak RSS;
- sending_under_load: the next tick on Nowruz (some 750,000 deliveries still waiting) against a
  20,000-delivery day, in the same run, msg/s of each;
- idle_tick: the daemon on the ordinary day with a 5 s tick, once the day is sent: each tick's
  duration (its log line) and CPU;
- idle_daemon: the same with the 60 s tick over KEEPSAKE_BENCH_IDLE_MINUTES (10): CPU share of one core.

End to end against Postfix's smtp-source: BENCH=smtp (bench_smtp.py), unchanged.

KEEPSAKE_BENCH_DAEMON_ROWS sizes the store (1,000,000). KEEPSAKE_BENCH_DAEMON_CACHE=FOLDER keeps
the generated file and the imported store there between runs (keyed by the row count and the
generator's checksum; every benchmark that writes works on a copy).
"""
import glob
import hashlib
import os
import re
import shutil
import signal
import statistics
import subprocess
import time

from bench import Result, benchmark, load_average, shell_command, ROOT
from bench_smtp import BUSY_DAY, SmtpSink, busy_day_store

ROWS = int(os.environ.get("KEEPSAKE_BENCH_DAEMON_ROWS", "1000000"))
CACHE = os.environ.get("KEEPSAKE_BENCH_DAEMON_CACHE")
IDLE_MINUTES = float(os.environ.get("KEEPSAKE_BENCH_IDLE_MINUTES", "10"))
IDLE_TICK_SECONDS = 60
ORDINARY_DAY = "2026-06-10"
NOWRUZ = "2026-03-21"
CONNECTIONS = 16
# The 20,000-delivery day the sending rate under load is compared with (bench_smtp's busy day).
SMALL_DAY_DELIVERIES = 20_000
TICK_LINE = re.compile(r'msg="?tick"? .*?duration_ms=(\d+).*?recorded=(\d+).*?sent=(\d+)')


def generator_checksum():
    with open(os.path.join(ROOT, "Benchmarks/generate_customers.py"), "rb") as source:
        return hashlib.sha256(source.read()).hexdigest()[:12]


def pristine_store(context):
    """The imported store of the daemon mix (imported once per run, or taken from the cache); the
    import is a row of its own when it happens."""
    if "daemon_store" in context.shared:
        return context.shared["daemon_store"], []
    folder = CACHE or context.work_directory
    os.makedirs(folder, exist_ok=True)
    key = f"daemon-{ROWS}-{generator_checksum()}"
    csv_path, database = os.path.join(folder, key + ".csv"), os.path.join(folder, key + ".sqlite")
    rows = []
    if not os.path.exists(database):
        if not os.path.exists(csv_path):
            context.timed(["/usr/bin/python3", os.path.join(ROOT, "Benchmarks/generate_customers.py"),
                           "--rows", str(ROWS), "--mix", "daemon", "--out", csv_path])
        partial = database + ".partial"
        for leftover in glob.glob(partial + "*"):
            os.remove(leftover)
        command = [context.binary, "import", "customers", csv_path, "--database", partial]
        seconds, peak, _ = context.timed(command, environment={"KEEPSAKE_LOG_LEVEL": "warning"})
        for suffix in ("-wal", "-shm"):
            if os.path.exists(partial + suffix):
                os.remove(partial + suffix)
        os.rename(partial, database)
        rows.append(Result(
            name=f"import customers, {ROWS:,} rows of the daemon mix", command=shell_command(command),
            seconds=seconds, peak_rss_kib=peak, throughput=f"{ROWS / seconds:,.0f} rows/s", target="—",
            notes=f"generate_customers.py --mix daemon; load {load_average():.2f}",
            figures={"scenario": "import"}))
    context.shared["daemon_store"] = database
    return database, rows


def store_copy(context, label):
    """A copy of the pristine store, for a benchmark that writes (ticks record deliveries)."""
    database, rows = pristine_store(context)
    copy = os.path.join(context.work_directory, f"{label}.sqlite")
    for leftover in glob.glob(copy + "*"):
        os.remove(leftover)
    shutil.copyfile(database, copy)
    return copy, rows


def preview(context, day, scenario, target):
    database, rows = pristine_store(context)
    output = os.path.join(context.work_directory, f"preview-{day}.json")
    command = [context.binary, "preview", "--date", day, "--now", f"{day}T00:00:00Z",
               "--database", database, "--format", "json"]
    load = load_average()
    seconds, peak, _ = context.timed(command, stdout_path=output)
    with open(output) as listed:
        entries = sum(1 for _ in listed)
    os.remove(output)
    print(f"  preview {day}: {entries:,} entries in {seconds:.2f} s, {peak / 1024:.0f} MB")
    return rows + [Result(
        name=f"preview {day}, {ROWS:,} customers (daemon mix)", command=shell_command(command) + " > preview.json",
        seconds=seconds, peak_rss_kib=peak, throughput=f"{entries:,} entries", target=target,
        notes=f"every entry planned and rendered (JSON lines); {context.last_cpu_seconds:.1f} s of CPU; load {load:.2f}",
        figures={"scenario": scenario, "entries": entries})]


def preview_to(context, day, scenario, output_format, output_path):
    """`keepsake preview` of `day` in `output_format` with its output to `output_path` (a file, or
    /dev/null: what the listing's own writing costs)."""
    database, rows = pristine_store(context)
    command = [context.binary, "preview", "--date", day, "--now", f"{day}T00:00:00Z",
               "--database", database, "--format", output_format]
    load = load_average()
    seconds, peak, _ = context.timed(command, stdout_path=output_path)
    if output_path != os.devnull:
        os.remove(output_path)
    print(f"  preview {day} --format {output_format} > {output_path}: {seconds:.2f} s, {peak / 1024:.0f} MB")
    return rows + [Result(
        name=f"preview {day} --format {output_format} > {'/dev/null' if output_path == os.devnull else 'a file'}, "
             f"{ROWS:,} customers (daemon mix)",
        command=shell_command(command) + f" > {output_path if output_path == os.devnull else 'preview.txt'}",
        seconds=seconds, peak_rss_kib=peak, throughput="—", target="planning ≤ 15 s, ≤ 300 MB (issue 16)",
        notes=f"the listing's own output cost beside preview_nowruz; {context.last_cpu_seconds:.1f} s of CPU; load {load:.2f}",
        figures={"scenario": scenario})]


@benchmark
def preview_nowruz_outputs(context):
    """Nowruz's preview as JSON to /dev/null and as a table to a file (beside preview_nowruz's JSON to a file)."""
    return preview_to(context, NOWRUZ, "preview-nowruz-json-null", "json", os.devnull) + preview_to(
        context, NOWRUZ, "preview-nowruz-table-file", "table", os.path.join(context.work_directory, f"preview-{NOWRUZ}.txt"))


@benchmark
def preview_ordinary_day(context):
    return preview(context, ORDINARY_DAY, "preview-ordinary", "≤ 1 s (issue 16)")


@benchmark
def preview_nowruz(context):
    return preview(context, NOWRUZ, "preview-nowruz", "planning ≤ 15 s, ≤ 300 MB (issue 16)")


@benchmark
def planning(context):
    """Each day planned alone, through keepsake-bench: the planner's own cost."""
    database, rows = pristine_store(context)
    binary = os.path.join(os.path.dirname(context.binary), "keepsake-bench")
    for day, scenario, target in ((ORDINARY_DAY, "plan-ordinary", "≤ 1 s (as its preview)"),
                                  (NOWRUZ, "plan-nowruz", "≤ 15 s, ≤ 300 MB (issue 16)")):
        command = [binary, "--plan-date", day, "--now", f"{day}T00:00:00Z", "--database", database,
                   "--campaigns", "campaigns"]
        load = load_average()
        seconds, peak, output = context.timed(command)
        figures = dict(re.findall(r"(\w+)=([\d.]+)", output))
        print(f"  planning {day}: {output.strip()} (peak {peak / 1024:.0f} MB)")
        rows.append(Result(
            name=f"planning {day} alone, {ROWS:,} customers", command=shell_command(command),
            seconds=float(figures["seconds"]), peak_rss_kib=peak,
            throughput=f"{int(figures['entries']):,} entries ({int(figures['planned']):,} planned)", target=target,
            notes=f"the planner only, no message rendered; {float(figures['cpu_seconds']):.1f} s of CPU; process "
                  f"{seconds:.2f} s with opening the store; load {load:.2f}",
            figures={"scenario": scenario, "entries": int(figures["entries"])}))
    return rows


def run_once(context, sink, database, now, label):
    """`keepsake run --once` at `now`: (shown command, seconds, peak KiB, recorded, sent)."""
    command = [context.binary, "run", "--once", "--now", now, "--database", database]
    environment = {"KEEPSAKE_SMTP_URL": sink.url, "KEEPSAKE_SMTP_CONNECTIONS": str(CONNECTIONS),
                   "KEEPSAKE_LOG_LEVEL": "warning"}
    seconds, peak, output = context.timed(command, environment=environment)
    recorded = int(re.search(r"\brecorded=(\d+)", output).group(1))
    sent = int(re.search(r"\bsent=(\d+)", output).group(1)) if re.search(r"\bsent=(\d+)", output) else 0
    print(f"  {label}: recorded {recorded:,}, sent {sent:,} in {seconds:.2f} s ({sent / seconds:,.0f} msg/s), "
          f"{peak / 1024:.0f} MB")
    shown = " ".join(f"{name}={value}" for name, value in sorted(environment.items())) + " " + shell_command(command)
    return shown, seconds, peak, recorded, sent


def first_tick(context, sink):
    database, rows = store_copy(context, "nowruz")
    load = load_average()
    command, seconds, peak, recorded, sent = run_once(context, sink, database, f"{NOWRUZ}T12:00:00Z", "Nowruz, first tick")
    context.shared["nowruz_after_first_tick"] = database
    return rows + [Result(
        name=f"run --once on Nowruz {NOWRUZ} 12:00Z, first tick, {ROWS:,} customers", command=command,
        seconds=seconds, peak_rss_kib=peak, throughput=f"{recorded:,} recorded, {sent:,} sent",
        target="planning ≤ 15 s, ≤ 300 MB (issue 16)",
        notes=f"{CONNECTIONS} connections to smtp-sink; log level warning; {context.last_cpu_seconds:.1f} s of CPU; "
              f"load {load:.2f}",
        figures={"scenario": "first-tick", "recorded": recorded, "sent": sent})]


@benchmark
def nowruz_first_tick(context):
    with SmtpSink() as sink:
        return first_tick(context, sink)


@benchmark
def sending_under_load(context):
    """The tick after Nowruz's first (its deliveries waiting) against a 20,000-delivery day, one run."""
    results = []
    with SmtpSink() as sink:
        if "nowruz_after_first_tick" not in context.shared:
            results += first_tick(context, sink)
        database = context.shared.pop("nowruz_after_first_tick")
        load = load_average()
        command, seconds, peak, recorded, sent = run_once(
            context, sink, database, f"{NOWRUZ}T12:05:00Z", "Nowruz, a later tick")
        loaded_rate = sent / seconds
        results.append(Result(
            name=f"run --once on Nowruz, a later tick (deliveries waiting), {CONNECTIONS} connections",
            command=command, seconds=seconds, peak_rss_kib=peak, throughput=f"{loaded_rate:,.0f} msg/s",
            target="≥ 80 % of the 20,000-delivery day's rate (issue 16)",
            notes=f"{sent:,} sent, {recorded:,} newly recorded; {context.last_cpu_seconds:.1f} s of CPU; load {load:.2f}",
            figures={"scenario": "loaded-tick", "rate": loaded_rate, "sent": sent}))
        small = busy_day_store(context, SMALL_DAY_DELIVERIES, "small-day")
        load = load_average()
        command, seconds, peak, _, sent = run_once(
            context, sink, small, f"{BUSY_DAY}T12:00:00Z", "a 20,000-delivery day")
        small_rate = sent / seconds
        share = loaded_rate / small_rate
        results.append(Result(
            name=f"run --once on a {SMALL_DAY_DELIVERIES:,}-delivery day, {CONNECTIONS} connections (same run)",
            command=command, seconds=seconds, peak_rss_kib=peak, throughput=f"{small_rate:,.0f} msg/s",
            target="—",
            notes=f"Nowruz's later tick sends at {share:.0%} of this rate ({'met' if share >= 0.8 else 'not met'}: "
                  f"≥ 80 %); {context.last_cpu_seconds:.1f} s of CPU; load {load:.2f}",
            figures={"scenario": "small-day", "rate": small_rate, "share": share}))
    for leftover in glob.glob(database + "*"):
        os.remove(leftover)
    return results


def process_cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def peak_rss_kib(pid):
    with open(f"/proc/{pid}/status") as status:
        return int(re.search(r"VmHWM:\s+(\d+)", status.read()).group(1))


def tick_lines(log_path):
    with open(log_path, errors="replace") as log:
        return [tuple(int(value) for value in match.groups()) for match in map(TICK_LINE.search, log) if match]


def idle_daemon_run(context, tick_seconds, idle_seconds, label):
    """Starts `keepsake run` on the ordinary day at 12:00Z, waits for its first tick (the day's
    sending), then measures `idle_seconds` of ticks with nothing new. Returns (command, figures)."""
    database, rows = store_copy(context, f"idle-{label}")
    log_path = os.path.join(context.work_directory, f"idle-{label}.log")
    with SmtpSink() as sink:
        environment = {"KEEPSAKE_SMTP_URL": sink.url, "KEEPSAKE_SMTP_CONNECTIONS": str(CONNECTIONS),
                       "KEEPSAKE_DAEMON_TICK": f"{tick_seconds}s", "KEEPSAKE_LOG_LEVEL": "info"}
        command = [context.binary, "run", "--now", f"{ORDINARY_DAY}T12:00:00Z", "--database", database]
        env = {name: value for name, value in os.environ.items() if not name.startswith("KEEPSAKE_BENCH_")}
        env.update(environment)
        print("  $ " + shell_command(command), flush=True)
        with open(log_path, "w") as log:
            daemon = subprocess.Popen(command, env=env, cwd=ROOT, stdin=subprocess.DEVNULL, stdout=log, stderr=log)
        try:
            while not tick_lines(log_path):
                if daemon.poll() is not None:
                    raise SystemExit(f"keepsake run exited with {daemon.returncode}: {open(log_path).read()[-2000:]}")
                time.sleep(0.5)
            first = tick_lines(log_path)[0]
            load = load_average()
            cpu_before, started = process_cpu_seconds(daemon.pid), time.monotonic()
            time.sleep(idle_seconds)
            cpu = process_cpu_seconds(daemon.pid) - cpu_before
            elapsed = time.monotonic() - started
            peak = peak_rss_kib(daemon.pid)
        finally:
            daemon.send_signal(signal.SIGTERM)
            daemon.wait(timeout=120)
    idle_ticks = tick_lines(log_path)[1:]
    durations = [ticked[0] for ticked in idle_ticks]
    busy = [ticked for ticked in idle_ticks if ticked[1] or ticked[2]]
    for leftover in glob.glob(database + "*"):
        os.remove(leftover)
    shown = " ".join(f"{name}={value}" for name, value in sorted(environment.items())) + " " + shell_command(command)
    return rows, shown, {"cpu": cpu, "elapsed": elapsed, "peak": peak, "load": load, "durations": durations,
                         "first_sent": first[2], "first_ms": first[0], "busy": len(busy)}


@benchmark
def idle_tick(context):
    rows, command, figures = idle_daemon_run(context, 5, 60, "tick")
    durations = figures["durations"]
    median = statistics.median(durations) if durations else 0
    cpu_per_tick = figures["cpu"] / max(1, len(durations))
    print(f"  idle ticks: {len(durations)}, median {median} ms, {cpu_per_tick * 1000:.0f} ms of CPU each")
    return rows + [Result(
        name=f"a tick with nothing new, {ORDINARY_DAY}, {ROWS:,} customers", command=command,
        seconds=median / 1000, peak_rss_kib=figures["peak"], throughput=f"{cpu_per_tick * 1000:,.0f} ms of CPU a tick",
        target="≤ 20 ms (issue 16)",
        notes=f"median of {len(durations)} ticks' duration_ms (5 s tick, {figures['elapsed']:.0f} s after the first "
              f"tick, which sent {figures['first_sent']:,} in {figures['first_ms'] / 1000:.1f} s; {figures['busy']} of "
              f"them recorded or sent something); longest {max(durations, default=0)} ms; load {figures['load']:.2f}",
        figures={"scenario": "idle-tick", "median_ms": median, "cpu_per_tick": cpu_per_tick})]


@benchmark
def idle_daemon(context):
    rows, command, figures = idle_daemon_run(context, IDLE_TICK_SECONDS, IDLE_MINUTES * 60, "daemon")
    share = figures["cpu"] / figures["elapsed"]
    print(f"  idle daemon: {share:.2%} of a core over {figures['elapsed']:.0f} s")
    return rows + [Result(
        name=f"the idle daemon over {IDLE_MINUTES:g} minutes, {ORDINARY_DAY}, {ROWS:,} customers", command=command,
        seconds=figures["elapsed"], peak_rss_kib=figures["peak"], throughput=f"{share:.2%} of one core",
        target="≤ 0.5 % of one core (issue 16)",
        notes=f"{figures['cpu']:.1f} s of CPU over {len(figures['durations'])} ticks of {IDLE_TICK_SECONDS} s after the "
              f"first (which sent {figures['first_sent']:,}); KEEPSAKE_BENCH_IDLE_MINUTES sets the length; "
              f"load {figures['load']:.2f}",
        figures={"scenario": "idle-daemon", "share": share})]
