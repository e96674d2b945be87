#!/usr/bin/env bash
# The scale benchmark (run on demand, never by the test suite): seeds moto with N ALBs and M
# APIs over R regions and A accounts, runs `crossover scan` as an organization scan, and
# reports wall time, peak memory (/usr/bin/time -v) and API calls per operation against the
# inventory's lower bound; then runs Cloud Custodian's aws.app-elb RequestCount metrics filter
# over the same ALBs for comparison.
#
#   bench/run.sh [ALBS=1000] [APIS=200] [REGIONS=4] [ACCOUNTS=3] [DAYS=30] [DENSE=5]
set -euo pipefail
cd "$(dirname "$0")/.."
ALBS="${ALBS:-1000}" APIS="${APIS:-200}" REGIONS="${REGIONS:-4}" ACCOUNTS="${ACCOUNTS:-3}" DAYS="${DAYS:-30}"
DENSE="${DENSE:-5}" # ALBs with dense hourly series: moto rescans their points for every query and hour
out="${OUT:-target/bench}"
mkdir -p "$out"

[ -x .venv/bin/moto_server ] || scripts/test.sh --no-run >/dev/null
if [ ! -x target/c7n-venv/bin/custodian ]; then
  python3 -m venv target/c7n-venv
  target/c7n-venv/bin/pip install --quiet --disable-pip-version-check 'c7n==0.9.53'
fi
# CROSSOVER_BIN runs another build (e.g. target/debug/crossover for a quick check of the script).
BIN="${CROSSOVER_BIN:-target/release/crossover}"
[ -n "${CROSSOVER_BIN:-}" ] || cargo build --release --quiet

port=$(.venv/bin/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# moto with the API Gateway portal routes it lacks (tests/scenarios/moto_server.py).
.venv/bin/python tests/scenarios/moto_server.py -H 127.0.0.1 -p "$port" >"$out/moto.log" 2>&1 &
moto=$!
trap 'kill $moto 2>/dev/null' EXIT
until .venv/bin/python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/moto-api/')" 2>/dev/null; do sleep 0.2; done
endpoint="http://127.0.0.1:$port"

echo "seeding $ALBS ALBs and $APIS APIs over $REGIONS regions and $ACCOUNTS accounts" >&2
/usr/bin/time -f "%e" -o "$out/seed.time" .venv/bin/python bench/seed_bench.py --endpoint "$endpoint" \
  --out "$out/inventory.json" --albs "$ALBS" --apis "$APIS" --regions "$REGIONS" --accounts "$ACCOUNTS" --days "$DAYS" --dense "$DENSE"
regions=$(.venv/bin/python -c "import json; print(','.join(json.load(open('$out/inventory.json'))['regions']))")

export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE AWS_SECRET_ACCESS_KEY=bench-not-a-secret AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1
set +e
/usr/bin/time -v -o "$out/crossover.time" "$BIN" scan --endpoint-url "$endpoint" \
  --org-role CrossoverAudit --region "$regions" --days "$DAYS" --concurrency 8 --stats --quiet \
  --format json --output "$out/report.json" 2>"$out/crossover.stats"
code=$?
# The same inventory with a one-day window: moto's GetMetricData work grows with hourly periods ×
# stored points, so this run shows how much of the first one was moto scanning its series.
"$BIN" scan --endpoint-url "$endpoint" --org-role CrossoverAudit --region "$regions" --days 1 \
  --concurrency 8 --stats --quiet --format json --output "$out/report-1day.json" 2>"$out/crossover-1day.stats"
set -e
echo "crossover exit code: $code" >&2

# Custodian: the ALB-only RequestCount metrics filter, per account (assumed role) and region.
cat >"$out/policy.yml" <<YAML
policies:
  - name: alb-low-traffic
    resource: aws.app-elb
    filters:
      - type: metrics
        name: RequestCount
        statistics: Sum
        days: $DAYS
        value: 1000
        op: less-than
YAML
accounts=$(.venv/bin/python -c "import json; print(' '.join(json.load(open('$out/inventory.json'))['accounts']))")
region_args=()
for r in ${regions//,/ }; do region_args+=(--region "$r"); done
start=$(date +%s.%N)
for acct in $accounts; do
  AWS_ENDPOINT_URL="$endpoint" target/c7n-venv/bin/custodian run -s "$out/c7n-$acct" --cache-period 0 \
    --assume "arn:aws:iam::$acct:role/CrossoverAudit" "${region_args[@]}" \
    "$out/policy.yml" >"$out/c7n-$acct.log" 2>&1
done
c7n_wall=$(echo "$(date +%s.%N) - $start" | bc)

.venv/bin/python - "$out" "$c7n_wall" <<'PY'
import json, re, sys
out, c7n_wall = sys.argv[1], float(sys.argv[2])
bound = json.load(open(f"{out}/inventory.json"))["lower_bound"]
stats = open(f"{out}/crossover.stats").read()
calls = {}
for line in stats.splitlines():
    m = re.match(r"\s+(\S+)\s+(\S+)\s+(\d+)$", line)
    if m and m.group(1) != "total":
        calls[f"{m.group(1)}:{m.group(2)}"] = int(m.group(3))
wall = float(re.search(r"wall time: ([\d.]+) s", stats).group(1))
timev = open(f"{out}/crossover.time").read()
rss_mb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", timev).group(1)) / 1024
wall_1day = float(re.search(r"wall time: ([\d.]+) s", open(f"{out}/crossover-1day.stats").read()).group(1))
print(f"crossover wall time: {wall:.1f} s, peak memory {rss_mb:.0f} MB")
print(f"crossover wall time with a one-day window over the same inventory: {wall_1day:.1f} s")
print(f"custodian (ALB RequestCount filter only) wall time: {c7n_wall:.1f} s")
print(f"{'operation':<45} {'calls':>7} {'bound':>7}")
total, total_bound = 0, 0
for op in sorted(set(calls) | set(bound)):
    c, b = calls.get(op, 0), bound.get(op, 0)
    total, total_bound = total + c, total_bound + b
    print(f"{op:<45} {c:>7} {b:>7}{'' if c <= b else '  above'}")
print(f"{'total':<45} {total:>7} {total_bound:>7}  ({100 * (total - total_bound) / max(total_bound, 1):+.1f}%)")
PY
