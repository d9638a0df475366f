//! What the front ends show about drafts: list summaries and the live evaluation of a draft.

use serde::Serialize;

use crate::draft::Draft;
use crate::rubric::{score_with, Rubric, ScoreResult, Standard};
use crate::store::{DraftMeta, DraftRecord};
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
}

/// Summarises a stored draft for the list.
pub fn summarize(rec: &DraftRecord, rubric: &Rubric) -> DraftSummary {
    let score = score_with(rubric, None, &rec.draft);
    DraftSummary {
        meta: rec.meta.clone(),
        type_name: rec.draft.form1.brand_type.map(|t| t.name_zh().to_string()),
        total: score.total,
        max_reachable: score.max_reachable,
        vetoed: score.vetoed,
        complete: score.complete,
    }
}

/// Summarises stored drafts for the list, in their order.
pub fn summarize_all(records: &[DraftRecord], rubric: &Rubric) -> Vec<DraftSummary> {
    records.iter().map(|r| summarize(r, rubric)).collect()
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
}

/// Scores and validates a draft in one go.
pub fn evaluate(draft: &Draft, rubric: &Rubric, standard: Option<&Standard>) -> Evaluation {
    Evaluation {
        score: score_with(rubric, standard, draft),
        findings: validate(rubric, draft),
        summary_chars: char_count(&draft.form1.summary),
    }
}
