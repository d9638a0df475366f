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
//!
//! Files: `open` (finding, checking, creating, migrating, setting aside), `drafts` (the live
//! rows), `history` (the version policy and restoring), `backup`, `migrations`, `fault` (naming
//! each database fault), `aside`.

mod aside;
mod backup;
mod drafts;
mod evidence;
mod fault;
mod history;
mod migrations;
mod open;

pub use backup::Restored;
pub use evidence::{sha256_hex, EvidenceFile};
pub use history::{HistoryEntry, VersionReason};

use crate::Bilingual;
use std::collections::HashSet;
use std::path::PathBuf;
use std::time::Duration;

use rusqlite::Connection;
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
    #[error("{} / {}", self.zh(), self.en())]
    Corrupt { path: String, detail: String },
    /// Written by a newer version of the app.
    #[error("{} / {}", self.zh(), self.en())]
    Newer {
        path: String,
        found: i64,
        supported: i64,
    },
    /// Some other program's SQLite database.
    #[error("{} / {}", self.zh(), self.en())]
    Foreign { path: String },
    /// The volume holding the database is full: nothing is damaged, nothing was lost.
    #[error("{} / {}", self.zh(), self.en())]
    DiskFull {
        folder: String,
        free: Option<String>,
        need_mb: u64,
    },
    /// The disk reported an error reading or writing the database: not a verdict of damage.
    #[error("{} / {}", self.zh(), self.en())]
    DiskIo { path: String, detail: String },
    /// Asked to set the database aside, but a read-only check finds it sound: it stays.
    #[error("{} / {}", self.zh(), self.en())]
    NotDamaged { path: String, problem: String },
    /// Asked to set the database aside, but the check cannot tell whether it is damaged.
    #[error("{} / {}", self.zh(), self.en())]
    CannotConfirm { path: String, detail: String },
    /// The file or its folder cannot be written: nothing is wrong with the data.
    #[error("{} / {}", self.zh(), self.en())]
    ReadOnly { path: String },
    /// Another program holds the database longer than [`BUSY_TIMEOUT`].
    #[error("{} / {}", self.zh(), self.en())]
    Busy,
    /// No draft with this id.
    #[error("{} / {}", self.zh(), self.en())]
    NotFound(i64),
    /// No such saved version.
    #[error("{} / {}", self.zh(), self.en())]
    NoSuchVersion { id: i64, revision: i64 },
    /// A stored document that cannot be read.
    #[error("{} / {}", self.zh(), self.en())]
    BadDocument { id: i64, detail: String },
    /// A file offered as a backup is not one (empty, another program's file, random bytes).
    #[error("{} / {}", self.zh(), self.en())]
    NotBackup { path: String, detail: String },
    /// A backup that cannot be read in full: nothing of it was added.
    #[error("{} / {}", self.zh(), self.en())]
    BackupUnreadable {
        path: String,
        /// What is wrong, in Chinese.
        detail: &'static str,
        /// SQLite's or the driver's own words.
        cause: String,
    },
    /// The folder or file cannot be used.
    #[error("{} / {}", self.zh(), self.en())]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    /// Any other database error.
    #[error("{} / {}", self.zh(), self.en())]
    Sqlite(rusqlite::Error),
}

impl Bilingual for StoreError {
    fn code(&self) -> &'static str {
        StoreError::code(self)
    }

    fn zh(&self) -> String {
        match self {
            Self::Corrupt { path, detail } => format!("草稿数据库已损坏，未做任何改动：{path}（{detail}）。可将其移到一旁并新建数据库"),
            Self::Newer { path, found, supported } => format!("草稿数据库由更新版本的软件创建（版本 {found}，本软件支持 {supported}），未做任何改动：{path}。请升级软件"),
            Self::Foreign { path } => format!("该文件不是劳务品牌申报助手的草稿数据库，未做任何改动：{path}"),
            Self::DiskFull { folder, need_mb, free } => format!("磁盘空间不足，草稿没有受到影响：请在 {folder} 所在的磁盘上腾出空间（至少 {need_mb} MB{}）后重试", free.as_ref().map(|f| format!("，现在可用 {f}")).unwrap_or_default()),
            Self::DiskIo { path, detail } => format!("读写草稿数据库时磁盘出错，未做任何改动：{path}（{detail}）。数据库并未被判定为损坏；请稍后重试，如反复出现请检查磁盘或 U 盘是否已拔出"),
            Self::NotDamaged { path, problem } => format!("经只读检查，草稿数据库没有损坏，因此没有移走它：{path}。刚才的问题是：{problem}"),
            Self::CannotConfirm { path, detail } => format!("无法确认草稿数据库已损坏（检查时出错：{detail}），因此没有移走它：{path}。请先解决磁盘或权限问题后重试"),
            Self::ReadOnly { path } => format!("草稿数据库是只读的，无法保存：{path}。数据本身没有损坏；请检查该文件及其所在文件夹的写入权限（或让管理员开放权限），然后重新启动本软件"),
            Self::Busy => "草稿数据库正被其他程序占用（如备份或杀毒软件），暂时无法保存".to_string(),
            Self::NotFound(_0) => format!("找不到编号为 {_0} 的草稿"),
            Self::NoSuchVersion { id, revision } => format!("草稿 {id} 没有第 {revision} 版的历史记录"),
            Self::BadDocument { id, detail } => format!("草稿 {id} 的内容无法读取：{detail}"),
            Self::NotBackup { path, detail } => format!("不是本程序的备份文件：{path}（{detail}）。现有草稿没有任何改动"),
            Self::BackupUnreadable { path, detail, .. } => format!("备份文件 {path} 有部分内容无法读取（{detail}），整份备份未恢复，现有草稿没有任何改动"),
            Self::Io { path, source, .. } => format!("无法访问草稿数据库 {path}：{source}"),
            Self::Sqlite(_0) => format!("草稿数据库出错，未做任何改动：{_0}"),
        }
    }

    fn en(&self) -> String {
        match self {
            Self::Corrupt { path, detail } => format!("draft database is corrupt and was left untouched: {path} ({detail})"),
            Self::Newer { path, found, supported } => format!("draft database {path} is schema {found}, newer than {supported}; left untouched"),
            Self::Foreign { path } => format!("{path} is not a labour-brand draft database; left untouched"),
            Self::DiskFull { folder, need_mb, .. } => format!("the disk holding {folder} is full; the drafts are unaffected: free at least {need_mb} MB and try again"),
            Self::DiskIo { path, .. } => format!("disk I/O error on {path}; the database was not found damaged"),
            Self::NotDamaged { path, .. } => format!("the database {path} checks sound and was not set aside"),
            Self::CannotConfirm { path, detail } => format!("cannot confirm that {path} is damaged ({detail}); it was not set aside"),
            Self::ReadOnly { path } => format!("draft database is read-only: {path}"),
            Self::Busy => "the draft database is locked by another program".to_string(),
            Self::NotFound(_0) => format!("no draft with id {_0}"),
            Self::NoSuchVersion { id, revision } => format!("draft {id} has no saved version {revision}"),
            Self::BadDocument { id, detail } => format!("stored draft {id} cannot be read: {detail}"),
            Self::NotBackup { path, detail } => format!("{path} is not a backup of this program ({detail}); the existing drafts are untouched"),
            Self::BackupUnreadable { path, cause, .. } => format!("backup {path} is partly unreadable ({cause}); nothing was restored"),
            Self::Io { path, .. } => format!("cannot access draft database {path}"),
            Self::Sqlite(_0) => format!("database error: {_0}"),
        }
    }
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
