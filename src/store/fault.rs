//! Naming a database fault for what it is. Only SQLite's own verdicts of damage (corrupt, not a
//! database) and our checks (foreign, newer) count as damage; a full disk, other disk trouble,
//! a lock or missing permissions never do, so nothing sound is ever offered to be set aside.

use std::path::Path;

use rusqlite::{Connection, ErrorCode, OpenFlags};

use super::{StoreError, APPLICATION_ID, SCHEMA_VERSION};
use crate::disk;

/// Classifies an SQLite error on the database at `path`.
pub(super) fn classify(e: rusqlite::Error, path: &Path) -> StoreError {
    let ps = || path.display().to_string();
    match e.sqlite_error_code() {
        Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase) => StoreError::Corrupt {
            path: ps(),
            detail: e.to_string(),
        },
        Some(ErrorCode::DiskFull) => disk_full(path),
        Some(ErrorCode::ReadOnly) => StoreError::ReadOnly { path: ps() },
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => StoreError::Busy,
        Some(ErrorCode::CannotOpen | ErrorCode::SystemIoFailure) if disk::is_full(path) => {
            disk_full(path)
        }
        Some(ErrorCode::CannotOpen) if super::open::unwritable(path) => {
            StoreError::ReadOnly { path: ps() }
        }
        Some(ErrorCode::CannotOpen | ErrorCode::SystemIoFailure) => StoreError::DiskIo {
            path: ps(),
            detail: e.to_string(),
        },
        _ => StoreError::Sqlite(e),
    }
}

/// Classifies an I/O error on a file or folder of the store.
pub(super) fn classify_io(source: std::io::Error, path: &Path) -> StoreError {
    use std::io::ErrorKind::{PermissionDenied, ReadOnlyFilesystem};
    if disk::is_full_error(&source) {
        disk_full(path)
    } else if matches!(source.kind(), PermissionDenied | ReadOnlyFilesystem) {
        StoreError::ReadOnly {
            path: path.display().to_string(),
        }
    } else {
        StoreError::Io {
            path: path.display().to_string(),
            source,
        }
    }
}

/// The full-disk error for the database at `path`: the folder, what is free, what to free.
pub(super) fn disk_full(path: &Path) -> StoreError {
    let folder = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    // Room for the save itself, its journal and a version in the history, with margin.
    let need_mb = 10 + size.div_ceil(1024 * 1024);
    StoreError::DiskFull {
        folder: folder.display().to_string(),
        free: disk::available(folder).map(disk::human),
        need_mb,
    }
}

/// What a read-only look at a database file that failed to open finds.
#[derive(Debug)]
pub(super) enum Verdict {
    /// Damaged, foreign or newer: it may be set aside.
    Unusable,
    /// The file checks sound: it must stay where it is.
    Sound,
    /// The check itself could not run (disk trouble, permissions): nothing is moved.
    Unknown(String),
}

/// Looks at `path` again on a read-only connection (`PRAGMA quick_check`, and our ownership
/// marks) before anything is moved.
pub(super) fn recheck(path: &Path) -> Verdict {
    let look = || -> rusqlite::Result<Verdict> {
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        let app_id: i64 = conn.pragma_query_value(None, "application_id", |r| r.get(0))?;
        let tables: i64 = conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))?;
        let foreign = (version == 0 && tables > 0) || (version > 0 && app_id != APPLICATION_ID);
        if foreign || version > SCHEMA_VERSION {
            return Ok(Verdict::Unusable);
        }
        let check: String = conn.query_row("PRAGMA quick_check", [], |r| r.get(0))?;
        Ok(if check == "ok" {
            Verdict::Sound
        } else {
            Verdict::Unusable
        })
    };
    match look() {
        Ok(v) => v,
        Err(e) => match e.sqlite_error_code() {
            Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase) => Verdict::Unusable,
            _ => Verdict::Unknown(e.to_string()),
        },
    }
}

/// `rusqlite` results inside the store: every error is classified with the database's path.
pub(super) trait At<T> {
    /// The result, its error named for what it is.
    fn at(self, path: &Path) -> Result<T, StoreError>;
}

impl<T> At<T> for rusqlite::Result<T> {
    fn at(self, path: &Path) -> Result<T, StoreError> {
        self.map_err(|e| classify(e, path))
    }
}
