#!/bin/sh
# The command of one AWS Batch array child (docs/examples/batch-array-job.json): collect this
# child's shard of the organization's accounts and copy it to S3, where the merge job finds it.
# The image built with `docker build --target audit` holds it at /usr/local/bin/batch-shard.sh.
# See docs/scaling.md.
#
# Settings (environment variables of the job definition and the submission):
#   ORG_ROLE     the audit role crossover assumes in each account
#   SHARDS       the array size
#   WINDOW_END   the same UTC hour for every child of one run, e.g. 2026-11-23T00:00:00Z
#   BUCKET, RUN  the shards go to s3://BUCKET/RUN/shard-I.json
# Batch sets AWS_BATCH_JOB_ARRAY_INDEX.
#
# Exit status: 0 when the shard was collected (exit 3, a coverage gap, counts: the gap is in
# the shard and the final report says which) and copied; non-zero otherwise, which Batch retries.
set -eu
crossover collect --org-role "$ORG_ROLE" --all-regions --quiet \
  --shard "${AWS_BATCH_JOB_ARRAY_INDEX}/${SHARDS}" --window-end "$WINDOW_END" \
  --output /tmp/shard.json || [ $? -eq 3 ]
aws s3 cp --only-show-errors /tmp/shard.json "s3://$BUCKET/$RUN/shard-${AWS_BATCH_JOB_ARRAY_INDEX}.json"
