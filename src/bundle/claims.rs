//! What the bundle says about the application: each item's label and claim, the evidence in
//! form order, page ranges, and the items that earn points without evidence.

use crate::draft::Draft;
use crate::rubric::{Edition, ItemState, ScoreResult};
use crate::store::EvidenceFile;

/// What the 自评分 of an item claims, as the 清单 says it.
pub(super) fn claim(result: &ScoreResult, item: &str) -> String {
    match result.items.iter().find(|i| i.id == item) {
        Some(r) if r.state == ItemState::Vetoed => "否决".into(),
        Some(r) if r.state == ItemState::Incomplete => "未填".into(),
        Some(r) if r.max == 0 => "满足".into(),
        Some(r) => format!("{} 分", r.points),
        None => String::new(),
    }
}

/// The attachments in form order: by the rubric's items, then each item's list.
pub(super) fn in_form_order<'a>(
    edition: Edition,
    atts: &'a [EvidenceFile],
) -> Vec<(usize, &'a EvidenceFile)> {
    let rank = |id: &str| {
        edition
            .rubric
            .items
            .iter()
            .position(|i| i.id == id)
            .unwrap_or(usize::MAX)
    };
    let mut v: Vec<(usize, &EvidenceFile)> = atts.iter().enumerate().collect();
    v.sort_by_key(|(_, a)| (rank(&a.item_id), a.position, a.id));
    v
}

/// The item's label for the 目录 and the 清单: "基本条件第3项 独立品牌名称".
pub fn item_label(rubric: &crate::rubric::Rubric, id: &str) -> String {
    let Some(item) = rubric.item(id) else {
        return id.to_string();
    };
    let (group, n) = id.split_once('.').unwrap_or(("", id));
    let part = if group == crate::rubric::Group::Basic.key() {
        "基本条件"
    } else {
        "分类条件"
    };
    format!("{part}第{n}项 {}", item.short)
}

pub(super) fn pages_text(first: usize, count: usize) -> String {
    if count <= 1 {
        format!("第 {first} 页")
    } else {
        format!("第 {first}–{} 页", first + count - 1)
    }
}

/// Items of the draft's type that earn points but have no evidence attached (`with_evidence`
/// lists the items that have some): (item id, "基本条件第3项 独立品牌名称 得 2 分，尚未附佐证材料").
pub fn unproved_items(
    edition: Edition,
    draft: &Draft,
    with_evidence: &[&str],
) -> Vec<(String, String)> {
    unproved_in(edition, &edition.score(draft), with_evidence)
}

/// [`unproved_items`] of a draft already scored as `result`.
pub fn unproved_in(
    edition: Edition,
    result: &ScoreResult,
    with_evidence: &[&str],
) -> Vec<(String, String)> {
    result
        .items
        .iter()
        .filter(|r| {
            r.state == ItemState::Scored && r.points > 0 && !with_evidence.contains(&r.id.as_str())
        })
        .map(|r| {
            let label = item_label(edition.rubric, &r.id);
            (
                r.id.clone(),
                format!("{label} 得 {} 分，尚未附佐证材料", r.points),
            )
        })
        .collect()
}
