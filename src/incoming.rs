//! The one way a draft arrives from outside, whatever its kind: a plain draft file (`.json`,
//! [`crate::draftfile`]) or a draft container with its evidence (`.lbdraft`,
//! [`crate::container`]). Import, the county summary, the CLI's standard input and the output
//! guard all sniff here; neither format module knows of the other.

use std::path::{Path, PathBuf};

use crate::container::{self, Container};
use crate::draftfile::{self, DraftFile, DraftFileError, MAX_FILE_BYTES};
use crate::evidence::EvidenceEntry;

/// A draft read from bytes.
#[derive(Debug)]
pub enum Incoming {
    /// A plain draft file: the draft alone.
    Plain(DraftFile),
    /// A container: the draft file and its evidence, each file checked against its SHA-256.
    Container(Container),
}

impl Incoming {
    /// The draft file, whichever the kind.
    pub fn file(&self) -> &DraftFile {
        match self {
            Incoming::Plain(f) => f,
            Incoming::Container(c) => &c.file,
        }
    }

    /// The draft file, the evidence left behind.
    pub fn into_file(self) -> DraftFile {
        match self {
            Incoming::Plain(f) => f,
            Incoming::Container(c) => c.file,
        }
    }

    /// What identifies each evidence file (none for a plain draft file).
    pub fn evidence_entries(&self) -> Vec<EvidenceEntry> {
        match self {
            Incoming::Plain(_) => Vec::new(),
            Incoming::Container(c) => c.evidence.iter().map(|(m, _)| m.entry()).collect(),
        }
    }
}

/// Reads a draft file, a bare draft document (as printed by scripts) or a container from bytes.
pub fn parse(bytes: &[u8]) -> Result<Incoming, DraftFileError> {
    if container::looks_like(bytes) {
        container::read(bytes).map(Incoming::Container)
    } else {
        draftfile::parse_json(bytes).map(Incoming::Plain)
    }
}

/// The draft file of bytes of either kind (a container's evidence is checked, then dropped).
pub fn parse_draft(bytes: &[u8]) -> Result<DraftFile, DraftFileError> {
    parse(bytes).map(Incoming::into_file)
}

/// Reads a draft file or container from disk, bounded: a path that is not a regular file is
/// refused without opening it (a pipe would block), and a file over its kind's limit
/// ([`MAX_FILE_BYTES`] for a draft file, [`container::MAX_BYTES`] for a container) is refused
/// by its size before it is read. The one way every front end reads a draft from disk.
pub fn read_file(path: &Path) -> Result<Vec<u8>, DraftFileError> {
    use std::io::Read;
    let ps = || path.display().to_string();
    if let Some(what) = draftfile::kind_of(path) {
        return Err(DraftFileError::NotAFile { path: ps(), what });
    }
    let read = |source| DraftFileError::Read { path: ps(), source };
    let mut f =
        std::fs::File::open(path).map_err(|source| DraftFileError::Open { path: ps(), source })?;
    let len = f.metadata().map_err(read)?.len();
    let mut head = [0u8; 4];
    let n = f.read(&mut head).map_err(read)?;
    let limit = if container::looks_like(&head[..n]) {
        container::MAX_BYTES
    } else {
        MAX_FILE_BYTES as u64
    };
    if len > limit {
        return Err(DraftFileError::TooLarge(
            usize::try_from(len).unwrap_or(usize::MAX),
        ));
    }
    let mut bytes = Vec::with_capacity(len as usize);
    bytes.extend_from_slice(&head[..n]);
    f.take(limit + 1 - n as u64)
        .read_to_end(&mut bytes)
        .map_err(read)?;
    Ok(bytes)
}

/// Reads a draft of either kind from disk ([`read_file`], then [`parse`]).
pub fn open(path: &Path) -> Result<Incoming, DraftFileError> {
    parse(&read_file(path)?)
}

/// Whether a file's name says it is a draft file (`.json`) or a draft container (`.lbdraft`).
pub fn is_draft_name(path: &Path) -> bool {
    path.extension().is_some_and(|e| {
        e.eq_ignore_ascii_case("json") || e.eq_ignore_ascii_case(container::EXTENSION)
    })
}

/// The entries of a folder given for reading drafts (the county summary, the county's desk),
/// sorted by name.
pub fn folder_entries(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    found.sort();
    Ok(found)
}
