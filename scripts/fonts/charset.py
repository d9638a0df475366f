#!/usr/bin/env python3
"""Writes the character sets the bundled font subsets must cover.

body.txt: every GBK character, ASCII, CJK and general punctuation, full-width forms, and the
          few symbols the PDF draws (check marks, boxes). Company and person names use rare
          characters (喆, 堃, …), which GB2312 lacks; GBK has them.
heading.txt: only the fixed texts drawn in the heading faces (assets/fonts/heading-text.txt).
"""
import sys
from pathlib import Path

out = Path(sys.argv[1])
root = Path(__file__).resolve().parents[2]

chars = set()
for b1 in range(0x81, 0xFF):
    for b2 in range(0x40, 0xFF):
        if b2 == 0x7F:
            continue
        try:
            chars.update(bytes([b1, b2]).decode("gbk"))
        except UnicodeDecodeError:
            pass
chars.update(chr(c) for c in range(0x20, 0x7F))
for lo, hi in [(0x2000, 0x206F), (0x3000, 0x303F), (0xFF00, 0xFFEF), (0x2460, 0x24FF), (0x25A0, 0x25FF), (0x2713, 0x2714)]:
    chars.update(chr(c) for c in range(lo, hi + 1))
(out / "body.txt").write_text("".join(sorted(chars)), encoding="utf-8")

heading = set((root / "assets/fonts/heading-text.txt").read_text(encoding="utf-8")) - {"\n"}
heading.add(" ")
(out / "heading.txt").write_text("".join(sorted(heading)), encoding="utf-8")
print(f"body: {len(chars)} characters, heading: {len(heading)} characters")
