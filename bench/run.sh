#!/usr/bin/env bash
# Benchmark saga_cms: one command from a fresh clone (see README.md, "Benchmark").
# Sets up the project's virtualenv like `make test`, checks for wrk (installing the Debian
# package when run as root), then runs bench/run.py with the options given here
# (`bench/run.sh --help` lists them). PostgreSQL is measured too when DATABASE_URL is set.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v wrk >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "bench: installing wrk (Debian package)" >&2
        apt-get install -y wrk >/dev/null 2>&1 \
            || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; } || true
    fi
    if ! command -v wrk >/dev/null 2>&1; then
        echo "bench: wrk is not installed; install the Debian package: sudo apt-get install wrk" >&2
        exit 1
    fi
fi

make --no-print-directory .venv/.installed >&2
exec .venv/bin/python -m bench.run "$@"
