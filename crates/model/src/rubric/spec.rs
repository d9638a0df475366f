//! The rubric file format, as read from TOML before it is checked and compiled.
//! See `assets/rubric/lianyungang-city-2024.toml` for the shipped city rubric.

use serde::Deserialize;

use crate::facts::FactDecl;

/// A whole rubric file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RubricSpec {
    pub edition_id: String,
    pub edition: String,
    pub effective: String,
    pub title: String,
    pub source: String,
    pub types: Vec<TypeSpec>,
    pub facts: Vec<FactDecl>,
    pub items: Vec<ItemSpec>,
}

/// One brand type (category) of the rubric.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TypeSpec {
    pub key: String,
    pub name: String,
    pub heading: String,
    /// The heading as set in its 项目 cell, line by line (joined, exactly `heading`).
    #[serde(default)]
    pub heading_lines: Vec<String>,
}

/// The rule kinds of the engine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RuleKind {
    /// 一票否决: `require` must hold; the item scores only its bonuses.
    Veto,
    /// `pass` earns its points, else 0; bonuses count only when `pass` holds.
    Threshold,
    /// Start at `start` and subtract each deduction that holds; bonuses always count.
    Deduct,
    /// Add each part that holds, then the bonuses.
    Sum,
}

/// How several bonuses of one item combine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum BonusMode {
    /// Add them (then cap with `bonus_cap`).
    #[default]
    Sum,
    /// Take the largest that holds ("take the larger, not both").
    Max,
}

/// One rubric item.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItemSpec {
    pub id: String,
    /// A short name for lists and chips ("龙头企业"); not printed on the forms.
    #[serde(default)]
    pub short: String,
    pub project: String,
    pub standard: String,
    pub points_text: String,
    pub basis: String,
    pub source: String,
    pub rule: RuleKind,
    #[serde(default)]
    pub subject: Option<String>,
    #[serde(default)]
    pub require: Option<ClauseSpec>,
    #[serde(default)]
    pub pass: Option<ClauseSpec>,
    #[serde(default)]
    pub start: Option<u32>,
    #[serde(default)]
    pub deductions: Vec<ClauseSpec>,
    #[serde(default)]
    pub parts: Vec<ClauseSpec>,
    #[serde(default)]
    pub bonuses: Vec<ClauseSpec>,
    #[serde(default)]
    pub bonus_mode: BonusMode,
    #[serde(default)]
    pub bonus_cap: Option<u32>,
}

/// A condition with its points and the phrases that explain it either way.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClauseSpec {
    pub when: CondSpec,
    #[serde(default)]
    pub points: u32,
    /// Said when the condition holds.
    pub yes: String,
    /// Said when it does not.
    pub no: String,
}

/// A condition as written in the file; exactly one form must be used.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CondSpec {
    pub fact: Option<String>,
    pub ratio: Option<[String; 2]>,
    pub premium: Option<[String; 2]>,
    pub op: Option<String>,
    pub value: Option<String>,
    pub is: Option<bool>,
    #[serde(rename = "in")]
    pub in_: Option<Vec<String>>,
    pub has: Option<String>,
    pub at_least: Option<u32>,
    pub all: Option<Vec<CondSpec>>,
    pub any: Option<Vec<CondSpec>>,
}

/// A provincial standard file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StandardSpec {
    pub edition_id: String,
    pub edition: String,
    pub effective: String,
    pub source: String,
    pub items: Vec<StandardItemSpec>,
}

/// One provincial bar.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StandardItemSpec {
    pub id: String,
    pub standard: String,
    #[serde(default)]
    pub inferred: bool,
    #[serde(default)]
    pub note: Option<String>,
    pub require: CondSpec,
    pub yes: String,
    pub no: String,
}
