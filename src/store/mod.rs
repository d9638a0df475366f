//! Drafts in SQLite: one row per draft, every earlier version kept in a bounded history.
//!
//! * WAL journal, `synchronous = FULL`, 5 s busy timeout: a save is one transaction, so a crash
//!   mid-save leaves the previous version intact, and two windows or processes on one database
//!   wait for each other instead of corrupting it.
//! * The schema is versioned (`user_version`) and migrated one transaction per step.
//! * A database that is corrupt, foreign or written by a newer version is never written to: it is
//!   reported, and set aside for a fresh one only when asked ([`Store::open_fresh`]).

mod migrations;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{params, Connection, OpenFlags, OptionalExtension, TransactionBehavior};
use serde::Serialize;

pub use migrations::{APPLICATION_ID, SCHEMA_VERSION};

use crate::draft::Draft;
use crate::draftfile::FORMAT_VERSION as DOC_VERSION;

/// How many earlier versions of a draft are kept.
pub const HISTORY_LIMIT: i64 = 50;

/// What can go wrong with the draft store. Messages are Chinese, then English.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The file is not a readable SQLite database, or fails its integrity check.
    #[error("草稿数据库已损坏，未做任何改动：{path}（{detail}）。可将其移到一旁并新建数据库 / draft database is corrupt and was left untouched: {path} ({detail})")]
    Corrupt { path: String, detail: String },
    /// Written by a newer version of the app.
    #[error("草稿数据库由更新版本的软件创建（版本 {found}，本软件支持 {supported}），未做任何改动：{path}。请升级软件 / draft database {path} is schema {found}, newer than {supported}; left untouched")]
    Newer {
        path: String,
        found: i64,
        supported: i64,
    },
    /// Some other program's SQLite database.
    #[error("该文件不是劳务品牌申报助手的草稿数据库，未做任何改动：{path} / {path} is not a labour-brand draft database; left untouched")]
    Foreign { path: String },
    /// No draft with this id.
    #[error("找不到编号为 {0} 的草稿 / no draft with id {0}")]
    NotFound(i64),
    /// No such saved version.
    #[error(
        "草稿 {id} 没有第 {revision} 版的历史记录 / draft {id} has no saved version {revision}"
    )]
    NoSuchVersion { id: i64, revision: i64 },
    /// A stored document that cannot be read.
    #[error("草稿 {id} 的内容无法读取：{detail} / stored draft {id} cannot be read: {detail}")]
    BadDocument { id: i64, detail: String },
    /// The folder or file cannot be used.
    #[error("无法访问草稿数据库 {path}：{source} / cannot access draft database {path}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    /// Any other database error.
    #[error("草稿数据库出错：{0} / database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
}

/// A draft's row, without its document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DraftMeta {
    /// Stable id.
    pub id: i64,
    /// Display name.
    pub name: String,
    /// Type key, if chosen.
    pub brand_type: Option<String>,
    /// Created (local time, RFC 3339).
    pub created_at: String,
    /// Last saved (local time, RFC 3339).
    pub updated_at: String,
    /// Rubric edition the draft was made with.
    pub rubric_edition: String,
    /// Save counter, starting at 1.
    pub revision: i64,
    /// When it was moved to the recycle bin.
    pub deleted_at: Option<String>,
}

/// A draft with its row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DraftRecord {
    /// The row.
    pub meta: DraftMeta,
    /// The document.
    pub draft: Draft,
}

/// One earlier saved version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HistoryEntry {
    /// The revision it had.
    pub revision: i64,
    /// When it was saved.
    pub saved_at: String,
    /// Its display name then.
    pub name: String,
}

/// An open draft database.
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

fn now() -> String {
    chrono::Local::now()
        .format("%Y-%m-%dT%H:%M:%S%.3f%:z")
        .to_string()
}

const META_COLUMNS: &str =
    "id, name, brand_type, created_at, updated_at, rubric_edition, revision, deleted_at";

fn meta_from_row(row: &rusqlite::Row) -> rusqlite::Result<DraftMeta> {
    Ok(DraftMeta {
        id: row.get(0)?,
        name: row.get(1)?,
        brand_type: row.get(2)?,
        created_at: row.get(3)?,
        updated_at: row.get(4)?,
        rubric_edition: row.get(5)?,
        revision: row.get(6)?,
        deleted_at: row.get(7)?,
    })
}

fn encode(draft: &Draft) -> String {
    serde_json::to_string(draft).expect("a draft always serialises")
}

fn decode(id: i64, doc_version: i64, doc: &str) -> Result<Draft, StoreError> {
    if doc_version > i64::from(DOC_VERSION) {
        return Err(StoreError::BadDocument {
            id,
            detail: format!("文档版本 {doc_version} 过新"),
        });
    }
    serde_json::from_str(doc).map_err(|e| StoreError::BadDocument {
        id,
        detail: e.to_string(),
    })
}

impl Store {
    /// The default database file: `drafts.sqlite3` in the OS data directory, or the file named
    /// by the `LABOUR_BRAND_DB` environment variable.
    pub fn default_path() -> Result<PathBuf, StoreError> {
        if let Some(p) = std::env::var_os("LABOUR_BRAND_DB") {
            return Ok(PathBuf::from(p));
        }
        let dirs = directories::ProjectDirs::from("cn", "Lianyungang", "LabourBrand").ok_or_else(
            || StoreError::Io {
                path: "(data directory)".into(),
                source: std::io::Error::new(std::io::ErrorKind::NotFound, "no home directory"),
            },
        )?;
        Ok(dirs.data_dir().join("drafts.sqlite3"))
    }

    /// Opens (creating if needed) and migrates the database at `path`. Never writes to a file
    /// that is corrupt, foreign or newer.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        let ps = path.display().to_string();
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| StoreError::Io {
                path: ps.clone(),
                source,
            })?;
        }
        let corrupt = |e: rusqlite::Error| StoreError::Corrupt {
            path: ps.clone(),
            detail: e.to_string(),
        };
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| match e {
            rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::CannotOpen => {
                StoreError::Io {
                    path: ps.clone(),
                    source: std::io::Error::new(
                        std::io::ErrorKind::PermissionDenied,
                        e.to_string(),
                    ),
                }
            }
            other => corrupt(other),
        })?;
        conn.busy_timeout(Duration::from_secs(5))?;
        // Read-only checks first: nothing is written until the file is known to be ours.
        let version: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .map_err(corrupt)?;
        let app_id: i64 = conn
            .pragma_query_value(None, "application_id", |r| r.get(0))
            .map_err(corrupt)?;
        let tables: i64 = conn
            .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
            .map_err(corrupt)?;
        if (version == 0 && tables > 0) || (version > 0 && app_id != APPLICATION_ID) {
            return Err(StoreError::Foreign { path: ps });
        }
        if version > SCHEMA_VERSION {
            return Err(StoreError::Newer {
                path: ps,
                found: version,
                supported: SCHEMA_VERSION,
            });
        }
        let check: String = conn
            .query_row("PRAGMA quick_check", [], |r| r.get(0))
            .map_err(corrupt)?;
        if check != "ok" {
            return Err(StoreError::Corrupt {
                path: ps,
                detail: check,
            });
        }
        let _mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
        conn.execute_batch("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;")?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
        };
        store.migrate()?;
        Ok(store)
    }

    /// Opens the default database ([`Store::default_path`]).
    pub fn open_default() -> Result<Store, StoreError> {
        Store::open(&Store::default_path()?)
    }

    /// Moves an unusable database (and its WAL files) aside as `<name>.bad-<time>` and starts
    /// a fresh one. Returns the store and where the old file went.
    pub fn open_fresh(path: &Path) -> Result<(Store, Option<PathBuf>), StoreError> {
        let aside = if path.exists() {
            let stamp = chrono::Local::now().format("%Y%m%d%H%M%S");
            let target = PathBuf::from(format!("{}.bad-{stamp}", path.display()));
            let io = |source| StoreError::Io {
                path: path.display().to_string(),
                source,
            };
            std::fs::rename(path, &target).map_err(io)?;
            for suffix in ["-wal", "-shm"] {
                let side = PathBuf::from(format!("{}{suffix}", path.display()));
                if side.exists() {
                    std::fs::rename(&side, format!("{}{suffix}", target.display())).map_err(io)?;
                }
            }
            Some(target)
        } else {
            None
        };
        Ok((Store::open(path)?, aside))
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The schema version of the open database.
    pub fn schema_version(&self) -> Result<i64, StoreError> {
        Ok(self
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))?)
    }

    fn migrate(&mut self) -> Result<(), StoreError> {
        loop {
            let tx = self
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)?;
            let version: i64 = tx.pragma_query_value(None, "user_version", |r| r.get(0))?;
            if version >= SCHEMA_VERSION {
                return Ok(());
            }
            tx.execute_batch(migrations::MIGRATIONS[version as usize])?;
            tx.pragma_update(None, "user_version", version + 1)?;
            tx.pragma_update(None, "application_id", APPLICATION_ID)?;
            tx.commit()?;
        }
    }

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
        )?;
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
            .optional()?
            .ok_or(StoreError::NotFound(id))
    }

    /// Loads a draft.
    pub fn load(&self, id: i64) -> Result<DraftRecord, StoreError> {
        let meta = self.meta(id)?;
        let (doc_version, doc): (i64, String) = self.conn.query_row(
            "SELECT doc_version, doc FROM drafts WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        Ok(DraftRecord {
            meta,
            draft: decode(id, doc_version, &doc)?,
        })
    }

    /// Saves a new version of a draft in one transaction; the previous version goes to the
    /// history. Saving an unchanged document changes nothing. A name that followed the brand
    /// name keeps following it.
    pub fn save(&mut self, id: i64, draft: &Draft) -> Result<DraftMeta, StoreError> {
        let doc = encode(draft);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let current: Option<(String, i64, i64, String)> = tx
            .query_row(
                "SELECT name, revision, doc_version, doc FROM drafts WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()?;
        let Some((name, revision, old_version, old_doc)) = current else {
            return Err(StoreError::NotFound(id));
        };
        if old_doc == doc {
            drop(tx);
            return self.meta(id);
        }
        let t = now();
        tx.execute(
            "INSERT INTO history (draft_id, revision, saved_at, name, doc_version, doc)
             SELECT id, revision, updated_at, name, doc_version, doc FROM drafts WHERE id = ?1",
            [id],
        )?;
        let followed_brand = serde_json::from_str::<Draft>(&old_doc)
            .map(|d| d.display_name() == name)
            .unwrap_or(false)
            && old_version <= i64::from(DOC_VERSION);
        let new_name = if followed_brand {
            draft.display_name()
        } else {
            name
        };
        tx.execute(
            "UPDATE drafts SET name = ?2, brand_type = ?3, updated_at = ?4, doc_version = ?5, doc = ?6, revision = ?7
             WHERE id = ?1",
            params![id, new_name, draft.form1.brand_type.map(|b| b.key()), t, DOC_VERSION, doc, revision + 1],
        )?;
        tx.execute(
            "DELETE FROM history WHERE draft_id = ?1 AND id NOT IN
               (SELECT id FROM history WHERE draft_id = ?1 ORDER BY revision DESC LIMIT ?2)",
            params![id, HISTORY_LIMIT],
        )?;
        tx.commit()?;
        self.meta(id)
    }

    fn list_where(&self, deleted: bool) -> Result<Vec<DraftRecord>, StoreError> {
        let cond = if deleted {
            "deleted_at IS NOT NULL"
        } else {
            "deleted_at IS NULL"
        };
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {META_COLUMNS}, doc_version, doc FROM drafts WHERE {cond} ORDER BY updated_at DESC, id DESC"
        ))?;
        let rows = stmt.query_map([], |r| {
            Ok((
                meta_from_row(r)?,
                r.get::<_, i64>(8)?,
                r.get::<_, String>(9)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (meta, v, doc) = row?;
            let draft = decode(meta.id, v, &doc)?;
            out.push(DraftRecord { meta, draft });
        }
        Ok(out)
    }

    /// All drafts not in the recycle bin, most recently saved first.
    pub fn list(&self) -> Result<Vec<DraftRecord>, StoreError> {
        self.list_where(false)
    }

    /// The drafts in the recycle bin.
    pub fn list_deleted(&self) -> Result<Vec<DraftRecord>, StoreError> {
        self.list_where(true)
    }

    fn touch(
        &self,
        sql: &str,
        id: i64,
        value: &dyn rusqlite::ToSql,
    ) -> Result<DraftMeta, StoreError> {
        let n = self.conn.execute(sql, params![id, value])?;
        if n == 0 {
            return Err(StoreError::NotFound(id));
        }
        self.meta(id)
    }

    /// Renames a draft (the name then no longer follows the brand name).
    pub fn rename(&self, id: i64, name: &str) -> Result<DraftMeta, StoreError> {
        self.touch("UPDATE drafts SET name = ?2 WHERE id = ?1", id, &name)
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
            .execute("DELETE FROM drafts WHERE id = ?1", [id])?;
        if n == 0 {
            return Err(StoreError::NotFound(id));
        }
        Ok(())
    }

    /// Copies a draft under the name "<name>（副本）".
    pub fn duplicate(&self, id: i64) -> Result<DraftMeta, StoreError> {
        let rec = self.load(id)?;
        self.create(
            &format!("{}（副本）", rec.meta.name),
            &rec.draft,
            &rec.meta.rubric_edition,
        )
    }

    /// The earlier saved versions of a draft, newest first.
    pub fn history(&self, id: i64) -> Result<Vec<HistoryEntry>, StoreError> {
        self.meta(id)?;
        let mut stmt = self
            .conn
            .prepare("SELECT revision, saved_at, name FROM history WHERE draft_id = ?1 ORDER BY revision DESC")?;
        let rows = stmt.query_map([id], |r| {
            Ok(HistoryEntry {
                revision: r.get(0)?,
                saved_at: r.get(1)?,
                name: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
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
            .optional()?;
        let (v, doc) = row.ok_or(StoreError::NoSuchVersion { id, revision })?;
        decode(id, v, &doc)
    }

    /// Restores an earlier version as a new save (the current version goes to the history, so
    /// a restore can itself be undone).
    pub fn restore(&mut self, id: i64, revision: i64) -> Result<DraftMeta, StoreError> {
        let old = self.version(id, revision)?;
        self.save(id, &old)
    }
}
