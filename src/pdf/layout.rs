//! Line breaking for Chinese text in table cells, by the usual rules: no line starts with a
//! closing mark (，。、；：？！）》」』” …) and none ends with an opening one (（《「『“ …); runs of
//! Latin letters and digits ("2024", "5,000") are not split unless wider than the line.

use super::fonts::TextFace;

/// Characters that may not begin a line.
const NO_START: &str = "，。、；：？！）》」』”’〉】〕…—·%‰,.;:?!)]}>、～";
/// Characters that may not end a line.
const NO_END: &str = "（《「『“‘〈【〔([{<";

fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | ',' | '%' | '-' | '_' | '/' | '@' | '+')
}

/// Splits one paragraph into unbreakable units.
fn units(paragraph: &str) -> Vec<String> {
    let mut raw: Vec<String> = Vec::new();
    for c in paragraph.chars() {
        match raw.last_mut() {
            Some(last) if is_word_char(c) && last.chars().last().is_some_and(is_word_char) => {
                last.push(c)
            }
            _ => raw.push(c.to_string()),
        }
    }
    // Glue closing marks to the unit before, opening marks to the unit after.
    let mut glued: Vec<String> = Vec::new();
    let mut pending_open = String::new();
    for u in raw {
        let first = u.chars().next().unwrap_or(' ');
        if NO_START.contains(first) && pending_open.is_empty() {
            if let Some(prev) = glued.last_mut() {
                prev.push_str(&u);
                continue;
            }
        }
        if u.chars().count() == 1 && NO_END.contains(first) {
            pending_open.push_str(&u);
            continue;
        }
        glued.push(std::mem::take(&mut pending_open) + &u);
    }
    if !pending_open.is_empty() {
        glued.push(pending_open);
    }
    glued
}

/// Wraps `text` into lines no wider than `width` pt at `size` pt. Explicit line breaks are kept;
/// leading spaces of wrapped lines are dropped.
pub fn wrap(text: &str, face: TextFace, size: f32, width: f32) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        let mut line_w = 0.0;
        for unit in units(paragraph) {
            let w = face.width(&unit, size);
            if line_w + w <= width + 0.01 || line.is_empty() && w <= width + 0.01 {
                line.push_str(&unit);
                line_w += w;
                continue;
            }
            if w > width {
                // Wider than a line: break it by characters.
                for c in unit.chars() {
                    let cw = face.advance(c, size);
                    if line_w + cw > width + 0.01 && !line.is_empty() {
                        lines.push(std::mem::take(&mut line));
                        line_w = 0.0;
                    }
                    line.push(c);
                    line_w += cw;
                }
                continue;
            }
            lines.push(std::mem::take(&mut line));
            let trimmed = unit.trim_start();
            line_w = face.width(trimmed, size);
            line.push_str(trimmed);
        }
        lines.push(line);
    }
    lines
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
}
