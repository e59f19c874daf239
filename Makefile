# Keepsake — the README's two commands are `make demo` and `make test`.
# Both install what they need from Debian's packages first (as root, or through sudo).

SHELL := /bin/bash
.ONESHELL:
.SHELLFLAGS := -euo pipefail -c

SWIFT ?= swift
# Debian's own python3: python3-aiosmtpd installs into it, whatever python3 comes first on PATH.
PYTHON := /usr/bin/python3
# systemd: systemd-analyze checks systemd/keepsake.service in the tests. python3-dkim (dkimpy): the independent DKIM verifier.
# curl and python3-prometheus-client: the listener tests talk to keepsake run over HTTP and parse its /metrics.
# dovecot-imapd and postfix: the Inbound and IMAP tests start their own instances on loopback (as "No
# configuration": the system's own mail services are stopped and disabled, nothing listens on port 25).
# postgresql: the PostgreSQL store's tests run initdb and postgres in a temporary folder (the system's own cluster is stopped).
APT_PACKAGES := pkg-config libcurl4-openssl-dev libsqlite3-dev python3-aiosmtpd python3-venv python3-pip openssl systemd python3-dkim python3-prometheus-client curl dovecot-imapd postfix chromium libjs-chart.js postgresql
# Independent date oracles for the calendar tests (PyPI), pinned.
ORACLE_PACKAGES := jdatetime==6.1.1 jalali_core==1.0.0 hijridate==2.6.0
ORACLE_VENV := .venv-oracles
# Real bounces for the Inbound tests: the source package of flufl.bounce (its tests/data; the wheel lacks them), pinned.
BOUNCE_CORPUS := .bounce-corpus
BOUNCE_CORPUS_PACKAGE := flufl.bounce==6.0.0
DEMO_DIR := demo-output
DEMO_RECIPIENT := demo-customer@keepsake.test
# Where `make install` puts things; DESTDIR=/some/folder stages them there instead (no systemctl then).
BINDIR := /usr/local/bin
UNITDIR := /etc/systemd/system
CONFDIR := /etc/keepsake

.PHONY: all deps oracles bounce-corpus build test demo bench install clean help

all: build

help:
	@echo "make demo   install what is needed, build, send the sample message to a local capture server, show it"
	@echo "make test   install what is needed, build, run every test"
	@echo "make build  build the keepsake binary (debug)"
	@echo "make bench  build for release, run the benchmarks in Benchmarks/, rewrite BENCHMARKS.md"
	@echo "make install  build for release, install the binary, the systemd unit and /etc/keepsake (through sudo)"

## What `swift build` itself needs of APT_PACKAGES: `make test` installs these first, then builds
## while it installs the rest (the servers, the browser, the oracles) beside the compiler.
BUILD_PACKAGES := pkg-config libcurl4-openssl-dev libsqlite3-dev

## Install the Debian packages Keepsake builds and tests with, only those missing
## (PACKAGES="…" narrows it to those named).
deps:
	@missing=()
	for package in $(or $(PACKAGES),$(APT_PACKAGES)); do
	  dpkg-query -W -f='$${Status}' "$$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$$package")
	done
	if [ $${#missing[@]} -eq 0 ]; then exit 0; fi
	echo "Installing: $${missing[*]}"
	sudo=""; [ "$$(id -u)" -eq 0 ] || sudo="sudo"
	export DEBIAN_FRONTEND=noninteractive
	$$sudo apt-get update -qq
	echo "postfix postfix/main_mailer_type select No configuration" | $$sudo debconf-set-selections
	$$sudo apt-get install -y -qq --no-install-recommends "$${missing[@]}" < /dev/null
	if [ -d /run/systemd/system ]; then $$sudo systemctl disable --now postfix.service dovecot.service postgresql.service 2>/dev/null || true; fi
	$$sudo postfix stop 2>/dev/null || true

build: deps
	$(SWIFT) build

## The independent date oracles (jdatetime, hijridate) the Calendars tests compare against.
oracles: deps
	@if [ ! -x $(ORACLE_VENV)/bin/python ] || ! $(ORACLE_VENV)/bin/python -c 'import jdatetime, hijridate' 2>/dev/null; then
	  echo "Installing the calendar oracles into $(ORACLE_VENV): $(ORACLE_PACKAGES)"
	  rm -rf $(ORACLE_VENV)
	  $(PYTHON) -m venv $(ORACLE_VENV)
	  $(ORACLE_VENV)/bin/pip install --quiet --disable-pip-version-check $(ORACLE_PACKAGES)
	fi

## The 117 real bounces of flufl.bounce 6.0.0 and its expectations, unpacked into $(BOUNCE_CORPUS) (git-ignored).
bounce-corpus: deps
	@if [ ! -f $(BOUNCE_CORPUS)/flufl_bounce-6.0.0/tests/test_detectors.py ]; then
	  echo "Fetching the bounce corpus into $(BOUNCE_CORPUS): $(BOUNCE_CORPUS_PACKAGE) (source package)"
	  rm -rf $(BOUNCE_CORPUS); mkdir -p $(BOUNCE_CORPUS)
	  $(PYTHON) -m pip download --quiet --disable-pip-version-check --no-deps --no-binary :all: $(BOUNCE_CORPUS_PACKAGE) -d $(BOUNCE_CORPUS)
	  tar -xzf $(BOUNCE_CORPUS)/flufl_bounce-6.0.0.tar.gz -C $(BOUNCE_CORPUS)
	fi

## Three Swift test processes, in two lanes that run side by side (each lane's lines are prefixed):
##   daemon | ALONE_TESTS, then everything but the command-line tests;
##   cli    | the Python tests of Tests/Support, then the command-line tests.
## Apart because a test process has one cooperative-pool thread per core: the command-line tests
## drive the real binary and wait on it, holding those threads for minutes, and beside them the
## transport's async tests would sit idle long enough for libcurl to retire their reused connections
## (after 118 s idle), and the tests that prove a waiting store call leaves the pool free would meet
## their time limit. Those (ALONE_TESTS, 70 tests, about 20 s) also run before the daemon's tests,
## which keep both pool threads busy for minutes. Side by side because the lanes' CPU together stays
## under what two cores give in the time of the longer lane (the command-line tests mostly wait on
## the binary and the capture server). The lanes run the built test bundle itself: `swift test`
## holds .build/build.db for its whole run, so a second one beside it stops with "database is locked".
## Each lane is a { pipeline; } in the background: `wait` then gives the pipeline's status (pipefail),
## not sed's. The build runs the same way, beside the installation of what only the tests need.
ALONE_TESTS := ^SMTPTests\.|OwnThreadTests|SendLedgerStoreTests
test:
	@$(MAKE) --no-print-directory deps PACKAGES="$(BUILD_PACKAGES)"
	{ $(SWIFT) build --build-tests 2>&1 | sed -u 's/^/build  | /'; } &
	build=$$!
	$(MAKE) --no-print-directory deps oracles bounce-corpus || { kill $$build 2>/dev/null; exit 1; }
	wait $$build || { status=$$?; echo "make test: the build failed (exit $$status)"; exit $$status; }
	tests="$$($(SWIFT) build --show-bin-path)/keepsakePackageTests.xctest --testing-library swift-testing"
	{ ( $$tests --filter '$(ALONE_TESTS)' \
	  && $$tests --skip KeepsakeCLITests --skip '$(ALONE_TESTS)' ) 2>&1 | sed -u 's/^/daemon | /'; } &
	daemon=$$!
	{ ( $(PYTHON) -m unittest discover -s Tests/Support -p 'test_*.py' \
	  && $$tests --filter KeepsakeCLITests ) 2>&1 | sed -u 's/^/cli    | /'; } &
	cli=$$!
	status=0
	wait $$daemon || { status=$$?; echo "make test: the daemon lane failed (exit $$status)"; }
	wait $$cli || { status=$$?; echo "make test: the cli lane failed (exit $$status)"; }
	exit $$status

## Start the capture server on 127.0.0.1, send the Persian + English sample through the real
## transport, stop the server, and show what it received.
demo: build
	@bin="$$($(SWIFT) build --show-bin-path)/keepsake"
	rm -rf $(DEMO_DIR); mkdir -p $(DEMO_DIR)/spool
	echo "== keepsake import customers samples/customers-sample.csv   (into $(DEMO_DIR)/keepsake.sqlite)"
	"$$bin" import customers samples/customers-sample.csv --database $(DEMO_DIR)/keepsake.sqlite
	echo "== keepsake consent verify"
	"$$bin" consent verify --database $(DEMO_DIR)/keepsake.sqlite
	echo "== keepsake validate   (campaigns/ and templates/)"
	"$$bin" validate
	echo "== keepsake preview --date 2026-03-21   (Nowruz 1405: a busy day; messages in $(DEMO_DIR)/preview/)"
	"$$bin" preview --date 2026-03-21 --now 2026-03-20T00:00:00Z --database $(DEMO_DIR)/keepsake.sqlite --out $(DEMO_DIR)/preview > $(DEMO_DIR)/preview.txt
	head -n 12 $(DEMO_DIR)/preview.txt; echo "   …"; tail -n 1 $(DEMO_DIR)/preview.txt
	$(PYTHON) Tests/Support/smtp_capture_server.py --host 127.0.0.1 --port 0 --spool $(DEMO_DIR)/spool > $(DEMO_DIR)/server.out 2> $(DEMO_DIR)/server.log &
	server=$$!
	trap 'kill $$server 2>/dev/null || true; wait $$server 2>/dev/null || true' EXIT
	for _ in $$(seq 1 100); do grep -q '^READY' $(DEMO_DIR)/server.out 2>/dev/null && break; sleep 0.1; done
	port="$$(awk '/^READY/ {print $$2}' $(DEMO_DIR)/server.out)"
	[ -n "$$port" ] || { echo "capture server did not start:"; cat $(DEMO_DIR)/server.log; exit 1; }
	echo "== Capture server listening on 127.0.0.1:$$port"
	echo "== keepsake dkim keygen --selector demo --domain shop.example   (every message below is DKIM-signed with it)"
	mkdir -p $(DEMO_DIR)/dkim
	"$$bin" dkim keygen --selector demo --domain shop.example --out $(DEMO_DIR)/dkim > $(DEMO_DIR)/dkim/keygen.txt
	grep "IN TXT" $(DEMO_DIR)/dkim/keygen.txt | cut -c1-100 | sed -e 's/$$/…/' -e 's/^/   /'
	export KEEPSAKE_SENDER_FROM="Sahab Shop <hello@shop.example>" KEEPSAKE_DKIM_DOMAIN=shop.example \
	  KEEPSAKE_DKIM_SELECTOR=demo KEEPSAKE_DKIM_PRIVATE_KEY_FILE=$(DEMO_DIR)/dkim/demo.private.pem
	echo "== keepsake send-test --to $(DEMO_RECIPIENT)   (the Persian + English sample; KEEPSAKE_SMTP_URL=smtp://127.0.0.1:$$port)"
	KEEPSAKE_SMTP_URL="smtp://127.0.0.1:$$port" "$$bin" send-test --to $(DEMO_RECIPIENT)
	echo "== keepsake send-test --campaign nowruz --customer c000001 --to $(DEMO_RECIPIENT)   (that customer's Nowruz message)"
	KEEPSAKE_SMTP_URL="smtp://127.0.0.1:$$port" "$$bin" send-test --campaign nowruz --customer c000001 --to $(DEMO_RECIPIENT) --database $(DEMO_DIR)/keepsake.sqlite
	echo "== The daemon through a busy simulated day: keepsake run --once --now T, every hour from 2026-03-20T10:00Z"
	echo "   (Nowruz and Eid al-Fitr begin in UTC+14) until 2026-03-22T12:00Z (the day has ended everywhere); log in $(DEMO_DIR)/daemon.log"
	start=$$(date -u -d 2026-03-20T10:00:00Z +%s)
	for hour in $$(seq 0 50); do
	  now=$$(date -u -d "@$$((start + hour * 3600))" +%Y-%m-%dT%H:%M:%SZ)
	  KEEPSAKE_SMTP_URL="smtp://127.0.0.1:$$port" "$$bin" run --once --now "$$now" --database $(DEMO_DIR)/keepsake.sqlite \
	    2>> $(DEMO_DIR)/daemon.log > $(DEMO_DIR)/tick.txt
	  if grep -q "sent=" $(DEMO_DIR)/tick.txt; then sed -e 's/^/   /' $(DEMO_DIR)/tick.txt; fi
	done
	echo "== A second pass over the same hours sends nothing (the send ledger remembers):"
	KEEPSAKE_SMTP_URL="smtp://127.0.0.1:$$port" "$$bin" run --once --now 2026-03-21T12:00:00Z --database $(DEMO_DIR)/keepsake.sqlite 2>> $(DEMO_DIR)/daemon.log | sed -e 's/^/   /'
	echo "== keepsake status --date 2026-03-21"
	"$$bin" status --date 2026-03-21 --now 2026-03-22T12:00:00Z --database $(DEMO_DIR)/keepsake.sqlite
	echo "== keepsake explain --customer c000036 --date 2026-03-22   (max_per_week: 2: a win-back on the 20th and a birthday on the 21st hold back Nowruz)"
	"$$bin" explain --customer c000036 --date 2026-03-22 --now 2026-03-22T12:00:00Z --database $(DEMO_DIR)/keepsake.sqlite | sed -e 's/^/   /'
	echo "== Returned mail on standard input, as Postfix's pipe would give it: a bounce and a complaint about two of those messages"
	mkdir -p $(DEMO_DIR)/inbound/tmp $(DEMO_DIR)/inbound/new $(DEMO_DIR)/inbound/cur
	bounced="$$(ls $(DEMO_DIR)/spool/*.eml | sort | tail -n 2 | head -n 1)"; complained="$$(ls $(DEMO_DIR)/spool/*.eml | sort | tail -n 1)"
	$(PYTHON) Tests/Support/returned_mail.py bounce "$$bounced" | "$$bin" inbound --spool $(DEMO_DIR)/inbound
	$(PYTHON) Tests/Support/returned_mail.py complaint "$$complained" | "$$bin" inbound --spool $(DEMO_DIR)/inbound
	echo "   keepsake inbound spooled $$(ls $(DEMO_DIR)/inbound/new | wc -l) messages into $(DEMO_DIR)/inbound/new; keepsake inbound process:"
	KEEPSAKE_INBOUND_SPOOL="$(CURDIR)/$(DEMO_DIR)/inbound" "$$bin" inbound process --database $(DEMO_DIR)/keepsake.sqlite 2>> $(DEMO_DIR)/daemon.log | sed -e 's/^/   /'
	echo "== keepsake suppression list   (the bounced address, and the complaint's)"
	"$$bin" suppression list --database $(DEMO_DIR)/keepsake.sqlite | sed -e 's/^/   /'
	echo "== keepsake consent log   (the complaint withdrew consent: source complaint)"
	"$$bin" consent log "$$($(PYTHON) -c 'import email, email.utils, sys; print(email.utils.parseaddr(email.message_from_binary_file(open(sys.argv[1],"rb"))["To"])[1])' "$$complained")" \
	  --database $(DEMO_DIR)/keepsake.sqlite | sed -e 's/^/   /'
	kill $$server; wait $$server 2>/dev/null || true; trap - EXIT
	echo "== What the server received (checked by Python's email parser; the first three in full):"
	$(PYTHON) Tests/Support/show_captured.py --first 3 $(DEMO_DIR)/spool
	echo "== DKIM, checked by an independent verifier (dkimpy, against the TXT record keygen printed):"
	$(PYTHON) Tests/Support/verify_dkim.py --zone $(DEMO_DIR)/dkim/keygen.txt --eml-dir $(DEMO_DIR)/spool \
	  | $(PYTHON) -c 'import json, sys; results = [json.loads(line) for line in sys.stdin]; good = sum(r["rsa"] is True for r in results); print(f"   {good} of {len(results)} message(s) carry a valid rsa-sha256 signature of d=shop.example"); sys.exit(good != len(results))'
	echo "== The captured messages are in $(DEMO_DIR)/spool/ (*.eml, openable in any mail client)"
	echo "== keepsake coupons export --campaign nowruz   (the NOWRUZ codes the simulated day sent)"
	"$$bin" coupons export --campaign nowruz --from 2026-03-20 --to 2026-03-22 --database $(DEMO_DIR)/keepsake.sqlite --out $(DEMO_DIR)/nowruz-codes.csv
	echo "   $$(grep -c ',sent,' $(DEMO_DIR)/nowruz-codes.csv) codes sent; samples/demo_orders.py writes an order history around them: $(DEMO_DIR)/orders.csv"
	$(PYTHON) samples/demo_orders.py samples/customers-sample.csv $(DEMO_DIR)/nowruz-codes.csv > $(DEMO_DIR)/orders.csv
	echo "== keepsake import orders $(DEMO_DIR)/orders.csv   (codes redeemed, each order attributed once)"
	"$$bin" import orders $(DEMO_DIR)/orders.csv --database $(DEMO_DIR)/keepsake.sqlite | sed -e 's/^/   /'
	echo "== keepsake report --from 2026-03-20 --to 2026-03-31   (the simulated day and the week after; the campaigns and retention)"
	"$$bin" report --from 2026-03-20 --to 2026-03-31 --database $(DEMO_DIR)/keepsake.sqlite > $(DEMO_DIR)/report.txt
	awk '/^Monthly cohorts/ {exit} {print "   " $$0}' $(DEMO_DIR)/report.txt
	"$$bin" report --from 2026-03-20 --to 2026-03-31 --format html --output $(DEMO_DIR)/report.html --database $(DEMO_DIR)/keepsake.sqlite
	echo "== keepsake report --from 2026-03-20 --to 2026-03-31 --format html → $(CURDIR)/$(DEMO_DIR)/report.html   (opens offline in any browser)"

## Speed and memory, measured on a release build (not tests): rewrites BENCHMARKS.md.
## BENCH=NAME runs one benchmark (e.g. BENCH=import_customers, BENCH=smtp, BENCH=pacing, BENCH=preview_nowruz); the
## others keep their last figures. LABEL=TEXT keeps the figures apart under that label (a before/after comparison).
## Issue 16's daemon benchmarks are listed in Benchmarks/bench_daemon.py (KEEPSAKE_BENCH_IDLE_MINUTES: the idle run's length).
## The SMTP benchmark needs Postfix's smtp-sink and smtp-source: postfix is installed if they are missing,
## as "No configuration", and its mail service is stopped and disabled (nothing listens on port 25).
bench: deps
	@if [ ! -x /usr/sbin/smtp-sink ] || [ ! -x /usr/sbin/smtp-source ]; then
	  echo "Installing postfix (for smtp-sink and smtp-source only)"
	  sudo=""; [ "$$(id -u)" -eq 0 ] || sudo="sudo"
	  export DEBIAN_FRONTEND=noninteractive
	  echo "postfix postfix/main_mailer_type select No configuration" | $$sudo debconf-set-selections
	  $$sudo apt-get update -qq
	  $$sudo apt-get install -y -qq --no-install-recommends postfix < /dev/null
	  if [ -d /run/systemd/system ]; then $$sudo systemctl disable --now postfix.service || true; fi
	  $$sudo postfix stop 2>/dev/null || true
	fi
	$(SWIFT) build -c release --product keepsake
	$(SWIFT) build -c release --product keepsake-bench
	$(PYTHON) Benchmarks/bench.py --binary "$$($(SWIFT) build -c release --show-bin-path)/keepsake" $(if $(BENCH),--only $(BENCH)) $(if $(LABEL),--label "$(LABEL)")

## Build for release as the calling user, then install through sudo (or as root): the binary, the unit,
## and /etc/keepsake with the example settings, campaigns and templates, each only if not there yet.
## Readable by all (0644): the service's dynamic user is nobody's group; secrets go through LoadCredential.
install:
	@$(SWIFT) build -c release --product keepsake
	bin="$$($(SWIFT) build -c release --show-bin-path)/keepsake"
	sudo=""; [ "$$(id -u)" -eq 0 ] || [ -n "$(DESTDIR)" ] || sudo="sudo"
	conf="$(DESTDIR)$(CONFDIR)"
	$$sudo install -D -m 0755 "$$bin" "$(DESTDIR)$(BINDIR)/keepsake"
	$$sudo install -D -m 0644 systemd/keepsake.service "$(DESTDIR)$(UNITDIR)/keepsake.service"
	$$sudo install -d -m 0755 "$$conf"
	if [ -e "$$conf/keepsake.yaml" ]; then echo "kept $$conf/keepsake.yaml"
	else $$sudo install -m 0644 systemd/keepsake.example.yaml "$$conf/keepsake.yaml"; fi
	for folder in campaigns templates; do
	  if [ -e "$$conf/$$folder" ]; then echo "kept $$conf/$$folder/"; continue; fi
	  $$sudo cp -R --no-preserve=mode,ownership "$$folder" "$$conf/$$folder"
	  $$sudo chmod -R u=rwX,go=rX "$$conf/$$folder"
	done
	if [ -z "$(DESTDIR)" ] && [ -d /run/systemd/system ]; then $$sudo systemctl daemon-reload
	else echo "systemd is not running here (or DESTDIR is set): run systemctl daemon-reload on the target"; fi
	echo
	echo "Installed $(BINDIR)/keepsake and $(UNITDIR)/keepsake.service. Next:"
	echo "  1. Edit $(CONFDIR)/keepsake.yaml (smtp.url, smtp.username, sender.from)."
	echo "  2. Store the SMTP password (systemd hands it to the service as the credential smtp-password):"
	echo "     sudo bash -c 'umask 077; read -rsp \"SMTP password: \" p; echo; printf \"%s\\n\" \"\$$p\" > $(CONFDIR)/smtp-password'"
	echo "  3. Check the files: keepsake validate   (it reads $(CONFDIR)/campaigns and templates, and needs no password)"
	echo "  4. Start it: sudo systemctl enable --now keepsake; then: journalctl -u keepsake -f"
	echo "  README.md, \"Running the service\", shows how to import customers as the service's user."

clean:
	rm -rf .build $(DEMO_DIR) $(ORACLE_VENV) $(BOUNCE_CORPUS)
