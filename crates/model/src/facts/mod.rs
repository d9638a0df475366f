//! Facts: reading what the applicant typed, by the kind the rubric declares for it.
//!
//! Numbers are exact [`Decimal`]s, parsed from JSON integers, from the shortest decimal form of
//! a JSON number, or from strings (thousands separators and full-width digits accepted), so
//! that `55000` against `50000` is exactly 10 %.

use std::collections::HashMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::draft::{is_unfilled, Draft};
use crate::text::format_decimal;

mod read;

pub use read::{money_scale, parse_decimal_text, parse_with_unit, read, TypedUnit, ABSOLUTE_MAX};

/// The kind of a fact, which decides how it is typed, read and compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FactKind {
    /// A whole number of people, times, … (人, 次).
    Count,
    /// An amount of money (元, 万元, 亿元), exact decimal.
    Money,
    /// A percentage 0–100, exact decimal.
    Percent,
    /// Yes / no.
    YesNo,
    /// One option of a list (e.g. a recognition level).
    OneOf,
    /// Any number of options of a list (e.g. the carriers held).
    SeveralOf,
}

impl FactKind {
    /// Whether the kind holds a number.
    pub fn is_numeric(self) -> bool {
        matches!(self, Self::Count | Self::Money | Self::Percent)
    }
}

/// One option of a `oneof` / `severalof` fact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FactOption {
    /// Stable key stored in drafts.
    pub key: String,
    /// Chinese label shown to the user.
    pub label: String,
}

/// A fact declaration from the rubric data: enough for a window to draw its input.
/// What a fact means beyond its own items, for the code that needs that meaning (a column of
/// the county summary, a plausibility check) without naming the fact's key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FactRole {
    /// The number of people in the brand (从业人员人数).
    Workers,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FactDecl {
    /// Stable key, e.g. `common.workers`.
    pub key: String,
    /// Chinese label, used in every message about this fact.
    pub label: String,
    /// Kind of value.
    pub kind: FactKind,
    /// Unit (人, 元, 万元, 亿元, %, 次), if any.
    #[serde(default)]
    pub unit: Option<String>,
    /// Smallest allowed value for numbers (default 0).
    #[serde(default)]
    pub min: Option<Decimal>,
    /// Largest allowed value for numbers.
    #[serde(default)]
    pub max: Option<Decimal>,
    /// Options of `oneof` / `severalof` facts.
    #[serde(default)]
    pub options: Vec<FactOption>,
    /// Key of a count this count may not exceed (a part of its whole).
    #[serde(default)]
    pub at_most: Option<String>,
    /// The number must not be 0 (it divides: an average wage of 0 is a typing slip).
    #[serde(default)]
    pub positive: bool,
    /// A longer hint for the input.
    #[serde(default)]
    pub help: Option<String>,
    /// The largest value met in practice (allowed, but above it the county's desk asks whether
    /// the unit is right: 27800 typed in an 亿元 field meaning 2.78).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub usual_max: Option<Decimal>,
    /// The usual range of this value per worker (in the fact's unit, against the fact of role
    /// `workers`); outside it the county's desk asks whether the figure is right.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub usual_per_worker: Option<[Decimal; 2]>,
    /// What it means to the code beyond its items (at most one fact a role).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<FactRole>,
    /// Ids of the rubric items that use this fact (filled in when the rubric is loaded).
    #[serde(default)]
    pub items: Vec<String>,
}

impl FactDecl {
    /// The label of an option key, if it exists.
    pub fn option_label(&self, key: &str) -> Option<&str> {
        self.options
            .iter()
            .find(|o| o.key == key)
            .map(|o| o.label.as_str())
    }
}

/// The fact declarations of a rubric, with an index by key. Serialises as the list.
#[derive(Debug, Clone)]
pub struct FactTable {
    decls: Vec<FactDecl>,
    index: FastMap<String, usize>,
}

impl FactTable {
    /// Indexes the declarations (keys are unique; the rubric loader checks that).
    pub fn new(decls: Vec<FactDecl>) -> Self {
        let index = decls
            .iter()
            .enumerate()
            .map(|(i, d)| (d.key.clone(), i))
            .collect();
        FactTable { decls, index }
    }

    /// The position of a fact in the declaration order.
    pub fn index_of(&self, key: &str) -> Option<usize> {
        self.index.get(key).copied()
    }

    /// A declaration by key.
    pub fn get(&self, key: &str) -> Option<&FactDecl> {
        self.index_of(key).map(|i| &self.decls[i])
    }
}

impl std::ops::Deref for FactTable {
    type Target = [FactDecl];
    fn deref(&self) -> &[FactDecl] {
        &self.decls
    }
}

impl<'a> IntoIterator for &'a FactTable {
    type Item = &'a FactDecl;
    type IntoIter = std::slice::Iter<'a, FactDecl>;
    fn into_iter(self) -> Self::IntoIter {
        self.decls.iter()
    }
}

impl Serialize for FactTable {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.decls.serialize(s)
    }
}

/// A fact read successfully.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FactValue {
    /// A count, money or percent value.
    Number(Decimal),
    /// A yes / no answer.
    Bool(bool),
    /// The chosen option key.
    Choice(String),
    /// The chosen option keys (deduplicated, in declaration order).
    Choices(Vec<String>),
}

/// Why a typed fact could not be read. Every message names the field in Chinese.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FactProblem {
    /// Not a number where a number is needed.
    #[error("「{label}」应填写数字，现为“{got}”")]
    NotANumber { label: String, got: String },
    /// 0 where only a positive number makes sense.
    #[error("「{label}」不能为 0，请填写实际数字")]
    Zero { label: String },
    /// A number too large for any field of these forms (e.g. `1e30`).
    #[error("「{label}」的数值过大，超出范围（现为 {got}）")]
    TooLarge { label: String, got: String },
    /// A count with a fractional part.
    #[error("「{label}」应为整数，现为 {got}")]
    NotInteger { label: String, got: String },
    /// Outside the declared range.
    #[error("「{label}」应在 {min} 到 {max} 之间，现为 {got}")]
    OutOfRange {
        /// The number read, in the field's unit.
        value: Decimal,
        label: String,
        min: String,
        max: String,
        got: String,
    },
    /// Not a yes/no answer.
    #[error("「{label}」应选择“是”或“否”")]
    NotYesNo { label: String },
    /// An option that the list does not have.
    #[error("「{label}」的选项“{got}”不在可选范围内")]
    UnknownOption { label: String, got: String },
    /// Not a list where several options are expected.
    #[error("「{label}」应为多选列表")]
    NotAList { label: String },
    /// A part larger than its whole.
    #[error("「{label}」（{part}）不能大于「{whole_label}」（{whole}）")]
    ExceedsWhole {
        label: String,
        part: String,
        whole_label: String,
        whole: String,
    },
}

/// The state of one declared fact in a draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FactState {
    /// Not filled.
    Missing,
    /// Filled but not readable; the problem names the field.
    Invalid(FactProblem),
    /// Filled and read.
    Value(FactValue),
}

/// FNV-1a: the fact table is small and its keys are short, so a simple hash beats SipHash here.
#[derive(Default, Clone, Copy)]
struct Fnv(u64);

impl std::hash::Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for b in bytes {
            h = (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

type FastMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<Fnv>>;

/// All declared facts of a draft, read once, with parts checked against their wholes.
#[derive(Debug, Clone)]
pub struct Facts<'a> {
    table: &'a FactTable,
    states: Vec<FactState>,
    /// Several-choice groups the user is still ticking (see [`Facts::with_open`]).
    open: Vec<bool>,
}

impl<'a> Facts<'a> {
    /// Reads every declared fact of `draft` (JSON null and blank text are "not filled").
    pub fn read(table: &'a FactTable, draft: &Draft) -> Self {
        let mut states = vec![FactState::Missing; table.len()];
        for (key, value) in &draft.facts {
            let Some(i) = table.index_of(key) else {
                continue;
            };
            if !is_unfilled(value) {
                states[i] = match read(&table[i], value) {
                    Ok(val) => FactState::Value(val),
                    Err(p) => FactState::Invalid(p),
                };
            }
        }
        for (i, d) in table.iter().enumerate() {
            let Some(w) = d.at_most.as_deref().and_then(|k| table.index_of(k)) else {
                continue;
            };
            let (
                FactState::Value(FactValue::Number(part)),
                FactState::Value(FactValue::Number(whole)),
            ) = (&states[i], &states[w])
            else {
                continue;
            };
            if part > whole {
                let problem = FactProblem::ExceedsWhole {
                    label: d.label.clone(),
                    part: format_decimal(*part),
                    whole_label: table[w].label.clone(),
                    whole: format_decimal(*whole),
                };
                states[i] = FactState::Invalid(problem);
            }
        }
        let open = vec![false; table.len()];
        Facts {
            table,
            states,
            open,
        }
    }

    /// Marks several-choice groups the user is still ticking (the focus is in the group): their
    /// unticked options are not "no" yet, so the highest total still reachable counts them, and
    /// ticking a box never lowers it. Once the user leaves the group, it is settled: what is
    /// ticked is what holds (as in a saved draft, which is always settled).
    pub fn with_open(mut self, keys: &[String]) -> Self {
        for k in keys {
            if let Some(i) = self.table.index_of(k) {
                self.open[i] = self.table[i].kind == FactKind::SeveralOf
                    && !matches!(self.states[i], FactState::Invalid(_));
            }
        }
        self
    }

    /// Whether a several-choice group is still being ticked.
    pub fn is_open(&self, key: &str) -> bool {
        self.table.index_of(key).is_some_and(|i| self.open[i])
    }

    /// The state of a fact; undeclared keys are missing.
    pub fn state(&self, key: &str) -> &FactState {
        self.table
            .index_of(key)
            .map_or(&FactState::Missing, |i| &self.states[i])
    }

    /// The value of a fact, if it was filled and read.
    pub fn value(&self, key: &str) -> Option<&FactValue> {
        match self.state(key) {
            FactState::Value(v) => Some(v),
            _ => None,
        }
    }

    /// The number of a numeric fact, if filled and read.
    pub fn number(&self, key: &str) -> Option<Decimal> {
        match self.value(key) {
            Some(FactValue::Number(n)) => Some(*n),
            _ => None,
        }
    }

    /// The declaration of a fact.
    pub fn decl(&self, key: &str) -> Option<&'a FactDecl> {
        self.table.get(key)
    }

    /// The Chinese label of a fact (the key itself if undeclared).
    pub fn label(&self, key: &str) -> String {
        self.decl(key)
            .map(|d| d.label.clone())
            .unwrap_or_else(|| key.to_string())
    }

    /// Formats a filled fact for a sentence: numbers with separators, options by label,
    /// several options joined with 、 (or 无 when none is ticked).
    pub fn display(&self, key: &str) -> Option<String> {
        let decl = self.decl(key)?;
        Some(match self.value(key)? {
            FactValue::Number(n) => format_decimal(*n),
            FactValue::Bool(b) => (if *b { "是" } else { "否" }).to_string(),
            FactValue::Choice(c) => decl.option_label(c).unwrap_or(c).to_string(),
            FactValue::Choices(cs) if cs.is_empty() => "无".to_string(),
            FactValue::Choices(cs) => cs
                .iter()
                .map(|c| decl.option_label(c).unwrap_or(c))
                .collect::<Vec<_>>()
                .join("、"),
        })
    }

    /// Iterates over all fact states in declaration order.
    pub fn iter(&self) -> impl Iterator<Item = (&'a FactDecl, &FactState)> + '_ {
        self.table.iter().zip(&self.states)
    }
}

#[cfg(test)]
mod tests;
