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
use crate::Bilingual;

/// What can go wrong in a use case: each case wraps one layer's error (which carries its own code
/// and both languages, [`Bilingual`]) or is the application's own. Displayed as "中文 / English".
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
    /// A step of the county's desk.
    #[error(transparent)]
    Review(#[from] crate::review::ReviewError),
    /// An evidence file that cannot be attached.
    #[error(transparent)]
    Evidence(#[from] crate::evidence::EvidenceError),
    /// The application bundle could not be made.
    #[error(transparent)]
    Bundle(#[from] crate::bundle::BundleError),
    /// Evidence for an item the draft's rubric does not have.
    #[error("{} / {}", self.zh(), self.en())]
    NoSuchItem(String),
    /// A draft names a rubric edition this build does not have.
    #[error(transparent)]
    Edition(#[from] UnknownEdition),
    /// The operating system gives no data directory for the draft database.
    #[error("{} / {}", self.zh(), self.en())]
    NoDataDir,
    /// Opening a file the user has not exported in this session.
    #[error("{} / {}", self.zh(), self.en())]
    NothingExported,
    /// Saving a summary before any was made.
    #[error("{} / {}", self.zh(), self.en())]
    NothingSummarised,
    /// Moving a draft to the edition it already uses.
    #[error("{} / {}", self.zh(), self.en())]
    AlreadyCurrent(String),
    /// A draft with evidence asked to go out as a plain draft file (`.json`), which cannot hold
    /// the files: refused unless the user asked for the draft alone.
    #[error("{} / {}", self.zh(), self.en())]
    EvidenceLeftOut(usize),
    /// The operating system could not open a file or folder for the user.
    #[error("{} / {}", self.zh(), self.en())]
    CannotOpen(String),
}

impl Bilingual for AppError {
    fn code(&self) -> &'static str {
        AppError::code(self)
    }

    fn zh(&self) -> String {
        match self {
            Self::Store(e) => e.zh(),
            Self::Unavailable(e) => e.zh(),
            Self::Output(e) => e.zh(),
            Self::DraftFile(e) => e.zh(),
            Self::Pdf(e) => e.zh(),
            Self::Docx(e) => e.zh(),
            Self::Batch(e) => e.zh(),
            Self::Review(e) => e.zh(),
            Self::Evidence(e) => e.zh(),
            Self::Bundle(e) => e.zh(),
            Self::NoSuchItem(_0) => format!("评分表中没有“{_0}”这一项"),
            Self::Edition(e) => e.zh(),
            Self::NoDataDir => "找不到存放草稿的数据目录".to_string(),
            Self::NothingExported => "还没有导出文件".to_string(),
            Self::NothingSummarised => "还没有汇总".to_string(),
            Self::AlreadyCurrent(_0) => format!("该草稿已经使用当前的评分标准（{_0}）"),
            Self::EvidenceLeftOut(_0) => format!("该草稿附有 {_0} 个佐证材料文件，.json 草稿文件装不下它们，导出后这些文件将全部丢失。请导出为 .lbdraft（含佐证材料的草稿包）；确实只要草稿本身时，命令行可加 --without-evidence"),
            Self::CannotOpen(_0) => format!("无法打开：{_0}"),
        }
    }

    fn en(&self) -> String {
        match self {
            Self::Store(e) => e.en(),
            Self::Unavailable(e) => e.en(),
            Self::Output(e) => e.en(),
            Self::DraftFile(e) => e.en(),
            Self::Pdf(e) => e.en(),
            Self::Docx(e) => e.en(),
            Self::Batch(e) => e.en(),
            Self::Review(e) => e.en(),
            Self::Evidence(e) => e.en(),
            Self::Bundle(e) => e.en(),
            Self::NoSuchItem(_0) => format!("no item {_0} in the rubric"),
            Self::Edition(e) => e.en(),
            Self::NoDataDir => "no data directory for the draft database".to_string(),
            Self::NothingExported => "nothing has been exported yet".to_string(),
            Self::NothingSummarised => "nothing has been summarised yet".to_string(),
            Self::AlreadyCurrent(_0) => format!("the draft already uses the current rubric edition {_0}"),
            Self::EvidenceLeftOut(_0) => format!("the draft has {_0} evidence files that a .json draft file cannot hold: export it as .lbdraft, or pass --without-evidence for the draft alone"),
            Self::CannotOpen(_0) => format!("cannot open: {_0}"),
        }
    }
}

/// What a use case returns.
pub type AppResult<T> = Result<T, AppError>;

impl AppError {
    /// A stable code for front ends to decide by (the wording may change, the code does not):
    /// the wrapped layer's own code, or this layer's.
    pub fn code(&self) -> &'static str {
        match self {
            AppError::Store(e) => e.code(),
            AppError::Unavailable(e) => e.code(),
            AppError::Output(e) => e.code(),
            AppError::DraftFile(e) => e.code(),
            AppError::Pdf(e) => e.code(),
            AppError::Docx(e) => e.code(),
            AppError::Batch(e) => e.code(),
            AppError::Review(e) => e.code(),
            AppError::Edition(e) => e.code(),
            AppError::Evidence(e) => e.code(),
            AppError::Bundle(e) => e.code(),
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
}

impl Serialize for AppError {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (zh, en) = (self.zh(), self.en());
        let mut st = s.serialize_struct("AppError", 4)?;
        st.serialize_field("code", self.code())?;
        st.serialize_field("message", &format!("{zh} / {en}"))?;
        st.serialize_field("message_zh", &zh)?;
        st.serialize_field("message_en", &en)?;
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
