# Metanode: `make run` starts a single-validator dev chain; `make test` runs the whole test suite.
# Both install missing system prerequisites first (rocksdb's bindgen needs libclang-dev).

SHELL := /bin/bash
# Builds are shared between checkouts (and CI) through a cache outside the clone; it still works from empty.
export CARGO_TARGET_DIR ?= $(HOME)/.cache/metanode/target
CARGO ?= cargo
APT_PACKAGES := libclang-dev

.PHONY: deps compat-deps build run test test-subxt test-consensus-sweep lint fmt bench clean-chain

## deps: install missing system packages (apt-get; sudo when not root)
deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  if [ "$$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi
	@command -v $(CARGO) >/dev/null || { echo "cargo not found: install Rust from rustup.rs"; exit 1; }

## compat-deps: Node.js and the pinned npm packages of tests/compat (@polkadot/api), for the client tests
COMPAT := tests/compat
compat-deps:
	@if ! command -v node >/dev/null || ! command -v npm >/dev/null; then \
	  echo "installing: nodejs npm"; \
	  if [ "$$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq nodejs npm; \
	fi
	@if [ ! -f $(COMPAT)/node_modules/.package-lock.json ] || \
	    ! cmp -s $(COMPAT)/package-lock.json $(COMPAT)/node_modules/.metanode-lock; then \
	  echo "npm ci in $(COMPAT)"; \
	  npm ci --prefix $(COMPAT) --no-audit --no-fund --loglevel=error && \
	  cp $(COMPAT)/package-lock.json $(COMPAT)/node_modules/.metanode-lock; \
	fi

# One cargo invocation shape for run and test: the same feature resolution, so the RocksDB build (the slow part)
# is compiled once and shared by both.
BUILD_ALL = $(CARGO) build --workspace --bins --tests

## build: the node and CLI binaries (dev profile; dependencies are optimized), and the test binaries
build: deps
	$(BUILD_ALL)

## run: a single-validator dev chain on ws://127.0.0.1:9944 (data under the user's data dir; Ctrl-C stops it)
run: build
	$(CARGO_TARGET_DIR)/debug/metanode start

## test: every crate's tests, the consensus simulator sweep, and the multi-process tests
test: deps compat-deps
	$(BUILD_ALL)
	$(CARGO) test --workspace --no-fail-fast
	$(MAKE) test-subxt

## test-subxt: stock subxt (SubstrateConfig, dynamic calls) against a live dev node. Its own workspace and target
## dir, so subxt's dependency tree never changes the node build's feature resolution (RocksDB would recompile).
SUBXT_TARGET_DIR ?= $(HOME)/.cache/metanode/target-subxt
test-subxt:
	CARGO_TARGET_DIR=$(SUBXT_TARGET_DIR) METANODE_BIN=$(CARGO_TARGET_DIR)/debug/metanode \
	  $(CARGO) test --manifest-path tests/subxt/Cargo.toml

## test-consensus-sweep: the long consensus simulator sweep (SEEDS, N configurable)
test-consensus-sweep:
	SEEDS=$${SEEDS:-5000} N=$${N:-10} $(CARGO) test -p metanode-consensus --release --test sim_sweep long_sweep -- --ignored --nocapture

lint:
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --workspace --all-targets -- -D warnings

fmt:
	$(CARGO) fmt --all

## bench: release binaries, then the dev (1 validator) and 4-validator testnet load runs: one table per setup and the
## headline line (docs/performance.md). BENCH_ARGS passes options to `metanode-bench run` (e.g. --rates 100,1000).
bench: deps
	$(CARGO) build --release --workspace --bins
	$(CARGO_TARGET_DIR)/release/metanode-bench run --out-md $(CARGO_TARGET_DIR)/bench-latest.md $(BENCH_ARGS)
