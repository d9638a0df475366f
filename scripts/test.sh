#!/usr/bin/env bash
# Runs the whole test suite, installing what it needs first (Debian/Ubuntu):
# the core, CLI and PDF tests (cargo), the UI's pure logic (node --test), and the desktop app
# end to end in the real WebKitGTK webview (tauri-driver + WebKitWebDriver under Xvfb).
set -euo pipefail
cd "$(dirname "$0")/.."
suite_start=$(date +%s)
phase() { echo "==> [$(( $(date +%s) - suite_start )) s] $*"; }
. scripts/lib.sh
node_pkg=(); command -v node >/dev/null 2>&1 || node_pkg=(nodejs)
need_packages "${APP_PACKAGES[@]}" "${TEST_PACKAGES[@]}" "${node_pkg[@]}"
need_cargo
if ! command -v tauri-driver >/dev/null 2>&1; then
  echo "==> installing tauri-driver"
  cargo install tauri-driver --version '=2.1.0' --locked
fi
# The Windows part's packages (wine alone takes minutes to unpack) install in the background
# while the Linux builds use the processors; the Windows part waits for them.
windows_apt=""
if [ "${SKIP_WINDOWS:-0}" != 1 ]; then
  apt_log="${TMPDIR:-/tmp}/labour-brand-windows-apt.$$.log"
  need_packages "${WINDOWS_PACKAGES[@]}" > "$apt_log" 2>&1 &
  windows_apt=$!
fi

# The OOXML validator the Word tests use (pure Python, from PyPI), in its own environment.
audit_env="$HOME/.cache/labour-brand/openxml-audit-0.8.0"
# Checked by running it: a cached environment whose interpreter link was lost (a cache restored
# without symlinks, a removed Python) is made anew.
if ! "$audit_env/bin/openxml-audit" --help >/dev/null 2>&1; then
  echo "==> installing openxml-audit (OOXML schema validator)"
  rm -rf "$audit_env"
  python3 -m venv "$audit_env"
  "$audit_env/bin/pip" install -q 'openxml-audit==0.8.0'
fi
export OPENXML_AUDIT="$audit_env/bin/openxml-audit"

phase "core library, CLI and PDF (cargo test -p labour_brand)"
cargo test --locked -p labour_brand

phase "UI logic (node --test)"
node --test ui/tests/

phase "desktop app end to end (tauri-driver, WebKitWebDriver, Xvfb)"
export E2E_ARTIFACT_DIR="${E2E_ARTIFACT_DIR:-$CARGO_TARGET_DIR/e2e-artifacts}"
export GSETTINGS_BACKEND=memory
xvfb-run -a -s "-screen 0 1366x768x24" cargo test --locked -p labour-brand-app --features e2e -- --test-threads=1
echo "screenshots and timings: $E2E_ARTIFACT_DIR"

if [ "${SKIP_WINDOWS:-0}" != 1 ]; then
  phase "Windows: cross-build the app, CLI and installer, then check them under wine"
  if ! wait "$windows_apt"; then cat "$apt_log" >&2; echo "installing the Windows packages failed" >&2; exit 1; fi
  # The checks need release code (no debug assertions), not the release's full optimisation:
  # the `wincheck` profile (opt-level 1) builds faster (docs/testing.md). scripts/build-windows.sh without it
  # makes the installer that is shipped.
  export WINDOWS_PROFILE="${WINDOWS_PROFILE:-wincheck}"
  bash scripts/build-windows.sh
  bash scripts/windows/test-wine.sh
fi
phase "all suites passed"
