//! 佐证材料: attach files to an item (native Open dialog, or the bytes of files dropped on the
//! page), list, rename, reorder, remove, and export the application bundle (申报材料).

use labour_brand::app::{App, AppError};
use labour_brand::bundle::BundleInfo;
use labour_brand::store::EvidenceFile;
use labour_brand::Draft;
use serde::Serialize;
use tauri::{AppHandle, State};

use super::CmdResult;
use crate::dialogs;

/// What an attach added, and the files it refused with why.
#[derive(Serialize)]
pub struct Attached {
    added: Vec<EvidenceFile>,
    refused: Vec<AppError>,
}

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
    Ok((!picked.is_empty()).then(|| attach_all(&app, id, &item, &picked)))
}

/// Attaches each file, keeping going past the ones refused.
pub fn attach_all(app: &App, id: i64, item: &str, paths: &[std::path::PathBuf]) -> Attached {
    let (mut added, mut refused) = (Vec::new(), Vec::new());
    for path in paths {
        match app.add_evidence(id, item, path) {
            Ok(f) => added.push(f),
            Err(e) => refused.push(e),
        }
    }
    Attached { added, refused }
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
    use base64::Engine;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(data.as_bytes())
        .map_err(|e| {
            AppError::from(labour_brand::evidence::EvidenceError::Damaged {
                file: name.clone(),
                detail: format!("传输中损坏：{e}"),
            })
        })?;
    app.add_evidence_bytes(id, &item, &name, &bytes)
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
    let name = format!("{}-申报材料.pdf", draft.display_name());
    let Some(path) = dialogs::pick_save(&handle, &name, "PDF 文件", "pdf") else {
        return Ok(None);
    };
    app.export_bundle(id, &draft, compact, &path, true)
        .map(Some)
}
