//! A letter of our own as a Word file: a title and paragraphs, A4 portrait, in the fonts of the
//! forms (the county's 补正告知单, which the clerk may edit before sending).

use docx_rs::{AlignmentType, Docx, LineSpacing, PageMargin};

use super::{flowing, para, schema, twips, DocxError, Face, A4_H, A4_W};

/// One paragraph of a letter.
#[derive(Debug, Clone)]
pub enum Line {
    /// The title, centred, in 黑体.
    Title(String),
    /// A paragraph in 宋体 四号 (14 pt), left.
    Para(String),
    /// A paragraph set right (the signature, the date).
    Right(String),
    /// An empty line.
    Blank,
}

/// The letter as `.docx` bytes.
pub fn render(title: &str, lines: &[Line]) -> Result<Vec<u8>, DocxError> {
    let m = twips(25.0) as i32;
    let margins = PageMargin::new().top(m).bottom(m).left(m).right(m);
    let mut docx = Docx::new()
        .page_size(A4_W, A4_H)
        .page_margin(margins)
        .default_fonts(Face::Body.fonts())
        .default_size(28);
    for l in lines {
        let p = match l {
            Line::Title(t) => para(t, Face::Heading, 36, AlignmentType::Center),
            Line::Para(t) => flowing(t, Face::Body, 28, AlignmentType::Left),
            Line::Right(t) => para(t, Face::Body, 28, AlignmentType::Right),
            Line::Blank => para("", Face::Body, 28, AlignmentType::Left),
        };
        docx = docx.add_paragraph(p.line_spacing(LineSpacing::new().before(0).after(120)));
    }
    let mut xml = docx.build();
    xml.doc_props.core = super::core_properties(&xml.doc_props.core, title);
    for part in [
        &mut xml.document,
        &mut xml.styles,
        &mut xml.settings,
        &mut xml.numberings,
    ] {
        *part = schema::in_schema_order(part);
    }
    let mut bytes = std::io::Cursor::new(Vec::new());
    xml.pack(&mut bytes)
        .map_err(|e| DocxError::Pack(e.to_string()))?;
    Ok(bytes.into_inner())
}
