"""Issue 20's benchmarks: the store on PostgreSQL against the same store on SQLite, in one run.

- postgres_sending: a 20,000-delivery day (bench_smtp's busy day) sent end to end by
  `keepsake run --once` (16 connections to smtp-sink), from a SQLite store and from its copy on
  PostgreSQL (`keepsake store copy`): msg/s of each; target PostgreSQL ≥ 80 % of SQLite.
- postgres_planning: `keepsake preview` of the ordinary day 2026-06-10 over the daemon mix's
  customers (bench_daemon's store, KEEPSAKE_BENCH_DAEMON_ROWS, 1,000,000), on SQLite and on its
  PostgreSQL copy: the planner reads every customer; target PostgreSQL ≤ 1.5 × SQLite.

The PostgreSQL server is Debian's (`postgresql`), started here in a temporary folder on loopback
(as the `postgres` user when run as root: initdb refuses root), with fsync and synchronous_commit
on as in production and shared_buffers 256 MB, and stopped at the end. Copying the store is set-up,
not timed into the figures (its time is in the notes).
"""
import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time

from bench import Result, benchmark, load_average, shell_command
from bench_daemon import ORDINARY_DAY, ROWS, pristine_store
from bench_smtp import BUSY_DAY, SmtpSink, busy_day_store

CONNECTIONS = 16
DELIVERIES = 20_000
USER = "keepsake"
PASSWORD = "keepsake-bench-password"


class PostgresServer:
    """A PostgreSQL server on 127.0.0.1 at a free port, for the length of a `with` block."""

    def __enter__(self):
        initdbs = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
        if not initdbs:
            raise SystemExit("PostgreSQL's server programs are missing: install postgresql (`make deps` does)")
        self.binaries = os.path.dirname(initdbs[-1])
        self.directory = tempfile.mkdtemp(prefix="keepsake-bench-postgres-")
        os.makedirs(os.path.join(self.directory, "socket"))
        password_file = os.path.join(self.directory, "password")
        with open(password_file, "w") as file:
            file.write(PASSWORD + "\n")
        self.prefix = []
        if os.geteuid() == 0:
            import pwd
            owner = pwd.getpwnam("postgres")
            for path in (self.directory, os.path.join(self.directory, "socket"), password_file):
                os.chown(path, owner.pw_uid, owner.pw_gid)
            self.prefix = ["/usr/bin/setpriv", f"--reuid={owner.pw_uid}", f"--regid={owner.pw_gid}", "--clear-groups", "--"]
        os.chmod(self.directory, 0o700)
        self.data = os.path.join(self.directory, "data")
        self.run([os.path.join(self.binaries, "initdb"), "-D", self.data, "-U", USER, "--pwfile", password_file,
                  "--auth-local", "trust", "--auth-host", "scram-sha-256", "-E", "UTF8", "--locale", "C", "--no-sync"])
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.process = subprocess.Popen(
            self.prefix + [os.path.join(self.binaries, "postgres"), "-D", self.data, "-p", str(self.port),
                           "-c", "listen_addresses=127.0.0.1", "-c", f"unix_socket_directories={self.directory}/socket",
                           "-c", "fsync=on", "-c", "synchronous_commit=on", "-c", "shared_buffers=256MB",
                           "-c", "max_connections=100"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=open(os.path.join(self.directory, "postgres.log"), "w"),
            cwd=self.directory)
        for _ in range(600):
            if self.psql("SELECT 1", check=False) == 0:
                return self
            if self.process.poll() is not None:
                break
            time.sleep(0.1)
        raise SystemExit("PostgreSQL did not start: " + open(os.path.join(self.directory, "postgres.log")).read()[-2000:])

    def run(self, command):
        subprocess.run(self.prefix + command, check=True, cwd=self.directory, stdin=subprocess.DEVNULL,
                       stdout=subprocess.DEVNULL, env={"PATH": "/usr/bin:/bin", "LC_ALL": "C"})

    def psql(self, sql, check=True):
        completed = subprocess.run(
            [os.path.join(self.binaries, "psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", f"{self.directory}/socket",
             "-p", str(self.port), "-U", USER, "-d", "postgres", "-c", sql],
            stdin=subprocess.DEVNULL, capture_output=True, text=True)
        if check and completed.returncode != 0:
            raise SystemExit(f"psql {sql}: {completed.stderr}")
        return completed.returncode

    def database(self, name, work_directory):
        """A new database: (its database.url, the password file for it)."""
        self.psql(f"CREATE DATABASE {name}")
        password_file = os.path.join(work_directory, "postgres-password")
        with open(password_file, "w") as file:
            file.write(PASSWORD + "\n")
        os.chmod(password_file, 0o600)
        return f"postgresql://{USER}@127.0.0.1:{self.port}/{name}", password_file

    def __exit__(self, *details):
        subprocess.run(self.prefix + [os.path.join(self.binaries, "pg_ctl"), "stop", "-D", self.data, "-m", "fast", "-w"],
                       cwd=self.directory, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.process.wait()
        shutil.rmtree(self.directory, ignore_errors=True)


def copied_to_postgres(context, server, database, name):
    """The SQLite store `database` copied into a new PostgreSQL database: (url, password file, seconds)."""
    url, password_file = server.database(name, context.work_directory)
    seconds, _, _ = context.timed([context.binary, "store", "copy", "--to", url, "--password-file", password_file,
                                   "--database", database], environment={"KEEPSAKE_LOG_LEVEL": "warning"})
    return url, password_file, seconds


def both_engines(database, url, password_file):
    """(engine, arguments, environment, shown environment) of the SQLite store, then of its PostgreSQL copy."""
    postgres = {"KEEPSAKE_DATABASE_URL": url, "KEEPSAKE_DATABASE_PASSWORD_FILE": password_file}
    return (("SQLite", ["--database", database], {}), ("PostgreSQL", [], postgres))


def shown(environment, command):
    return " ".join(f"{key}={value}" for key, value in sorted(environment.items())) + " " + shell_command(command)


@benchmark
def postgres_sending(context):
    sqlite = busy_day_store(context, DELIVERIES, "postgres-sending-day")
    copy = os.path.join(context.work_directory, "postgres-sending-copy.sqlite")
    shutil.copyfile(sqlite, copy)
    results, rates = [], {}
    with PostgresServer() as server, SmtpSink() as sink:
        url, password_file, copy_seconds = copied_to_postgres(context, server, copy, "sending_day")
        for engine, arguments, environment in both_engines(sqlite, url, password_file):
            command = [context.binary, "run", "--once", "--now", f"{BUSY_DAY}T12:00:00Z"] + arguments
            environment = dict(environment, KEEPSAKE_SMTP_URL=sink.url, KEEPSAKE_SMTP_CONNECTIONS=str(CONNECTIONS),
                               KEEPSAKE_LOG_LEVEL="warning")
            load = load_average()
            seconds, peak, output = context.timed(command, environment=environment)
            sent = int(output.split("sent=")[1].split()[0]) if "sent=" in output else 0
            rates[engine] = sent / seconds
            share = rates[engine] / rates["SQLite"]
            print(f"  {engine}: sent {sent:,} in {seconds:.2f} s ({rates[engine]:,.0f} msg/s)")
            results.append(Result(
                name=f"run --once, a {DELIVERIES:,}-delivery day, {CONNECTIONS} connections, store on {engine}",
                command=shown(environment, command),
                seconds=seconds, peak_rss_kib=peak, throughput=f"{rates[engine]:,.0f} msg/s",
                target="—" if engine == "SQLite" else "≥ 80 % of SQLite's rate (issue 20)",
                notes=(f"{sent:,} sent; {context.last_cpu_seconds:.1f} s of CPU; load {load:.2f}"
                       + ("" if engine == "SQLite" else f"; {share:.0%} of SQLite's rate "
                          f"({'met' if share >= 0.8 else 'not met'}); store copied in {copy_seconds:.1f} s")),
                figures={"engine": engine, "rate": rates[engine], "sent": sent}))
    return results


@benchmark
def postgres_planning(context):
    database, rows = pristine_store(context)
    results, times = list(rows), {}
    output = os.path.join(context.work_directory, "postgres-planning-preview.json")
    with PostgresServer() as server:
        url, password_file, copy_seconds = copied_to_postgres(context, server, database, "planning")
        for engine, arguments, environment in both_engines(database, url, password_file):
            command = [context.binary, "preview", "--date", ORDINARY_DAY, "--now", f"{ORDINARY_DAY}T00:00:00Z",
                       "--format", "json"] + arguments
            load = load_average()
            seconds, peak, _ = context.timed(command, environment=dict(environment, KEEPSAKE_LOG_LEVEL="warning"),
                                             stdout_path=output)
            times[engine] = seconds
            entries = sum(1 for _ in open(output))
            ratio = seconds / times["SQLite"]
            print(f"  {engine}: preview of {ORDINARY_DAY} in {seconds:.2f} s, {entries:,} entries")
            results.append(Result(
                name=f"preview {ORDINARY_DAY} (planning {ROWS:,} customers), store on {engine}",
                command=shown(environment, command),
                seconds=seconds, peak_rss_kib=peak, throughput=f"{entries:,} entries",
                target="—" if engine == "SQLite" else "≤ 1.5 × SQLite's time (issue 20)",
                notes=(f"{context.last_cpu_seconds:.1f} s of CPU; load {load:.2f}"
                       + ("" if engine == "SQLite" else f"; {ratio:.2f} × SQLite ({'met' if ratio <= 1.5 else 'not met'}); "
                          f"store copied in {copy_seconds:.1f} s")),
                figures={"engine": engine, "seconds": seconds, "entries": entries}))
    return results
