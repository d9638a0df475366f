//! Writing an output of the desk where the user asked, the one way every front end does it:
//! which output in which format, never over the workspace's database or a file of another kind
//! (unless forced), atomically, and logged.

use std::path::Path;

use serde::Serialize;
use serde_json::json;

use crate::output::OutputKind;
use crate::rubric::Editions;

use super::desk::Desk;
use super::outputs::{county_forms, notice, report_pdf, CountyForms};
use super::{overview, package, report, ReviewError};

/// An output of the desk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Output {
    /// The county's copy of the recommended applications' forms (PDF).
    Forms,
    /// The 推荐汇总表 as PDF.
    ReportPdf,
    /// The 推荐汇总表 as an Excel workbook.
    ReportXlsx,
    /// The 补正告知单 of a version (as named: SHA-256, its beginning, or an application's number), PDF.
    NoticePdf(String),
    /// … as Word.
    NoticeDocx(String),
    /// The package to the city.
    Package,
}

impl Output {
    /// From the page's words: `what` (`forms`, `report`, `notice`, `package`) in `format`
    /// (`pdf`, `xlsx`, `docx`), the version for a notice; `None` for a pair that does not exist.
    pub fn parse(what: &str, format: &str, version: Option<&str>) -> Option<Output> {
        let version = || version.map(str::to_string);
        Some(match (what, format) {
            ("forms", "pdf") => Output::Forms,
            ("report", "pdf") => Output::ReportPdf,
            ("report", "xlsx") => Output::ReportXlsx,
            ("notice", "pdf") => Output::NoticePdf(version()?),
            ("notice", "docx") => Output::NoticeDocx(version()?),
            ("package", _) => Output::Package,
            _ => return None,
        })
    }

    /// From a file name's extension (the command line): `what` as in [`Output::parse`].
    pub fn by_extension(
        what: &str,
        version: Option<&str>,
        path: &Path,
    ) -> Result<Output, ReviewError> {
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        let format = if what == "package" {
            super::package::EXTENSION
        } else {
            &ext
        };
        let allowed = match what {
            "forms" => ".pdf",
            "report" => ".pdf 或 .xlsx",
            "notice" => ".pdf 或 .docx",
            _ => "",
        };
        Output::parse(what, format, version).ok_or_else(|| ReviewError::WrongExtension {
            path: path.display().to_string(),
            allowed,
        })
    }

    /// The name it is logged by.
    fn action(&self) -> &'static str {
        match self {
            Output::Forms => "forms",
            Output::ReportPdf | Output::ReportXlsx => "report",
            Output::NoticePdf(_) | Output::NoticeDocx(_) => "notice",
            Output::Package => "package",
        }
    }

    fn kind(&self) -> OutputKind {
        match self {
            Output::ReportXlsx => OutputKind::Xlsx,
            Output::NoticeDocx(_) => OutputKind::Docx,
            Output::Package => OutputKind::ReviewPackage,
            _ => OutputKind::Pdf,
        }
    }
}

/// What was written.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "output", rename_all = "snake_case")]
pub enum Saved {
    /// The county's forms: which applications, their codes, the pages.
    Forms(CountyForms),
    /// The 推荐汇总表, with this many applications.
    Report {
        /// Applications listed.
        rows: usize,
    },
    /// A 补正告知单 with this many things to fix.
    Notice {
        /// Things to fix.
        items: usize,
    },
    /// The package: applications and parts.
    Package {
        /// Applications.
        applications: usize,
        /// Parts, the manifest aside.
        parts: usize,
        /// The log's last hash.
        log_head: String,
    },
}

/// Writes `out` to `path` (checked first: never the workspace's database, never a file of
/// another kind unless `force`), atomically, and logs it.
pub fn save(
    desk: &mut Desk,
    editions: &Editions,
    out: &Output,
    path: &Path,
    force: bool,
) -> Result<Saved, ReviewError> {
    crate::output::check_target(path, out.kind(), Some(desk.path()), &[], force)?;
    if *out == Output::Package {
        // Logs itself, before its log is written into it.
        let m = package::write_file(desk, editions, path)?;
        return Ok(Saved::Package {
            applications: m.applications,
            parts: m.parts.len(),
            log_head: m.log_head,
        });
    }
    let mut target = String::new();
    let (bytes, saved) = match out {
        Output::Forms => {
            let (bytes, info) = county_forms(desk, editions)?;
            (bytes, Saved::Forms(info))
        }
        Output::ReportPdf | Output::ReportXlsx => {
            let rows = overview(desk, editions)?;
            let settings = desk.settings()?;
            let bytes = if *out == Output::ReportPdf {
                report_pdf(&rows, &settings)?
            } else {
                report::report_xlsx(&rows, &settings, editions)?
            };
            (bytes, Saved::Report { rows: rows.len() })
        }
        Output::NoticePdf(v) | Output::NoticeDocx(v) => {
            target = desk.resolve(v)?;
            let n = notice(desk, editions, &target)?;
            let bytes = match out {
                Output::NoticePdf(_) => n.to_pdf()?,
                _ => n.to_docx()?,
            };
            (
                bytes,
                Saved::Notice {
                    items: n.items.len(),
                },
            )
        }
        Output::Package => unreachable!("written above"),
    };
    crate::output::write_atomic(path, &bytes)?;
    let mut detail = serde_json::to_value(&saved).unwrap_or_default();
    detail["file"] = json!(path.display().to_string());
    desk.note(out.action(), &target, detail)?;
    Ok(saved)
}
