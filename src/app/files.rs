//! Use cases on files: draft files in and out, the forms as PDF or Word, the county summary,
//! backup and restore, and the recovery files written at exit.
//!
//! Every output goes through one [`Guard`]: never over the draft database, an input being read,
//! or (unless the user confirmed, in a Save dialog or with `--force`) an existing file of
//! another kind; always atomically (a temporary file, then a rename).

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::{lock, App, AppError, AppResult};
use crate::batch::{self, Batch};
use crate::draft::Draft;
use crate::draftfile::DraftFile;
use crate::output::{self, OutputKind};
use crate::pdf::{ExportInfo, ExportOptions};
use crate::rubric::{Edition, Editions};
use crate::store::{DraftMeta, VersionReason};

/// Which copy of the forms to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ExportFormat {
    /// The print-ready PDF.
    Pdf,
    /// The editable Word copy (电子版).
    Docx,
}

impl ExportFormat {
    /// Word when the file name ends in `.docx`, else PDF.
    pub fn for_path(path: &Path) -> ExportFormat {
        match path.extension() {
            Some(e) if e.eq_ignore_ascii_case("docx") => ExportFormat::Docx,
            _ => ExportFormat::Pdf,
        }
    }

    fn kind(self) -> OutputKind {
        match self {
            ExportFormat::Pdf => OutputKind::Pdf,
            ExportFormat::Docx => OutputKind::Docx,
        }
    }

    /// The file name a Save dialog proposes for a draft's forms.
    pub fn file_name(self, draft: &Draft) -> String {
        let ext = match self {
            ExportFormat::Pdf => "pdf",
            ExportFormat::Docx => "docx",
        };
        format!("{}-推荐表与评分表.{ext}", draft.display_name())
    }
}

/// What an output file must not be, and whether the user confirmed replacing what is there.
#[derive(Debug, Clone, Copy, Default)]
pub struct Guard<'a> {
    /// The draft database (and its `-wal`/`-shm`): never written.
    pub db: Option<&'a Path>,
    /// Files being read: never written.
    pub inputs: &'a [&'a Path],
    /// The user confirmed replacing an existing file (a Save dialog asked, or `--force`).
    pub confirmed: bool,
}

impl Guard<'_> {
    /// Checks that `path` may be written as `kind`.
    pub fn check(&self, path: &Path, kind: OutputKind) -> AppResult<()> {
        Ok(output::check_target(
            path,
            kind,
            self.db,
            self.inputs,
            self.confirmed,
        )?)
    }

    /// Checks `path` and writes `bytes` there atomically.
    pub fn write(&self, path: &Path, kind: OutputKind, bytes: &[u8]) -> AppResult<()> {
        self.check(path, kind)?;
        Ok(output::write_atomic(path, bytes)?)
    }
}

/// Reads and checks a draft file (bounded: a huge or special file is refused before it is read).
pub fn read_draft_file(path: &Path) -> AppResult<DraftFile> {
    Ok(crate::incoming::open(path)?.into_file())
}

/// Writes a draft file of `draft` named `name`, made with `edition`.
pub fn write_draft_file(
    name: &str,
    edition: &str,
    draft: Draft,
    path: &Path,
    guard: &Guard,
) -> AppResult<()> {
    let text = DraftFile::new(name, edition, draft).to_json() + "\n";
    guard.write(path, OutputKind::DraftFile, text.as_bytes())
}

/// Writes the forms of `draft`, scored by `edition`, as PDF or Word.
pub fn export_forms(
    edition: Edition,
    draft: &Draft,
    format: ExportFormat,
    options: &ExportOptions,
    path: &Path,
    guard: &Guard,
) -> AppResult<ExportInfo> {
    guard.check(path, format.kind())?;
    let bytes_and_info = match format {
        ExportFormat::Pdf => crate::pdf::render(draft, edition.rubric, options)?,
        ExportFormat::Docx => crate::docx::render(draft, edition.rubric, options)?,
    };
    let (bytes, mut info) = bytes_and_info;
    output::write_atomic(path, &bytes)?;
    info.path = Some(path.to_path_buf());
    Ok(info)
}

/// Scores every draft file of `inputs` (folders: their `.json` files), each by its own edition.
pub fn score_files(editions: &Editions, inputs: &[PathBuf]) -> Batch {
    batch::score_files(inputs, editions)
}

/// The file names a front end proposes for what it saves (a Save dialog, a download).
pub mod names {
    use crate::draft::Draft;

    fn today() -> String {
        chrono::Local::now().format("%Y%m%d").to_string()
    }

    /// A document the page holds that could not be saved.
    pub fn unsaved(draft: &Draft) -> String {
        format!("{}-未保存的修改.json", draft.display_name())
    }

    /// The application bundle.
    pub fn bundle(draft: &Draft) -> String {
        format!("{}-申报材料.pdf", draft.display_name())
    }

    /// A backup of every draft, dated.
    pub fn backup() -> String {
        format!("劳务品牌草稿备份-{}.sqlite3", today())
    }

    /// The county summary workbook, dated.
    pub fn summary() -> String {
        format!("劳务品牌申报汇总-{}.xlsx", today())
    }

    /// An output of the county's desk (`forms`, `report`, `notice`, `package`) in `format`
    /// (`pdf`, `xlsx`, `docx`): the name proposed and the dialog's filter; `None` for a pair
    /// that does not exist.
    pub fn review(what: &str, format: &str) -> Option<super::super::commands::Save> {
        let (stem, filter, ext) = match (what, format) {
            ("forms", "pdf") => ("县区推荐表", "PDF 文件", "pdf"),
            ("report", "pdf") => ("推荐汇总表", "PDF 文件", "pdf"),
            ("report", "xlsx") => ("推荐汇总表", "Excel 工作簿", "xlsx"),
            ("notice", "pdf") => ("补正告知单", "PDF 文件", "pdf"),
            ("notice", "docx") => ("补正告知单", "Word 文档", "docx"),
            ("package", _) => (
                "县区报送包",
                "县区报送包",
                crate::review::package::EXTENSION,
            ),
            _ => return None,
        };
        Some(super::super::commands::Save {
            name: format!("{stem}-{}.{ext}", today()),
            filter,
            ext,
        })
    }
}

/// Whether a draft going out as a plain draft file may leave its evidence behind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Evidence {
    /// Every evidence file goes with the draft, or nothing is written.
    #[default]
    Keep,
    /// The user asked for the draft alone (CLI `--without-evidence`).
    LeaveOut,
}

/// What a draft export wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct DraftExported {
    /// Evidence files written with the draft.
    pub files: usize,
    /// Evidence files the draft has that were left out (only with [`Evidence::LeaveOut`]).
    pub left_out: usize,
}

/// What attaching several files did: the files added, and why the others were refused.
#[derive(Debug, Serialize)]
pub struct Attached {
    /// The files attached.
    pub added: Vec<crate::store::EvidenceFile>,
    /// Why each of the others was refused (each names its file).
    pub refused: Vec<AppError>,
}

/// What a restore added.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct RestoreReport {
    /// Drafts added.
    pub drafts: usize,
    /// Versions of their history added.
    pub versions: usize,
}

/// A document that could not be saved at exit and was written to a recovery file instead.
#[derive(Debug)]
pub struct Recovered {
    /// The draft.
    pub id: i64,
    /// Why it could not be saved.
    pub error: AppError,
    /// The recovery file, or why it could not be written either.
    pub file: AppResult<PathBuf>,
}

impl App {
    /// The guard for outputs of this application (the database protected).
    fn guard(&self, confirmed: bool) -> Guard<'_> {
        Guard {
            db: self.db_path(),
            inputs: &[],
            confirmed,
        }
    }

    /// Imports a draft file (or a draft container with its evidence) as a new draft, named as
    /// in the file or after its brand.
    pub fn import_file(&self, path: &Path) -> AppResult<DraftMeta> {
        self.import_bytes(&crate::incoming::read_file(path)?)
    }

    /// Imports draft-file or container bytes (standard input, an upload) as a new draft. A
    /// container's evidence comes along, each file checked again; if any is refused, nothing
    /// of the container stays.
    pub fn import_bytes(&self, bytes: &[u8]) -> AppResult<DraftMeta> {
        let c = match crate::incoming::parse(bytes)? {
            crate::incoming::Incoming::Plain(file) => {
                return self.add(Some(&file.name), &file.draft)
            }
            crate::incoming::Incoming::Container(c) => c,
        };
        let meta = self.add(Some(&c.file.name), &c.file.draft)?;
        let added = c.evidence.iter().try_for_each(|(m, data)| {
            let inspected = crate::evidence::inspect(&m.file_name, data)?;
            self.with(|s| {
                s.add_evidence(
                    meta.id,
                    &m.item_id,
                    &m.title,
                    &m.file_name,
                    data,
                    &inspected,
                )
                .map(|_| ())
            })
        });
        if let Err(e) = added {
            let _ = self.with(|s| s.purge(meta.id));
            return Err(e);
        }
        Ok(meta)
    }

    /// The file name a stored draft goes out as: `<name>.lbdraft` when it has evidence (the
    /// container carries it), else `<name>.json`.
    pub fn draft_file_name(&self, id: i64) -> AppResult<String> {
        let name = self.draft_file(id)?.name;
        let ext = if self.evidence(id)?.is_empty() {
            "json"
        } else {
            crate::container::EXTENSION
        };
        Ok(format!("{name}.{ext}"))
    }

    /// Writes a stored draft to `path`: a container with its evidence when the name ends in
    /// `.lbdraft`, else a plain draft file — which a draft with evidence may become only with
    /// [`Evidence::LeaveOut`] (else [`AppError::EvidenceLeftOut`], nothing written). Says how
    /// many evidence files went out and how many were left out.
    pub fn export_draft_to(
        &self,
        id: i64,
        path: &Path,
        confirmed: bool,
        evidence: Evidence,
    ) -> AppResult<DraftExported> {
        let container = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case(crate::container::EXTENSION));
        if container {
            let files = self.export_container(id, path, confirmed)?;
            Ok(DraftExported { files, left_out: 0 })
        } else {
            let text = self.draft_file_text(id, evidence)?;
            self.guard(confirmed)
                .write(path, OutputKind::DraftFile, text.0.as_bytes())?;
            Ok(text.1)
        }
    }

    /// A stored draft as the text of a plain draft file (for a file or standard output),
    /// refused when it would leave evidence out unless `evidence` says so.
    pub fn draft_file_text(
        &self,
        id: i64,
        evidence: Evidence,
    ) -> AppResult<(String, DraftExported)> {
        let files = self.evidence(id)?.len();
        if files > 0 && evidence == Evidence::Keep {
            return Err(AppError::EvidenceLeftOut(files));
        }
        let text = self.draft_file(id)?.to_json() + "\n";
        Ok((
            text,
            DraftExported {
                files: 0,
                left_out: files,
            },
        ))
    }

    /// Writes a stored draft with its evidence as a container (`.lbdraft`); returns how many
    /// evidence files it holds.
    pub fn export_container(&self, id: i64, path: &Path, confirmed: bool) -> AppResult<usize> {
        let file = self.draft_file(id)?;
        let atts: Vec<_> = self
            .attachments(id)?
            .into_iter()
            .map(|a| (a.file, a.bytes))
            .collect();
        let bytes = crate::container::write(&file, &atts)?;
        self.guard(confirmed)
            .write(path, OutputKind::DraftFile, &bytes)?;
        Ok(atts.len())
    }

    /// A stored draft as a draft file (with its name and edition).
    pub fn draft_file(&self, id: i64) -> AppResult<DraftFile> {
        let rec = self.with(|s| s.load(id))?;
        Ok(DraftFile::new(
            &rec.meta.name,
            &rec.meta.rubric_edition,
            rec.draft,
        ))
    }

    /// Writes a document the page holds (for instance one that could not be saved) to a
    /// draft file, with the edition it is scored by.
    pub fn export_unsaved(&self, edition: &str, draft: Draft, path: &Path) -> AppResult<()> {
        let name = draft.display_name();
        write_draft_file(&name, edition, draft, path, &self.guard(true))
    }

    /// Exports the forms of draft `id` in the state the page holds to a file the user chose;
    /// the exported state is saved and kept as a version of the draft.
    pub fn export_forms(
        &self,
        id: i64,
        draft: &Draft,
        format: ExportFormat,
        options: &ExportOptions,
        path: &Path,
    ) -> AppResult<ExportInfo> {
        let meta = self.with(|s| s.meta(id))?;
        let edition = self.edition_of(&meta)?;
        let info = export_forms(edition, draft, format, options, path, &self.guard(true))?;
        *lock(&self.last_export) = Some(path.to_path_buf());
        // The exported state becomes a version (best effort: the file is already written).
        if self.save(id, draft).is_ok() {
            let _ = self.with(|s| s.checkpoint(id, VersionReason::Export, None));
        }
        Ok(info)
    }

    /// Scores several draft files (or folders of them) into one summary, kept for
    /// [`App::save_summary`].
    pub fn summarise(&self, paths: &[PathBuf]) -> Batch {
        let result = score_files(&self.editions, paths);
        *lock(&self.last_batch) = Some(result.clone());
        result
    }

    /// Writes the last summary as a workbook to a file the user chose.
    pub fn save_summary(&self, path: &Path) -> AppResult<()> {
        let bytes = lock(&self.last_batch)
            .as_ref()
            .ok_or(AppError::NothingSummarised)?
            .to_xlsx(self.editions.current().rubric)?;
        self.guard(true).write(path, OutputKind::Xlsx, &bytes)?;
        *lock(&self.last_export) = Some(path.to_path_buf());
        Ok(())
    }

    /// Backs every draft (with the recycle bin and history) up to `path`. Never over the live
    /// database; an existing file is replaced only when `confirmed`, and only once the new
    /// backup is complete (a temporary file beside it, then a rename).
    pub fn backup(&self, path: &Path, confirmed: bool) -> AppResult<()> {
        self.guard(confirmed).check(path, OutputKind::Backup)?;
        self.with(|s| s.backup_replacing(path))
    }

    /// Adds the drafts of the backup at `path` beside the existing ones.
    pub fn restore_backup(&self, path: &Path) -> AppResult<RestoreReport> {
        let r = self.with(|s| s.restore_backup(path))?;
        Ok(RestoreReport {
            drafts: r.drafts,
            versions: r.versions,
        })
    }

    /// The file last exported in this session, the only one a front end may open.
    pub fn last_export(&self) -> AppResult<PathBuf> {
        lock(&self.last_export)
            .clone()
            .ok_or(AppError::NothingExported)
    }

    /// Writes every document still in memory; what cannot be written goes to a recovery file
    /// `recovered-draft-<id>-<time>.json` beside the database (or in the temporary folder).
    /// Called when the application exits.
    pub fn flush_unsaved(&self) -> Vec<Recovered> {
        let pending: Vec<(i64, Draft)> = lock(&self.unsaved).drain().collect();
        let mut recovered = Vec::new();
        for (id, draft) in pending {
            let Err(error) = self.with(|s| s.save(id, &draft)) else {
                continue;
            };
            let dir = self
                .path
                .as_deref()
                .and_then(Path::parent)
                .map(Path::to_path_buf)
                .unwrap_or_else(std::env::temp_dir);
            let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S");
            let file = dir.join(format!("recovered-draft-{id}-{stamp}.json"));
            let edition = self
                .with(|s| s.meta(id))
                .map(|m| m.rubric_edition)
                .unwrap_or_else(|_| self.editions.current().id().to_string());
            let name = draft.display_name();
            let written =
                write_draft_file(&name, &edition, draft, &file, &self.guard(false)).map(|()| file);
            recovered.push(Recovered {
                id,
                error,
                file: written,
            });
        }
        recovered
    }
}
