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
  # Unoptimised (--debug): it only relays WebDriver requests, and builds in half the time.
  cargo install tauri-driver --version '=2.1.0' --locked --debug
fi
# The packages of the Windows part (wine alone takes minutes to unpack) and of the browser
# edition's check (qemu) install in the background while the Linux builds use the processors;
# those parts wait for them.
late_packages=()
[ "${SKIP_WINDOWS:-0}" = 1 ] || late_packages+=("${WINDOWS_PACKAGES[@]}")
[ "${SKIP_PORTABLE:-0}" = 1 ] || late_packages+=("${PORTABLE_PACKAGES[@]}")
late_apt=""
apt_log="${TMPDIR:-/tmp}/labour-brand-late-apt.$$.log"
if [ ${#late_packages[@]} -gt 0 ]; then
  need_packages "${late_packages[@]}" > "$apt_log" 2>&1 &
  late_apt=$!
fi
late_apt_done=0
wait_late_packages() {
  [ -n "$late_apt" ] && [ "$late_apt_done" = 0 ] || return 0
  if ! wait "$late_apt"; then cat "$apt_log" >&2; echo "installing the packages failed" >&2; exit 1; fi
  late_apt_done=1
}

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

# Both packages in one cargo call, here and for the end-to-end tests below: the dependencies
# are then built once with one set of features (the core alone would resolve its PDF stack,
# SQLite and serde with other features than the app does, and be built twice). Without the
# `e2e` feature the app's end-to-end test files are empty; its unit tests run here.
phase "core library, CLI and PDF, and the shell's unit tests (cargo test -p labour_brand_model -p labour_brand -p labour-brand-app)"
cargo test --locked -p labour_brand_model -p labour_brand -p labour-brand-app

phase "UI logic (node --test)"
node --test ui/tests/

phase "desktop app end to end (tauri-driver, WebKitWebDriver, Xvfb)"
export E2E_ARTIFACT_DIR="${E2E_ARTIFACT_DIR:-$CARGO_TARGET_DIR/e2e-artifacts}"
export GSETTINGS_BACKEND=memory
xvfb-run -a -s "-screen 0 1366x768x24" cargo test --locked -p labour_brand -p labour-brand-app \
  --features labour-brand-app/e2e --test e2e --test browser -- --test-threads=1
echo "screenshots and timings: $E2E_ARTIFACT_DIR"

if [ "${SKIP_PORTABLE:-0}" != 1 ]; then
  phase "Linux browser edition: static x86_64 and ARM64 builds, checked in an empty root and under qemu"
  wait_late_packages
  # The checks need release code, not the release's optimisation: the `crosscheck` profile
  # (opt-level 0, as the Windows build below) builds fast (docs/testing.md).
  # scripts/build-linux-portable.sh without it makes what ships.
  PORTABLE_PROFILE="${PORTABLE_PROFILE:-crosscheck}" bash scripts/build-linux-portable.sh
  bash scripts/linux/test-portable.sh
fi

if [ "${SKIP_WINDOWS:-0}" != 1 ]; then
  phase "Windows: cross-build the app, CLI and installer, then check them under wine"
  wait_late_packages
  # The same `crosscheck` profile (release code, unoptimised); scripts/build-windows.sh without it
  # makes the installer that is shipped.
  export WINDOWS_PROFILE="${WINDOWS_PROFILE:-crosscheck}"
  bash scripts/build-windows.sh
  bash scripts/windows/test-wine.sh
fi
phase "all suites passed"
