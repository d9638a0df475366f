//! The county bureau's summary: many draft files scored into one table.
//!
//! The 评分表 header reads 填报单位：（各县区人社局盖章）: a county bureau collects its enterprises'
//! applications, checks the self-scores and reports to the city. [`score_files`] reads every
//! draft file given (folders: their `.json` files), scores each with the same engine as the
//! window, and keeps the files it cannot read with the reason — never silently skipped.
//! [`Batch::to_xlsx`] (`xlsx.rs`) writes the workbook (one summary sheet, one sheet per type with every
//! item's points, one sheet of unreadable files); [`Batch::to_csv`] the summary as CSV.

mod csv;
pub(crate) mod sheet;
pub(crate) mod xlsx;

use crate::Bilingual;
use std::path::{Path, PathBuf};

use rust_decimal::Decimal;
use rust_xlsxwriter::XlsxError;
use serde::Serialize;

use crate::draft::{BrandType, Draft};
use crate::facts::Facts;
use crate::rubric::{score_with, Editions, ItemState, Rubric, ScoreResult, Standard};

/// Why a batch could not be written.
#[derive(Debug, thiserror::Error)]
pub enum BatchError {
    /// The workbook could not be built.
    #[error("{} / {}", self.zh(), self.en())]
    Xlsx(#[from] XlsxError),
}

impl Bilingual for BatchError {
    fn code(&self) -> &'static str {
        "xlsx_build"
    }

    fn zh(&self) -> String {
        match self {
            Self::Xlsx(_0) => format!("无法生成 Excel 文件：{_0}"),
        }
    }

    fn en(&self) -> String {
        match self {
            Self::Xlsx(_0) => format!("cannot build the workbook: {_0}"),
        }
    }
}

/// One scored draft file.
#[derive(Debug, Clone, Serialize)]
pub struct BatchRow {
    /// The file, as given (or found in a given folder).
    pub file: String,
    /// 劳务品牌名称.
    pub brand_name: String,
    /// The chosen type, if any.
    pub brand_type: Option<BrandType>,
    /// Its Chinese name, or "（未选类型）".
    pub type_name: String,
    /// 培育建设单位.
    pub unit: String,
    /// 劳务品牌负责人.
    pub leader: String,
    /// 填报单位 as the draft names it (the county bureau; often blank).
    pub reporting_unit: String,
    /// 从业人员 (人), when typed and readable.
    pub workers: Option<Decimal>,
    /// 基本条件加分.
    pub basic_bonus: u32,
    /// 分类得分.
    pub category_total: u32,
    /// 总分 (meaningless when `vetoed`; see [`crate::forms::total_text`]).
    pub total: u32,
    /// Whether any 一票否决 item is unmet.
    pub vetoed: bool,
    /// Whether every item is filled.
    pub complete: bool,
    /// Short names of the unmet 一票否决 items.
    pub vetoes: Vec<String>,
    /// Short names of the items not yet filled.
    pub unfilled: Vec<String>,
    /// Provincial bars met, of those of the chosen type.
    pub provincial_met: usize,
    /// Provincial bars of the chosen type.
    pub provincial_total: usize,
    /// The evidence files that came with the draft (a `.lbdraft` container), in the container's
    /// order; empty for a plain draft file.
    pub evidence: Vec<crate::evidence::EvidenceEntry>,
    /// The version code (校验码) printed on the forms exported from this draft.
    pub code: String,
    /// Every item of the 基本条件 and the chosen type, with its 自评分.
    pub items: Vec<(String, Points)>,
}

/// One item's 自评分 in the summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Points {
    /// Scored.
    Scored(u32),
    /// A 一票否决 item that is not met.
    Vetoed,
    /// Not filled in yet.
    Unfilled,
}

impl Points {
    /// An item's result as the summary counts it.
    pub fn of(i: &crate::rubric::ItemResult) -> Points {
        match i.state {
            ItemState::Scored => Points::Scored(i.points),
            ItemState::Vetoed => Points::Vetoed,
            ItemState::Incomplete => Points::Unfilled,
        }
    }

    /// Every item of a result with its points, in form order.
    pub fn of_all(result: &ScoreResult) -> Vec<(String, Points)> {
        result
            .items
            .iter()
            .map(|i| (i.id.clone(), Points::of(i)))
            .collect()
    }
}

/// A file that could not be read as a draft, with the reason.
#[derive(Debug, Clone, Serialize)]
pub struct BatchFailure {
    /// The file.
    pub file: String,
    /// Why (Chinese, then English).
    pub reason: String,
}

/// The scored files and the unreadable ones.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Batch {
    /// Sorted by type (in the form's order, untyped last), then 总分 from high to low
    /// (vetoed last within a type), then file name.
    pub rows: Vec<BatchRow>,
    /// Files that could not be read, in the order met.
    pub failures: Vec<BatchFailure>,
}

/// The files to read: files as given; for a folder, its `.json` and `.lbdraft` entries sorted
/// by name. Nothing looked at is skipped without a word: a path that does not exist, a
/// subfolder (not searched), another file of the folder (not a draft), and a draft entry that
/// is not a regular file (a pipe, a broken link) each become a failure with the reason.
pub fn expand(inputs: &[PathBuf]) -> (Vec<PathBuf>, Vec<BatchFailure>) {
    let mut files = Vec::new();
    let mut failures = Vec::new();
    let fail = |failures: &mut Vec<BatchFailure>, p: &Path, reason: String| {
        failures.push(BatchFailure {
            file: p.display().to_string(),
            reason,
        })
    };
    for input in inputs {
        if input.is_dir() {
            match crate::incoming::folder_entries(input) {
                Ok(found) => {
                    for p in found {
                        // Draft files, plain or with their evidence (a container).
                        let json = crate::incoming::is_draft_name(&p);
                        if p.is_dir() {
                            fail(&mut failures, &p, "子文件夹，未汇总（只汇总所选文件夹中的 .json 文件，不搜索子文件夹）/ subfolder, not searched".into());
                        } else if json {
                            files.push(p);
                        } else {
                            let kind = p
                                .extension()
                                .map(|e| format!(".{}", e.to_string_lossy()))
                                .unwrap_or_else(|| "无扩展名".into());
                            fail(&mut failures, &p, format!("不是草稿文件（{kind}），未汇总：佐证材料应随草稿包（.lbdraft）报送 / not a draft file, not summarised"));
                        }
                    }
                }
                Err(e) => fail(
                    &mut failures,
                    input,
                    format!("无法读取文件夹：{e} / cannot read folder"),
                ),
            }
        } else if input.exists() || std::fs::symlink_metadata(input).is_ok() {
            files.push(input.clone());
        } else {
            fail(&mut failures, input, "文件不存在 / no such file".into());
        }
    }
    (files, failures)
}

fn short_names(rubric: &Rubric, ids: &[String]) -> Vec<String> {
    ids.iter()
        .map(|id| rubric.item(id).map_or(id.clone(), |i| i.short.clone()))
        .collect()
}

/// Scores one draft into a row.
pub fn row_of(
    file: &Path,
    draft: &Draft,
    rubric: &Rubric,
    standard: Option<&Standard>,
) -> BatchRow {
    let result: ScoreResult = score_with(rubric, standard, draft);
    let f = &draft.form1;
    BatchRow {
        file: file.display().to_string(),
        brand_name: f.brand_name.trim().to_string(),
        brand_type: f.brand_type,
        type_name: f
            .brand_type
            .map_or("（未选类型）", BrandType::name_zh)
            .to_string(),
        unit: f.unit.trim().to_string(),
        leader: f.leader.trim().to_string(),
        reporting_unit: draft.form2.reporting_unit.trim().to_string(),
        workers: rubric
            .fact_with_role(crate::facts::FactRole::Workers)
            .and_then(|w| Facts::read(&rubric.facts, draft).number(&w.key)),
        basic_bonus: result.basic_bonus,
        category_total: result.category_total,
        total: result.total,
        vetoed: result.vetoed,
        complete: result.complete,
        vetoes: short_names(rubric, &result.vetoes),
        unfilled: short_names(rubric, &result.incomplete),
        provincial_met: result
            .provincial
            .iter()
            .filter(|p| p.met == Some(true))
            .count(),
        provincial_total: result.provincial.len(),
        code: draft.version_code(),
        evidence: Vec::new(),
        items: Points::of_all(&result),
    }
}

fn type_rank(t: Option<BrandType>) -> usize {
    t.and_then(|t| BrandType::ALL.iter().position(|x| *x == t))
        .unwrap_or(BrandType::ALL.len())
}

/// Reads and scores every file of `inputs` (see [`expand`]), each by the rubric edition it
/// names (a file of an edition this build lacks is listed as unreadable, never scored by
/// another).
pub fn score_files(inputs: &[PathBuf], editions: &Editions) -> Batch {
    let (files, mut failures) = expand(inputs);
    let mut rows = Vec::with_capacity(files.len());
    // The same file given twice (or copied under another name) is summarised once.
    let mut seen: std::collections::HashMap<String, String> = std::collections::HashMap::new();
    for file in files {
        let name = file.display().to_string();
        // A container is read whole (every file checked against its SHA-256); its evidence
        // list goes into the row.
        let read = crate::incoming::read_file(&file)
            .map_err(|e| e.to_string())
            .and_then(|bytes| {
                let sha = crate::store::sha256_hex(&bytes);
                if let Some(first) = seen.get(&sha) {
                    return Err(format!(
                        "与 {first} 内容完全相同，只汇总一次 / the same as {first}, summarised once"
                    ));
                }
                seen.insert(sha, name.clone());
                crate::incoming::parse(&bytes).map_err(|e| e.to_string())
            })
            .map(|incoming| {
                let entries = incoming.evidence_entries();
                (incoming.into_file(), entries)
            })
            .and_then(|(df, entries)| {
                let edition = editions
                    .get(&df.rubric_edition)
                    .map_err(|e| e.to_string())?;
                Ok((df, entries, edition))
            });
        match read {
            Ok((df, entries, e)) => {
                let mut row = row_of(&file, &df.draft, e.rubric, e.standard);
                row.evidence = entries;
                rows.push(row);
            }
            Err(reason) => failures.push(BatchFailure {
                file: file.display().to_string(),
                reason,
            }),
        }
    }
    rows.sort_by(|a, b| {
        type_rank(a.brand_type)
            .cmp(&type_rank(b.brand_type))
            .then(a.vetoed.cmp(&b.vetoed))
            .then(b.total.cmp(&a.total))
            .then(a.file.cmp(&b.file))
    });
    Batch { rows, failures }
}

/// The summary columns: header and width (in characters).
pub(crate) const COLUMNS: [(&str, f64); 15] = [
    ("劳务品牌名称", 22.0),
    ("类型", 18.0),
    ("培育建设单位", 26.0),
    ("负责人", 10.0),
    ("从业人员（人）", 12.0),
    ("基本条件加分", 10.0),
    ("分类得分", 9.0),
    ("总分", 8.0),
    ("一票否决项", 20.0),
    ("未填项目", 24.0),
    ("达到省级标准", 11.0),
    ("校验码", 11.0),
    ("文件", 36.0),
    ("状态", 10.0),
    ("佐证材料（份）", 12.0),
];

impl BatchRow {
    pub(crate) fn status(&self) -> String {
        crate::summary::status_zh(false, self.vetoed, 0, self.complete)
    }

    pub(crate) fn provincial(&self) -> String {
        if self.provincial_total == 0 {
            String::new()
        } else {
            format!("{}/{}", self.provincial_met, self.provincial_total)
        }
    }
}

#[cfg(test)]
mod header_tests {
    /// The output guard knows a summary CSV by its first header, the brand name's label: a
    /// change of the first column must keep it so (or the guard would refuse our own CSVs).
    #[test]
    fn the_first_column_is_the_label_the_output_guard_looks_for() {
        assert_eq!(
            super::COLUMNS[0].0,
            crate::fields::FormField::BrandName.label()
        );
    }
}
