//! The draft container (`.lbdraft`): a draft file with its 佐证材料, to send to a colleague or
//! the county bureau. A zip holding `draft.json` (the plain draft file, as `draftfile` writes
//! it), `manifest.json` (the format, its version, and each file's item, title, order and
//! SHA-256) and the files under `evidence/`. Versioned; read by import and by the county
//! summary; a plain `.json` draft file still works without evidence.
//!
//! Reading is bounded and checked: the container's size, each entry's declared and actual size,
//! each file's SHA-256 against the manifest; anything wrong refuses the whole container.

use std::io::{Read, Write};

use serde::{Deserialize, Serialize};

use crate::draftfile::{self, DraftFile, DraftFileError};
use crate::evidence::{EvidenceKind, MAX_DRAFT_BYTES, MAX_FILE_BYTES};
use crate::store::{sha256_hex, EvidenceFile};

/// The `format` of a container's manifest.
pub const FORMAT: &str = "labour-brand-draft-container";
/// The manifest version this build writes and reads.
pub const VERSION: u32 = 1;
/// The most bytes a container may have: the evidence limit of a draft and its draft file.
pub const MAX_BYTES: u64 = MAX_DRAFT_BYTES + 16 * 1024 * 1024;
/// The file name extension.
pub const EXTENSION: &str = "lbdraft";

/// One file of a container.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestFile {
    /// Where it is in the zip (`evidence/<sha256>.pdf`).
    pub path: String,
    /// SHA-256 of its bytes (hex).
    pub sha256: String,
    /// The item it proves.
    pub item_id: String,
    /// Its place in the item's list.
    pub position: i64,
    /// Its title.
    pub title: String,
    /// The name of the file it came from.
    pub file_name: String,
    /// PDF, JPEG or PNG.
    pub kind: EvidenceKind,
    /// Its size in bytes.
    pub size: u64,
}

impl ManifestFile {
    /// What identifies it wherever the draft goes.
    pub fn entry(&self) -> crate::evidence::EvidenceEntry {
        crate::evidence::EvidenceEntry {
            item_id: self.item_id.clone(),
            position: self.position,
            title: self.title.clone(),
            sha256: self.sha256.clone(),
        }
    }
}

#[derive(Debug, Serialize, Deserialize)]
struct Manifest {
    format: String,
    version: u32,
    files: Vec<ManifestFile>,
}

/// A container read back.
#[derive(Debug)]
pub struct Container {
    /// The draft file inside.
    pub file: DraftFile,
    /// Its evidence, in the manifest's order, with the bytes.
    pub evidence: Vec<(ManifestFile, Vec<u8>)>,
}

/// Whether bytes are a zip (and so may be a container).
pub fn looks_like(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

fn bad(detail: impl Into<String>) -> DraftFileError {
    DraftFileError::Malformed(format!("草稿包（含佐证材料）{}", detail.into()))
}

/// Writes a container of `file` with its attachments.
pub fn write(
    file: &DraftFile,
    evidence: &[(EvidenceFile, Vec<u8>)],
) -> Result<Vec<u8>, DraftFileError> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let deflated = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    // Scans are compressed already: stored as they are.
    let stored = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored)
        .large_file(false);
    let mut files = Vec::new();
    let mut written = std::collections::HashSet::new();
    for (f, bytes) in evidence {
        let path = format!("evidence/{}.{}", f.sha256, f.kind.key());
        if written.insert(path.clone()) {
            zip.start_file(&path, stored)
                .map_err(|e| bad(e.to_string()))?;
            zip.write_all(bytes).map_err(|e| bad(e.to_string()))?;
        }
        files.push(ManifestFile {
            path,
            sha256: f.sha256.clone(),
            item_id: f.item_id.clone(),
            position: f.position,
            title: f.title.clone(),
            file_name: f.file_name.clone(),
            kind: f.kind,
            size: bytes.len() as u64,
        });
    }
    let manifest = Manifest {
        format: FORMAT.into(),
        version: VERSION,
        files,
    };
    zip.start_file("manifest.json", deflated)
        .map_err(|e| bad(e.to_string()))?;
    zip.write_all(
        serde_json::to_string_pretty(&manifest)
            .expect("serialises")
            .as_bytes(),
    )
    .map_err(|e| bad(e.to_string()))?;
    zip.start_file("draft.json", deflated)
        .map_err(|e| bad(e.to_string()))?;
    zip.write_all(file.to_json().as_bytes())
        .map_err(|e| bad(e.to_string()))?;
    Ok(zip.finish().map_err(|e| bad(e.to_string()))?.into_inner())
}

/// Reads one entry, bounded by `limit` whatever its header declares; `shown` names it in
/// messages.
fn entry(
    zip: &mut zip::ZipArchive<std::io::Cursor<&[u8]>>,
    name: &str,
    limit: u64,
    shown: &str,
) -> Result<Vec<u8>, DraftFileError> {
    let f = zip
        .by_name(name)
        .map_err(|_| bad(format!("缺少「{shown}」")))?;
    if f.size() > limit {
        return Err(bad(format!("中的「{shown}」过大")));
    }
    let mut out = Vec::new();
    f.take(limit + 1)
        .read_to_end(&mut out)
        .map_err(|e| bad(format!("中的「{shown}」已损坏，无法读取（{e}）")))?;
    if out.len() as u64 > limit {
        return Err(bad(format!("中的「{shown}」过大")));
    }
    Ok(out)
}

/// Reads and checks a container.
pub fn read(bytes: &[u8]) -> Result<Container, DraftFileError> {
    if bytes.len() as u64 > MAX_BYTES {
        return Err(bad("超过 316 MB"));
    }
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| bad(format!("已损坏：{e}")))?;
    let manifest: Manifest = serde_json::from_slice(&entry(
        &mut zip,
        "manifest.json",
        4 * 1024 * 1024,
        "manifest.json",
    )?)
    .map_err(|e| bad(format!("的清单（manifest.json）格式不正确：{e}")))?;
    if manifest.format != FORMAT {
        return Err(DraftFileError::NotADraft);
    }
    if manifest.version > VERSION {
        return Err(DraftFileError::Newer(manifest.version));
    }
    let draft = entry(
        &mut zip,
        "draft.json",
        draftfile::MAX_FILE_BYTES as u64,
        "draft.json",
    )?;
    // Never a container inside a container (no nesting to unwind).
    if looks_like(&draft) {
        return Err(bad("中的 draft.json 不是文字文件"));
    }
    let file = draftfile::parse_json(&draft)?;
    let mut total = 0u64;
    let mut evidence = Vec::with_capacity(manifest.files.len());
    for m in manifest.files {
        let data = entry(&mut zip, &m.path, MAX_FILE_BYTES as u64, &m.file_name)?;
        if sha256_hex(&data) != m.sha256 {
            return Err(bad(format!("中的「{}」已损坏（校验值不符）", m.file_name)));
        }
        total += data.len() as u64;
        if total > MAX_DRAFT_BYTES {
            return Err(bad("中的佐证材料超过 300 MB"));
        }
        evidence.push((m, data));
    }
    Ok(Container { file, evidence })
}
