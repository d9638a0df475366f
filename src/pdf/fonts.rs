//! The bundled font faces: loaded once, measured with ttf-parser, embedded (subset) by printpdf.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::PdfError;

static BODY_TTF: &[u8] = include_bytes!("../../assets/fonts/NotoSerifSC-Regular-GBK.ttf");
static TITLE_TTF: &[u8] = include_bytes!("../../assets/fonts/NotoSerifSC-Bold-Heading.ttf");
static HEADING_TTF: &[u8] = include_bytes!("../../assets/fonts/NotoSansSC-Bold-Heading.ttf");

/// Which face a text is drawn in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Face {
    /// Noto Serif SC Regular (宋体-style), GBK: everything the applicant typed and the form text.
    Body,
    /// Noto Serif SC Bold: the form titles.
    Title,
    /// Noto Sans SC Bold (黑体-style): "附件1"/"附件2", column headers, 基本条件/分类条件/总分.
    Heading,
}

/// One loaded face.
pub struct LoadedFace {
    face: ttf_parser::Face<'static>,
    units_per_em: f32,
    /// The face as printpdf parsed it, for embedding.
    pub parsed: printpdf::ParsedFont,
}

impl LoadedFace {
    fn load(name: &str, bytes: &'static [u8]) -> Result<LoadedFace, PdfError> {
        let face = ttf_parser::Face::parse(bytes, 0).map_err(|e| PdfError::Font(format!("{name}: {e}")))?;
        let parsed = printpdf::ParsedFont::from_bytes(bytes, 0, &mut Vec::new())
            .ok_or_else(|| PdfError::Font(format!("{name}: printpdf could not parse it")))?;
        Ok(LoadedFace { units_per_em: f32::from(face.units_per_em()), face, parsed })
    }

    /// Whether the face has a glyph for `c`.
    pub fn has(&self, c: char) -> bool {
        self.face.glyph_index(c).is_some()
    }

    /// The advance of `c` at `size` pt, in pt (0 for characters the face lacks; callers check
    /// coverage first).
    pub fn advance(&self, c: char, size: f32) -> f32 {
        self.face
            .glyph_index(c)
            .and_then(|g| self.face.glyph_hor_advance(g))
            .map_or(0.0, |a| f32::from(a) * size / self.units_per_em)
    }

    /// The width of a string at `size` pt, in pt.
    pub fn width(&self, s: &str, size: f32) -> f32 {
        s.chars().map(|c| self.advance(c, size)).sum()
    }
}

/// The three bundled faces.
pub struct FontSet {
    faces: HashMap<Face, LoadedFace>,
}

impl FontSet {
    /// The bundled faces, parsed once per process.
    pub fn bundled() -> Result<&'static FontSet, PdfError> {
        static SET: OnceLock<Result<FontSet, String>> = OnceLock::new();
        SET.get_or_init(|| {
            let load = || -> Result<FontSet, PdfError> {
                let mut faces = HashMap::new();
                faces.insert(Face::Body, LoadedFace::load("NotoSerifSC-Regular-GBK", BODY_TTF)?);
                faces.insert(Face::Title, LoadedFace::load("NotoSerifSC-Bold-Heading", TITLE_TTF)?);
                faces.insert(Face::Heading, LoadedFace::load("NotoSansSC-Bold-Heading", HEADING_TTF)?);
                Ok(FontSet { faces })
            };
            load().map_err(|e| e.to_string())
        })
        .as_ref()
        .map_err(|e| PdfError::Font(e.clone()))
    }

    /// A face.
    pub fn face(&self, f: Face) -> &LoadedFace {
        &self.faces[&f]
    }

    /// The first character of `text` that `face` cannot draw, if any (line breaks excepted).
    pub fn first_missing(&self, face: Face, text: &str) -> Option<char> {
        let f = self.face(face);
        text.chars().find(|c| *c != '\n' && !f.has(*c))
    }
}

/// Prepares typed text for drawing: tabs become spaces, CR LF becomes LF, other invisible
/// control characters are removed.
pub fn clean_text(s: &str) -> String {
    s.replace("\r\n", "\n")
        .chars()
        .map(|c| if c == '\t' || c == '\r' { ' ' } else { c })
        .filter(|c| *c == '\n' || !c.is_control())
        .collect()
}
