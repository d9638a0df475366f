#!/usr/bin/env bash
# Cross-builds the Windows app (x86_64-pc-windows-gnu), its CLI and the installer on Linux,
# fully offline once the packages and crates are there:
#   bash scripts/build-windows.sh [PATH/TO/MicrosoftEdgeWebView2RuntimeInstallerX64.exe]
# Output: dist/windows/labour-brand-assistant_<version>_x64-setup.exe, plus the staged files.
# The optional argument is Microsoft's standalone WebView2 runtime installer (it cannot be
# fetched here); when given, it is embedded and run silently where the runtime is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
need_packages gcc-mingw-w64-x86-64 nsis file binutils-mingw-w64-x86-64
# `windows-release` (the default: release code optimised for size, whole-program) is what ships;
# the test suite sets WINDOWS_PROFILE=crosscheck.
PROFILE="${WINDOWS_PROFILE:-windows-release}"
need_cargo
TARGET=x86_64-pc-windows-gnu
rustup target list --installed 2>/dev/null | grep -x "$TARGET" >/dev/null || rustup target add "$TARGET"

webview2="${1:-}"
if [ -n "$webview2" ] && [ ! -f "$webview2" ]; then
  echo "WebView2 installer not found: $webview2" >&2
  exit 2
fi

start=$(date +%s)
echo "==> building the window and the CLI for $TARGET ($PROFILE)"
# `font-file`: the 10.5 MB body font is shipped once, in fonts\ beside both programs, instead of
# compiled into each (docs/performance.md, the installer's size).
cargo build --locked --profile "$PROFILE" --target "$TARGET" -p labour-brand-app -p labour_brand \
  --features labour_brand/font-file
rel="$CARGO_TARGET_DIR/$TARGET/$PROFILE"

version=$(sed -n 's/^version = "\(.*\)"/\1/p' src-tauri/Cargo.toml | head -1)
out=dist/windows
stage="$out/files"
rm -rf "$stage"
mkdir -p "$stage"
cp "$rel/labour-brand-app.exe" "$rel/labour-brand.exe" "$stage/"
mkdir -p "$stage/fonts"
cp assets/fonts/NotoSerifSC-Regular-GBK.ttf assets/fonts/OFL.txt "$stage/fonts/"
# tauri-build puts the WebView2 loader (shipped inside the webview2-com-sys crate) beside the exe.
loader=$(find "$rel" -maxdepth 1 -name WebView2Loader.dll | head -1)
[ -n "$loader" ] || loader=$(find "$rel/build" -path '*x64*' -name WebView2Loader.dll | head -1)
cp "$loader" "$stage/"
cp src-tauri/icons/icon.ico "$stage/"
cat > "$stage/README.txt" <<TXT
劳务品牌申报助手 $version

labour-brand-app.exe  窗口程序（开始菜单和桌面的“劳务品牌申报助手”）
labour-brand.exe      命令行工具（评分、检查、导出 PDF，见 labour-brand.exe --help）
fonts\\               正文字体（两个程序共用，导出 PDF 时需要，请勿删除）

草稿保存在 %APPDATA%\\Lianyungang\\LabourBrand\\data\\drafts.sqlite3，卸载或升级都不会删除。
TXT

setup="$out/labour-brand-assistant_${version}_x64-setup.exe"
defines=(-DVERSION="$version" -DSRCDIR="$(realpath "$stage")" -DOUTFILE="$(realpath -m "$setup")")
[ -n "$webview2" ] && defines+=(-DWEBVIEW2="$(realpath "$webview2")")
echo "==> makensis"
makensis -V2 -INPUTCHARSET UTF8 "${defines[@]}" scripts/windows/installer.nsi

echo "==> checks"
file "$stage/labour-brand-app.exe" "$stage/labour-brand.exe" "$setup"
file "$stage/labour-brand-app.exe" | grep "PE32+ executable (GUI) x86-64" >/dev/null
file "$stage/labour-brand.exe" | grep "PE32+ executable (console) x86-64" >/dev/null
# The exe may import only DLLs every Windows 10 has, plus the WebView2 loader shipped beside it.
allowed='^(kernel32|user32|advapi32|ole32|oleaut32|combase|shell32|shlwapi|comctl32|comdlg32|gdi32|uxtheme|dwmapi|ws2_32|ntdll|bcrypt|bcryptprimitives|crypt32|secur32|userenv|version|winspool\.drv|imm32|rpcrt4|uiautomationcore|propsys|dbghelp|msvcrt|api-ms-win-[a-z0-9-]+|webview2loader)\.dll$'
for exe in labour-brand-app.exe labour-brand.exe; do
  x86_64-w64-mingw32-objdump -p "$stage/$exe" | sed -n 's/^\s*DLL Name: //p' | tr 'A-Z' 'a-z' | sort -u > "$out/$exe.imports.txt"
  bad=$(grep -Ev "$allowed" "$out/$exe.imports.txt" || true)
  if [ -n "$bad" ]; then
    echo "$exe imports DLLs a stock Windows lacks: $bad" >&2
    exit 1
  fi
done
# One copy of the body font, beside the programs: neither program holds it (a stretch of the
# font's glyph data must not be found in them).
python3 - "$stage/fonts/NotoSerifSC-Regular-GBK.ttf" "$stage/labour-brand-app.exe" "$stage/labour-brand.exe" <<'PY'
import sys
font = open(sys.argv[1], "rb").read()
probe = font[len(font) // 2 : len(font) // 2 + 256]
for exe in sys.argv[2:]:
    if probe in open(exe, "rb").read():
        sys.exit(f"{exe} still holds the body font")
PY
ls -l "$stage" "$stage/fonts" "$setup"
echo "built $setup in $(( $(date +%s) - start )) s"
