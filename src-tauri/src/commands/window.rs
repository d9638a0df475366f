//! The window's own commands: quit, and open (or show in its folder) the file last exported.

use labour_brand::app::{App, AppError};
use tauri::{AppHandle, State};
use tauri_plugin_opener::OpenerExt;

use super::CmdResult;

/// Ends the program once the page has saved (or the user chose to discard) what was pending.
#[tauri::command]
pub fn quit(handle: AppHandle, app: State<App>) {
    app.allow_close();
    handle.exit(0);
}

/// Opens the file last exported in this session with its program.
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
