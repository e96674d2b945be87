#!/usr/bin/env bash
# A crossover audit for cron: one scan into a folder of dated reports, then what changed since
# the previous report, kept next to it, printed (cron mails it) and optionally posted to a
# webhook. See docs/scheduling.md.
#
#   CROSSOVER_PROFILE=crossover CROSSOVER_REGIONS=us-east-1,eu-west-1 cron-audit.sh [SCAN ARGS...]
#
# Settings (environment variables):
#   CROSSOVER_PROFILE          named profile of the read-only audit role (required)
#   CROSSOVER_REGIONS          regions to scan, comma-separated (default: us-east-1)
#   CROSSOVER_REPORTS_DIR      where the dated reports are kept (default: $HOME/crossover-reports)
#   CROSSOVER_FAIL_ON_SAVINGS  exit 4 when the monthly savings found exceed this many USD
#   CROSSOVER_REDACT           1: mask account ids in every file written
#   CROSSOVER_WEBHOOK_URL      optional: POST the diff there as {"text": "<markdown>"}, the body
#                              Slack- and Teams-style incoming webhooks take (needs curl and jq)
#   CROSSOVER_KEEP_DAYS        optional: delete files of runs older than this many days
#   CROSSOVER                  the crossover program (default: crossover on PATH)
# Arguments are passed on to `crossover scan` (for example --days 7).
#
# Exit status: crossover's. 0, 3 (part of the account could not be read) and 4 (savings above
# CROSSOVER_FAIL_ON_SAVINGS) all wrote a report, so the diff is written and posted before the
# script exits with that status; 1 and 2 wrote nothing and end the script at once.
set -euo pipefail
# File names carry the UTC collection time (crossover-YYYYMMDDTHHMMSSZ-...), so byte order is
# time order; C collation makes globs and sort use byte order.
export LC_ALL=C

profile=${CROSSOVER_PROFILE:?set CROSSOVER_PROFILE to the profile of the audit role}
regions=${CROSSOVER_REGIONS:-us-east-1}
dir=${CROSSOVER_REPORTS_DIR:-$HOME/crossover-reports}
crossover=${CROSSOVER:-crossover}

# The newest JSON report in $dir, or nothing.
latest_report() {
  local reports=("$dir"/crossover-*-report.json)
  if [[ -e ${reports[0]} ]]; then
    printf '%s\n' "${reports[${#reports[@]} - 1]}"
  fi
}

mkdir -p "$dir"
previous=$(latest_report)

scan=(scan --profile "$profile" --region "$regions" --output-dir "$dir" --quiet)
if [[ -n ${CROSSOVER_FAIL_ON_SAVINGS:-} ]]; then
  scan+=(--fail-on-savings "$CROSSOVER_FAIL_ON_SAVINGS")
fi
if [[ ${CROSSOVER_REDACT:-0} == 1 ]]; then
  scan+=(--redact)
fi

status=0
"$crossover" "${scan[@]}" "$@" || status=$?
case $status in
  0) ;;
  3) echo "crossover-audit: part of the account could not be read; the report's Coverage section says which" >&2 ;;
  4) echo "crossover-audit: the savings found exceed \$$CROSSOVER_FAIL_ON_SAVINGS a month" >&2 ;;
  *)
    echo "crossover-audit: the scan failed (exit $status) and wrote no report" >&2
    exit "$status"
    ;;
esac

current=$(latest_report)
if [[ -z $current || $current == "$previous" ]]; then
  echo "crossover-audit: crossover exited $status but no new report is in $dir" >&2
  exit 1
fi
stamp=${current##*/crossover-}
stamp=${stamp%-report.json}

if [[ -n $previous ]]; then
  diff_file=$dir/crossover-$stamp-diff.md
  "$crossover" diff "$previous" "$current" --output "$diff_file"
  cat "$diff_file"
  if [[ -n ${CROSSOVER_WEBHOOK_URL:-} ]]; then
    # A failed post must not hide the reports: say so, and fail the run if nothing else did.
    if ! jq --raw-input --slurp '{text: .}' "$diff_file" |
      curl --fail --silent --show-error --max-time 30 \
        --header 'Content-Type: application/json' --data-binary @- \
        --output /dev/null "$CROSSOVER_WEBHOOK_URL"; then
      echo "crossover-audit: posting the diff to the webhook failed; it is in $diff_file" >&2
      if [[ $status == 0 ]]; then
        status=1
      fi
    fi
  fi
else
  echo "crossover-audit: first report in $dir; the next run will say what changed" >&2
fi

if [[ -n ${CROSSOVER_KEEP_DAYS:-} ]]; then
  find "$dir" -maxdepth 1 -type f -name 'crossover-*' -mtime +"$CROSSOVER_KEEP_DAYS" -delete
fi
exit "$status"
