#!/usr/bin/env bash
# Start an S3 server for trying saga_cms with object storage on one machine, for tests and
# for deploy/smoke.sh: moto's standalone server (pip: moto[server], in the dev extra) on
# 127.0.0.1:PORT, in the background, with BUCKET created and readable by anyone (as media
# behind a CDN are). It prints shell lines to evaluate:
#
#     eval "$(deploy/s3-server.sh 8161 saga-media)"   # sets S3_SERVER_PID and the AWS_* variables
#     .venv/bin/python manage.py runserver            # now stores media in the bucket
#     kill "$S3_SERVER_PID"                           # stop the server (its data is in memory only)
#
# With an S3 server already running (MinIO...), S3_SERVER_ONLY_BUCKET=1 only creates the
# bucket at http://127.0.0.1:PORT with the AWS_* credentials of the environment.
# The server's log goes to $S3_SERVER_LOG (default: nowhere). PYTHON: the interpreter to use
# (default: the project's .venv).
set -euo pipefail
port="${1:?usage: deploy/s3-server.sh PORT [BUCKET]}"
bucket="${2:-saga-media}"
root="$(cd "$(dirname "$0")/.." && pwd)"
python="${PYTHON:-$root/.venv/bin/python}"
export AWS_ACCESS_KEY_ID="${AWS_ACCESS_KEY_ID:-saga-local}"
export AWS_SECRET_ACCESS_KEY="${AWS_SECRET_ACCESS_KEY:-saga-local-secret}"
export AWS_S3_REGION_NAME="${AWS_S3_REGION_NAME:-us-east-1}"
endpoint="http://127.0.0.1:$port"

pid=""
if [ -z "${S3_SERVER_ONLY_BUCKET:-}" ]; then
    if ! "$python" -c 'import socket, sys; socket.create_server(("127.0.0.1", int(sys.argv[1]))).close()' "$port" 2>/dev/null; then
        echo "Port $port on 127.0.0.1 is in use: no S3 server started." >&2
        exit 1
    fi
    "$python" -m moto.server -H 127.0.0.1 -p "$port" >"${S3_SERVER_LOG:-/dev/null}" 2>&1 &
    pid=$!
fi

if ! "$python" - "$endpoint" "$bucket" "${pid:-0}" <<'PY' >&2; then
import json, os, sys, time

import boto3
from botocore.exceptions import EndpointConnectionError

endpoint, bucket, pid = sys.argv[1], sys.argv[2], int(sys.argv[3])
s3 = boto3.client("s3", endpoint_url=endpoint, region_name=os.environ["AWS_S3_REGION_NAME"])
deadline = time.monotonic() + 30
while True:
    try:
        s3.list_buckets()
        break
    except EndpointConnectionError:
        if pid and not os.path.exists(f"/proc/{pid}") or pid and " Z " in open(
            f"/proc/{pid}/stat"
        ).read():
            sys.exit(f"The S3 server stopped as it started (is port {endpoint} in use?).")
        if time.monotonic() > deadline:
            sys.exit(f"No S3 server answered at {endpoint} within 30 s.")
        time.sleep(0.2)
if bucket not in {b["Name"] for b in s3.list_buckets()["Buckets"]}:
    s3.create_bucket(Bucket=bucket)
public_read = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": "*",
            "Action": "s3:GetObject",
            "Resource": f"arn:aws:s3:::{bucket}/*",
        }
    ],
}
s3.put_bucket_policy(Bucket=bucket, Policy=json.dumps(public_read))
PY
    [ -n "$pid" ] && kill "$pid" 2>/dev/null
    exit 1
fi

cat <<ENV
export S3_SERVER_PID=$pid
export DJANGO_MEDIA_STORAGE=s3
export AWS_STORAGE_BUCKET_NAME=$bucket
export AWS_S3_ENDPOINT_URL=$endpoint
export AWS_S3_REGION_NAME=$AWS_S3_REGION_NAME
export AWS_ACCESS_KEY_ID=$AWS_ACCESS_KEY_ID
export AWS_SECRET_ACCESS_KEY=$AWS_SECRET_ACCESS_KEY
ENV
