//! The commands the page invokes. Every command of the application layer is declared once, in
//! the core's table ([`labour_brand::app::commands`]), which the browser edition serves too;
//! [`table`] runs it here with native dialogs for files. What is the window's alone lives
//! beside: [`window`] (quit, open what was exported) and, for the end-to-end tests only,
//! [`test_only`] (commands that take a path instead of a dialog, feature `e2e`).
//!
//! Paths never come from the page: files are chosen in native dialogs ([`crate::dialogs`]),
//! and only the file last exported may be opened.

pub mod window;

#[cfg(feature = "e2e")]
pub mod test_only;

use labour_brand::app::commands;
use labour_brand::app::{App, AppError};
use tauri::ipc::{Invoke, InvokeBody};
use tauri::Manager;

/// What a command returns.
pub type CmdResult<T> = Result<T, AppError>;

/// Runs a command of the core's table on a blocking thread (a dialog may be open, a PDF may
/// be made) and answers the page: the value, or the error as `{code, message_zh, …}`.
pub fn table(invoke: Invoke<tauri::Wry>) {
    let cmd = invoke.message.command().to_string();
    let args = match invoke.message.payload() {
        InvokeBody::Json(v) => v.clone(),
        InvokeBody::Raw(_) => serde_json::Value::Null,
    };
    let handle = invoke.message.webview().app_handle().clone();
    let resolver = invoke.resolver;
    tauri::async_runtime::spawn_blocking(move || {
        let app = handle.state::<App>();
        let io = crate::dialogs::WindowIo { handle: &handle };
        match commands::call(&app, &io, &cmd, &args) {
            Ok(v) => resolver.resolve(v),
            Err(e) => resolver.reject(e.to_json()),
        }
    });
}
