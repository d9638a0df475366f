#!/usr/bin/env bash
# Checks the Windows build (made by scripts/build-windows.sh) under wine on Linux:
#  1. the CLI: `example`, `score --json` (identical to the Linux build), `export` of a PDF whose
#     pages and text are identical to the Linux export;
#  2. the installer: silent per-user install for a user whose name is Chinese with a space,
#     files and shortcuts where expected; a draft saved with the installed CLI survives an
#     upgrade (install v1, save, install v2) and the uninstaller, which keeps the data folder;
#  3. the local browser mode: the Windows CLI's `serve` answers the page and its commands;
#  4. the window without WebView2 (wine has none): the app shows its Chinese message box and
#     opens itself in the default browser instead.
# The window itself cannot run under wine (no WebView2 runtime).
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/lib.sh
need_packages wine64 poppler-utils xvfb xauth xdotool imagemagick gcc-mingw-w64-x86-64 nsis curl
need_cargo
WINE=${WINE:-/usr/lib/wine/wine64}
WINESERVER=${WINESERVER:-/usr/lib/wine/wineserver}
out=dist/windows
stage="$out/files"
setup=$(ls "$out"/labour-brand-assistant_*_x64-setup.exe | head -1)
[ -f "$setup" ] || { echo "run scripts/build-windows.sh first" >&2; exit 2; }
# The Linux CLI, to compare with (built before HOME points into the test folder). The one
# `cargo test` made is used when it is there: a plain `cargo build` resolves the dependencies'
# features without the dev-dependencies and would rebuild the PDF stack for nothing.
linux="$CARGO_TARGET_DIR/debug/labour-brand"
[ -x "$linux" ] || cargo build --locked -q -p labour_brand --bin labour-brand
work=$(mktemp -d)
# wine links the Windows desktop to $HOME/Desktop: keep everything inside the test folder.
export HOME="$work/home"
mkdir -p "$HOME/Desktop"
cleanup() {
  WINEPREFIX="$work/prefix" "$WINESERVER" -k 2>/dev/null || true
  WINEPREFIX="$work/prefix" "$WINESERVER" -w 2>/dev/null || true
  rm -rf "$work" || true
}
trap cleanup EXIT
export WINEPREFIX="$work/prefix" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
# A Windows user name with Chinese characters and a space: %APPDATA% must cope.
export USER="测试 用户"
pass() { echo "ok: $*"; }
fail() { echo "FAILED: $*" >&2; exit 1; }

echo "==> wine prefix"
"$WINE" wineboot -i >/dev/null 2>&1 || true
winpath() { WINEPREFIX="$WINEPREFIX" "$WINE" winepath -u "$1" 2>/dev/null | tr -d '\r'; }
appdata=$(winpath 'C:\users\'"$USER"'\AppData\Roaming')
localapp=$(winpath 'C:\users\'"$USER"'\AppData\Local')
[ -d "$(dirname "$appdata")" ] || fail "no wine user profile for $USER"

echo "==> the CLI"
# Rust >= 1.78 binaries need bcryptprimitives.dll (ProcessPrng), which wine 8 lacks: a stub.
x86_64-w64-mingw32-gcc -shared -O2 -o "$work/bcryptprimitives.dll" \
  tests/fixtures/windows/bcryptprimitives.c tests/fixtures/windows/bcryptprimitives.def -ladvapi32
mkdir -p "$work/cli"
cp "$stage/labour-brand.exe" "$work/bcryptprimitives.dll" "$work/cli/"
cp -r "$stage/fonts" "$work/cli/"
win() { "$WINE" "$work/cli/labour-brand.exe" "$@"; }
win example skill | tr -d '\r' > "$work/d.json"
grep -q '"brand_name": "连云港石化技工"' "$work/d.json" || fail "example under wine"
pass "example"
win score "$(WINEPREFIX="$WINEPREFIX" "$WINE" winepath -w "$work/d.json" | tr -d '\r')" --json | tr -d '\r' > "$work/score-win.json"
"$linux" score "$work/d.json" --json > "$work/score-linux.json"
cmp -s "$work/score-win.json" "$work/score-linux.json" || { diff "$work/score-linux.json" "$work/score-win.json" | head; fail "score --json differs"; }
pass "score --json identical to Linux ($(wc -c < "$work/score-win.json") bytes)"
for form in all 2; do
  win export "$(WINEPREFIX="$WINEPREFIX" "$WINE" winepath -w "$work/d.json" | tr -d '\r')" -o "$(WINEPREFIX="$WINEPREFIX" "$WINE" winepath -w "$work/win-$form.pdf" | tr -d '\r')" --form "$form" --no-fallback-font >/dev/null
  "$linux" export "$work/d.json" -o "$work/linux-$form.pdf" --form "$form" --no-fallback-font >/dev/null
  pw=$(pdfinfo "$work/win-$form.pdf" | sed -n 's/^Pages: *//p'); pl=$(pdfinfo "$work/linux-$form.pdf" | sed -n 's/^Pages: *//p')
  [ "$pw" = "$pl" ] || fail "PDF pages: windows $pw, linux $pl"
  pdftotext -layout "$work/win-$form.pdf" "$work/win-$form.txt"
  pdftotext -layout "$work/linux-$form.pdf" "$work/linux-$form.txt"
  cmp -s "$work/win-$form.txt" "$work/linux-$form.txt" || { diff "$work/linux-$form.txt" "$work/win-$form.txt" | head; fail "PDF text differs (--form $form)"; }
  pass "PDF --form $form: $pw pages, text identical to Linux ($(wc -l < "$work/win-$form.txt") lines)"
done

echo "==> the local browser mode (serve) under wine"
# The Windows CLI serves the page on 127.0.0.1; curl plays the browser: the printed address
# sets the cookie, the page and a command answer, a request without the secret is refused.
win serve --no-open --db "$(WINEPREFIX="$WINEPREFIX" "$WINE" winepath -w "$work/serve.sqlite3" | tr -d '\r')" > "$work/serve.log" 2>&1 &
serve_pid=$!
url=""
for i in $(seq 1 120); do
  url=$(tr -d '\r' < "$work/serve.log" | grep -o 'http://127.0.0.1:[0-9]*/?k=[0-9a-f]*' | head -1 || true)
  [ -n "$url" ] && break
  sleep 0.5
done
[ -n "$url" ] || { cat "$work/serve.log"; fail "serve printed no address"; }
base=${url%%/\?k=*}
curl -s -c "$work/cj" -o /dev/null "$url"
curl -s -b "$work/cj" "$base/" | grep 'js/main.js' >/dev/null || fail "serve: the page"
[ "$(curl -s -b "$work/cj" -H "Origin: $base" -H 'Content-Type: application/json' -d '{}' "$base/api/list_drafts")" = "[]" ] || fail "serve: list_drafts"
[ "$(curl -s -o /dev/null -w '%{http_code}' "$base/")" = 403 ] || fail "serve: a request without the secret was answered"
curl -s -b "$work/cj" -H "Origin: $base" -H 'Content-Type: application/json' -d '{}' "$base/api/quit" >/dev/null || true
wait "$serve_pid" 2>/dev/null || true
pass "serve under wine: the page and its commands answer, a request without the secret is refused"

echo "==> the installer"
instdir="$localapp/Programs/劳务品牌申报助手"
"$WINE" "$setup" /S
[ -f "$instdir/labour-brand-app.exe" ] && [ -f "$instdir/WebView2Loader.dll" ] && [ -f "$instdir/uninstall.exe" ] \
  || fail "files not in $instdir: $(ls "$instdir" 2>&1)"
pass "installed per user into $instdir"
menu=$(find -L "$WINEPREFIX/drive_c/users/$USER" -name '劳务品牌申报助手.lnk' 2>/dev/null | wc -l)
[ "$menu" -ge 2 ] || fail "Start-menu and desktop shortcuts ($menu found)"
pass "Start-menu and desktop shortcuts named 劳务品牌申报助手"
# Save a draft with the installed CLI, into the default %APPDATA% database.
cp "$work/bcryptprimitives.dll" "$instdir/"
"$WINE" "$instdir/labour-brand.exe" drafts import "$(WINEPREFIX="$WINEPREFIX" "$WINE" winepath -w "$work/d.json" | tr -d '\r')" >/dev/null
db="$appdata/Lianyungang/LabourBrand/data/drafts.sqlite3"
[ -f "$db" ] || fail "the database is not in %APPDATA%: $(find "$appdata" -name '*.sqlite3')"
case "$db" in "$instdir"*) fail "database inside the install folder";; esac
pass "draft saved in %APPDATA% ($db)"
# The installed CLI finds the one body font in fonts\ beside it: its PDF is the Linux one.
"$WINE" "$instdir/labour-brand.exe" export "$(WINEPREFIX="$WINEPREFIX" "$WINE" winepath -w "$work/d.json" | tr -d '\r')" \
  -o "$(WINEPREFIX="$WINEPREFIX" "$WINE" winepath -w "$work/installed.pdf" | tr -d '\r')" --no-fallback-font >/dev/null \
  || fail "the installed CLI cannot export a PDF"
pdftotext -layout "$work/installed.pdf" "$work/installed.txt"
cmp -s "$work/installed.txt" "$work/linux-all.txt" || fail "the installed CLI's PDF differs from the Linux one"
pass "the installed programs share one body font in fonts\\ (PDF identical to Linux)"
# Upgrade: a newer installer over the old one keeps the draft.
version=$(basename "$setup" | sed 's/labour-brand-assistant_\(.*\)_x64-setup.exe/\1/')
next="$work/next-setup.exe"
makensis -V1 -INPUTCHARSET UTF8 -DVERSION="$version.1" -DSRCDIR="$(realpath "$stage")" -DOUTFILE="$next" scripts/windows/installer.nsi
"$WINE" "$next" /S
"$WINE" "$instdir/labour-brand.exe" drafts list | tr -d '\r' | grep "连云港石化技工" >/dev/null || { cp "$work/bcryptprimitives.dll" "$instdir/"; "$WINE" "$instdir/labour-brand.exe" drafts list | tr -d '\r' | grep "连云港石化技工" >/dev/null; } || fail "the draft is gone after the upgrade"
pass "upgrade over the installed version keeps the draft"
# Uninstall keeps the data folder. (The uninstaller copies itself to %TEMP% and runs from
# there; wait for every wine process to end.)
rm -f "$instdir/bcryptprimitives.dll"
"$WINE" "$instdir/uninstall.exe" /S
"$WINESERVER" -w
[ ! -e "$instdir/labour-brand-app.exe" ] && [ ! -e "$instdir/fonts" ] || fail "program files left after uninstall"
[ -f "$db" ] || fail "the uninstaller removed the drafts"
pass "uninstall removes the program and keeps $db"

echo "==> the window without WebView2"
cp "$stage/labour-brand-app.exe" "$stage/WebView2Loader.dll" "$work/bcryptprimitives.dll" "$work/cli/"
shot="$out/wine-no-webview2.png"
xvfb-run -a -s "-screen 0 1024x768x24" bash -c '
  "$0" "$1" > "$2" 2>&1 &
  for i in $(seq 1 40); do
    sleep 0.5
    if xdotool search --name "劳务品牌申报助手" >/dev/null 2>&1; then break; fi
  done
  sleep 1
  xdotool search --name "劳务品牌申报助手" > "$3" 2>/dev/null || true
  /usr/bin/import -window root "$4"
  "$5" -k
' "$WINE" "$work/cli/labour-brand-app.exe" "$work/app.log" "$work/windows.txt" "$shot" "$WINESERVER" || true
grep -q "WebView2" "$work/app.log" || { cat "$work/app.log" | head; fail "no WebView2 message"; }
[ -s "$work/windows.txt" ] || fail "no message box was shown"
pass "without WebView2 the app opens itself in the browser and says so in a Chinese message box (screenshot $shot)"
echo "all Windows checks passed"
