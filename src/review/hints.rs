//! Plausibility hints: what a careful clerk would look at twice. Each has a stable code, and
//! each must be settled before the application is recommended — acknowledged ("checked against
//! the paper") or acted on (the fact corrected, or the item given a verdict).

use rust_decimal::Decimal;
use serde::Serialize;

use crate::draft::Draft;
use crate::evidence::EvidenceEntry;
use crate::facts::{FactRole, Facts};
use crate::rubric::{Edition, ItemState, ScoreResult};
use crate::text::format_decimal;

use super::layer::Layer;

/// What kind of look a hint asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HintKind {
    /// A figure beyond what is met in practice: is the unit right?
    Unit,
    /// A figure out of proportion with the number of workers.
    Ratio,
    /// An item earning points with no evidence attached.
    Unproved,
    /// A 一票否决 item met with no evidence attached.
    VetoUnproved,
    /// The applicant's own 自评分 is vetoed or incomplete.
    SelfScore,
}

/// One hint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Hint {
    /// Stable code (`unit:basic.7.annual_sales`), what an acknowledgement names.
    pub code: String,
    /// Its kind.
    pub kind: HintKind,
    /// The item it concerns.
    pub item: Option<String>,
    /// The fact it concerns.
    pub fact: Option<String>,
    /// What to look at, in Chinese.
    pub text: String,
    /// How it was settled, if it was ("已确认：…", "已核定为 2.78", "已给出审核意见：不认定").
    pub settled: Option<String>,
}

/// The hints of a version: its draft, its evidence and the county's layer over it.
pub fn hints(
    edition: Edition,
    draft: &Draft,
    self_score: &ScoreResult,
    evidence: &[EvidenceEntry],
    layer: &Layer,
) -> Vec<Hint> {
    let rubric = edition.rubric;
    let facts = Facts::read(&rubric.facts, draft);
    let mut out = Vec::new();
    let in_type: Vec<&str> = self_score.items.iter().map(|i| i.id.as_str()).collect();
    let used = |key: &str| {
        rubric
            .facts
            .get(key)
            .is_some_and(|d| d.items.iter().any(|i| in_type.contains(&i.as_str())))
    };
    let workers = rubric
        .fact_with_role(FactRole::Workers)
        .and_then(|w| facts.number(&w.key));
    for decl in rubric.facts.iter() {
        if !used(&decl.key) {
            continue;
        }
        let Some(value) = facts.number(&decl.key) else {
            continue;
        };
        let unit = decl.unit.as_deref().unwrap_or("");
        if let Some(max) = decl.usual_max.filter(|m| value > *m) {
            out.push(Hint {
                code: format!("unit:{}", decl.key),
                kind: HintKind::Unit,
                item: decl.items.first().cloned(),
                fact: Some(decl.key.clone()),
                text: format!(
                    "「{}」填写 {} {unit}，超过通常水平（{} {unit}），请核对单位是否填错（如把元或万元当作{unit}）",
                    decl.label,
                    format_decimal(value),
                    format_decimal(max)
                ),
                settled: None,
            });
        }
        if let (Some([lo, hi]), Some(w)) = (decl.usual_per_worker, workers) {
            if w > Decimal::ZERO {
                let per = value / w;
                if per < lo || per > hi {
                    out.push(Hint {
                        code: format!("ratio:{}", decl.key),
                        kind: HintKind::Ratio,
                        item: decl.items.first().cloned(),
                        fact: Some(decl.key.clone()),
                        text: format!(
                            "「{}」{} {unit} 按从业人员 {} 人计，人均 {} {unit}，不在通常范围（{}–{} {unit}），请核对",
                            decl.label,
                            format_decimal(value),
                            format_decimal(w),
                            format_decimal(per.round_dp(6).normalize()),
                            format_decimal(lo),
                            format_decimal(hi)
                        ),
                        settled: None,
                    });
                }
            }
        }
    }
    // With no evidence at all (a plain draft file; the paper came separately) one hint stands
    // for every item; otherwise one per item without any.
    let unproved: Vec<_> = self_score
        .items
        .iter()
        .filter(|i| i.state == ItemState::Scored && !evidence.iter().any(|e| e.item_id == i.id))
        .filter(|i| i.points > 0 || rubric.item(&i.id).is_some_and(|x| x.veto))
        .collect();
    if evidence.is_empty() && !unproved.is_empty() {
        out.push(Hint {
            code: "evidence:none".into(),
            kind: HintKind::Unproved,
            item: None,
            fact: None,
            text: format!(
                "申报未附任何佐证材料（{} 项得分或一票否决项需要佐证），请核对报送的纸质材料",
                unproved.len()
            ),
            settled: None,
        });
    } else {
        for item in unproved {
            let veto = rubric.item(&item.id).is_some_and(|i| i.veto);
            let label = crate::bundle::item_label(edition.rubric, &item.id);
            let (code, kind, text) = if veto {
                (
                    format!("veto_unproved:{}", item.id),
                    HintKind::VetoUnproved,
                    format!("{label} 是一票否决项，自评满足，但未附佐证材料"),
                )
            } else {
                (
                    format!("unproved:{}", item.id),
                    HintKind::Unproved,
                    format!("{label} 自评 {} 分，但未附佐证材料", item.points),
                )
            };
            out.push(Hint {
                code,
                kind,
                item: Some(item.id.clone()),
                fact: None,
                text,
                settled: None,
            });
        }
    }
    if self_score.vetoed {
        out.push(Hint {
            code: "self:vetoed".into(),
            kind: HintKind::SelfScore,
            item: None,
            fact: None,
            text: "申报单位自评即触发一票否决，不能推荐".into(),
            settled: None,
        });
    } else if !self_score.complete {
        out.push(Hint {
            code: "self:incomplete".into(),
            kind: HintKind::SelfScore,
            item: None,
            fact: None,
            text: format!(
                "申报材料不完整：{} 项未填写",
                self_score.incomplete.len() + usize::from(draft.form1.brand_type.is_none())
            ),
            settled: None,
        });
    }
    for h in &mut out {
        h.settled = settled(h, layer, &facts);
    }
    out
}

/// How a hint was settled: acknowledged, its fact corrected, or its item given a verdict.
fn settled(h: &Hint, layer: &Layer, facts: &Facts) -> Option<String> {
    if let Some(a) = layer.acks.get(&h.code) {
        return Some(format!("已确认：{}（{}）", a.note, a.by));
    }
    if let Some(c) = h.fact.as_ref().and_then(|f| layer.corrections.get(f)) {
        let v = match &c.value {
            serde_json::Value::String(s) => s.clone(),
            v => v.to_string(),
        };
        let unit = h
            .fact
            .as_ref()
            .and_then(|f| facts.decl(f))
            .and_then(|d| d.unit.clone())
            .unwrap_or_default();
        return Some(format!("已核定为 {v} {unit}：{}", c.reason));
    }
    if matches!(h.kind, HintKind::Unproved | HintKind::VetoUnproved) {
        if let Some(j) = h.item.as_ref().and_then(|i| layer.judgements.get(i)) {
            return Some(format!("已给出审核意见：{}", j.verdict.zh()));
        }
    }
    None
}
