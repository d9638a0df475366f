//! The drafts: list, open, save, evaluate, rename, the recycle bin, versions and editions.

use labour_brand::app::{App, Opened, Upgraded};
use labour_brand::fields::FieldInfo;
use labour_brand::rubric::Rubric;
use labour_brand::store::{DraftMeta, DraftRecord};
use labour_brand::summary::{DraftSummary, Evaluation, VersionSummary};
use labour_brand::Draft;
use tauri::State;

use super::CmdResult;

/// A rubric edition (facts and items) for building the form: the current one, or the edition
/// an older draft names.
#[tauri::command]
pub fn rubric(app: State<App>, edition: Option<String>) -> CmdResult<&'static Rubric> {
    match edition {
        Some(id) => Ok(app.editions().get(&id)?.rubric),
        None => Ok(app.editions().current().rubric),
    }
}

/// The typed fields of 附件1: key, label, limit, required (the editor's labels and counters).
#[tauri::command]
pub fn form_fields() -> Vec<FieldInfo> {
    FieldInfo::all()
}

#[tauri::command]
pub fn list_drafts(app: State<App>) -> CmdResult<Vec<DraftSummary>> {
    app.list()
}

#[tauri::command]
pub fn list_deleted(app: State<App>) -> CmdResult<Vec<DraftSummary>> {
    app.list_deleted()
}

#[tauri::command]
pub fn create_draft(app: State<App>) -> CmdResult<DraftRecord> {
    app.create()
}

/// Opens a draft in the editor; what was typed but not yet saved comes back too.
#[tauri::command]
pub fn load_draft(app: State<App>, id: i64) -> CmdResult<Opened> {
    app.load(id)
}

/// The editor was left for the list.
#[tauri::command]
pub fn close_draft(app: State<App>) {
    app.close_draft();
}

/// What the page had open, for a page that was reloaded after its process died.
#[tauri::command]
pub fn open_draft(app: State<App>) -> Option<i64> {
    app.open_draft()
}

/// Saves the live document (off the main thread: a busy database waits up to its timeout).
#[tauri::command(async)]
pub fn save_draft(app: State<App>, id: i64, draft: Draft) -> CmdResult<DraftMeta> {
    app.save(id, &draft)
}

/// Drops a document the user chose not to keep.
#[tauri::command]
pub fn discard_unsaved(app: State<App>, id: i64) {
    app.discard_unsaved(id);
}

/// Scores and validates the document by the draft's own rubric edition; with the items that
/// have evidence attached, the ones that earn points without any are warned about too. Never
/// touches the database (it runs on every keystroke).
#[tauri::command]
pub fn evaluate(
    app: State<App>,
    edition: String,
    draft: Draft,
    evidence_items: Option<Vec<String>>,
) -> CmdResult<Evaluation> {
    match evidence_items {
        Some(items) => app.evaluate_with_evidence(&edition, &draft, &items),
        None => app.evaluate(&edition, &draft),
    }
}

/// The version code (校验码) printed on the forms for this state of the draft.
#[tauri::command]
pub fn version_code(draft: Draft) -> String {
    draft.version_code()
}

/// The 材料校验码 the bundle (申报材料) of this state of the draft carries.
#[tauri::command]
pub fn bundle_code(app: State<App>, id: i64, draft: Draft) -> CmdResult<String> {
    app.bundle_code(id, &draft)
}

#[tauri::command]
pub fn rename_draft(app: State<App>, id: i64, name: String) -> CmdResult<DraftMeta> {
    app.rename(id, &name)
}

#[tauri::command]
pub fn duplicate_draft(app: State<App>, id: i64) -> CmdResult<DraftMeta> {
    app.duplicate(id)
}

#[tauri::command]
pub fn delete_draft(app: State<App>, id: i64) -> CmdResult<DraftMeta> {
    app.delete(id)
}

#[tauri::command]
pub fn undelete_draft(app: State<App>, id: i64) -> CmdResult<DraftMeta> {
    app.undelete(id)
}

#[tauri::command]
pub fn purge_draft(app: State<App>, id: i64) -> CmdResult<()> {
    app.purge(id)
}

/// The versions of a draft, newest first, each with what it changed and its 总分.
#[tauri::command]
pub fn history(app: State<App>, id: i64) -> CmdResult<Vec<VersionSummary>> {
    app.history(id)
}

/// Names a version (never pruned): an earlier one by revision, or the current state.
#[tauri::command]
pub fn name_version(
    app: State<App>,
    id: i64,
    revision: Option<i64>,
    name: String,
) -> CmdResult<()> {
    app.name_version(id, revision, &name)
}

#[tauri::command]
pub fn restore_version(app: State<App>, id: i64, revision: i64) -> CmdResult<DraftRecord> {
    app.restore_version(id, revision)
}

/// Moves a draft of an older rubric edition to the current one, keeping a version.
#[tauri::command]
pub fn upgrade_edition(app: State<App>, id: i64) -> CmdResult<Upgraded> {
    app.upgrade_edition(id)
}
