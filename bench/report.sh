#!/usr/bin/env bash
# The report benchmark (run on demand, never by the test suite): makes an N-resource, D-day
# snapshot with bench/make_snapshot.py, then, side by side in one run, times Python's
# `json.load` of that file and `crossover report` on it in each format, with peak memory
# (/usr/bin/time), and checks the Markdown report's size and diagram count against the limits
# of docs/performance.md (under 512 KB, at most 50 Mermaid diagrams).
#
#   bench/report.sh                       # 10,000 resources, 30 days, release build
#   RESOURCES=2000 DAYS=14 bench/report.sh
#   CROSSOVER_BIN=target/debug/crossover bench/report.sh   # another build, e.g. a quick check
set -euo pipefail
cd "$(dirname "$0")/.."
RESOURCES="${RESOURCES:-10000}" DAYS="${DAYS:-30}"
out="${OUT:-target/bench}"
mkdir -p "$out"
snap="$out/snapshot-$RESOURCES-$DAYS.json"
[ -f "$snap" ] || python3 bench/make_snapshot.py --resources "$RESOURCES" --days "$DAYS" --out "$snap"
BIN="${CROSSOVER_BIN:-target/release/crossover}"
[ -n "${CROSSOVER_BIN:-}" ] || cargo build --release --quiet

# One measured run: prints "seconds peak-MB" of the command.
measure() {
  local t
  t=$(mktemp)
  # Exit 3 (coverage incomplete) or 4 still wrote a report: measured all the same.
  /usr/bin/time -f "%e %M" -o "$t" "$@" >/dev/null || true
  tail -n 1 "$t" | awk '{printf "%.2f %.0f\n", $1, $2 / 1024}'
  rm -f "$t"
}

echo "snapshot: $snap ($(du -m "$snap" | cut -f1) MB, $RESOURCES resources, $DAYS days)"
printf '%-34s %9s %9s\n' "run" "seconds" "peak MB"
read -r py_s py_mb < <(measure python3 -c 'import json, sys; json.load(open(sys.argv[1]))' "$snap")
printf '%-34s %9s %9s\n' "python3 json.load" "$py_s" "$py_mb"
for format in markdown json csv; do
  read -r s mb < <(measure "$BIN" report --snapshot "$snap" --format "$format" --output "$out/report.$format")
  printf '%-34s %9s %9s\n' "crossover report --format $format" "$s" "$mb"
  if [ "$format" = markdown ]; then md_s=$s md_mb=$mb; fi
done
awk -v s="$md_s" -v m="$md_mb" -v ps="$py_s" -v pm="$py_mb" 'BEGIN {
  printf "markdown report vs json.load: %.2f× the time, %.2f× the memory (goal: at most 0.20× and 0.25×)\n", s / ps, m / pm }'

md="$out/report.markdown"
bytes=$(wc -c <"$md")
diagrams=$(grep -c '^```mermaid' "$md" || true)
echo "markdown report: $bytes bytes ($((bytes / 1024)) KB), $diagrams Mermaid diagrams, $(wc -l <"$md") lines"
status=0
[ "$bytes" -lt $((512 * 1024)) ] || { echo "FAIL: the Markdown report is not under 512 KB" >&2; status=1; }
[ "$diagrams" -le 50 ] || { echo "FAIL: more than 50 Mermaid diagrams" >&2; status=1; }
exit $status
