//! The history policy: which earlier states are kept as versions (once per editing session, at
//! most one per interval, before a restore, a type change or an export; named ones for good),
//! and reading and restoring them.

use std::path::Path;
use std::time::Duration;

use rusqlite::{params, OptionalExtension, TransactionBehavior};
use serde::Serialize;

use super::fault::At;
use super::*;
use crate::draft::Draft;

/// Why a version was kept in the history.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum VersionReason {
    /// The state before an editing session changed it.
    Session,
    /// Kept automatically during a long session (at most one per [`SNAPSHOT_INTERVAL`]).
    Interval,
    /// The state before an earlier version was restored.
    Restore,
    /// The state before the 劳务品牌类型 was changed.
    TypeChange,
    /// The state that was exported.
    Export,
    /// Named by the user.
    Named,
    /// Saved by an earlier version of the app (every pause made a version).
    Autosave,
}

impl VersionReason {
    fn key(self) -> &'static str {
        match self {
            Self::Session => "session",
            Self::Interval => "interval",
            Self::Restore => "restore",
            Self::TypeChange => "type_change",
            Self::Export => "export",
            Self::Named => "named",
            Self::Autosave => "autosave",
        }
    }

    fn from_key(key: &str) -> Self {
        [
            Self::Session,
            Self::Interval,
            Self::Restore,
            Self::TypeChange,
            Self::Export,
            Self::Named,
        ]
        .into_iter()
        .find(|r| r.key() == key)
        .unwrap_or(Self::Autosave)
    }

    /// A short Chinese label.
    pub fn label_zh(self) -> &'static str {
        match self {
            Self::Session => "本次编辑前",
            Self::Interval => "编辑中自动保留",
            Self::Restore => "恢复历史版本前",
            Self::TypeChange => "更改品牌类型前",
            Self::Export => "导出时",
            Self::Named => "手动保留",
            Self::Autosave => "自动保存",
        }
    }
}

/// One earlier version.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HistoryEntry {
    /// The revision it had.
    pub revision: i64,
    /// When it was saved.
    pub saved_at: String,
    /// Its display name then.
    pub name: String,
    /// Why it was kept.
    pub reason: VersionReason,
    /// [`VersionReason::label_zh`] of `reason`.
    pub reason_zh: &'static str,
    /// The name the user gave it; named versions are never pruned.
    pub pin: Option<String>,
    /// The document, when it can be read.
    #[serde(skip)]
    pub draft: Option<Draft>,
}

impl Store {
    /// Copies the live row of a draft into the history (unless that revision is there
    /// already), inside `tx`. Returns whether a version was added.
    pub(super) fn archive(
        tx: &rusqlite::Transaction,
        path: &Path,
        id: i64,
        reason: VersionReason,
        pin: Option<&str>,
    ) -> Result<bool, StoreError> {
        let revision: i64 = tx
            .query_row("SELECT revision FROM drafts WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .optional()
            .at(path)?
            .ok_or(StoreError::NotFound(id))?;
        let existing: Option<i64> = tx
            .query_row(
                "SELECT id FROM history WHERE draft_id = ?1 AND revision = ?2",
                [id, revision],
                |r| r.get(0),
            )
            .optional()
            .at(path)?;
        if let Some(hid) = existing {
            if let Some(pin) = pin {
                tx.execute(
                    "UPDATE history SET pin = ?2 WHERE id = ?1",
                    params![hid, pin],
                )
                .at(path)?;
            }
            return Ok(false);
        }
        tx.execute(
            "INSERT INTO history (draft_id, revision, saved_at, name, doc_version, doc, reason, archived_at, pin)
             SELECT id, revision, updated_at, name, doc_version, doc, ?2, ?3, ?4 FROM drafts WHERE id = ?1",
            params![id, reason.key(), now(), pin],
        ).at(path)?;
        tx.execute(
            "DELETE FROM history WHERE draft_id = ?1 AND pin IS NULL AND id NOT IN
               (SELECT id FROM history WHERE draft_id = ?1 AND pin IS NULL ORDER BY revision DESC LIMIT ?2)",
            params![id, HISTORY_LIMIT],
        ).at(path)?;
        Ok(true)
    }

    /// Whether the newest automatic version of a draft is older than the snapshot interval.
    pub(super) fn interval_due(
        tx: &rusqlite::Transaction,
        path: &Path,
        id: i64,
        interval: Duration,
    ) -> Result<bool, StoreError> {
        let last: Option<String> = tx
            .query_row(
                "SELECT max(archived_at) FROM history WHERE draft_id = ?1",
                [id],
                |r| r.get(0),
            )
            .at(path)?;
        let Some(last) = last else { return Ok(true) };
        let Ok(at) = chrono::DateTime::parse_from_rfc3339(&last) else {
            return Ok(true);
        };
        let age = chrono::Local::now().signed_duration_since(at);
        Ok(age.to_std().map(|a| a >= interval).unwrap_or(false))
    }

    /// Keeps the current state of a draft as a version in the history (before a restore, at an
    /// export, or named by the user). A state already in the history is not copied again; a
    /// `pin` name is then given to that version. Returns whether a version was added.
    pub fn checkpoint(
        &mut self,
        id: i64,
        reason: VersionReason,
        pin: Option<&str>,
    ) -> Result<bool, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .at(&self.path)?;
        let added = Self::archive(
            &tx,
            &self.path,
            id,
            reason,
            pin.map(str::trim).filter(|p| !p.is_empty()),
        )?;
        tx.commit().at(&self.path)?;
        Ok(added)
    }

    /// Gives an earlier version a name (it is then never pruned), or takes the name away.
    pub fn pin(&self, id: i64, revision: i64, name: Option<&str>) -> Result<(), StoreError> {
        let n = self
            .conn
            .execute(
                "UPDATE history SET pin = ?3 WHERE draft_id = ?1 AND revision = ?2",
                params![id, revision, name.map(str::trim).filter(|p| !p.is_empty())],
            )
            .at(&self.path)?;
        if n == 0 {
            return Err(StoreError::NoSuchVersion { id, revision });
        }
        Ok(())
    }

    /// The earlier versions of a draft, newest first, with their documents.
    pub fn history(&self, id: i64) -> Result<Vec<HistoryEntry>, StoreError> {
        self.meta(id)?;
        let mut stmt = self
            .conn
            .prepare(
                "SELECT revision, saved_at, name, reason, pin, doc_version, doc FROM history
             WHERE draft_id = ?1 ORDER BY revision DESC",
            )
            .at(&self.path)?;
        let rows = stmt
            .query_map([id], |r| {
                let reason = VersionReason::from_key(&r.get::<_, String>(3)?);
                let (v, doc): (i64, String) = (r.get(5)?, r.get(6)?);
                Ok(HistoryEntry {
                    revision: r.get(0)?,
                    saved_at: r.get(1)?,
                    name: r.get(2)?,
                    reason,
                    reason_zh: reason.label_zh(),
                    pin: r.get(4)?,
                    draft: decode(id, v, &doc).ok(),
                })
            })
            .at(&self.path)?;
        rows.collect::<rusqlite::Result<_>>().at(&self.path)
    }

    /// One earlier saved version of a draft.
    pub fn version(&self, id: i64, revision: i64) -> Result<Draft, StoreError> {
        let row: Option<(i64, String)> = self
            .conn
            .query_row(
                "SELECT doc_version, doc FROM history WHERE draft_id = ?1 AND revision = ?2",
                [id, revision],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .at(&self.path)?;
        let (v, doc) = row.ok_or(StoreError::NoSuchVersion { id, revision })?;
        decode(id, v, &doc)
    }

    /// Restores an earlier version as a new save; the current state is kept as a version
    /// first, so a restore can itself be undone.
    pub fn restore(&mut self, id: i64, revision: i64) -> Result<DraftMeta, StoreError> {
        let old = self.version(id, revision)?;
        self.checkpoint(id, VersionReason::Restore, None)?;
        self.save(id, &old)
    }
}
