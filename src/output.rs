//! Writing output files safely: never over the open database, the input being read, or a file
//! of another kind (unless forced), and atomically (a temporary file beside the target, then a
//! rename; the temporary file is removed when anything fails).

use crate::Bilingual;
use std::io::Write;
use std::path::{Path, PathBuf};

/// What is being written; an existing file is only replaced by one of the same kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputKind {
    /// A portable draft file (JSON).
    DraftFile,
    /// A PDF.
    Pdf,
    /// A Word document (.docx).
    Docx,
    /// An Excel workbook (.xlsx).
    Xlsx,
    /// A CSV table.
    Csv,
    /// A backup of all drafts (an SQLite database file).
    Backup,
    /// A county's package to the city (`.lbreview`).
    ReviewPackage,
}

impl OutputKind {
    fn name_zh(self) -> &'static str {
        match self {
            OutputKind::DraftFile => "草稿文件",
            OutputKind::Pdf => "PDF 文件",
            OutputKind::Docx => "Word 文件",
            OutputKind::Xlsx => "Excel 文件",
            OutputKind::Csv => "CSV 文件",
            OutputKind::Backup => "草稿备份文件",
            OutputKind::ReviewPackage => "县区报送包",
        }
    }

    /// Whether existing bytes are of this kind (an empty file counts as any kind).
    fn matches(self, bytes: &[u8]) -> bool {
        if bytes.is_empty() {
            return true;
        }
        match self {
            OutputKind::Pdf => bytes.starts_with(b"%PDF-"),
            // Both are zip packages; the names of their parts are stored in plain text.
            OutputKind::Docx => is_zip_with(bytes, b"word/document.xml"),
            OutputKind::Xlsx => is_zip_with(bytes, b"xl/workbook.xml"),
            // A summary CSV this program wrote (its header), never any other text: a contact
            // list named .csv is not replaced without the user's say-so.
            OutputKind::Csv => std::str::from_utf8(bytes).is_ok_and(|t| {
                let t = t.trim_start_matches('\u{feff}').trim_start();
                t.starts_with(crate::fields::FormField::BrandName.label())
            }),
            OutputKind::DraftFile => crate::incoming::parse(bytes).is_ok(),
            OutputKind::Backup => bytes.starts_with(b"SQLite format 3\0"),
            OutputKind::ReviewPackage => is_zip_with(bytes, b"manifest.json"),
        }
    }
}

fn is_zip_with(bytes: &[u8], part: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") && bytes.windows(part.len()).any(|w| w == part)
}

/// Why an output file was not written.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    /// The target is the draft database (or one of its journal files).
    #[error("{} / {}", self.zh(), self.en())]
    IsDatabase { path: String },
    /// The target is the file being read.
    #[error("{} / {}", self.zh(), self.en())]
    IsInput { path: String },
    /// The target exists and is not of the kind being written. (How to overwrite it anyway is
    /// the front end's to say: the CLI adds its `--force`.)
    #[error("{} / {}", self.zh(), self.en())]
    OtherKind { path: String, kind: &'static str },
    /// The target is a folder.
    #[error("{} / {}", self.zh(), self.en())]
    IsDirectory { path: String },
    /// The disk is full; nothing was left behind.
    #[error("{} / {}", self.zh(), self.en())]
    DiskFull { path: String, free: Option<String> },
    /// Writing failed; nothing was left behind.
    #[error("{} / {}", self.zh(), self.en())]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

impl Bilingual for OutputError {
    fn code(&self) -> &'static str {
        OutputError::code(self)
    }

    fn zh(&self) -> String {
        match self {
            Self::IsDatabase { path } => {
                format!("不能写入 {path}：这是草稿数据库文件，写入会毁掉全部草稿。请换一个文件名")
            }
            Self::IsInput { path } => {
                format!("不能写入 {path}：这是正在读取的输入文件。请换一个文件名")
            }
            Self::OtherKind { path, kind } => {
                format!("不能写入 {path}：该文件已存在，且不是{kind}，为免误删没有覆盖")
            }
            Self::IsDirectory { path } => format!("不能写入 {path}：这是一个文件夹，请给出文件名"),
            Self::DiskFull { path, free } => format!(
                "磁盘空间不足，无法写入 {path}{}：请腾出空间后重试，未留下不完整的文件",
                free.as_ref()
                    .map(|f| format!("（可用 {f}）"))
                    .unwrap_or_default()
            ),
            Self::Io { path, source, .. } => format!("无法写入 {path}：{source}"),
        }
    }

    fn en(&self) -> String {
        match self {
            Self::IsDatabase { path } => format!("refusing to overwrite the draft database {path}"),
            Self::IsInput { path } => format!("refusing to overwrite the input file {path}"),
            Self::OtherKind { path, kind } => {
                format!("{path} exists and is not a {kind}; not overwritten")
            }
            Self::IsDirectory { path } => format!("{path} is a directory"),
            Self::DiskFull { path, .. } => format!("the disk is full: cannot write {path}"),
            Self::Io { path, .. } => format!("cannot write {path}"),
        }
    }
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}

/// `path` with `suffix` appended to its file name (`drafts.sqlite3` + `-wal`).
pub fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_os_string();
    s.push(suffix);
    PathBuf::from(s)
}

/// Checks that `path` may be written as `kind`: not a folder, not the database `db` (or its
/// `-wal`/`-shm`), not one of `inputs`, and not an existing file of another kind unless `force`.
pub fn check_target(
    path: &Path,
    kind: OutputKind,
    db: Option<&Path>,
    inputs: &[&Path],
    force: bool,
) -> Result<(), OutputError> {
    let ps = || path.display().to_string();
    if path.is_dir() {
        return Err(OutputError::IsDirectory { path: ps() });
    }
    if let Some(db) = db {
        for suffix in ["", "-wal", "-shm", "-journal"] {
            if same_file(path, &with_suffix(db, suffix)) {
                return Err(OutputError::IsDatabase { path: ps() });
            }
        }
    }
    if inputs.iter().any(|i| same_file(path, i)) {
        return Err(OutputError::IsInput { path: ps() });
    }
    if !force && path.exists() {
        let mut head = Vec::new();
        use std::io::Read;
        let readable = std::fs::File::open(path)
            .and_then(|f| {
                f.take(crate::draftfile::MAX_FILE_BYTES as u64 + 1)
                    .read_to_end(&mut head)
            })
            .is_ok();
        if !readable || head.starts_with(b"SQLite format 3\0") || !kind.matches(&head) {
            return Err(OutputError::OtherKind {
                path: ps(),
                kind: kind.name_zh(),
            });
        }
    }
    Ok(())
}

impl OutputError {
    /// A failed write of `path`, a full disk named as such.
    pub fn io(path: &Path, source: std::io::Error) -> OutputError {
        if crate::disk::is_full_error(&source) {
            OutputError::DiskFull {
                path: path.display().to_string(),
                free: crate::disk::available(path).map(crate::disk::human),
            }
        } else {
            OutputError::Io {
                path: path.display().to_string(),
                source,
            }
        }
    }

    /// A stable code for front ends to decide by.
    pub fn code(&self) -> &'static str {
        match self {
            OutputError::IsDatabase { .. } => "output_is_database",
            OutputError::IsInput { .. } => "output_is_input",
            OutputError::OtherKind { .. } => "output_other_kind",
            OutputError::IsDirectory { .. } => "output_is_directory",
            OutputError::DiskFull { .. } => "disk_full",
            OutputError::Io { .. } => "output_io",
        }
    }
}

/// The suffix of our temporary files: `.<name>.<pid>.tmp` beside the target.
const TMP_SUFFIX: &str = ".tmp";

/// How old an unlocked temporary file must be before it counts as left behind (a writer of an
/// earlier version, which held no lock, never took this long).
const STALE_AFTER: std::time::Duration = std::time::Duration::from_secs(60);

/// The temporary file for writing `name` in `dir` by this process.
pub fn temp_path(dir: &Path, name: &std::ffi::OsStr) -> PathBuf {
    dir.join(format!(
        ".{}.{}{TMP_SUFFIX}",
        name.to_string_lossy(),
        std::process::id()
    ))
}

/// Whether a file name is one of our temporary names, `.<name>.<pid>.tmp`.
fn is_our_temp_name(file: &str) -> bool {
    let Some(rest) = file
        .strip_prefix('.')
        .and_then(|f| f.strip_suffix(TMP_SUFFIX))
    else {
        return false;
    };
    match rest.rsplit_once('.') {
        Some((name, pid)) => {
            !name.is_empty() && !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit())
        }
        None => false,
    }
}

/// Removes temporary files of ours in `dir` that a killed process left behind: our name
/// pattern, not locked by a live writer, and older than [`STALE_AFTER`]. Returns how many were
/// removed. Errors are ignored: this is tidying, never a reason for a write to fail.
pub fn remove_stale_temps(dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    let mut removed = 0;
    for entry in entries.flatten() {
        let name = entry.file_name();
        if !name.to_str().is_some_and(is_our_temp_name) {
            continue;
        }
        let Ok(meta) = entry.metadata() else { continue };
        let old = meta
            .modified()
            .ok()
            .and_then(|m| m.elapsed().ok())
            .is_some_and(|age| age >= STALE_AFTER);
        if !meta.is_file() || !old {
            continue;
        }
        let Ok(f) = std::fs::OpenOptions::new().write(true).open(entry.path()) else {
            continue;
        };
        // A live writer holds the lock until its file is renamed into place.
        if f.try_lock().is_err() {
            continue;
        }
        drop(f);
        if std::fs::remove_file(entry.path()).is_ok() {
            removed += 1;
        }
    }
    removed
}

/// Writes `bytes` to `path` through a temporary file in the same folder (locked while it is
/// written, so that [`remove_stale_temps`] leaves it alone), synced, then renamed over the
/// target; on any failure the temporary file is removed and the target is untouched. Stale
/// temporary files of killed writers in that folder are removed first.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), OutputError> {
    write_atomic_with(path, |out| {
        out.write_all(bytes).map_err(|e| OutputError::io(path, e))
    })
}

/// As [`write_atomic`], the content written by `write` straight into the temporary file
/// (buffered), so that it need never be in memory whole. An error of `write` removes the
/// temporary file and is returned as it is.
pub fn write_atomic_with<T, E: From<OutputError>>(
    path: &Path,
    write: impl FnOnce(&mut std::io::BufWriter<std::fs::File>) -> Result<T, E>,
) -> Result<T, E> {
    let err = |source| OutputError::io(path, source);
    if path.is_dir() {
        return Err(OutputError::IsDirectory {
            path: path.display().to_string(),
        }
        .into());
    }
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path.file_name().ok_or_else(|| {
        err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "not a file name",
        ))
    })?;
    remove_stale_temps(dir);
    let tmp = temp_path(dir, name);
    let file = std::fs::File::create(&tmp).map_err(err)?;
    if let Err(e) = file.lock() {
        // (A share or a FAT drive may refuse locks: the file goes, never left behind.)
        drop(file);
        let _ = std::fs::remove_file(&tmp);
        return Err(err(e).into());
    }
    let mut out = std::io::BufWriter::new(file);
    let finish = |out: std::io::BufWriter<std::fs::File>| -> std::io::Result<()> {
        let f = out.into_inner().map_err(|e| e.into_error())?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    };
    match write(&mut out) {
        Ok(value) => match finish(out) {
            Ok(()) => Ok(value),
            Err(e) => {
                let _ = std::fs::remove_file(&tmp);
                Err(err(e).into())
            }
        },
        Err(e) => {
            drop(out);
            let _ = std::fs::remove_file(&tmp);
            Err(e)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, SystemTime};

    fn age(path: &Path, by: Duration) {
        let f = std::fs::OpenOptions::new().write(true).open(path).unwrap();
        f.set_modified(SystemTime::now() - by).unwrap();
    }

    #[test]
    fn only_our_temporary_names_match() {
        assert!(is_our_temp_name(".申报.pdf.4242.tmp"));
        assert!(is_our_temp_name(".a.1.tmp"));
        assert!(!is_our_temp_name("申报.pdf.4242.tmp"));
        assert!(!is_our_temp_name(".申报.pdf.tmp"));
        assert!(!is_our_temp_name(".申报.pdf.42x.tmp"));
        assert!(!is_our_temp_name("..1.tmp"));
    }

    #[test]
    fn a_write_removes_what_killed_writers_left_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let stale = d.join(".申报.pdf.999999.tmp");
        let fresh = d.join(".申报.pdf.999998.tmp");
        let held = d.join(".汇总.xlsx.999997.tmp");
        let other = d.join("notes.999996.tmp");
        for f in [&stale, &fresh, &held, &other] {
            std::fs::write(f, b"partial").unwrap();
        }
        for f in [&stale, &held, &other] {
            age(f, Duration::from_secs(600));
        }
        // A live writer of another process holds its lock.
        let lock = std::fs::File::open(&held).unwrap();
        lock.lock().unwrap();
        write_atomic(&d.join("申报.pdf"), b"%PDF-1.7").unwrap();
        assert!(!stale.exists(), "left behind by a killed writer: removed");
        assert!(fresh.exists(), "too recent to judge: kept");
        assert!(held.exists(), "locked by a live writer: kept");
        assert!(other.exists(), "not our name: kept");
        assert_eq!(std::fs::read(d.join("申报.pdf")).unwrap(), b"%PDF-1.7");
        let names: Vec<_> = std::fs::read_dir(d)
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(
            names.len(),
            4,
            "no temporary file of this write is left: {names:?}"
        );
    }
}
