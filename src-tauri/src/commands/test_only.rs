//! Commands that take a path from the page: only for the end-to-end tests, never in a release
//! build (feature `e2e`). Each does what its dialog twin does with the path the dialog would give.

use std::path::PathBuf;

use labour_brand::app::{App, AppError, ExportFormat, RestoreReport};
use labour_brand::batch::Batch;
use labour_brand::pdf::{ExportInfo, ExportOptions};
use labour_brand::store::DraftMeta;
use labour_brand::Draft;
use tauri::{AppHandle, State};

use super::CmdResult;

/// Imports the draft file at `path`.
#[tauri::command]
pub fn import_draft_path(app: State<App>, path: PathBuf) -> CmdResult<DraftMeta> {
    app.import_file(&path)
}

/// Writes a stored draft to `path`.
#[tauri::command]
pub fn export_draft_path(app: State<App>, id: i64, path: PathBuf) -> CmdResult<String> {
    app.export_draft_to(id, &path, true, labour_brand::app::Evidence::Keep)?;
    Ok(path.display().to_string())
}

/// Exports the forms to `path`.
#[tauri::command]
pub fn export_forms_to(
    app: State<App>,
    id: i64,
    draft: Draft,
    format: ExportFormat,
    path: PathBuf,
    options: ExportOptions,
) -> CmdResult<ExportInfo> {
    app.export_forms(id, &draft, format, &options, &path)
}

/// Summarises the draft files and folders at `paths`.
#[tauri::command]
pub fn batch_paths(app: State<App>, paths: Vec<PathBuf>) -> Batch {
    app.summarise(&paths)
}

/// Writes the last summary to `path`.
#[tauri::command]
pub fn batch_save_to(app: State<App>, path: PathBuf) -> CmdResult<String> {
    app.save_summary(&path)?;
    Ok(path.display().to_string())
}

/// Backs every draft up to `path`.
#[tauri::command]
pub fn backup_to(app: State<App>, path: PathBuf) -> CmdResult<String> {
    app.backup(&path, true)?;
    Ok(path.display().to_string())
}

/// Restores the backup at `path`.
#[tauri::command]
pub fn restore_backup_from(app: State<App>, path: PathBuf) -> CmdResult<RestoreReport> {
    app.restore_backup(&path)
}

/// Asks the window to close as the window manager's close button would (Xvfb has none).
#[tauri::command]
pub fn request_close(handle: AppHandle) -> CmdResult<()> {
    crate::platform::main_window(&handle)
        .ok_or_else(|| AppError::CannotOpen("no main window".into()))?
        .close()
        .map_err(|e| AppError::CannotOpen(e.to_string()))
}

/// Attaches the files at `paths` to an item.
#[tauri::command]
pub fn add_evidence_paths(
    app: State<App>,
    id: i64,
    item: String,
    paths: Vec<PathBuf>,
) -> labour_brand::app::Attached {
    app.attach_files(id, &item, &paths)
}

/// Exports the bundle to `path`.
#[tauri::command]
pub fn export_bundle_to(
    app: State<App>,
    id: i64,
    draft: Draft,
    compact: bool,
    path: PathBuf,
) -> CmdResult<labour_brand::bundle::BundleInfo> {
    app.export_bundle(id, &draft, compact, &path, true)
}

/// Receives the draft files and folders at `paths` into the county's desk.
#[tauri::command]
pub fn review_receive_paths(
    app: State<App>,
    paths: Vec<PathBuf>,
) -> CmdResult<labour_brand::review::ReceiveReport> {
    app.desk_receive(&paths)
}

/// Writes an output of the county's desk to `path`.
#[tauri::command]
pub fn review_save_to(
    app: State<App>,
    what: String,
    format: Option<String>,
    version: Option<String>,
    path: PathBuf,
) -> CmdResult<String> {
    let format = format.unwrap_or_else(|| "pdf".into());
    let out = labour_brand::review::Output::parse(&what, &format, version.as_deref())
        .ok_or_else(|| AppError::CannotOpen(format!("{what} {format}")))?;
    app.desk_output(&out, &path)?;
    Ok(path.display().to_string())
}
