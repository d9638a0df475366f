//! The bundled font faces: loaded once, measured with ttf-parser, embedded (subset) by printpdf.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Mutex, OnceLock};

use super::PdfError;

/// The body face's file, compiled in — or, with the feature `font-file`, shipped once in
/// `fonts/` beside the programs (the Windows installer: one copy for the window and the CLI).
pub const BODY_FILE: &str = "NotoSerifSC-Regular-GBK.ttf";
#[cfg(not(feature = "font-file"))]
static BODY_TTF: &[u8] = include_bytes!("../../assets/fonts/NotoSerifSC-Regular-GBK.ttf");

/// The body face's bytes: compiled in.
#[cfg(not(feature = "font-file"))]
fn body_bytes() -> Result<&'static [u8], PdfError> {
    Ok(BODY_TTF)
}

/// The body face's bytes: `fonts/` + [`BODY_FILE`] beside the running program, mapped (not
/// read: only the pages measured and subset come into memory), once per process.
#[cfg(feature = "font-file")]
fn body_bytes() -> Result<&'static [u8], PdfError> {
    let dir = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|d| d.join("fonts")))
        .ok_or_else(|| PdfError::Font("找不到本程序所在的文件夹 / no program folder".into()))?;
    let path = dir.join(BODY_FILE);
    let missing = |e: std::io::Error| PdfError::FontFile {
        path: path.display().to_string(),
        detail: e.to_string(),
    };
    let file = std::fs::File::open(&path).map_err(missing)?;
    // SAFETY: the program's own font, installed beside it and not written while it runs; the
    // map is read-only and lives as long as the process.
    let map = unsafe { mmapio::Mmap::map(&file) }.map_err(missing)?;
    let map: &'static mmapio::Mmap = Box::leak(Box::new(map));
    Ok(&map[..])
}
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

/// One loaded face: measured with ttf-parser straight from its bytes (nothing is copied or
/// decoded up front); embedded as a subset of the glyphs a document uses ([`Self::subset`]).
pub struct LoadedFace {
    name: String,
    face: ttf_parser::Face<'static>,
    units_per_em: f32,
    bytes: &'static [u8],
    index: u32,
}

impl LoadedFace {
    fn load(name: &str, bytes: &'static [u8]) -> Result<LoadedFace, PdfError> {
        LoadedFace::load_index(name, bytes, 0)
    }

    fn load_index(name: &str, bytes: &'static [u8], index: u32) -> Result<LoadedFace, PdfError> {
        let face = ttf_parser::Face::parse(bytes, index)
            .map_err(|e| PdfError::Font(format!("{name}: {e}")))?;
        Ok(LoadedFace {
            name: name.to_string(),
            units_per_em: f32::from(face.units_per_em()),
            face,
            bytes,
            index,
        })
    }

    /// The face cut down to the glyphs of `chars` (and the missing-glyph box), parsed for
    /// printpdf. printpdf 0.12 parses a whole face and keeps a copy of its bytes in every
    /// document; the 10 MB GBK body face cost 60 ms and 35 MiB per export that way. A subset
    /// of a few hundred glyphs is parsed in well under a millisecond; printpdf subsets it again
    /// when it saves (docs/performance.md).
    pub fn subset(
        &self,
        chars: &std::collections::BTreeSet<char>,
    ) -> Result<printpdf::ParsedFont, PdfError> {
        use allsorts::binary::read::ReadScope;
        use allsorts::font_data::FontData;
        use allsorts::subset::{subset, CmapTarget, SubsetProfile};
        let fail = |what: String| PdfError::Font(format!("{}: {what}", self.name));
        let mut glyphs: Vec<u16> = std::iter::once(0)
            .chain(
                chars
                    .iter()
                    .filter_map(|c| self.face.glyph_index(*c))
                    .map(|g| g.0),
            )
            .collect();
        glyphs.sort_unstable();
        glyphs.dedup();
        let data = ReadScope::new(self.bytes)
            .read::<FontData<'_>>()
            .map_err(|e| fail(e.to_string()))?;
        let provider = data
            .table_provider(self.index as usize)
            .map_err(|e| fail(e.to_string()))?;
        let cut = subset(
            &provider,
            &glyphs,
            &SubsetProfile::Minimal,
            CmapTarget::Unicode,
        )
        .map_err(|e| fail(e.to_string()))?;
        printpdf::ParsedFont::from_bytes(&cut, 0, &mut Vec::new())
            .ok_or_else(|| fail("printpdf could not parse the subset".into()))
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
        static SET: OnceLock<Result<FontSet, PdfError>> = OnceLock::new();
        SET.get_or_init(|| {
            let load = || -> Result<FontSet, PdfError> {
                let mut faces = HashMap::new();
                faces.insert(
                    Face::Body,
                    LoadedFace::load("NotoSerifSC-Regular-GBK", body_bytes()?)?,
                );
                faces.insert(
                    Face::Title,
                    LoadedFace::load("NotoSerifSC-Bold-Heading", TITLE_TTF)?,
                );
                faces.insert(
                    Face::Heading,
                    LoadedFace::load("NotoSansSC-Bold-Heading", HEADING_TTF)?,
                );
                Ok(FontSet { faces })
            };
            load()
        })
        .as_ref()
        .map_err(PdfError::clone)
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

/// A body face with, where the draft needs it, a fallback face for the characters it lacks.
#[derive(Clone, Copy)]
pub struct TextFace<'a> {
    primary: &'a LoadedFace,
    fallback: Option<&'a LoadedFace>,
}

impl<'a> TextFace<'a> {
    /// A face without fallback.
    pub fn new(primary: &'a LoadedFace) -> Self {
        TextFace {
            primary,
            fallback: None,
        }
    }

    /// A face with a fallback.
    pub fn with_fallback(primary: &'a LoadedFace, fallback: Option<&'a LoadedFace>) -> Self {
        TextFace { primary, fallback }
    }

    fn uses_fallback(&self, c: char) -> bool {
        !self.primary.has(c) && self.fallback.is_some_and(|f| f.has(c))
    }

    /// The advance of `c` at `size` pt, in pt.
    pub fn advance(&self, c: char, size: f32) -> f32 {
        match self.fallback {
            Some(f) if self.uses_fallback(c) => f.advance(c, size),
            _ => self.primary.advance(c, size),
        }
    }

    /// The width of a string at `size` pt, in pt.
    pub fn width(&self, s: &str, size: f32) -> f32 {
        s.chars().map(|c| self.advance(c, size)).sum()
    }

    /// Splits a line into runs drawn in the primary face (`false`) or the fallback (`true`).
    pub fn runs(&self, s: &str) -> Vec<(bool, String)> {
        let mut runs: Vec<(bool, String)> = Vec::new();
        for c in s.chars() {
            let fb = self.uses_fallback(c);
            match runs.last_mut() {
                Some((f, run)) if *f == fb => run.push(c),
                _ => runs.push((fb, c.to_string())),
            }
        }
        runs
    }
}

/// Where to look for a font with the characters the bundled ones lack (rare characters outside
/// GBK, such as 𠮷). Only used when a draft needs it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Fallback {
    /// The usual system fonts: Noto CJK on Linux, SimSun-ExtB / SimSun on Windows, Songti on macOS.
    #[default]
    System,
    /// Only the bundled fonts.
    Off,
    /// This font file, with the face index for collections (.ttc).
    File(PathBuf, u32),
}

/// System fonts tried by [`Fallback::System`], in order (path, face index: 2 = SC in Noto CJK).
pub const SYSTEM_FALLBACKS: &[(&str, u32)] = &[
    ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", 2),
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/noto-cjk/NotoSerifCJK-Regular.ttc", 2),
    ("C:\\Windows\\Fonts\\simsunb.ttf", 0),
    ("C:\\Windows\\Fonts\\simsun.ttc", 0),
    ("/System/Library/Fonts/Supplemental/Songti.ttc", 0),
];

impl Fallback {
    fn candidates(&self) -> Vec<(PathBuf, u32)> {
        match self {
            Fallback::System => SYSTEM_FALLBACKS
                .iter()
                .map(|(p, i)| (PathBuf::from(p), *i))
                .collect(),
            Fallback::Off => Vec::new(),
            Fallback::File(p, i) => vec![(p.clone(), *i)],
        }
    }

    /// The first candidate font that has every one of `chars`; `None` when no font has them all.
    pub fn find(&self, chars: &[char]) -> Option<&'static LoadedFace> {
        self.candidates()
            .into_iter()
            .filter_map(|(path, index)| load_fallback(path, index))
            .find(|f| chars.iter().all(|c| f.has(*c)))
    }
}

/// Loads a fallback font once per process (it stays loaded: such fonts are large).
fn load_fallback(path: PathBuf, index: u32) -> Option<&'static LoadedFace> {
    type Cache = Mutex<HashMap<(PathBuf, u32), Option<&'static LoadedFace>>>;
    static CACHE: OnceLock<Cache> = OnceLock::new();
    let mut cache = CACHE.get_or_init(Default::default).lock().ok()?;
    if let Some(hit) = cache.get(&(path.clone(), index)) {
        return *hit;
    }
    let loaded = std::fs::read(&path).ok().and_then(|bytes| {
        let bytes: &'static [u8] = Box::leak(bytes.into_boxed_slice());
        LoadedFace::load_index(&path.display().to_string(), bytes, index)
            .ok()
            .map(|f| &*Box::leak(Box::new(f)))
    });
    cache.insert((path, index), loaded);
    loaded
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
