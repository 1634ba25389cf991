#!/usr/bin/env bash
# The whole many-machine arrangement on loopback, checked end to end, then stopped:
#
#   reader ──► Varnish (deploy/varnish/default.vcl) ──► app server 1, app server 2 (gunicorn,
#                                                        deploy/gunicorn.conf.py)
#              PostgreSQL and Redis as this machine has them; moto's S3 server for media.
#
#   deploy/smoke.sh [--duration SECONDS]     # load and live checks last SECONDS each (10)
#
# It installs what it needs through the project's files (the .venv of `make test`; Debian's
# varnish, varnish-modules and wrk when missing and it runs as root), creates a fresh
# database (SAGA_SMOKE_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/saga_smoke:
# dropped and made again), empties the Redis database SAGA_SMOKE_CACHE_URL (default
# redis://127.0.0.1:6379/0), generates two sagas, starts the servers on SAGA_SMOKE_PORTS
# (default 8090-8093: S3, app 1, app 2, Varnish), runs deploy/smoke_checks.py (it prints
# what it checked and the figures) and stops everything it started, even on failure.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
started=$(date +%s)
say() { echo "smoke: $*" >&2; }

database_url="${SAGA_SMOKE_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/saga_smoke}"
cache_url="${SAGA_SMOKE_CACHE_URL:-redis://127.0.0.1:6379/0}"
ports="${SAGA_SMOKE_PORTS:-8090-8093}"
first_port="${ports%-*}"
s3_port=$first_port app1_port=$((first_port + 1)) app2_port=$((first_port + 2))
varnish_port=$((first_port + 3))

# What it needs: Debian's packages (as root), the project's virtualenv.
xkey_vmod="$(find /usr/lib -name libvmod_xkey.so 2>/dev/null | head -n 1 || true)"
if ! command -v varnishd >/dev/null 2>&1 && [ ! -x /usr/sbin/varnishd ] \
    || [ -z "$xkey_vmod" ] || ! command -v wrk >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        say "installing Debian's varnish, varnish-modules and wrk"
        export DEBIAN_FRONTEND=noninteractive
        apt-get install -y -q --no-install-recommends varnish varnish-modules wrk >/dev/null \
            || { apt-get update -q >/dev/null \
                && apt-get install -y -q --no-install-recommends varnish varnish-modules wrk \
                    >/dev/null; }
    else
        say "needs Debian's varnish, varnish-modules and wrk: apt-get install them as root"
        exit 1
    fi
fi
varnishd="$(command -v varnishd || echo /usr/sbin/varnishd)"
make --no-print-directory .venv/.installed >&2
python="$root/.venv/bin/python"

work="$(mktemp -d -t saga-smoke.XXXXXX)"
pids=()
stop() {
    status=$?
    for pid in "${pids[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    for pid in "${pids[@]}"; do
        wait "$pid" 2>/dev/null || true
    done
    if [ "$status" -ne 0 ]; then
        say "failed; the servers' last log lines:"
        tail -n 15 "$work"/*.log >&2 2>/dev/null || true
    fi
    rm -rf "$work"
    say "stopped everything it started ($(($(date +%s) - started)) s in all)"
    exit "$status"
}
trap stop EXIT INT TERM

for port in "$s3_port" "$app1_port" "$app2_port" "$varnish_port"; do
    if ! "$python" -c 'import socket, sys; socket.create_server(("127.0.0.1", int(sys.argv[1]))).close()' "$port" 2>/dev/null; then
        say "port $port on 127.0.0.1 is in use (SAGA_SMOKE_PORTS=$ports)"
        exit 1
    fi
done

say "S3 server (moto) on 127.0.0.1:$s3_port"
eval "$(S3_SERVER_LOG="$work/s3.log" deploy/s3-server.sh "$s3_port" saga-smoke-media)"
pids+=("$S3_SERVER_PID")

# The settings every app server gets (README.md, "Running it for real": many machines).
export DJANGO_SETTINGS_MODULE=bench.edge_settings
export DJANGO_DEBUG=false
DJANGO_SECRET_KEY="$("$python" -c 'import secrets; print(secrets.token_urlsafe(50))')"
export DJANGO_SECRET_KEY
export DJANGO_ALLOWED_HOSTS=127.0.0.1,localhost
export DJANGO_SECURE_SSL_REDIRECT=false DJANGO_SECURE_COOKIES=false
export DATABASE_URL="$database_url" DJANGO_CONN_MAX_AGE=60
export CACHE_URL="$cache_url"
export AWS_S3_ADDRESSING_STYLE=path
export SAGA_EDGE_PURGER=varnish-xkey
export SAGA_EDGE_VARNISH_URLS="http://127.0.0.1:$varnish_port"
# One reader on loopback makes all the load: no limit on anonymous requests.
export SAGA_PAGE_ANON_RATE="" SAGA_API_ANON_RATE=""
export DJANGO_LOG_LEVEL=WARNING WEB_CONCURRENCY=2 GUNICORN_ACCESS_LOG=/dev/null

say "fresh database ${database_url##*/}, emptied Redis ${cache_url}"
"$python" - <<'PY'
import os

import environ
import psycopg
import redis

database = environ.Env.db_url_config(os.environ["DATABASE_URL"])
if "postgresql" not in database["ENGINE"]:
    raise SystemExit("smoke: SAGA_SMOKE_DATABASE_URL must name a PostgreSQL database")
with psycopg.connect(
    host=database["HOST"] or "127.0.0.1",
    port=database["PORT"] or 5432,
    user=database["USER"],
    password=database["PASSWORD"] or None,
    dbname="postgres",
    autocommit=True,
) as connection:
    connection.execute(f'DROP DATABASE IF EXISTS "{database["NAME"]}" WITH (FORCE)')
    connection.execute(f'CREATE DATABASE "{database["NAME"]}"')
redis.Redis.from_url(os.environ["CACHE_URL"]).flushdb()
PY
say "migrate, collectstatic, two sagas, an editor"
"$python" manage.py migrate --no-input -v0
"$python" manage.py collectstatic --no-input -v0
"$python" manage.py generate_saga --events 200 --slug alpha --seed 1 >/dev/null
"$python" manage.py generate_saga --events 50 --slug beta --seed 2 >/dev/null
"$python" manage.py create_editor --username smoke --password smoke-password-1 >/dev/null

for number in 1 2; do
    port_var="app${number}_port"
    say "app server $number (gunicorn, deploy/gunicorn.conf.py) on 127.0.0.1:${!port_var}"
    GUNICORN_BIND="127.0.0.1:${!port_var}" "$root/.venv/bin/gunicorn" -c deploy/gunicorn.conf.py \
        >"$work/app$number.log" 2>&1 &
    pids+=("$!")
done

say "Varnish $("$varnishd" -V 2>&1 | head -n 1 | sed 's/^varnishd (\(.*\) revision.*/\1/') on 127.0.0.1:$varnish_port"
sed -e "/^backend app1 {/,/^}/c\\
backend app1 { .host = \"127.0.0.1\"; .port = \"$app1_port\"; .probe = healthz; }\\
backend app2 { .host = \"127.0.0.1\"; .port = \"$app2_port\"; .probe = healthz; }" \
    -e 's/^    app.add_backend(app1);/    app.add_backend(app1);\n    app.add_backend(app2);/' \
    -e 's/\.interval = 5s;/.interval = 1s;/' \
    deploy/varnish/site.vcl >"$work/site.vcl"
"$varnishd" -F -j none -a "127.0.0.1:$varnish_port" -T none -n "$work/varnish" \
    -p "vcl_path=$work" -f "$root/deploy/varnish/default.vcl" -s malloc,256m \
    >"$work/varnish.log" 2>&1 &
pids+=("$!")

SMOKE_APP1="http://127.0.0.1:$app1_port" SMOKE_APP2="http://127.0.0.1:$app2_port" \
    SMOKE_VARNISH="http://127.0.0.1:$varnish_port" SMOKE_S3="$AWS_S3_ENDPOINT_URL" \
    "$python" deploy/smoke_checks.py "$@"
