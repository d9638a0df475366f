//! Conditions: compiled from the rubric data, evaluated on a draft's facts with exact
//! arithmetic, in three values (holds / does not hold / unknown because a fact is missing).

use std::str::FromStr;

use rust_decimal::Decimal;

use super::spec::CondSpec;
use crate::facts::{FactDecl, FactKind, FactValue, Facts};

/// A comparison operator. `>=` reads 以上/不少于/不低于/达到, `>` reads 超过/高于,
/// `<` reads 少于/低于/小于.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Ge,
    Gt,
    Le,
    Lt,
}

impl Op {
    fn parse(s: &str) -> Option<Op> {
        Some(match s {
            ">=" => Op::Ge,
            ">" => Op::Gt,
            "<=" => Op::Le,
            "<" => Op::Lt,
            _ => return None,
        })
    }

    fn holds(self, left: Decimal, right: Decimal) -> bool {
        match self {
            Op::Ge => left >= right,
            Op::Gt => left > right,
            Op::Le => left <= right,
            Op::Lt => left < right,
        }
    }
}

/// What a comparison measures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Measure {
    /// A numeric fact as typed.
    Fact(String),
    /// `part / whole × 100`, in percent.
    Ratio { part: String, whole: String },
    /// `(value − base) / base × 100`: how many percent `value` is above `base`.
    Premium { value: String, base: String },
}

impl Measure {
    /// The fact keys the measure reads.
    pub fn keys(&self) -> Vec<&str> {
        match self {
            Measure::Fact(k) => vec![k],
            Measure::Ratio { part, whole } => vec![part, whole],
            Measure::Premium { value, base } => vec![value, base],
        }
    }

    /// The measure's value as an exact fraction `(numerator, denominator)` with a positive
    /// denominator, or the keys that are missing. A zero whole gives a ratio of 0; a zero base
    /// cannot give a premium and leaves the base as the unknown.
    fn fraction(&self, facts: &Facts) -> Result<(Decimal, Decimal), Vec<String>> {
        let get2 = |a: &str, b: &str| -> Result<(Decimal, Decimal), Vec<String>> {
            match (facts.number(a), facts.number(b)) {
                (Some(x), Some(y)) => Ok((x, y)),
                (x, y) => Err([(a, x), (b, y)]
                    .iter()
                    .filter(|(_, v)| v.is_none())
                    .map(|(k, _)| k.to_string())
                    .collect()),
            }
        };
        let hundred = Decimal::ONE_HUNDRED;
        match self {
            Measure::Fact(k) => facts
                .number(k)
                .map(|v| (v, Decimal::ONE))
                .ok_or_else(|| vec![k.clone()]),
            Measure::Ratio { part, whole } => {
                let (p, w) = get2(part, whole)?;
                if w.is_zero() {
                    Ok((Decimal::ZERO, Decimal::ONE))
                } else {
                    Ok((p * hundred, w))
                }
            }
            Measure::Premium { value, base } => {
                let (v, b) = get2(value, base)?;
                if b.is_zero() {
                    Err(vec![base.clone()])
                } else {
                    Ok(((v - b) * hundred, b))
                }
            }
        }
    }

    /// The measure's value (rounded to 10 places where it does not divide exactly).
    pub fn value(&self, facts: &Facts) -> Option<Decimal> {
        let (n, d) = self.fraction(facts).ok()?;
        n.checked_div(d).map(|v| v.round_dp(10))
    }
}

/// A compiled condition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Condition {
    /// A measure compared with a constant, exactly (by cross-multiplication).
    Compare {
        measure: Measure,
        op: Op,
        value: Decimal,
    },
    /// A yes/no fact equals `value`.
    Is { fact: String, value: bool },
    /// A one-of fact is one of `options`.
    In { fact: String, options: Vec<String> },
    /// A several-of fact includes `option`.
    Has { fact: String, option: String },
    /// A several-of fact has at least `n` options chosen.
    AtLeast { fact: String, n: u32 },
    /// All hold.
    All(Vec<Condition>),
    /// At least one holds.
    Any(Vec<Condition>),
}

/// The three-valued outcome of a condition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Truth {
    /// Holds.
    Yes,
    /// Does not hold.
    No,
    /// Cannot be told yet: these facts are missing or invalid.
    Unknown(Vec<String>),
}

impl Truth {
    fn from_bool(b: bool) -> Truth {
        if b {
            Truth::Yes
        } else {
            Truth::No
        }
    }
}

impl Condition {
    /// Evaluates the condition on the facts.
    pub fn eval(&self, facts: &Facts) -> Truth {
        let unknown = |k: &str| Truth::Unknown(vec![k.to_string()]);
        match self {
            Condition::Compare { measure, op, value } => match measure.fraction(facts) {
                Ok((num, den)) => {
                    // num / den  op  value   ⇔   num  op  value × den   (den > 0)
                    match value.checked_mul(den) {
                        Some(rhs) => Truth::from_bool(op.holds(num, rhs)),
                        None => Truth::from_bool(op.holds(num / den, *value)),
                    }
                }
                Err(missing) => Truth::Unknown(missing),
            },
            Condition::Is { fact, value } => match facts.value(fact) {
                Some(FactValue::Bool(b)) => Truth::from_bool(b == value),
                _ => unknown(fact),
            },
            Condition::In { fact, options } => match facts.value(fact) {
                Some(FactValue::Choice(c)) => Truth::from_bool(options.contains(c)),
                _ => unknown(fact),
            },
            // A group still being ticked: an unticked option may yet be ticked.
            Condition::Has { fact, option } => match facts.value(fact) {
                Some(FactValue::Choices(cs)) if cs.contains(option) => Truth::Yes,
                Some(FactValue::Choices(_)) if facts.is_open(fact) => unknown(fact),
                Some(FactValue::Choices(_)) => Truth::No,
                _ => unknown(fact),
            },
            Condition::AtLeast { fact, n } => match facts.value(fact) {
                Some(FactValue::Choices(cs)) if cs.len() >= *n as usize => Truth::Yes,
                Some(FactValue::Choices(_)) if facts.is_open(fact) => {
                    let all = facts.decl(fact).map_or(0, |d| d.options.len());
                    if all >= *n as usize {
                        unknown(fact)
                    } else {
                        Truth::No
                    }
                }
                Some(FactValue::Choices(_)) => Truth::No,
                _ => unknown(fact),
            },
            Condition::All(cs) => {
                let mut missing = Vec::new();
                for c in cs {
                    match c.eval(facts) {
                        Truth::No => return Truth::No,
                        Truth::Unknown(m) => missing.extend(m),
                        Truth::Yes => {}
                    }
                }
                if missing.is_empty() {
                    Truth::Yes
                } else {
                    dedup(&mut missing);
                    Truth::Unknown(missing)
                }
            }
            Condition::Any(cs) => {
                let mut missing = Vec::new();
                for c in cs {
                    match c.eval(facts) {
                        Truth::Yes => return Truth::Yes,
                        Truth::Unknown(m) => missing.extend(m),
                        Truth::No => {}
                    }
                }
                if missing.is_empty() {
                    Truth::No
                } else {
                    dedup(&mut missing);
                    Truth::Unknown(missing)
                }
            }
        }
    }

    /// Every fact key the condition reads.
    pub fn keys(&self) -> Vec<String> {
        match self {
            Condition::Compare { measure, .. } => {
                measure.keys().into_iter().map(str::to_string).collect()
            }
            Condition::Is { fact, .. }
            | Condition::In { fact, .. }
            | Condition::Has { fact, .. }
            | Condition::AtLeast { fact, .. } => vec![fact.clone()],
            Condition::All(cs) | Condition::Any(cs) => cs.iter().flat_map(|c| c.keys()).collect(),
        }
    }
}

fn dedup(keys: &mut Vec<String>) {
    let mut seen = std::collections::HashSet::new();
    keys.retain(|k| seen.insert(k.clone()));
}

/// Compiles a condition, checking every fact key and its kind against the declarations.
/// The error is a sentence about what is wrong (the caller adds the item id).
pub fn compile(spec: &CondSpec, decls: &[FactDecl]) -> Result<Condition, String> {
    let find = |key: &str| -> Result<&FactDecl, String> {
        decls
            .iter()
            .find(|d| d.key == key)
            .ok_or_else(|| format!("unknown fact `{key}`"))
    };
    let numeric = |key: &str| -> Result<(), String> {
        let d = find(key)?;
        if d.kind.is_numeric() {
            Ok(())
        } else {
            Err(format!(
                "fact `{key}` is not a number but is compared as one"
            ))
        }
    };
    let forms = [
        spec.ratio.is_some(),
        spec.premium.is_some(),
        spec.is.is_some(),
        spec.in_.is_some(),
        spec.has.is_some(),
        spec.at_least.is_some(),
        spec.all.is_some(),
        spec.any.is_some(),
        spec.op.is_some() && spec.fact.is_some(),
    ];
    if forms.iter().filter(|f| **f).count() != 1 {
        return Err("a condition must use exactly one form (fact+op, ratio, premium, is, in, has, at_least, all, any)".into());
    }
    let compare = |measure: Measure| -> Result<Condition, String> {
        let op = spec.op.as_deref().ok_or("a comparison needs `op`")?;
        let op = Op::parse(op).ok_or_else(|| format!("unknown operator `{op}`"))?;
        let value = spec.value.as_deref().ok_or("a comparison needs `value`")?;
        let value =
            Decimal::from_str(value).map_err(|_| format!("`{value}` is not a decimal number"))?;
        Ok(Condition::Compare { measure, op, value })
    };
    let fact = || {
        spec.fact
            .clone()
            .ok_or_else(|| "this form needs `fact`".to_string())
    };
    if let Some(all) = &spec.all {
        if all.is_empty() {
            return Err("`all` is empty".into());
        }
        return Ok(Condition::All(
            all.iter()
                .map(|c| compile(c, decls))
                .collect::<Result<_, _>>()?,
        ));
    }
    if let Some(any) = &spec.any {
        if any.is_empty() {
            return Err("`any` is empty".into());
        }
        return Ok(Condition::Any(
            any.iter()
                .map(|c| compile(c, decls))
                .collect::<Result<_, _>>()?,
        ));
    }
    if let Some([part, whole]) = &spec.ratio {
        numeric(part)?;
        numeric(whole)?;
        return compare(Measure::Ratio {
            part: part.clone(),
            whole: whole.clone(),
        });
    }
    if let Some([value, base]) = &spec.premium {
        numeric(value)?;
        numeric(base)?;
        return compare(Measure::Premium {
            value: value.clone(),
            base: base.clone(),
        });
    }
    let key = fact()?;
    let decl = find(&key)?;
    if let Some(value) = spec.is {
        if decl.kind != FactKind::YesNo {
            return Err(format!("`is` needs a yes/no fact, `{key}` is not one"));
        }
        return Ok(Condition::Is { fact: key, value });
    }
    if let Some(options) = &spec.in_ {
        if decl.kind != FactKind::OneOf {
            return Err(format!("`in` needs a one-of fact, `{key}` is not one"));
        }
        for o in options {
            if decl.option_label(o).is_none() {
                return Err(format!("fact `{key}` has no option `{o}`"));
            }
        }
        return Ok(Condition::In {
            fact: key,
            options: options.clone(),
        });
    }
    if let Some(option) = &spec.has {
        if decl.kind != FactKind::SeveralOf || decl.option_label(option).is_none() {
            return Err(format!(
                "`has` needs a several-of fact with option `{option}`"
            ));
        }
        return Ok(Condition::Has {
            fact: key,
            option: option.clone(),
        });
    }
    if let Some(n) = spec.at_least {
        if decl.kind != FactKind::SeveralOf {
            return Err(format!(
                "`at_least` needs a several-of fact, `{key}` is not one"
            ));
        }
        return Ok(Condition::AtLeast { fact: key, n });
    }
    numeric(&key)?;
    compare(Measure::Fact(key))
}
