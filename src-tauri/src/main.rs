//! 劳务品牌申报助手 — the desktop shell. Every command is a few lines over the application
//! layer of the `labour_brand` core ([`labour_brand::app`]); no rubric or validation logic lives
//! here or in the page. `commands/` holds the commands by area, `dialogs` the native file
//! dialogs, `platform` the window and what differs by OS.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;
mod dialogs;
mod platform;
mod recovery;

use tauri::{Emitter, Manager, RunEvent, WindowEvent};

use labour_brand::app::{App, CloseAction};

/// The invoke handler: the shell's own commands (`$extra` adds the test-only ones), and every
/// command of the application layer's one table ([`labour_brand::app::commands`]), run on a
/// blocking thread with native dialogs for files ([`dialogs::WindowIo`]).
macro_rules! handler {
    ($($extra:path),*) => {{
        let shell: Box<dyn Fn(tauri::ipc::Invoke<tauri::Wry>) -> bool + Send + Sync> =
            Box::new(tauri::generate_handler![
                commands::window::quit,
                commands::window::open_exported,
                commands::window::reveal_exported,
                $($extra),*
            ]);
        move |invoke: tauri::ipc::Invoke<tauri::Wry>| -> bool {
            if labour_brand::app::commands::exists(invoke.message.command()) {
                commands::table(invoke);
                true
            } else {
                shell(invoke)
            }
        }
    }};
}

fn main() {
    platform::before_webview_starts();
    if !platform::webview_runtime_present() {
        // An offline PC without WebView2: the same app in the default browser (local browser
        // mode over the same application layer), instead of only a message.
        let app = labour_brand::app::App::open_default();
        match labour_brand::web::Server::start(std::sync::Arc::new(app), 0) {
            Ok(server) => {
                // The browser starts on a private file with a one-time link (no secret on a
                // command line); the notice names the address only.
                let dir = labour_brand::web::runtime_dir(&std::env::temp_dir());
                match server.login_file(&dir) {
                    Ok(file) => platform::open_in_browser(&file.to_string_lossy()),
                    Err(_) => platform::open_in_browser(&server.login_url()),
                }
                platform::notice(&platform::webview2_missing_browser(&server.address()));
                server.wait();
                std::process::exit(0);
            }
            Err(e) => {
                platform::fatal(&format!("{}\n\n（{e}）", platform::WEBVIEW2_MISSING));
                std::process::exit(3);
            }
        }
    }
    let builder = tauri::Builder::default()
        // First: a second start only focuses the running window, before any store is opened.
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            if let Some(w) = platform::main_window(app) {
                let _ = w.unminimize();
                let _ = w.show();
                let _ = w.set_focus();
            }
        }))
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .setup(|app| {
            app.manage(App::open_default());
            if let Err(e) = platform::create_main_window(app.handle(), Default::default()) {
                // Tauri panics on a failed setup; say what happened instead.
                platform::fatal(&format!("劳务品牌申报助手无法打开窗口：{e}"));
                std::process::exit(1);
            }
            Ok(())
        })
        .on_window_event(|window, event| {
            if let WindowEvent::CloseRequested { api, .. } = event {
                match window.state::<App>().close_requested() {
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
        commands::test_only::export_forms_to,
        commands::test_only::batch_paths,
        commands::test_only::batch_save_to,
        commands::test_only::backup_to,
        commands::test_only::restore_backup_from,
        commands::test_only::request_close,
        commands::test_only::add_evidence_paths,
        commands::test_only::export_bundle_to,
        commands::test_only::review_receive_paths,
        commands::test_only::review_save_to
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
            for r in app.state::<App>().flush_unsaved() {
                eprintln!(
                    "草稿 {} 退出时仍无法保存（{}），已写入恢复文件：{:?}",
                    r.id, r.error, r.file
                );
            }
        }
    });
}
