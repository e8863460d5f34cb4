# gonote: `make run` starts the server, `make test` runs every test.
# Both work on a fresh Debian machine with Go: missing packages are installed.

GO       ?= go
BIN      := $(CURDIR)/bin/gonote
ADDR     ?= 127.0.0.1:8888
DIR      ?= my-notebooks
# Debian's Python packages (python3-nbformat) belong to the system Python,
# which need not be the first python3 on PATH.
PYTHON   ?= /usr/bin/python3
CONFORMANCE ?= $(firstword $(wildcard ../shared/conformance) kernel/testdata/conformance)
FUZZTIME ?= 2m

.PHONY: all build run test deps check unit race conformance bench fuzz web clean

all: build

# build makes one static binary: cgo off, so that it runs on any Linux
# of its architecture without the C library it was built against. It
# embeds the lean kernel worker, built first (see kernel/workerbin):
# stripped, since nothing reads its symbols and every server holds a copy
# in memory.
WORKER := kernel/workerbin/gonote-kernel
build:
	CGO_ENABLED=0 $(GO) build -ldflags='-s -w' -o $(WORKER) ./kernel/kernelcmd/gonote-kernel
	CGO_ENABLED=0 $(GO) build -tags gonote_embed_worker -o $(BIN) .

run: build
	$(BIN) serve --addr $(ADDR) --dir $(DIR)

# deps installs what the tests need when it is missing: Chromium for the
# browser tests, python3-nbformat for validating the .ipynb files we write.
deps:
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	$(PYTHON) -c 'import nbformat' >/dev/null 2>&1 || missing="$$missing python3-nbformat"; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi
	$(GO) mod download

test: deps check build unit race conformance

# check: formatting, vet and a tidy go.mod, as every commit must be.
check:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	@cp go.mod /tmp/gonote.go.mod.$$$$ && cp go.sum /tmp/gonote.go.sum.$$$$ && $(GO) mod tidy && \
	if ! cmp -s go.mod /tmp/gonote.go.mod.$$$$ || ! cmp -s go.sum /tmp/gonote.go.sum.$$$$; then \
		echo "go mod tidy changed go.mod/go.sum: commit the tidy result"; exit 1; fi

# unit: packages outside kernel/ and server/ (with the binary build made,
# for TestBuiltWorker) and the kernel engine; race:
# kernel/ and server/ under the race detector.
unit: build
	GONOTE_BIN=$(BIN) GONOTE_PYTHON=$(PYTHON) $(GO) test -count=1 $$($(GO) list ./... | grep -v -e '^gonote/kernel' -e '^gonote/server') ./kernel/engine/...

# The engine's interpreted goroutines share yaegi's frames, which yaegi
# copies without synchronisation: under -race its own races would fail the
# engine's tests at random, so only the engine's tests without interpreted
# goroutines run under -race; unit runs them all.
race:
	GONOTE_PYTHON=$(PYTHON) $(GO) test -race -count=1 -timeout 30m $$($(GO) list ./kernel/... ./server/... | grep -v '^gonote/kernel/engine')
	$(GO) test -race -count=1 -run 'TestOutputOrder|TestTimestamps|TestStopped|TestInline|TestGoexit|TestFunctionsAfterStop|TestStopEndsSleepers|TestSelectStopped|TestClosed|TestCompileErrors' ./kernel/engine

conformance: build
	bash $(CONFORMANCE)/run.sh '$(BIN) exec {}' $(CONFORMANCE)

# bench builds with the embedded worker, so that kernels start as they
# do for users.
bench: build
	$(GO) test -tags gonote_embed_worker -run '^$$' -bench . -benchmem -timeout 60m ./...

fuzz:
	@echo "fuzz targets run $(FUZZTIME) each"
	$(GO) test -run '^$$' -fuzz '^FuzzAPIJSON$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 10s ./server/
	$(GO) test -run '^$$' -fuzz '^FuzzNotebookPath$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 10s ./server/
	$(GO) test -run '^$$' -fuzz '^FuzzDecodeIPYNB$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 10s ./notebooks/
	$(GO) test -run '^$$' -fuzz '^FuzzDecodeMarkdown$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 10s ./notebooks/
	$(GO) test -run '^$$' -fuzz '^FuzzCheckPath$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 10s ./notebooks/
	$(GO) test -run '^$$' -fuzz '^FuzzRecv$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 10s ./kernel/wire/

# web rebuilds the front-end bundle from server/web (needs Node and npm).
web:
	cd server/web && npm ci && npm run build

clean:
	rm -rf bin $(WORKER)
