#!/usr/bin/env bash
# Checks the browser edition that scripts/build-linux-portable.sh made (dist/linux/), as a 信创
# PC would run it:
#  1. each .deb and tar.gz holds the static program, the Chinese menu entry (valid, starting
#     `labour-brand serve`) and the icon; the program needs no shared library and no glibc;
#  2. each program runs in an empty root (chroot: no /lib, /usr or /etc — nothing a Debian 10,
#     UOS 20 or Kylin V10 userland would have to provide), the ARM64 one under qemu-user:
#     `serve`, then, through the API as the page calls it, a new draft saved, scored and exported;
#  3. the ARM64 score equals the x86_64 one and both PDFs' text equals the PDF of the suite's own
#     Linux build (pdftotext).
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/lib.sh
need_packages qemu-user-static file binutils curl poppler-utils desktop-file-utils
out=dist/linux
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
linux="$CARGO_TARGET_DIR/debug/labour-brand"
[ -x "$linux" ] || cargo build --locked -q -p labour_brand --bin labour-brand
work=$(mktemp -d)
cleanup() {
  for p in $(jobs -p); do kill "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
pass() { echo "ok: $*"; }
fail() { echo "FAILED: $*" >&2; exit 1; }

"$linux" example skill > "$work/d.json"
# The draft itself (a draft file wraps it with its format and edition), as the page sends it.
python3 -c 'import json, sys; print(json.dumps(json.load(sys.stdin)["draft"], ensure_ascii=False))' \
  < "$work/d.json" > "$work/draft.json"
"$linux" export "$work/d.json" -o "$work/linux.pdf" >/dev/null
pdftotext -layout "$work/linux.pdf" "$work/linux.txt"

# serve ROOT LABEL COMMAND...: the app served from inside ROOT; the journey through its API.
journey() {
  local root=$1 label=$2; shift 2
  as_root chroot "$root" "$@" serve --no-open --port 0 --db /data/d.sqlite3 > "$work/$label.log" 2>&1 &
  local pid=$! url=""
  for _ in $(seq 1 240); do
    url=$(grep -o 'http://127.0.0.1:[0-9]*/?k=[0-9a-f]*' "$work/$label.log" | head -1 || true)
    [ -n "$url" ] && break
    kill -0 "$pid" 2>/dev/null || { cat "$work/$label.log"; fail "$label: serve ended"; }
    sleep 0.5
  done
  [ -n "$url" ] || { cat "$work/$label.log"; fail "$label: serve printed no address"; }
  local base=${url%%/\?k=*} cj="$work/$label.cookies"
  curl -sf -c "$cj" -o /dev/null "$url" || fail "$label: the printed address"
  api() { curl -sf -b "$cj" -H "Origin: $base" -H 'Content-Type: application/json' -d "$2" "$base/api/$1"; }
  curl -sf -b "$cj" "$base/" | grep 'js/main.js' >/dev/null || fail "$label: the page"
  [ "$(curl -s -o /dev/null -w '%{http_code}' "$base/api/list_drafts" -d '{}')" = 403 ] \
    || fail "$label: a request without the secret was answered"
  local id draft edition
  id=$(api create_draft '{}' | grep -o '"id":[0-9]*' | head -1 | cut -d: -f2)
  [ -n "$id" ] || fail "$label: create_draft"
  draft=$(cat "$work/draft.json")
  api save_draft "{\"id\": $id, \"draft\": $draft}" > /dev/null || fail "$label: save_draft"
  api load_draft "{\"id\": $id}" > "$work/$label.loaded.json" || fail "$label: load_draft"
  python3 -c 'import json, sys; a, b = (json.load(open(f)) for f in sys.argv[1:]); sys.exit(a["draft"] != b)' \
    "$work/$label.loaded.json" "$work/draft.json" || fail "$label: the saved draft did not come back as it was sent"
  edition=$(grep -o '"rubric_edition":"[^"]*"' "$work/$label.loaded.json" | cut -d'"' -f4)
  api evaluate "{\"edition\": \"$edition\", \"draft\": $draft}" > "$work/$label.score.json" \
    || fail "$label: evaluate"
  grep -q '"total"' "$work/$label.score.json" || fail "$label: no total in the score"
  local download
  download=$(api export_forms "{\"id\": $id, \"draft\": $draft, \"format\": \"pdf\"}" \
    | grep -o '"download":"[^"]*"' | cut -d'"' -f4)
  [ -n "$download" ] || fail "$label: export_forms"
  curl -sf -b "$cj" -o "$work/$label.pdf" "$base$download" || fail "$label: the download"
  api quit '{}' > /dev/null || true
  wait "$pid" || fail "$label: serve did not end cleanly after 退出"
  pdftotext -layout "$work/$label.pdf" "$work/$label.txt"
  cmp -s "$work/$label.txt" "$work/linux.txt" || {
    diff "$work/linux.txt" "$work/$label.txt" | head -20
    fail "$label: the PDF's text differs from the Linux build's"
  }
}

for a in amd64 arm64; do
  deb="$out/labour-brand-browser_${version}_$a.deb"
  tgz="$out/labour-brand-browser_${version}_$a.tar.gz"
  [ -f "$deb" ] && [ -f "$tgz" ] || fail "run scripts/build-linux-portable.sh first ($deb, $tgz)"
  [ "$(dpkg-deb -f "$deb" Architecture)" = "$a" ] || fail "$deb: architecture"
  [ "$(dpkg-deb -f "$deb" Package)" = labour-brand-browser ] || fail "$deb: package name"
  root="$work/root-$a"
  mkdir -p "$root"
  dpkg-deb -x "$deb" "$root"
  for f in usr/bin/labour-brand usr/share/applications/labour-brand-browser.desktop \
    usr/share/icons/hicolor/128x128/apps/labour-brand-browser.png usr/share/doc/labour-brand-browser/README.txt; do
    [ -f "$root/$f" ] || fail "$deb lacks /$f"
    tar -tzf "$tgz" | grep -x "$f" >/dev/null || fail "$tgz lacks $f"
  done
  desktop="$root/usr/share/applications/labour-brand-browser.desktop"
  desktop-file-validate "$desktop" || fail "$a: the menu entry is not valid"
  grep -qx 'Name=劳务品牌申报助手（浏览器版）' "$desktop" || fail "$a: the menu entry's Chinese name"
  exec_line=$(sed -n 's/^Exec=//p' "$desktop")
  [ "$exec_line" = "labour-brand serve" ] || fail "$a: the menu entry starts '$exec_line'"
  bin="$root/usr/bin/labour-brand"
  case $a in
    amd64) file "$bin" | grep 'x86-64.*statically linked' >/dev/null || fail "$a: $(file "$bin")" ;;
    arm64) file "$bin" | grep 'ARM aarch64.*statically linked' >/dev/null || fail "$a: $(file "$bin")" ;;
  esac
  if readelf -lW "$bin" | grep INTERP >/dev/null || readelf -dW "$bin" | grep NEEDED >/dev/null \
    || readelf -VW "$bin" | grep GLIBC_ >/dev/null; then
    fail "$a: the program needs the system's C library"
  fi
  pass "$a: .deb and tar.gz hold the static program (no shared library, no glibc symbol), the icon and a valid menu entry 劳务品牌申报助手（浏览器版） that runs 'labour-brand serve'"

  # The empty root: the package's files, a /tmp and a data folder; nothing from this system.
  mkdir -p "$root/tmp" "$root/data"
  chmod 1777 "$root/tmp"
  if [ $a = arm64 ]; then
    cp /usr/bin/qemu-aarch64-static "$root/qemu-aarch64-static"
    runner=(/qemu-aarch64-static /usr/bin/labour-brand)
  else
    runner=(/usr/bin/labour-brand)
  fi
  [ -z "$(ls "$root/lib" "$root/etc" 2>/dev/null)" ] || fail "the test root is not empty"
  journey "$root" "$a" "${runner[@]}"
  pass "$a: in an empty root$([ $a = arm64 ] && echo ' under qemu-user'): serve, a draft created, saved, scored and exported through the API; the PDF's text equals the Linux build's"
done
cmp -s "$work/amd64.score.json" "$work/arm64.score.json" || {
  diff <(tr ',' '\n' < "$work/amd64.score.json") <(tr ',' '\n' < "$work/arm64.score.json") | head
  fail "the ARM64 score differs from the x86_64 one"
}
pass "the ARM64 score equals the x86_64 one ($(grep -o '"total":[^,]*' "$work/amd64.score.json" | head -1))"
