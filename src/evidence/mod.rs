//! 佐证材料: the files that prove a claim of 附件2 (scans and photos as PDF, JPEG or PNG).
//!
//! [`inspect`] decides, before anything is stored, whether a file can go into the application
//! bundle: its kind by its bytes (never by its name), its size, its pages; a damaged,
//! encrypted or oversized file is refused with a Chinese message naming it. The files live in
//! the draft database ([`crate::store`], content-addressed), the bundle is made by
//! [`crate::bundle`].
//!
//! The limits (docs/evidence.md gives the reasons): 30 MB a file, 300 MB a draft, 60 million
//! pixels an image, 500 pages a PDF.

pub mod jpeg;
pub mod pages;
mod png_info;
pub mod view;

pub use pages::{page_box, PageBox};
pub use png_info::{decode as decode_png, Decoded};

use crate::Bilingual;
use serde::{Deserialize, Serialize};

/// The most bytes one evidence file may have.
pub const MAX_FILE_BYTES: usize = 30 * 1024 * 1024;
/// The most bytes of evidence one draft may hold.
pub const MAX_DRAFT_BYTES: u64 = 300 * 1024 * 1024;
/// The most pixels an image may have (a 600 dpi A4 scan has 35 million; a 50 MP phone photo 50).
pub const MAX_PIXELS: u64 = 60_000_000;
/// The most pages one PDF may have.
pub const MAX_PDF_PAGES: usize = 500;
/// The most bytes one page's drawing may expand to (bounds a decompression bomb).
pub const MAX_PAGE_CONTENT: usize = 64 * 1024 * 1024;

/// What identifies one attached file wherever its draft goes (a container, a copy, a backup):
/// the item it proves, its place in that item's list, its title and its bytes' SHA-256.
/// Ordered by item, then place.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct EvidenceEntry {
    /// The item of 附件2 it proves (`basic.3`).
    pub item_id: String,
    /// Its place in the item's list, from 1.
    pub position: i64,
    /// Its title.
    pub title: String,
    /// SHA-256 of its bytes (hex).
    pub sha256: String,
}

/// The code of an application bundle (申报材料): the forms' state and every evidence file
/// (item, place, title and bytes), so that adding, removing, retitling, moving or replacing a
/// file changes it ("7C1D-02AB"). The forms keep their own 校验码 ([`crate::draft::Draft::version_code`]).
pub fn bundle_code(draft: &crate::draft::Draft, files: &[EvidenceEntry]) -> String {
    use sha2::{Digest, Sha256};
    let mut sorted: Vec<&EvidenceEntry> = files.iter().collect();
    sorted.sort();
    let mut h = Sha256::new();
    h.update(b"labour-brand-bundle-1\n");
    h.update(draft.fingerprint().as_bytes());
    for f in sorted {
        // Lengths first: no two different lists hash the same text.
        for part in [
            f.item_id.as_str(),
            &f.position.to_string(),
            &f.title,
            &f.sha256,
        ] {
            h.update((part.len() as u64).to_le_bytes());
            h.update(part.as_bytes());
        }
    }
    let hex: String = h.finalize()[..4]
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect();
    format!("{}-{}", &hex[..4], &hex[4..])
}

/// The kinds of file an applicant can attach.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EvidenceKind {
    /// A PDF (its pages are taken over as they are).
    Pdf,
    /// A JPEG photo or scan (passed through without re-encoding).
    Jpeg,
    /// A PNG image.
    Png,
}

impl EvidenceKind {
    /// The stored key.
    pub fn key(self) -> &'static str {
        match self {
            EvidenceKind::Pdf => "pdf",
            EvidenceKind::Jpeg => "jpeg",
            EvidenceKind::Png => "png",
        }
    }

    /// The kind of a stored key.
    pub fn from_key(key: &str) -> Option<EvidenceKind> {
        [EvidenceKind::Pdf, EvidenceKind::Jpeg, EvidenceKind::Png]
            .into_iter()
            .find(|k| k.key() == key)
    }
}

/// What [`inspect`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Inspected {
    /// The kind, by the bytes.
    pub kind: EvidenceKind,
    /// The pages it adds to a bundle (1 for an image).
    pub pages: usize,
}

/// Why a file cannot be attached. Every message names the file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EvidenceError {
    /// 0 bytes.
    #[error("{} / {}", self.zh(), self.en())]
    Empty { file: String },
    /// Over [`MAX_FILE_BYTES`].
    #[error("{} / {}", self.zh(), self.en())]
    TooLarge { file: String, mb: u64 },
    /// The draft would hold more than [`MAX_DRAFT_BYTES`].
    #[error("{} / {}", self.zh(), self.en())]
    DraftFull { file: String, mb: u64 },
    /// Not a PDF, JPEG or PNG (by its bytes).
    #[error("{} / {}", self.zh(), self.en())]
    Unsupported { file: String, what: String },
    /// Damaged or truncated.
    #[error("{} / {}", self.zh(), self.en())]
    Damaged { file: String, detail: String },
    /// Protected by a password or permissions.
    #[error("{} / {}", self.zh(), self.en())]
    Encrypted { file: String },
    /// A PDF with fields to fill in: their contents would not print.
    #[error("{} / {}", self.zh(), self.en())]
    HasForm { file: String },
    /// An image over [`MAX_PIXELS`].
    #[error("{} / {}", self.zh(), self.en())]
    TooManyPixels {
        file: String,
        width: u32,
        height: u32,
    },
    /// A PDF over [`MAX_PDF_PAGES`].
    #[error("{} / {}", self.zh(), self.en())]
    TooManyPages { file: String, pages: usize },
    /// The file could not be read from disk.
    #[error("{} / {}", self.zh(), self.en())]
    Unreadable { file: String, detail: String },
}

impl Bilingual for EvidenceError {
    fn code(&self) -> &'static str {
        EvidenceError::code(self)
    }

    fn zh(&self) -> String {
        match self {
            Self::Empty { file } => format!("「{file}」是空文件（0 字节），不能作为佐证材料"),
            Self::TooLarge { file, mb } => format!("「{file}」有 {mb} MB，超过单个佐证文件 30 MB 的上限。请压缩或分成几个文件（扫描件用 200–300 dpi 即可）"),
            Self::DraftFull { file, mb } => format!("加上「{file}」后本草稿的佐证材料共 {mb} MB，超过 300 MB 的上限。请先压缩较大的文件"),
            Self::Unsupported { file, what } => format!("「{file}」不是 PDF、JPG 或 PNG 文件（{what}），不能作为佐证材料。请用扫描仪或手机导出为 PDF 或图片"),
            Self::Damaged { file, detail } => format!("「{file}」已损坏或不完整，无法读取（{detail}）。请重新扫描或导出后再添加"),
            Self::Encrypted { file } => format!("「{file}」已加密（设有密码或权限限制），无法并入申报材料。请用原软件另存为不加密的 PDF 后再添加"),
            Self::HasForm { file } => format!("「{file}」是含可填写表单的 PDF，表单中的内容并入后会丢失。请先用“打印为 PDF”另存一份后再添加"),
            Self::TooManyPixels { file, width, height } => format!("「{file}」的图像尺寸为 {width}×{height} 像素，超过 6000 万像素的上限。请缩小后再添加"),
            Self::TooManyPages { file, pages } => format!("「{file}」有 {pages} 页，超过单个文件 500 页的上限。请只保留证明所需的页面"),
            Self::Unreadable { file, detail } => format!("无法读取「{file}」：{detail}"),
        }
    }

    fn en(&self) -> String {
        match self {
            Self::Empty { file } => format!("{file} is empty"),
            Self::TooLarge { file, .. } => format!("{file} is over 30 MB"),
            Self::DraftFull { .. } => "the draft's evidence would exceed 300 MB".to_string(),
            Self::Unsupported { file, .. } => format!("{file} is not a PDF, JPEG or PNG"),
            Self::Damaged { file, .. } => format!("{file} is damaged"),
            Self::Encrypted { file } => format!("{file} is encrypted"),
            Self::HasForm { file } => format!("{file} has form fields"),
            Self::TooManyPixels { file, .. } => format!("{file} has too many pixels"),
            Self::TooManyPages { file, .. } => format!("{file} has too many pages"),
            Self::Unreadable { file, .. } => format!("cannot read {file}"),
        }
    }
}

impl EvidenceError {
    /// A stable code for front ends to decide by.
    pub fn code(&self) -> &'static str {
        match self {
            EvidenceError::Empty { .. } => "evidence_empty",
            EvidenceError::TooLarge { .. } => "evidence_too_large",
            EvidenceError::DraftFull { .. } => "evidence_draft_full",
            EvidenceError::Unsupported { .. } => "evidence_unsupported",
            EvidenceError::Damaged { .. } => "evidence_damaged",
            EvidenceError::Encrypted { .. } => "evidence_encrypted",
            EvidenceError::HasForm { .. } => "evidence_form",
            EvidenceError::TooManyPixels { .. } => "evidence_pixels",
            EvidenceError::TooManyPages { .. } => "evidence_pages",
            EvidenceError::Unreadable { .. } => "evidence_unreadable",
        }
    }
}

fn mb(bytes: u64) -> u64 {
    bytes.div_ceil(1024 * 1024)
}

/// The bytes of a file sent as base64 text (a drop, an upload), or why they are not readable.
pub fn decode_base64(file: &str, data: &str) -> Result<Vec<u8>, EvidenceError> {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD
        .decode(data.as_bytes())
        .map_err(|e| EvidenceError::Damaged {
            file: file.to_string(),
            detail: format!("传输中损坏：{e}"),
        })
}

/// Reads a file to attach, refusing one over the limit before reading it whole.
pub fn read_file(path: &std::path::Path) -> Result<Vec<u8>, EvidenceError> {
    use std::io::Read;
    let file = crate::text::file_label(path);
    let unreadable = |e: std::io::Error| EvidenceError::Unreadable {
        file: file.clone(),
        detail: e.to_string(),
    };
    let f = std::fs::File::open(path).map_err(unreadable)?;
    let meta = f.metadata().map_err(unreadable)?;
    if !meta.is_file() {
        return Err(EvidenceError::Unsupported {
            file,
            what: "不是普通文件".into(),
        });
    }
    if meta.len() > MAX_FILE_BYTES as u64 {
        return Err(EvidenceError::TooLarge {
            file,
            mb: mb(meta.len()),
        });
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    f.take(MAX_FILE_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    Ok(bytes)
}

/// Checks a file's bytes: kind, size, pages; `file` names it in messages.
pub fn inspect(file: &str, bytes: &[u8]) -> Result<Inspected, EvidenceError> {
    let file = file.to_string();
    if bytes.is_empty() {
        return Err(EvidenceError::Empty { file });
    }
    if bytes.len() > MAX_FILE_BYTES {
        return Err(EvidenceError::TooLarge {
            file,
            mb: mb(bytes.len() as u64),
        });
    }
    let damaged = |detail: &str| EvidenceError::Damaged {
        file: file.clone(),
        detail: detail.to_string(),
    };
    let pixels = |w: u32, h: u32| -> Result<(), EvidenceError> {
        if w == 0 || h == 0 {
            return Err(damaged("图像尺寸为 0"));
        }
        if w as u64 * h as u64 > MAX_PIXELS {
            return Err(EvidenceError::TooManyPixels {
                file: file.clone(),
                width: w,
                height: h,
            });
        }
        Ok(())
    };
    if bytes.starts_with(b"%PDF-")
        || bytes[..bytes.len().min(1024)]
            .windows(5)
            .any(|w| w == b"%PDF-")
    {
        let pages = pdf_pages(&file, bytes)?;
        return Ok(Inspected {
            kind: EvidenceKind::Pdf,
            pages,
        });
    }
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        let info = jpeg::info(bytes).ok_or_else(|| damaged("JPEG 文件头无法读取"))?;
        pixels(info.width, info.height)?;
        if !matches!(info.components, 1 | 3 | 4) {
            return Err(damaged("不支持的颜色通道数"));
        }
        // A truncated photo (a copy that stopped early) has no end marker near its end.
        let tail = &bytes[bytes.len().saturating_sub(4096)..];
        if !tail.windows(2).any(|w| w == [0xFF, 0xD9]) {
            return Err(damaged("JPEG 文件不完整"));
        }
        return Ok(Inspected {
            kind: EvidenceKind::Jpeg,
            pages: 1,
        });
    }
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        let (w, h) = png_info::size(bytes).ok_or_else(|| damaged("PNG 文件头无法读取"))?;
        pixels(w, h)?;
        png_info::decode(bytes).map_err(|e| damaged(&e))?;
        return Ok(Inspected {
            kind: EvidenceKind::Png,
            pages: 1,
        });
    }
    Err(EvidenceError::Unsupported {
        what: describe(bytes).into(),
        file,
    })
}

/// What a file that is none of ours looks like, for the message.
fn describe(bytes: &[u8]) -> &'static str {
    if bytes.starts_with(b"MZ") {
        "是一个程序文件"
    } else if bytes.starts_with(b"PK\x03\x04") {
        "是压缩包或 Office 文档，请另存为 PDF"
    } else if bytes.starts_with(b"\xD0\xCF\x11\xE0") {
        "是旧版 Office 文档，请另存为 PDF"
    } else if bytes.starts_with(b"GIF8")
        || bytes.starts_with(b"BM")
        || bytes.starts_with(b"II*\0")
        || bytes.starts_with(b"MM\0*")
    {
        "是 GIF、BMP 或 TIFF 图片，请另存为 JPG 或 PNG"
    } else {
        "无法识别的文件类型"
    }
}

/// Loads a PDF with bounded decompression, refusing encrypted and form PDFs.
pub fn load_pdf(file: &str, bytes: &[u8]) -> Result<lopdf::Document, EvidenceError> {
    let options = lopdf::LoadOptions {
        max_decompressed_size: Some(MAX_PAGE_CONTENT),
        ..Default::default()
    };
    let doc = match lopdf::Document::load_mem_with_options(bytes, options) {
        Ok(doc) => doc,
        Err(lopdf::Error::Decryption(_)) | Err(lopdf::Error::InvalidPassword) => {
            return Err(EvidenceError::Encrypted { file: file.into() })
        }
        Err(e) => {
            return Err(EvidenceError::Damaged {
                file: file.into(),
                detail: e.to_string().chars().take(120).collect(),
            })
        }
    };
    if doc.was_encrypted() || doc.is_encrypted() {
        return Err(EvidenceError::Encrypted { file: file.into() });
    }
    let has_fields = doc
        .catalog()
        .ok()
        .and_then(|c| c.get(b"AcroForm").ok())
        .and_then(|f| doc.dereference(f).ok())
        .and_then(|(_, f)| f.as_dict().ok())
        .and_then(|f| f.get(b"Fields").ok())
        .and_then(|f| doc.dereference(f).ok())
        .and_then(|(_, f)| f.as_array().ok())
        .is_some_and(|fields| !fields.is_empty());
    if has_fields {
        return Err(EvidenceError::HasForm { file: file.into() });
    }
    Ok(doc)
}

fn pdf_pages(file: &str, bytes: &[u8]) -> Result<usize, EvidenceError> {
    let doc = load_pdf(file, bytes)?;
    let pages = doc.get_pages();
    if pages.is_empty() {
        return Err(EvidenceError::Damaged {
            file: file.into(),
            detail: "没有页面".into(),
        });
    }
    if pages.len() > MAX_PDF_PAGES {
        return Err(EvidenceError::TooManyPages {
            file: file.into(),
            pages: pages.len(),
        });
    }
    // Every page must be drawable: its size known and its content within bounds.
    for (&n, &id) in &pages {
        if page_box(&doc, id).is_none() {
            return Err(EvidenceError::Damaged {
                file: file.into(),
                detail: format!("第 {n} 页没有页面尺寸"),
            });
        }
        doc.get_page_content_with_limit(id, MAX_PAGE_CONTENT)
            .map_err(|e| EvidenceError::Damaged {
                file: file.into(),
                detail: format!(
                    "第 {n} 页：{}",
                    e.to_string().chars().take(80).collect::<String>()
                ),
            })?;
    }
    Ok(pages.len())
}
