#!/usr/bin/env bash
# Regenerates examples/sample-account.json: the project's own collector reading a moto server
# seeded with tests/scenarios/seed.py (two regions, every resource kind, a front-door chain,
# an idle ALB, a consolidation case, busy HTTP APIs past a price tier).
set -euo pipefail
cd "$(dirname "$0")/.."
DAYS="${DAYS:-14}"

[ -x .venv/bin/moto_server ] || scripts/test.sh --no-run >/dev/null
port=$(.venv/bin/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# moto's server with the API Gateway portal routes moto lacks (crossover reads portals).
.venv/bin/python tests/scenarios/moto_server.py -H 127.0.0.1 -p "$port" >/dev/null 2>&1 &
moto=$!
trap 'kill $moto 2>/dev/null' EXIT
for _ in $(seq 1 100); do
  .venv/bin/python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/moto-api/')" 2>/dev/null && break
  sleep 0.1
done

.venv/bin/python tests/scenarios/seed.py --endpoint "http://127.0.0.1:$port" \
  --out "$(mktemp)" --days "$DAYS" --bulk-albs 0
cargo build --release --quiet
AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE AWS_SECRET_ACCESS_KEY=sample-not-a-secret \
  target/release/crossover collect --endpoint-url "http://127.0.0.1:$port" \
  --region us-east-1,eu-west-1 --days "$DAYS" --output examples/sample-account.json
echo "wrote examples/sample-account.json" >&2
