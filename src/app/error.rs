//! The one error type of the application layer: every failure a front end can meet, each with a
//! stable [`AppError::code`] to decide by and its message in Chinese and in English.
//!
//! Front ends never decide by the wording. The window and the local page receive the error
//! serialised as `{code, message, message_zh, message_en}`; the CLI prints `message`.

use std::sync::Arc;

use serde::ser::SerializeStruct;
use serde::Serialize;

use crate::batch::BatchError;
use crate::docx::DocxError;
use crate::draftfile::DraftFileError;
use crate::output::OutputError;
use crate::pdf::PdfError;
use crate::rubric::UnknownEdition;
use crate::store::StoreError;

/// What can go wrong in a use case. Messages are Chinese, then " / " and English.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The draft database (see [`StoreError::code`] for the cases).
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The draft database could not be opened when the program started; the start page says
    /// why and offers a remedy only for damage ([`AppError::is_damage`]).
    #[error(transparent)]
    Unavailable(Arc<StoreError>),
    /// An output file that may not be written, or a failed write.
    #[error(transparent)]
    Output(#[from] OutputError),
    /// A draft file that cannot be read.
    #[error(transparent)]
    DraftFile(#[from] DraftFileError),
    /// The PDF could not be made.
    #[error(transparent)]
    Pdf(#[from] PdfError),
    /// The Word copy could not be made.
    #[error(transparent)]
    Docx(#[from] DocxError),
    /// The summary workbook could not be made.
    #[error(transparent)]
    Batch(#[from] BatchError),
    /// An evidence file that cannot be attached.
    #[error(transparent)]
    Evidence(#[from] crate::evidence::EvidenceError),
    /// The application bundle could not be made.
    #[error(transparent)]
    Bundle(#[from] crate::bundle::BundleError),
    /// Evidence for an item the draft's rubric does not have.
    #[error("评分表中没有“{0}”这一项 / no item {0} in the rubric")]
    NoSuchItem(String),
    /// A draft names a rubric edition this build does not have.
    #[error(transparent)]
    Edition(#[from] UnknownEdition),
    /// The operating system gives no data directory for the draft database.
    #[error("找不到存放草稿的数据目录 / no data directory for the draft database")]
    NoDataDir,
    /// Opening a file the user has not exported in this session.
    #[error("还没有导出文件 / nothing has been exported yet")]
    NothingExported,
    /// Saving a summary before any was made.
    #[error("还没有汇总 / nothing has been summarised yet")]
    NothingSummarised,
    /// Moving a draft to the edition it already uses.
    #[error("该草稿已经使用当前的评分标准（{0}） / the draft already uses the current rubric edition {0}")]
    AlreadyCurrent(String),
    /// A draft with evidence asked to go out as a plain draft file (`.json`), which cannot hold
    /// the files: refused unless the user asked for the draft alone.
    #[error("该草稿附有 {0} 个佐证材料文件，.json 草稿文件装不下它们，导出后这些文件将全部丢失。请导出为 .lbdraft（含佐证材料的草稿包）；确实只要草稿本身时，命令行可加 --without-evidence / the draft has {0} evidence files that a .json draft file cannot hold: export it as .lbdraft, or pass --without-evidence for the draft alone")]
    EvidenceLeftOut(usize),
    /// The operating system could not open a file or folder for the user.
    #[error("无法打开：{0} / cannot open: {0}")]
    CannotOpen(String),
}

/// What a use case returns.
pub type AppResult<T> = Result<T, AppError>;

impl AppError {
    /// A stable code for front ends to decide by (the wording may change, the code does not).
    pub fn code(&self) -> &'static str {
        match self {
            AppError::Store(e) => e.code(),
            AppError::Unavailable(e) => e.code(),
            AppError::Output(e) => e.code(),
            AppError::DraftFile(_) => "draft_file_invalid",
            AppError::Pdf(PdfError::Write(e)) | AppError::Docx(DocxError::Write(e)) => e.code(),
            AppError::Pdf(PdfError::MissingChar { .. }) => "pdf_missing_char",
            AppError::Pdf(_) | AppError::Docx(DocxError::Layout(_)) => "pdf_font",
            AppError::Docx(_) => "docx_pack",
            AppError::Batch(_) => "xlsx_build",
            AppError::Edition(_) => "unknown_edition",
            AppError::Evidence(e) => e.code(),
            AppError::Bundle(crate::bundle::BundleError::Evidence(e)) => e.code(),
            AppError::Bundle(crate::bundle::BundleError::Pdf(PdfError::MissingChar { .. })) => {
                "pdf_missing_char"
            }
            AppError::Bundle(_) => "bundle_build",
            AppError::NoSuchItem(_) => "no_such_item",
            AppError::NoDataDir => "no_data_dir",
            AppError::NothingExported => "nothing_exported",
            AppError::NothingSummarised => "nothing_summarised",
            AppError::AlreadyCurrent(_) => "edition_current",
            AppError::CannotOpen(_) => "cannot_open",
            AppError::EvidenceLeftOut(_) => "evidence_left_out",
        }
    }

    /// Whether the draft database itself is unusable (damaged, foreign, newer): the only case
    /// in which setting it aside for a fresh one is offered.
    pub fn is_damage(&self) -> bool {
        match self {
            AppError::Store(e) => e.is_damage(),
            AppError::Unavailable(e) => e.is_damage(),
            _ => false,
        }
    }

    /// The Chinese message.
    pub fn message_zh(&self) -> String {
        split(&self.to_string()).0.to_string()
    }

    /// The English message.
    pub fn message_en(&self) -> String {
        split(&self.to_string()).1.to_string()
    }
}

/// Splits "中文 / English" at its last separator (a nested cause keeps its own languages in
/// the Chinese half); a text without one is both.
fn split(message: &str) -> (&str, &str) {
    match message.rfind(" / ") {
        Some(i) if i > 0 => (&message[..i], &message[i + 3..]),
        _ => (message, message),
    }
}

impl Serialize for AppError {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let message = self.to_string();
        let (zh, en) = split(&message);
        let mut st = s.serialize_struct("AppError", 4)?;
        st.serialize_field("code", self.code())?;
        st.serialize_field("message", &message)?;
        st.serialize_field("message_zh", zh)?;
        st.serialize_field("message_en", en)?;
        st.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_reaches_a_page_with_its_code_and_both_languages() {
        let e = AppError::from(StoreError::Busy);
        let json = serde_json::to_value(&e).unwrap();
        assert_eq!(json["code"], "store_busy");
        let zh = json["message_zh"].as_str().unwrap();
        let en = json["message_en"].as_str().unwrap();
        assert!(zh.contains("草稿数据库") && !zh.contains(" / "), "{zh}");
        assert!(en.is_ascii() && !en.is_empty(), "{en}");
        assert_eq!(json["message"], format!("{zh} / {en}"));
    }

    #[test]
    fn only_a_damaged_database_offers_to_be_set_aside() {
        let corrupt = StoreError::Corrupt {
            path: "d".into(),
            detail: "x".into(),
        };
        assert!(AppError::Unavailable(Arc::new(corrupt)).is_damage());
        let full = StoreError::DiskFull {
            folder: "d".into(),
            free: None,
            need_mb: 1,
        };
        assert!(!AppError::Store(full).is_damage());
        assert!(!AppError::NothingExported.is_damage());
    }
}
