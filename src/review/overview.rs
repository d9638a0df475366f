//! What the county sees: every application's row (自评分 beside 核定分, evidence, hints,
//! decision, order of recommendation), one version item by item, and what stands in the way
//! of recommending it.

use rust_decimal::Decimal;
use serde::Serialize;

use crate::batch::Points;
use crate::container::ManifestFile;
use crate::facts::{FactRole, Facts};
use crate::rubric::{Edition, Editions, ScoreResult};

use super::desk::{Application, Decision, Desk, Version};
use super::diff::{diff, Change};
use super::hints::{hints, Hint};
use super::layer::{assess, Correction, Judgement, Layer, Verdict};
use super::ReviewError;

/// One application in the county's list (its latest version).
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    /// The application's number.
    pub application: i64,
    /// The latest version's SHA-256.
    pub sha256: String,
    /// The latest version's number; how many there are.
    pub version: i64,
    /// 劳务品牌名称.
    pub brand: String,
    /// 类型 (Chinese), "（未选类型）" when none.
    pub type_name: String,
    /// The type key, if any.
    pub brand_type: Option<crate::draft::BrandType>,
    /// 培育建设单位.
    pub unit: String,
    /// 负责人.
    pub leader: String,
    /// 从业人员 (人).
    pub workers: Option<Decimal>,
    /// 自评分 (as the applicant claims).
    pub self_total: u32,
    /// Whether the applicant's own score is vetoed.
    pub self_vetoed: bool,
    /// 核定分.
    pub assessed_total: u32,
    /// Whether the county's assessment vetoes it.
    pub assessed_vetoed: bool,
    /// 核定分 − 自评分.
    pub difference: i64,
    /// Evidence files.
    pub evidence_files: usize,
    /// Every item earning points (and every met veto item) has evidence.
    pub evidence_complete: bool,
    /// Hints not yet settled.
    pub open_hints: usize,
    /// Items judged 存疑.
    pub doubtful: usize,
    /// Items with a verdict, of all items.
    pub judged: usize,
    /// Items scored for the type.
    pub items: usize,
    /// The decision.
    pub decision: Option<Decision>,
    /// 推荐意见.
    pub opinion: String,
    /// 推荐顺序 (1 = first), for recommended applications.
    pub rank: Option<usize>,
    /// The forms' 校验码 of the latest version.
    pub code: String,
    /// The file's name as received.
    pub file_name: String,
    /// How many versions were received (more than one: corrected and sent again).
    pub versions: usize,
    /// The rubric edition the latest version names.
    pub edition: String,
    /// Each item's 自评分.
    pub self_items: Vec<(String, Points)>,
    /// Each item's 核定分.
    pub assessed_items: Vec<(String, Points)>,
    /// What stands in the way of recommending it (empty: it can be).
    pub blockers: Vec<String>,
}

/// A version judged: its scores, its layer and its hints.
pub struct Judged {
    /// The edition it names.
    pub edition: Edition,
    /// The applicant's 自评分.
    pub self_score: ScoreResult,
    /// The 核定分.
    pub assessed: ScoreResult,
    /// The county's layer.
    pub layer: Layer,
    /// The hints.
    pub hints: Vec<Hint>,
}

/// Scores a version both ways and lists its hints.
pub fn judge(desk: &Desk, editions: &Editions, v: &Version) -> Result<Judged, ReviewError> {
    let edition = editions.get(&v.file.rubric_edition)?;
    let layer = desk.layer(&v.sha256)?;
    let self_score = edition.score(&v.file.draft);
    let assessed = assess(edition, &v.file.draft, &layer);
    let hints = hints(edition, &v.file.draft, &self_score, &v.entries(), &layer);
    Ok(Judged {
        edition,
        self_score,
        assessed,
        layer,
        hints,
    })
}

/// What stands in the way of recommending a judged version.
pub fn blockers(j: &Judged) -> Vec<String> {
    let mut why = Vec::new();
    if j.assessed.vetoed {
        why.push("核定后触发一票否决".to_string());
    }
    if !j.assessed.complete {
        why.push(format!("{} 项未填写", j.assessed.incomplete.len().max(1)));
    }
    let doubtful: Vec<String> = j
        .layer
        .judgements
        .iter()
        .filter(|(_, x)| x.verdict == Verdict::Doubtful)
        .map(|(id, _)| crate::bundle::item_label(j.edition.rubric, id))
        .collect();
    if !doubtful.is_empty() {
        why.push(format!("存疑未解决：{}", doubtful.join("、")));
    }
    let open = j.hints.iter().filter(|h| h.settled.is_none()).count();
    if open > 0 {
        why.push(format!("{open} 条提示未确认或处理"));
    }
    why
}

/// The county's list: every application's latest version, recommended ones first in their
/// order (核定分 from high to low), then the rest by 核定分, vetoed and withdrawn last.
pub fn overview(desk: &Desk, editions: &Editions) -> Result<Vec<Row>, ReviewError> {
    let mut rows = Vec::new();
    for app in desk.applications()? {
        rows.push(row_of(desk, editions, &app)?);
    }
    let group = |r: &Row| match r.decision {
        Some(Decision::Recommend) => 0,
        _ if r.assessed_vetoed || r.decision == Some(Decision::Withdrawn) => 2,
        _ => 1,
    };
    rows.sort_by(|a, b| {
        group(a)
            .cmp(&group(b))
            .then(b.assessed_total.cmp(&a.assessed_total))
            .then(b.self_total.cmp(&a.self_total))
            .then(a.application.cmp(&b.application))
    });
    let mut rank = 0;
    for r in &mut rows {
        if r.decision == Some(Decision::Recommend) {
            rank += 1;
            r.rank = Some(rank);
        }
    }
    Ok(rows)
}

fn row_of(desk: &Desk, editions: &Editions, app: &Application) -> Result<Row, ReviewError> {
    let v = app.latest();
    let j = judge(desk, editions, v)?;
    let d = &v.file.draft;
    let f = &d.form1;
    let rubric = j.edition.rubric;
    let workers = rubric
        .fact_with_role(FactRole::Workers)
        .and_then(|w| Facts::read(&rubric.facts, d).number(&w.key));
    let evidence_complete = !j.hints.iter().any(|h| {
        matches!(
            h.kind,
            super::hints::HintKind::Unproved | super::hints::HintKind::VetoUnproved
        )
    });
    Ok(Row {
        application: app.id,
        sha256: v.sha256.clone(),
        version: v.number,
        brand: d.display_name(),
        type_name: f
            .brand_type
            .map_or("（未选类型）", |t| t.name_zh())
            .to_string(),
        brand_type: f.brand_type,
        unit: f.unit.trim().to_string(),
        leader: f.leader.trim().to_string(),
        workers,
        self_total: j.self_score.total,
        self_vetoed: j.self_score.vetoed,
        assessed_total: j.assessed.total,
        assessed_vetoed: j.assessed.vetoed,
        difference: i64::from(j.assessed.total) - i64::from(j.self_score.total),
        evidence_files: v.evidence.len(),
        evidence_complete,
        open_hints: j.hints.iter().filter(|h| h.settled.is_none()).count(),
        doubtful: j
            .layer
            .judgements
            .values()
            .filter(|x| x.verdict == Verdict::Doubtful)
            .count(),
        judged: j.layer.judgements.len(),
        items: j.self_score.items.len(),
        decision: app.decision,
        opinion: app.opinion.clone(),
        rank: None,
        code: v.code.clone(),
        file_name: v.file_name.clone(),
        versions: app.versions.len(),
        edition: v.file.rubric_edition.clone(),
        self_items: Points::of_all(&j.self_score),
        assessed_items: Points::of_all(&j.assessed),
        blockers: blockers(&j),
    })
}

/// One fact of an item: the applicant's claim and the county's correction.
#[derive(Debug, Clone, Serialize)]
pub struct FactView {
    /// Key.
    pub key: String,
    /// Label.
    pub label: String,
    /// Unit.
    pub unit: Option<String>,
    /// Kind (`count`, `money`, `yesno`, …).
    pub kind: crate::facts::FactKind,
    /// What the applicant typed, as a reader writes it ("（未填）" when blank).
    pub claimed: String,
    /// The county's correction.
    pub correction: Option<Correction>,
}

/// One item of a version as the county checks it.
#[derive(Debug, Clone, Serialize)]
pub struct ItemView {
    /// Id.
    pub id: String,
    /// "基本条件第6项 信用承诺制度".
    pub label: String,
    /// 标准.
    pub standard: String,
    /// 一票否决.
    pub veto: bool,
    /// The most it gives.
    pub max: u32,
    /// The applicant's 自评分 of it.
    pub claimed: crate::rubric::ItemResult,
    /// Its 核定分.
    pub assessed: crate::rubric::ItemResult,
    /// Its facts.
    pub facts: Vec<FactView>,
    /// Its evidence files.
    pub evidence: Vec<ManifestFile>,
    /// The county's verdict.
    pub judgement: Option<Judgement>,
    /// The verdict given on the previous version, offered again for a look (never carried).
    pub previous: Option<Judgement>,
}

/// A version as the county checks it.
#[derive(Debug, Clone, Serialize)]
pub struct Detail {
    /// The application.
    pub application: i64,
    /// Its versions: (number, SHA-256, file, received, 校验码).
    pub versions: Vec<(i64, String, String, String, String)>,
    /// This version.
    pub version: Version,
    /// The draft as received (the applicant's facts).
    pub draft: crate::draft::Draft,
    /// 自评分.
    pub self_total: u32,
    /// 核定分.
    pub assessed_total: u32,
    /// Whether the 核定 vetoes.
    pub assessed_vetoed: bool,
    /// Items, in form order.
    pub items: Vec<ItemView>,
    /// Hints.
    pub hints: Vec<Hint>,
    /// What changed since the previous version (empty for the first).
    pub changes: Vec<Change>,
    /// The decision and opinion.
    pub decision: Option<Decision>,
    /// 推荐意见.
    pub opinion: String,
    /// What stands in the way of recommending.
    pub blockers: Vec<String>,
    /// Corrections on the previous version, offered again.
    pub previous_corrections: Vec<(String, Correction)>,
}

/// One version item by item.
pub fn detail(desk: &Desk, editions: &Editions, sha: &str) -> Result<Detail, ReviewError> {
    let v = desk.version(sha)?;
    let app = desk.application(v.application)?;
    let j = judge(desk, editions, &v)?;
    let rubric = j.edition.rubric;
    let facts = Facts::read(&rubric.facts, &v.file.draft);
    let prev = app.versions.iter().find(|p| p.number == v.number - 1);
    let prev_layer = match prev {
        Some(p) => Some(desk.layer(&p.sha256)?),
        None => None,
    };
    let items = j
        .self_score
        .items
        .iter()
        .zip(&j.assessed.items)
        .map(|(claimed, assessed)| {
            let item = rubric.item(&claimed.id);
            ItemView {
                id: claimed.id.clone(),
                label: crate::bundle::item_label(j.edition.rubric, &claimed.id),
                standard: item.map(|i| i.standard.clone()).unwrap_or_default(),
                veto: item.is_some_and(|i| i.veto),
                max: claimed.max,
                claimed: claimed.clone(),
                assessed: assessed.clone(),
                facts: item
                    .map(|i| i.facts.as_slice())
                    .unwrap_or_default()
                    .iter()
                    .filter_map(|k| rubric.facts.get(k))
                    .map(|d| FactView {
                        key: d.key.clone(),
                        label: d.label.clone(),
                        unit: d.unit.clone(),
                        kind: d.kind,
                        claimed: facts.display(&d.key).unwrap_or_else(|| {
                            v.file
                                .draft
                                .fact(&d.key)
                                .map_or("（未填）".into(), |x| x.to_string())
                        }),
                        correction: j.layer.corrections.get(&d.key).cloned(),
                    })
                    .collect(),
                evidence: v
                    .evidence
                    .iter()
                    .filter(|m| m.item_id == claimed.id)
                    .cloned()
                    .collect(),
                judgement: j.layer.judgements.get(&claimed.id).cloned(),
                previous: prev_layer
                    .as_ref()
                    .and_then(|l| l.judgements.get(&claimed.id).cloned()),
            }
        })
        .collect();
    let changes = match prev {
        Some(p) => diff(
            rubric,
            (&p.file.draft, &p.entries()),
            (&v.file.draft, &v.entries()),
        ),
        None => Vec::new(),
    };
    Ok(Detail {
        application: app.id,
        versions: app
            .versions
            .iter()
            .map(|x| {
                (
                    x.number,
                    x.sha256.clone(),
                    x.file_name.clone(),
                    x.received_at.clone(),
                    x.code.clone(),
                )
            })
            .collect(),
        draft: v.file.draft.clone(),
        self_total: j.self_score.total,
        assessed_total: j.assessed.total,
        assessed_vetoed: j.assessed.vetoed,
        items,
        blockers: blockers(&j),
        hints: j.hints,
        changes,
        decision: app.decision,
        opinion: app.opinion.clone(),
        previous_corrections: prev_layer
            .map(|l| l.corrections.into_iter().collect())
            .unwrap_or_default(),
        version: v,
    })
}

/// Records the county's decision for an application; 推荐 is refused while anything stands in
/// the way (hints unsettled, items 存疑, a veto after correction, items unfilled).
pub fn decide(
    desk: &mut Desk,
    editions: &Editions,
    app: i64,
    decision: Option<Decision>,
    opinion: &str,
) -> Result<(), ReviewError> {
    let a = desk.application(app)?;
    if decision == Some(Decision::Recommend) {
        let j = judge(desk, editions, a.latest())?;
        let why = blockers(&j);
        if !why.is_empty() {
            return Err(ReviewError::NotReady {
                brand: a.latest().file.draft.display_name(),
                why,
            });
        }
    }
    desk.set_decision(app, decision, opinion)
}

/// Which version a paper copy's code belongs to.
#[derive(Debug, Clone, Serialize)]
pub struct PaperMatch {
    /// The application.
    pub application: i64,
    /// 劳务品牌名称.
    pub brand: String,
    /// The version printed.
    pub number: i64,
    /// The latest version's number.
    pub latest: i64,
    /// What the code is: 申报表校验码, 申报材料编码, or 县区审核码.
    pub what: String,
    /// What changed since the printed version (when it is not the latest).
    pub changes: Vec<Change>,
}

/// Normalises a typed code: upper case, no spaces, the hyphen in place ("3f2a91c0" → "3F2A-91C0").
pub fn normalise_code(code: &str) -> String {
    let s: String = code
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if s.len() == 8 {
        format!("{}-{}", &s[..4], &s[4..])
    } else {
        s
    }
}

/// The versions a paper copy's code belongs to (empty: it matches no version received).
pub fn paper(desk: &Desk, editions: &Editions, code: &str) -> Result<Vec<PaperMatch>, ReviewError> {
    let code = normalise_code(code);
    let settings = desk.settings()?;
    let mut out = Vec::new();
    for app in desk.applications()? {
        let latest = app.latest();
        for v in &app.versions {
            let county =
                super::outputs::county_draft(&v.file.draft, &settings, &app.opinion).version_code();
            let what = if v.code == code {
                "申报表校验码"
            } else if v.bundle_code == code {
                "申报材料编码"
            } else if county == code {
                "县区审核码"
            } else {
                continue;
            };
            let changes = if v.number == latest.number {
                Vec::new()
            } else {
                let rubric = editions.get(&latest.file.rubric_edition)?.rubric;
                diff(
                    rubric,
                    (&v.file.draft, &v.entries()),
                    (&latest.file.draft, &latest.entries()),
                )
            };
            out.push(PaperMatch {
                application: app.id,
                brand: latest.file.draft.display_name(),
                number: v.number,
                latest: latest.number,
                what: what.to_string(),
                changes,
            });
        }
    }
    Ok(out)
}

/// [`paper`] as the clerk asks it: the code checked and the answer logged.
pub fn paper_check(
    desk: &mut Desk,
    editions: &Editions,
    code: &str,
) -> Result<Vec<PaperMatch>, ReviewError> {
    let found = paper(desk, editions, code)?;
    desk.note(
        "paper",
        "",
        serde_json::json!({ "code": code, "matches": found.len() }),
    )?;
    Ok(found)
}
