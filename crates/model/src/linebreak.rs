//! Where a line of Chinese text may break, by the usual rules of Chinese typesetting; the PDF's
//! wrap (`labour_brand::pdf::layout`) breaks only between the [`units`] found here, and the Word copy
//! carries the same rules as no-break joins ([`joined`]), so that Word, WPS and LibreOffice never
//! split what the PDF keeps together (a number from its unit, a short quoted term, the last two
//! characters of a paragraph).
/// Characters that may not begin a line.
pub const NO_START: &str = "，。、；：？！）》」』”’〉】〕…—·%‰,.;:?!)]}>、～";
/// Characters that may not end a line.
pub const NO_END: &str = "（《「『“‘〈【〔([{<";
/// Units that stay on the line of the number before them (longest first).
pub const NUMBER_UNITS: [&str; 17] = [
    "万元", "亿元", "小时", "分", "人", "次", "元", "个", "名", "项", "家", "倍", "岁", "年", "月",
    "日", "天",
];

fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | ',' | '%' | '-' | '_' | '/' | '@' | '+')
}

/// Whether a line holds a single character with, at most, its closing punctuation ("分。",
/// "业。"): what a paragraph must never end with. "（一）" is not one.
pub fn is_lone_character_line(line: &str) -> bool {
    line.chars()
        .filter(|c| !c.is_whitespace() && !NO_START.contains(*c))
        .count()
        == 1
}

/// Splits one paragraph into unbreakable units: a line may break only between two of them.
pub fn units(paragraph: &str) -> Vec<String> {
    let mut raw: Vec<String> = Vec::new();
    for c in paragraph.chars() {
        match raw.last_mut() {
            Some(last) if is_word_char(c) && last.chars().last().is_some_and(is_word_char) => {
                last.push(c)
            }
            _ => raw.push(c.to_string()),
        }
    }
    let raw = glue_units(raw);
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
    quoted_terms(glued)
}

/// The longest quoted term kept whole, in characters between the marks ("“专精特新”" is 4).
pub const QUOTED_TERM_MAX: usize = 8;

/// Joins the units of a short term in quotation marks ("“专精特新”", "“一带一路”") into one.
fn quoted_terms(units: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(units.len());
    let mut i = 0;
    while i < units.len() {
        let u = &units[i];
        let opens = u.contains('“') && !u.contains('”');
        let close = opens
            .then(|| {
                (i + 1..units.len()).find(|&j| units[j].contains('”') || units[j].contains('“'))
            })
            .flatten()
            .filter(|&j| units[j].contains('”') && !units[j].contains('“'));
        match close {
            Some(j) => {
                let term: String = units[i..=j].concat();
                let inner = term
                    .split_once('“')
                    .and_then(|(_, r)| r.split_once('”'))
                    .map_or(usize::MAX, |(t, _)| t.chars().count());
                if inner <= QUOTED_TERM_MAX {
                    out.push(term);
                    i = j + 1;
                    continue;
                }
                out.push(u.clone());
            }
            None => out.push(u.clone()),
        }
        i += 1;
    }
    out
}

/// Joins a number with the unit after it (and the one space typed between them, if any).
fn glue_units(raw: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        let mut unit = raw[i].clone();
        i += 1;
        if unit
            .chars()
            .last()
            .is_some_and(|c| c.is_ascii_digit() || c == '%')
        {
            let mut j = i;
            if raw.get(j).is_some_and(|s| s == " ") {
                j += 1;
            }
            let rest: String = raw[j.min(raw.len())..].iter().take(2).cloned().collect();
            if let Some(u) = NUMBER_UNITS.iter().find(|u| rest.starts_with(**u)) {
                let n = u.chars().count();
                for s in &raw[i..j + n] {
                    unit.push_str(s);
                }
                i = j + n;
            }
        }
        out.push(unit);
    }
    out
}

/// The word joiner (U+2060, UAX #14 class WJ): no line breaks on either side of it. LibreOffice
/// honours it (the Word copy test checks its conversion); Word's own "no-width non break"
/// (U+200D) LibreOffice ignores.
pub const NO_BREAK_JOIN: char = '\u{2060}';

/// `text` with [`NO_BREAK_JOIN`] between the characters of every unit (a space typed inside a
/// unit, "2 亿元", is left out), and the last unit of each paragraph joined to the
/// one before when it is a lone character ("业。"). No join is put where Word breaks no line
/// anyway (inside a Latin run, before a closing mark, after an opening one): every join is one
/// more invisible character that a search in Word must step over. Line breaks are kept.
pub fn joined(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    for (i, paragraph) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let mut units = units(paragraph);
        if units.len() >= 2 && is_lone_character_line(&units[units.len() - 1]) {
            let last = units.pop().unwrap();
            units.last_mut().unwrap().push_str(&last);
        }
        for unit in units {
            let whole = unit.chars().count() > 1;
            let mut prev: Option<char> = None;
            for c in unit.chars() {
                // A space typed inside a unit ("2 亿元") is left out: no office suite keeps a
                // no-break space from breaking Chinese text, and none is set there in print.
                if c == ' ' && whole {
                    continue;
                }
                if let Some(p) = prev {
                    // Word keeps Latin runs whole and applies the punctuation rules itself.
                    let latin_run = is_word_char(p) && is_word_char(c);
                    let kinsoku = NO_START.contains(c) || NO_END.contains(p);
                    let needed = !latin_run && !kinsoku;
                    if needed {
                        out.push(NO_BREAK_JOIN);
                    }
                }
                out.push(c);
                prev = Some(c);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Units as a reader checks them: | where a line may break.
    #[test]
    fn a_line_breaks_only_between_units() {
        for (text, want) in [
            ("加2分", "加|2分"),
            ("在 2 亿元以上", "在| |2 亿元|以|上"),
            ("“专精特新”企业", "“专精特新”|企|业"),
            ("（一）组织", "（一）|组|织"),
            ("5000万元。", "5000万元。"),
        ] {
            assert_eq!(units(text).join("|"), want, "{text}");
        }
        // A quoted passage longer than a term may break inside.
        assert!(units("“这是一段很长的引用的话语内容”").len() > 1);
    }

    /// The Word copy's joins: ~ for a no-break join.
    #[test]
    fn joins_keep_together_what_the_pdf_keeps_together() {
        let shown = |t: &str| joined(t).replace(NO_BREAK_JOIN, "~");
        for (text, want) in [
            ("加2分", "加2~分"),
            ("在 2 亿元以上", "在 2~亿~元以~上"),
            ("“专精特新”小巨人", "“专~精~特~新”小巨~人"),
            ("从业企业。", "从业企~业。"),
            ("6、建立", "6、建~立"),
            ("甲乙\n丙丁", "甲~乙\n丙~丁"),
            ("GB/T 9704", "GB/T 9704"),
        ] {
            assert_eq!(shown(text), want, "{text}");
        }
    }
}
