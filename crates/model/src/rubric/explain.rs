//! The words of a score: templates filled with the typed figures, the phrase for what is still
//! missing, and how far a numeric bar is from being met ("尚差 800 人").

use rust_decimal::Decimal;

use super::condition::{Condition, Measure, Op};
use super::placeholders;
use crate::facts::{FactState, Facts};
use crate::text::{format_decimal, format_percent};

/// Renders a template's placeholders; `None` when a fact it names is not available.
pub(super) fn render(template: &str, facts: &Facts) -> Option<String> {
    if !template.contains('{') {
        return Some(template.to_string());
    }
    let mut out = template.to_string();
    for ph in placeholders(template) {
        let value = match ph.split_once(':') {
            Some((kind, spec)) => {
                let (pair, name) = spec.split_once('|').unwrap_or((spec, ""));
                let (a, b) = pair.split_once('/')?;
                let measure = if kind == "ratio" {
                    Measure::Ratio {
                        part: a.into(),
                        whole: b.into(),
                    }
                } else {
                    Measure::Premium {
                        value: a.into(),
                        base: b.into(),
                    }
                };
                let v = measure.value(facts)?;
                if kind == "premium_vs" {
                    if v.is_zero() {
                        format!("与{name}持平")
                    } else if v.is_sign_negative() {
                        format!("低于{name} {}%", format_percent(-v))
                    } else {
                        format!("高出{name} {}%", format_percent(v))
                    }
                } else {
                    format_percent(v)
                }
            }
            None => facts.display(&ph)?,
        };
        out = out.replacen(&format!("{{{ph}}}"), &value, 1);
    }
    Some(out)
}

/// Renders a phrase; where a fact is missing the placeholder is shown as "…".
pub(super) fn phrase(template: &str, facts: &Facts) -> String {
    render(template, facts).unwrap_or_else(|| {
        let mut out = template.to_string();
        for ph in placeholders(template) {
            out = out.replace(&format!("{{{ph}}}"), "…");
        }
        out
    })
}

/// "「从业人员人数」尚未填写" or the reading problem, for each key.
pub(super) fn missing_phrase(keys: &[String], facts: &Facts) -> String {
    keys.iter()
        .map(|k| match facts.state(k) {
            FactState::Invalid(p) => p.to_string(),
            FactState::Value(_) if facts.is_open(k) => format!(
                "「{}」还可以再勾选（离开这一组后，未勾选的视为没有）",
                facts.label(k)
            ),
            _ => format!("「{}」尚未填写", facts.label(k)),
        })
        .collect::<Vec<_>>()
        .join("，")
}

/// How far a simple numeric bar is from being met, e.g. "尚差 800 人".
pub(super) fn gap(cond: &Condition, facts: &Facts) -> Option<String> {
    let Condition::Compare {
        measure,
        op: Op::Ge | Op::Gt,
        value,
    } = cond
    else {
        return None;
    };
    let current = measure.value(facts)?;
    let missing = *value - current;
    if missing <= Decimal::ZERO {
        return None;
    }
    match measure {
        Measure::Fact(k) => {
            let unit = facts
                .decl(k)
                .and_then(|d| d.unit.clone())
                .unwrap_or_default();
            // One unit style: percentages are 个百分点, as for computed ratios.
            if unit == "%" {
                Some(format!("尚差 {} 个百分点", format_decimal(missing)))
            } else {
                Some(format!("尚差 {} {unit}", format_decimal(missing)))
            }
        }
        _ => Some(format!("尚差 {} 个百分点", format_percent(missing))),
    }
}
