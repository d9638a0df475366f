#!/usr/bin/env bash
# Builds the browser edition (浏览器版) for Linux PCs where the window cannot run — 信创 PCs with
# UOS 20 or Kylin V10 (WebKitGTK 4.0 only, glibc 2.28–2.31), on x86_64 or ARM64 — from a clean
# clone, on Debian/Ubuntu x86_64:
#   bash scripts/build-linux-portable.sh
# The CLI (`labour-brand`, whose `serve` is the app in the local browser) is linked statically
# against musl, so it needs nothing from the distribution: no glibc, no WebKit, no fonts. zig
# (PyPI's ziglang) compiles the C parts (SQLite) and links, through cargo-zigbuild (crates.io).
# Output in dist/linux/, per architecture (amd64, arm64):
#   labour-brand-browser_<version>_<arch>.deb      /usr/bin/labour-brand + a menu entry
#                                                  “劳务品牌申报助手（浏览器版）” that starts it
#   labour-brand-browser_<version>_<arch>.tar.gz   the same files, for PCs without dpkg rights
# The test suite builds it with PORTABLE_PROFILE=crosscheck (unoptimised, faster) and checks it
# with scripts/linux/test-portable.sh; what ships is built with `release`.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
need_packages python3-venv file binutils
need_cargo
PROFILE="${PORTABLE_PROFILE:-release}"
# Debian's architecture names, and Rust's.
declare -A TRIPLE=([amd64]=x86_64-unknown-linux-musl [arm64]=aarch64-unknown-linux-musl)
ARCHES=(amd64 arm64)
for a in "${ARCHES[@]}"; do
  rustup target list --installed 2>/dev/null | grep -x "${TRIPLE[$a]}" >/dev/null || rustup target add "${TRIPLE[$a]}"
done

# zig, in its own Python environment (checked by running it, like the suite's other tools).
zig_env="$HOME/.cache/labour-brand/ziglang-0.17.1"
if ! "$zig_env/bin/python" -m ziglang version >/dev/null 2>&1; then
  echo "==> installing zig (PyPI ziglang 0.17.1)"
  rm -rf "$zig_env"
  python3 -m venv "$zig_env"
  "$zig_env/bin/pip" install -q 'ziglang==0.17.1'
fi
# cargo-zigbuild runs `python3 -m ziglang` when there is no `zig`: this environment's python3.
export PATH="$zig_env/bin:$PATH"
if ! cargo-zigbuild --version 2>/dev/null | grep '0.24.1' >/dev/null; then
  echo "==> installing cargo-zigbuild"
  # Unoptimised (--debug): it only starts zig, and builds in half the time.
  cargo install cargo-zigbuild --version '=0.24.1' --locked --debug
fi

start=$(date +%s)
targets=()
for a in "${ARCHES[@]}"; do targets+=(--target "${TRIPLE[$a]}"); done
echo "==> building the CLI for ${TRIPLE[*]} ($PROFILE, static musl)"
cargo zigbuild --locked --profile "$PROFILE" "${targets[@]}" -p labour_brand --bin labour-brand

version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
out=dist/linux
rm -rf "$out"
mkdir -p "$out"
for a in "${ARCHES[@]}"; do
  bin="$CARGO_TARGET_DIR/${TRIPLE[$a]}/$PROFILE/labour-brand"
  # Statically linked: no program interpreter, no shared libraries.
  if readelf -lW "$bin" | grep INTERP >/dev/null || readelf -dW "$bin" | grep NEEDED >/dev/null; then
    echo "$bin is not statically linked" >&2
    exit 1
  fi
  name="labour-brand-browser_${version}_$a"
  root="$out/$name"
  install -D -m 755 "$bin" "$root/usr/bin/labour-brand"
  install -D -m 644 scripts/linux/labour-brand-browser.desktop \
    "$root/usr/share/applications/labour-brand-browser.desktop"
  install -D -m 644 src-tauri/icons/128x128.png "$root/usr/share/icons/hicolor/128x128/apps/labour-brand-browser.png"
  install -D -m 644 scripts/linux/README.txt "$root/usr/share/doc/labour-brand-browser/README.txt"
  sed -i "s/@VERSION@/$version/" "$root/usr/share/doc/labour-brand-browser/README.txt"
  # The tar.gz: the same tree, to unpack anywhere (./usr/bin/labour-brand serve).
  tar -C "$root" --owner=0 --group=0 -czf "$out/$name.tar.gz" usr
  mkdir -p "$root/DEBIAN"
  size=$(du -sk "$root/usr" | cut -f1)
  cat > "$root/DEBIAN/control" <<CONTROL
Package: labour-brand-browser
Version: $version
Architecture: $a
Maintainer: 劳务品牌申报助手 <labour-brand@localhost>
Installed-Size: $size
Recommends: xdg-utils
Section: office
Priority: optional
Description: 劳务品牌申报助手（浏览器版）
 Drafts, scores and prints the 连云港 city-level labour-brand application forms
 (附件1 推荐表, 附件2 评分表) in the local web browser. A single static program
 for PCs where the desktop window cannot run (UOS, Kylin, ARM64).
CONTROL
  dpkg-deb --root-owner-group -Zxz --build "$root" "$out/$name.deb" >/dev/null
  rm -rf "$root"
  file "$bin"
done
ls -l "$out"
echo "built the browser edition for ${ARCHES[*]} in $(( $(date +%s) - start )) s"
