#!/usr/bin/env bash
# Runs the whole test suite, installing what it needs first (Debian/Ubuntu).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
need_packages "${APP_PACKAGES[@]}" "${TEST_PACKAGES[@]}" nodejs
need_cargo

echo "==> core library, CLI, PDF (cargo test)"
cargo test --locked -p labour_brand
