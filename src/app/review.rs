//! The county's desk as the window and the browser edition use it: the workspace opened on
//! first use beside the drafts' database, every step a call of [`crate::review`].

use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::Value;

use super::{lock, App, AppError, AppResult};
use crate::review::{self, layer::Verdict, Decision, Desk, Settings};

/// What the desk's page shows: the settings and the list.
#[derive(Debug, Serialize)]
pub struct DeskView {
    /// The county, the reviewer, the date.
    pub settings: Settings,
    /// Every application's latest version.
    pub rows: Vec<review::Row>,
    /// The workspace file.
    pub path: String,
}

/// One evidence file as the page shows it: an image or a PDF, as base64.
#[derive(Debug, Serialize)]
pub struct EvidenceView {
    /// Its title.
    pub title: String,
    /// `pdf`, `jpg` or `png`.
    pub kind: String,
    /// The file name it came from.
    pub file_name: String,
    /// An image's bytes, base64 (empty for a PDF: see `pages`).
    pub data: String,
    /// A PDF's first pages: each its scan or its text.
    pub pages: Vec<crate::evidence::view::PageView>,
    /// How many pages a PDF has.
    pub page_count: usize,
}

/// The most pages of an evidence PDF the viewer shows at once.
const VIEW_PAGES: usize = 20;

impl App {
    /// The workspace's file: `LABOUR_BRAND_REVIEW_DB`, else `review.sqlite3` beside the drafts.
    fn desk_path(&self) -> AppResult<PathBuf> {
        if let Some(p) = std::env::var_os("LABOUR_BRAND_REVIEW_DB") {
            return Ok(PathBuf::from(p));
        }
        match &self.path {
            Some(p) => Ok(p.with_file_name("review.sqlite3")),
            None => Ok(Desk::default_path()?),
        }
    }

    /// Runs `f` on the workspace, opening it first if needed.
    pub fn with_desk<T>(
        &self,
        f: impl FnOnce(&mut Desk) -> Result<T, review::ReviewError>,
    ) -> AppResult<T> {
        let mut guard = lock(&self.desk);
        if guard.is_none() {
            *guard = Some(Desk::open(&self.desk_path()?)?);
        }
        Ok(f(guard.as_mut().expect("opened"))?)
    }

    /// The settings and the list.
    pub fn desk_view(&self) -> AppResult<DeskView> {
        let editions = self.editions.clone();
        self.with_desk(|d| {
            Ok(DeskView {
                settings: d.settings()?,
                rows: review::overview(d, &editions)?,
                path: d.path().display().to_string(),
            })
        })
    }

    /// Changes the settings (the reviewer's name is asked once, then kept).
    pub fn desk_settings(&self, s: &Settings) -> AppResult<DeskView> {
        self.with_desk(|d| d.set_settings(s))?;
        self.desk_view()
    }

    /// Receives files and folders.
    pub fn desk_receive(&self, inputs: &[PathBuf]) -> AppResult<review::ReceiveReport> {
        let editions = self.editions.clone();
        self.with_desk(|d| review::receive(d, &editions, inputs))
    }

    /// Receives one file's bytes (the browser's upload).
    pub fn desk_receive_bytes(&self, name: &str, bytes: &[u8]) -> AppResult<review::Received> {
        let editions = self.editions.clone();
        self.with_desk(|d| d.receive_bytes(name, bytes, &editions))
    }

    /// One version item by item.
    pub fn desk_detail(&self, version: &str) -> AppResult<review::Detail> {
        let editions = self.editions.clone();
        self.with_desk(|d| {
            let sha = d.resolve(version)?;
            review::detail(d, &editions, &sha)
        })
    }

    /// The county's verdict on an item (`None` withdraws it); the version as it now stands.
    pub fn desk_judge(
        &self,
        version: &str,
        item: &str,
        verdict: Option<&str>,
        reason: &str,
        evidence: Option<&str>,
    ) -> AppResult<review::Detail> {
        let verdict = match verdict {
            None => None,
            Some(v) => Some(
                Verdict::parse(v)
                    .ok_or_else(|| AppError::from(review::ReviewError::UnknownChoice(v.into())))?,
            ),
        };
        let editions = self.editions.clone();
        let sha = self.with_desk(|d| {
            let sha = d.resolve(version)?;
            d.judge(&sha, item, verdict, reason, evidence, None, &editions)?;
            Ok(sha)
        })?;
        self.desk_detail(&sha)
    }

    /// The county's correction of a fact (`None` withdraws it).
    pub fn desk_correct(
        &self,
        version: &str,
        fact: &str,
        value: Option<Value>,
        reason: &str,
    ) -> AppResult<review::Detail> {
        let editions = self.editions.clone();
        let sha = self.with_desk(|d| {
            let sha = d.resolve(version)?;
            d.correct(&sha, fact, value, reason, &editions)?;
            Ok(sha)
        })?;
        self.desk_detail(&sha)
    }

    /// A hint acknowledged.
    pub fn desk_acknowledge(
        &self,
        version: &str,
        hint: &str,
        note: &str,
    ) -> AppResult<review::Detail> {
        let sha = self.with_desk(|d| {
            let sha = d.resolve(version)?;
            d.acknowledge(&sha, hint, note)?;
            Ok(sha)
        })?;
        self.desk_detail(&sha)
    }

    /// The decision for an application.
    pub fn desk_decide(
        &self,
        application: i64,
        decision: Option<&str>,
        opinion: &str,
    ) -> AppResult<DeskView> {
        let decision = match decision {
            None => None,
            Some(x) => Some(
                Decision::parse(x)
                    .ok_or_else(|| AppError::from(review::ReviewError::UnknownChoice(x.into())))?,
            ),
        };
        let editions = self.editions.clone();
        self.with_desk(|d| review::decide(d, &editions, application, decision, opinion))?;
        self.desk_view()
    }

    /// The versions a paper copy's code belongs to (logged).
    pub fn desk_paper(&self, code: &str) -> AppResult<Vec<review::PaperMatch>> {
        let editions = self.editions.clone();
        self.with_desk(|d| review::paper_check(d, &editions, code))
    }

    /// One evidence file of a version, for the viewer beside the item.
    pub fn desk_evidence(&self, version: &str, evidence: &str) -> AppResult<EvidenceView> {
        use base64::Engine;
        self.with_desk(|d| {
            let (m, bytes) = d.evidence(&d.resolve(version)?, evidence)?;
            let pdf = m.kind == crate::evidence::EvidenceKind::Pdf;
            let (page_count, pages) = if pdf {
                crate::evidence::view::pdf_pages(&m.file_name, &bytes, VIEW_PAGES).map_err(|e| {
                    review::ReviewError::Package {
                        part: m.file_name.clone(),
                        detail: e.to_string(),
                    }
                })?
            } else {
                (1, Vec::new())
            };
            Ok(EvidenceView {
                title: m.title,
                kind: m.kind.key().to_string(),
                file_name: m.file_name,
                data: if pdf {
                    String::new()
                } else {
                    base64::engine::general_purpose::STANDARD.encode(bytes)
                },
                pages,
                page_count,
            })
        })
    }

    /// Writes an output of the desk to `path` (the place the user chose in a Save dialog).
    pub fn desk_output(&self, out: &review::Output, path: &Path) -> AppResult<review::Saved> {
        let editions = self.editions.clone();
        self.with_desk(|d| review::save(d, &editions, out, path, true))
    }
}
