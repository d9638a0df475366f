//! Why a step of the county's desk could not be done, in Chinese and English.

use crate::Bilingual;

/// A refused or failed step of the county's desk.
#[derive(Debug, thiserror::Error)]
#[error("{} / {}", self.zh(), self.en())]
pub enum ReviewError {
    /// The review database could not be opened, read or written.
    Database {
        /// The database file.
        path: String,
        /// SQLite's words.
        detail: String,
    },
    /// A file could not be read or written.
    Io {
        /// The file.
        path: String,
        /// The system's words.
        detail: String,
    },
    /// No received version has this SHA-256.
    UnknownVersion(String),
    /// No application has this number.
    UnknownApplication(i64),
    /// The item is not one the version's rubric scores for its type.
    UnknownItem(String),
    /// The fact is not one of the version's rubric.
    UnknownFact(String),
    /// The version has no evidence file with this SHA-256.
    UnknownEvidence(String),
    /// A corrected fact that the rubric cannot read (its message names the field).
    BadCorrection(String),
    /// A verdict other than 认定 / a correction / an acknowledgement without its reason.
    ReasonRequired(&'static str),
    /// A setting that does not read (its message names it).
    BadSetting(String),
    /// An output file whose name does not say a format the output has.
    WrongExtension {
        /// The file.
        path: String,
        /// The extensions it may have (".pdf 或 .xlsx").
        allowed: &'static str,
    },
    /// A verdict or decision this desk does not know.
    UnknownChoice(String),
    /// The reviewer's name has not been given (it is asked once, and logged with every step).
    NoReviewer,
    /// An application cannot be recommended yet: what stands in the way.
    NotReady {
        /// 劳务品牌名称.
        brand: String,
        /// Each thing still to settle.
        why: Vec<String>,
    },
    /// A received file as a draft (its own message).
    Draft(#[from] crate::draftfile::DraftFileError),
    /// The version names a rubric edition this build lacks.
    Edition(#[from] crate::rubric::UnknownEdition),
    /// A PDF could not be made.
    Pdf(#[from] crate::pdf::PdfError),
    /// A Word document could not be made.
    Docx(#[from] crate::docx::DocxError),
    /// A workbook could not be made.
    Xlsx(#[from] crate::batch::BatchError),
    /// A file could not be written where asked.
    Output(#[from] crate::output::OutputError),
    /// A package to the city that does not verify: the part named, and why.
    Package {
        /// The part (`received/….lbdraft`, `log.jsonl`, …).
        part: String,
        /// What is wrong, in Chinese.
        detail: String,
    },
    /// The audit log's chain is broken at this entry.
    LogBroken(i64),
}

impl From<rusqlite::Error> for ReviewError {
    fn from(e: rusqlite::Error) -> Self {
        ReviewError::Database {
            path: String::new(),
            detail: e.to_string(),
        }
    }
}

impl Bilingual for ReviewError {
    fn code(&self) -> &'static str {
        match self {
            Self::Database { .. } => "review_database",
            Self::Io { .. } => "review_io",
            Self::UnknownVersion(_) => "review_unknown_version",
            Self::UnknownApplication(_) => "review_unknown_application",
            Self::UnknownItem(_) => "review_unknown_item",
            Self::UnknownFact(_) => "review_unknown_fact",
            Self::UnknownEvidence(_) => "review_unknown_evidence",
            Self::BadCorrection(_) => "review_bad_correction",
            Self::ReasonRequired(_) => "review_reason_required",
            Self::BadSetting(_) => "review_bad_setting",
            Self::UnknownChoice(_) => "review_unknown_choice",
            Self::WrongExtension { .. } => "review_wrong_extension",
            Self::NoReviewer => "review_no_reviewer",
            Self::NotReady { .. } => "review_not_ready",
            Self::Draft(e) => e.code(),
            Self::Edition(e) => e.code(),
            Self::Pdf(e) => e.code(),
            Self::Docx(e) => e.code(),
            Self::Xlsx(e) => e.code(),
            Self::Output(e) => e.code(),
            Self::Package { .. } => "review_package_invalid",
            Self::LogBroken(_) => "review_log_broken",
        }
    }

    fn zh(&self) -> String {
        match self {
            Self::Database { path, detail } => format!("审核数据库{path}无法读写：{detail}"),
            Self::Io { path, detail } => format!("无法读写文件 {path}：{detail}"),
            Self::UnknownVersion(s) => format!("没有这份已接收的申报材料（{s}）"),
            Self::UnknownApplication(n) => format!("没有第 {n} 号申报"),
            Self::UnknownItem(i) => format!("评分表中没有此项目（{i}）"),
            Self::UnknownFact(f) => format!("评分表中没有此数据项（{f}）"),
            Self::UnknownEvidence(s) => format!("这份申报材料中没有此佐证材料（{s}）"),
            Self::BadCorrection(m) => format!("核定的数据无法读取：{m}"),
            Self::ReasonRequired(what) => format!("请填写{what}的理由"),
            Self::BadSetting(m) => m.clone(),
            Self::UnknownChoice(c) => format!("没有“{c}”这一选项"),
            Self::WrongExtension { path, allowed } => {
                format!("输出文件应以 {allowed} 结尾：{path}")
            }
            Self::NoReviewer => "请先填写审核人姓名（记入审核日志）".to_string(),
            Self::NotReady { brand, why } => {
                format!("「{brand}」尚不能推荐：{}", why.join("；"))
            }
            Self::Draft(e) => e.zh(),
            Self::Edition(e) => e.zh(),
            Self::Pdf(e) => e.zh(),
            Self::Docx(e) => e.zh(),
            Self::Xlsx(e) => e.zh(),
            Self::Output(e) => e.zh(),
            Self::Package { part, detail } => {
                format!("报送包校验未通过，整包不予接收：{part} {detail}")
            }
            Self::LogBroken(n) => {
                format!("审核日志第 {n} 条与前一条的校验值不符：日志被改动或删除过")
            }
        }
    }

    fn en(&self) -> String {
        match self {
            Self::Database { path, detail } => format!("review database {path}: {detail}"),
            Self::Io { path, detail } => format!("cannot read or write {path}: {detail}"),
            Self::UnknownVersion(s) => format!("no received version {s}"),
            Self::UnknownApplication(n) => format!("no application {n}"),
            Self::UnknownItem(i) => format!("no such item {i}"),
            Self::UnknownFact(f) => format!("no such fact {f}"),
            Self::UnknownEvidence(s) => format!("no such evidence file {s}"),
            Self::BadCorrection(m) => format!("the corrected fact cannot be read: {m}"),
            Self::ReasonRequired(what) => format!("a reason is required ({what})"),
            Self::BadSetting(m) => format!("bad setting: {m}"),
            Self::UnknownChoice(c) => format!("no such choice: {c}"),
            Self::WrongExtension { path, allowed } => {
                format!(
                    "output must end in {}: {path}",
                    allowed.replace(" 或 ", " or ")
                )
            }
            Self::NoReviewer => "the reviewer's name is not set".to_string(),
            Self::NotReady { brand, why } => {
                format!("{brand} cannot be recommended yet: {}", why.join("; "))
            }
            Self::Draft(e) => e.en(),
            Self::Edition(e) => e.en(),
            Self::Pdf(e) => e.en(),
            Self::Docx(e) => e.en(),
            Self::Xlsx(e) => e.en(),
            Self::Output(e) => e.en(),
            Self::Package { part, detail } => {
                format!("the package does not verify and is refused whole: {part}: {detail}")
            }
            Self::LogBroken(n) => format!("the audit log's chain breaks at entry {n}"),
        }
    }
}
