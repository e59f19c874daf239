"""The pacing benchmark: `keepsake run --once` at `smtp.rate: 200/s` over a day of 12,000 deliveries
(a minute's worth) to Postfix's smtp-sink, and the delivered rate read from the daemon's own log
(one `delivery sent` line per message, with its time). Issue 6's target: within ±5 % of 200/s.

The first second may carry a burst of up to one second's tokens (the bucket starts full); the
rate is given both over the whole run and after that first second.
"""
import datetime
import os
import re

from bench import Result, benchmark, load_average, shell_command
from bench_smtp import NOW, SmtpSink, busy_day_store

RATE = 200
DELIVERIES = int(os.environ.get("KEEPSAKE_BENCH_PACING_DELIVERIES", str(RATE * 60)))
SENT_LINE = re.compile(r'^time=(\S+) .*msg="delivery sent"')


def sent_instants(log_path):
    """The instants of the `delivery sent` log lines, in order."""
    instants = []
    with open(log_path) as log:
        for line in log:
            match = SENT_LINE.match(line)
            if match:
                instants.append(datetime.datetime.fromisoformat(match.group(1).replace("Z", "+00:00")))
    return instants


@benchmark
def pacing(context):
    database = busy_day_store(context, DELIVERIES, "pacing")
    log_path = os.path.join(context.work_directory, "pacing.log")
    command = [context.binary, "run", "--once", "--now", NOW, "--database", database]
    with SmtpSink() as sink:
        environment = {"KEEPSAKE_SMTP_URL": sink.url, "KEEPSAKE_SMTP_CONNECTIONS": "4",
                       "KEEPSAKE_SMTP_RATE": f"{RATE}/s"}
        load = load_average()
        seconds, peak, _ = context.timed(command, environment=environment, stderr_path=log_path)
    instants = sent_instants(log_path)
    if len(instants) != DELIVERIES:
        raise SystemExit(f"keepsake run --once sent {len(instants)} messages at {RATE}/s, not {DELIVERIES}")
    span = (instants[-1] - instants[0]).total_seconds()
    overall = (len(instants) - 1) / span
    after_burst = [instant for instant in instants if (instant - instants[0]).total_seconds() >= 1]
    steady = (len(after_burst) - 1) / (after_burst[-1] - after_burst[0]).total_seconds()
    deviation = max(abs(overall / RATE - 1), abs(steady / RATE - 1))
    verdict = "met" if deviation <= 0.05 else "not met"
    print(f"  pacing at {RATE}/s: {overall:.1f} msg/s over {span:.1f} s, {steady:.1f} after the first second — {verdict}")
    shown = " ".join(f"{name}={value}" for name, value in sorted(environment.items())) + " " + shell_command(command)
    return [Result(
        name=f"SMTP pacing, smtp.rate {RATE}/s, 4 connections",
        command=shown, seconds=seconds, peak_rss_kib=peak, throughput=f"{overall:.1f} msg/s",
        target=f"{RATE}/s ± 5 % ({verdict})",
        notes=f"{DELIVERIES:,} deliveries sent over {span:.1f} s (from the first to the last `delivery sent` log line); "
              f"{steady:.1f} msg/s after the first second's burst; load {load:.2f}",
        figures={"rate": overall, "steady": steady, "span": span},
    )]
