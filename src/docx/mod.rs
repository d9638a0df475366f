//! 附件1 and 附件2 as one editable Word file (.docx, 电子版), from the same rows as the PDF
//! ([`crate::forms`]) and, for 附件1, the PDF's own plan of sizes, heights and 附页
//! ([`form1`]): A4 portrait, real merged cells (类别 and 项目 span their rows vertically, the 总分
//! label spans columns), rows that never split across pages, East-Asian font names (宋体 for
//! text, 黑体 for headings and titles, both on every Windows since XP), the stamp areas left as
//! empty cells, rules of 0.5 pt inside a 1.5 pt frame, the PDF's line-breaking rules as
//! no-break joins, and the 校验码 at the foot of every page with the PDF's page numbers: one
//! section per part (附件1 unnumbered, its 附页, 附件2 numbered from 1).
//!
//! The file is written atomically, like the PDF.

mod form1;
mod form2;
pub mod letter;
mod schema;

use crate::Bilingual;
use docx_rs::{
    AlignmentType, BorderType, BreakType, Docx, FieldCharType, Footer, HeightRule, InstrPAGE,
    InstrText, LineSpacing, PageMargin, PageNumType, PageSize, Paragraph, Run, RunFonts, Section,
    Tab, TabValueType, Table, TableAlignmentType, TableBorder, TableBorderPosition, TableBorders,
    TableCell, TableCellMargins, TableLayoutType, TableRow, VAlignType, WidthType,
};

use crate::draft::Draft;
use crate::forms;
use crate::pdf::{ExportInfo, ExportOptions, PrintPlan};
use crate::rubric::Rubric;

/// Why a Word file could not be made.
#[derive(Debug, thiserror::Error)]
pub enum DocxError {
    /// The document could not be packed (zip).
    #[error("{} / {}", self.zh(), self.en())]
    Pack(String),
    /// 附件1 could not be planned (the bundled fonts it is measured with did not load).
    #[error(transparent)]
    Layout(#[from] crate::pdf::PdfError),
}

impl Bilingual for DocxError {
    fn code(&self) -> &'static str {
        match self {
            Self::Pack(_) => "docx_pack",
            Self::Layout(e) => e.code(),
        }
    }

    fn zh(&self) -> String {
        match self {
            Self::Pack(_0) => format!("无法生成 Word 文件：{_0}"),
            Self::Layout(e) => e.zh(),
        }
    }

    fn en(&self) -> String {
        match self {
            Self::Pack(_0) => format!("cannot build the .docx: {_0}"),
            Self::Layout(e) => e.en(),
        }
    }
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

/// A paragraph of text that may wrap (a typed text, a rubric sentence): [`para`] with the PDF's
/// line-breaking rules carried as no-break joins ([`crate::linebreak::joined`]), so that Word
/// never splits a number from its unit, a short quoted term, or a paragraph's last characters.
fn flowing(text: &str, face: Face, half_points: usize, align: AlignmentType) -> Paragraph {
    para(&crate::linebreak::joined(text), face, half_points, align)
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

/// What a part of the document is written into: the document itself (its last section) or a
/// section of its own (附件1 and its 附页 before 附件2), each with its own footer.
trait Body: Sized {
    fn add_paragraph(self, p: Paragraph) -> Self;
    fn add_table(self, t: Table) -> Self;
}

impl Body for Docx {
    fn add_paragraph(self, p: Paragraph) -> Self {
        Docx::add_paragraph(self, p)
    }
    fn add_table(self, t: Table) -> Self {
        Docx::add_table(self, t)
    }
}

impl Body for Section {
    fn add_paragraph(self, p: Paragraph) -> Self {
        Section::add_paragraph(self, p)
    }
    fn add_table(self, t: Table) -> Self {
        Section::add_table(self, t)
    }
}

/// The "附件N" line and the title (二号 22 pt, as the PDF's); every part starts a section, and
/// so a page, of its own.
fn heading<B: Body>(docx: B, attachment: &str, title: &str) -> B {
    let exact = |pt: i32| {
        LineSpacing::new()
            .line(pt * 20)
            .line_rule(docx_rs::LineSpacingType::Exact)
    };
    docx.add_paragraph(
        para(attachment, Face::Heading, 32, AlignmentType::Left)
            .line_spacing(exact(20).before(0).after(0)),
    )
    .add_paragraph(
        para(title, Face::Heading, 44, AlignmentType::Center)
            .line_spacing(exact(30).before(0).after(80)),
    )
}

/// The foot of a part's pages: the 校验码 line at the right and, where the PDF numbers the
/// part's pages, "〈prefix〉第 N 页 共 M 页" in the middle (Word's PAGE field, restarted by each
/// section; M is the part's page count in the PDF, whose page breaks the Word copy keeps).
fn footer(code_line: &str, numbering: Option<(&str, usize)>) -> Footer {
    let size = |r: Run| r.fonts(Face::Body.fonts()).size(18);
    let width = twips(forms::FORM2_COLUMN_MM.iter().sum());
    let mut p = Paragraph::new()
        .add_tab(Tab::new().val(TabValueType::Center).pos(width / 2))
        .add_tab(Tab::new().val(TabValueType::Right).pos(width))
        .add_run(size(Run::new()).add_tab());
    if let Some((prefix, total)) = numbering {
        p = p
            .add_run(size(Run::new()).add_text(format!("{prefix}第 ")))
            .add_run(
                size(Run::new())
                    .add_field_char(FieldCharType::Begin, false)
                    .add_instr_text(InstrText::PAGE(InstrPAGE::new()))
                    .add_field_char(FieldCharType::Separate, false)
                    .add_text("1")
                    .add_field_char(FieldCharType::End, false),
            )
            .add_run(size(Run::new()).add_text(format!(" 页 共 {total} 页")));
    }
    let p = p.add_run(
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

/// A part of the Word copy, a section of its own, with what it is written from.
enum Part<'a> {
    /// 附件1 as planned.
    Form1(&'a crate::pdf::Form1Plan),
    /// Its 附页, and how many pages the PDF gives it.
    Continuation(&'a crate::pdf::Form1Plan, usize),
    /// 附件2: its rows and the first row of each page after the first (the PDF's breaks).
    Form2(&'a [forms::Form2Row], &'a [usize]),
}

impl Part<'_> {
    /// How the part's pages are numbered, as the PDF numbers them: (prefix, page count).
    fn numbering(&self) -> Option<(&'static str, usize)> {
        match self {
            Part::Form1(_) => None,
            Part::Continuation(_, pages) => Some(("附件1 续页 ", *pages)),
            Part::Form2(_, starts) => Some(("", starts.len() + 1)),
        }
    }

    /// Writes the part into `body`.
    fn write<B: Body>(&self, body: B, draft: &Draft, total: &str) -> B {
        match self {
            Part::Form1(plan) => form1::form1(body, draft, plan),
            Part::Continuation(plan, _) => form1::continuation(body, draft, plan),
            Part::Form2(rows, starts) => form2::form2(body, rows, total, draft, starts),
        }
    }
}

/// Builds the .docx in memory. `options.forms`, `compact`, `fingerprint` and `revision` mean
/// what they mean for the PDF; `pages` in the result is 0 (Word lays out the pages itself).
pub fn render(
    draft: &Draft,
    rubric: &Rubric,
    options: &ExportOptions,
) -> Result<(Vec<u8>, ExportInfo), DocxError> {
    // The PDF's plan: the same cells, 附页 pages and 附件2 page breaks.
    let print = PrintPlan::for_layout(draft, rubric, options)?;
    let (draft, result, code) = (&print.draft, &print.result, &print.code);
    let m = twips(MARGIN_MM) as i32;
    let margins = PageMargin::new()
        .top(twips(MARGIN_TOP_MM) as i32)
        .bottom(twips(MARGIN_BOTTOM_MM) as i32)
        .left(m)
        .right(m)
        .header(twips(8.0) as i32)
        .footer(twips(FOOTER_MM) as i32);
    let mut docx = Docx::new()
        .page_size(A4_W, A4_H)
        .page_margin(margins.clone())
        .default_fonts(Face::Body.fonts())
        .default_size(BODY);
    let code_line = if options.fingerprint {
        forms::footer_line(&code)
    } else {
        String::new()
    };
    // The parts in order, each a section with the PDF's numbering: 附件1 unnumbered, its 附页
    // "附件1 续页 第 i 页 共 n 页", 附件2 "第 N 页 共 M 页" from 1. The last part is the
    // document's own section; the others are sections before it.
    let mut parts = Vec::new();
    if let Some(plan) = &print.form1 {
        parts.push(Part::Form1(plan));
        if !print.continuation.is_empty() {
            parts.push(Part::Continuation(plan, print.continuation.len()));
        }
    }
    if let Some(form2) = &print.form2 {
        parts.push(Part::Form2(&form2.rows, &form2.page_starts));
    }
    let total = forms::total_text(result);
    let last = parts.len().saturating_sub(1);
    for (i, part) in parts.iter().enumerate() {
        let numbering = part.numbering();
        let foot = footer(&code_line, numbering);
        if i == last {
            docx = part.write(docx, &draft, &total).footer(foot);
            if numbering.is_some() {
                docx = docx.page_num_type(PageNumType::new().start(1));
            }
        } else {
            let mut section = Section::new()
                .page_size(PageSize::new().size(A4_W, A4_H))
                .page_margin(margins.clone())
                .footer(foot);
            if numbering.is_some() {
                section = section.page_num_type(PageNumType::new().start(1));
            }
            docx = docx.add_section(part.write(section, &draft, &total));
        }
    }
    let title = format!(
        "连云港市市级劳务品牌推荐表与评分表 — {}",
        draft.display_name()
    );
    // True metadata: when it was made and by what (docx-rs writes 1970 and "unknown").
    let now = chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string();
    docx = docx
        .custom_property("title", title.clone())
        .custom_property("code", code.to_string())
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
        fingerprint: print.fingerprint.clone(),
        code: code.to_string(),
        path: None,
    };
    Ok((bytes, info))
}
