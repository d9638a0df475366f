//! The application layer: every use case a front end offers, over the core.
//!
//! The window (`src-tauri/`), the CLI and any later front end hold one [`App`] and call it; they
//! add only their transport (native dialogs, arguments, HTTP). The [`App`] owns the open draft
//! store (or why it could not be opened), the rubric [`Editions`], the documents the page sent
//! that are not yet in the database, the file last exported and the summary last made, and the
//! window's close policy ([`closing`]). Errors are one typed [`AppError`] with a stable code.
//!
//! * [`drafts`](App::list) — list, create, open, save, rename, bin, history, editions;
//! * [`files`] — draft files, PDF/Word export, the county summary, backup and restore, and the
//!   recovery files written at exit.

mod closing;
pub mod commands;
mod drafts;
mod error;
mod evidence;
pub mod files;
mod review;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Instant;

use serde::Serialize;

pub use closing::{CloseAction, Closing, PAGE_ANSWER};
pub use drafts::{Opened, Upgraded};
pub use error::{AppError, AppResult};
pub use evidence::default_title;
pub use files::{names, Attached, DraftExported, Evidence, ExportFormat, Guard, RestoreReport};

use crate::batch::Batch;
use crate::draft::Draft;
use crate::rubric::Editions;
use crate::store::{Store, StoreError};

/// The application: one per process, shared by every request of a front end.
pub struct App {
    store: Mutex<Result<Store, Arc<StoreError>>>,
    path: Option<PathBuf>,
    editions: Editions,
    /// Documents the page sent that are not yet in the database (a save failed or is running):
    /// kept so that a reloaded page, or the exit, still has them.
    unsaved: Mutex<HashMap<i64, Draft>>,
    /// The draft open in the editor, reopened after the page process is restarted.
    open_draft: Mutex<Option<i64>>,
    /// The file last written by an export, the only file a front end may open for the user.
    last_export: Mutex<Option<PathBuf>>,
    /// The summary last made of several draft files, the one "保存为 Excel" writes.
    last_batch: Mutex<Option<Batch>>,
    /// The county's workspace, opened on first use (`review.sqlite3` beside the drafts).
    desk: Mutex<Option<crate::review::Desk>>,
    closing: Mutex<Closing>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Whether the draft store is usable, for the start page.
#[derive(Debug, Serialize)]
pub struct StoreStatus {
    /// It is.
    pub ok: bool,
    /// Why not.
    pub error: Option<AppError>,
    /// The database file.
    pub path: Option<String>,
    /// The store can be set aside and made anew: it is damaged, foreign or newer (never for a
    /// full disk, a lock or missing permissions).
    pub can_reset: bool,
}

impl App {
    /// Opens the database in the OS data directory (or `LABOUR_BRAND_DB`); an unusable one is
    /// reported by [`App::status`], never overwritten.
    pub fn open_default() -> App {
        match Store::default_path() {
            Ok(path) => App::open(&path),
            Err(e) => App::with_store(Err(Arc::new(e)), None),
        }
    }

    /// Opens the database at `path`.
    pub fn open(path: &Path) -> App {
        App::with_store(
            Store::open(path).map_err(Arc::new),
            Some(path.to_path_buf()),
        )
    }

    /// Opens the database at `path`; if it is unusable (damaged, foreign, newer) and a
    /// read-only check confirms it, sets it aside and starts a fresh one. Returns where the
    /// old one went, if it was moved.
    pub fn open_fresh(path: &Path) -> AppResult<(App, Option<PathBuf>)> {
        let (store, aside) = Store::open_fresh(path)?;
        Ok((App::with_store(Ok(store), Some(path.to_path_buf())), aside))
    }

    fn with_store(store: Result<Store, Arc<StoreError>>, path: Option<PathBuf>) -> App {
        App {
            store: Mutex::new(store),
            path,
            editions: Editions::shipped().clone(),
            unsaved: Mutex::default(),
            open_draft: Mutex::default(),
            last_export: Mutex::default(),
            last_batch: Mutex::default(),
            desk: Mutex::default(),
            closing: Mutex::default(),
        }
    }

    /// The same application with other rubric editions (tests; a later build's older ones).
    pub fn with_editions(mut self, editions: Editions) -> App {
        self.editions = editions;
        self
    }

    /// The rubric editions this application scores with.
    pub fn editions(&self) -> &Editions {
        &self.editions
    }

    /// The database file, when there is a data directory.
    pub fn db_path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Runs `f` on the open store, or says why there is none.
    pub fn with<T>(&self, f: impl FnOnce(&mut Store) -> Result<T, StoreError>) -> AppResult<T> {
        match lock(&self.store).as_mut() {
            Ok(store) => f(store).map_err(AppError::from),
            Err(fault) => Err(AppError::Unavailable(fault.clone())),
        }
    }

    /// Whether the store is usable.
    pub fn status(&self) -> StoreStatus {
        let guard = lock(&self.store);
        let error = guard
            .as_ref()
            .err()
            .map(|e| AppError::Unavailable(e.clone()));
        StoreStatus {
            ok: error.is_none(),
            can_reset: error.as_ref().is_some_and(AppError::is_damage),
            error,
            path: self.path.as_ref().map(|p| p.display().to_string()),
        }
    }

    /// Sets an unusable database aside and starts a fresh one (only when the user asks, and
    /// only if a read-only check confirms the damage). Whatever happens the store's state is
    /// learnt again: a sound database that opens now is simply used. Returns where the old
    /// one went, if it was moved.
    pub fn reset_store(&self) -> AppResult<Option<PathBuf>> {
        let path = match &self.path {
            Some(p) => p,
            None => return Err(AppError::NoDataDir),
        };
        match Store::open_fresh(path) {
            Ok((store, aside)) => {
                *lock(&self.store) = Ok(store);
                Ok(aside)
            }
            Err(e) => {
                let e = Arc::new(e);
                *lock(&self.store) = Err(e.clone());
                Err(AppError::Unavailable(e))
            }
        }
    }

    /// Decides what a close request of the window does.
    pub fn close_requested(&self) -> CloseAction {
        lock(&self.closing).decide(Instant::now())
    }

    /// The page has seen the close request and is saving (or asking the user).
    pub fn close_answered(&self) {
        lock(&self.closing).answered();
    }

    /// The user chose to stay: a later close asks again.
    pub fn close_cancelled(&self) {
        lock(&self.closing).cancelled();
    }

    /// The page agreed to close (pending saves are written, or the user agreed to leave).
    pub fn allow_close(&self) {
        lock(&self.closing).allow();
    }
}
