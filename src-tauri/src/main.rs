//! 劳务品牌申报助手 — the desktop shell. Every command is a few lines over the `labour_brand`
//! core; no rubric or validation logic lives here or in the page.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;
mod error;
mod platform;

use tauri::{Emitter, Manager, RunEvent, WindowEvent};

use commands::{AppState, CloseAction};

/// The handler with every command; `$extra` adds the test-only ones.
macro_rules! handler {
    ($($extra:path),*) => {
        tauri::generate_handler![
            commands::store_status,
            commands::reset_store,
            commands::rubric,
            commands::list_drafts,
            commands::list_deleted,
            commands::create_draft,
            commands::load_draft,
            commands::close_draft,
            commands::open_draft,
            commands::save_draft,
            commands::discard_unsaved,
            commands::evaluate,
            commands::version_code,
            commands::rename_draft,
            commands::duplicate_draft,
            commands::delete_draft,
            commands::undelete_draft,
            commands::purge_draft,
            commands::history,
            commands::name_version,
            commands::restore_version,
            commands::import_draft,
            commands::export_draft,
            commands::export_unsaved,
            commands::export_pdf,
            commands::export_word,
            commands::batch_pick,
            commands::batch_save,
            commands::backup_drafts,
            commands::restore_backup,
            commands::open_exported,
            commands::reveal_exported,
            commands::close_answered,
            commands::close_cancelled,
            commands::quit,
            $($extra),*
        ]
    };
}

fn main() {
    platform::before_webview_starts();
    if !platform::webview_runtime_present() {
        platform::fatal(platform::WEBVIEW2_MISSING);
        std::process::exit(3);
    }
    let builder = tauri::Builder::default()
        // First: a second start only focuses the running window, before any store is opened.
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
        .setup(|app| {
            app.manage(AppState::open());
            if let Err(e) = platform::create_main_window(app) {
                // Tauri panics on a failed setup; say what happened instead.
                platform::fatal(&format!("劳务品牌申报助手无法打开窗口：{e}"));
                std::process::exit(1);
            }
            Ok(())
        })
        .on_window_event(|window, event| {
            if let WindowEvent::CloseRequested { api, .. } = event {
                match window.state::<AppState>().close_requested() {
                    CloseAction::Close => {}
                    CloseAction::Wait => api.prevent_close(),
                    CloseAction::AskPage => {
                        // The page saves what is pending (or asks the user) and calls `quit`.
                        api.prevent_close();
                        let _ = window.emit("app://close-requested", ());
                    }
                }
            }
        });
    #[cfg(feature = "e2e")]
    let builder = builder.invoke_handler(handler![
        commands::test_only::import_draft_path,
        commands::test_only::export_draft_path,
        commands::test_only::export_pdf_to,
        commands::test_only::export_word_to,
        commands::test_only::batch_paths,
        commands::test_only::batch_save_to,
        commands::test_only::backup_to,
        commands::test_only::restore_backup_from,
        commands::test_only::request_close
    ]);
    #[cfg(not(feature = "e2e"))]
    let builder = builder.invoke_handler(handler![]);
    let app = match builder.build(tauri::generate_context!()) {
        Ok(app) => app,
        Err(e) => {
            platform::fatal(&format!("劳务品牌申报助手无法启动：{e}"));
            std::process::exit(1);
        }
    };
    app.run(|app, event| {
        if let RunEvent::Exit = event {
            app.state::<AppState>().flush_unsaved();
        }
    });
}
