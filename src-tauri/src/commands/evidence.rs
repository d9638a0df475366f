//! 佐证材料: attach files to an item (native Open dialog, or the bytes of files dropped on the
//! page), list, rename, reorder, remove, and export the application bundle (申报材料).

use labour_brand::app::{names, App, Attached};
use labour_brand::bundle::BundleInfo;
use labour_brand::store::EvidenceFile;
use labour_brand::Draft;
use tauri::{AppHandle, State};

use super::CmdResult;
use crate::dialogs;

/// The attachments of a draft, by item and position.
#[tauri::command]
pub fn list_evidence(app: State<App>, id: i64) -> CmdResult<Vec<EvidenceFile>> {
    app.evidence(id)
}

/// Attaches files chosen in the Open dialog (several at once) to an item.
#[tauri::command]
pub async fn add_evidence(
    handle: AppHandle,
    app: State<'_, App>,
    id: i64,
    item: String,
) -> CmdResult<Option<Attached>> {
    let picked = dialogs::pick_evidence(&handle);
    Ok((!picked.is_empty()).then(|| app.attach_files(id, &item, &picked)))
}

/// Attaches one file dropped on an item: its bytes as base64 text (what every IPC path, and a
/// later local web page, carries intact), never its path.
#[tauri::command(async)]
pub fn add_evidence_data(
    app: State<'_, App>,
    id: i64,
    item: String,
    name: String,
    data: String,
) -> CmdResult<EvidenceFile> {
    app.add_evidence_base64(id, &item, &name, &data)
}

#[tauri::command]
pub fn retitle_evidence(app: State<App>, evidence: i64, title: String) -> CmdResult<EvidenceFile> {
    app.retitle_evidence(evidence, &title)
}

/// Moves an attachment up (-1) or down (1) in its item's list.
#[tauri::command]
pub fn move_evidence(app: State<App>, evidence: i64, by: i64) -> CmdResult<()> {
    app.move_evidence(evidence, by)
}

#[tauri::command]
pub fn remove_evidence(app: State<App>, evidence: i64) -> CmdResult<()> {
    app.remove_evidence(evidence)
}

/// Exports the application bundle to a file chosen in the Save dialog.
#[tauri::command]
pub async fn export_bundle(
    handle: AppHandle,
    app: State<'_, App>,
    id: i64,
    draft: Draft,
    compact: bool,
) -> CmdResult<Option<BundleInfo>> {
    let name = names::bundle(&draft);
    let Some(path) = dialogs::pick_save(&handle, &name, "PDF 文件", "pdf") else {
        return Ok(None);
    };
    app.export_bundle(id, &draft, compact, &path, true)
        .map(Some)
}
