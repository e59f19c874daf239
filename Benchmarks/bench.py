#!/usr/bin/env python3
"""Keepsake's benchmarks: runs each one on a release build and rewrites BENCHMARKS.md.

Usage (from the repository root; `make bench` does this):

    /usr/bin/python3 Benchmarks/bench.py --binary .build/release/keepsake [--only NAME ...]

Each benchmark is a function below registered in BENCHMARKS. It runs real commands under
/usr/bin/time -v, so every figure is wall-clock seconds and peak resident memory of the whole
process, and it returns rows for the table. Nothing here is a test: targets are reported, not
asserted, and the figures go into BENCHMARKS.md with the machine, date and exact commands.
"""
import argparse
import json
import datetime
import os
import platform
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCHMARKS = []


def benchmark(function):
    """Registers a benchmark; it is called with a Context and returns a list of Result rows."""
    BENCHMARKS.append(function)
    return function


# Extra report sections by benchmark name: a function from that benchmark's rows to Markdown lines.
SECTIONS = {}


def report_section(benchmark_name):
    """Registers a function that writes a section of BENCHMARKS.md from one benchmark's rows."""
    def register(function):
        SECTIONS[benchmark_name] = function
        return function
    return register


def load_average():
    """The 1-minute load average: what else the machine was doing while a figure was taken."""
    return os.getloadavg()[0]


def busy_cpu_seconds():
    """CPU seconds all cores have spent busy since boot (/proc/stat: all but idle and iowait)."""
    with open("/proc/stat") as stat:
        fields = [int(value) for value in stat.readline().split()[1:9]]
    user, nice, system, _idle, _iowait, irq, softirq, steal = fields
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


RESULTS_FILE = os.path.join(ROOT, "Benchmarks", "results.json")


class Result:
    def __init__(self, name, command, seconds, peak_rss_kib, throughput, target, notes="", measured_at=None,
                 figures=None):
        self.name = name
        self.command = command
        self.seconds = seconds
        self.peak_rss_kib = peak_rss_kib
        self.throughput = throughput
        self.target = target
        self.notes = notes
        self.measured_at = measured_at or datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d")
        # Numbers a report section needs (rates, connections, load), kept in results.json.
        self.figures = figures or {}


class Context:
    def __init__(self, binary, work_directory):
        self.binary = binary
        self.work_directory = work_directory
        # The last timed command's CPU seconds (user + system) and the whole machine's busy CPU
        # seconds meanwhile: the difference is what other processes took.
        self.last_cpu_seconds = 0.0
        self.last_machine_busy_seconds = 0.0
        # What one benchmark prepared and a later one in the same run may reuse (a store, a file).
        self.shared = {}

    def timed(self, arguments, environment=None, stdout_path=None, stderr_path=None):
        """Runs a command under /usr/bin/time -v; returns (seconds, peak RSS in KiB, stdout). With
        `stderr_path`, the command's standard error (Keepsake's log) is also kept in that file; with
        `stdout_path`, its output goes straight to that file (a large output is never held here)
        and the stdout returned is empty."""
        time_log = os.path.join(self.work_directory, "time.log")
        full = ["/usr/bin/time", "-v", "-o", time_log] + arguments
        # KEEPSAKE_BENCH_* size the benchmarks; keepsake refuses unknown KEEPSAKE_* variables.
        env = {name: value for name, value in os.environ.items() if not name.startswith("KEEPSAKE_BENCH_")}
        env.update(environment or {})
        print("  $ " + " ".join(shlex.quote(a) for a in arguments), flush=True)
        busy_before = busy_cpu_seconds()
        output = open(stdout_path, "w") if stdout_path else subprocess.PIPE
        try:
            completed = subprocess.run(full, env=env, cwd=ROOT, stdin=subprocess.DEVNULL,
                                       stdout=output, stderr=subprocess.PIPE, text=True)
        finally:
            if stdout_path:
                output.close()
        self.last_machine_busy_seconds = busy_cpu_seconds() - busy_before
        if stderr_path:
            with open(stderr_path, "w") as kept:
                kept.write(completed.stderr)
        if completed.returncode != 0:
            sys.stderr.write((completed.stdout or "") + completed.stderr)
            raise SystemExit(f"benchmark command failed with exit {completed.returncode}")
        log = open(time_log).read()
        seconds = parse_elapsed(re.search(r"Elapsed \(wall clock\) time.*: (\S+)", log).group(1))
        peak = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", log).group(1))
        self.last_cpu_seconds = sum(float(value) for value in re.findall(r"(?:User|System) time \(seconds\): (\S+)", log))
        return seconds, peak, completed.stdout or ""


def parse_elapsed(text):
    """Reads /usr/bin/time's h:mm:ss or m:ss.ss."""
    seconds = 0.0
    for part in text.split(":"):
        seconds = seconds * 60 + float(part)
    return seconds


def shell_command(arguments):
    return " ".join(shlex.quote(a) for a in arguments)


# The benchmarks themselves live in bench_*.py next to this file and register with @benchmark.
def load_benchmarks():
    # The benchmark modules `from bench import …`: let that be this very module, not a second copy.
    sys.modules.setdefault("bench", sys.modules[__name__])
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    for name in sorted(os.listdir(os.path.dirname(os.path.abspath(__file__)))):
        if name.startswith("bench_") and name.endswith(".py"):
            __import__(name[:-3])


def machine_description():
    cpu = "unknown CPU"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kib = int(re.search(r"MemTotal:\s+(\d+)", open("/proc/meminfo").read()).group(1))
        memory = f", {kib / 1024 / 1024:.0f} GiB RAM"
    except (OSError, AttributeError):
        pass
    swift = subprocess.run(["swift", "--version"], capture_output=True, text=True).stdout.splitlines()
    return f"{os.cpu_count()} cores ({cpu}){memory}; {platform.platform()}; {swift[0] if swift else 'swift ?'}"


def load_previous():
    """The figures of every benchmark from earlier runs, by benchmark function name."""
    try:
        with open(RESULTS_FILE) as stored:
            return {name: [Result(**row) for row in rows] for name, rows in json.load(stored).items()}
    except FileNotFoundError:
        return {}


def save(results_by_benchmark):
    with open(RESULTS_FILE, "w") as stored:
        json.dump({name: [vars(row) for row in rows] for name, rows in results_by_benchmark.items()},
                  stored, indent=2, ensure_ascii=False)
        stored.write("\n")


def write_report(results, sections=()):
    lines = [
        "# Benchmarks",
        "",
        "Written by `make bench` (Benchmarks/bench.py) — do not edit by hand; run `make bench` again.",
        "",
        f"- Date: {datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}",
        f"- Machine: {machine_description()}",
        "- Build: `swift build -c release`; times are wall clock, memory is peak RSS of the whole process (`/usr/bin/time -v`).",
        "",
        "| benchmark | time | peak RSS | throughput | target | notes | measured |",
        "|---|---:|---:|---:|---|---|---|",
    ]
    for result in results:
        lines.append(
            f"| {result.name} | {result.seconds:.2f} s | {result.peak_rss_kib / 1024:.0f} MB | "
            f"{result.throughput} | {result.target} | {result.notes} | {result.measured_at} |"
        )
    for section in sections:
        lines += [""] + section
    lines += ["", "## Commands", ""]
    for result in results:
        lines += [f"- {result.name}:", "", "  ```", f"  {result.command}", "  ```", ""]
    with open(os.path.join(ROOT, "BENCHMARKS.md"), "w") as report:
        report.write("\n".join(lines))
    print("\n".join(lines[8:8 + 2 + len(results)]))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", required=True, help="the release keepsake binary")
    parser.add_argument("--only", nargs="*", help="run only the benchmarks with these function names")
    parser.add_argument("--label", help="keep these figures apart, under this label (such as \"before plan-once\"), "
                                        "beside the unlabelled ones: a comparison stays in BENCHMARKS.md")
    arguments = parser.parse_args()
    load_benchmarks()
    results_by_benchmark = load_previous()
    with tempfile.TemporaryDirectory(prefix="keepsake-bench-") as work_directory:
        context = Context(os.path.abspath(arguments.binary), work_directory)
        for function in BENCHMARKS:
            if arguments.only and function.__name__ not in arguments.only:
                continue
            print(f"== {function.__name__}", flush=True)
            rows = function(context)
            if arguments.label:
                for row in rows:
                    row.name = f"{row.name} [{arguments.label}]"
            results_by_benchmark[labelled(function.__name__, arguments.label)] = rows
    save(results_by_benchmark)
    # Each benchmark's figures, then its labelled ones (by label).
    keys = [key for function in BENCHMARKS for key in
            [function.__name__] + sorted(k for k in results_by_benchmark if k.startswith(function.__name__ + "@"))]
    sections = [SECTIONS[key](results_by_benchmark[key]) for key in keys
                if key in SECTIONS and results_by_benchmark.get(key)]
    write_report([row for key in keys for row in results_by_benchmark.get(key, [])], sections)


def labelled(name, label):
    """The key of a benchmark's figures in results.json: its name, with the label after an @."""
    return f"{name}@{label}" if label else name


if __name__ == "__main__":
    main()
