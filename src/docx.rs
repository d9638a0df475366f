//! 附件1 and 附件2 as one editable Word file (.docx, 电子版), from the same rows as the PDF
//! ([`crate::forms`]): A4 portrait, real merged cells (类别 and 项目 span their rows vertically,
//! the 总分 label spans columns), rows that never split across pages, East-Asian font names
//! (宋体 for text, 黑体 for headings, 方正小标宋简体 for titles, each with fallbacks that Word,
//! WPS and LibreOffice resolve), and the stamp areas left as empty cell space.
//!
//! The file is written atomically, like the PDF.

use std::path::Path;

use docx_rs::{
    AlignmentType, BreakType, Docx, Footer, HeightRule, LineSpacing, PageMargin, Paragraph, Run,
    RunFonts, Table, TableAlignmentType, TableCell, TableCellMargins, TableLayoutType, TableRow,
    VAlignType, VMergeType, WidthType,
};

use crate::draft::{BrandType, Draft};
use crate::forms::{self, Form2Row};
use crate::pdf::{ExportInfo, ExportOptions, Forms};
use crate::rubric::{score_with, Rubric};

/// Why a Word file could not be made.
#[derive(Debug, thiserror::Error)]
pub enum DocxError {
    /// The document could not be packed (zip).
    #[error("无法生成 Word 文件：{0} / cannot build the .docx: {0}")]
    Pack(String),
    /// The file could not be written (a full disk is named as such); nothing was left behind.
    #[error(transparent)]
    Write(#[from] crate::output::OutputError),
}

/// Twentieths of a point per millimetre (Word's page and table unit).
const TWIPS_PER_MM: f32 = 56.692_9;
const A4_W: u32 = 11_906;
const A4_H: u32 = 16_838;
/// Page margins (mm): top/bottom a little tighter than the sides so that 附件1 stays on one
/// page in Word, WPS and LibreOffice alike.
const MARGIN_MM: f32 = 20.0;
const MARGIN_TB_MM: f32 = 15.0;
/// 附件2 column widths (mm), as the PDF's: 类别 · 项目 · 标准 · 分值 · 评分依据 · 自评分.
const FORM2_COLS: [f32; 6] = forms::FORM2_COLUMN_MM;
/// 附件1 columns (mm): label · 负责人 value · 职务 label · 职务 value.
const FORM1_COLS: [f32; 4] = [34.0, 56.0, 22.0, 58.0];
/// Least heights (mm) of the 附件1 rows (a row grows with its text). The 推荐意见 rows keep
/// room for a 42 mm round stamp above the 盖章 line.
const FORM1_ROW: f32 = 13.0;
const FORM1_TYPE_ROW: f32 = 20.0;
const FORM1_SUMMARY_ROW: f32 = 58.0;
const FORM1_OPINION_ROW: f32 = 52.0;
/// Space (mm) between an opinion's text and its 盖章 line: the stamp area.
const STAMP_SPACE: f32 = 30.0;

/// Text face: the name Word looks up first, with the fallbacks written beside it.
#[derive(Clone, Copy)]
enum Face {
    /// 宋体 (SimSun; LibreOffice and WPS substitute Noto Serif CJK SC / 思源宋体).
    Body,
    /// 黑体 for column headers and 总分.
    Heading,
    /// 方正小标宋简体 for the two titles, as on official forms.
    Title,
}

impl Face {
    fn fonts(self) -> RunFonts {
        let (east, latin) = match self {
            Face::Body => ("宋体", "Times New Roman"),
            Face::Heading => ("黑体", "Times New Roman"),
            Face::Title => ("方正小标宋简体", "Times New Roman"),
        };
        RunFonts::new().east_asia(east).ascii(latin).hi_ansi(latin)
    }
}

fn twips(mm: f32) -> usize {
    (mm * TWIPS_PER_MM).round() as usize
}

/// A paragraph of `text` (line breaks kept) in `face` at `half_points` (Word's size unit).
fn para(text: &str, face: Face, half_points: usize, align: AlignmentType) -> Paragraph {
    let mut run = Run::new().fonts(face.fonts()).size(half_points);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            run = run.add_break(BreakType::TextWrapping);
        }
        run = run.add_text(line);
    }
    if matches!(face, Face::Heading | Face::Title) {
        run = run.bold();
    }
    Paragraph::new()
        .add_run(run)
        .align(align)
        .line_spacing(LineSpacing::new().before(0).after(0))
}

fn cell(text: &str, face: Face, half_points: usize, align: AlignmentType, mm: f32) -> TableCell {
    TableCell::new()
        .add_paragraph(para(text, face, half_points, align))
        .width(twips(mm), WidthType::Dxa)
        .vertical_align(VAlignType::Center)
}

fn row(cells: Vec<TableCell>, min_mm: f32) -> TableRow {
    TableRow::new(cells)
        .row_height(twips(min_mm) as f32)
        .height_rule(HeightRule::AtLeast)
        .cant_split()
}

fn table(rows: Vec<TableRow>, cols: &[f32]) -> Table {
    Table::new(rows)
        .set_grid(cols.iter().map(|c| twips(*c)).collect())
        .layout(TableLayoutType::Fixed)
        .align(TableAlignmentType::Center)
        // 1.6 mm each side and 0.5 mm above and below, as the PDF's cell padding.
        .margins(TableCellMargins::new().margin(twips(0.5), twips(1.6), twips(0.5), twips(1.6)))
        .width(twips(cols.iter().sum()), WidthType::Dxa)
}

const BODY: usize = 24; // 12 pt, 小四
const SMALL: usize = 18; // 9 pt, as the PDF's 评分表

fn heading(docx: Docx, attachment: &str, title: &str) -> Docx {
    docx.add_paragraph(para(attachment, Face::Heading, 32, AlignmentType::Left))
        .add_paragraph(
            para(title, Face::Title, 40, AlignmentType::Center)
                .line_spacing(LineSpacing::new().before(120).after(240)),
        )
}

fn form1(docx: Docx, draft: &Draft, rubric: &Rubric) -> Docx {
    let f = &draft.form1;
    let l = forms::FORM1_LABELS;
    let [lw, vw1, tw, vw2] = FORM1_COLS;
    let value_w = vw1 + tw + vw2;
    let left = AlignmentType::Left;
    let center = AlignmentType::Center;
    let label = |text: &str| cell(text, Face::Body, BODY, center, lw);
    let full = |text: &str| cell(text, Face::Body, BODY, left, value_w).grid_span(3);
    let types: String = BrandType::ALL
        .iter()
        .map(|t| {
            let mark = if f.brand_type == Some(*t) {
                "☑"
            } else {
                "□"
            };
            format!("{mark} {}", t.name_zh())
        })
        .collect::<Vec<_>>()
        .chunks(2)
        .map(|pair| pair.join("        "))
        .collect::<Vec<_>>()
        .join("\n");
    let summary = if f.summary.trim().is_empty() {
        cell(forms::SUMMARY_HINT, Face::Body, 21, left, value_w)
            .grid_span(3)
            .vertical_align(VAlignType::Top)
    } else {
        full(f.summary.trim()).vertical_align(VAlignType::Top)
    };
    // A 推荐意见 cell: the text at the top, the empty stamp space, then 盖章 and the date.
    let opinion = |op: &crate::draft::Opinion| {
        TableCell::new()
            .add_paragraph(para(op.text.trim(), Face::Body, BODY, left))
            .add_paragraph(
                para(
                    &format!("（盖章）    {}", forms::date_line(rubric.form_year, op)),
                    Face::Body,
                    BODY,
                    AlignmentType::Right,
                )
                .line_spacing(
                    LineSpacing::new()
                        .before(twips(STAMP_SPACE) as u32)
                        .after(60),
                ),
            )
            .width(twips(value_w), WidthType::Dxa)
            .grid_span(3)
            .vertical_align(VAlignType::Top)
    };
    let rows = vec![
        row(vec![label(l[0]), full(f.brand_name.trim())], FORM1_ROW),
        row(
            vec![
                label(l[1]),
                cell(&types, Face::Body, BODY, left, value_w).grid_span(3),
            ],
            FORM1_TYPE_ROW,
        ),
        row(vec![label(l[2]), full(f.unit.trim())], FORM1_ROW),
        row(
            vec![
                label(l[3]),
                cell(f.leader.trim(), Face::Body, BODY, left, vw1),
                cell(l[4], Face::Body, BODY, center, tw),
                cell(f.leader_title.trim(), Face::Body, BODY, left, vw2),
            ],
            FORM1_ROW,
        ),
        row(vec![label(l[5]), summary], FORM1_SUMMARY_ROW),
        row(
            vec![label("培育建设单位\n推荐意见"), opinion(&f.unit_opinion)],
            FORM1_OPINION_ROW,
        ),
        row(
            vec![label("县区人社部门\n推荐意见"), opinion(&f.county_opinion)],
            FORM1_OPINION_ROW,
        ),
    ];
    heading(docx, "附件1", forms::FORM1_TITLE).add_table(table(rows, &FORM1_COLS))
}

/// Whether row `i` continues the run of row `i - 1` in a spanned column.
fn continues(rows: &[Form2Row], i: usize, col: usize) -> bool {
    i > 0
        && rows[i - 1].category == rows[i].category
        && (col == 0 || rows[i - 1].project == rows[i].project)
}

fn form2(mut docx: Docx, rows: &[Form2Row], total: &str, draft: &Draft) -> Docx {
    let c = FORM2_COLS;
    let center = AlignmentType::Center;
    let left = AlignmentType::Left;
    docx = heading(docx, "附件2", forms::FORM2_TITLE);
    let h = forms::FORM2_HEADER_LABELS;
    docx = docx.add_paragraph(
        para(
            &format!(
                "{}{}        {}{}",
                h[0],
                draft.form1.brand_name.trim(),
                h[1],
                draft.form2.reporting_unit.trim()
            ),
            Face::Body,
            22,
            left,
        )
        .line_spacing(LineSpacing::new().after(120)),
    );
    let mut table_rows = vec![row(
        forms::FORM2_HEADERS
            .iter()
            .enumerate()
            .map(|(i, t)| cell(t, Face::Heading, 20, center, c[i]))
            .collect(),
        9.0,
    )];
    for (i, r) in rows.iter().enumerate() {
        let spanned = |col: usize, text: &str, face: Face| {
            let merge = if continues(rows, i, col) {
                VMergeType::Continue
            } else {
                VMergeType::Restart
            };
            let text = if merge == VMergeType::Continue {
                ""
            } else {
                text
            };
            cell(text, face, SMALL, center, c[col]).vertical_merge(merge)
        };
        // 类别 is set one character a line, as on the official form.
        let category: Vec<String> = r.category.chars().map(String::from).collect();
        table_rows.push(row(
            vec![
                spanned(0, &category.join("\n"), Face::Heading),
                spanned(1, &r.project, Face::Body),
                cell(&r.standard, Face::Body, SMALL, left, c[2]),
                cell(&r.points_text, Face::Body, SMALL, center, c[3]),
                cell(&r.basis, Face::Body, SMALL, left, c[4]),
                cell(&r.score, Face::Body, 21, center, c[5]),
            ],
            8.0,
        ));
    }
    table_rows.push(row(
        vec![
            cell("总分", Face::Heading, 21, center, c[0] + c[1]).grid_span(2),
            cell("", Face::Body, SMALL, left, c[2] + c[3] + c[4]).grid_span(3),
            cell(total, Face::Body, 21, center, c[5]),
        ],
        11.0,
    ));
    docx.add_table(table(table_rows, &FORM2_COLS))
}

/// Marks the 附件2 column-header row as a header row (`w:tblHeader`), so that Word, WPS and
/// LibreOffice repeat it at the top of every page the table runs onto. docx-rs has no builder
/// for it; the row is the one whose cell reads 评分依据 (no rubric sentence is exactly that).
fn repeat_header_row(document: &[u8]) -> Vec<u8> {
    let Ok(xml) = std::str::from_utf8(document) else {
        return document.to_vec();
    };
    let mark = "<w:cantSplit />";
    let found = xml
        .find(&format!(">{}</w:t>", forms::FORM2_HEADERS[4]))
        .and_then(|cell| xml[..cell].rfind("<w:tr>").map(|row| (row, cell)))
        .and_then(|(row, cell)| xml[row..cell].find(mark).map(|k| row + k + mark.len()));
    match found {
        Some(at) => format!("{}<w:tblHeader />{}", &xml[..at], &xml[at..]).into_bytes(),
        None => document.to_vec(),
    }
}

/// Builds the .docx in memory. `options.forms`, `compact`, `fingerprint` and `revision` mean
/// what they mean for the PDF; `pages` in the result is 0 (Word lays out the pages itself).
pub fn render(
    draft: &Draft,
    rubric: &Rubric,
    options: &ExportOptions,
) -> Result<(Vec<u8>, ExportInfo), DocxError> {
    let fingerprint = draft.fingerprint();
    let code = draft.version_code();
    let draft = crate::pdf::cleaned(draft);
    let result = score_with(rubric, None, &draft);
    let m = twips(MARGIN_MM) as i32;
    let tb = twips(MARGIN_TB_MM) as i32;
    let mut docx = Docx::new()
        .page_size(A4_W, A4_H)
        .page_margin(
            PageMargin::new()
                .top(tb)
                .bottom(tb)
                .left(m)
                .right(m)
                .header(twips(10.0) as i32)
                .footer(twips(8.0) as i32),
        )
        .default_fonts(Face::Body.fonts())
        .default_size(BODY);
    if matches!(options.forms, Forms::Form1 | Forms::All) {
        docx = form1(docx, &draft, rubric);
    }
    if options.forms == Forms::All {
        docx = docx.add_paragraph(Paragraph::new().add_run(Run::new().add_break(BreakType::Page)));
    }
    if matches!(options.forms, Forms::Form2 | Forms::All) {
        let rows = forms::form2_rows(rubric, &draft, &result, options.compact);
        docx = form2(docx, &rows, &forms::total_text(&result), &draft);
    }
    if options.fingerprint {
        let line = forms::footer_line(&code, options.revision, rubric);
        docx = docx.footer(Footer::new().add_paragraph(para(
            &line,
            Face::Body,
            13,
            AlignmentType::Right,
        )));
    }
    let title = format!(
        "连云港市市级劳务品牌推荐表与评分表 — {}",
        draft.display_name()
    );
    docx = docx
        .custom_property("title", title)
        .custom_property("code", code.clone());
    let mut xml = docx.build();
    xml.document = repeat_header_row(&xml.document);
    let mut bytes = std::io::Cursor::new(Vec::new());
    xml.pack(&mut bytes)
        .map_err(|e| DocxError::Pack(e.to_string()))?;
    let bytes = bytes.into_inner();
    let info = ExportInfo {
        pages: 0,
        bytes: bytes.len(),
        fingerprint,
        code,
        path: None,
    };
    Ok((bytes, info))
}

/// Builds and writes the .docx atomically (temporary file, then rename).
pub fn export_to_file(
    draft: &Draft,
    rubric: &Rubric,
    options: &ExportOptions,
    path: &Path,
) -> Result<ExportInfo, DocxError> {
    let (bytes, mut info) = render(draft, rubric, options)?;
    crate::output::write_atomic(path, &bytes)?;
    info.path = Some(path.to_path_buf());
    Ok(info)
}
