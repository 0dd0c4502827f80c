# sapsportal: two commands do all the set-up.
#   make run   build and serve on 127.0.0.1:8080 (a private PostgreSQL and the demo unless DATABASE_URL is set)
#   make test  every test against a real PostgreSQL (TEST_DATABASE_URL, or a private cluster)

GO ?= go
export GOTOOLCHAIN ?= local

.PHONY: run build test race test-e2e cover generate check fuzz seed-scale bench bench-sweep

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

cover:
	$(GO) test -count=1 -cover ./internal/program/

fuzz:
	$(GO) test -run XXX -fuzz FuzzInvariants -fuzztime 60s ./internal/program/

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
