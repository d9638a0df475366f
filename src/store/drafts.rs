//! The drafts: one row per draft holding the live document; create, read, save, list, rename,
//! the recycle bin.

use rusqlite::{params, OptionalExtension, TransactionBehavior};

use super::fault::At;
use super::*;
use crate::draft::Draft;

impl Store {
    /// Creates a draft and returns its row.
    pub fn create(
        &self,
        name: &str,
        draft: &Draft,
        rubric_edition: &str,
    ) -> Result<DraftMeta, StoreError> {
        let t = now();
        self.conn.execute(
            "INSERT INTO drafts (name, brand_type, created_at, updated_at, doc_version, doc, rubric_edition, revision)
             VALUES (?1, ?2, ?3, ?3, ?4, ?5, ?6, 1)",
            params![name, draft.form1.brand_type.map(|b| b.key()), t, DOC_VERSION, encode(draft), rubric_edition],
        ).at(&self.path)?;
        self.meta(self.conn.last_insert_rowid())
    }

    /// The row of a draft (also of one in the recycle bin).
    pub fn meta(&self, id: i64) -> Result<DraftMeta, StoreError> {
        self.conn
            .query_row(
                &format!("SELECT {META_COLUMNS} FROM drafts WHERE id = ?1"),
                [id],
                meta_from_row,
            )
            .optional()
            .at(&self.path)?
            .ok_or(StoreError::NotFound(id))
    }

    /// Loads a draft.
    pub fn load(&self, id: i64) -> Result<DraftRecord, StoreError> {
        let meta = self.meta(id)?;
        let (doc_version, doc): (i64, String) = self
            .conn
            .query_row(
                "SELECT doc_version, doc FROM drafts WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .at(&self.path)?;
        Ok(DraftRecord {
            meta,
            draft: decode(id, doc_version, &doc)?,
        })
    }

    /// Saves the live document of a draft in one transaction. Saving an unchanged document
    /// changes nothing. The previous state goes to the history only when it means something:
    /// the first change of this editing session, a change of 劳务品牌类型, or when the newest
    /// version is older than the snapshot interval. A name that followed the brand name keeps
    /// following it. A row written by a newer version of the app is never overwritten.
    pub fn save(&mut self, id: i64, draft: &Draft) -> Result<DraftMeta, StoreError> {
        let doc = encode(draft);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .at(&self.path)?;
        let current: Option<(String, i64, i64, String)> = tx
            .query_row(
                "SELECT name, revision, doc_version, doc FROM drafts WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()
            .at(&self.path)?;
        let Some((name, revision, old_version, old_doc)) = current else {
            return Err(StoreError::NotFound(id));
        };
        let old = decode(id, old_version, &old_doc);
        if let Err(e @ StoreError::BadDocument { .. }) = &old {
            if old_version > i64::from(DOC_VERSION) {
                return Err(StoreError::BadDocument {
                    id,
                    detail: e.to_string(),
                });
            }
        }
        if old_doc == doc {
            drop(tx);
            self.session.insert(id);
            return self.meta(id);
        }
        let old = old.ok();
        let reason = if !self.session.contains(&id) {
            Some(VersionReason::Session)
        } else if old.as_ref().map(|o| o.form1.brand_type) != Some(draft.form1.brand_type) {
            Some(VersionReason::TypeChange)
        } else if Self::interval_due(&tx, &self.path, id, self.interval)? {
            Some(VersionReason::Interval)
        } else {
            None
        };
        if let Some(reason) = reason {
            Self::archive(&tx, &self.path, id, reason, None)?;
        }
        let followed_brand = old.map(|d| d.display_name() == name).unwrap_or(false);
        let new_name = if followed_brand {
            draft.display_name()
        } else {
            name
        };
        tx.execute(
            "UPDATE drafts SET name = ?2, brand_type = ?3, updated_at = ?4, doc_version = ?5, doc = ?6, revision = ?7
             WHERE id = ?1",
            params![id, new_name, draft.form1.brand_type.map(|b| b.key()), now(), DOC_VERSION, doc, revision + 1],
        ).at(&self.path)?;
        tx.commit().at(&self.path)?;
        self.session.insert(id);
        self.meta(id)
    }

    fn entries_where(&self, deleted: bool) -> Result<Vec<Listed>, StoreError> {
        let cond = if deleted {
            "deleted_at IS NOT NULL"
        } else {
            "deleted_at IS NULL"
        };
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {META_COLUMNS}, doc_version, doc FROM drafts WHERE {cond} ORDER BY updated_at DESC, id DESC"
        )).at(&self.path)?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    meta_from_row(r)?,
                    r.get::<_, i64>(8)?,
                    r.get::<_, String>(9)?,
                ))
            })
            .at(&self.path)?;
        let mut out = Vec::new();
        for row in rows {
            let (meta, v, doc) = row.at(&self.path)?;
            out.push(match decode(meta.id, v, &doc) {
                Ok(draft) => Ok(DraftRecord { meta, draft }),
                Err(e) => Err(Unreadable {
                    meta,
                    reason: match e {
                        StoreError::BadDocument { detail, .. } => detail,
                        other => other.to_string(),
                    },
                }),
            });
        }
        Ok(out)
    }

    /// All drafts not in the recycle bin, most recently saved first; a draft that cannot be
    /// read is listed as [`Unreadable`] and does not hide the others.
    pub fn entries(&self) -> Result<Vec<Listed>, StoreError> {
        self.entries_where(false)
    }

    /// The drafts in the recycle bin, readable or not.
    pub fn entries_deleted(&self) -> Result<Vec<Listed>, StoreError> {
        self.entries_where(true)
    }

    /// The readable drafts not in the recycle bin, most recently saved first.
    pub fn list(&self) -> Result<Vec<DraftRecord>, StoreError> {
        Ok(self.entries()?.into_iter().filter_map(Result::ok).collect())
    }

    /// The readable drafts in the recycle bin.
    pub fn list_deleted(&self) -> Result<Vec<DraftRecord>, StoreError> {
        Ok(self
            .entries_deleted()?
            .into_iter()
            .filter_map(Result::ok)
            .collect())
    }

    fn touch(
        &self,
        sql: &str,
        id: i64,
        value: &dyn rusqlite::ToSql,
    ) -> Result<DraftMeta, StoreError> {
        let n = self.conn.execute(sql, params![id, value]).at(&self.path)?;
        if n == 0 {
            return Err(StoreError::NotFound(id));
        }
        self.meta(id)
    }

    /// Renames a draft (the name then no longer follows the brand name).
    pub fn rename(&self, id: i64, name: &str) -> Result<DraftMeta, StoreError> {
        self.touch("UPDATE drafts SET name = ?2 WHERE id = ?1", id, &name)
    }

    /// Records that a draft is scored by another rubric edition from now on (its document is
    /// unchanged; the application layer keeps a version first).
    pub fn set_rubric_edition(&self, id: i64, edition: &str) -> Result<DraftMeta, StoreError> {
        self.touch(
            "UPDATE drafts SET rubric_edition = ?2 WHERE id = ?1",
            id,
            &edition,
        )
    }

    /// Moves a draft to the recycle bin (undo with [`Store::undelete`]).
    pub fn delete(&self, id: i64) -> Result<DraftMeta, StoreError> {
        self.touch(
            "UPDATE drafts SET deleted_at = ?2 WHERE id = ?1",
            id,
            &now(),
        )
    }

    /// Takes a draft back out of the recycle bin.
    pub fn undelete(&self, id: i64) -> Result<DraftMeta, StoreError> {
        self.touch(
            "UPDATE drafts SET deleted_at = ?2 WHERE id = ?1",
            id,
            &Option::<String>::None,
        )
    }

    /// Deletes a draft and its history for good.
    pub fn purge(&self, id: i64) -> Result<(), StoreError> {
        let n = self
            .conn
            .execute("DELETE FROM drafts WHERE id = ?1", [id])
            .at(&self.path)?;
        if n == 0 {
            return Err(StoreError::NotFound(id));
        }
        // Its attachments went with it; the files no other draft uses go too.
        Store::drop_unused_evidence(&self.conn, &self.path)
    }

    /// Copies a draft, with its attachments, under the name "<name>（副本）".
    pub fn duplicate(&self, id: i64) -> Result<DraftMeta, StoreError> {
        let rec = self.load(id)?;
        let copy = self.create(
            &format!("{}（副本）", rec.meta.name),
            &rec.draft,
            &rec.meta.rubric_edition,
        )?;
        Store::copy_evidence(&self.conn, &self.path, id, copy.id)?;
        Ok(copy)
    }
}
