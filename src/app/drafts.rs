//! Use cases on the stored drafts: list, create, open, save, rename, the recycle bin, versions,
//! the live evaluation, and moving a draft to the current rubric edition.

use serde::Serialize;

use super::{lock, App, AppError, AppResult};
use crate::draft::Draft;
use crate::rubric::Edition;
use crate::store::{DraftMeta, DraftRecord, VersionReason};
use crate::summary::{self, DraftSummary, Evaluation, VersionSummary};

/// A draft opened in the editor.
#[derive(Debug, Serialize)]
pub struct Opened {
    /// The stored draft (its document replaced by the unsaved one when `recovered`).
    #[serde(flatten)]
    pub record: DraftRecord,
    /// The document came from memory: typed but not yet saved when the page restarted.
    pub recovered: bool,
}

/// A draft moved to the current rubric edition.
#[derive(Debug, Serialize)]
pub struct Upgraded {
    /// The draft, now scored by the current edition.
    pub record: DraftRecord,
    /// The edition it used before.
    pub from: String,
    /// The name of the version that keeps its state before the move.
    pub kept_as: String,
}

impl App {
    /// The edition a stored draft is scored by.
    pub fn edition_of(&self, meta: &DraftMeta) -> AppResult<Edition> {
        Ok(self.editions.get(&meta.rubric_edition)?)
    }

    /// The drafts, newest first, each scored by its own edition. A draft whose edition this
    /// build lacks is listed as unreadable with the reason, never scored by another one.
    pub fn list(&self) -> AppResult<Vec<DraftSummary>> {
        self.with(|s| s.entries())
            .map(|e| summary::summarize_all(&e, &self.editions))
    }

    /// The drafts in the recycle bin.
    pub fn list_deleted(&self) -> AppResult<Vec<DraftSummary>> {
        self.with(|s| s.entries_deleted())
            .map(|e| summary::summarize_all(&e, &self.editions))
    }

    /// A new empty draft with the current edition.
    pub fn create(&self) -> AppResult<DraftRecord> {
        self.add(None, &Draft::new_for_this_year())
            .and_then(|m| self.with(|s| s.load(m.id)))
    }

    /// Adds `draft` as a new draft with the current edition, named `name` or after its brand.
    pub fn add(&self, name: Option<&str>, draft: &Draft) -> AppResult<DraftMeta> {
        let name = match name.map(str::trim) {
            Some(n) if !n.is_empty() => n.to_string(),
            _ => draft.display_name(),
        };
        let edition = self.editions.current().id();
        self.with(|s| s.create(&name, draft, edition))
    }

    /// Opens a draft in the editor; what was typed but not yet saved comes back too.
    pub fn load(&self, id: i64) -> AppResult<Opened> {
        let mut record = self.with(|s| s.load(id))?;
        let pending = lock(&self.unsaved).get(&id).cloned();
        let recovered = pending.is_some();
        if let Some(d) = pending {
            record.draft = d;
        }
        *lock(&self.open_draft) = Some(id);
        Ok(Opened { record, recovered })
    }

    /// The editor was left for the list.
    pub fn close_draft(&self) {
        *lock(&self.open_draft) = None;
    }

    /// What the page had open, for a page that was reloaded after its process died.
    pub fn open_draft(&self) -> Option<i64> {
        *lock(&self.open_draft)
    }

    /// Saves a document, keeping it in memory until it is in the database.
    pub fn save(&self, id: i64, draft: &Draft) -> AppResult<DraftMeta> {
        lock(&self.unsaved).insert(id, draft.clone());
        let meta = self.with(|s| s.save(id, draft))?;
        let mut unsaved = lock(&self.unsaved);
        if unsaved.get(&id) == Some(draft) {
            unsaved.remove(&id);
        }
        Ok(meta)
    }

    /// Drops a document the user chose not to keep.
    pub fn discard_unsaved(&self, id: i64) {
        lock(&self.unsaved).remove(&id);
    }

    /// The ids of the documents held in memory, not yet in the database.
    pub fn unsaved_ids(&self) -> Vec<i64> {
        let mut ids: Vec<i64> = lock(&self.unsaved).keys().copied().collect();
        ids.sort_unstable();
        ids
    }

    /// Scores and validates a document live, by the edition `edition` (the draft's own).
    pub fn evaluate(&self, edition: &str, draft: &Draft) -> AppResult<Evaluation> {
        let e = self.editions.get(edition)?;
        Ok(summary::evaluate(draft, e.rubric, e.standard))
    }

    /// [`App::evaluate`], with a warning for every item that earns points but is not among
    /// `with_evidence` (the items that have files attached, as the page knows them). Pure: it
    /// never waits for the database (the window calls it on every keystroke).
    pub fn evaluate_with_evidence(
        &self,
        edition: &str,
        draft: &Draft,
        with_evidence: &[String],
    ) -> AppResult<Evaluation> {
        self.evaluate_live(edition, draft, Some(with_evidence), &[])
    }

    /// What the editor shows on every keystroke: [`App::evaluate`] with the several-choice
    /// groups the user is still ticking left `open` (unticked boxes may yet be ticked, so
    /// ticking one never lowers 最高可达), and, when the page says which items have files
    /// (`with_evidence`), a warning for each item that earns points without any.
    pub fn evaluate_live(
        &self,
        edition: &str,
        draft: &Draft,
        with_evidence: Option<&[String]>,
        open: &[String],
    ) -> AppResult<Evaluation> {
        let e = self.editions.get(edition)?;
        let mut ev = summary::evaluate_open(draft, e.rubric, e.standard, open);
        let Some(with_evidence) = with_evidence else {
            return Ok(ev);
        };
        let ids: Vec<&str> = with_evidence.iter().map(String::as_str).collect();
        // The score just made, not a second one: this runs on every keystroke.
        for (item, message) in crate::bundle::unproved_in(e, &ev.score, &ids) {
            ev.findings
                .push(crate::validate::Finding::no_evidence(&item, message));
        }
        Ok(ev)
    }

    /// Renames a draft (surrounding spaces dropped).
    pub fn rename(&self, id: i64, name: &str) -> AppResult<DraftMeta> {
        self.with(|s| s.rename(id, name.trim()))
    }

    /// A copy of a draft beside it.
    pub fn duplicate(&self, id: i64) -> AppResult<DraftMeta> {
        self.with(|s| s.duplicate(id))
    }

    /// Moves a draft to the recycle bin.
    pub fn delete(&self, id: i64) -> AppResult<DraftMeta> {
        self.with(|s| s.delete(id))
    }

    /// Takes a draft back out of the recycle bin.
    pub fn undelete(&self, id: i64) -> AppResult<DraftMeta> {
        self.with(|s| s.undelete(id))
    }

    /// Removes a draft from the recycle bin for good.
    pub fn purge(&self, id: i64) -> AppResult<()> {
        self.with(|s| s.purge(id))
    }

    /// The versions of a draft, newest first, each with what it changed and its 总分 by the
    /// draft's edition.
    pub fn history(&self, id: i64) -> AppResult<Vec<VersionSummary>> {
        let meta = self.with(|s| s.meta(id))?;
        let edition = self.edition_of(&meta)?;
        let entries = self.with(|s| s.history(id))?;
        Ok(summary::describe_history(edition.rubric, entries))
    }

    /// Names a version (never pruned): an earlier one by revision, or the current state.
    pub fn name_version(&self, id: i64, revision: Option<i64>, name: &str) -> AppResult<()> {
        self.with(|s| match revision {
            Some(r) => s.pin(id, r, Some(name)),
            None => s
                .checkpoint(id, VersionReason::Named, Some(name))
                .map(|_| ()),
        })
    }

    /// Restores an earlier version (the current state is kept as a version first).
    pub fn restore_version(&self, id: i64, revision: i64) -> AppResult<DraftRecord> {
        lock(&self.unsaved).remove(&id);
        self.with(|s| s.restore(id, revision).and_then(|m| s.load(m.id)))
    }

    /// Moves a draft made with an older edition to the current one, keeping its state before
    /// the move as a named version. Its facts stay as typed; the new edition scores them.
    pub fn upgrade_edition(&self, id: i64) -> AppResult<Upgraded> {
        let current = self.editions.current();
        let meta = self.with(|s| s.meta(id))?;
        if meta.rubric_edition == current.id() {
            return Err(AppError::AlreadyCurrent(current.rubric.edition.clone()));
        }
        let from = meta.rubric_edition.clone();
        let old_name = self
            .editions
            .get(&from)
            .map(|e| e.rubric.edition.clone())
            .unwrap_or_else(|_| from.clone());
        let kept_as = format!("改用新评分标准前（{old_name}）");
        let record = self.with(|s| {
            s.checkpoint(id, VersionReason::Named, Some(&kept_as))?;
            s.set_rubric_edition(id, current.id())?;
            s.load(id)
        })?;
        Ok(Upgraded {
            record,
            from,
            kept_as,
        })
    }
}
