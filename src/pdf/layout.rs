//! Line breaking for Chinese text in the PDF's table cells, by the rules of
//! [`crate::linebreak`] (which the Word copy carries as no-break joins):
//! - no line starts with a closing mark (，。、；：？！）》」』” …) and none ends with an opening
//!   one (（《「『“ …);
//! - runs of Latin letters and digits ("2024", "5,000", "10%") are not split unless wider than
//!   the line, a number keeps its unit ("3000人", "2 亿元", "加2分") and a short quoted term
//!   stays whole ("“专精特新”");
//! - no line of a paragraph holds a single character (with its punctuation): one is pulled from
//!   the line before.

use super::fonts::TextFace;
use crate::linebreak::units;
pub use crate::linebreak::{is_lone_character_line, NO_END, NO_START, NUMBER_UNITS};

/// Wraps `text` into lines no wider than `width` pt at `size` pt. Explicit line breaks are kept;
/// leading spaces of wrapped lines are dropped.
pub fn wrap(text: &str, face: TextFace, size: f32, width: f32) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for paragraph in text.split('\n') {
        let mut para: Vec<Vec<String>> = vec![Vec::new()];
        let mut line_w = 0.0;
        for unit in units(paragraph) {
            let w = face.width(&unit, size);
            let empty = para.last().is_some_and(Vec::is_empty);
            if line_w + w <= width + 0.01 || empty && w <= width + 0.01 {
                para.last_mut().unwrap().push(unit);
                line_w += w;
                continue;
            }
            if w > width {
                // Wider than a line: break it by characters.
                for c in unit.chars() {
                    let cw = face.advance(c, size);
                    if line_w + cw > width + 0.01 && !para.last().unwrap().is_empty() {
                        para.push(Vec::new());
                        line_w = 0.0;
                    }
                    para.last_mut().unwrap().push(c.to_string());
                    line_w += cw;
                }
                continue;
            }
            let trimmed = unit.trim_start().to_string();
            line_w = face.width(&trimmed, size);
            para.push(vec![trimmed]);
        }
        no_single_character_line(&mut para, face, size, width);
        lines.extend(para.into_iter().map(|l| l.concat()));
    }
    lines
}

/// A paragraph's last line with one character (and its punctuation) takes the last unit of the
/// line before, when that line keeps two units or more and the moved unit fits.
fn no_single_character_line(para: &mut [Vec<String>], face: TextFace, size: f32, width: f32) {
    let n = para.len();
    if n < 2 {
        return;
    }
    if !is_lone_character_line(&para[n - 1].concat()) || para[n - 2].len() < 2 {
        return;
    }
    let moved = para[n - 2].last().unwrap().clone();
    let new_w = face.width(&moved, size) + face.width(&para[n - 1].concat(), size);
    let before = para[n - 2][..para[n - 2].len() - 1].concat();
    if new_w <= width + 0.01 && !is_lone_character_line(&before) {
        para[n - 2].pop();
        para[n - 1].insert(0, moved);
    }
}

/// Finds the largest size from `max` down to `min` (in 0.5 pt steps) at which `text` wraps into
/// a box of `w` × `h` mm with the given leading; `None` when even `min` does not fit.
pub fn fit(
    text: &str,
    face: TextFace,
    max: f32,
    min: f32,
    leading: f32,
    w: f32,
    h: f32,
) -> Option<(f32, Vec<String>)> {
    let mm = super::canvas::PT_PER_MM;
    let mut size = max;
    while size >= min - 0.01 {
        let lines = wrap(text, face, size, w * mm);
        if lines.len() as f32 * size * leading / mm <= h + 0.01 {
            return Some((size, lines));
        }
        size -= 0.5;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::fonts::{Face, FontSet, TextFace};

    fn body() -> TextFace<'static> {
        TextFace::new(FontSet::bundled().unwrap().face(Face::Body))
    }

    #[test]
    fn no_line_starts_with_a_closing_mark_or_ends_with_an_opening_one() {
        let text = "从业人员不少于3000人。从业员工工资收入高出该行业平均工资10%以上，技能劳动者（含高级工）占比在50%以上。“专精特新”小巨人企业。";
        for width in [40.0, 55.0, 61.0, 77.0, 90.0, 120.0] {
            let lines = wrap(text, body(), 9.0, width);
            assert_eq!(lines.concat(), text, "nothing lost at width {width}");
            for (i, l) in lines.iter().enumerate() {
                let first = l.chars().next().unwrap();
                let last = l.chars().last().unwrap();
                assert!(
                    !NO_START.contains(first),
                    "line {i} starts with {first}: {lines:?}"
                );
                assert!(
                    !NO_END.contains(last),
                    "line {i} ends with {last}: {lines:?}"
                );
                assert!(
                    body().width(l, 9.0) <= width + 9.0,
                    "line {i} too wide: {l}"
                );
            }
        }
    }

    #[test]
    fn numbers_are_not_split_and_breaks_are_kept() {
        let lines = wrap(
            "年销售额在 2 亿元以上，固定资产 50000000 元",
            body(),
            9.0,
            60.0,
        );
        assert!(lines.iter().any(|l| l.contains("50000000")), "{lines:?}");
        assert_eq!(wrap("甲\n乙", body(), 9.0, 100.0), vec!["甲", "乙"]);
        assert_eq!(wrap("", body(), 9.0, 100.0), vec![""]);
    }

    /// Every width from five characters to a whole sentence: a number never ends a line when its
    /// unit starts the next, and no line of a paragraph holds one character.
    #[test]
    fn a_number_keeps_its_unit_and_no_line_holds_a_single_character() {
        let text = "细化县区认定标准的加2分，评定县区级劳务品牌的加2分。没有代表性规上企业的扣10分，固定资产在 5000 万元以上、年销售额在 2 亿元以上，从业人员超过5000人，已举办1-2次活动，占比85%，企业。";
        let em = body().width("中", 9.0);
        let mut w = 5.0 * em;
        while w < 40.0 * em {
            let lines = wrap(text, body(), 9.0, w);
            // A space where a line breaks is dropped, nothing else.
            let squash = |s: &str| s.replace(' ', "");
            assert_eq!(squash(&lines.concat()), squash(text));
            for pair in lines.windows(2) {
                let end = pair[0].chars().last().unwrap();
                if end.is_ascii_digit() {
                    assert!(
                        !NUMBER_UNITS.iter().any(|u| pair[1].starts_with(u)),
                        "number split from its unit at {w:.1} pt: {lines:?}"
                    );
                }
            }
            assert!(
                !lines.iter().any(|l| is_lone_character_line(l)),
                "single character line at {w:.1} pt: {lines:?}"
            );
            w += 1.7;
        }
    }
}
