//! Setting an unusable database file aside under a name that never collides with an existing
//! file: nothing is ever renamed over something that is already there.

use std::io;
use std::path::{Path, PathBuf};

use crate::output::with_suffix;

/// The files SQLite keeps beside a database.
const SIDE_SUFFIXES: [&str; 2] = ["-wal", "-shm"];

/// Moves `from` to `to` only if `to` does not exist. A hard link is atomic about that; where
/// the file system has none, the existence check and the rename are as close as it gets.
fn move_no_clobber(from: &Path, to: &Path) -> io::Result<()> {
    match std::fs::hard_link(from, to) {
        Ok(()) => std::fs::remove_file(from),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Err(e),
        Err(_) if to.exists() => Err(io::ErrorKind::AlreadyExists.into()),
        Err(_) => std::fs::rename(from, to),
    }
}

/// Moves `path` and its `-wal`/`-shm` files to `<path>.bad-<stamp>[-N]`, choosing the first
/// name for which none of the three exists. Returns the new name of the database file.
pub fn set_aside(path: &Path, stamp: &str) -> io::Result<PathBuf> {
    for n in 1..10_000u32 {
        let base = if n == 1 {
            format!(".bad-{stamp}")
        } else {
            format!(".bad-{stamp}-{n}")
        };
        let target = with_suffix(path, &base);
        let taken = target.exists()
            || SIDE_SUFFIXES
                .iter()
                .any(|s| with_suffix(&target, s).exists());
        if taken {
            continue;
        }
        match move_no_clobber(path, &target) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
        for s in SIDE_SUFFIXES {
            let side = with_suffix(path, s);
            if side.exists() {
                move_no_clobber(&side, &with_suffix(&target, s))?;
            }
        }
        return Ok(target);
    }
    Err(io::Error::other("no free name to set the database aside"))
}

/// Undoes [`set_aside`]: removes what a failed fresh start left at `path` (an empty new
/// database and its side files) and moves `aside` and its side files back to `path`.
pub fn put_back(aside: &Path, path: &Path) -> io::Result<()> {
    for s in ["", "-wal", "-shm"] {
        match std::fs::remove_file(with_suffix(path, s)) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
            _ => {}
        }
    }
    move_no_clobber(aside, path)?;
    for s in SIDE_SUFFIXES {
        let side = with_suffix(aside, s);
        if side.exists() {
            move_no_clobber(&side, &with_suffix(path, s))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_renames_over_an_existing_file() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("d.sqlite3");
        std::fs::write(&db, b"one").unwrap();
        let a = set_aside(&db, "20260101000000").unwrap();
        std::fs::write(&db, b"two").unwrap();
        std::fs::write(with_suffix(&db, "-wal"), b"two-wal").unwrap();
        let b = set_aside(&db, "20260101000000").unwrap();
        assert_ne!(a, b);
        assert_eq!(std::fs::read(&a).unwrap(), b"one");
        assert_eq!(std::fs::read(&b).unwrap(), b"two");
        assert_eq!(std::fs::read(with_suffix(&b, "-wal")).unwrap(), b"two-wal");
        assert!(!db.exists());
    }

    #[test]
    fn put_back_undoes_set_aside_over_a_failed_fresh_file() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("d.sqlite3");
        std::fs::write(&db, b"old").unwrap();
        std::fs::write(with_suffix(&db, "-wal"), b"old-wal").unwrap();
        let aside = set_aside(&db, "20260101000000").unwrap();
        std::fs::write(&db, b"").unwrap();
        put_back(&aside, &db).unwrap();
        assert_eq!(std::fs::read(&db).unwrap(), b"old");
        assert_eq!(std::fs::read(with_suffix(&db, "-wal")).unwrap(), b"old-wal");
        assert!(!aside.exists());
    }
}
