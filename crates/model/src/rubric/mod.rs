//! The rubric: the city 评分表 and the provincial 认定标准 as data, and the engine that scores a
//! draft with them.
//!
//! A rubric file (TOML) declares the facts an applicant types and, per item, the official
//! wording and a rule of one of four kinds (see [`spec::RuleKind`]). Loading checks every item
//! and fails with a message naming the item and the problem. Next year's rubric is a new file.

mod compile;
mod condition;
mod editions;
mod engine;
mod explain;
mod provincial;
pub mod spec;

use std::collections::HashSet;
use std::path::Path;
use std::sync::OnceLock;

use serde::Serialize;

pub use condition::{Condition, Measure, Op, Truth};
pub use editions::{Edition, Editions, UnknownEdition, FIRST_EDITION};
pub use engine::{score_open, score_with, ItemResult, ItemState, ProvincialCheck, ScoreResult};
pub use provincial::{Standard, StandardItem};
pub use spec::{BonusMode, RuleKind};

use crate::draft::{BrandType, Draft};
use crate::facts::{FactDecl, FactTable};
use compile::compile;
pub(crate) use compile::placeholders;
use spec::RubricSpec;

/// The shipped city rubric source.
pub const CITY_RUBRIC_TOML: &str =
    include_str!("../../../../assets/rubric/lianyungang-city-2024.toml");
/// The shipped provincial standard source.
pub const PROVINCIAL_STANDARD_TOML: &str =
    include_str!("../../../../assets/rubric/jiangsu-provincial-2022.toml");

/// A rubric or standard file that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum RubricError {
    /// Not valid TOML, or not the expected shape.
    #[error("评分规则文件格式有误：{0} / rubric file is malformed: {0}")]
    Syntax(String),
    /// An item (or fact) with a problem.
    #[error("评分规则文件有误（{at}）：{problem} / invalid rubric file at {at}: {problem}")]
    Invalid {
        /// The item id or fact key.
        at: String,
        /// What is wrong.
        problem: String,
    },
    /// The file could not be read.
    #[error("无法读取评分规则文件 {path}：{source} / cannot read rubric file {path}")]
    Io {
        /// The path.
        path: String,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
}

fn invalid(at: &str, problem: impl Into<String>) -> RubricError {
    RubricError::Invalid {
        at: at.to_string(),
        problem: problem.into(),
    }
}

/// A brand type as described by the rubric.
#[derive(Debug, Clone, Serialize)]
pub struct TypeInfo {
    /// Type key (`skill`, …).
    pub key: String,
    /// Official name.
    pub name: String,
    /// The 项目 heading of its block in 附件2, e.g. "（一）中高端技能类劳务品牌（100分）".
    pub heading: String,
    /// The heading as the form sets it in its cell, line by line ("（一）", "中高端技能类",
    /// "劳务品牌", "（100分）"); one line when the rubric file does not say.
    pub heading_lines: Vec<String>,
}

/// A condition with its points and explaining phrases.
#[derive(Debug, Clone)]
pub struct Clause {
    /// When the clause applies.
    pub when: Condition,
    /// Its points (earned, deducted or added, by role).
    pub points: u32,
    /// Said when the condition holds.
    pub yes: String,
    /// Said when it does not.
    pub no: String,
}

/// An item's rule, compiled.
#[derive(Debug, Clone)]
pub enum Rule {
    /// 一票否决 with bonuses only.
    Veto { require: Clause },
    /// Pass for points, else 0; bonuses only when passed.
    Threshold { pass: Clause },
    /// Start high, deduct; bonuses always.
    Deduct { start: u32, deductions: Vec<Clause> },
    /// Sum of parts; then bonuses.
    Sum { parts: Vec<Clause> },
}

/// The part of 附件2 an item belongs to: the 基本条件, scored for every application, or the
/// 分类条件 of one type. Written as `basic` or the type key in rubric files and JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Group {
    /// 基本条件.
    Basic,
    /// The 分类条件 of a type.
    Category(BrandType),
}

impl Group {
    /// `basic` or the type key.
    pub fn key(self) -> &'static str {
        match self {
            Group::Basic => "basic",
            Group::Category(t) => t.key(),
        }
    }

    /// The group of a key.
    pub fn from_key(key: &str) -> Option<Group> {
        match key {
            "basic" => Some(Group::Basic),
            other => BrandType::from_key(other).map(Group::Category),
        }
    }

    /// Whether its items are scored for an application of `brand_type`.
    pub fn is_scored_for(self, brand_type: Option<BrandType>) -> bool {
        match self {
            Group::Basic => true,
            Group::Category(t) => brand_type == Some(t),
        }
    }
}

impl Serialize for Group {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.key())
    }
}

/// One rubric item with its official wording.
#[derive(Debug, Clone, Serialize)]
pub struct Item {
    /// Stable id (`basic.1`, `skill.3`, …).
    pub id: String,
    /// The 基本条件 or the type the item belongs to.
    pub group: Group,
    /// A short name for lists and chips in the window ("龙头企业"); not on the forms.
    pub short: String,
    /// The 项目 cell (shared by consecutive items).
    pub project: String,
    /// 标准, exactly as in the official form.
    pub standard: String,
    /// 分值 as printed ("--" or "20分").
    pub points_text: String,
    /// 评分依据, exactly as in the official form.
    pub basis: String,
    /// Where in the source document the item stands.
    pub source: String,
    /// Rule kind.
    pub rule_kind: RuleKind,
    /// The most points the item can give, bonuses included.
    pub max: u32,
    /// The facts the item reads, in order of first use.
    pub facts: Vec<String>,
    /// Whether an unmet requirement vetoes the application.
    pub veto: bool,
    #[serde(skip)]
    pub(crate) subject: Option<String>,
    #[serde(skip)]
    pub(crate) rule: Rule,
    #[serde(skip)]
    pub(crate) bonuses: Vec<Clause>,
    #[serde(skip)]
    pub(crate) bonus_mode: BonusMode,
    #[serde(skip)]
    pub(crate) bonus_cap: Option<u32>,
}

impl Item {
    /// The most the bonuses can add.
    fn bonus_max(&self) -> u32 {
        bonus_total(
            self.bonuses.iter().map(|b| b.points),
            self.bonus_mode,
            self.bonus_cap,
        )
    }
}

/// Combines bonus points by the item's mode and cap.
pub(crate) fn bonus_total(
    points: impl Iterator<Item = u32>,
    mode: BonusMode,
    cap: Option<u32>,
) -> u32 {
    let total = match mode {
        BonusMode::Sum => points.sum(),
        BonusMode::Max => points.max().unwrap_or(0),
    };
    cap.map_or(total, |c| total.min(c))
}

/// A loaded, checked rubric.
#[derive(Debug, Clone, Serialize)]
pub struct Rubric {
    /// Stable edition id, stored with each draft.
    pub edition_id: String,
    /// Edition name.
    pub edition: String,
    /// Effective date (YYYY-MM-DD).
    pub effective: chrono::NaiveDate,
    /// Title of 附件2.
    pub title: String,
    /// The source document.
    pub source: String,
    /// The brand types, in form order.
    pub types: Vec<TypeInfo>,
    /// The fact declarations, in input order (indexed by key).
    pub facts: FactTable,
    /// All items: the 基本条件 first, then each category's.
    pub items: Vec<Item>,
}

impl Rubric {
    /// Parses and checks a rubric from TOML text.
    pub fn from_toml(text: &str) -> Result<Rubric, RubricError> {
        let spec: RubricSpec =
            toml::from_str(text).map_err(|e| RubricError::Syntax(e.to_string()))?;
        compile(spec)
    }

    /// Reads, parses and checks a rubric file.
    pub fn from_file(path: &Path) -> Result<Rubric, RubricError> {
        let text = std::fs::read_to_string(path).map_err(|source| RubricError::Io {
            path: path.display().to_string(),
            source,
        })?;
        Rubric::from_toml(&text)
    }

    /// The shipped city rubric, loaded once.
    pub fn city() -> &'static Rubric {
        static CITY: OnceLock<Rubric> = OnceLock::new();
        CITY.get_or_init(|| {
            Rubric::from_toml(CITY_RUBRIC_TOML).expect("the shipped rubric is checked by tests")
        })
    }

    /// An item by id.
    pub fn item(&self, id: &str) -> Option<&Item> {
        self.items.iter().find(|i| i.id == id)
    }

    /// The items scored for a brand type: the 基本条件 and that category's.
    pub fn scored_items(&self, brand_type: Option<BrandType>) -> impl Iterator<Item = &Item> {
        self.items
            .iter()
            .filter(move |i| i.group.is_scored_for(brand_type))
    }

    /// The type info of a type key.
    pub fn type_info(&self, key: &str) -> Option<&TypeInfo> {
        self.types.iter().find(|t| t.key == key)
    }

    /// The fact with a role ([`crate::facts::FactRole`]), if the rubric declares one.
    pub fn fact_with_role(&self, role: crate::facts::FactRole) -> Option<&FactDecl> {
        self.facts.iter().find(|f| f.role == Some(role))
    }

    /// A fact declaration by key.
    pub fn fact(&self, key: &str) -> Option<&FactDecl> {
        self.facts.get(key)
    }
}

/// Scores a draft with the shipped city rubric and provincial standard.
pub fn score(draft: &Draft) -> ScoreResult {
    score_with(Rubric::city(), Some(Standard::provincial()), draft)
}

#[cfg(test)]
mod group_tests {
    use super::*;

    #[test]
    fn a_group_is_written_as_its_key_and_scored_for_its_type_only() {
        for g in [Group::Basic, Group::Category(BrandType::Culture)] {
            assert_eq!(Group::from_key(g.key()), Some(g));
            assert_eq!(serde_json::to_value(g).unwrap(), g.key());
        }
        assert_eq!(Group::from_key("provincial"), None);
        assert!(Group::Basic.is_scored_for(None));
        let culture = Group::Category(BrandType::Culture);
        assert!(culture.is_scored_for(Some(BrandType::Culture)));
        assert!(!culture.is_scored_for(Some(BrandType::Skill)));
        assert!(!culture.is_scored_for(None));
        // Every shipped item's group is the prefix of its id.
        for i in &Rubric::city().items {
            assert!(i.id.starts_with(&format!("{}.", i.group.key())), "{}", i.id);
        }
    }

    /// The workers fact is found by its role, not its key: a rubric may name it differently,
    /// and two facts may not claim the role.
    #[test]
    fn the_workers_fact_is_found_by_its_role() {
        let workers = Rubric::city()
            .fact_with_role(crate::facts::FactRole::Workers)
            .unwrap();
        assert_eq!(workers.label, "从业人员人数");
        let renamed = CITY_RUBRIC_TOML.replace("common.workers", "common.people");
        let r = Rubric::from_toml(&renamed).unwrap();
        assert_eq!(
            r.fact_with_role(crate::facts::FactRole::Workers)
                .unwrap()
                .key,
            "common.people"
        );
        let twice = CITY_RUBRIC_TOML.replacen(
            "kind = \"yesno\"",
            "kind = \"yesno\"\nrole = \"workers\"",
            1,
        );
        assert!(Rubric::from_toml(&twice).is_err());
    }
}
