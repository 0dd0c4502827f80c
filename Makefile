# sapsportal: two commands do all the set-up.
#   make run   build and serve on 127.0.0.1:8080 (a private PostgreSQL and the demo unless DATABASE_URL is set)
#   make test  every test against a real PostgreSQL (TEST_DATABASE_URL, or a private cluster)

GO ?= go
export GOTOOLCHAIN ?= local

.PHONY: backup restore run build test race test-e2e test-cluster cover generate check fuzz fuzz-short lint seed-scale bench bench-sweep

build:
	$(GO) build -o bin/sapsportal ./cmd/sapsportal

# exec, so that Ctrl-C and SIGTERM reach the app, which stops its PostgreSQL.
run: build
	exec ./bin/sapsportal $(ARGS)

test:
	$(GO) test -count=1 $(TESTFLAGS) ./...

# The tests again under the race detector (the browser tests excepted: they
# only drive the same server from outside).
race:
	$(GO) test -race -count=1 $$($(GO) list ./... | grep -v /internal/e2e)

# Only the browser tests (headless Chromium); screenshots go to testdata-screens/.
test-e2e:
	$(GO) test -count=1 -run 'TestBrowser' -v ./internal/e2e/

# Several instances for real (internal/cluster): a primary and a streaming
# replica, three portals through pgbouncer and behind nginx; a failover of
# pg_auto_failover under load; a pgBackRest backup and a point-in-time restore.
test-cluster:
	SAPS_CLUSTER_TEST=1 $(GO) test -count=1 -v -timeout 15m ./internal/cluster/

# Backups of the private cluster under .data/ (pgBackRest; its WAL is
# archived to .data/backup while the portal runs). See docs/operations.md.
backup: build
	./bin/sapsportal backup $(ARGS)

# make restore TIME='2026-12-01 14:30:00+00', with the portal stopped.
restore: build
	./bin/sapsportal restore --time "$(TIME)" $(ARGS)

cover:
	$(GO) test -count=1 -cover ./internal/program/

fuzz:
	$(GO) test -run XXX -fuzz FuzzInvariants -fuzztime 60s ./internal/program/

# Every fuzz target briefly (CI): the lifecycle's invariants and each parser
# of hostile input. FUZZTIME=1m for a longer run.
FUZZTIME ?= 5s
FUZZ_TARGETS = ./internal/program/:FuzzInvariants ./internal/program/:FuzzParseCode ./internal/app/:FuzzParseAccruals \
	./internal/web/:FuzzSafeNext ./internal/web/partner/:FuzzSafeFilename ./internal/web/admin/:FuzzSafeCell \
	./internal/web/admin/:FuzzParseMoney ./internal/web/ui/:FuzzFormValues ./internal/web/:FuzzSessionCodec
fuzz-short:
	@set -e; for t in $(FUZZ_TARGETS); do \
		echo "fuzz $${t#*:} ($(FUZZTIME))"; \
		$(GO) test -run XXX -fuzz "^$${t#*:}$$" -fuzztime $(FUZZTIME) "$${t%%:*}" > /tmp/sapsportal-fuzz.log 2>&1 || { cat /tmp/sapsportal-fuzz.log; exit 1; }; \
	done

# Static analysis and known vulnerabilities. govulncheck needs its database
# (vuln.go.dev); where it cannot be reached it says so and is skipped.
lint:
	$(GO) tool staticcheck ./...
	@out=$$($(GO) tool govulncheck ./... 2>&1); status=$$?; \
	if [ $$status -ne 0 ] && echo "$$out" | grep -q "fetching vulnerabilities"; then \
		echo "govulncheck: SKIPPED, the vulnerability database cannot be reached from here:"; echo "$$out" | tail -1; \
	else echo "$$out"; exit $$status; fi

generate:
	$(GO) tool templ generate

# What CI checks besides the tests: formatting, vet, generated views in sync.
check:
	@test -z "$$(gofmt -l cmd internal web migrations)" || (gofmt -l cmd internal web migrations; echo "gofmt needed"; exit 1)
	$(GO) vet ./...
	$(GO) tool templ generate >/dev/null 2>&1
	@git diff --exit-code -- '*_templ.go' || (echo "templ generate changed files: commit them"; exit 1)

# A large program for measuring (default 10,000 customers, 1,000,000
# vouchers) loaded with set-based SQL into DATABASE_URL, or into the private
# cluster under .data-scale: serve it with make run ARGS="--data-dir .data-scale".
# ARGS="--customers 1000 --vouchers 100000" sizes it.
seed-scale:
	$(GO) run ./cmd/seed-scale $(ARGS)

# The portal against a bare baseline over one loaded program (kept under
# .data-bench, loaded on first use): rps, p50, p99, RSS and statements per
# request for every hot page. ARGS as for seed-scale, plus --rounds,
# --duration, -c.
bench: build
	$(GO) build -o bin/bench ./cmd/bench
	./bin/bench $(ARGS)

# The catch-up of every voucher of a loaded program falling due at once.
bench-sweep:
	$(GO) build -o bin/bench ./cmd/bench
	./bin/bench --sweep $(ARGS)
