//! The page's commands over HTTP: the application layer's one command table
//! ([`crate::app::commands`]) with the browser's way of handling files — what a window picks in
//! a native dialog arrives as uploads named in the arguments (`files: [{name, upload}]`), and
//! what it saves is offered as a download ([`super::files`]). The browser's own commands
//! (`quit`, `ping`) are answered by the server itself.

use std::path::{Path, PathBuf};

use serde_json::{json, Value};

use super::files::{Transfers, UploadRef};
use crate::app::commands::{self, arg, CommandError, CommandResult, FileIo, Pick, Save};
use crate::app::App;

/// Files through the browser.
pub struct BrowserIo<'a> {
    /// This start's uploads and downloads.
    pub transfers: &'a Transfers,
}

fn transport(zh: String) -> CommandError {
    CommandError::Transport {
        code: "upload_gone",
        en: "an upload of this page is no longer there: choose the file again".into(),
        zh,
    }
}

impl FileIo for BrowserIo<'_> {
    fn pick(&self, _pick: Pick, args: &Value) -> Result<Option<Vec<PathBuf>>, CommandError> {
        match arg::<Option<Vec<UploadRef>>>(args, "files")? {
            Some(refs) if !refs.is_empty() => {
                Ok(Some(self.transfers.take_uploads(&refs).map_err(transport)?))
            }
            _ => Ok(None),
        }
    }

    fn save_to(&self, save: &Save) -> Result<Option<PathBuf>, CommandError> {
        self.transfers
            .outgoing(&save.name)
            .map(Some)
            .map_err(|e| CommandError::Transport {
                code: "download_failed",
                zh: format!("无法准备下载：{e}"),
                en: format!("cannot prepare the download: {e}"),
            })
    }

    /// `{download, name, result}`: the page fetches the download and shows `result`; no path
    /// of the server's reaches the page (an export's `path` is the file name alone).
    fn saved(&self, path: &Path, mut result: Value) -> CommandResult {
        let download = self
            .transfers
            .offer(path)
            .map_err(|e| CommandError::Transport {
                code: "download_failed",
                zh: format!("无法准备下载：{e}"),
                en: format!("cannot prepare the download: {e}"),
            })?;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if let Some(p) = result.get_mut("path") {
            *p = Value::String(name.clone());
        }
        Ok(json!({ "download": download, "name": name, "result": result }))
    }
}

/// Runs command `cmd` of the table with `args`; `None` for the server's own commands.
pub fn call(app: &App, transfers: &Transfers, cmd: &str, args: &Value) -> CommandResult {
    match cmd {
        // An open tab says it is still there (see `Server::stop_when_idle`).
        "ping" => Ok(Value::Null),
        // The browser shows its downloads itself.
        "open_exported" | "reveal_exported" => Ok(Value::Null),
        _ => commands::call(app, &BrowserIo { transfers }, cmd, args),
    }
}
