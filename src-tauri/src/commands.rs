//! The commands the page invokes. Each calls the core and returns its types; errors are the
//! core's Chinese/English messages.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use labour_brand::draftfile::{self, DraftFile};
use labour_brand::pdf::{self, ExportInfo, ExportOptions};
use labour_brand::rubric::{Rubric, Standard};
use labour_brand::store::{DraftMeta, DraftRecord, HistoryEntry, Store, StoreError};
use labour_brand::summary::{self, DraftSummary, Evaluation};
use labour_brand::Draft;
use serde::Serialize;
use tauri::{AppHandle, State};
use tauri_plugin_dialog::DialogExt;
use tauri_plugin_opener::OpenerExt;

type CmdResult<T> = Result<T, String>;

/// The open draft store, or why it could not be opened.
pub struct AppState {
    store: Mutex<Result<Store, String>>,
    path: Option<PathBuf>,
}

impl AppState {
    /// Opens the default store; an unusable one is reported to the page, never overwritten.
    pub fn open() -> AppState {
        match Store::default_path() {
            Ok(path) => AppState {
                store: Mutex::new(Store::open(&path).map_err(|e| e.to_string())),
                path: Some(path),
            },
            Err(e) => AppState {
                store: Mutex::new(Err(e.to_string())),
                path: None,
            },
        }
    }

    fn with<T>(&self, f: impl FnOnce(&mut Store) -> Result<T, StoreError>) -> CmdResult<T> {
        let mut guard = self
            .store
            .lock()
            .map_err(|_| "内部错误：数据库锁异常 / store lock poisoned".to_string())?;
        match guard.as_mut() {
            Ok(store) => f(store).map_err(|e| e.to_string()),
            Err(e) => Err(e.clone()),
        }
    }
}

/// Whether the store is usable.
#[derive(Serialize)]
pub struct StoreStatus {
    ok: bool,
    error: Option<String>,
    path: Option<String>,
}

#[tauri::command]
pub fn store_status(state: State<AppState>) -> StoreStatus {
    let guard = state.store.lock().expect("store lock");
    StoreStatus {
        ok: guard.is_ok(),
        error: guard.as_ref().err().cloned(),
        path: state.path.as_ref().map(|p| p.display().to_string()),
    }
}

/// Sets an unusable database aside and starts a fresh one (only when the user asks).
#[tauri::command]
pub fn reset_store(state: State<AppState>) -> CmdResult<Option<String>> {
    let path = state
        .path
        .clone()
        .ok_or("找不到数据目录 / no data directory")?;
    let (store, aside) = Store::open_fresh(&path).map_err(|e| e.to_string())?;
    *state.store.lock().map_err(|_| "内部错误".to_string())? = Ok(store);
    Ok(aside.map(|p| p.display().to_string()))
}

#[tauri::command]
pub fn rubric() -> &'static Rubric {
    Rubric::city()
}

#[tauri::command]
pub fn list_drafts(state: State<AppState>) -> CmdResult<Vec<DraftSummary>> {
    state.with(|s| Ok(summary::summarize_all(&s.list()?, Rubric::city())))
}

#[tauri::command]
pub fn list_deleted(state: State<AppState>) -> CmdResult<Vec<DraftSummary>> {
    state.with(|s| Ok(summary::summarize_all(&s.list_deleted()?, Rubric::city())))
}

#[tauri::command]
pub fn create_draft(state: State<AppState>) -> CmdResult<DraftRecord> {
    let draft = Draft::default();
    state.with(|s| {
        s.create(&draft.display_name(), &draft, &Rubric::city().edition_id)
            .and_then(|m| s.load(m.id))
    })
}

#[tauri::command]
pub fn load_draft(state: State<AppState>, id: i64) -> CmdResult<DraftRecord> {
    state.with(|s| s.load(id))
}

#[tauri::command]
pub fn save_draft(state: State<AppState>, id: i64, draft: Draft) -> CmdResult<DraftMeta> {
    state.with(|s| s.save(id, &draft))
}

#[tauri::command]
pub fn evaluate(draft: Draft) -> Evaluation {
    summary::evaluate(&draft, Rubric::city(), Some(Standard::provincial()))
}

#[tauri::command]
pub fn rename_draft(state: State<AppState>, id: i64, name: String) -> CmdResult<DraftMeta> {
    state.with(|s| s.rename(id, name.trim()))
}

#[tauri::command]
pub fn duplicate_draft(state: State<AppState>, id: i64) -> CmdResult<DraftMeta> {
    state.with(|s| s.duplicate(id))
}

#[tauri::command]
pub fn delete_draft(state: State<AppState>, id: i64) -> CmdResult<DraftMeta> {
    state.with(|s| s.delete(id))
}

#[tauri::command]
pub fn undelete_draft(state: State<AppState>, id: i64) -> CmdResult<DraftMeta> {
    state.with(|s| s.undelete(id))
}

#[tauri::command]
pub fn purge_draft(state: State<AppState>, id: i64) -> CmdResult<()> {
    state.with(|s| s.purge(id))
}

#[tauri::command]
pub fn history(state: State<AppState>, id: i64) -> CmdResult<Vec<HistoryEntry>> {
    state.with(|s| s.history(id))
}

#[tauri::command]
pub fn restore_version(state: State<AppState>, id: i64, revision: i64) -> CmdResult<DraftRecord> {
    state.with(|s| s.restore(id, revision).and_then(|m| s.load(m.id)))
}

fn pick_open(app: &AppHandle) -> Option<PathBuf> {
    app.dialog()
        .file()
        .add_filter("劳务品牌草稿", &["json"])
        .blocking_pick_file()?
        .into_path()
        .ok()
}

fn pick_save(app: &AppHandle, name: &str, filter: &str, ext: &str) -> Option<PathBuf> {
    app.dialog()
        .file()
        .set_file_name(name)
        .add_filter(filter, &[ext])
        .blocking_save_file()?
        .into_path()
        .ok()
}

/// Imports a draft file chosen in the native Open dialog; `None` when cancelled.
#[tauri::command]
pub async fn import_draft(
    app: AppHandle,
    state: State<'_, AppState>,
) -> CmdResult<Option<DraftMeta>> {
    match pick_open(&app) {
        Some(path) => import_draft_path(state, path).map(Some),
        None => Ok(None),
    }
}

/// Imports the draft file at `path` as a new draft; a bad file writes nothing.
#[tauri::command]
pub fn import_draft_path(state: State<AppState>, path: PathBuf) -> CmdResult<DraftMeta> {
    let bytes = read_limited(&path)?;
    let file = draftfile::parse(&bytes).map_err(|e| e.to_string())?;
    let name = if file.name.trim().is_empty() {
        file.draft.display_name()
    } else {
        file.name.clone()
    };
    state.with(|s| s.create(&name, &file.draft, &Rubric::city().edition_id))
}

fn read_limited(path: &Path) -> CmdResult<Vec<u8>> {
    use std::io::Read;
    let f = std::fs::File::open(path)
        .map_err(|e| format!("无法打开文件 {}：{e} / cannot open file", path.display()))?;
    let mut bytes = Vec::new();
    f.take(draftfile::MAX_FILE_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("无法读取文件 {}：{e} / cannot read file", path.display()))?;
    Ok(bytes)
}

/// Exports a draft to a file chosen in the native Save dialog; `None` when cancelled.
#[tauri::command]
pub async fn export_draft(
    app: AppHandle,
    state: State<'_, AppState>,
    id: i64,
) -> CmdResult<Option<String>> {
    let rec = state.with(|s| s.load(id))?;
    match pick_save(
        &app,
        &format!("{}.json", rec.meta.name),
        "劳务品牌草稿",
        "json",
    ) {
        Some(path) => export_draft_path(state, id, path).map(Some),
        None => Ok(None),
    }
}

/// Writes a draft file to `path` (temporary file, then rename).
#[tauri::command]
pub fn export_draft_path(state: State<AppState>, id: i64, path: PathBuf) -> CmdResult<String> {
    let rec = state.with(|s| s.load(id))?;
    let text = DraftFile::new(&rec.meta.name, &rec.meta.rubric_edition, rec.draft).to_json() + "\n";
    let tmp = path.with_extension("json.tmp");
    std::fs::write(&tmp, text)
        .and_then(|_| std::fs::rename(&tmp, &path))
        .map_err(|e| format!("无法写入 {}：{e} / cannot write file", path.display()))?;
    Ok(path.display().to_string())
}

/// Exports the PDF to a file chosen in the native Save dialog; `None` when cancelled.
#[tauri::command]
pub async fn export_pdf(
    app: AppHandle,
    draft: Draft,
    options: ExportOptions,
) -> CmdResult<Option<ExportInfo>> {
    let name = format!("{}-推荐表与评分表.pdf", draft.display_name());
    match pick_save(&app, &name, "PDF 文件", "pdf") {
        Some(path) => export_pdf_to(draft, path, options).map(Some),
        None => Ok(None),
    }
}

/// Exports the PDF to `path` (the path the Save dialog would give).
#[tauri::command]
pub fn export_pdf_to(draft: Draft, path: PathBuf, options: ExportOptions) -> CmdResult<ExportInfo> {
    pdf::export_to_file(&draft, Rubric::city(), &options, &path).map_err(|e| e.to_string())
}

#[tauri::command]
pub fn open_path(app: AppHandle, path: String) -> CmdResult<()> {
    app.opener()
        .open_path(path, None::<&str>)
        .map_err(|e| format!("无法打开：{e} / cannot open"))
}

#[tauri::command]
pub fn reveal_path(app: AppHandle, path: String) -> CmdResult<()> {
    app.opener()
        .reveal_item_in_dir(path)
        .map_err(|e| format!("无法打开文件夹：{e} / cannot show folder"))
}

/// Called by the page once pending saves are written.
#[tauri::command]
pub fn quit(app: AppHandle) {
    app.exit(0);
}
