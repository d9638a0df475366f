#!/usr/bin/env bash
# Re-creates the bundled font subsets in assets/fonts from the Noto fonts (SIL OFL 1.1) published
# in the npm packages @expo-google-fonts/noto-serif-sc and @expo-google-fonts/noto-sans-sc.
# Needs: npm, python3 with fonttools (pip install fonttools). Re-runnable; output is deterministic.
set -euo pipefail
cd "$(dirname "$0")/../.."
VERSION=0.4.3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
( cd "$work" && npm pack --silent "@expo-google-fonts/noto-serif-sc@$VERSION" "@expo-google-fonts/noto-sans-sc@$VERSION" >/dev/null )
for f in "$work"/*.tgz; do tar xzf "$f" -C "$work" --one-top-level="${f%.tgz}"; done
serif="$work/expo-google-fonts-noto-serif-sc-$VERSION/package"
sans="$work/expo-google-fonts-noto-sans-sc-$VERSION/package"
python3 scripts/fonts/charset.py "$work"
subset() { # source, charset, output
  pyftsubset "$1" --text-file="$2" --output-file="$3" --layout-features='' --no-hinting \
    --name-IDs='*' --name-languages='*' --notdef-outline --recalc-bounds
}
subset "$serif/400Regular/NotoSerifSC_400Regular.ttf" "$work/body.txt" assets/fonts/NotoSerifSC-Regular-GBK.ttf
subset "$serif/700Bold/NotoSerifSC_700Bold.ttf" "$work/heading.txt" assets/fonts/NotoSerifSC-Bold-Heading.ttf
subset "$sans/700Bold/NotoSansSC_700Bold.ttf" "$work/heading.txt" assets/fonts/NotoSansSC-Bold-Heading.ttf
ls -l assets/fonts/*.ttf
