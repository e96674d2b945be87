#!/usr/bin/env bash
# Entry point of the scheduled ECS task (docs/examples/ecs-scheduled-audit.yaml): scan with the
# task role, keep the dated reports in S3 and write the diff against the previous report next to
# them. crossover itself only reads the account; the S3 calls are this script's, made with the
# AWS CLI. See docs/scheduling.md.
#
# Settings (environment variables, set by the task definition):
#   CROSSOVER_BUCKET           the reports bucket (required)
#   CROSSOVER_PREFIX           key prefix, ending with a slash (default: crossover/; empty: root)
#   CROSSOVER_REGIONS          regions to scan, comma-separated (required)
#   CROSSOVER_FAIL_ON_SAVINGS  exit 4 when the monthly savings found exceed this many USD
#   CROSSOVER                  the crossover program (default: crossover on PATH)
# Arguments are passed on to `crossover scan`.
#
# Exit status: crossover's (0, 3 or 4: the reports and the diff are in S3), or non-zero when
# the scan or an S3 call failed. The task's exit code shows in ECS and in its state-change
# events, which an EventBridge rule can alert on.
set -euo pipefail
# Report names carry the UTC collection time (crossover-YYYYMMDDTHHMMSSZ-...): byte order is
# time order.
export LC_ALL=C

bucket=${CROSSOVER_BUCKET:?set CROSSOVER_BUCKET to the reports bucket}
prefix=${CROSSOVER_PREFIX-crossover/}
if [[ -n $prefix && $prefix != */ ]]; then
  prefix+=/
fi
regions=${CROSSOVER_REGIONS:?set CROSSOVER_REGIONS to the regions to scan}
crossover=${CROSSOVER:-crossover}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/reports" "$work/previous"

# The newest report already in S3. Listing failures (a missing bucket, no permission) stop the
# run here, before anything is scanned.
keys=$(aws s3api list-objects-v2 --bucket "$bucket" --prefix "${prefix}crossover-" \
  --query 'Contents[].Key' --output text)
previous_key=$(printf '%s\n' "$keys" | tr '\t' '\n' |
  { grep -E '(^|/)crossover-[0-9]{8}T[0-9]{6}Z-report\.json$' || true; } | sort | tail -n 1)
previous=
if [[ -n $previous_key ]]; then
  previous=$work/previous/${previous_key##*/}
  aws s3 cp --only-show-errors "s3://$bucket/$previous_key" "$previous"
fi

scan=(scan --region "$regions" --output-dir "$work/reports" --quiet)
if [[ -n ${CROSSOVER_FAIL_ON_SAVINGS:-} ]]; then
  scan+=(--fail-on-savings "$CROSSOVER_FAIL_ON_SAVINGS")
fi
status=0
"$crossover" "${scan[@]}" "$@" || status=$?
case $status in
  0) ;;
  3) echo "crossover audit: part of the account could not be read; the report's Coverage section says which" >&2 ;;
  4) echo "crossover audit: the savings found exceed \$$CROSSOVER_FAIL_ON_SAVINGS a month" >&2 ;;
  *)
    echo "crossover audit: the scan failed (exit $status) and wrote no report" >&2
    exit "$status"
    ;;
esac

current=("$work"/reports/crossover-*-report.json)
if [[ ! -e ${current[0]} ]]; then
  echo "crossover audit: crossover exited $status but wrote no report" >&2
  exit 1
fi
stamp=${current[0]##*/crossover-}
stamp=${stamp%-report.json}

if [[ -n $previous ]]; then
  "$crossover" diff "$previous" "${current[0]}" --output "$work/reports/crossover-$stamp-diff.md"
  # Into the task's log as well.
  cat "$work/reports/crossover-$stamp-diff.md"
else
  echo "crossover audit: no earlier report under s3://$bucket/$prefix; the next run will say what changed" >&2
fi

aws s3 cp --only-show-errors --recursive "$work/reports/" "s3://$bucket/$prefix"
echo "crossover audit: reports in s3://$bucket/${prefix}crossover-$stamp-*" >&2
exit "$status"
