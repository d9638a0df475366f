//! The store's state for the start page, and the close handshake with the page.

use labour_brand::app::{App, StoreStatus};
use tauri::{AppHandle, State};

use super::CmdResult;

/// Whether the draft store is usable, and whether setting it aside may be offered.
#[tauri::command]
pub fn store_status(app: State<App>) -> StoreStatus {
    app.status()
}

/// Sets a damaged database aside and starts a fresh one, only if a read-only check confirms
/// the damage; returns where the old one went.
#[tauri::command]
pub fn reset_store(app: State<App>) -> CmdResult<Option<String>> {
    Ok(app.reset_store()?.map(|p| p.display().to_string()))
}

/// The page has seen the close request and is saving (or asking the user).
#[tauri::command]
pub fn close_answered(app: State<App>) {
    app.close_answered();
}

/// The user chose to stay: a later close asks again.
#[tauri::command]
pub fn close_cancelled(app: State<App>) {
    app.close_cancelled();
}

/// Called by the page once pending saves are written (or the user agreed to leave).
#[tauri::command]
pub fn quit(handle: AppHandle, app: State<App>) {
    app.allow_close();
    handle.exit(0);
}
