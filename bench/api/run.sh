#!/usr/bin/env bash
# Control-plane benchmark (issue 6): request latency of `tmirror api` as a real client sees it, and how fast a
# change reaches a long-polling follower. Not a test: run it by hand, in one go:
#   bench/api/run.sh [REQUESTS (default 300)]
# It starts `tmirror api` on a free loopback port with a fresh database in a temporary directory, drives it with
# botocore (the AWS CLI's own library: signed EC2 Query requests, XML parsing) from one process, and reports, per
# call: count, mean, median and 99th percentile in milliseconds. Creates are durable (SQLite WAL, synchronous=FULL),
# so they include one fsync each. Everything it starts is stopped by PID on exit, the directory removed.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
n="${1:-300}"
work="$(mktemp -d /tmp/tmapibench.XXXXXX)"
pid=""
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
python3 -c 'import botocore' 2>/dev/null || { echo "run.sh: needs python3 with botocore (the AWS CLI's library)" >&2; exit 1; }

export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
(cd "$root" && PATH="$JAVA_HOME/bin:$PATH" mvn -B -q -ntp -DskipTests package -pl cli -am) >/dev/null
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')"
printf '[bench]\naws_access_key_id = AKIDBENCH\naws_secret_access_key = bench-secret\n' > "$work/credentials"
"$JAVA_HOME/bin/java" -jar "$root/cli/target/tmirror.jar" api --listen "127.0.0.1:$port" --db "$work/bench.db" \
  --credentials "$work/credentials" > "$work/api.out" 2> "$work/api.err" &
pid=$!
for _ in $(seq 100); do grep -q "serving" "$work/api.out" 2>/dev/null && break; sleep 0.1; done
grep -q "serving" "$work/api.out" || { echo "run.sh: tmirror api did not start:" >&2; cat "$work/api.err" >&2; exit 1; }

python3 - "$port" "$n" <<'PY'
import json, statistics, sys, threading, time, urllib.request
import botocore.session
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

port, n = sys.argv[1], int(sys.argv[2])
url = f"http://127.0.0.1:{port}"
session = botocore.session.get_session()
ec2 = session.create_client("ec2", region_name="us-east-1", endpoint_url=url,
                            aws_access_key_id="AKIDBENCH", aws_secret_access_key="bench-secret")
creds = Credentials("AKIDBENCH", "bench-secret")

def timed(label, calls, fn):
    for _ in range(20): fn()                       # warm-up, not counted
    ms = []
    for _ in range(calls):
        t = time.perf_counter(); fn(); ms.append((time.perf_counter() - t) * 1000)
    ms.sort()
    print(f"{label:44s} n={calls:5d}  mean {statistics.mean(ms):7.2f} ms  median {ms[len(ms)//2]:7.2f} ms  p99 {ms[int(len(ms)*0.99)-1]:7.2f} ms")

timed("CreateTrafficMirrorFilter (durable)", n, lambda: ec2.create_traffic_mirror_filter(Description="bench"))
timed("DescribeTrafficMirrorFilters (MaxResults 5)", n, lambda: ec2.describe_traffic_mirror_filters(MaxResults=5))

def poll(since):
    req = AWSRequest(method="GET", url=f"{url}/tmirror/v1/state?since={since}")
    SigV4Auth(creds, "ec2", "us-east-1").add_auth(req)
    with urllib.request.urlopen(urllib.request.Request(req.url, headers=dict(req.headers)), timeout=40) as r:
        return int(r.headers["X-Tmirror-Version"])

# Change propagation: a follower waits in a long poll; we time from just before the create to its wake-up.
lat = []
for _ in range(50):
    version = poll(-1)
    woke = {}
    t = threading.Thread(target=lambda: woke.setdefault("at", (poll(version), time.perf_counter())))
    t.start(); time.sleep(0.05)
    start = time.perf_counter(); ec2.create_traffic_mirror_filter(Description="propagate"); t.join()
    lat.append((woke["at"][1] - start) * 1000)
lat.sort()
print(f"{'create -> long-poll follower woken':44s} n={len(lat):5d}  mean {statistics.mean(lat):7.2f} ms  median {lat[len(lat)//2]:7.2f} ms  max {lat[-1]:7.2f} ms")
PY
