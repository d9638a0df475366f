//! Reading one typed value by its declared kind: exact decimals from JSON numbers and from text
//! as office users type it (separators, full-width digits, a unit after the number), choices
//! and yes/no; every problem named.

use std::str::FromStr;

use rust_decimal::Decimal;
use serde_json::Value;

use super::*;

/// Parses a decimal number the way an office user types it: `4200`, `4,200`, `４２００`,
/// `58000.5`, ` 96.5 `.
pub fn parse_decimal_text(s: &str) -> Option<Decimal> {
    let cleaned: String = s
        .trim()
        .chars()
        .filter(|c| !matches!(c, ',' | '，' | ' ' | '\u{3000}' | '_'))
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            '．' | '。' => '.',
            '－' => '-',
            _ => c,
        })
        .collect();
    if cleaned.is_empty()
        || !cleaned
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == '-')
    {
        return None;
    }
    Decimal::from_str(&cleaned).ok()
}

/// A typed value as quoted in a message: long values are cut, so that a pasted page (or a
/// number of 100,000 digits) is never echoed whole.
/// How many 元 one of a money unit is (`元`, `万元`/`万`, `亿元`/`亿`).
pub fn money_scale(unit: &str) -> Option<Decimal> {
    match unit {
        "元" => Some(Decimal::ONE),
        "万元" | "万" => Some(Decimal::from(10_000)),
        "亿元" | "亿" => Some(Decimal::from(100_000_000)),
        _ => None,
    }
}

/// How the unit of a typed number was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TypedUnit {
    /// No unit after the number.
    None,
    /// The field's own unit ("5000万元" in a 万元 field).
    Same,
    /// Another money unit, converted from (元, 万元 or 亿元).
    From(&'static str),
}

/// A number typed with a unit after it, as office staff type them: "5000万元" or "3000人" in a
/// field of that unit, "60％" in a % field, and between 元, 万元 and 亿元 converted exactly
/// ("2.5亿" in a 万元 field is 25,000). Returns the number in the field's unit and how its unit
/// was typed; `None` when the text is not a number in a unit that fits the field.
pub fn parse_with_unit(text: &str, unit: Option<&str>) -> Option<(Decimal, TypedUnit)> {
    let t = text.trim();
    let is_num = |c: char| {
        c.is_ascii_digit()
            || ('０'..='９').contains(&c)
            || matches!(
                c,
                '.' | '．' | ',' | '，' | ' ' | '\u{3000}' | '_' | '-' | '－'
            )
    };
    let split = t
        .char_indices()
        .find(|(_, c)| !is_num(*c))
        .map_or(t.len(), |(i, _)| i);
    let (number, suffix) = t.split_at(split);
    let suffix = suffix.trim();
    let n = parse_decimal_text(number)?;
    if suffix.is_empty() {
        return Some((n, TypedUnit::None));
    }
    let unit = unit?;
    let same = suffix == unit
        || (unit == "%" && suffix == "％")
        || (unit == "万元" && suffix == "万")
        || (unit == "亿元" && suffix == "亿");
    if same {
        return Some((n, TypedUnit::Same));
    }
    let (from, to) = (money_scale(suffix)?, money_scale(unit)?);
    let converted = n.checked_mul(from)?.checked_div(to)?.normalize();
    let from_unit: &'static str = match suffix {
        "元" => "元",
        "万元" | "万" => "万元",
        _ => "亿元",
    };
    Some((converted, TypedUnit::From(from_unit)))
}

fn value_text(v: &Value) -> String {
    let s = match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let n = s.chars().count();
    if n <= 24 {
        s
    } else {
        format!(
            "{}…（共 {n} 个字符）",
            s.chars().take(16).collect::<String>()
        )
    }
}

/// Whether text has the shape of a number (digits, separators, a point, a sign, an exponent)
/// even if it is too large to read.
fn looks_numeric(s: &str) -> bool {
    let t = s.trim();
    !t.is_empty()
        && t.chars()
            .any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
        && t.chars().all(|c| {
            c.is_ascii_digit()
                || ('０'..='９').contains(&c)
                || matches!(
                    c,
                    ',' | '，' | ' ' | '.' | '．' | '-' | '－' | '+' | 'e' | 'E' | '_'
                )
        })
}

/// The largest number any fact may hold, whatever its declaration says.
pub const ABSOLUTE_MAX: Decimal = Decimal::from_parts(0xA4C6_8000, 0x38D7E, 0, false, 0); // 10^15

/// Reads one typed value by its declaration. `value` must not be null (null = missing).
pub fn read(decl: &FactDecl, value: &Value) -> Result<FactValue, FactProblem> {
    let label = || decl.label.clone();
    match decl.kind {
        FactKind::Count | FactKind::Money | FactKind::Percent => {
            let number = match value {
                Value::Number(n) => {
                    if let Some(i) = n.as_i64() {
                        Some(Decimal::from(i))
                    } else if let Some(u) = n.as_u64() {
                        Some(Decimal::from(u))
                    } else {
                        // The shortest decimal form of the JSON number, read exactly.
                        let t = n.to_string();
                        Decimal::from_str(&t)
                            .or_else(|_| Decimal::from_scientific(&t))
                            .ok()
                    }
                }
                Value::String(s) => parse_with_unit(s, decl.unit.as_deref()).map(|(n, _)| n),
                _ => None,
            };
            let numeric_shape = match value {
                Value::Number(_) => true,
                Value::String(s) => {
                    looks_numeric(s)
                        && (s.contains(['e', 'E'])
                            || s.chars().filter(char::is_ascii_digit).count() > 15)
                }
                _ => false,
            };
            let number = number.ok_or_else(|| {
                if numeric_shape {
                    FactProblem::TooLarge {
                        label: label(),
                        got: value_text(value),
                    }
                } else {
                    FactProblem::NotANumber {
                        label: label(),
                        got: value_text(value),
                    }
                }
            })?;
            if decl.kind == FactKind::Count && !number.fract().is_zero() {
                return Err(FactProblem::NotInteger {
                    label: label(),
                    got: format_decimal(number),
                });
            }
            if decl.positive && number.is_zero() {
                return Err(FactProblem::Zero { label: label() });
            }
            let min = decl.min.unwrap_or(Decimal::ZERO);
            // Whatever a rubric file declares, no figure on these forms reaches 10^15; the cap
            // keeps every product the engine forms far inside Decimal's range.
            let max = decl.max.unwrap_or(ABSOLUTE_MAX).min(ABSOLUTE_MAX);
            let too_small = number < min;
            let too_large = number > max;
            if too_small || too_large {
                return Err(FactProblem::OutOfRange {
                    value: number,
                    label: label(),
                    min: format_decimal(min),
                    max: decl
                        .max
                        .map(format_decimal)
                        .unwrap_or_else(|| "不限".into()),
                    got: format_decimal(number),
                });
            }
            Ok(FactValue::Number(number.normalize()))
        }
        FactKind::YesNo => match value {
            Value::Bool(b) => Ok(FactValue::Bool(*b)),
            Value::String(s) => match s.trim() {
                "是" | "yes" | "true" | "有" => Ok(FactValue::Bool(true)),
                "否" | "no" | "false" | "无" => Ok(FactValue::Bool(false)),
                _ => Err(FactProblem::NotYesNo { label: label() }),
            },
            _ => Err(FactProblem::NotYesNo { label: label() }),
        },
        FactKind::OneOf => match value {
            Value::String(s) if decl.option_label(s).is_some() => Ok(FactValue::Choice(s.clone())),
            other => Err(FactProblem::UnknownOption {
                label: label(),
                got: value_text(other),
            }),
        },
        FactKind::SeveralOf => {
            let Value::Array(items) = value else {
                return Err(FactProblem::NotAList { label: label() });
            };
            let mut chosen = Vec::new();
            for item in items {
                match item {
                    Value::String(s) if decl.option_label(s).is_some() => chosen.push(s.clone()),
                    other => {
                        return Err(FactProblem::UnknownOption {
                            label: label(),
                            got: value_text(other),
                        })
                    }
                }
            }
            let ordered = decl
                .options
                .iter()
                .filter(|o| chosen.contains(&o.key))
                .map(|o| o.key.clone())
                .collect();
            Ok(FactValue::Choices(ordered))
        }
    }
}
