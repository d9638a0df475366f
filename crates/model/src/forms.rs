//! What 附件1 and 附件2 say for one draft, whatever they are printed on: the rows of the
//! 评分表 in the official order with their wording and 自评分, the 推荐表's labels and the date
//! lines. The PDF (`labour_brand::pdf`) and the Word copy (`labour_brand::docx`) are both drawn from
//! here, so the two can never disagree on a row, a sentence or a score.

use chrono::Datelike;

use crate::draft::{Draft, Opinion};
use crate::rubric::{ItemState, Rubric, ScoreResult};

/// The 附件1 labels, in order.
pub const FORM1_LABELS: [&str; 9] = [
    "劳务品牌名称",
    "劳务品牌类型",
    "培育建设单位",
    "劳务品牌负责人",
    "职务",
    "基本情况",
    "培育建设单位推荐意见",
    "县区人社部门推荐意见",
    "（盖章）",
];

/// A 附件1 label as set in its narrow cell: the long ones break where the official form breaks
/// them ("培育建设单位 / 推荐意见", "劳务品牌 / 负责人"), never leaving one character alone.
pub fn form1_label(label: &str) -> String {
    label
        .replacen("推荐意见", "\n推荐意见", 1)
        .replacen("负责人", "\n负责人", 1)
        .trim_start()
        .to_string()
}

/// The official hint shown in an empty 基本情况 cell.
pub const SUMMARY_HINT: &str =
    "（500 字以内情况简介。包括从业规模、职业培训、创业载体、龙头企业、产业园区等情况）";

/// The titles of the two forms.
pub const FORM1_TITLE: &str = "连云港市市级劳务品牌推荐表";
/// See [`FORM1_TITLE`].
pub const FORM2_TITLE: &str = "连云港市市级劳务品牌评分表";

/// The 附件2 column headers: 类别 · 项目 · 标准 · 分值 · 评分依据 · 自评分.
pub const FORM2_HEADERS: [&str; 6] = ["类别", "项目", "标准", "分值", "评分依据", "自评分"];

/// The 附件2 column widths (mm) on an A4 page with 20 mm side margins, as both exports set
/// them.
pub const FORM2_COLUMN_MM: [f32; 6] = [13.0, 26.0, 51.0, 12.0, 54.0, 14.0];

/// The labels of the line above the 附件2 table.
pub const FORM2_HEADER_LABELS: [&str; 2] = ["劳务品牌名称：", "填报单位：（各县区人社局盖章）"];

/// One row of the 附件2 table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Form2Row {
    /// 基本条件 or 分类条件 (spans its rows).
    pub category: &'static str,
    /// The 项目 text (spans the rows with the same 项目), with a line break after a leading
    /// ordinal "（一）".
    pub project: String,
    /// 标准.
    pub standard: String,
    /// 分值.
    pub points_text: String,
    /// 评分依据.
    pub basis: String,
    /// 自评分: points, "否决", or empty when the item is not filled in (left for handwriting).
    pub score: String,
}

/// The 项目 text of a 基本条件 row as set in its cell: a line break after the leading ordinal
/// "（一）". (A category's heading is set as its rubric file says, `heading_lines`.)
fn project_label(project: &str) -> String {
    match project.find('）') {
        Some(i) if project.starts_with('（') && i + '）'.len_utf8() < project.len() => {
            let (head, tail) = project.split_at(i + '）'.len_utf8());
            format!("{head}\n{tail}")
        }
        _ => project.to_string(),
    }
}

fn score_text(result: &ScoreResult, id: &str) -> String {
    match result.items.iter().find(|i| i.id == id) {
        Some(r) => match r.state {
            ItemState::Scored => r.points.to_string(),
            ItemState::Vetoed => "否决".into(),
            ItemState::Incomplete => String::new(),
        },
        None => String::new(),
    }
}

/// The rows of 附件2 for `draft` scored as `result`: every item of the rubric, or with
/// `compact` only the 基本条件 and the chosen type's items.
pub fn form2_rows(
    rubric: &Rubric,
    draft: &Draft,
    result: &ScoreResult,
    compact: bool,
) -> Vec<Form2Row> {
    // 精简版 without a type prints every category: never a sheet without its 分类条件.
    let chosen = draft.form1.brand_type;
    let compact = compact && chosen.is_some();
    rubric
        .items
        .iter()
        .filter(|i| !compact || i.group.is_scored_for(chosen))
        .map(|item| {
            let basic = item.group == crate::rubric::Group::Basic;
            let project = if basic {
                project_label(&item.project)
            } else {
                rubric
                    .type_info(item.group.key())
                    .map(|t| t.heading_lines.join("\n"))
                    .unwrap_or_default()
            };
            Form2Row {
                category: if basic {
                    "基本条件"
                } else {
                    "分类条件"
                },
                project,
                standard: item.standard.clone(),
                points_text: item.points_text.clone(),
                basis: item.basis.clone(),
                score: score_text(result, &item.id),
            }
        })
        .collect()
}

/// The 总分 cell: the total, "一票否决" for a vetoed application (it has no total), or empty
/// while items are unfilled (left for handwriting).
pub fn total_text(result: &ScoreResult) -> String {
    if result.vetoed {
        "一票否决".to_string()
    } else if result.complete {
        result.total.to_string()
    } else {
        String::new()
    }
}

/// The "（盖章） 年 月 日" line of a 推荐意见 cell: the date when one is set, else blanks for
/// handwriting in the draft's 申报年度.
pub fn date_line(year: Option<i32>, opinion: &Opinion) -> String {
    match (opinion.date, year) {
        (Some(d), _) => format!("{} 年 {} 月 {} 日", d.year(), d.month(), d.day()),
        (None, Some(year)) => format!("{year} 年\u{3000}\u{3000}月\u{3000}\u{3000}日"),
        (None, None) => {
            "\u{3000}\u{3000}\u{3000}\u{3000}年\u{3000}\u{3000}月\u{3000}\u{3000}日".into()
        }
    }
}

/// The version-code line printed at the foot of every page: the 校验码 alone, which 历史版本
/// shows beside each version (so a printed copy is found again by it). Neither the save
/// counter (it rises with every autosave and means nothing to a reader) nor the rubric
/// edition's id is printed.
pub fn footer_line(code: &str) -> String {
    format!("校验码 {code}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ordinal_of_a_project_sits_on_its_own_line() {
        assert_eq!(project_label("（一）组织领导"), "（一）\n组织领导");
        assert_eq!(project_label("组织领导"), "组织领导");
        assert_eq!(project_label("（一）"), "（一）");
        // A category heading is set as the rubric file says.
        let rubric = Rubric::city();
        let rows = form2_rows(
            rubric,
            &Draft::default(),
            &crate::score(&Draft::default()),
            false,
        );
        assert!(rows
            .iter()
            .any(|r| r.project == "（一）\n中高端技能类\n劳务品牌\n（100分）"));
    }

    #[test]
    fn compact_keeps_the_basic_items_and_the_chosen_type() {
        let rubric = Rubric::city();
        let draft = crate::example::example(crate::BrandType::Skill);
        let result = crate::score(&draft);
        let all = form2_rows(rubric, &draft, &result, false);
        let compact = form2_rows(rubric, &draft, &result, true);
        assert_eq!(all.len(), rubric.items.len());
        assert!(compact.len() < all.len());
        assert!(compact.iter().any(|r| r.project.contains("中高端技能类")));
        assert!(!compact.iter().any(|r| r.project.contains("文化")));
        // Every scored row carries its points.
        assert!(compact.iter().all(|r| !r.score.is_empty()), "{compact:?}");
    }
}
