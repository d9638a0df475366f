//! The county bureau's summary: many draft files scored into one table.
//!
//! The 评分表 header reads 填报单位：（各县区人社局盖章）: a county bureau collects its enterprises'
//! applications, checks the self-scores and reports to the city. [`score_files`] reads every
//! draft file given (folders: their `.json` files), scores each with the same engine as the
//! window, and keeps the files it cannot read with the reason — never silently skipped.
//! [`Batch::to_xlsx`] writes the workbook (one summary sheet, one sheet per type with every
//! item's points, one sheet of unreadable files); [`Batch::to_csv`] the summary as CSV.

use std::path::{Path, PathBuf};

use rust_decimal::Decimal;
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};
use serde::Serialize;

use crate::draft::{BrandType, Draft};
use crate::draftfile;
use crate::facts::Facts;
use crate::rubric::{score_with, ItemState, Rubric, ScoreResult, Standard};

/// Why a batch could not be written.
#[derive(Debug, thiserror::Error)]
pub enum BatchError {
    /// The workbook could not be built.
    #[error("无法生成 Excel 文件：{0} / cannot build the workbook: {0}")]
    Xlsx(#[from] XlsxError),
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

/// The files to read: files as given; for a folder, its `.json` entries sorted by name (other
/// files are not drafts and are passed over). Nothing looked at is skipped without a word: a
/// path that does not exist, a subfolder (not searched), and a `.json` entry that is not a
/// regular file (a pipe, a broken link, a folder) each become a failure with the reason.
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
            match std::fs::read_dir(input) {
                Ok(entries) => {
                    let mut found: Vec<PathBuf> =
                        entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
                    found.sort();
                    for p in found {
                        let json = p
                            .extension()
                            .is_some_and(|e| e.eq_ignore_ascii_case("json"));
                        if p.is_dir() {
                            fail(&mut failures, &p, "子文件夹，未汇总（只汇总所选文件夹中的 .json 文件，不搜索子文件夹）/ subfolder, not searched".into());
                        } else if json {
                            files.push(p);
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
pub fn row_of(file: &Path, draft: &Draft, rubric: &Rubric, standard: &Standard) -> BatchRow {
    let result: ScoreResult = score_with(rubric, Some(standard), draft);
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
        items: result
            .items
            .iter()
            .map(|i| {
                let points = match i.state {
                    ItemState::Scored => Points::Scored(i.points),
                    ItemState::Vetoed => Points::Vetoed,
                    ItemState::Incomplete => Points::Unfilled,
                };
                (i.id.clone(), points)
            })
            .collect(),
    }
}

fn type_rank(t: Option<BrandType>) -> usize {
    t.and_then(|t| BrandType::ALL.iter().position(|x| *x == t))
        .unwrap_or(BrandType::ALL.len())
}

/// Reads and scores every file of `inputs` (see [`expand`]) with the city rubric and the
/// provincial standard.
pub fn score_files(inputs: &[PathBuf]) -> Batch {
    let (files, mut failures) = expand(inputs);
    let (rubric, standard) = (Rubric::city(), Standard::provincial());
    let mut rows = Vec::with_capacity(files.len());
    for file in files {
        let read = draftfile::read_file(&file)
            .and_then(|bytes| draftfile::parse(&bytes))
            .map_err(|e| e.to_string());
        match read {
            Ok(df) => rows.push(row_of(&file, &df.draft, rubric, standard)),
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
const COLUMNS: [(&str, f64); 14] = [
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
];

impl BatchRow {
    fn status(&self) -> &'static str {
        if self.vetoed {
            "一票否决"
        } else if self.complete {
            "已填完"
        } else {
            "未填完"
        }
    }

    fn provincial(&self) -> String {
        if self.provincial_total == 0 {
            String::new()
        } else {
            format!("{}/{}", self.provincial_met, self.provincial_total)
        }
    }
}

fn csv_field(s: &str) -> String {
    // A leading = + - @ would be read as a formula by spreadsheet programs.
    let s = if s.starts_with(['=', '+', '-', '@']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

impl Batch {
    /// The summary as CSV (UTF-8 with a byte-order mark, so that Excel and WPS read the
    /// Chinese), one line per draft file, then one line per unreadable file.
    pub fn to_csv(&self) -> String {
        let mut out = String::from("\u{feff}");
        let header: Vec<&str> = COLUMNS.iter().map(|(h, _)| *h).collect();
        out.push_str(&header.join(","));
        out.push_str(",原因\n");
        for r in &self.rows {
            let total = if r.vetoed {
                String::new()
            } else {
                r.total.to_string()
            };
            let fields = [
                r.brand_name.clone(),
                r.type_name.clone(),
                r.unit.clone(),
                r.leader.clone(),
                r.workers
                    .map(|w| w.normalize().to_string())
                    .unwrap_or_default(),
                r.basic_bonus.to_string(),
                r.category_total.to_string(),
                total,
                r.vetoes.join("、"),
                r.unfilled.join("、"),
                r.provincial(),
                r.code.clone(),
                r.file.clone(),
                r.status().to_string(),
                String::new(),
            ];
            let line: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
            out.push_str(&line.join(","));
            out.push('\n');
        }
        for f in &self.failures {
            let mut line = vec![String::new(); COLUMNS.len() + 1];
            line[12] = csv_field(&f.file);
            line[13] = "无法读取".into();
            line[14] = csv_field(&f.reason);
            out.push_str(&line.join(","));
            out.push('\n');
        }
        out
    }

    /// The workbook: 汇总 (every file), one sheet per type present with every item's points,
    /// and 无法读取的文件 when any file could not be read. A4 landscape, frozen header rows,
    /// numbers as numbers.
    pub fn to_xlsx(&self, rubric: &Rubric) -> Result<Vec<u8>, BatchError> {
        let mut book = Workbook::new();
        let header = Format::new()
            .set_bold()
            .set_text_wrap()
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::VerticalCenter)
            .set_border(FormatBorder::Thin)
            .set_background_color("#E8EEF7");
        let text = Format::new()
            .set_text_wrap()
            .set_align(FormatAlign::VerticalCenter)
            .set_border(FormatBorder::Thin);
        let number = Format::new()
            .set_align(FormatAlign::VerticalCenter)
            .set_border(FormatBorder::Thin);
        let vetoed = text.clone().set_font_color("#B00020").set_bold();

        // 汇总
        let sheet = book.add_worksheet();
        sheet.set_name("汇总")?;
        page_setup(sheet, &format!("{}汇总", crate::forms::FORM2_TITLE))?;
        for (c, (h, w)) in COLUMNS.iter().enumerate() {
            sheet.set_column_width(c as u16, *w)?;
            sheet.write_string_with_format(0, c as u16, *h, &header)?;
        }
        for (i, r) in self.rows.iter().enumerate() {
            let row = i as u32 + 1;
            sheet.write_string_with_format(row, 0, &r.brand_name, &text)?;
            sheet.write_string_with_format(row, 1, &r.type_name, &text)?;
            sheet.write_string_with_format(row, 2, &r.unit, &text)?;
            sheet.write_string_with_format(row, 3, &r.leader, &text)?;
            match r.workers.and_then(|w| w.to_string().parse::<f64>().ok()) {
                Some(w) => sheet.write_number_with_format(row, 4, w, &number)?,
                None => sheet.write_string_with_format(row, 4, "", &text)?,
            };
            sheet.write_number_with_format(row, 5, r.basic_bonus, &number)?;
            sheet.write_number_with_format(row, 6, r.category_total, &number)?;
            if r.vetoed {
                sheet.write_string_with_format(row, 7, "否决", &vetoed)?;
            } else {
                sheet.write_number_with_format(row, 7, r.total, &number)?;
            }
            sheet.write_string_with_format(row, 8, r.vetoes.join("、"), &vetoed)?;
            sheet.write_string_with_format(row, 9, r.unfilled.join("、"), &text)?;
            sheet.write_string_with_format(row, 10, r.provincial(), &text)?;
            sheet.write_string_with_format(row, 11, &r.code, &text)?;
            sheet.write_string_with_format(row, 12, &r.file, &text)?;
            sheet.write_string_with_format(row, 13, r.status(), &text)?;
        }
        sheet.set_freeze_panes(1, 1)?;
        if !self.rows.is_empty() {
            sheet.autofilter(0, 0, self.rows.len() as u32, COLUMNS.len() as u16 - 1)?;
        }

        // One sheet per type, every item's points.
        for t in BrandType::ALL {
            let rows: Vec<&BatchRow> = self
                .rows
                .iter()
                .filter(|r| r.brand_type == Some(t))
                .collect();
            if rows.is_empty() {
                continue;
            }
            let items: Vec<_> = rubric
                .items
                .iter()
                .filter(|i| i.group.is_scored_for(Some(t)))
                .collect();
            let sheet = book.add_worksheet();
            sheet.set_name(t.name_zh())?;
            page_setup(sheet, t.name_zh())?;
            let fixed = ["劳务品牌名称", "培育建设单位", "总分"];
            for (c, h) in fixed.iter().enumerate() {
                sheet.write_string_with_format(0, c as u16, *h, &header)?;
            }
            sheet.set_column_width(0, 22)?;
            sheet.set_column_width(1, 26)?;
            sheet.set_column_width(2, 8)?;
            for (k, item) in items.iter().enumerate() {
                let c = (fixed.len() + k) as u16;
                let title = format!("{} {}", item.id, item.short);
                sheet.write_string_with_format(0, c, title, &header)?;
                sheet.set_column_width(c, 10)?;
            }
            sheet.set_row_height(0, 45)?;
            for (i, r) in rows.iter().enumerate() {
                let row = i as u32 + 1;
                sheet.write_string_with_format(row, 0, &r.brand_name, &text)?;
                sheet.write_string_with_format(row, 1, &r.unit, &text)?;
                if r.vetoed {
                    sheet.write_string_with_format(row, 2, "否决", &vetoed)?;
                } else {
                    sheet.write_number_with_format(row, 2, r.total, &number)?;
                }
                for (k, item) in items.iter().enumerate() {
                    let c = (fixed.len() + k) as u16;
                    let points = r.items.iter().find(|(id, _)| *id == item.id);
                    match points.map(|(_, p)| *p) {
                        Some(Points::Scored(p)) => {
                            sheet.write_number_with_format(row, c, p, &number)?
                        }
                        Some(Points::Vetoed) => {
                            sheet.write_string_with_format(row, c, "否决", &vetoed)?
                        }
                        _ => sheet.write_string_with_format(row, c, "未填", &text)?,
                    };
                }
            }
            sheet.set_freeze_panes(1, 1)?;
        }

        if !self.failures.is_empty() {
            let sheet = book.add_worksheet();
            sheet.set_name("无法读取的文件")?;
            page_setup(sheet, "无法读取的文件")?;
            sheet.set_column_width(0, 50)?;
            sheet.set_column_width(1, 80)?;
            sheet.write_string_with_format(0, 0, "文件", &header)?;
            sheet.write_string_with_format(0, 1, "原因", &header)?;
            for (i, f) in self.failures.iter().enumerate() {
                sheet.write_string_with_format(i as u32 + 1, 0, &f.file, &text)?;
                sheet.write_string_with_format(i as u32 + 1, 1, &f.reason, &text)?;
            }
            sheet.set_freeze_panes(1, 0)?;
        }
        Ok(book.save_to_buffer()?)
    }
}

/// A4 landscape, one page wide, the header row repeated on every printed page, a title.
fn page_setup(sheet: &mut Worksheet, title: &str) -> Result<(), XlsxError> {
    sheet.set_paper_size(9); // A4
    sheet.set_landscape();
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_repeat_rows(0, 0)?;
    let title = title.replace('&', "&&");
    sheet.set_header(format!("&C{title}"));
    sheet.set_footer("&C第 &P 页 共 &N 页");
    Ok(())
}
