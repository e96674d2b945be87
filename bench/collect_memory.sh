#!/usr/bin/env bash
# collect's peak memory when one region is large and every series holds hourly data (run on
# demand, never by the test suite). Seeds moto (bench/dense_moto.py: every GetMetricData query
# answers a value in every hour) with ALBS ALBs and APIS APIs in one account and one region, then
# runs `crossover collect` with each binary named, one after the other on the same moto, and
# prints wall time, peak memory (/usr/bin/time -v), GetMetricData calls and the snapshot's size.
#
#   [ALBS=1500] [APIS=100] [DAYS=30] [BINS="OLD_BINARY NEW_BINARY"] bench/collect_memory.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ALBS="${ALBS:-1500}" APIS="${APIS:-100}" DAYS="${DAYS:-30}"
out="${OUT:-target/bench/collect-memory}"
mkdir -p "$out"

[ -x .venv/bin/moto_server ] || scripts/test.sh --no-run >/dev/null
# BINS names the builds to compare (e.g. a release build of main before a change, and after).
if [ -z "${BINS:-}" ]; then
  cargo build --release --quiet
  BINS=target/release/crossover
fi

port=$(.venv/bin/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
.venv/bin/python bench/dense_moto.py -H 127.0.0.1 -p "$port" >"$out/moto.log" 2>&1 &
moto=$!
trap 'kill $moto 2>/dev/null' EXIT
until .venv/bin/python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/moto-api/')" 2>/dev/null; do sleep 0.2; done
endpoint="http://127.0.0.1:$port"

echo "seeding $ALBS ALBs and $APIS APIs in one account and region" >&2
.venv/bin/python bench/seed_bench.py --endpoint "$endpoint" --out "$out/inventory.json" \
  --albs "$ALBS" --apis "$APIS" --regions 1 --accounts 1 --days "$DAYS" --dense 0

export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE AWS_SECRET_ACCESS_KEY=bench-not-a-secret AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1
printf '| binary | wall s | peak MB | GetMetricData calls | snapshot MB |\n|---|---:|---:|---:|---:|\n'
n=0
for bin in $BINS; do
  n=$((n + 1))
  /usr/bin/time -v -o "$out/collect-$n.time" "$bin" collect --endpoint-url "$endpoint" --region us-east-1 \
    --days "$DAYS" --stats --quiet --output "$out/snapshot-$n.json" 2>"$out/collect-$n.stats"
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$out/collect-$n.time")
  kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$out/collect-$n.time")
  calls=$(awk '$1 == "cloudwatch" && $2 == "GetMetricData" {print $3}' "$out/collect-$n.stats")
  size=$(stat -c %s "$out/snapshot-$n.json")
  printf '| %s | %s | %d | %s | %d |\n' "$bin" "$wall" $((kb / 1024)) "$calls" $((size / 1048576))
done
