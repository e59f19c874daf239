"""Issue 6's benchmark: SMTP throughput to Postfix's smtp-sink on loopback, in one run, at 1, 4
and 16 connections, for four senders of a ~4 KiB multipart Persian + English message:

- `smtp-source -d` (connection reuse): the ceiling of the link;
- Benchmarks/python_baseline.py (smtplib + EmailMessage + string.Template): what a developer would write;
- Keepsake end to end: `keepsake run --once` over a generated 20,000-delivery day (plan → render →
  MIME → SMTP → durable ledger), a fresh store each time (the import is not timed);
- Keepsake's raw transport: `keepsake-bench` sends one composed message N times through SMTPTransport;
- Keepsake end to end with RSA-2048 DKIM on (issue 7), at 16 connections, beside the DKIM-off figure; the
  key comes from `keepsake dkim keygen` and is configured through KEEPSAKE_DKIM_* variables;
- DKIM signing alone: `keepsake-bench --dkim-signatures N`, signatures per second for RSA-2048 and Ed25519.

KEEPSAKE_BENCH_SMTP_MESSAGES=50 runs it all on a tiny day, to check the script.
"""
import glob
import os
import re
import socket
import subprocess
import time

from bench import Result, benchmark, load_average, report_section, shell_command, ROOT

MESSAGES = int(os.environ.get("KEEPSAKE_BENCH_SMTP_MESSAGES", "20000"))
CONNECTIONS = [1, 4, 16]
SINK = "/usr/sbin/smtp-sink"
SOURCE = "/usr/sbin/smtp-source"
SINK_BACKLOG = 1024
# How many of the audience's messages `keepsake preview --out` writes to measure their average size.
SIZE_SAMPLE = min(MESSAGES, 1000)
# A day with no holiday and no blackout; at 12:00Z the 10:00–20:00 window is open in UTC,
# Europe/Paris, Asia/Tehran and Asia/Dubai, where generate_customers.py --busy-day puts everyone.
BUSY_DAY = "2026-06-10"
NOW = f"{BUSY_DAY}T12:00:00Z"
SENDERS = [
    ("smtp-source", "Postfix smtp-source -d (the link's ceiling)"),
    ("python", "Python: smtplib + EmailMessage + string.Template"),
    ("keepsake-run", "Keepsake end to end (run --once)"),
    ("keepsake-bench", "Keepsake raw transport (keepsake-bench)"),
    ("keepsake-run-dkim", "Keepsake end to end, RSA-2048 DKIM on (run --once)"),
]
# Senders measured only at some connection counts (the others at all of CONNECTIONS).
ONLY_AT = {"keepsake-run-dkim": [16]}
# The DKIM key of the DKIM-on row: the sample campaigns send from shop.example, so From is there too.
DKIM_DOMAIN = "shop.example"
DKIM_SELECTOR = "bench"
DKIM_SIGNATURES = int(os.environ.get("KEEPSAKE_BENCH_DKIM_SIGNATURES", "2000"))
TARGETS = {
    "smtp-source": "—",
    "python": "—",
    "keepsake-run": "≥ 50 % of smtp-source at 16; ≥ 30× Python; ≤ 100 MB",
    "keepsake-bench": "within 10 % of smtp-source at 1",
    "keepsake-run-dkim": "≥ 2,000 msg/s on 2 cores at 16 (issue 7)",
}


class SmtpSink:
    """Postfix's smtp-sink on 127.0.0.1 at a free port, for the length of a `with` block."""

    def __enter__(self):
        for program in (SINK, SOURCE):
            if not os.access(program, os.X_OK):
                raise SystemExit(f"{program} is missing: install postfix (`make bench` does, when it is missing)")
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        # As root smtp-sink needs -u: it drops to nobody once the socket is open.
        command = [SINK] + (["-u", "nobody"] if os.geteuid() == 0 else []) + [f"127.0.0.1:{self.port}", str(SINK_BACKLOG)]
        self.process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stderr=subprocess.PIPE)
        for _ in range(100):
            if self.process.poll() is not None:
                raise SystemExit(f"smtp-sink did not start: {self.process.stderr.read().decode()}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return self
            except OSError:
                time.sleep(0.05)
        raise SystemExit(f"smtp-sink is not listening on 127.0.0.1:{self.port}")

    def __exit__(self, *details):
        self.process.terminate()
        self.process.wait()

    def cpu_seconds(self):
        """The sink's CPU seconds so far (user + system, /proc/PID/stat)."""
        with open(f"/proc/{self.process.pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    @property
    def url(self):
        return f"smtp://127.0.0.1:{self.port}"


def reported_rate(output):
    """The messages_per_second=… figure a sender printed."""
    return float(re.search(r"messages_per_second=([\d.]+)", output).group(1))


def reported_bytes(output):
    return int(re.search(r"message_bytes=(\d+)", output).group(1))


def run_smtp_source(context, sink, connections):
    command = [SOURCE, "-d", "-s", str(connections), "-m", str(MESSAGES), "-l", "4096", f"127.0.0.1:{sink.port}"]
    seconds, peak, _ = context.timed(command)
    return command, seconds, peak, MESSAGES / seconds, "body of 4,096 bytes (smtp-source's own text)"


def run_python(context, sink, connections):
    command = ["/usr/bin/python3", "Benchmarks/python_baseline.py", "--port", str(sink.port),
               "--messages", str(MESSAGES), "--threads", str(connections)]
    seconds, peak, output = context.timed(command)
    return command, seconds, peak, MESSAGES / seconds, f"{reported_bytes(output):,} bytes a message"


def run_keepsake(context, sink, connections, audience, message_bytes, extra_environment=None, label="smtp"):
    database = os.path.join(context.work_directory, f"{label}-{connections}.sqlite")
    for leftover in glob.glob(database + "*"):
        os.remove(leftover)
    context.timed([context.binary, "import", "customers", audience, "--database", database],
                  environment={"KEEPSAKE_LOG_LEVEL": "warning"})
    command = [context.binary, "run", "--once", "--now", NOW, "--database", database]
    environment = {"KEEPSAKE_SMTP_URL": sink.url, "KEEPSAKE_SMTP_CONNECTIONS": str(connections), **(extra_environment or {})}
    seconds, peak, output = context.timed(command, environment=environment)
    sent = int(re.search(r"\bsent=(\d+)", output).group(1)) if re.search(r"\bsent=(\d+)", output) else 0
    if sent != MESSAGES:
        raise SystemExit(f"keepsake run --once sent {sent} messages, not {MESSAGES}:\n{output}")
    shown = " ".join(f"{name}={value}" for name, value in sorted(environment.items())) + " " + shell_command(command)
    return shown, seconds, peak, MESSAGES / seconds, f"{message_bytes:,} bytes a message on average; log level info"


def dkim_environment(context):
    """Makes an RSA-2048 key with `keepsake dkim keygen` (once) and returns the KEEPSAKE_* variables
    that sign with it."""
    directory = os.path.join(context.work_directory, "dkim")
    key = os.path.join(directory, f"{DKIM_SELECTOR}.private.pem")
    if not os.path.exists(key):
        os.makedirs(directory, exist_ok=True)
        context.timed([context.binary, "dkim", "keygen", "--selector", DKIM_SELECTOR, "--domain", DKIM_DOMAIN,
                       "--bits", "2048", "--out", directory])
    return {"KEEPSAKE_SENDER_FROM": f"Sahab Shop <hello@{DKIM_DOMAIN}>", "KEEPSAKE_DKIM_DOMAIN": DKIM_DOMAIN,
            "KEEPSAKE_DKIM_SELECTOR": DKIM_SELECTOR, "KEEPSAKE_DKIM_PRIVATE_KEY_FILE": key}


def run_keepsake_dkim(context, sink, connections, audience, message_bytes):
    shown, seconds, peak, rate, notes = run_keepsake(context, sink, connections, audience, message_bytes,
                                                     extra_environment=dkim_environment(context), label="smtp-dkim")
    return shown, seconds, peak, rate, notes.replace(" a message on average", " a message on average before the "
                                                     "DKIM-Signature field (about 0.5 KB more)") + "; RSA-2048 rsa-sha256"


def dkim_signing_rows(context):
    """`keepsake-bench --dkim-signatures N`: signatures per second for RSA-2048 and Ed25519."""
    binary = os.path.join(os.path.dirname(context.binary), "keepsake-bench")
    command = [binary, "--dkim-signatures", str(DKIM_SIGNATURES)]
    load = load_average()
    seconds, peak, output = context.timed(command)
    rows = []
    for match in re.finditer(r"dkim_sign algorithm=(\S+) .*?signatures_per_second=([\d.]+) "
                             r"microseconds_per_signature=([\d.]+) cpu_microseconds_per_signature=([\d.]+)", output):
        algorithm, rate, microseconds, cpu = match.group(1), float(match.group(2)), float(match.group(3)), float(match.group(4))
        print(f"  DKIM signing, {algorithm}: {rate:,.0f} signatures/s ({microseconds:.0f} µs each, {cpu:.0f} µs of CPU)")
        rows.append(Result(
            name=f"DKIM signing alone, {algorithm} ({'RSA-2048' if algorithm.startswith('rsa') else 'Ed25519'})",
            command=shell_command(command), seconds=seconds, peak_rss_kib=peak,
            throughput=f"{rate:,.0f} signatures/s", target="—",
            notes=f"{DKIM_SIGNATURES:,} signatures of the benchmark message on one core, {microseconds:.0f} µs each "
                  f"({cpu:.0f} µs of CPU: canonicalization, hashing and the signature); load {load:.2f}",
            figures={"sender": f"dkim-sign-{algorithm}", "connections": 0, "rate": rate, "load": load, "others": 0.0,
                     "microseconds": microseconds, "cpu_microseconds": cpu},
        ))
    return rows


def run_transport(context, sink, connections):
    binary = os.path.join(os.path.dirname(context.binary), "keepsake-bench")
    command = [binary, "--url", sink.url, "--messages", str(MESSAGES), "--connections", str(connections)]
    seconds, peak, output = context.timed(command)
    return command, seconds, peak, reported_rate(output), f"{reported_bytes(output):,} bytes a message"


def keepsake_message_bytes(context):
    """The average size of the day's messages: `keepsake preview --out` over a sample of the same
    audience (the generator's first rows), in a store of its own."""
    sample = os.path.join(context.work_directory, "busy-day-sample.csv")
    database = os.path.join(context.work_directory, "smtp-preview.sqlite")
    out = os.path.join(context.work_directory, "smtp-preview")
    context.timed(generate_audience(SIZE_SAMPLE, sample))
    context.timed([context.binary, "import", "customers", sample, "--database", database],
                  environment={"KEEPSAKE_LOG_LEVEL": "warning"})
    context.timed([context.binary, "preview", "--date", BUSY_DAY, "--now", NOW, "--database", database, "--out", out])
    sizes = [os.path.getsize(path) for path in glob.glob(os.path.join(out, "**", "*.eml"), recursive=True)]
    if len(sizes) != SIZE_SAMPLE:
        raise SystemExit(f"keepsake preview planned {len(sizes)} messages for {BUSY_DAY}, not {SIZE_SAMPLE}")
    return round(sum(sizes) / len(sizes))


def generate_audience(rows, path):
    """The command that writes the busy day's customers."""
    return ["/usr/bin/python3", os.path.join(ROOT, "Benchmarks/generate_customers.py"),
            "--rows", str(rows), "--out", path, "--busy-day", BUSY_DAY]


def busy_day_store(context, deliveries, label):
    """A fresh store of `deliveries` busy-day customers (generated and imported, not timed): its path."""
    audience = os.path.join(context.work_directory, f"{label}.csv")
    database = os.path.join(context.work_directory, f"{label}.sqlite")
    for leftover in glob.glob(database + "*"):
        os.remove(leftover)
    context.timed(generate_audience(deliveries, audience))
    context.timed([context.binary, "import", "customers", audience, "--database", database],
                  environment={"KEEPSAKE_LOG_LEVEL": "warning"})
    return database


@benchmark
def smtp(context):
    audience = os.path.join(context.work_directory, "busy-day.csv")
    context.timed(generate_audience(MESSAGES, audience))
    message_bytes = keepsake_message_bytes(context)
    runners = {
        "smtp-source": run_smtp_source,
        "python": run_python,
        "keepsake-run": lambda context, sink, connections: run_keepsake(context, sink, connections, audience, message_bytes),
        "keepsake-bench": run_transport,
        "keepsake-run-dkim": lambda context, sink, connections: run_keepsake_dkim(
            context, sink, connections, audience, message_bytes),
    }
    results = []
    with SmtpSink() as sink:
        for connections in CONNECTIONS:
            for sender, label in SENDERS:
                if connections not in ONLY_AT.get(sender, CONNECTIONS):
                    continue
                load, sink_before = load_average(), sink.cpu_seconds()
                command, seconds, peak, rate, notes = runners[sender](context, sink, connections)
                sink_cpu = sink.cpu_seconds() - sink_before
                # What the rest of the machine took meanwhile, in cores (the sender and the sink excluded).
                others = context.last_machine_busy_seconds - context.last_cpu_seconds - sink_cpu
                others = min(os.cpu_count(), max(0.0, others / seconds))
                print(f"  {label}, {connections} connection(s): {rate:,.0f} msg/s, {peak / 1024:.0f} MB, "
                      f"{context.last_cpu_seconds / seconds:.2f} cores (sink {sink_cpu / seconds:.2f}); "
                      f"load {load:.2f}, other processes {others:.2f} cores")
                results.append(Result(
                    name=f"SMTP, {label}, {connections} connection{'s' if connections > 1 else ''}",
                    command=command if isinstance(command, str) else shell_command(command),
                    seconds=seconds, peak_rss_kib=peak, throughput=f"{rate:,.0f} msg/s",
                    target=TARGETS[sender],
                    notes=f"{MESSAGES:,} messages; {notes}; {context.last_cpu_seconds / seconds:.2f} cores; "
                          f"load {load:.2f}, other processes {others:.2f} cores",
                    figures={"sender": sender, "connections": connections, "rate": rate, "load": load,
                             "others": others, "cores": context.last_cpu_seconds / seconds,
                             "sink_cores": sink_cpu / seconds},
                ))
    results += dkim_signing_rows(context)
    for line in smtp_section(results):
        print(line)
    return results


@report_section("smtp")
def smtp_section(results):
    """The side-by-side table: msg/s and peak RSS per sender and connection count, and the ratios."""
    by_key = {(row.figures["sender"], row.figures["connections"]): row for row in results}
    sending = [row for row in results if row.figures["connections"] > 0]
    loads = [row.figures["load"] for row in sending]
    others = [row.figures["others"] for row in sending]

    def rate(sender, connections):
        row = by_key.get((sender, connections))
        return row.figures["rate"] if row else None

    header = "| sender | " + " | ".join(f"{c} connection{'s' if c > 1 else ''}" for c in CONNECTIONS) + " |"
    lines = [
        "## SMTP throughput (issue 6)",
        "",
        f"{MESSAGES:,} messages of about 4 KiB (multipart, Persian + English) to Postfix's smtp-sink on 127.0.0.1, "
        f"all senders in one run on the same {os.cpu_count()} cores as the sink. msg/s (peak RSS).",
        f"Load: the 1-minute load average before each figure was {min(loads):.2f} to {max(loads):.2f} "
        f"(it includes the previous sender's own work); processes other than the sender and the sink "
        f"took {min(others):.2f} to {max(others):.2f} cores on average during each figure "
        f"(/proc/stat). The notes column of the table above gives each figure's own.",
        "",
        header,
        "|---|" + "---:|" * len(CONNECTIONS),
    ]
    for sender, label in SENDERS:
        cells = [f"{by_key[(sender, c)].figures['rate']:,.0f} ({by_key[(sender, c)].peak_rss_kib / 1024:.0f} MB)"
                 if (sender, c) in by_key else "—" for c in CONNECTIONS]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    for keepsake, short in (("keepsake-run", "end to end"), ("keepsake-bench", "raw transport")):
        for other, other_label in (("smtp-source", "smtp-source"), ("python", "Python")):
            ratios = []
            for c in CONNECTIONS:
                mine, theirs = rate(keepsake, c), rate(other, c)
                ratios.append(f"{mine / theirs:.2f}×" if mine and theirs else "—")
            lines.append(f"| Keepsake {short} / {other_label} | " + " | ".join(ratios) + " |")
    signed, unsigned = rate("keepsake-run-dkim", 16), rate("keepsake-run", 16)
    lines.append("| Keepsake end to end, DKIM on / off | " + " | ".join(
        f"{signed / unsigned:.2f}×" if c == 16 and signed and unsigned else "—" for c in CONNECTIONS) + " |")
    signing = [row for row in results if row.figures["sender"].startswith("dkim-sign-")]
    if signing:
        lines += ["", "DKIM signing alone (`keepsake-bench --dkim-signatures`), one core: " + "; ".join(
            f"{row.figures['sender'][len('dkim-sign-'):]} {row.figures['rate']:,.0f} signatures/s "
            f"({row.figures['microseconds']:.0f} µs each, {row.figures['cpu_microseconds']:.0f} µs of CPU)"
            for row in signing) + "."]
    return lines + [""] + target_verdicts(by_key)


def target_verdicts(by_key):
    """Issue 6's targets, each met or not and by how much, from the figures of this run."""
    def rate(sender, connections):
        row = by_key.get((sender, connections))
        return row.figures["rate"] if row else None

    lines = ["Issue 6's targets against these figures:", ""]
    end_to_end, ceiling, python = rate("keepsake-run", 16), rate("smtp-source", 16), rate("python", 16)
    if end_to_end and ceiling:
        share = end_to_end / ceiling
        lines.append(f"- End to end ≥ 50 % of smtp-source at 16 connections: {share:.0%} "
                     f"({end_to_end:,.0f} of {ceiling:,.0f} msg/s) — {'met' if share >= 0.5 else 'not met'}.")
    if end_to_end and python:
        times = end_to_end / python
        lines.append(f"- End to end ≥ 30× the Python baseline at 16: {times:.1f}× — {'met' if times >= 30 else 'not met'}.")
    raw, single = rate("keepsake-bench", 1), rate("smtp-source", 1)
    if raw and single:
        gap = raw / single - 1
        lines.append(f"- Raw transport at 1 connection within 10 % of smtp-source at 1 session: {gap:+.0%} "
                     f"({raw:,.0f} against {single:,.0f} msg/s) — {'met' if gap >= -0.1 else 'not met'}.")
    signed, unsigned = rate("keepsake-run-dkim", 16), rate("keepsake-run", 16)
    if signed:
        lines.append(f"- End to end with RSA-2048 DKIM ≥ 2,000 msg/s on {os.cpu_count()} cores at 16 connections (issue 7): "
                     f"{signed:,.0f} msg/s" + (f", {signed / unsigned - 1:+.0%} against DKIM off ({unsigned:,.0f})"
                                               if unsigned else "") + f" — {'met' if signed >= 2000 else 'not met'}.")
    peaks = [row.peak_rss_kib / 1024 for (sender, _), row in by_key.items() if sender == "keepsake-run"]
    if peaks:
        lines.append(f"- Peak RSS ≤ 100 MB for the {MESSAGES:,}-message run: {max(peaks):.0f} MB at most — "
                     f"{'met' if max(peaks) <= 100 else 'not met'}.")
    lines += ["", "Where the time goes, what was changed and what is left: Benchmarks/PROFILES.md (perf profiles, by hand)."]
    return lines
