#!/usr/bin/env bash
# Installs what the desktop app needs (Debian/Ubuntu), builds it and starts it.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
need_packages "${APP_PACKAGES[@]}"
need_cargo
cargo build --locked --release -p labour-brand-app
exec "$CARGO_TARGET_DIR/release/labour-brand-app" "$@"
