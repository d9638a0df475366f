#!/usr/bin/env bash
# Installs what the program needs (Debian/Ubuntu), builds it and starts it.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
need_packages build-essential pkg-config
need_cargo
cargo build --locked --release -p labour_brand
bin="$CARGO_TARGET_DIR/release/labour-brand"
"$bin" example culture > /tmp/labour-brand-example.json
"$bin" score /tmp/labour-brand-example.json
