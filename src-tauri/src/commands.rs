//! The commands the page invokes. Each calls the core and returns its types; errors are the
//! core's Chinese/English messages.
//!
//! Paths never come from the page: files are chosen in native dialogs here, and the last
//! exported file is remembered here, so that script in the page could not read, write or open
//! arbitrary files. The commands that take a path exist only for the end-to-end tests
//! (feature `e2e`, see [`test_only`]).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use labour_brand::batch::{self, Batch};
use labour_brand::docx;
use labour_brand::draftfile::{self, DraftFile};
use labour_brand::output::{self, OutputKind};
use labour_brand::pdf::{self, ExportInfo, ExportOptions};
use labour_brand::rubric::{Rubric, Standard};
use labour_brand::store::{DraftMeta, DraftRecord, Store, StoreError, VersionReason};
use labour_brand::summary::{self, DraftSummary, Evaluation, VersionSummary};
use labour_brand::Draft;
use serde::Serialize;
use tauri::{AppHandle, Manager, State};
use tauri_plugin_dialog::{DialogExt, FileDialogBuilder};
use tauri_plugin_opener::OpenerExt;

use crate::error::{CmdError, CmdResult};

/// How long the page has to answer a close request before it is taken for dead.
const PAGE_ANSWER: Duration = Duration::from_secs(3);

/// The window's close handshake with the page.
#[derive(Default)]
struct Closing {
    asked_at: Option<Instant>,
    answered: bool,
    allowed: bool,
}

impl Closing {
    /// What a close request at `now` does.
    fn decide(&mut self, now: Instant) -> CloseAction {
        if self.allowed {
            return CloseAction::Close;
        }
        match (self.asked_at, self.answered) {
            // Asked, never answered, long enough: the page is dead; close (unsaved text in
            // memory is written at exit).
            (Some(at), false) if now.duration_since(at) >= PAGE_ANSWER => CloseAction::Close,
            // Asked and not yet answered: ask again, keeping the first time.
            (Some(_), false) => CloseAction::AskPage,
            // The page is asking the user.
            (Some(_), true) => CloseAction::Wait,
            (None, _) => {
                self.asked_at = Some(now);
                CloseAction::AskPage
            }
        }
    }
}

/// Why the draft store cannot be used, kept for the start page.
#[derive(Debug, Clone)]
struct StoreFault {
    error: CmdError,
    /// The database itself is unusable (damaged, foreign, newer): setting it aside is offered.
    damage: bool,
}

impl From<StoreError> for StoreFault {
    fn from(e: StoreError) -> Self {
        StoreFault {
            damage: e.is_damage(),
            error: e.into(),
        }
    }
}

/// The open draft store, or why it could not be opened, and what the window is doing.
pub struct AppState {
    store: Mutex<Result<Store, StoreFault>>,
    path: Option<PathBuf>,
    /// Documents the page sent that are not yet in the database (a save failed or is running):
    /// kept here so that a reloaded page, or the exit, still has them.
    unsaved: Mutex<HashMap<i64, Draft>>,
    /// The draft open in the editor, reopened after the page process is restarted.
    open_draft: Mutex<Option<i64>>,
    /// The file last written by an export, the only file `open_exported` may open.
    last_export: Mutex<Option<PathBuf>>,
    /// The summary last made of several draft files, the one "保存为 Excel" writes.
    last_batch: Mutex<Option<Batch>>,
    closing: Mutex<Closing>,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl AppState {
    /// Opens the default store; an unusable one is reported to the page, never overwritten.
    pub fn open() -> AppState {
        let (store, path) = match Store::default_path() {
            Ok(path) => (Store::open(&path).map_err(StoreFault::from), Some(path)),
            Err(e) => (Err(e.into()), None),
        };
        AppState {
            store: Mutex::new(store),
            path,
            unsaved: Mutex::default(),
            open_draft: Mutex::default(),
            last_export: Mutex::default(),
            last_batch: Mutex::default(),
            closing: Mutex::default(),
        }
    }

    fn with<T>(&self, f: impl FnOnce(&mut Store) -> Result<T, StoreError>) -> CmdResult<T> {
        match lock(&self.store).as_mut() {
            Ok(store) => f(store).map_err(CmdError::from),
            Err(fault) => Err(fault.error.clone()),
        }
    }

    /// Saves a document, keeping it in memory until it is in the database.
    fn save(&self, id: i64, draft: &Draft) -> CmdResult<DraftMeta> {
        lock(&self.unsaved).insert(id, draft.clone());
        let meta = self.with(|s| s.save(id, draft))?;
        let mut unsaved = lock(&self.unsaved);
        if unsaved.get(&id) == Some(draft) {
            unsaved.remove(&id);
        }
        Ok(meta)
    }

    /// Writes every document still in memory; what cannot be written goes to a recovery file
    /// beside the database. Called when the app exits.
    pub fn flush_unsaved(&self) {
        let pending: Vec<(i64, Draft)> = lock(&self.unsaved).drain().collect();
        for (id, draft) in pending {
            if let Err(e) = self.with(|s| s.save(id, &draft)) {
                let dir = self
                    .path
                    .as_deref()
                    .and_then(Path::parent)
                    .map(Path::to_path_buf)
                    .unwrap_or_else(std::env::temp_dir);
                let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S");
                let file = dir.join(format!("recovered-draft-{id}-{stamp}.json"));
                let name = draft.display_name();
                let written =
                    write_draft_file(self, &name, &Rubric::city().edition_id, draft, &file);
                eprintln!(
                    "草稿 {id} 退出时仍无法保存（{e}），已写入 {}：{written:?}",
                    file.display()
                );
            }
        }
    }

    /// Decides what a close request of the window does.
    pub fn close_requested(&self) -> CloseAction {
        lock(&self.closing).decide(Instant::now())
    }
}

/// What to do with a close request.
#[derive(Debug, PartialEq, Eq)]
pub enum CloseAction {
    /// Close (the page agreed, or it is dead).
    Close,
    /// Ask the page to save first.
    AskPage,
    /// The page is already asking the user.
    Wait,
}

/// Whether the store is usable.
#[derive(Serialize)]
pub struct StoreStatus {
    ok: bool,
    error: Option<String>,
    /// The error's stable code.
    code: Option<&'static str>,
    path: Option<String>,
    /// The store can be set aside and made anew: it is damaged, foreign or newer (never for a
    /// full disk, a lock or missing permissions).
    can_reset: bool,
}

#[tauri::command]
pub fn store_status(state: State<AppState>) -> StoreStatus {
    let guard = lock(&state.store);
    let fault = guard.as_ref().err();
    StoreStatus {
        ok: guard.is_ok(),
        can_reset: fault.is_some_and(|f| f.damage),
        error: fault.map(|f| f.error.message.clone()),
        code: fault.map(|f| f.error.code),
        path: state.path.as_ref().map(|p| p.display().to_string()),
    }
}

/// Sets an unusable database aside and starts a fresh one (only when the user asks, and only
/// if a read-only check confirms the damage). Whatever happens, the start page learns the
/// store's state again: a sound database that opens now is simply used.
#[tauri::command]
pub fn reset_store(state: State<AppState>) -> CmdResult<Option<String>> {
    let path = state
        .path
        .clone()
        .ok_or("找不到数据目录 / no data directory")?;
    match Store::open_fresh(&path) {
        Ok((store, aside)) => {
            *lock(&state.store) = Ok(store);
            Ok(aside.map(|p| p.display().to_string()))
        }
        Err(e) => {
            let fault = StoreFault::from(e);
            let error = fault.error.clone();
            *lock(&state.store) = Err(fault);
            Err(error)
        }
    }
}

#[tauri::command]
pub fn rubric() -> &'static Rubric {
    Rubric::city()
}

#[tauri::command]
pub fn list_drafts(state: State<AppState>) -> CmdResult<Vec<DraftSummary>> {
    state.with(|s| Ok(summary::summarize_all(&s.entries()?, Rubric::city())))
}

#[tauri::command]
pub fn list_deleted(state: State<AppState>) -> CmdResult<Vec<DraftSummary>> {
    state.with(|s| {
        Ok(summary::summarize_all(
            &s.entries_deleted()?,
            Rubric::city(),
        ))
    })
}

#[tauri::command]
pub fn create_draft(state: State<AppState>) -> CmdResult<DraftRecord> {
    let draft = Draft::default();
    state.with(|s| {
        s.create(&draft.display_name(), &draft, &Rubric::city().edition_id)
            .and_then(|m| s.load(m.id))
    })
}

/// A draft opened in the editor.
#[derive(Serialize)]
pub struct Opened {
    #[serde(flatten)]
    record: DraftRecord,
    /// The document came from memory: typed but not yet saved when the page restarted.
    recovered: bool,
}

/// Opens a draft in the editor; what was typed but not yet saved comes back too.
#[tauri::command]
pub fn load_draft(state: State<AppState>, id: i64) -> CmdResult<Opened> {
    let mut record = state.with(|s| s.load(id))?;
    let pending = lock(&state.unsaved).get(&id).cloned();
    let recovered = pending.is_some();
    if let Some(d) = pending {
        record.draft = d;
    }
    *lock(&state.open_draft) = Some(id);
    Ok(Opened { record, recovered })
}

/// The editor was left for the list.
#[tauri::command]
pub fn close_draft(state: State<AppState>) {
    *lock(&state.open_draft) = None;
}

/// What the page had open, for a page that was reloaded after its process died.
#[tauri::command]
pub fn open_draft(state: State<AppState>) -> Option<i64> {
    *lock(&state.open_draft)
}

/// Saves the live document (off the main thread: a busy database waits up to its timeout).
#[tauri::command(async)]
pub fn save_draft(state: State<AppState>, id: i64, draft: Draft) -> CmdResult<DraftMeta> {
    state.save(id, &draft)
}

/// Drops a document the user chose not to keep.
#[tauri::command]
pub fn discard_unsaved(state: State<AppState>, id: i64) {
    lock(&state.unsaved).remove(&id);
}

#[tauri::command]
pub fn evaluate(draft: Draft) -> Evaluation {
    summary::evaluate(&draft, Rubric::city(), Some(Standard::provincial()))
}

/// The version code (校验码) printed on the forms for this state of the draft.
#[tauri::command]
pub fn version_code(draft: Draft) -> String {
    draft.version_code()
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

/// The versions of a draft, newest first, each with what it changed and its 总分.
#[tauri::command]
pub fn history(state: State<AppState>, id: i64) -> CmdResult<Vec<VersionSummary>> {
    state.with(|s| Ok(summary::describe_history(Rubric::city(), s.history(id)?)))
}

/// Names a version (never pruned): an earlier one by revision, or the current state.
#[tauri::command]
pub fn name_version(
    state: State<AppState>,
    id: i64,
    revision: Option<i64>,
    name: String,
) -> CmdResult<()> {
    state.with(|s| match revision {
        Some(r) => s.pin(id, r, Some(&name)),
        None => s
            .checkpoint(id, VersionReason::Named, Some(&name))
            .map(|_| ()),
    })
}

#[tauri::command]
pub fn restore_version(state: State<AppState>, id: i64, revision: i64) -> CmdResult<DraftRecord> {
    lock(&state.unsaved).remove(&id);
    state.with(|s| s.restore(id, revision).and_then(|m| s.load(m.id)))
}

fn documents_dir(app: &AppHandle) -> Option<PathBuf> {
    app.path().document_dir().ok().filter(|d| d.is_dir())
}

fn open_dialog(app: &AppHandle, filter: &str, ext: &str) -> FileDialogBuilder<tauri::Wry> {
    let mut d = app.dialog().file().add_filter(filter, &[ext]);
    if let Some(dir) = documents_dir(app) {
        d = d.set_directory(dir);
    }
    if let Some(w) = app.get_webview_window("main") {
        d = d.set_parent(&w);
    }
    d
}

fn pick_open(app: &AppHandle) -> Option<PathBuf> {
    open_dialog(app, "劳务品牌草稿", "json")
        .blocking_pick_file()?
        .into_path()
        .ok()
}

fn pick_save(app: &AppHandle, name: &str, filter: &str, ext: &str) -> Option<PathBuf> {
    let mut d = app
        .dialog()
        .file()
        .set_file_name(name)
        .add_filter(filter, &[ext]);
    if let Some(dir) = documents_dir(app) {
        d = d.set_directory(dir);
    }
    if let Some(w) = app.get_webview_window("main") {
        d = d.set_parent(&w);
    }
    d.blocking_save_file()?.into_path().ok()
}

/// Imports a draft file chosen in the native Open dialog; `None` when cancelled.
#[tauri::command]
pub async fn import_draft(
    app: AppHandle,
    state: State<'_, AppState>,
) -> CmdResult<Option<DraftMeta>> {
    match pick_open(&app) {
        Some(path) => import_file(&state, &path).map(Some),
        None => Ok(None),
    }
}

fn import_file(state: &AppState, path: &Path) -> CmdResult<DraftMeta> {
    let file = draftfile::parse(&draftfile::read_file(path)?)?;
    let name = if file.name.trim().is_empty() {
        file.draft.display_name()
    } else {
        file.name.clone()
    };
    state.with(|s| s.create(&name, &file.draft, &Rubric::city().edition_id))
}

/// Exports a stored draft to a file chosen in the native Save dialog; `None` when cancelled.
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
        Some(path) => write_draft_file(
            &state,
            &rec.meta.name,
            &rec.meta.rubric_edition,
            rec.draft,
            &path,
        )
        .map(Some),
        None => Ok(None),
    }
}

/// Exports the document the page holds (for instance one that could not be saved) to a
/// draft file chosen in the Save dialog; `None` when cancelled.
#[tauri::command]
pub async fn export_unsaved(
    app: AppHandle,
    state: State<'_, AppState>,
    draft: Draft,
) -> CmdResult<Option<String>> {
    let name = draft.display_name();
    match pick_save(
        &app,
        &format!("{name}-未保存的修改.json"),
        "劳务品牌草稿",
        "json",
    ) {
        Some(path) => {
            write_draft_file(&state, &name, &Rubric::city().edition_id, draft, &path).map(Some)
        }
        None => Ok(None),
    }
}

fn write_draft_file(
    state: &AppState,
    name: &str,
    edition: &str,
    draft: Draft,
    path: &Path,
) -> CmdResult<String> {
    let text = DraftFile::new(name, edition, draft).to_json() + "\n";
    write_checked(state, path, OutputKind::DraftFile, text.as_bytes())
}

/// Writes `bytes` to a path the Save dialog gave: the dialog already asked about replacing a
/// file; the database is still protected.
fn write_checked(
    state: &AppState,
    path: &Path,
    kind: OutputKind,
    bytes: &[u8],
) -> CmdResult<String> {
    output::check_target(path, kind, state.path.as_deref(), &[], true)
        .and_then(|()| output::write_atomic(path, bytes))
        .map_err(|e| e.to_string())?;
    Ok(path.display().to_string())
}

/// Exports the PDF to a file chosen in the native Save dialog; `None` when cancelled. The
/// exported state is kept as a version of the draft.
#[tauri::command]
pub async fn export_pdf(
    app: AppHandle,
    state: State<'_, AppState>,
    id: i64,
    draft: Draft,
    options: ExportOptions,
) -> CmdResult<Option<ExportInfo>> {
    let name = format!("{}-推荐表与评分表.pdf", draft.display_name());
    match pick_save(&app, &name, "PDF 文件", "pdf") {
        Some(path) => write_export(&state, id, &draft, &path, &options, OutputKind::Pdf).map(Some),
        None => Ok(None),
    }
}

/// Exports the editable Word copy (电子版) like [`export_pdf`].
#[tauri::command]
pub async fn export_word(
    app: AppHandle,
    state: State<'_, AppState>,
    id: i64,
    draft: Draft,
    options: ExportOptions,
) -> CmdResult<Option<ExportInfo>> {
    let name = format!("{}-推荐表与评分表.docx", draft.display_name());
    match pick_save(&app, &name, "Word 文档", "docx") {
        Some(path) => write_export(&state, id, &draft, &path, &options, OutputKind::Docx).map(Some),
        None => Ok(None),
    }
}

/// Writes the PDF or the Word copy (`kind`) of `draft` to `path`.
fn write_export(
    state: &AppState,
    id: i64,
    draft: &Draft,
    path: &Path,
    options: &ExportOptions,
    kind: OutputKind,
) -> CmdResult<ExportInfo> {
    output::check_target(path, kind, state.path.as_deref(), &[], true)
        .map_err(|e| e.to_string())?;
    let rubric = Rubric::city();
    let info = match kind {
        OutputKind::Docx => {
            docx::export_to_file(draft, rubric, options, path).map_err(|e| e.to_string())?
        }
        _ => pdf::export_to_file(draft, rubric, options, path).map_err(|e| e.to_string())?,
    };
    *lock(&state.last_export) = Some(path.to_path_buf());
    // The exported state becomes a version (best effort: the PDF is already written).
    if state.save(id, draft).is_ok() {
        let _ = state.with(|s| s.checkpoint(id, VersionReason::Export, None));
    }
    Ok(info)
}

/// Which files to summarise: several files, or a folder.
#[derive(Debug, Clone, Copy, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Pick {
    /// Several draft files.
    Files,
    /// A folder (its .json files).
    Folder,
}

/// Scores several draft files (or a folder of them) chosen in the Open dialog into one
/// summary for the county bureau; `None` when cancelled. The summary is kept for
/// [`batch_save`].
#[tauri::command]
pub async fn batch_pick(
    app: AppHandle,
    state: State<'_, AppState>,
    pick: Pick,
) -> CmdResult<Option<Batch>> {
    let dialog = open_dialog(&app, "劳务品牌草稿", "json");
    let paths: Vec<PathBuf> = match pick {
        Pick::Files => dialog
            .blocking_pick_files()
            .unwrap_or_default()
            .into_iter()
            .filter_map(|p| p.into_path().ok())
            .collect(),
        Pick::Folder => dialog
            .blocking_pick_folder()
            .and_then(|p| p.into_path().ok())
            .into_iter()
            .collect(),
    };
    if paths.is_empty() {
        return Ok(None);
    }
    Ok(Some(summarise(&state, &paths)))
}

fn summarise(state: &AppState, paths: &[PathBuf]) -> Batch {
    let result = batch::score_files(paths);
    *lock(&state.last_batch) = Some(result.clone());
    result
}

/// Saves the last summary as .xlsx where the Save dialog says; `None` when cancelled.
#[tauri::command]
pub async fn batch_save(app: AppHandle, state: State<'_, AppState>) -> CmdResult<Option<String>> {
    let name = format!(
        "劳务品牌申报汇总-{}.xlsx",
        chrono::Local::now().format("%Y%m%d")
    );
    match pick_save(&app, &name, "Excel 工作簿", "xlsx") {
        Some(path) => write_batch(&state, &path).map(Some),
        None => Ok(None),
    }
}

fn write_batch(state: &AppState, path: &Path) -> CmdResult<String> {
    let bytes = lock(&state.last_batch)
        .as_ref()
        .ok_or("还没有汇总 / nothing summarised")?
        .to_xlsx(Rubric::city())
        .map_err(|e| e.to_string())?;
    let written = write_checked(state, path, OutputKind::Xlsx, &bytes)?;
    *lock(&state.last_export) = Some(path.to_path_buf());
    Ok(written)
}

/// Backs every draft (with the recycle bin and history) up to one file chosen in the Save
/// dialog; `None` when cancelled.
#[tauri::command]
pub async fn backup_drafts(
    app: AppHandle,
    state: State<'_, AppState>,
) -> CmdResult<Option<String>> {
    let name = format!(
        "劳务品牌草稿备份-{}.sqlite3",
        chrono::Local::now().format("%Y%m%d")
    );
    match pick_save(&app, &name, "草稿备份", "sqlite3") {
        Some(path) => write_backup(&state, &path).map(Some),
        None => Ok(None),
    }
}

fn write_backup(state: &AppState, path: &Path) -> CmdResult<String> {
    // Never over the live database. The Save dialog already asked about replacing another
    // file: the old backup goes only once the new one is complete (a temporary file beside
    // it, then a rename).
    output::check_target(path, OutputKind::Backup, state.path.as_deref(), &[], true)
        .map_err(|e| e.to_string())?;
    state.with(|s| s.backup_replacing(path))?;
    Ok(path.display().to_string())
}

/// What a restore added, for the page.
#[derive(Debug, Serialize)]
pub struct RestoreReport {
    drafts: usize,
    versions: usize,
}

/// Adds the drafts of a backup chosen in the Open dialog beside the existing ones; `None`
/// when cancelled.
#[tauri::command]
pub async fn restore_backup(
    app: AppHandle,
    state: State<'_, AppState>,
) -> CmdResult<Option<RestoreReport>> {
    let picked = open_dialog(&app, "草稿备份", "sqlite3")
        .blocking_pick_file()
        .and_then(|p| p.into_path().ok());
    match picked {
        Some(path) => read_backup(&state, &path).map(Some),
        None => Ok(None),
    }
}

fn read_backup(state: &AppState, path: &Path) -> CmdResult<RestoreReport> {
    let r = state.with(|s| s.restore_backup(path))?;
    Ok(RestoreReport {
        drafts: r.drafts,
        versions: r.versions,
    })
}

/// Opens the file last exported in its default program.
#[tauri::command]
pub fn open_exported(app: AppHandle, state: State<AppState>) -> CmdResult<()> {
    let path = lock(&state.last_export)
        .clone()
        .ok_or("还没有导出文件 / nothing exported")?;
    app.opener()
        .open_path(path.to_string_lossy(), None::<&str>)
        .map_err(|e| format!("无法打开：{e} / cannot open").into())
}

/// Shows the file last exported in its folder.
#[tauri::command]
pub fn reveal_exported(app: AppHandle, state: State<AppState>) -> CmdResult<()> {
    let path = lock(&state.last_export)
        .clone()
        .ok_or("还没有导出文件 / nothing exported")?;
    app.opener()
        .reveal_item_in_dir(path)
        .map_err(|e| format!("无法打开文件夹：{e} / cannot show folder").into())
}

/// The page has seen the close request and is saving (or asking the user).
#[tauri::command]
pub fn close_answered(state: State<AppState>) {
    lock(&state.closing).answered = true;
}

/// The user chose to stay: a later close asks again.
#[tauri::command]
pub fn close_cancelled(state: State<AppState>) {
    *lock(&state.closing) = Closing::default();
}

/// Called by the page once pending saves are written (or the user agreed to leave).
#[tauri::command]
pub fn quit(app: AppHandle, state: State<AppState>) {
    lock(&state.closing).allowed = true;
    app.exit(0);
}

/// Commands that take a path from the page: only for the end-to-end tests, never in a
/// release build (feature `e2e`).
#[cfg(feature = "e2e")]
pub mod test_only {
    use super::*;

    /// Imports the draft file at `path`.
    #[tauri::command]
    pub fn import_draft_path(state: State<AppState>, path: PathBuf) -> CmdResult<DraftMeta> {
        import_file(&state, &path)
    }

    /// Writes a stored draft to `path`.
    #[tauri::command]
    pub fn export_draft_path(state: State<AppState>, id: i64, path: PathBuf) -> CmdResult<String> {
        let rec = state.with(|s| s.load(id))?;
        write_draft_file(
            &state,
            &rec.meta.name,
            &rec.meta.rubric_edition,
            rec.draft,
            &path,
        )
    }

    /// Exports the PDF to `path` (the path the Save dialog would give).
    #[tauri::command]
    pub fn export_pdf_to(
        state: State<AppState>,
        id: i64,
        draft: Draft,
        path: PathBuf,
        options: ExportOptions,
    ) -> CmdResult<ExportInfo> {
        write_export(&state, id, &draft, &path, &options, OutputKind::Pdf)
    }

    /// Exports the Word copy to `path`.
    #[tauri::command]
    pub fn export_word_to(
        state: State<AppState>,
        id: i64,
        draft: Draft,
        path: PathBuf,
        options: ExportOptions,
    ) -> CmdResult<ExportInfo> {
        write_export(&state, id, &draft, &path, &options, OutputKind::Docx)
    }

    /// Summarises the draft files and folders at `paths` (what the dialog would give).
    #[tauri::command]
    pub fn batch_paths(state: State<AppState>, paths: Vec<PathBuf>) -> Batch {
        summarise(&state, &paths)
    }

    /// Writes the last summary to `path`.
    #[tauri::command]
    pub fn batch_save_to(state: State<AppState>, path: PathBuf) -> CmdResult<String> {
        write_batch(&state, &path)
    }

    /// Backs every draft up to `path`.
    #[tauri::command]
    pub fn backup_to(state: State<AppState>, path: PathBuf) -> CmdResult<String> {
        write_backup(&state, &path)
    }

    /// Restores the backup at `path`.
    #[tauri::command]
    pub fn restore_backup_from(state: State<AppState>, path: PathBuf) -> CmdResult<RestoreReport> {
        read_backup(&state, &path)
    }

    /// Asks the window to close as the window manager's close button would (Xvfb has none).
    #[tauri::command]
    pub fn request_close(app: AppHandle) -> CmdResult<()> {
        app.get_webview_window("main")
            .ok_or("no main window")?
            .close()
            .map_err(|e| e.to_string().into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_close_asks_the_page_first_and_closes_when_the_page_is_dead() {
        let t0 = Instant::now();
        let mut c = Closing::default();
        assert_eq!(c.decide(t0), CloseAction::AskPage);
        // Clicking again quickly asks again without restarting the wait.
        assert_eq!(c.decide(t0 + Duration::from_secs(1)), CloseAction::AskPage);
        // No answer for 3 s: the page is dead, the window closes.
        assert_eq!(c.decide(t0 + PAGE_ANSWER), CloseAction::Close);

        // A live page answers and asks the user: further requests wait.
        let mut c = Closing::default();
        c.decide(t0);
        c.answered = true;
        assert_eq!(c.decide(t0 + Duration::from_secs(30)), CloseAction::Wait);
        // The user stays (close_cancelled resets): the next close asks again.
        let mut c = Closing::default();
        assert_eq!(c.decide(t0 + Duration::from_secs(31)), CloseAction::AskPage);
        // The page agreed (quit): close.
        c.allowed = true;
        assert_eq!(c.decide(t0 + Duration::from_secs(32)), CloseAction::Close);
    }
}
