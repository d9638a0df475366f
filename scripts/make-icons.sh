#!/usr/bin/env bash
# Makes the app icons in src-tauri/icons from the source image assets/icon/icon-source.png
# (ImageMagick). The source itself was drawn with: bash scripts/make-icons.sh --source
set -euo pipefail
cd "$(dirname "$0")/.."
src=assets/icon/icon-source.png
if [ "${1:-}" = "--source" ]; then
  font=$(fc-match -f '%{file}' 'Noto Serif CJK SC:style=Bold')
  /usr/bin/convert -size 1024x1024 xc:none \
    -fill '#b3261e' -draw 'roundrectangle 40,40 984,984 190,190' \
    -fill none -stroke '#f6d8a8' -strokewidth 22 -draw 'roundrectangle 110,110 914,914 140,140' \
    -stroke none -fill '#fff8ec' -font "$font" -pointsize 600 -gravity center -annotate +0+20 '劳' \
    -resize 512x512 "$src"
fi
out=src-tauri/icons
mkdir -p "$out"
for s in 32 128; do /usr/bin/convert "$src" -resize ${s}x${s} "PNG32:$out/${s}x${s}.png"; done
/usr/bin/convert "$src" -resize 256x256 "PNG32:$out/128x128@2x.png"
/usr/bin/convert "$src" -resize 512x512 "PNG32:$out/icon.png"
/usr/bin/convert "$src" -define icon:auto-resize=256,128,64,48,32,16 "$out/icon.ico"
ls -l "$out"
