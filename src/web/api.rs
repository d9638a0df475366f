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
    /// The uploads the command took: removed once it is done.
    taken: std::cell::RefCell<Vec<PathBuf>>,
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
                let paths = self.transfers.take_uploads(&refs).map_err(transport)?;
                self.taken.borrow_mut().extend(paths.iter().cloned());
                Ok(Some(paths))
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

/// Runs command `cmd` of the table with `args`, or one of the server's own commands. The
/// uploads it used are removed afterwards, and no path of the server's private folder reaches
/// the page in an error.
pub fn call(app: &App, transfers: &Transfers, cmd: &str, args: &Value) -> Result<Value, Value> {
    let io = BrowserIo {
        transfers,
        taken: Default::default(),
    };
    let result = match cmd {
        // An open tab says it is still there (see `Server::stop_when_idle`).
        "ping" => Ok(Value::Null),
        // The browser shows its downloads itself.
        "open_exported" | "reveal_exported" => Ok(Value::Null),
        _ => commands::call(app, &io, cmd, args),
    };
    transfers.discard(&io.taken.borrow());
    result.map_err(|e| without_paths(e.to_json(), transfers.dir()))
}

/// An error's texts with the server's private folder taken out of any path they name.
fn without_paths(mut v: Value, dir: &Path) -> Value {
    let dir = dir.display().to_string();
    if let Value::Object(map) = &mut v {
        for (_, text) in map.iter_mut() {
            if let Value::String(s) = text {
                if s.contains(&dir) {
                    // "<dir>/out-<token>/名.pdf" → "名.pdf".
                    let mut out = String::new();
                    let mut rest = s.as_str();
                    while let Some(i) = rest.find(&dir) {
                        out.push_str(&rest[..i]);
                        let after = &rest[i + dir.len()..];
                        let end = after
                            .find(|c: char| c.is_whitespace() || "：:，,）)".contains(c))
                            .unwrap_or(after.len());
                        let path = &after[..end];
                        out.push_str(path.rsplit(['/', '\\']).next().unwrap_or(""));
                        rest = &after[end..];
                    }
                    out.push_str(rest);
                    *s = out;
                }
            }
        }
    }
    v
}
