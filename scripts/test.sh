#!/usr/bin/env bash
# Runs the whole test suite, installing what it needs first (Debian/Ubuntu):
# the core, CLI and PDF tests (cargo), the UI's pure logic (node --test), and the desktop app
# end to end in the real WebKitGTK webview (tauri-driver + WebKitWebDriver under Xvfb).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
need_packages "${APP_PACKAGES[@]}" "${TEST_PACKAGES[@]}"
command -v node >/dev/null 2>&1 || need_packages nodejs
need_cargo
if ! command -v tauri-driver >/dev/null 2>&1; then
  echo "==> installing tauri-driver"
  cargo install tauri-driver --version '=2.1.0' --locked
fi

echo "==> core library, CLI and PDF (cargo test -p labour_brand)"
cargo test --locked -p labour_brand

echo "==> UI logic (node --test)"
node --test ui/tests/

echo "==> desktop app end to end (tauri-driver, WebKitWebDriver, Xvfb)"
export E2E_ARTIFACT_DIR="${E2E_ARTIFACT_DIR:-$CARGO_TARGET_DIR/e2e-artifacts}"
export GSETTINGS_BACKEND=memory
xvfb-run -a -s "-screen 0 1366x768x24" cargo test --locked -p labour-brand-app --features e2e -- --test-threads=1
echo "screenshots and timings: $E2E_ARTIFACT_DIR"

if [ "${SKIP_WINDOWS:-0}" != 1 ]; then
  echo "==> Windows: cross-build the app, CLI and installer, then check them under wine"
  bash scripts/build-windows.sh
  bash scripts/windows/test-wine.sh
fi
