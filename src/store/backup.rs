//! One-file backups of every draft: a consistent copy of the whole database (`VACUUM INTO`,
//! which reads in one transaction, so a backup made while the app is saving is consistent), and
//! restoring from such a file by adding its drafts beside the existing ones, never over them.

use std::path::Path;

use rusqlite::params;

use super::{Store, StoreError};

/// What a restore added.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Restored {
    /// Drafts added.
    pub drafts: usize,
    /// Earlier versions added with them.
    pub versions: usize,
}

impl Store {
    /// Writes a consistent copy of the whole database (drafts, recycle bin, history) to `path`,
    /// which must not exist yet.
    pub fn backup_to(&self, path: &Path) -> Result<(), StoreError> {
        if path.exists() {
            return Err(StoreError::Io {
                path: path.display().to_string(),
                source: std::io::Error::new(
                    std::io::ErrorKind::AlreadyExists,
                    "备份文件已存在，请换一个文件名",
                ),
            });
        }
        let target = path.to_str().ok_or_else(|| StoreError::Io {
            path: path.display().to_string(),
            source: std::io::Error::new(std::io::ErrorKind::InvalidInput, "not UTF-8"),
        })?;
        self.conn.execute("VACUUM INTO ?1", [target])?;
        Ok(())
    }

    /// Adds every draft of the backup at `path` (with its history) as a new draft. Nothing
    /// existing is overwritten; a restored draft whose id is already taken here is named
    /// "<name>（恢复）". The backup itself is never written: a temporary copy is checked and, if
    /// it was made by an earlier version, migrated like any database.
    pub fn restore_backup(&mut self, path: &Path) -> Result<Restored, StoreError> {
        let io = |source| StoreError::Io {
            path: path.display().to_string(),
            source,
        };
        let copy = std::env::temp_dir().join(format!(
            "labour-brand-restore-{}-{}.sqlite3",
            std::process::id(),
            chrono::Local::now().format("%H%M%S%f")
        ));
        std::fs::copy(path, &copy).map_err(io)?;
        let result = Store::open(&copy).and_then(|source| self.add_all_from(&source));
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(crate::output::with_suffix(&copy, suffix));
        }
        result
    }

    fn add_all_from(&mut self, source: &Store) -> Result<Restored, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let mut out = Restored {
            drafts: 0,
            versions: 0,
        };
        let mut drafts = source.conn.prepare(
            "SELECT id, name, brand_type, created_at, updated_at, doc_version, doc, rubric_edition, revision, deleted_at
             FROM drafts ORDER BY id",
        )?;
        let rows = drafts.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, i64>(5)?,
                r.get::<_, String>(6)?,
                r.get::<_, String>(7)?,
                r.get::<_, i64>(8)?,
                r.get::<_, Option<String>>(9)?,
            ))
        })?;
        for row in rows {
            let (old_id, name, brand_type, created, updated, v, doc, edition, revision, deleted) =
                row?;
            let taken: bool = tx.query_row(
                "SELECT EXISTS(SELECT 1 FROM drafts WHERE id = ?1)",
                [old_id],
                |r| r.get(0),
            )?;
            let name = if taken {
                format!("{name}（恢复）")
            } else {
                name
            };
            tx.execute(
                "INSERT INTO drafts (name, brand_type, created_at, updated_at, doc_version, doc, rubric_edition, revision, deleted_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                params![name, brand_type, created, updated, v, doc, edition, revision, deleted],
            )?;
            let new_id = tx.last_insert_rowid();
            let mut history = source.conn.prepare(
                "SELECT revision, saved_at, name, doc_version, doc, reason, archived_at, pin
                 FROM history WHERE draft_id = ?1 ORDER BY revision",
            )?;
            let versions = history.query_map([old_id], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, i64>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, String>(5)?,
                    r.get::<_, Option<String>>(6)?,
                    r.get::<_, Option<String>>(7)?,
                ))
            })?;
            for version in versions {
                let (rev, saved, vname, vv, vdoc, reason, archived, pin) = version?;
                tx.execute(
                    "INSERT INTO history (draft_id, revision, saved_at, name, doc_version, doc, reason, archived_at, pin)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                    params![new_id, rev, saved, vname, vv, vdoc, reason, archived, pin],
                )?;
                out.versions += 1;
            }
            out.drafts += 1;
        }
        tx.commit()?;
        Ok(out)
    }
}
