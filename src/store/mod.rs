//! Drafts in SQLite: one row per draft holding the live document, and a history of versions
//! that mean something.
//!
//! * WAL journal, `synchronous = FULL`, 5 s busy timeout: a save is one transaction, so a crash
//!   mid-save leaves the previous version intact, and two windows or processes on one database
//!   wait for each other instead of corrupting it.
//! * Every change is saved to the live row at once ([`Store::save`]); the history gets a version
//!   only once per editing session, at most one per [`SNAPSHOT_INTERVAL`], and before a restore,
//!   a type change or an export ([`Store::checkpoint`]). Named versions are never pruned.
//! * The schema is versioned (`user_version`); creating and migrating happen inside the one
//!   transaction that checks the file, so two first starts at once cannot race.
//! * A database that is corrupt, foreign or written by a newer version is never written to: it is
//!   reported, and set aside for a fresh one only when asked ([`Store::open_fresh`]). A row
//!   written by a newer version is listed as unreadable and never overwritten.

mod aside;
mod backup;
mod fault;
mod migrations;

use fault::At;

pub use backup::Restored;

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{params, Connection, OpenFlags, OptionalExtension, TransactionBehavior};
use serde::Serialize;

pub use migrations::{APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION};

use crate::draft::Draft;
use crate::draftfile::FORMAT_VERSION as DOC_VERSION;

/// How many unnamed earlier versions of a draft are kept (named ones are kept in addition).
pub const HISTORY_LIMIT: i64 = 50;

/// At most one automatic version per draft in this time.
pub const SNAPSHOT_INTERVAL: Duration = Duration::from_secs(10 * 60);

/// How long a write waits for another program (a second window, a backup tool) that holds the
/// database, before it reports "busy".
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// What can go wrong with the draft store. Messages are Chinese, then English; the front ends
/// decide by [`StoreError::code`] and [`StoreError::is_damage`], never by the wording.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// SQLite found the file damaged (corrupt, or not a database), or it fails its integrity
    /// check.
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
    /// The volume holding the database is full: nothing is damaged, nothing was lost.
    #[error("磁盘空间不足，草稿没有受到影响：请在 {folder} 所在的磁盘上腾出空间（至少 {need_mb} MB{}）后重试 / the disk holding {folder} is full; the drafts are unaffected: free at least {need_mb} MB and try again", free.as_ref().map(|f| format!("，现在可用 {f}")).unwrap_or_default())]
    DiskFull {
        folder: String,
        free: Option<String>,
        need_mb: u64,
    },
    /// The disk reported an error reading or writing the database: not a verdict of damage.
    #[error("读写草稿数据库时磁盘出错，未做任何改动：{path}（{detail}）。数据库并未被判定为损坏；请稍后重试，如反复出现请检查磁盘或 U 盘是否已拔出 / disk I/O error on {path}; the database was not found damaged")]
    DiskIo { path: String, detail: String },
    /// Asked to set the database aside, but a read-only check finds it sound: it stays.
    #[error("经只读检查，草稿数据库没有损坏，因此没有移走它：{path}。刚才的问题是：{problem} / the database {path} checks sound and was not set aside")]
    NotDamaged { path: String, problem: String },
    /// Asked to set the database aside, but the check cannot tell whether it is damaged.
    #[error("无法确认草稿数据库已损坏（检查时出错：{detail}），因此没有移走它：{path}。请先解决磁盘或权限问题后重试 / cannot confirm that {path} is damaged ({detail}); it was not set aside")]
    CannotConfirm { path: String, detail: String },
    /// The file or its folder cannot be written: nothing is wrong with the data.
    #[error("草稿数据库是只读的，无法保存：{path}。数据本身没有损坏；请检查该文件及其所在文件夹的写入权限（或让管理员开放权限），然后重新启动本软件 / draft database is read-only: {path}")]
    ReadOnly { path: String },
    /// Another program holds the database longer than [`BUSY_TIMEOUT`].
    #[error("草稿数据库正被其他程序占用（如备份或杀毒软件），暂时无法保存 / the draft database is locked by another program")]
    Busy,
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
    /// A file offered as a backup is not one (empty, another program's file, random bytes).
    #[error("不是本程序的备份文件：{path}（{detail}）。现有草稿没有任何改动 / {path} is not a backup of this program ({detail}); the existing drafts are untouched")]
    NotBackup { path: String, detail: String },
    /// A backup that cannot be read in full: nothing of it was added.
    #[error("备份文件 {path} 有部分内容无法读取（{detail}），整份备份未恢复，现有草稿没有任何改动 / backup {path} is partly unreadable ({cause}); nothing was restored")]
    BackupUnreadable {
        path: String,
        /// What is wrong, in Chinese.
        detail: &'static str,
        /// SQLite's or the driver's own words.
        cause: String,
    },
    /// The folder or file cannot be used.
    #[error("无法访问草稿数据库 {path}：{source} / cannot access draft database {path}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    /// Any other database error.
    #[error("草稿数据库出错，未做任何改动：{0} / database error: {0}")]
    Sqlite(rusqlite::Error),
}

impl StoreError {
    /// Whether trying again later may succeed (the database was busy, or the disk full).
    pub fn is_transient(&self) -> bool {
        matches!(self, StoreError::Busy | StoreError::DiskFull { .. })
    }

    /// Whether the database itself is unusable (damaged, foreign or newer), the only case in
    /// which setting it aside for a fresh one ([`Store::open_fresh`]) is offered.
    pub fn is_damage(&self) -> bool {
        matches!(
            self,
            StoreError::Corrupt { .. } | StoreError::Foreign { .. } | StoreError::Newer { .. }
        )
    }

    /// A stable code for front ends to decide by (the wording may change, the code does not).
    pub fn code(&self) -> &'static str {
        match self {
            StoreError::Corrupt { .. } => "store_corrupt",
            StoreError::Newer { .. } => "store_newer",
            StoreError::Foreign { .. } => "store_foreign",
            StoreError::DiskFull { .. } => "disk_full",
            StoreError::DiskIo { .. } => "disk_io",
            StoreError::NotDamaged { .. } => "store_not_damaged",
            StoreError::CannotConfirm { .. } => "store_cannot_confirm",
            StoreError::ReadOnly { .. } => "store_read_only",
            StoreError::Busy => "store_busy",
            StoreError::NotFound(_) => "draft_not_found",
            StoreError::NoSuchVersion { .. } => "version_not_found",
            StoreError::BadDocument { .. } => "draft_unreadable",
            StoreError::NotBackup { .. } => "not_a_backup",
            StoreError::BackupUnreadable { .. } => "backup_unreadable",
            StoreError::Io { .. } => "store_io",
            StoreError::Sqlite(_) => "store_error",
        }
    }
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

/// A stored draft whose document this build cannot read (written by a newer version, or
/// damaged). It is listed with the reason and never overwritten.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unreadable {
    /// The row.
    pub meta: DraftMeta,
    /// Why, in Chinese.
    pub reason: String,
}

/// One line of a listing: a readable draft, or one that cannot be read.
pub type Listed = Result<DraftRecord, Unreadable>;

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

/// An open draft database.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// Drafts that got their "before this session" version from this connection.
    session: HashSet<i64>,
    interval: Duration,
    adopted_empty: bool,
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
            detail: format!(
                "由更新版本的软件保存（文档版本 {doc_version}，本软件支持 {DOC_VERSION}），请升级本软件后打开；本软件不会改动它"
            ),
        });
    }
    serde_json::from_str(doc).map_err(|e| StoreError::BadDocument {
        id,
        detail: format!("内容已损坏（{e}）"),
    })
}

/// Whether a file or folder refuses writing (checked by trying, as permissions vary by OS).
fn unwritable(path: &Path) -> bool {
    if path.exists() {
        return std::fs::OpenOptions::new().append(true).open(path).is_err();
    }
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty());
    let probe = dir
        .unwrap_or(Path::new("."))
        .join(format!(".labour-brand-probe-{}", std::process::id()));
    match std::fs::File::create(&probe) {
        Ok(_) => {
            let _ = std::fs::remove_file(&probe);
            false
        }
        Err(_) => true,
    }
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
    /// that is corrupt, foreign or newer. Checking, creating and migrating happen in one
    /// transaction, so several processes may open a new database at the same moment.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        let ps = path.display().to_string();
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| fault::classify_io(e, path))?;
        }
        let adopted_empty = std::fs::metadata(path)
            .map(|m| m.len() == 0)
            .unwrap_or(false);
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| {
            let cannot_open = e.sqlite_error_code() == Some(rusqlite::ErrorCode::CannotOpen);
            match fault::classify(e, path) {
                // Cannot open, yet writable and with room: an access problem, not damage.
                StoreError::DiskIo { detail, .. } if cannot_open => StoreError::Io {
                    path: ps.clone(),
                    source: std::io::Error::new(std::io::ErrorKind::PermissionDenied, detail),
                },
                other => other,
            }
        })?;
        conn.busy_timeout(BUSY_TIMEOUT).at(path)?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
            session: HashSet::new(),
            interval: SNAPSHOT_INTERVAL,
            adopted_empty,
        };
        // One write transaction checks, creates and migrates: nothing is written until the
        // file is known to be ours, and a second process waits instead of seeing half a schema.
        let tx = store
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .at(path)?;
        let version: i64 = tx
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .at(path)?;
        let app_id: i64 = tx
            .pragma_query_value(None, "application_id", |r| r.get(0))
            .at(path)?;
        let tables: i64 = tx
            .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
            .at(path)?;
        if (version == 0 && tables > 0) || (version > 0 && app_id != APPLICATION_ID) {
            return Err(StoreError::Foreign { path: ps.clone() });
        }
        if version > SCHEMA_VERSION {
            return Err(StoreError::Newer {
                path: ps.clone(),
                found: version,
                supported: SCHEMA_VERSION,
            });
        }
        let check: String = tx
            .query_row("PRAGMA quick_check", [], |r| r.get(0))
            .at(path)?;
        if check != "ok" {
            return Err(StoreError::Corrupt {
                path: ps.clone(),
                detail: check,
            });
        }
        if version < SCHEMA_VERSION {
            for step in &migrations::MIGRATIONS[version as usize..] {
                tx.execute_batch(step).at(path)?;
            }
            tx.pragma_update(None, "user_version", SCHEMA_VERSION)
                .at(path)?;
            tx.pragma_update(None, "application_id", APPLICATION_ID)
                .at(path)?;
        }
        tx.commit().at(path)?;
        store.set_wal().at(path)?;
        store
            .conn
            .execute_batch("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;")
            .at(path)?;
        Ok(store)
    }

    /// Switches to the WAL journal (once per database; later opens find it set). A second
    /// process switching at the same moment may report busy without waiting, so retry.
    fn set_wal(&self) -> rusqlite::Result<()> {
        let mut tries = 0;
        loop {
            match self
                .conn
                .query_row("PRAGMA journal_mode = WAL", [], |r| r.get::<_, String>(0))
            {
                Ok(_) => return Ok(()),
                Err(e)
                    if tries < 100
                        && matches!(
                            e.sqlite_error_code(),
                            Some(
                                rusqlite::ErrorCode::DatabaseBusy
                                    | rusqlite::ErrorCode::DatabaseLocked
                            )
                        ) =>
                {
                    tries += 1;
                    std::thread::sleep(Duration::from_millis(20));
                }
                Err(e) => return Err(e),
            }
        }
    }

    /// Opens the default database ([`Store::default_path`]).
    pub fn open_default() -> Result<Store, StoreError> {
        Store::open(&Store::default_path()?)
    }

    /// Opens the database at `path`; only if it is unusable (corrupt, foreign or newer, and a
    /// second look on a read-only connection agrees) moves it and its WAL files aside as
    /// `<name>.bad-<time>[-N]` (never over an existing file) and starts a fresh one. A usable
    /// database is opened as it is; one that fails for any other reason (a full disk, a lock,
    /// permissions), or that the second look finds sound or cannot check, is never moved. If the
    /// fresh database cannot be made, the old file is put back. Returns the store and where the
    /// old file went, if it was moved.
    pub fn open_fresh(path: &Path) -> Result<(Store, Option<PathBuf>), StoreError> {
        let first = match Store::open(path) {
            Ok(store) => return Ok((store, None)),
            Err(e) if e.is_damage() => e,
            Err(other) => return Err(other),
        };
        match fault::recheck(path) {
            fault::Verdict::Unusable => {}
            fault::Verdict::Sound => {
                return Err(StoreError::NotDamaged {
                    path: path.display().to_string(),
                    problem: first.to_string(),
                })
            }
            fault::Verdict::Unknown(detail) => {
                return Err(StoreError::CannotConfirm {
                    path: path.display().to_string(),
                    detail,
                })
            }
        }
        let stamp = chrono::Local::now().format("%Y%m%d%H%M%S").to_string();
        let target = aside::set_aside(path, &stamp).map_err(|e| fault::classify_io(e, path))?;
        match Store::open(path) {
            Ok(store) => Ok((store, Some(target))),
            Err(e) => {
                // No fresh database: the old file goes back where it was, as if never asked.
                aside::put_back(&target, path).map_err(|e| fault::classify_io(e, path))?;
                Err(e)
            }
        }
    }

    /// Sets how often a long editing session keeps an automatic version (default
    /// [`SNAPSHOT_INTERVAL`]).
    pub fn set_snapshot_interval(&mut self, interval: Duration) {
        self.interval = interval;
    }

    /// Whether the database file was an empty (zero-byte) file that was adopted as a new
    /// database when opened.
    pub fn adopted_empty_file(&self) -> bool {
        self.adopted_empty
    }

    /// Caps the database at `pages` pages on this connection (`PRAGMA max_page_count`), so
    /// that a full disk can be rehearsed deterministically in tests, without root.
    #[doc(hidden)]
    pub fn rehearse_full_disk(&self, pages: u64) -> Result<(), StoreError> {
        self.conn
            .query_row(&format!("PRAGMA max_page_count = {pages}"), [], |_| Ok(()))
            .at(&self.path)
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The schema version of the open database.
    pub fn schema_version(&self) -> Result<i64, StoreError> {
        Ok(self
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .at(&self.path)?)
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

    /// Copies the live row of a draft into the history (unless that revision is there
    /// already), inside `tx`. Returns whether a version was added.
    fn archive(
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
    fn interval_due(
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
