//! What the front ends show about drafts: list summaries and the live evaluation of a draft.

use serde::Serialize;

use crate::draft::Draft;
use crate::fields::FormField;
use crate::rubric::{score_with, Editions, Rubric, ScoreResult, Standard};
use crate::store::{DraftMeta, DraftRecord, HistoryEntry, Listed};
use crate::text::char_count;
use crate::validate::{validate, Finding};

/// One line of the draft list.
#[derive(Debug, Clone, Serialize)]
pub struct DraftSummary {
    /// The stored row.
    #[serde(flatten)]
    pub meta: DraftMeta,
    /// The chosen type's Chinese name.
    pub type_name: Option<String>,
    /// 总分 so far.
    pub total: u32,
    /// The highest 总分 still reachable.
    pub max_reachable: u32,
    /// Whether any 一票否决 item is unmet.
    pub vetoed: bool,
    /// Whether every scored item is filled.
    pub complete: bool,
    /// Why the draft cannot be read (written by a newer version, damaged); the score fields
    /// are then zero and mean nothing.
    pub unreadable: Option<String>,
    /// Validation errors other than empty required fields (e.g. 基本情况 over 500 字): a
    /// draft with errors is not "已填完" even when every item is scored.
    pub errors: usize,
    /// The status words every front end shows ([`status_zh`]).
    pub status: String,
}

/// The status words of a draft in a list: 无法读取, 一票否决, 有 N 处错误, 未填完 or 已填完 (the
/// same words as the county summary's 状态 column).
pub fn status_zh(unreadable: bool, vetoed: bool, errors: usize, complete: bool) -> String {
    if unreadable {
        "无法读取".into()
    } else if vetoed {
        "一票否决".into()
    } else if errors > 0 {
        format!("有 {errors} 处错误")
    } else if complete {
        "已填完".into()
    } else {
        "未填完".into()
    }
}

/// Summarises a stored draft for the list.
pub fn summarize(rec: &DraftRecord, rubric: &Rubric) -> DraftSummary {
    let score = score_with(rubric, None, &rec.draft);
    let errors = validate(rubric, &rec.draft)
        .iter()
        .filter(|f| f.severity == crate::validate::Severity::Error && !f.required)
        .count();
    DraftSummary {
        meta: rec.meta.clone(),
        type_name: rec.draft.form1.brand_type.map(|t| t.name_zh().to_string()),
        total: score.total,
        max_reachable: score.max_reachable,
        vetoed: score.vetoed,
        complete: score.complete,
        unreadable: None,
        errors,
        status: status_zh(false, score.vetoed, errors, score.complete),
    }
}

/// Summarises a listing for the list, in its order, each draft by its own edition; unreadable
/// drafts (and drafts of an edition this build lacks) keep their row and say why.
pub fn summarize_all(entries: &[Listed], editions: &Editions) -> Vec<DraftSummary> {
    entries
        .iter()
        .map(|e| {
            let read = e.as_ref().map_err(|u| u.reason.clone()).and_then(|rec| {
                editions
                    .get(&rec.meta.rubric_edition)
                    .map(|ed| (rec, ed))
                    .map_err(|err| err.to_string())
            });
            match read {
                Ok((rec, edition)) => summarize(rec, edition.rubric),
                Err(reason) => DraftSummary {
                    meta: match e {
                        Ok(rec) => rec.meta.clone(),
                        Err(u) => u.meta.clone(),
                    },
                    type_name: None,
                    total: 0,
                    max_reachable: 0,
                    vetoed: false,
                    complete: false,
                    unreadable: Some(reason),
                    errors: 0,
                    status: status_zh(true, false, 0, false),
                },
            }
        })
        .collect()
}

/// Everything the editor shows live for a draft.
#[derive(Debug, Clone, Serialize)]
pub struct Evaluation {
    /// The score with explanations and the provincial comparison.
    pub score: ScoreResult,
    /// Validation findings.
    pub findings: Vec<Finding>,
    /// Characters in 基本情况, counted as a person counts them.
    pub summary_chars: usize,
    /// Every limited text's length and limit (基本情况, the two 推荐意见), for the counters.
    pub counts: Vec<crate::validate::TextCount>,
    /// Numbers typed with a unit, as understood: fact key → "按 25,000 万元计".
    pub understood: std::collections::BTreeMap<String, String>,
}

/// Scores and validates a draft in one go.
pub fn evaluate(draft: &Draft, rubric: &Rubric, standard: Option<&Standard>) -> Evaluation {
    evaluate_open(draft, rubric, standard, &[])
}

/// [`evaluate`] while the user is still ticking the several-choice groups `open`
/// ([`crate::facts::Facts::with_open`]).
pub fn evaluate_open(
    draft: &Draft,
    rubric: &Rubric,
    standard: Option<&Standard>,
    open: &[String],
) -> Evaluation {
    Evaluation {
        score: crate::rubric::score_open(rubric, standard, draft, open),
        findings: validate(rubric, draft),
        summary_chars: char_count(&draft.form1.summary),
        counts: crate::validate::text_counts(draft),
        understood: understood(rubric, draft),
    }
}

/// The numbers typed with a unit after them, each as the field's unit understands it.
pub fn understood(rubric: &Rubric, draft: &Draft) -> std::collections::BTreeMap<String, String> {
    let mut out = std::collections::BTreeMap::new();
    for (key, value) in &draft.facts {
        let (Some(text), Some(decl)) = (value.as_str(), rubric.fact(key)) else {
            continue;
        };
        let Some(unit) = decl.unit.as_deref() else {
            continue;
        };
        let Some((n, typed)) = crate::facts::parse_with_unit(text, Some(unit)) else {
            continue;
        };
        let shown = crate::text::format_decimal(n);
        let line = match typed {
            crate::facts::TypedUnit::None => continue,
            crate::facts::TypedUnit::Same => format!("按 {shown} {unit}计"),
            crate::facts::TypedUnit::From(from) => {
                format!("按 {shown} {unit}计（由{from}换算）")
            }
        };
        out.insert(key.clone(), line);
    }
    out
}

/// The Chinese label of a field key as used in findings and [`Draft::changed_fields`].
pub fn field_label(rubric: &Rubric, key: &str) -> String {
    if let Some(field) = FormField::from_key(key) {
        return field.label().to_string();
    }
    if let Some(fact) = key.strip_prefix("facts.") {
        return rubric
            .fact(fact)
            .map(|d| d.label.clone())
            .unwrap_or_else(|| fact.to_string());
    }
    if let Some(item) = key.strip_prefix("evidence.") {
        return match rubric.item(item) {
            Some(i) => format!("佐证材料（{}）", i.project),
            None => format!("佐证材料（{item}）"),
        };
    }
    key.to_string()
}

/// What the oldest kept version holds: "空白草稿", or "已填写 N 个字段".
fn first_version(rubric: &Rubric, d: &Draft) -> String {
    // A new draft's 申报年度 is no typing.
    let mut blank = Draft::default();
    blank.form1.year = d.form1.year;
    let filled = blank.changed_fields(d);
    if filled.is_empty() {
        "空白草稿".to_string()
    } else {
        format!(
            "最早保留的版本，已填写 {} 个字段：{}",
            filled.len(),
            describe_changes(rubric, &filled, 4)
                .split_once('：')
                .map_or(String::new(), |(_, l)| l.to_string())
        )
    }
}

/// "修改了 N 个字段：a、b、c" (at most `shown` labels, then "等").
pub fn describe_changes(rubric: &Rubric, keys: &[String], shown: usize) -> String {
    if keys.is_empty() {
        return "内容与上一版相同".to_string();
    }
    let labels: Vec<String> = keys
        .iter()
        .take(shown)
        .map(|k| field_label(rubric, k))
        .collect();
    let more = if keys.len() > shown { "等" } else { "" };
    format!("修改了 {} 个字段：{}{more}", keys.len(), labels.join("、"))
}

/// One version of the history as the front ends show it.
#[derive(Debug, Clone, Serialize)]
pub struct VersionSummary {
    /// The stored entry.
    #[serde(flatten)]
    pub entry: HistoryEntry,
    /// What this version changed compared with the version before it.
    pub changes: String,
    /// Its 总分.
    pub total: Total,
    /// The 校验码 its forms print (`None` when it cannot be read): a paper copy is found
    /// again in 历史版本 by it.
    pub code: Option<String>,
}

/// A 总分 as the front ends show it: points, a veto (which has no total), or nothing to show
/// for a version that cannot be read. Serialised as `{"kind": "points", "points": 104}`,
/// `{"kind": "vetoed"}` or `{"kind": "unreadable"}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Total {
    /// The total points.
    Points {
        /// How many.
        points: u32,
    },
    /// An item is vetoed (一票否决): the application has no total.
    Vetoed,
    /// The version could not be read.
    Unreadable,
}

impl Total {
    /// The total of a score.
    pub fn of(score: &crate::rubric::ScoreResult) -> Total {
        if score.vetoed {
            Total::Vetoed
        } else {
            Total::Points {
                points: score.total,
            }
        }
    }

    /// As a line of text says it: "总分 104", "一票否决", or nothing.
    pub fn text_zh(self) -> String {
        match self {
            Total::Points { points } => format!("总分 {points}"),
            Total::Vetoed => "一票否决".into(),
            Total::Unreadable => String::new(),
        }
    }
}

/// Describes a history (newest first, as [`crate::store::Store::history`] gives it): what each
/// version changed compared with the older one before it, and its 总分.
pub fn describe_history(rubric: &Rubric, entries: Vec<HistoryEntry>) -> Vec<VersionSummary> {
    let olders: Vec<Option<Draft>> = entries
        .iter()
        .skip(1)
        .map(|e| e.draft.clone())
        .chain(std::iter::once(None))
        .collect();
    let oldest = entries.len().saturating_sub(1);
    entries
        .into_iter()
        .zip(olders)
        .enumerate()
        .map(|(i, (entry, older))| {
            let (changes, total) = match (&entry.draft, older) {
                (Some(d), older) => {
                    let total = Total::of(&score_with(rubric, None, d));
                    let changes = match older {
                        Some(o) => describe_changes(rubric, &o.changed_fields(d), 4),
                        // The oldest kept version: what it holds, not a comparison with
                        // nothing.
                        None if i == oldest => first_version(rubric, d),
                        None => String::new(),
                    };
                    (changes, total)
                }
                (None, _) => ("无法读取此版本".to_string(), Total::Unreadable),
            };
            let code = entry.draft.as_ref().map(Draft::version_code);
            VersionSummary {
                entry,
                changes,
                total,
                code,
            }
        })
        .collect()
}
