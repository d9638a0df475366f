//! Use cases on the 佐证材料 of a draft: attach (checked before anything is stored), list,
//! rename, reorder, remove, and export the bundle (申报材料) with all of it.

use std::path::Path;

use super::{lock, App, AppError, AppResult, Guard};
use crate::bundle::{self, Attachment, BundleInfo};
use crate::draft::Draft;
use crate::evidence::{self, EvidenceError, MAX_DRAFT_BYTES};
use crate::output::{self, OutputError, OutputKind};
use crate::store::EvidenceFile;
use crate::Bilingual;

/// The default title of a file: its name without the extension.
pub fn default_title(file_name: &str) -> String {
    let stem = Path::new(file_name)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let t = stem.trim();
    if t.is_empty() {
        file_name.trim().to_string()
    } else {
        t.chars().take(60).collect()
    }
}

impl App {
    /// Attaches the file at `path` to item `item` of draft `id`.
    pub fn add_evidence(&self, id: i64, item: &str, path: &Path) -> AppResult<EvidenceFile> {
        let bytes = evidence::read_file(path)?;
        self.add_evidence_bytes(id, item, &crate::text::file_label(path), &bytes)
    }

    /// Attaches several files to one item, going on past the ones refused.
    pub fn attach_files(
        &self,
        id: i64,
        item: &str,
        paths: &[std::path::PathBuf],
    ) -> super::files::Attached {
        let (mut added, mut refused) = (Vec::new(), Vec::new());
        for path in paths {
            match self.add_evidence(id, item, path) {
                Ok(f) => added.push(f),
                Err(e) => refused.push(e),
            }
        }
        super::files::Attached { added, refused }
    }

    /// Attaches a file whose bytes came as base64 text (a dropped file, an upload).
    pub fn add_evidence_base64(
        &self,
        id: i64,
        item: &str,
        file_name: &str,
        data: &str,
    ) -> AppResult<EvidenceFile> {
        let bytes = evidence::decode_base64(file_name, data)?;
        self.add_evidence_bytes(id, item, file_name, &bytes)
    }

    /// Attaches bytes (an upload, a dropped file) named `file_name` to item `item` of draft
    /// `id`. The file is checked and the draft's total limit kept before anything is written;
    /// a refused file leaves nothing behind.
    pub fn add_evidence_bytes(
        &self,
        id: i64,
        item: &str,
        file_name: &str,
        bytes: &[u8],
    ) -> AppResult<EvidenceFile> {
        let meta = self.with(|s| s.meta(id))?;
        let edition = self.edition_of(&meta)?;
        if edition.rubric.item(item).is_none() {
            return Err(AppError::NoSuchItem(item.to_string()));
        }
        let inspected = evidence::inspect(file_name, bytes)?;
        let total = self.with(|s| s.evidence_total(id))?;
        if total + bytes.len() as u64 > MAX_DRAFT_BYTES {
            return Err(EvidenceError::DraftFull {
                file: file_name.to_string(),
                mb: (total + bytes.len() as u64).div_ceil(1024 * 1024),
            }
            .into());
        }
        let title = default_title(file_name);
        self.with(|s| s.add_evidence(id, item, &title, file_name, bytes, &inspected))
    }

    /// The attachments of a draft, by item and position.
    pub fn evidence(&self, id: i64) -> AppResult<Vec<EvidenceFile>> {
        self.with(|s| s.evidence(id))
    }

    /// Renames an attachment (an empty title keeps the old one).
    pub fn retitle_evidence(&self, evidence_id: i64, title: &str) -> AppResult<EvidenceFile> {
        let title: String = title.trim().chars().take(60).collect();
        if title.is_empty() {
            return self.with(|s| s.evidence_file(evidence_id));
        }
        self.with(|s| s.retitle_evidence(evidence_id, &title))
    }

    /// Moves an attachment up (`-1`) or down (`1`) in its item's list.
    pub fn move_evidence(&self, evidence_id: i64, by: i64) -> AppResult<()> {
        self.with(|s| s.move_evidence(evidence_id, by))
    }

    /// Removes an attachment.
    pub fn remove_evidence(&self, evidence_id: i64) -> AppResult<()> {
        self.with(|s| s.remove_evidence(evidence_id))
    }

    /// The items of a draft that earn points but have no evidence: (item id, sentence).
    pub fn unproved(&self, id: i64, draft: &Draft) -> AppResult<Vec<(String, String)>> {
        let meta = self.with(|s| s.meta(id))?;
        let edition = self.edition_of(&meta)?;
        let files = self.evidence(id)?;
        let ids: Vec<&str> = files.iter().map(|f| f.item_id.as_str()).collect();
        Ok(bundle::unproved_items(edition, draft, &ids))
    }

    /// What identifies each evidence file of a draft (item, place, title, SHA-256), by item
    /// and place: what must arrive wherever the draft goes.
    pub fn evidence_entries(&self, id: i64) -> AppResult<Vec<crate::evidence::EvidenceEntry>> {
        let mut v: Vec<_> = self.evidence(id)?.iter().map(EvidenceFile::entry).collect();
        v.sort();
        Ok(v)
    }

    /// The 材料校验码 the bundle of draft `id` in the state `draft` carries (forms and evidence).
    pub fn bundle_code(&self, id: i64, draft: &Draft) -> AppResult<String> {
        Ok(crate::evidence::bundle_code(
            draft,
            &self.evidence_entries(id)?,
        ))
    }

    /// The attachments of a draft with their bytes.
    pub fn attachments(&self, id: i64) -> AppResult<Vec<Attachment>> {
        self.evidence(id)?
            .into_iter()
            .map(|file| {
                let bytes = self.with(|s| s.evidence_bytes(&file.sha256))?;
                Ok(Attachment { file, bytes })
            })
            .collect()
    }

    /// Exports the bundle (申报材料) of draft `id` in the state the page holds to `path`;
    /// `confirmed` as for every output. The exported state is kept as a version.
    pub fn export_bundle(
        &self,
        id: i64,
        draft: &Draft,
        compact: bool,
        path: &Path,
        confirmed: bool,
    ) -> AppResult<BundleInfo> {
        let guard = Guard {
            db: self.db_path(),
            inputs: &[],
            confirmed,
        };
        guard.check(path, OutputKind::Pdf)?;
        let meta = self.with(|s| s.meta(id))?;
        let edition = self.edition_of(&meta)?;
        let files = self.evidence(id)?;
        let date = chrono::Local::now().format("%Y年%-m月%-d日").to_string();
        // Each evidence file is read from the database when its pages are copied, and the
        // bundle goes to the file as it is made (memory bounded by the largest file).
        let info = output::write_atomic_with(path, |out| -> AppResult<BundleInfo> {
            let mut failed: Option<AppError> = None;
            let mut load = |f: &EvidenceFile| {
                self.with(|s| s.evidence_bytes(&f.sha256)).map_err(|e| {
                    let said = bundle::BundleError::Build(e.zh());
                    failed = Some(e);
                    said
                })
            };
            let made = bundle::render(draft, edition, &files, &mut load, compact, &date, out);
            match made {
                Ok((_, info)) => Ok(info),
                Err(e) => Err(match (failed, e) {
                    (Some(store), _) => store,
                    (None, bundle::BundleError::Io(io)) => OutputError::io(path, io).into(),
                    (None, e) => e.into(),
                }),
            }
        })?;
        *lock(&self.last_export) = Some(path.to_path_buf());
        if self.save(id, draft).is_ok() {
            let _ = self.with(|s| s.checkpoint(id, crate::store::VersionReason::Export, None));
        }
        Ok(info)
    }
}
