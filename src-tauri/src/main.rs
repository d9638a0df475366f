//! 劳务品牌申报助手 — the desktop shell. Every command is a few lines over the `labour_brand`
//! core; no rubric or validation logic lives here or in the page.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;

use std::sync::atomic::{AtomicBool, Ordering};

use tauri::{Emitter, Manager, WindowEvent};

/// Set once the page has been asked to save and close; a second close request then closes.
static CLOSE_ASKED: AtomicBool = AtomicBool::new(false);

fn main() {
    let state = commands::AppState::open();
    tauri::Builder::default()
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            if let Some(w) = app.get_webview_window("main") {
                let _ = w.unminimize();
                let _ = w.show();
                let _ = w.set_focus();
            }
        }))
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .manage(state)
        .on_window_event(|window, event| {
            if let WindowEvent::CloseRequested { api, .. } = event {
                if !CLOSE_ASKED.swap(true, Ordering::SeqCst) {
                    // Let the page save what is pending first; it calls `quit` when done.
                    api.prevent_close();
                    let _ = window.emit("app://close-requested", ());
                }
            }
        })
        .invoke_handler(tauri::generate_handler![
            commands::store_status,
            commands::reset_store,
            commands::rubric,
            commands::list_drafts,
            commands::list_deleted,
            commands::create_draft,
            commands::load_draft,
            commands::save_draft,
            commands::evaluate,
            commands::rename_draft,
            commands::duplicate_draft,
            commands::delete_draft,
            commands::undelete_draft,
            commands::purge_draft,
            commands::history,
            commands::restore_version,
            commands::import_draft,
            commands::import_draft_path,
            commands::export_draft,
            commands::export_draft_path,
            commands::export_pdf,
            commands::export_pdf_to,
            commands::open_path,
            commands::reveal_path,
            commands::quit,
        ])
        .run(tauri::generate_context!())
        .expect("error while running the application");
}
