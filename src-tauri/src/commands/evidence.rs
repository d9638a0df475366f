//! 佐证材料: attach files to an item (native Open dialog, or the bytes of files dropped on the
//! page), list, rename, reorder, remove, and export the application bundle (申报材料).

use labour_brand::app::{App, AppError};
use labour_brand::bundle::BundleInfo;
use labour_brand::store::EvidenceFile;
use labour_brand::Draft;
use serde::Serialize;
use tauri::ipc::{InvokeBody, Request};
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

/// Attaches the bytes of one file dropped on an item: the raw request body, with the draft,
/// the item and the file's name (URI-encoded) in the `x-draft`, `x-item`, `x-name` headers.
#[tauri::command]
pub async fn add_evidence_bytes(
    app: State<'_, App>,
    request: Request<'_>,
) -> CmdResult<EvidenceFile> {
    let header = |k: &str| {
        request
            .headers()
            .get(k)
            .and_then(|v| v.to_str().ok())
            .map(|v| percent_decode(v))
            .unwrap_or_default()
    };
    let id: i64 = header("x-draft")
        .parse()
        .map_err(|_| AppError::NoSuchItem("x-draft".into()))?;
    let (item, name) = (header("x-item"), header("x-name"));
    let InvokeBody::Raw(bytes) = request.body() else {
        return Err(AppError::NoSuchItem("body".into()));
    };
    app.add_evidence_bytes(id, &item, &name, bytes)
}

/// Decodes `%XX` escapes (what `encodeURIComponent` writes); other bytes stay.
fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        match (
            b[i],
            b.get(i + 1).and_then(|c| hex(*c)),
            b.get(i + 2).and_then(|c| hex(*c)),
        ) {
            (b'%', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            (c, _, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
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

#[cfg(test)]
mod tests {
    #[test]
    fn a_dropped_file_name_is_decoded_as_the_page_encoded_it() {
        assert_eq!(
            super::percent_decode("%E5%95%86%E6%A0%87%20a.pdf"),
            "商标 a.pdf"
        );
        assert_eq!(super::percent_decode("plain%2"), "plain%2");
    }
}
