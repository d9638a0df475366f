//! Opening the draft database: finding it, checking it read-only first, creating and migrating
//! it in the one transaction that checks it, and setting a damaged one aside only when asked.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, TransactionBehavior};

use super::fault::{self, At};
use super::*;

/// Whether a file or folder refuses writing (checked by trying, as permissions vary by OS).
pub(super) fn unwritable(path: &Path) -> bool {
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
}
