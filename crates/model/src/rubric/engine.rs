//! The scoring engine: facts → points, each with one Chinese sentence that cites the figure and
//! the rule that produced it.

use serde::Serialize;

use super::condition::Truth;
use super::explain::{gap, missing_phrase, phrase, render};
use super::{bonus_total, Item, Rubric, Rule, Standard};
use crate::draft::{BrandType, Draft};
use crate::facts::Facts;

/// How far an item got.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ItemState {
    /// Every fact it needs is filled; `points` is final.
    Scored,
    /// Some fact it needs is missing or invalid; `points` is what is certain so far.
    Incomplete,
    /// A 一票否决 requirement is not met.
    Vetoed,
}

/// The result of one item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ItemResult {
    /// Item id.
    pub id: String,
    /// The 基本条件 or the type the item belongs to.
    pub group: super::Group,
    /// Points earned (certain so far when incomplete).
    pub points: u32,
    /// The most the item can give.
    pub max: u32,
    /// The most still reachable with what is filled.
    pub reachable: u32,
    /// Scored / incomplete / vetoed.
    pub state: ItemState,
    /// One Chinese sentence that cites the figures and the rule.
    pub explanation: String,
    /// Fact keys still missing or invalid.
    pub missing: Vec<String>,
}

/// How an item stands against the provincial 认定标准.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProvincialCheck {
    /// City item id.
    pub id: String,
    /// Met, not met, or unknown (`null`) while facts are missing.
    pub met: Option<bool>,
    /// The provincial wording.
    pub standard: String,
    /// A Chinese sentence: met or how far it stands from the bar.
    pub explanation: String,
    /// Whether the bar is inferred rather than read from the source.
    pub inferred: bool,
}

/// The score of a draft.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScoreResult {
    /// Rubric edition id used.
    pub rubric_edition: String,
    /// The ticked type, if any.
    pub brand_type: Option<BrandType>,
    /// 总分: 基本条件 bonuses + the category's items.
    pub total: u32,
    /// Sum of the 基本条件 bonuses.
    pub basic_bonus: u32,
    /// Sum of the chosen category's items.
    pub category_total: u32,
    /// The highest total still reachable with the unfilled items.
    pub max_reachable: u32,
    /// The highest total the rubric allows for this type.
    pub max_total: u32,
    /// Whether any 一票否决 item is not met.
    pub vetoed: bool,
    /// Ids of the unmet 一票否决 items.
    pub vetoes: Vec<String>,
    /// Ids of the items still incomplete.
    pub incomplete: Vec<String>,
    /// Whether every scored item is final (and a type is chosen).
    pub complete: bool,
    /// 基本条件 and the chosen category's items, in form order.
    pub items: Vec<ItemResult>,
    /// The chosen category's items against the provincial standard.
    pub provincial: Vec<ProvincialCheck>,
    /// Whether every provincial bar of the category is met (`null` while unknown).
    pub provincial_met: Option<bool>,
    /// A one-line Chinese summary.
    pub summary: String,
}

/// Scores a draft with a rubric and, optionally, a provincial standard.
pub fn score_with(rubric: &Rubric, standard: Option<&Standard>, draft: &Draft) -> ScoreResult {
    score_open(rubric, standard, draft, &[])
}

/// [`score_with`] while the user is still ticking the several-choice groups `open` (see
/// [`Facts::with_open`]): their unticked options count toward the highest reachable total,
/// and their items stay incomplete until the group is left.
pub fn score_open(
    rubric: &Rubric,
    standard: Option<&Standard>,
    draft: &Draft,
    open: &[String],
) -> ScoreResult {
    let facts = Facts::read(&rubric.facts, draft).with_open(open);
    let brand_type = draft.form1.brand_type;
    let items: Vec<ItemResult> = rubric
        .scored_items(brand_type)
        .map(|i| score_item(i, &facts))
        .collect();
    let provincial: Vec<ProvincialCheck> = match standard {
        Some(std) => items
            .iter()
            .filter(|r| r.group != super::Group::Basic)
            .filter_map(|r| std.item(&r.id))
            .map(|s| check_provincial(s, &facts))
            .collect(),
        None => Vec::new(),
    };
    tally(rubric.edition_id.clone(), brand_type, items, provincial)
}

impl ScoreResult {
    /// The result again from its items (and provincial checks), after an item's result was
    /// changed — the county's 不认定 takes an item's points away: totals, vetoes, what is
    /// incomplete, the provincial verdict and the summary follow, as the engine works them out.
    pub fn retotal(self) -> ScoreResult {
        tally(
            self.rubric_edition,
            self.brand_type,
            self.items,
            self.provincial,
        )
    }
}

/// Totals, vetoes, what is incomplete, the provincial verdict and the summary of scored items.
fn tally(
    rubric_edition: String,
    brand_type: Option<BrandType>,
    items: Vec<ItemResult>,
    provincial: Vec<ProvincialCheck>,
) -> ScoreResult {
    let sum = |group_basic: bool, f: fn(&ItemResult) -> u32| -> u32 {
        items
            .iter()
            .filter(|r| (r.group == super::Group::Basic) == group_basic)
            .map(f)
            .sum()
    };
    let basic_bonus = sum(true, |r| r.points);
    let category_total = sum(false, |r| r.points);
    let max_reachable = sum(true, |r| r.reachable) + sum(false, |r| r.reachable);
    let max_total = sum(true, |r| r.max) + sum(false, |r| r.max);
    let vetoes: Vec<String> = items
        .iter()
        .filter(|r| r.state == ItemState::Vetoed)
        .map(|r| r.id.clone())
        .collect();
    let incomplete: Vec<String> = items
        .iter()
        .filter(|r| r.state == ItemState::Incomplete)
        .map(|r| r.id.clone())
        .collect();
    // The provincial standard holds the same 11 基本条件: a draft vetoed on them cannot meet it.
    let vetoed_on_basic = !vetoes.is_empty();
    let provincial_met = if provincial.is_empty() {
        None
    } else if vetoed_on_basic || provincial.iter().any(|p| p.met == Some(false)) {
        Some(false)
    } else if provincial.iter().all(|p| p.met == Some(true)) {
        Some(true)
    } else {
        None
    };
    let total = basic_bonus + category_total;
    let complete = brand_type.is_some() && incomplete.is_empty();
    let summary = summary(
        brand_type,
        total,
        basic_bonus,
        category_total,
        max_reachable,
        &vetoes,
        &incomplete,
    );
    ScoreResult {
        rubric_edition,
        brand_type,
        total,
        basic_bonus,
        category_total,
        max_reachable,
        max_total,
        vetoed: !vetoes.is_empty(),
        vetoes,
        incomplete,
        complete,
        items,
        provincial,
        provincial_met,
        summary,
    }
}

fn summary(
    brand_type: Option<BrandType>,
    total: u32,
    basic: u32,
    category: u32,
    reachable: u32,
    vetoes: &[String],
    incomplete: &[String],
) -> String {
    let mut s = match brand_type {
        // A vetoed draft has no total, only its items' points.
        Some(t) if !vetoes.is_empty() => format!(
            "不计总分（基本条件加分 {basic} 分，{} {category} 分）",
            t.name_zh()
        ),
        Some(t) => format!(
            "总分 {total} 分（基本条件加分 {basic} 分 + {} {category} 分）",
            t.name_zh()
        ),
        None => format!("尚未选择劳务品牌类型；基本条件加分 {basic} 分"),
    };
    if !incomplete.is_empty() && vetoes.is_empty() {
        s.push_str(&format!(
            "；尚有 {} 项未填完，最高可达 {reachable} 分",
            incomplete.len()
        ));
    } else if !incomplete.is_empty() {
        s.push_str(&format!("；尚有 {} 项未填完", incomplete.len()));
    }
    if !vetoes.is_empty() {
        let names: Vec<String> = vetoes
            .iter()
            .map(|id| format!("基本条件第{}项", id.trim_start_matches("basic.")))
            .collect();
        s.push_str(&format!(
            "；一票否决：{}未满足，不符合申报条件",
            names.join("、")
        ));
    }
    s.push('。');
    s
}

struct Tally<'f, 'a> {
    facts: &'f Facts<'a>,
    lo: i64,
    hi: i64,
    parts: Vec<String>,
    missing: Vec<String>,
}

impl Tally<'_, '_> {
    fn unknown(&mut self, keys: Vec<String>) {
        for k in keys {
            if !self.missing.contains(&k) {
                self.missing.push(k);
            }
        }
    }

    /// Adds the bonuses; returns the bonus points certain so far.
    fn bonuses(&mut self, item: &Item) -> u32 {
        let mut sure = Vec::new();
        let mut maybe = Vec::new();
        for b in &item.bonuses {
            match b.when.eval(self.facts) {
                Truth::Yes => {
                    sure.push(b.points);
                    maybe.push(b.points);
                    self.parts.push(format!(
                        "{}，加 {} 分",
                        phrase(&b.yes, self.facts),
                        b.points
                    ));
                }
                Truth::No => self
                    .parts
                    .push(format!("{}，不加分", phrase(&b.no, self.facts))),
                Truth::Unknown(keys) => {
                    maybe.push(b.points);
                    self.unknown(keys);
                }
            }
        }
        let lo = bonus_total(sure.iter().copied(), item.bonus_mode, item.bonus_cap);
        let hi = bonus_total(maybe.iter().copied(), item.bonus_mode, item.bonus_cap);
        if sure.len() > 1 && item.bonus_mode == super::BonusMode::Max {
            self.parts.push(format!("加分取较高者 {lo} 分"));
        }
        if let Some(cap) = item.bonus_cap {
            if sure.iter().sum::<u32>() > cap {
                self.parts
                    .push(format!("累计加分不超过 {cap} 分，按 {cap} 分计"));
            }
        }
        self.lo += i64::from(lo);
        self.hi += i64::from(hi);
        lo
    }
}

/// The most an item's bonuses can still add: bonuses already answered "no" do not count,
/// whatever else of the item is unfilled.
fn bonus_reach(item: &Item, facts: &Facts) -> u32 {
    let open = item
        .bonuses
        .iter()
        .filter(|b| !matches!(b.when.eval(facts), Truth::No))
        .map(|b| b.points);
    super::bonus_total(open, item.bonus_mode, item.bonus_cap)
}

fn score_item(item: &Item, facts: &Facts) -> ItemResult {
    let mut t = Tally {
        facts,
        lo: 0,
        hi: 0,
        parts: Vec::new(),
        missing: Vec::new(),
    };
    let subject = item.subject.as_deref().and_then(|s| render(s, facts));
    let mut vetoed = false;
    let mut show_total = true;
    match &item.rule {
        Rule::Veto { require } => match require.when.eval(facts) {
            Truth::No => {
                vetoed = true;
                show_total = false;
                t.parts.push(format!(
                    "{}，属一票否决项目，不符合申报条件",
                    phrase(&require.no, facts)
                ));
            }
            Truth::Unknown(keys) => {
                t.unknown(keys);
                t.hi += i64::from(bonus_reach(item, facts));
                show_total = false;
            }
            Truth::Yes => {
                let mut head = phrase(&require.yes, facts);
                if let Some(s) = &subject {
                    head = format!("{head}（{s}）");
                }
                t.parts.push(format!("{head}，一票否决项已满足"));
                t.bonuses(item);
                show_total = !item.bonuses.is_empty();
            }
        },
        Rule::Threshold { pass } => match pass.when.eval(facts) {
            Truth::No => {
                let head = subject.map(|s| format!("{s}，")).unwrap_or_default();
                t.parts
                    .push(format!("{head}{}，不得分", phrase(&pass.no, facts)));
                show_total = false;
            }
            Truth::Unknown(keys) => {
                t.unknown(keys);
                t.hi = i64::from(pass.points) + i64::from(bonus_reach(item, facts));
                show_total = false;
            }
            Truth::Yes => {
                let head = subject.map(|s| format!("{s}，")).unwrap_or_default();
                t.parts.push(format!(
                    "{head}{}，得 {} 分",
                    phrase(&pass.yes, facts),
                    pass.points
                ));
                t.lo += i64::from(pass.points);
                t.hi += i64::from(pass.points);
                t.bonuses(item);
                show_total = item.bonuses.len() > 1;
            }
        },
        Rule::Deduct { start, deductions } => {
            if let Some(s) = subject {
                t.parts.push(s);
            }
            t.lo = i64::from(*start);
            t.hi = i64::from(*start);
            for d in deductions {
                match d.when.eval(facts) {
                    Truth::Yes => {
                        t.lo -= i64::from(d.points);
                        t.hi -= i64::from(d.points);
                        t.parts
                            .push(format!("{}，扣 {} 分", phrase(&d.yes, facts), d.points));
                    }
                    Truth::No => t.parts.push(format!("{}，不扣分", phrase(&d.no, facts))),
                    Truth::Unknown(keys) => {
                        t.lo -= i64::from(d.points);
                        t.unknown(keys);
                    }
                }
            }
            t.bonuses(item);
        }
        Rule::Sum { parts } => {
            if let Some(s) = subject {
                t.parts.push(s);
            }
            for p in parts {
                match p.when.eval(facts) {
                    Truth::Yes => {
                        t.lo += i64::from(p.points);
                        t.hi += i64::from(p.points);
                        t.parts
                            .push(format!("{}，得 {} 分", phrase(&p.yes, facts), p.points));
                    }
                    Truth::No => t.parts.push(format!("{}，不得分", phrase(&p.no, facts))),
                    Truth::Unknown(keys) => {
                        t.hi += i64::from(p.points);
                        t.unknown(keys);
                    }
                }
            }
            t.bonuses(item);
        }
    }
    let max = i64::from(item.max);
    let points = t.lo.clamp(0, max) as u32;
    let reachable = if vetoed {
        0
    } else {
        t.hi.clamp(0, max).max(i64::from(points)) as u32
    };
    let state = if vetoed {
        ItemState::Vetoed
    } else if t.missing.is_empty() {
        ItemState::Scored
    } else {
        ItemState::Incomplete
    };
    let mut sentence = t.parts.join("；");
    match state {
        ItemState::Incomplete => {
            if !sentence.is_empty() {
                sentence.push('；');
            }
            sentence.push_str(&missing_phrase(&t.missing, facts));
            if item.veto && points == 0 && t.parts.is_empty() {
                if reachable > 0 {
                    sentence.push_str(&format!(
                        "，该项为一票否决项目，须填写（满足后最多加 {reachable} 分）"
                    ));
                } else {
                    sentence.push_str("，该项为一票否决项目，须填写");
                }
            } else {
                sentence.push_str(&format!(
                    "，暂计 {points} 分，填写后最高可得 {reachable} 分"
                ));
            }
        }
        ItemState::Scored if show_total => {
            if t.lo < 0 {
                sentence.push_str("；不低于 0 分");
            }
            sentence.push_str(&format!("；本项得 {points} 分"));
        }
        _ => {}
    }
    sentence.push('。');
    ItemResult {
        id: item.id.clone(),
        group: item.group,
        points,
        max: item.max,
        reachable,
        state,
        explanation: sentence,
        missing: t.missing,
    }
}

fn check_provincial(s: &super::StandardItem, facts: &Facts) -> ProvincialCheck {
    let truth = s.require.eval(facts);
    let (met, mut explanation) = match &truth {
        Truth::Yes => (Some(true), format!("已达到省级标准：{}", s.yes)),
        Truth::No => {
            let mut e = format!("未达到省级标准：{}", s.no);
            if let Some(g) = gap(&s.require, facts) {
                e.push_str(&format!("，{g}"));
            }
            (Some(false), e)
        }
        Truth::Unknown(keys) => (
            None,
            format!(
                "尚不能判断是否达到省级标准：{}",
                missing_phrase(keys, facts)
            ),
        ),
    };
    if s.inferred {
        explanation.push_str("（该项省级标准为推断）");
    }
    explanation.push('。');
    ProvincialCheck {
        id: s.id.clone(),
        met,
        standard: s.standard.clone(),
        explanation,
        inferred: s.inferred,
    }
}
