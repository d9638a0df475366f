# Shared helpers for the set-up scripts. Source it; do not run it.

# Run a command as root (directly, or through sudo).
as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

# Install Debian/Ubuntu packages that are not installed yet (no recommends).
need_packages() {
  local missing=()
  for p in "$@"; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "==> installing: ${missing[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
}

# Make sure cargo is on PATH (rustup installs it under ~/.cargo/bin).
need_cargo() {
  if ! command -v cargo >/dev/null 2>&1; then
    [ -f "$HOME/.cargo/env" ] && . "$HOME/.cargo/env"
  fi
  if ! command -v cargo >/dev/null 2>&1; then
    need_packages curl ca-certificates
    curl -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal
    . "$HOME/.cargo/env"
  fi
}

# Build artefacts live outside the clone so that fresh clones (CI) reuse them.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/labour-brand/target}"

# System packages the desktop app needs to build and run (Tauri 2 on WebKitGTK 4.1).
APP_PACKAGES=(build-essential pkg-config curl wget file libwebkit2gtk-4.1-dev libxdo-dev libssl-dev
  libayatana-appindicator3-dev librsvg2-dev fonts-noto-cjk)
# Extra packages the tests need: PDF tools, two renderers, a virtual display, the WebKit driver,
# xdotool to type into a page whose WebDriver session ended with its crashed web process, and
# LibreOffice (Writer and Calc, no GUI) with unzip to read the Word export and the workbooks as a
# clerk's office suite would,
# zip to make a deliberately broken copy of it, and Chromium with its driver to run the page in
# Blink (the engine of WebView2) as the local browser mode serves it.
TEST_PACKAGES=(poppler-utils qpdf mupdf-tools xvfb xauth webkit2gtk-driver imagemagick xdotool chromium chromium-driver
  libreoffice-writer-nogui libreoffice-calc-nogui unzip zip)
# What the Windows cross-build and its checks under wine need (scripts/build-windows.sh,
# scripts/windows/test-wine.sh).
WINDOWS_PACKAGES=(gcc-mingw-w64-x86-64 binutils-mingw-w64-x86-64 nsis file wine64)
# What the browser edition's static builds and their check need (scripts/build-linux-portable.sh,
# scripts/linux/test-portable.sh): zig comes from PyPI into a virtual environment, the ARM64
# program runs under qemu-user.
PORTABLE_PACKAGES=(python3-venv file binutils qemu-user-static desktop-file-utils curl poppler-utils)
