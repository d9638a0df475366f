//! Files through native dialogs: draft files, the forms as PDF or Word, the county summary,
//! backup and restore, and opening what was exported. A cancelled dialog returns `None`.

use std::path::PathBuf;

use labour_brand::app::{names, App, AppError, ExportFormat, RestoreReport};
use labour_brand::batch::Batch;
use labour_brand::pdf::{ExportInfo, ExportOptions};
use labour_brand::store::DraftMeta;
use labour_brand::Draft;
use tauri::{AppHandle, State};
use tauri_plugin_opener::OpenerExt;

use super::CmdResult;
use crate::dialogs;

/// Imports a draft file chosen in the Open dialog.
#[tauri::command]
pub async fn import_draft(handle: AppHandle, app: State<'_, App>) -> CmdResult<Option<DraftMeta>> {
    dialogs::pick_draft_file(&handle)
        .map(|p| app.import_file(&p))
        .transpose()
}

/// Exports a stored draft to a draft file chosen in the Save dialog.
#[tauri::command]
pub async fn export_draft(
    handle: AppHandle,
    app: State<'_, App>,
    id: i64,
) -> CmdResult<Option<String>> {
    // With evidence, the draft goes out as a container that carries it.
    let name = app.draft_file_name(id)?;
    let container = name.ends_with(labour_brand::container::EXTENSION);
    let (filter, ext) = if container {
        (
            "劳务品牌草稿（含佐证材料）",
            labour_brand::container::EXTENSION,
        )
    } else {
        ("劳务品牌草稿", "json")
    };
    let Some(path) = dialogs::pick_save(&handle, &name, filter, ext) else {
        return Ok(None);
    };
    app.export_draft_to(id, &path, true, labour_brand::app::Evidence::Keep)?;
    Ok(Some(path.display().to_string()))
}

/// Exports the document the page holds (for instance one that could not be saved) to a draft
/// file chosen in the Save dialog.
#[tauri::command]
pub async fn export_unsaved(
    handle: AppHandle,
    app: State<'_, App>,
    edition: String,
    draft: Draft,
) -> CmdResult<Option<String>> {
    let name = names::unsaved(&draft);
    let Some(path) = dialogs::pick_save(&handle, &name, "劳务品牌草稿", "json") else {
        return Ok(None);
    };
    app.export_unsaved(&edition, draft, &path)?;
    Ok(Some(path.display().to_string()))
}

/// Exports the forms as PDF or Word to a file chosen in the Save dialog; the exported state
/// is kept as a version of the draft.
#[tauri::command]
pub async fn export_forms(
    handle: AppHandle,
    app: State<'_, App>,
    id: i64,
    draft: Draft,
    format: ExportFormat,
    options: ExportOptions,
) -> CmdResult<Option<ExportInfo>> {
    let (filter, ext) = match format {
        ExportFormat::Pdf => ("PDF 文件", "pdf"),
        ExportFormat::Docx => ("Word 文档", "docx"),
    };
    let Some(path) = dialogs::pick_save(&handle, &format.file_name(&draft), filter, ext) else {
        return Ok(None);
    };
    app.export_forms(id, &draft, format, &options, &path)
        .map(Some)
}

/// Which files to summarise: several files, or a folder.
#[derive(Debug, Clone, Copy, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Pick {
    /// Several draft files.
    Files,
    /// A folder (its .json files).
    Folder,
}

/// Scores several draft files (or a folder of them) chosen in the Open dialog into one summary
/// for the county bureau, kept for [`batch_save`].
#[tauri::command]
pub async fn batch_pick(
    handle: AppHandle,
    app: State<'_, App>,
    pick: Pick,
) -> CmdResult<Option<Batch>> {
    let dialog = dialogs::open_drafts(&handle);
    let picked = match pick {
        Pick::Files => dialog.blocking_pick_files().unwrap_or_default(),
        Pick::Folder => dialog.blocking_pick_folder().into_iter().collect(),
    };
    let paths: Vec<PathBuf> = picked
        .into_iter()
        .filter_map(|p| p.into_path().ok())
        .collect();
    Ok((!paths.is_empty()).then(|| app.summarise(&paths)))
}

/// Saves the last summary as .xlsx where the Save dialog says.
#[tauri::command]
pub async fn batch_save(handle: AppHandle, app: State<'_, App>) -> CmdResult<Option<String>> {
    let name = names::summary();
    let Some(path) = dialogs::pick_save(&handle, &name, "Excel 工作簿", "xlsx") else {
        return Ok(None);
    };
    app.save_summary(&path)?;
    Ok(Some(path.display().to_string()))
}

/// Backs every draft (with the recycle bin and history) up to a file chosen in the Save
/// dialog (which asked before replacing one).
#[tauri::command]
pub async fn backup_drafts(handle: AppHandle, app: State<'_, App>) -> CmdResult<Option<String>> {
    let name = names::backup();
    let Some(path) = dialogs::pick_save(&handle, &name, "草稿备份", "sqlite3") else {
        return Ok(None);
    };
    app.backup(&path, true)?;
    Ok(Some(path.display().to_string()))
}

/// Adds the drafts of a backup chosen in the Open dialog beside the existing ones.
#[tauri::command]
pub async fn restore_backup(
    handle: AppHandle,
    app: State<'_, App>,
) -> CmdResult<Option<RestoreReport>> {
    dialogs::pick_file(&handle, "草稿备份", "sqlite3")
        .map(|p| app.restore_backup(&p))
        .transpose()
}

/// Opens the file last exported in its default program.
#[tauri::command]
pub fn open_exported(handle: AppHandle, app: State<App>) -> CmdResult<()> {
    let path = app.last_export()?;
    handle
        .opener()
        .open_path(path.to_string_lossy(), None::<&str>)
        .map_err(|e| AppError::CannotOpen(e.to_string()))
}

/// Shows the file last exported in its folder.
#[tauri::command]
pub fn reveal_exported(handle: AppHandle, app: State<App>) -> CmdResult<()> {
    let path = app.last_export()?;
    handle
        .opener()
        .reveal_item_in_dir(path)
        .map_err(|e| AppError::CannotOpen(e.to_string()))
}
