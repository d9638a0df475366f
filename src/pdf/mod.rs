//! Print-ready A4 PDF of 附件1 and 附件2, faithful to the official layout.
//!
//! The bundled fonts are subset and embedded; every character is checked against them before
//! anything is drawn, so nothing is ever dropped or drawn as an empty box. The file is written
//! atomically (temporary file, then rename).

mod canvas;
pub mod flow;
pub mod fonts;
pub(crate) mod form1;
mod form2;
pub mod layout;
mod notes;
mod plan;

use crate::Bilingual;
use std::path::PathBuf;

use printpdf::{FontId, PdfDocument, PdfSaveOptions};
use serde::{Deserialize, Serialize};

use crate::draft::Draft;
use crate::fields::FormField;
use crate::rubric::{score_with, Rubric, ScoreResult};
pub(crate) use canvas::{Align, Canvas, DocFonts, FOOTER_Y, PAGE_W, PT_PER_MM};

pub(crate) use fonts::{clean_text, Face};
use fonts::{Fallback, FontSet, LoadedFace};

pub use crate::forms::{FORM1_LABELS, FORM2_HEADERS, SUMMARY_HINT};
pub use canvas::{PageModel, PlacedRect, PlacedText};
pub use form1::ContinuationRow;
pub use form1::{Cell, CellPlan, Form1Plan, BODY_MIN, CONTINUED_MARK, STAMP_ZONE};
pub use notes::{print_findings, print_notes, PrintNote, PrintNoteKind};
pub use plan::{Form2Plan, PrintPlan};

/// Why a PDF could not be made. Messages are Chinese, then English.
#[derive(Debug, Clone, thiserror::Error)]
pub enum PdfError {
    /// A character no bundled font has.
    #[error("{} / {}", self.zh(), self.en())]
    MissingChar {
        /// The character.
        ch: char,
        /// Its code point.
        code: u32,
        /// The field (Chinese label) it was typed in.
        field: String,
    },
    /// The bundled fonts could not be loaded.
    #[error("{} / {}", self.zh(), self.en())]
    Font(String),
    /// The body font shipped beside the program (feature `font-file`) cannot be read.
    #[error("{} / {}", self.zh(), self.en())]
    FontFile {
        /// Where it was looked for.
        path: String,
        /// Why it cannot be read.
        detail: String,
    },
}

impl Bilingual for PdfError {
    fn code(&self) -> &'static str {
        match self {
            Self::MissingChar { .. } => "pdf_missing_char",
            Self::Font(_) | Self::FontFile { .. } => "pdf_font",
        }
    }

    fn zh(&self) -> String {
        match self {
            Self::MissingChar { ch, code, field } => format!("「{field}」中的字符“{ch}”（U+{code:04X}）无法打印：内置字体中没有这个字，请换用常用写法，或打印后手写补上"),
            Self::Font(_0) => format!("内置字体无法加载：{_0}"),
            Self::FontFile { path, detail } => format!(
                "找不到或无法读取字体文件 {path}（{detail}）。它随本软件安装在程序旁的 fonts 文件夹中，请重新安装本软件"
            ),
        }
    }

    fn en(&self) -> String {
        match self {
            Self::MissingChar { code, field, .. } => {
                format!("character U+{code:04X} in {field} is not in the bundled fonts")
            }
            Self::Font(_0) => format!("bundled font failed to load: {_0}"),
            Self::FontFile { path, detail } => {
                format!("the font file {path} cannot be read ({detail}); reinstall the program")
            }
        }
    }
}

/// Which forms to export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Forms {
    /// 附件1 only.
    Form1,
    /// 附件2 only.
    Form2,
    /// Both (default).
    #[default]
    All,
}

/// Export options.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ExportOptions {
    /// Which forms.
    pub forms: Forms,
    /// 附件2 with only the 基本条件 and the chosen category (default: the full official table).
    pub compact: bool,
    /// Print the version code (校验码) in a small footer line on every page.
    pub fingerprint: bool,
    /// Where to find characters the bundled fonts lack (default: the system's CJK fonts).
    #[serde(skip)]
    pub fallback: Fallback,
}

impl Default for ExportOptions {
    fn default() -> Self {
        ExportOptions {
            forms: Forms::All,
            compact: false,
            fingerprint: true,
            fallback: Fallback::System,
        }
    }
}

/// What an export produced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExportInfo {
    /// Number of pages.
    pub pages: usize,
    /// Size in bytes.
    pub bytes: usize,
    /// The draft fingerprint (full).
    pub fingerprint: String,
    /// The version code printed (if enabled), as [`Draft::version_code`].
    pub code: String,
    /// Where it was written (for file exports).
    pub path: Option<PathBuf>,
}

/// The draft's typed texts printed on the forms, with their Chinese field labels, cleaned for
/// drawing (a field printed on the bundle's cover only is the bundle's to check).
fn typed_fields(draft: &Draft) -> Vec<(&'static str, String)> {
    FormField::texts()
        .filter(|f| f.printed() != crate::fields::Printed::Cover)
        .filter_map(|f| Some((f.label(), clean_text(f.text(draft)?))))
        .collect()
}

/// Checks that every character of the draft and of the rubric wording can be drawn: the fixed
/// texts with the bundled fonts, the typed texts with the bundled body font or, for the rare
/// characters it lacks, a fallback font. Returns the fallback face when one is needed.
pub fn check_coverage(
    draft: &Draft,
    rubric: &Rubric,
    fallback: &Fallback,
) -> Result<Option<&'static LoadedFace>, PdfError> {
    let set = FontSet::bundled()?;
    let fixed = |face: Face, text: &str, field: &str| -> Result<(), PdfError> {
        match set.first_missing(face, text) {
            Some(ch) => Err(missing_char(ch, field)),
            None => Ok(()),
        }
    };
    for item in &rubric.items {
        for text in [
            &item.project,
            &item.standard,
            &item.basis,
            &item.points_text,
        ] {
            fixed(Face::Body, text, &format!("评分表 {}", item.id))?;
        }
    }
    for t in &rubric.types {
        fixed(Face::Body, &t.heading, "评分表")?;
    }
    for text in ["附件1", "附件2", "总分", "基本条件", "分类条件"]
        .iter()
        .chain(FORM2_HEADERS.iter())
    {
        fixed(Face::Heading, text, "标题")?;
    }
    fixed(Face::Heading, "附件1（续）", "标题")?;
    for text in [
        crate::forms::FORM1_TITLE,
        crate::forms::FORM2_TITLE,
        // Every title a 附页 can have: the labels it continues, joined.
        "基本情况（续）",
    ] {
        fixed(Face::Title, text, "标题")?;
    }
    typed_fallback(draft, fallback)
}

fn missing_char(ch: char, field: &str) -> PdfError {
    PdfError::MissingChar {
        ch,
        code: ch as u32,
        field: field.to_string(),
    }
}

/// The fallback face the draft's typed texts need for the characters the bundled body font
/// lacks (`None` when it has them all), or the first character no face has.
fn typed_fallback(
    draft: &Draft,
    fallback: &Fallback,
) -> Result<Option<&'static LoadedFace>, PdfError> {
    let typed: Vec<(String, String)> = typed_fields(draft)
        .into_iter()
        .map(|(f, t)| (f.to_string(), t))
        .collect();
    texts_fallback(&typed, fallback)
}

/// The fallback face texts (field, text) need beside the bundled body font, or the first
/// character no face has.
pub(crate) fn texts_fallback(
    texts: &[(String, String)],
    fallback: &Fallback,
) -> Result<Option<&'static LoadedFace>, PdfError> {
    let set = FontSet::bundled()?;
    let body = set.face(Face::Body);
    let mut missing: Vec<(char, &str)> = Vec::new();
    for (field, text) in texts {
        for ch in text.chars().filter(|c| *c != '\n' && !body.has(*c)) {
            if !missing.iter().any(|(m, _)| *m == ch) {
                missing.push((ch, field));
            }
        }
    }
    if missing.is_empty() {
        return Ok(None);
    }
    let chars: Vec<char> = missing.iter().map(|(c, _)| *c).collect();
    if let Some(face) = fallback.find(&chars) {
        return Ok(Some(face));
    }
    let (ch, field) = missing
        .iter()
        .find(|(c, _)| fallback.find(&[*c]).is_none())
        .unwrap_or(&missing[0]);
    Err(missing_char(*ch, field))
}

/// The draft with its typed texts prepared for printing ([`fonts::clean_text`]).
pub(crate) fn cleaned(draft: &Draft) -> Draft {
    let mut d = draft.clone();
    for field in FormField::texts() {
        if let Some(s) = field.text_mut(&mut d) {
            *s = clean_text(s);
        }
    }
    d
}

/// printpdf always writes `/GTS_PDFXVersion` into the document information, empty when the
/// file claims no PDF/X conformance, and readers then report the file as "PDF/X". The entry is
/// overwritten with spaces of the same length (a dictionary may hold any whitespace), so that
/// every byte offset in the cross-reference table stays right.
fn blank_pdfx_claim(bytes: &mut [u8]) {
    const KEY: &[u8] = b"/GTS_PDFXVersion";
    let mut from = 0;
    while let Some(at) = bytes[from..].windows(KEY.len()).position(|w| w == KEY) {
        let start = from + at;
        let mut end = start + KEY.len();
        while end < bytes.len() && bytes[end].is_ascii_whitespace() {
            end += 1;
        }
        // Only a literal string value without nesting or escapes: `()` or `(PDF/X-…)`.
        if bytes.get(end) != Some(&b'(') {
            from = start + KEY.len();
            continue;
        }
        let Some(close) = bytes[end..].iter().position(|&b| b == b')') else {
            return;
        };
        let value = &bytes[end + 1..end + close];
        if value.iter().any(|&b| matches!(b, b'(' | b'\\')) {
            from = end;
            continue;
        }
        let stop = end + close + 1;
        bytes[start..stop].fill(b' ');
        from = stop;
    }
}

fn footer(c: &mut Canvas, code: &str) {
    footer_text(c, &crate::forms::footer_line(code));
}

fn footer_text(c: &mut Canvas, text: &str) {
    c.text_in(
        Face::Body,
        6.5,
        canvas::LEFT,
        canvas::CONTENT_W,
        canvas::FOOTER_Y,
        text,
        Align::Right,
    );
}

/// The squares kept empty for the round stamps in the two 推荐意见 cells of `draft`'s 附件1
/// (printed with `rubric`, its edition's), as (x, y, side) in mm from the top-left corner.
pub fn stamp_zones(draft: &Draft, rubric: &Rubric) -> Result<[(f32, f32, f32); 2], PdfError> {
    let options = ExportOptions {
        forms: Forms::Form1,
        ..ExportOptions::default()
    };
    let plan = PrintPlan::for_layout(draft, rubric, &options)?;
    Ok(form1::stamp_zones(
        plan.form1.as_ref().expect("附件1 is planned"),
    ))
}

/// Every page drawn from `plan`, with its model (text lines and rules): what [`render`] writes.
fn draw_pages<'a>(
    fonts: &'a DocFonts<'a>,
    plan: &PrintPlan,
    rubric: &Rubric,
    fingerprint: bool,
) -> Vec<Canvas<'a>> {
    let mut canvases = Vec::new();
    let draft = &plan.draft;
    if let Some(form1) = &plan.form1 {
        let mut c = Canvas::new(fonts);
        form1::draw(&mut c, draft, form1);
        canvases.push(c);
        canvases.extend(form1::draw_continuation(
            || Canvas::new(fonts),
            draft,
            form1,
            &plan.continuation,
        ));
    }
    if let Some(form2) = &plan.form2 {
        canvases.extend(form2::draw(
            || Canvas::new(fonts),
            rubric,
            draft,
            &plan.result,
            plan.compact,
            &form2.page_starts,
        ));
    }
    if fingerprint {
        for c in &mut canvases {
            footer(c, &plan.code);
        }
    }
    canvases
}

/// The layout model of every page an export of `draft` draws: each text line with its size and
/// box, and each ruled rectangle, in mm from the page's top-left corner (for print checks).
pub fn page_models(
    draft: &Draft,
    rubric: &Rubric,
    options: &ExportOptions,
) -> Result<Vec<PageModel>, PdfError> {
    let plan = PrintPlan::new(draft, rubric, options)?;
    let fonts = doc_fonts(plan.fallback)?;
    Ok(draw_pages(&fonts, &plan, rubric, options.fingerprint)
        .into_iter()
        .map(|c| c.finish().1)
        .collect())
}

/// The document ids of the bundled faces (and of the fallback, if the draft needs one). The
/// faces themselves are embedded once the pages are drawn ([`embed_fonts`]), each cut to the
/// characters the pages set in it.
fn doc_fonts(fallback: Option<&'static LoadedFace>) -> Result<DocFonts<'static>, PdfError> {
    let set = FontSet::bundled()?;
    let ids = [FontId::new(), FontId::new(), FontId::new()];
    let fallback = fallback.map(|f| (f, FontId::new()));
    Ok(DocFonts { set, ids, fallback })
}

/// Embeds in `doc` each face the `pages` use, as a subset of the characters set in it.
fn embed_fonts(
    doc: &mut PdfDocument,
    fonts: &DocFonts<'_>,
    pages: &[printpdf::PdfPage],
) -> Result<(), PdfError> {
    use printpdf::{Op, PdfFontHandle, TextItem};
    use std::collections::{BTreeMap, BTreeSet};
    let mut used: BTreeMap<&FontId, BTreeSet<char>> = BTreeMap::new();
    for page in pages {
        let mut current: Option<&FontId> = None;
        for op in &page.ops {
            match op {
                Op::SetFont {
                    font: PdfFontHandle::External(id),
                    ..
                } => current = Some(id),
                Op::ShowText { items } => {
                    let Some(id) = current else { continue };
                    let chars = used.entry(id).or_default();
                    for item in items {
                        if let TextItem::Text(t) = item {
                            chars.extend(t.chars());
                        }
                    }
                }
                _ => {}
            }
        }
    }
    let faces = [Face::Body, Face::Title, Face::Heading]
        .into_iter()
        .zip(&fonts.ids)
        .map(|(f, id)| (id, fonts.set.face(f)))
        .chain(fonts.fallback.as_ref().map(|(f, id)| (id, *f)));
    for (id, face) in faces {
        if let Some(chars) = used.get(id) {
            let parsed = face.subset(chars)?;
            doc.resources
                .fonts
                .map
                .insert(id.clone(), printpdf::PdfFont::new(parsed));
        }
    }
    Ok(())
}

/// Saves pages of our own drawn by `draw` with the bundled fonts (and `fallback` for the typed
/// texts that need one, see [`texts_fallback`]) as a PDF with subset fonts.
pub(crate) fn render_pages(
    title: &str,
    fallback: Option<&'static LoadedFace>,
    draw: impl for<'f> FnOnce(&'f DocFonts<'static>) -> Vec<Canvas<'f>>,
) -> Result<Vec<u8>, PdfError> {
    let mut doc = PdfDocument::new(title);
    let fonts = doc_fonts(fallback)?;
    let pages: Vec<_> = draw(&fonts).into_iter().map(|c| c.finish().0).collect();
    embed_fonts(&mut doc, &fonts, &pages)?;
    let opts = PdfSaveOptions {
        subset_fonts: true,
        ..PdfSaveOptions::default()
    };
    let mut bytes = doc.with_pages(pages).save(&opts, &mut Vec::new());
    blank_pdfx_claim(&mut bytes);
    Ok(bytes)
}

/// Several drafts' forms in one PDF (the county's copy of every application it recommends):
/// each draft printed by its own rubric as [`render`] prints it, each page footed with its own
/// line (the applicant's 校验码 beside the county's code) instead of the draft's code. Returns
/// the bytes and the number of pages.
pub fn render_many(
    title: &str,
    drafts: &[(Draft, &Rubric, String)],
    options: &ExportOptions,
) -> Result<(Vec<u8>, usize), PdfError> {
    let plans = drafts
        .iter()
        .map(|(d, r, line)| Ok((PrintPlan::new(d, r, options)?, *r, line)))
        .collect::<Result<Vec<_>, PdfError>>()?;
    let fallback = plans.iter().find_map(|(p, ..)| p.fallback);
    let mut count = 0;
    let bytes = render_pages(title, fallback, |fonts| {
        let mut all = Vec::new();
        for (plan, rubric, line) in &plans {
            let mut pages = draw_pages(fonts, plan, rubric, false);
            for c in &mut pages {
                footer_text(c, line);
            }
            all.extend(pages);
        }
        count = all.len();
        all
    })?;
    Ok((bytes, count))
}

/// Renders the PDF in memory. The draft is scored with `rubric` for the 自评分 column.
pub fn render(
    draft: &Draft,
    rubric: &Rubric,
    options: &ExportOptions,
) -> Result<(Vec<u8>, ExportInfo), PdfError> {
    // The code is of the draft as typed, the same one the window shows beside the export.
    let plan = PrintPlan::new(draft, rubric, options)?;
    let draft = &plan.draft;
    let title = format!(
        "连云港市市级劳务品牌推荐表与评分表 — {}",
        draft.display_name()
    );
    let mut doc = PdfDocument::new(&title);
    let fonts = doc_fonts(plan.fallback)?;
    let pages: Vec<_> = draw_pages(&fonts, &plan, rubric, options.fingerprint)
        .into_iter()
        .map(|c| c.finish().0)
        .collect();
    embed_fonts(&mut doc, &fonts, &pages)?;
    let page_count = pages.len();
    let now = printpdf::DateTime::from_unix_timestamp(chrono::Utc::now().timestamp())
        .map_err(|e| PdfError::Font(e.to_string()))?;
    let info = &mut doc.metadata.info;
    info.creation_date = now;
    info.modification_date = now;
    info.metadata_date = now;
    info.document_title = title;
    info.producer = format!(
        "劳务品牌申报助手 {} (printpdf 0.12.8)",
        env!("CARGO_PKG_VERSION")
    );
    info.creator = "劳务品牌申报助手".into();
    info.subject = rubric.edition.clone();
    info.author = draft.form1.unit.trim().to_string();
    let opts = PdfSaveOptions {
        subset_fonts: true,
        ..PdfSaveOptions::default()
    };
    let mut bytes = doc.with_pages(pages).save(&opts, &mut Vec::new());
    blank_pdfx_claim(&mut bytes);
    let info = ExportInfo {
        pages: page_count,
        bytes: bytes.len(),
        fingerprint: plan.fingerprint.clone(),
        code: plan.code.clone(),
        path: None,
    };
    Ok((bytes, info))
}
