#!/usr/bin/env bash
# The whole test suite. The end-to-end tests run against a real moto server, which this
# script installs into .venv (once) before handing over to cargo; the tests start moto
# themselves on free ports.
set -euo pipefail
cd "$(dirname "$0")/.."

MOTO_VERSION=5.2.5
if ! .venv/bin/python -c "import moto, sys; sys.exit(moto.__version__ != '$MOTO_VERSION')" 2>/dev/null; then
  echo "installing moto $MOTO_VERSION into .venv" >&2
  python3 -m venv .venv
  .venv/bin/pip install --quiet --disable-pip-version-check "moto[server]==$MOTO_VERSION" 'boto3>=1.40'
fi

cargo test --locked "$@"
