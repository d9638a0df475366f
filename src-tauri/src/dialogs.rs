//! The native file dialogs: the only way a path reaches the application from the window
//! (script in the page could otherwise read, write or open arbitrary files).

use std::path::{Path, PathBuf};

use labour_brand::app::commands::{CommandError, CommandResult, FileIo, Pick, Save};
use serde_json::Value;
use tauri::{AppHandle, Manager};
use tauri_plugin_dialog::{DialogExt, FileDialogBuilder};

/// A dialog over the main window, starting in the user's Documents folder.
fn dialog(app: &AppHandle) -> FileDialogBuilder<tauri::Wry> {
    let mut d = app.dialog().file();
    if let Some(dir) = app.path().document_dir().ok().filter(|d| d.is_dir()) {
        d = d.set_directory(dir);
    }
    if let Some(w) = crate::platform::main_window(app) {
        d = d.set_parent(&w);
    }
    d
}

/// The Open dialog for files of one kind.
pub fn open(app: &AppHandle, filter: &str, ext: &str) -> FileDialogBuilder<tauri::Wry> {
    dialog(app).add_filter(filter, &[ext])
}

/// One file chosen in the Open dialog; `None` when cancelled.
pub fn pick_file(app: &AppHandle, filter: &str, ext: &str) -> Option<PathBuf> {
    open(app, filter, ext)
        .blocking_pick_file()?
        .into_path()
        .ok()
}

/// The Open dialog for draft files: plain (.json) or with their evidence (.lbdraft).
pub fn open_drafts(app: &AppHandle) -> FileDialogBuilder<tauri::Wry> {
    dialog(app).add_filter(
        "劳务品牌草稿",
        &["json", labour_brand::container::EXTENSION],
    )
}

/// A draft file chosen in the Open dialog.
pub fn pick_draft_file(app: &AppHandle) -> Option<PathBuf> {
    open_drafts(app).blocking_pick_file()?.into_path().ok()
}

/// Evidence files (PDF, JPG, PNG) chosen in the Open dialog, several at once.
pub fn pick_evidence(app: &AppHandle) -> Vec<PathBuf> {
    dialog(app)
        .add_filter(
            "佐证材料（PDF、图片）",
            &["pdf", "jpg", "jpeg", "png", "PDF", "JPG", "JPEG", "PNG"],
        )
        .blocking_pick_files()
        .unwrap_or_default()
        .into_iter()
        .filter_map(|p| p.into_path().ok())
        .collect()
}

/// Where to save, proposing `name`; the dialog itself asks before replacing a file.
pub fn pick_save(app: &AppHandle, name: &str, filter: &str, ext: &str) -> Option<PathBuf> {
    dialog(app)
        .set_file_name(name)
        .add_filter(filter, &[ext])
        .blocking_save_file()?
        .into_path()
        .ok()
}

/// Files through native dialogs, for the core's command table.
pub struct WindowIo<'a> {
    /// The application.
    pub handle: &'a AppHandle,
}

impl FileIo for WindowIo<'_> {
    fn pick(&self, pick: Pick, args: &Value) -> Result<Option<Vec<PathBuf>>, CommandError> {
        let h = self.handle;
        let picked = match pick {
            Pick::DraftFile => pick_draft_file(h).into_iter().collect(),
            Pick::Backup => pick_file(h, "草稿备份", "sqlite3").into_iter().collect(),
            Pick::Evidence => pick_evidence(h),
            Pick::DraftFiles => {
                let dialog = open_drafts(h);
                let chosen = if args.get("pick").and_then(Value::as_str) == Some("folder") {
                    dialog.blocking_pick_folder().into_iter().collect()
                } else {
                    dialog.blocking_pick_files().unwrap_or_default()
                };
                chosen
                    .into_iter()
                    .filter_map(|p| p.into_path().ok())
                    .collect()
            }
        };
        Ok((!Vec::is_empty(&picked)).then_some(picked))
    }

    fn save_to(&self, save: &Save) -> Result<Option<PathBuf>, CommandError> {
        Ok(pick_save(self.handle, &save.name, save.filter, save.ext))
    }

    /// The window shows where the file went: an export's information (with its path), else
    /// the path.
    fn saved(&self, path: &Path, result: Value) -> CommandResult {
        Ok(match result {
            Value::Object(_) => result,
            _ => Value::String(path.display().to_string()),
        })
    }
}
