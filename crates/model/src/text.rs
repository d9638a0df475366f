//! Text helpers: counting characters as a person does and formatting numbers the Chinese way.

use rust_decimal::Decimal;

/// Counts characters as a person counts them on the form: every Chinese character, letter,
/// digit or punctuation mark is one; line breaks are not counted.
pub fn char_count(s: &str) -> usize {
    s.chars().filter(|c| *c != '\n' && *c != '\r').count()
}

/// The 称谓 a brand name should end with (地域 + 产业/行业/产品 + 人), per 苏人社发〔2022〕40号.
pub const TITLE_SUFFIXES: &[char] = &[
    '工', '匠', '师', '员', '嫂', '姐', '人', '哥', '妹', '娘', '手', '家', '士', '侠',
];

/// Whether a brand name ends with one of the usual 称谓.
pub fn has_title_suffix(name: &str) -> bool {
    name.trim()
        .chars()
        .last()
        .is_some_and(|c| TITLE_SUFFIXES.contains(&c))
}

/// Formats a decimal with thousands separators and without trailing zeros: `4200` → `4,200`,
/// `58000.50` → `58,000.5`.
pub fn format_decimal(d: Decimal) -> String {
    let d = d.normalize();
    let s = d.abs().to_string();
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i.to_string(), Some(f.to_string())),
        None => (s.clone(), None),
    };
    let mut grouped = String::new();
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    let sign = if d.is_sign_negative() && !d.is_zero() {
        "-"
    } else {
        ""
    };
    match frac {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}

/// Formats a percentage computed by division: exact values as they are (`61.9`), others rounded
/// to two decimals and marked `约` ("about"), so a rounded 70 is never mistaken for exactly 70.
/// Where two decimals would round onto a whole number (the rubric's boundaries are whole: 10%,
/// 50%, 70%), more digits are shown until the side of the boundary is visible (`约69.998`).
pub fn format_percent(p: Decimal) -> String {
    for dp in 2..=8 {
        let rounded = p.round_dp(dp);
        if rounded == p {
            return format_decimal(p.normalize());
        }
        if !rounded.fract().is_zero() || dp == 8 {
            return format!("约{}", format_decimal(rounded.normalize()));
        }
    }
    unreachable!("the loop returns by its last round")
}

/// Text made safe for a terminal: control characters (C0 other than line feed and tab, DEL,
/// C1 — which start escape sequences that clear the screen or write the clipboard) and the
/// bidirectional overrides are shown as `\u{…}` instead of being sent raw.
pub fn terminal_safe(text: &str) -> std::borrow::Cow<'_, str> {
    let bad = |c: char| {
        (c.is_control() && c != '\n' && c != '\t')
            || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
    };
    if !text.chars().any(bad) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if bad(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// A typed text as it prints: blank lines and spaces around it dropped, but the full-width
/// indent (　　) that begins its first paragraph kept, as it is kept on every other paragraph.
pub fn print_trim(s: &str) -> &str {
    let s = s.trim_end();
    // Whole blank lines before the text go…
    let mut start = 0;
    for line in s.split_inclusive('\n') {
        if line.trim().is_empty() && line.ends_with('\n') {
            start += line.len();
        } else {
            break;
        }
    }
    // …and half-width spaces before the first character, never the indent.
    s[start..].trim_start_matches([' ', '\t', '\r', '\n'])
}

#[cfg(test)]
mod tests {

    /// The first paragraph keeps its indent; blank lines and ASCII spaces around go.
    #[test]
    fn print_trim_keeps_the_indent_of_the_first_paragraph() {
        assert_eq!(
            print_trim("　　第一段。\n　　第二段。\n"),
            "　　第一段。\n　　第二段。"
        );
        assert_eq!(print_trim("\n \n  　　第一段。  "), "　　第一段。");
        assert_eq!(print_trim("　　\n　　第一段。"), "　　第一段。");
        assert_eq!(print_trim("无缩进"), "无缩进");
        assert_eq!(print_trim("  \n\t"), "");
    }
    use super::*;
    use std::str::FromStr;

    #[test]
    fn counts_like_a_person() {
        assert_eq!(char_count("连云港海鲜厨师"), 7);
        assert_eq!(char_count("A1，。"), 4);
        assert_eq!(char_count("第一行\n第二行"), 6);
        assert_eq!(char_count("𠮷"), 1);
    }

    #[test]
    fn formats_numbers() {
        assert_eq!(format_decimal(Decimal::from(4200)), "4,200");
        assert_eq!(format_decimal(Decimal::from(100)), "100");
        assert_eq!(format_decimal(Decimal::from(1234567)), "1,234,567");
        assert_eq!(
            format_decimal(Decimal::from_str("58000.50").unwrap()),
            "58,000.5"
        );
        assert_eq!(
            format_decimal(Decimal::from_str("-1200").unwrap()),
            "-1,200"
        );
        assert_eq!(format_percent(Decimal::from_str("61.9").unwrap()), "61.9");
        assert_eq!(
            format_percent(Decimal::from(2) / Decimal::from(3) * Decimal::from(100)),
            "约66.67"
        );
        // Near a whole-number boundary the side stays visible.
        let near = |n: i64, d: i64| Decimal::from(n) * Decimal::from(100) / Decimal::from(d);
        assert_eq!(format_percent(near(27_999, 40_000)), "约69.998");
        assert_eq!(format_percent(near(69_997_499, 100_000_000)), "约69.997");
        assert_eq!(
            format_percent(near(1_000, 10_001) - Decimal::from(0)),
            "约9.999"
        );
    }

    #[test]
    fn title_suffix_hint() {
        assert!(has_title_suffix("连云港海鲜厨师"));
        assert!(has_title_suffix("东海水晶工 "));
        assert!(!has_title_suffix("连云港海鲜"));
        assert!(!has_title_suffix(""));
    }
}

/// The file name of a path as messages show it (the whole path when it has no name).
pub fn file_label(path: &std::path::Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}
