//! Writing output files safely: never over the open database, the input being read, or a file
//! of another kind (unless forced), and atomically (a temporary file beside the target, then a
//! rename; the temporary file is removed when anything fails).

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
            // A CSV is text, and not a JSON draft file.
            OutputKind::Csv => std::str::from_utf8(bytes).is_ok_and(|t| {
                let t = t.trim_start_matches('\u{feff}').trim_start();
                !t.contains('\0') && !t.starts_with(['{', '['])
            }),
            OutputKind::DraftFile => crate::draftfile::parse(bytes).is_ok(),
            OutputKind::Backup => bytes.starts_with(b"SQLite format 3\0"),
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
    #[error("不能写入 {path}：这是草稿数据库文件，写入会毁掉全部草稿。请换一个文件名 / refusing to overwrite the draft database {path}")]
    IsDatabase { path: String },
    /// The target is the file being read.
    #[error("不能写入 {path}：这是正在读取的输入文件。请换一个文件名 / refusing to overwrite the input file {path}")]
    IsInput { path: String },
    /// The target exists and is not of the kind being written.
    #[error("不能写入 {path}：该文件已存在，且不是{kind}。确需覆盖请加 --force / {path} exists and is not a {kind}; use --force to overwrite")]
    OtherKind { path: String, kind: &'static str },
    /// The target is a folder.
    #[error("不能写入 {path}：这是一个文件夹，请给出文件名 / {path} is a directory")]
    IsDirectory { path: String },
    /// Writing failed; nothing was left behind.
    #[error("无法写入 {path}：{source} / cannot write {path}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
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

/// Writes `bytes` to `path` through a temporary file in the same folder, synced, then renamed
/// over the target; on any failure the temporary file is removed and the target is untouched.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), OutputError> {
    let err = |source| OutputError::Io {
        path: path.display().to_string(),
        source,
    };
    if path.is_dir() {
        return Err(OutputError::IsDirectory {
            path: path.display().to_string(),
        });
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
    let tmp = dir.join(format!(
        ".{}.{}.tmp",
        name.to_string_lossy(),
        std::process::id()
    ));
    let write = || -> std::io::Result<()> {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    };
    if let Err(e) = write() {
        let _ = std::fs::remove_file(&tmp);
        return Err(err(e));
    }
    Ok(())
}
