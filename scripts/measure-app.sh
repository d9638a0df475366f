#!/usr/bin/env bash
# Measures the release app: binary size, and memory of the app and its WebKit processes once
# the window is idle. Needs a release build (bash scripts/run.sh builds one) and Xvfb.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
bin="$CARGO_TARGET_DIR/release/labour-brand-app"
echo "binary: $(stat -c %s "$bin") bytes ($(numfmt --to=iec "$(stat -c %s "$bin")"))"
stripped=$(mktemp)
strip -o "$stripped" "$bin"
echo "stripped: $(stat -c %s "$stripped") bytes ($(numfmt --to=iec "$(stat -c %s "$stripped")"))"
rm -f "$stripped"
home=$(mktemp -d)
export LABOUR_BRAND_DB="$home/d.sqlite3" XDG_CONFIG_HOME="$home/cfg" XDG_DATA_HOME="$home/data" GSETTINGS_BACKEND=memory
xvfb-run -a -s "-screen 0 1366x768x24" bash -c '
  "$0" & app=$!
  sleep 8
  pids="$app $(pgrep -d " " -P $app || true)"
  for pid in $pids; do
    rss=$(awk "/^VmRSS/ {print \$2}" /proc/$pid/status)
    pss=$(awk "/^Pss:/ {print \$2}" /proc/$pid/smaps_rollup)
    echo "  $(cat /proc/$pid/comm): RSS ${rss} kB, PSS ${pss} kB"
  done
  for pid in $pids; do awk "/^Pss:/ {print \$2}" /proc/$pid/smaps_rollup; done |
    awk "{s+=\$1} END {printf \"idle memory, app + WebKit processes (PSS): %.0f MB\\n\", s/1024}"
  kill $app
' "$bin"
rm -rf "$home"
