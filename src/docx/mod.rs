//! 附件1 and 附件2 as one editable Word file (.docx, 电子版), from the same rows as the PDF
//! ([`crate::forms`]) and, for 附件1, the PDF's own plan of sizes, heights and 附页
//! ([`form1`]): A4 portrait, real merged cells (类别 and 项目 span their rows vertically, the 总分
//! label spans columns), rows that never split across pages, East-Asian font names (宋体 for
//! text, 黑体 for headings and titles, both on every Windows since XP), the stamp areas left as
//! empty cells, rules of 0.5 pt inside a 1.5 pt frame, and 第 N 页 共 M 页 with the 校验码 at
//! the foot of every page.
//!
//! The file is written atomically, like the PDF.

mod form1;
mod form2;
mod schema;

use docx_rs::{
    AlignmentType, BorderType, BreakType, Docx, FieldCharType, Footer, HeightRule, InstrNUMPAGES,
    InstrPAGE, InstrText, LineSpacing, PageMargin, Paragraph, Run, RunFonts, Tab, TabValueType,
    Table, TableAlignmentType, TableBorder, TableBorderPosition, TableBorders, TableCell,
    TableCellMargins, TableLayoutType, TableRow, VAlignType, WidthType,
};

use crate::draft::Draft;
use crate::forms;
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
    /// 附件1 could not be planned (the bundled fonts it is measured with did not load).
    #[error(transparent)]
    Layout(#[from] crate::pdf::PdfError),
}

/// Twentieths of a point per millimetre (Word's page and table unit).
const TWIPS_PER_MM: f32 = 56.692_9;
const A4_W: u32 = 11_906;
const A4_H: u32 = 16_838;
/// Page margins (mm): the sides as the PDF's; top and bottom tighter, so that 附件1, planned
/// for the PDF's page (its table from 34 mm to 283 mm), fits one Word page with its headings.
const MARGIN_MM: f32 = 20.0;
const MARGIN_TOP_MM: f32 = 10.0;
const MARGIN_BOTTOM_MM: f32 = 13.0;
/// The footer's distance from the bottom edge: its ink stays in the printable area.
const FOOTER_MM: f32 = 8.5;
/// Rule widths in eighths of a point: 0.5 pt inside, 1.5 pt for the frame.
const RULE: usize = 4;
const FRAME: usize = 12;

/// Text face: the name Word looks up first, with the fallbacks written beside it.
#[derive(Clone, Copy)]
enum Face {
    /// 宋体 (SimSun; LibreOffice and WPS substitute Noto Serif CJK SC / 思源宋体).
    Body,
    /// 黑体 (SimHei) for column headers, 总分 and the titles: official forms set titles in
    /// 方正小标宋简体, which stock Windows lacks; 黑体 bold is on every Windows.
    Heading,
}

impl Face {
    fn fonts(self) -> RunFonts {
        let (east, latin) = match self {
            Face::Body => ("宋体", "Times New Roman"),
            Face::Heading => ("黑体", "Times New Roman"),
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
    if matches!(face, Face::Heading) {
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
    row_may_split(cells, min_mm).cant_split()
}

/// A row that may break across pages (a long 附页 text).
fn row_may_split(cells: Vec<TableCell>, min_mm: f32) -> TableRow {
    TableRow::new(cells)
        .row_height(twips(min_mm) as f32)
        .height_rule(HeightRule::AtLeast)
}

fn table(rows: Vec<TableRow>, cols: &[f32]) -> Table {
    let border = |position, size| {
        TableBorder::new(position)
            .size(size)
            .border_type(BorderType::Single)
    };
    let borders = TableBorders::new()
        .set(border(TableBorderPosition::Top, FRAME))
        .set(border(TableBorderPosition::Left, FRAME))
        .set(border(TableBorderPosition::Bottom, FRAME))
        .set(border(TableBorderPosition::Right, FRAME))
        .set(border(TableBorderPosition::InsideH, RULE))
        .set(border(TableBorderPosition::InsideV, RULE));
    Table::new(rows)
        .set_grid(cols.iter().map(|c| twips(*c)).collect())
        .layout(TableLayoutType::Fixed)
        .align(TableAlignmentType::Center)
        .set_borders(borders)
        // 1.6 mm each side and 0.5 mm above and below, as the PDF's cell padding.
        .margins(TableCellMargins::new().margin(twips(0.5), twips(1.6), twips(0.5), twips(1.6)))
        .width(twips(cols.iter().sum()), WidthType::Dxa)
}

const BODY: usize = 24; // 12 pt, 小四

/// The "附件N" line and the title (二号 22 pt, as the PDF's), on a new page when asked.
fn heading(docx: Docx, attachment: &str, title: &str, new_page: bool) -> Docx {
    let exact = |pt: i32| {
        LineSpacing::new()
            .line(pt * 20)
            .line_rule(docx_rs::LineSpacingType::Exact)
    };
    docx.add_paragraph(
        para(attachment, Face::Heading, 32, AlignmentType::Left)
            .line_spacing(exact(20).before(0).after(0))
            .page_break_before(new_page),
    )
    .add_paragraph(
        para(title, Face::Heading, 44, AlignmentType::Center)
            .line_spacing(exact(30).before(0).after(80)),
    )
}

/// The foot of every page: 第 N 页 共 M 页 (Word's PAGE and NUMPAGES fields) in the middle,
/// the 校验码 line at the right.
fn footer(code_line: &str) -> Footer {
    let field = |run: Run, instr: InstrText| {
        run.add_field_char(FieldCharType::Begin, false)
            .add_instr_text(instr)
            .add_field_char(FieldCharType::Separate, false)
            .add_text("1")
            .add_field_char(FieldCharType::End, false)
    };
    let size = |r: Run| r.fonts(Face::Body.fonts()).size(18);
    let width = twips(forms::FORM2_COLUMN_MM.iter().sum());
    let p = Paragraph::new()
        .add_tab(Tab::new().val(TabValueType::Center).pos(width / 2))
        .add_tab(Tab::new().val(TabValueType::Right).pos(width))
        .add_run(size(Run::new()).add_tab().add_text("第 "))
        .add_run(field(size(Run::new()), InstrText::PAGE(InstrPAGE::new())))
        .add_run(size(Run::new()).add_text(" 页 共 "))
        .add_run(field(
            size(Run::new()),
            InstrText::NUMPAGES(InstrNUMPAGES::new()),
        ))
        .add_run(size(Run::new()).add_text(" 页"))
        .add_run(
            Run::new()
                .fonts(Face::Body.fonts())
                .size(13)
                .add_tab()
                .add_text(code_line),
        );
    Footer::new().add_paragraph(p)
}

/// Marks every 附件2 column-header row as a header row (`w:tblHeader`), so that Word, WPS and
/// LibreOffice repeat it should a page's table ever run onto the next page. docx-rs has no
/// builder for it; the rows are those whose cell reads 评分依据 (no rubric sentence is exactly
/// that).
fn repeat_header_row(document: &[u8]) -> Vec<u8> {
    let Ok(xml) = std::str::from_utf8(document) else {
        return document.to_vec();
    };
    let mark = "<w:cantSplit />";
    let cell = format!(">{}</w:t>", forms::FORM2_HEADERS[4]);
    let mut out = String::with_capacity(xml.len() + 256);
    let mut done = 0;
    for (at, _) in xml.match_indices(&cell) {
        let Some(row) = xml[done..at].rfind("<w:tr>").map(|r| done + r) else {
            continue;
        };
        let Some(k) = xml[row..at].find(mark).map(|k| row + k + mark.len()) else {
            continue;
        };
        out.push_str(&xml[done..k]);
        out.push_str("<w:tblHeader />");
        done = k;
    }
    out.push_str(&xml[done..]);
    out.into_bytes()
}

/// Turns off the automatic space Word and LibreOffice put between Chinese and Latin text or
/// digits ("附件 1", "4200 人") in every paragraph of a part (LibreOffice does not take it from
/// the document defaults): the forms are set as the PDF sets them, "附件1", "4200人".
fn no_autospace(part: &[u8]) -> Vec<u8> {
    let Ok(xml) = std::str::from_utf8(part) else {
        return part.to_vec();
    };
    let off = r#"<w:autoSpaceDE w:val="0" /><w:autoSpaceDN w:val="0" />"#;
    xml.replace("<w:pPr>", &format!("<w:pPr>{off}"))
        .replace("<w:pPr />", &format!("<w:pPr>{off}</w:pPr>"))
        .into_bytes()
}

/// The core properties with this program as author and the document's title.
fn core_properties(core: &[u8], title: &str) -> Vec<u8> {
    let escaped = title
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    String::from_utf8_lossy(core)
        .replace(
            "<dc:creator>unknown</dc:creator>",
            &format!("<dc:title>{escaped}</dc:title><dc:creator>劳务品牌申报助手</dc:creator>"),
        )
        .replace(
            "<cp:lastModifiedBy>unknown</cp:lastModifiedBy>",
            "<cp:lastModifiedBy>劳务品牌申报助手</cp:lastModifiedBy>",
        )
        .into_bytes()
}

/// A row's cells whose paragraphs keep with the next row: Word then never leaves the next row
/// (a 推荐意见's （盖章） 年 月 日 line) alone at the top of the following page, whatever the fonts.
fn keep_with_next(cells: Vec<TableCell>) -> Vec<TableCell> {
    cells
        .into_iter()
        .map(|mut c| {
            c.children = c
                .children
                .into_iter()
                .map(|ch| match ch {
                    docx_rs::TableCellContent::Paragraph(p) => {
                        docx_rs::TableCellContent::Paragraph(Box::new(p.keep_next(true)))
                    }
                    other => other,
                })
                .collect();
            c
        })
        .collect()
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
    let mut docx = Docx::new()
        .page_size(A4_W, A4_H)
        .page_margin(
            PageMargin::new()
                .top(twips(MARGIN_TOP_MM) as i32)
                .bottom(twips(MARGIN_BOTTOM_MM) as i32)
                .left(m)
                .right(m)
                .header(twips(8.0) as i32)
                .footer(twips(FOOTER_MM) as i32),
        )
        .default_fonts(Face::Body.fonts())
        .default_size(BODY);
    if matches!(options.forms, Forms::Form1 | Forms::All) {
        let plan = crate::pdf::plan_form1(&draft)?;
        docx = form1::form1(docx, &draft, &plan);
    }
    if matches!(options.forms, Forms::Form2 | Forms::All) {
        let rows = forms::form2_rows(rubric, &draft, &result, options.compact);
        let new_page = options.forms == Forms::All;
        let starts = crate::pdf::form2_page_starts(&draft, rubric, options.compact)?;
        let total = forms::total_text(&result);
        docx = form2::form2(docx, &rows, &total, &draft, new_page, &starts);
    }
    let code_line = if options.fingerprint {
        forms::footer_line(&code)
    } else {
        String::new()
    };
    docx = docx.footer(footer(&code_line));
    let title = format!(
        "连云港市市级劳务品牌推荐表与评分表 — {}",
        draft.display_name()
    );
    // True metadata: when it was made and by what (docx-rs writes 1970 and "unknown").
    let now = chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string();
    docx = docx
        .custom_property("title", title.clone())
        .custom_property("code", code.clone())
        .created_at(&now)
        .updated_at(&now);
    let mut xml = docx.build();
    xml.doc_props.core = core_properties(&xml.doc_props.core, &title);
    xml.document = repeat_header_row(&xml.document);
    xml.document = no_autospace(&xml.document);
    for part in [
        &mut xml.document,
        &mut xml.styles,
        &mut xml.settings,
        &mut xml.numberings,
    ]
    .into_iter()
    .chain(xml.footers.iter_mut())
    {
        *part = schema::in_schema_order(part);
    }
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
