//! One-file backups of every draft: a consistent copy of the whole database (`VACUUM INTO`,
//! which reads in one transaction, so a backup made while the app is saving is consistent), and
//! restoring from such a file by adding its drafts beside the existing ones, never over them.

use std::path::Path;

use rusqlite::params;

use super::fault::{self, At};
use super::{Store, StoreError};

/// What a restore added.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Restored {
    /// Evidence files attached to them.
    pub evidence: usize,
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
        // Damage is the live database's; anything else (a full disk, no permission) concerns
        // the folder being written to.
        self.conn
            .execute("VACUUM INTO ?1", [target])
            .map_err(|e| match e.sqlite_error_code() {
                Some(rusqlite::ErrorCode::DatabaseCorrupt) => fault::classify(e, &self.path),
                _ => fault::classify(e, path),
            })?;
        Ok(())
    }

    /// Writes a backup to `path`, replacing an existing file there only once the new backup is
    /// complete: it is made as a temporary file beside `path` (stale ones of killed writers are
    /// removed first), then renamed over it. Checking that `path` may be written (not the live
    /// database) is the caller's ([`crate::output::check_target`]).
    pub fn backup_replacing(&self, path: &Path) -> Result<(), StoreError> {
        let dir = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let name = path.file_name().ok_or_else(|| StoreError::Io {
            path: path.display().to_string(),
            source: std::io::Error::new(std::io::ErrorKind::InvalidInput, "not a file name"),
        })?;
        crate::output::remove_stale_temps(dir);
        let tmp = crate::output::temp_path(dir, name);
        let _ = std::fs::remove_file(&tmp);
        let made = self
            .backup_to(&tmp)
            .and_then(|()| std::fs::rename(&tmp, path).map_err(|e| fault::classify_io(e, path)));
        if made.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        made
    }

    /// Adds every draft of the backup at `path` (with its history) as a new draft. Nothing
    /// existing is overwritten; a restored draft whose id is already taken here is named
    /// "<name>（恢复）". The backup itself is never written: a temporary copy is checked and, if
    /// it was made by an earlier version, migrated like any database.
    ///
    /// All or nothing: a file that is not a backup of this program (empty, another program's,
    /// random bytes) is refused, and so is a backup any row of which cannot be read (flipped
    /// bytes), in one transaction, so that the drafts here are never half-restored. Every such
    /// error names the user's file, not the temporary copy.
    pub fn restore_backup(&mut self, path: &Path) -> Result<Restored, StoreError> {
        let user = path.display().to_string();
        let not_backup = |detail: &str| StoreError::NotBackup {
            path: user.clone(),
            detail: detail.to_string(),
        };
        let mut head = [0u8; 16];
        let read = std::fs::File::open(path)
            .and_then(|mut f| {
                use std::io::Read;
                let mut n = 0;
                while n < head.len() {
                    match f.read(&mut head[n..])? {
                        0 => break,
                        k => n += k,
                    }
                }
                Ok(n)
            })
            .map_err(|source| StoreError::Io {
                path: user.clone(),
                source,
            })?;
        if read == 0 {
            return Err(not_backup("文件是空的"));
        }
        if read < head.len() || &head != b"SQLite format 3\0" {
            return Err(not_backup("不是数据库文件"));
        }
        let copy = std::env::temp_dir().join(format!(
            "labour-brand-restore-{}-{}.sqlite3",
            std::process::id(),
            chrono::Local::now().format("%H%M%S%f")
        ));
        std::fs::copy(path, &copy).map_err(|e| fault::classify_io(e, &copy))?;
        let result = Store::open(&copy)
            .map_err(|e| match e {
                StoreError::Foreign { .. } => not_backup("是其他程序的数据库"),
                StoreError::Corrupt { detail, .. } => StoreError::BackupUnreadable {
                    path: user.clone(),
                    detail: "文件不完整或已损坏",
                    cause: detail,
                },
                StoreError::Newer {
                    found, supported, ..
                } => StoreError::Newer {
                    path: user.clone(),
                    found,
                    supported,
                },
                other => other,
            })
            .and_then(|source| self.add_all_from(&source, path));
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(crate::output::with_suffix(&copy, suffix));
        }
        result
    }

    fn add_all_from(&mut self, source: &Store, user: &Path) -> Result<Restored, StoreError> {
        let live = self.path.clone();
        // Reading the backup fails only if it is damaged; writing here is about this database.
        let unreadable = |e: rusqlite::Error| match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DiskFull | rusqlite::ErrorCode::SystemIoFailure) => {
                fault::classify(e, &source.path)
            }
            _ => StoreError::BackupUnreadable {
                path: user.display().to_string(),
                detail: match e {
                    rusqlite::Error::FromSqlConversionFailure(..)
                    | rusqlite::Error::InvalidColumnType(..)
                    | rusqlite::Error::Utf8Error(..) => "有文字内容的字节已损坏",
                    _ => "数据库内容已损坏",
                },
                cause: e.to_string(),
            },
        };
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .at(&live)?;
        let mut out = Restored {
            drafts: 0,
            versions: 0,
            evidence: 0,
        };
        let mut drafts = source.conn.prepare(
            "SELECT id, name, brand_type, created_at, updated_at, doc_version, doc, rubric_edition, revision, deleted_at
             FROM drafts ORDER BY id",
        ).map_err(unreadable)?;
        let rows = drafts
            .query_map([], |r| {
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
            })
            .map_err(unreadable)?;
        for row in rows {
            let (old_id, name, brand_type, created, updated, v, doc, edition, revision, deleted) =
                row.map_err(unreadable)?;
            let taken: bool = tx
                .query_row(
                    "SELECT EXISTS(SELECT 1 FROM drafts WHERE id = ?1)",
                    [old_id],
                    |r| r.get(0),
                )
                .at(&live)?;
            let name = if taken {
                format!("{name}（恢复）")
            } else {
                name
            };
            tx.execute(
                "INSERT INTO drafts (name, brand_type, created_at, updated_at, doc_version, doc, rubric_edition, revision, deleted_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                params![name, brand_type, created, updated, v, doc, edition, revision, deleted],
            ).at(&live)?;
            let new_id = tx.last_insert_rowid();
            let mut history = source
                .conn
                .prepare(
                    "SELECT revision, saved_at, name, doc_version, doc, reason, archived_at, pin
                 FROM history WHERE draft_id = ?1 ORDER BY revision",
                )
                .map_err(unreadable)?;
            let versions = history
                .query_map([old_id], |r| {
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
                })
                .map_err(unreadable)?;
            for version in versions {
                let (rev, saved, vname, vv, vdoc, reason, archived, pin) =
                    version.map_err(unreadable)?;
                tx.execute(
                    "INSERT INTO history (draft_id, revision, saved_at, name, doc_version, doc, reason, archived_at, pin)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                    params![new_id, rev, saved, vname, vv, vdoc, reason, archived, pin],
                ).at(&live)?;
                out.versions += 1;
            }
            out.evidence +=
                copy_evidence_rows(&source.conn, &tx, old_id, new_id).map_err(|e| match e {
                    Side::Source(e) => unreadable(e),
                    Side::Live(e) => fault::classify(e, &live),
                })?;
            out.drafts += 1;
        }
        tx.commit().at(&live)?;
        Ok(out)
    }
}

/// Which database an error of a copy came from.
enum Side {
    Source(rusqlite::Error),
    Live(rusqlite::Error),
}

/// Copies the attachments of draft `from` of a backup to draft `to` here, with the files they
/// need that are not here yet. Returns how many were copied.
fn copy_evidence_rows(
    source: &rusqlite::Connection,
    live: &rusqlite::Transaction,
    from: i64,
    to: i64,
) -> Result<usize, Side> {
    let mut rows = source
        .prepare(
            "SELECT e.item_id, e.position, e.title, e.file_name, e.sha256, e.added_at, b.kind, b.size, b.pages, b.bytes
             FROM evidence e JOIN evidence_blobs b ON b.sha256 = e.sha256 WHERE e.draft_id = ?1 ORDER BY e.id",
        )
        .map_err(Side::Source)?;
    let mut n = 0;
    let mut q = rows.query([from]).map_err(Side::Source)?;
    while let Some(r) = q.next().map_err(Side::Source)? {
        let get = |i| -> Result<rusqlite::types::Value, Side> { r.get(i).map_err(Side::Source) };
        let (item, pos, title, name, sha, added, kind, size, pages, bytes) = (
            get(0)?,
            get(1)?,
            get(2)?,
            get(3)?,
            get(4)?,
            get(5)?,
            get(6)?,
            get(7)?,
            get(8)?,
            get(9)?,
        );
        // A damaged copy of a file is not restored as if it were sound.
        if let (rusqlite::types::Value::Blob(b), rusqlite::types::Value::Text(s)) = (&bytes, &sha) {
            if &crate::store::sha256_hex(b) != s {
                return Err(Side::Source(rusqlite::Error::InvalidColumnType(
                    9,
                    "bytes".into(),
                    rusqlite::types::Type::Blob,
                )));
            }
        }
        live.execute(
            "INSERT OR IGNORE INTO evidence_blobs (sha256, kind, size, pages, bytes) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![sha, kind, size, pages, bytes],
        )
        .map_err(Side::Live)?;
        live.execute(
            "INSERT INTO evidence (draft_id, item_id, position, title, file_name, sha256, added_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![to, item, pos, title, name, sha, added],
        )
        .map_err(Side::Live)?;
        n += 1;
    }
    Ok(n)
}
