//! The county's own layer over one received version: a verdict per item, corrected facts, and
//! acknowledged hints. It never touches the applicant's facts: the 核定分 is the same rubric run
//! on the applicant's draft with the corrections laid over it ([`assess`]).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::draft::Draft;
use crate::facts::{FactState, Facts};
use crate::rubric::{Edition, ItemState, ScoreResult};

use super::ReviewError;

/// The county's verdict on one item's claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// 认定: the claim stands (as corrected, if a fact was corrected).
    Accepted,
    /// 不认定: the claim does not stand; the item gives nothing (an unmet veto item vetoes).
    Rejected,
    /// 存疑: to be settled (with the applicant, or by a second look) before recommending.
    Doubtful,
}

impl Verdict {
    /// 认定 / 不认定 / 存疑.
    pub fn zh(self) -> &'static str {
        match self {
            Verdict::Accepted => "认定",
            Verdict::Rejected => "不认定",
            Verdict::Doubtful => "存疑",
        }
    }

    /// The key stored (`accepted`, `rejected`, `doubtful`).
    pub fn key(self) -> &'static str {
        match self {
            Verdict::Accepted => "accepted",
            Verdict::Rejected => "rejected",
            Verdict::Doubtful => "doubtful",
        }
    }

    /// Parses `accepted` / `rejected` / `doubtful` or the Chinese word.
    pub fn parse(s: &str) -> Option<Verdict> {
        match s.trim() {
            "accepted" | "认定" => Some(Verdict::Accepted),
            "rejected" | "不认定" => Some(Verdict::Rejected),
            "doubtful" | "存疑" => Some(Verdict::Doubtful),
            _ => None,
        }
    }
}

/// The verdict on one item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Judgement {
    /// The verdict.
    pub verdict: Verdict,
    /// Why (required unless 认定).
    pub reason: String,
    /// The evidence file looked at (its SHA-256), if any.
    pub evidence: Option<String>,
    /// The page of it looked at, if any.
    pub page: Option<u32>,
    /// Who gave it.
    pub by: String,
    /// When (RFC 3339).
    pub at: String,
}

/// A fact as the county finds it, beside the applicant's claim.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Correction {
    /// The value, as a draft holds it (text for numbers: exact decimals).
    pub value: Value,
    /// Why.
    pub reason: String,
    /// Who.
    pub by: String,
    /// When.
    pub at: String,
}

/// A plausibility hint looked at and let stand.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ack {
    /// What was checked ("已核对纸质材料：…").
    pub note: String,
    /// Who.
    pub by: String,
    /// When.
    pub at: String,
}

/// Everything the county holds about one version.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Layer {
    /// By item id.
    pub judgements: BTreeMap<String, Judgement>,
    /// By fact key.
    pub corrections: BTreeMap<String, Correction>,
    /// By hint code.
    pub acks: BTreeMap<String, Ack>,
}

/// The applicant's draft with the county's corrections laid over it.
pub fn corrected(draft: &Draft, layer: &Layer) -> Draft {
    let mut d = draft.clone();
    for (key, c) in &layer.corrections {
        d.set_fact(key, Some(c.value.clone()));
    }
    d
}

/// Checks a correction before it is stored: the fact is the rubric's, and the value reads
/// (its message names the field).
pub fn check_correction(
    edition: Edition,
    draft: &Draft,
    key: &str,
    value: &Value,
) -> Result<(), ReviewError> {
    if edition.rubric.facts.get(key).is_none() {
        return Err(ReviewError::UnknownFact(key.to_string()));
    }
    let mut d = draft.clone();
    d.set_fact(key, Some(value.clone()));
    match Facts::read(&edition.rubric.facts, &d).state(key) {
        FactState::Invalid(p) => Err(ReviewError::BadCorrection(p.to_string())),
        FactState::Missing => Err(ReviewError::BadCorrection(format!(
            "「{}」的核定值不能为空",
            edition.rubric.facts.get(key).map_or(key, |f| &f.label)
        ))),
        FactState::Value(_) => Ok(()),
    }
}

/// The 核定分: the rubric run on the corrected draft, then each item the county does not
/// accept (不认定) giving nothing — an unmet 一票否决 item vetoes. 存疑 items count as claimed
/// until settled (they keep an application from being recommended).
pub fn assess(edition: Edition, draft: &Draft, layer: &Layer) -> ScoreResult {
    let mut r = edition.score(&corrected(draft, layer));
    let mut changed = false;
    for item in &mut r.items {
        let rejected = layer
            .judgements
            .get(&item.id)
            .is_some_and(|j| j.verdict == Verdict::Rejected);
        if !rejected {
            continue;
        }
        changed = true;
        let veto = edition.rubric.item(&item.id).is_some_and(|i| i.veto);
        item.points = 0;
        item.reachable = 0;
        item.explanation = format!("县区不认定：{}", item.explanation);
        if veto {
            item.state = ItemState::Vetoed;
        } else if item.state == ItemState::Incomplete {
            item.state = ItemState::Scored;
        }
    }
    if changed {
        r.retotal()
    } else {
        r
    }
}
