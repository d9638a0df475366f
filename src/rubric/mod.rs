//! The rubric: the city 评分表 and the provincial 认定标准 as data, and the engine that scores a
//! draft with them.
//!
//! A rubric file (TOML) declares the facts an applicant types and, per item, the official
//! wording and a rule of one of four kinds (see [`spec::RuleKind`]). Loading checks every item
//! and fails with a message naming the item and the problem. Next year's rubric is a new file.

mod condition;
mod editions;
mod engine;
mod provincial;
pub mod spec;

use std::collections::HashSet;
use std::path::Path;
use std::sync::OnceLock;

use serde::Serialize;

pub use condition::{Condition, Measure, Op, Truth};
pub use editions::{Edition, Editions, UnknownEdition, FIRST_EDITION};
pub use engine::{score_with, ItemResult, ItemState, ProvincialCheck, ScoreResult};
pub use provincial::{Standard, StandardItem};
pub use spec::{BonusMode, RuleKind};

use crate::draft::{BrandType, Draft};
use crate::facts::{FactDecl, FactKind, FactTable};
use spec::{ClauseSpec, ItemSpec, RubricSpec};

/// The shipped city rubric source.
pub const CITY_RUBRIC_TOML: &str = include_str!("../../assets/rubric/lianyungang-city-2024.toml");
/// The shipped provincial standard source.
pub const PROVINCIAL_STANDARD_TOML: &str =
    include_str!("../../assets/rubric/jiangsu-provincial-2022.toml");

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
    /// The year printed on the forms ("2024 年 月 日").
    pub form_year: i32,
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

/// The `{fact.key}`, `{ratio:a/b}`, `{premium:a/b}` and `{premium_vs:a/b|名称}` placeholders of
/// a template (`premium_vs` says "高出名称 X%", "低于名称 X%" or "与名称持平").
pub(crate) fn placeholders(template: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        let Some(end) = rest[start..].find('}') else {
            break;
        };
        out.push(rest[start + 1..start + end].to_string());
        rest = &rest[start + end + 1..];
    }
    out
}

fn check_template(at: &str, template: &str, decls: &[FactDecl]) -> Result<(), RubricError> {
    for ph in placeholders(template) {
        let keys: Vec<&str> = match ph.split_once(':') {
            Some(("ratio" | "premium" | "premium_vs", pair)) => {
                match pair.split('|').next().unwrap_or(pair).split_once('/') {
                    Some((a, b)) => vec![a, b],
                    None => return Err(invalid(at, format!("placeholder `{{{ph}}}` needs `a/b`"))),
                }
            }
            Some(_) => return Err(invalid(at, format!("unknown placeholder `{{{ph}}}`"))),
            None => vec![ph.as_str()],
        };
        for k in keys {
            if !decls.iter().any(|d| d.key == k) {
                return Err(invalid(at, format!("placeholder names unknown fact `{k}`")));
            }
        }
    }
    Ok(())
}

fn clause(at: &str, spec: &ClauseSpec, decls: &[FactDecl]) -> Result<Clause, RubricError> {
    let when = condition::compile(&spec.when, decls).map_err(|p| invalid(at, p))?;
    check_template(at, &spec.yes, decls)?;
    check_template(at, &spec.no, decls)?;
    if spec.yes.trim().is_empty() || spec.no.trim().is_empty() {
        return Err(invalid(at, "every clause needs its `yes` and `no` phrases"));
    }
    Ok(Clause {
        when,
        points: spec.points,
        yes: spec.yes.clone(),
        no: spec.no.clone(),
    })
}

fn compile_facts(mut facts: Vec<FactDecl>) -> Result<Vec<FactDecl>, RubricError> {
    let mut seen = HashSet::new();
    let mut roles = HashSet::new();
    for f in &facts {
        if let Some(role) = f.role {
            if !roles.insert(role) {
                return Err(invalid(&f.key, "a second fact with the same role"));
            }
        }
        if !seen.insert(f.key.clone()) {
            return Err(invalid(&f.key, "fact key declared twice"));
        }
        if f.label.trim().is_empty() {
            return Err(invalid(&f.key, "fact has no label"));
        }
        let has_options = matches!(f.kind, FactKind::OneOf | FactKind::SeveralOf);
        if has_options == f.options.is_empty() {
            return Err(invalid(
                &f.key,
                "one-of and several-of facts (and only they) need options",
            ));
        }
        if let (Some(min), Some(max)) = (f.min, f.max) {
            if min > max {
                return Err(invalid(&f.key, "min is larger than max"));
            }
        }
    }
    for f in &facts {
        if let Some(whole) = &f.at_most {
            let ok = facts.iter().any(|w| &w.key == whole && w.kind.is_numeric());
            if !ok || !f.kind.is_numeric() {
                return Err(invalid(
                    &f.key,
                    format!("`at_most` must name a numeric fact, not `{whole}`"),
                ));
            }
        }
    }
    for f in &mut facts {
        f.items.clear();
    }
    Ok(facts)
}

fn compile_item(spec: ItemSpec, decls: &[FactDecl], groups: &[Group]) -> Result<Item, RubricError> {
    let at = spec.id.as_str();
    let key = at.split_once('.').map_or("", |(g, _)| g);
    let Some(group) = Group::from_key(key).filter(|g| groups.contains(g)) else {
        return Err(invalid(
            at,
            format!("id must start with `basic.` or a type key, found `{key}`"),
        ));
    };
    for (name, text) in [
        ("standard", &spec.standard),
        ("basis", &spec.basis),
        ("project", &spec.project),
    ] {
        if text.trim().is_empty() {
            return Err(invalid(at, format!("`{name}` is empty")));
        }
    }
    if let Some(s) = &spec.subject {
        check_template(at, s, decls)?;
    }
    let unexpected = |what: &str| {
        invalid(
            at,
            format!("rule `{:?}` does not take `{what}`", spec.rule).to_lowercase(),
        )
    };
    let missing = |what: &str| {
        invalid(
            at,
            format!("rule `{:?}` needs `{what}`", spec.rule).to_lowercase(),
        )
    };
    let rule = match spec.rule {
        RuleKind::Veto => {
            if spec.pass.is_some()
                || spec.start.is_some()
                || !spec.deductions.is_empty()
                || !spec.parts.is_empty()
            {
                return Err(unexpected("pass/start/deductions/parts"));
            }
            let require = spec.require.as_ref().ok_or_else(|| missing("require"))?;
            Rule::Veto {
                require: clause(at, require, decls)?,
            }
        }
        RuleKind::Threshold => {
            if spec.require.is_some()
                || spec.start.is_some()
                || !spec.deductions.is_empty()
                || !spec.parts.is_empty()
            {
                return Err(unexpected("require/start/deductions/parts"));
            }
            let pass = spec.pass.as_ref().ok_or_else(|| missing("pass"))?;
            Rule::Threshold {
                pass: clause(at, pass, decls)?,
            }
        }
        RuleKind::Deduct => {
            if spec.require.is_some() || spec.pass.is_some() || !spec.parts.is_empty() {
                return Err(unexpected("require/pass/parts"));
            }
            let start = spec.start.ok_or_else(|| missing("start"))?;
            if spec.deductions.is_empty() {
                return Err(missing("deductions"));
            }
            let deductions = spec
                .deductions
                .iter()
                .map(|c| clause(at, c, decls))
                .collect::<Result<_, _>>()?;
            Rule::Deduct { start, deductions }
        }
        RuleKind::Sum => {
            if spec.require.is_some()
                || spec.pass.is_some()
                || spec.start.is_some()
                || !spec.deductions.is_empty()
            {
                return Err(unexpected("require/pass/start/deductions"));
            }
            if spec.parts.is_empty() {
                return Err(missing("parts"));
            }
            Rule::Sum {
                parts: spec
                    .parts
                    .iter()
                    .map(|c| clause(at, c, decls))
                    .collect::<Result<_, _>>()?,
            }
        }
    };
    let bonuses: Vec<Clause> = spec
        .bonuses
        .iter()
        .map(|c| clause(at, c, decls))
        .collect::<Result<_, _>>()?;
    let mut item = Item {
        id: spec.id.clone(),
        group,
        short: spec.short,
        project: spec.project,
        standard: spec.standard,
        points_text: spec.points_text,
        basis: spec.basis,
        source: spec.source,
        rule_kind: spec.rule,
        max: 0,
        facts: Vec::new(),
        veto: spec.rule == RuleKind::Veto,
        subject: spec.subject,
        rule,
        bonuses,
        bonus_mode: spec.bonus_mode,
        bonus_cap: spec.bonus_cap,
    };
    let base = match &item.rule {
        Rule::Veto { .. } => 0,
        Rule::Threshold { pass } => pass.points,
        Rule::Deduct { start, .. } => *start,
        Rule::Sum { parts } => parts.iter().map(|p| p.points).sum(),
    };
    item.max = base + item.bonus_max();
    let mut keys: Vec<String> = match &item.rule {
        Rule::Veto { require: c } | Rule::Threshold { pass: c } => c.when.keys(),
        Rule::Deduct { deductions: cs, .. } | Rule::Sum { parts: cs } => {
            cs.iter().flat_map(|c| c.when.keys()).collect()
        }
    };
    keys.extend(item.bonuses.iter().flat_map(|b| b.when.keys()));
    let mut seen = HashSet::new();
    keys.retain(|k| seen.insert(k.clone()));
    item.facts = keys;
    Ok(item)
}

fn compile(spec: RubricSpec) -> Result<Rubric, RubricError> {
    let effective =
        chrono::NaiveDate::parse_from_str(&spec.effective, "%Y-%m-%d").map_err(|_| {
            invalid(
                "effective",
                format!("`{}` is not a date (YYYY-MM-DD)", spec.effective),
            )
        })?;
    let mut facts = compile_facts(spec.facts)?;
    let mut groups: Vec<Group> = vec![Group::Basic];
    let mut types = Vec::new();
    for t in spec.types {
        let Some(brand_type) = BrandType::from_key(&t.key) else {
            return Err(invalid(
                &t.key,
                "type key must be skill, service, culture or livelihood",
            ));
        };
        groups.push(Group::Category(brand_type));
        types.push(TypeInfo {
            key: t.key,
            name: t.name,
            heading: t.heading,
        });
    }
    let mut items = Vec::new();
    let mut ids = HashSet::new();
    for item_spec in spec.items {
        if !ids.insert(item_spec.id.clone()) {
            return Err(invalid(&item_spec.id, "item id used twice"));
        }
        items.push(compile_item(item_spec, &facts, &groups)?);
    }
    for g in &groups {
        if !items.iter().any(|i| i.group == *g) {
            return Err(invalid(g.key(), "this group has no items"));
        }
    }
    for f in &mut facts {
        f.items = items
            .iter()
            .filter(|i| i.facts.contains(&f.key))
            .map(|i| i.id.clone())
            .collect();
    }
    Ok(Rubric {
        edition_id: spec.edition_id,
        edition: spec.edition,
        effective,
        form_year: spec.form_year,
        title: spec.title,
        source: spec.source,
        types,
        facts: FactTable::new(facts),
        items,
    })
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
