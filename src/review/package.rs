//! The package to the city (`.lbreview`): one zip holding every received application byte for
//! byte (`received/<sha256>.<ext>`), the county's layer and decisions (`review.json`), its
//! outputs (`outputs/`), the audit log (`log.jsonl`), and `manifest.json` naming every part with
//! its SHA-256 and size and the log's last hash. [`verify`] checks all of it and refuses the
//! whole package, naming the part, when anything does not match.

use std::io::{Read, Seek, Write};
use std::path::Path;

use serde::{Deserialize, Serialize};
use serde_json::json;
use sha2::{Digest, Sha256};

use crate::rubric::Editions;

use super::desk::Desk;
use super::log::{verify as verify_log, LogEntry};
use super::ReviewError;

/// The `format` of a package's manifest.
pub const FORMAT: &str = "labour-brand-county-package";
/// The manifest version written and read.
pub const VERSION: u32 = 1;
/// The file name extension.
pub const EXTENSION: &str = "lbreview";
/// The most bytes one part may expand to when verified.
const MAX_PART: u64 = crate::container::MAX_BYTES;

/// One part of a package.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Part {
    /// Its path in the zip.
    pub path: String,
    /// SHA-256 of its bytes.
    pub sha256: String,
    /// Bytes.
    pub size: u64,
}

/// `manifest.json`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Manifest {
    /// [`FORMAT`].
    pub format: String,
    /// [`VERSION`].
    pub version: u32,
    /// The county (填报单位).
    pub county: String,
    /// Who made it.
    pub reviewer: String,
    /// When (RFC 3339).
    pub created: String,
    /// Applications in it.
    pub applications: usize,
    /// The audit log's last hash.
    pub log_head: String,
    /// Every other part.
    pub parts: Vec<Part>,
}

/// What a package holds, once verified.
#[derive(Debug, Clone, Serialize)]
pub struct Verified {
    /// The county.
    pub county: String,
    /// Who made it, when.
    pub reviewer: String,
    /// When.
    pub created: String,
    /// Applications.
    pub applications: usize,
    /// Received files.
    pub received: usize,
    /// Parts checked.
    pub parts: usize,
    /// Log entries checked.
    pub log_entries: usize,
}

fn hex(d: impl AsRef<[u8]>) -> String {
    d.as_ref().iter().map(|b| format!("{b:02x}")).collect()
}

/// Writes the package of the whole workspace to `out`: received files one at a time (memory
/// bounded by the largest), the outputs made afresh, the log with this packaging's own entry.
pub fn write<W: Write + Seek>(
    desk: &mut Desk,
    editions: &Editions,
    out: W,
) -> Result<Manifest, ReviewError> {
    let settings = desk.settings()?;
    let apps = desk.applications()?;
    let rows = super::overview::overview(desk, editions)?;
    desk.note(
        "package",
        "",
        json!({ "applications": apps.len(), "recommended": rows.iter().filter(|r| r.rank.is_some()).count() }),
    )?;
    let mut zip = zip::ZipWriter::new(out);
    let stored = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored)
        .large_file(false);
    let deflated = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let err = |e: zip::result::ZipError| ReviewError::Package {
        part: String::new(),
        detail: e.to_string(),
    };
    let io = |e: std::io::Error| ReviewError::Io {
        path: "(package)".into(),
        detail: e.to_string(),
    };
    let mut parts = Vec::new();
    let mut put = |zip: &mut zip::ZipWriter<W>,
                   path: String,
                   bytes: &[u8],
                   opts: zip::write::SimpleFileOptions|
     -> Result<(), ReviewError> {
        zip.start_file(path.as_str(), opts).map_err(err)?;
        zip.write_all(bytes).map_err(io)?;
        parts.push(Part {
            path,
            sha256: hex(Sha256::digest(bytes)),
            size: bytes.len() as u64,
        });
        Ok(())
    };
    let mut layers = Vec::new();
    for a in &apps {
        let mut versions = Vec::new();
        for v in &a.versions {
            let bytes = desk.bytes(&v.sha256)?;
            let ext = if crate::container::looks_like(&bytes) {
                crate::container::EXTENSION
            } else {
                "json"
            };
            put(
                &mut zip,
                format!("received/{}.{ext}", v.sha256),
                &bytes,
                stored,
            )?;
            versions.push(json!({
                "sha256": v.sha256, "number": v.number, "file_name": v.file_name,
                "received_at": v.received_at, "code": v.code, "bundle_code": v.bundle_code,
                "layer": desk.layer(&v.sha256)?,
            }));
        }
        layers.push(json!({
            "id": a.id, "identity": a.identity, "decision": a.decision, "opinion": a.opinion,
            "versions": versions,
        }));
    }
    let review = json!({ "settings": settings, "applications": layers, "list": rows });
    put(
        &mut zip,
        "review.json".into(),
        serde_json::to_string_pretty(&review)
            .unwrap_or_default()
            .as_bytes(),
        deflated,
    )?;
    if rows.iter().any(|r| r.rank.is_some()) {
        let (pdf, _) = super::outputs::county_forms(desk, editions)?;
        put(&mut zip, "outputs/县区推荐表.pdf".into(), &pdf, deflated)?;
    }
    let pdf = super::outputs::report_pdf(&rows, &settings)?;
    put(&mut zip, "outputs/推荐汇总表.pdf".into(), &pdf, deflated)?;
    let xlsx = super::report::report_xlsx(&rows, &settings, editions)?;
    put(&mut zip, "outputs/推荐汇总表.xlsx".into(), &xlsx, stored)?;
    let log = desk.log()?;
    put(
        &mut zip,
        "log.jsonl".into(),
        super::log::to_jsonl(&log).as_bytes(),
        deflated,
    )?;
    let manifest = Manifest {
        format: FORMAT.into(),
        version: VERSION,
        county: settings.county.clone(),
        reviewer: settings.reviewer.clone(),
        created: chrono::Local::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, false),
        applications: apps.len(),
        log_head: log.last().map(|e| e.hash.clone()).unwrap_or_default(),
        parts,
    };
    zip.start_file("manifest.json", deflated).map_err(err)?;
    zip.write_all(
        serde_json::to_string_pretty(&manifest)
            .unwrap_or_default()
            .as_bytes(),
    )
    .map_err(io)?;
    zip.finish().map_err(err)?;
    Ok(manifest)
}

/// Writes the package to a file (atomically).
pub fn write_file(
    desk: &mut Desk,
    editions: &Editions,
    path: &Path,
) -> Result<Manifest, ReviewError> {
    crate::output::write_atomic_with(path, |out| write(desk, editions, out))
}

/// Checks a package: its manifest, every part's SHA-256 and size, every received file's name
/// against its bytes, nothing in it the manifest does not name, and the log's chain up to the
/// head the manifest names. Anything wrong refuses the whole package, naming the part.
pub fn verify<R: Read + Seek>(input: R) -> Result<Verified, ReviewError> {
    let bad = |part: &str, detail: String| ReviewError::Package {
        part: part.to_string(),
        detail,
    };
    let mut zip = zip::ZipArchive::new(input).map_err(|e| bad("", format!("不是报送包：{e}")))?;
    let read = |zip: &mut zip::ZipArchive<R>, name: &str| -> Result<Vec<u8>, ReviewError> {
        let f = zip.by_name(name).map_err(|_| bad(name, "缺失".into()))?;
        let mut bytes = Vec::new();
        f.take(MAX_PART + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| bad(name, format!("无法读取：{e}")))?;
        if bytes.len() as u64 > MAX_PART {
            return Err(bad(name, "过大".into()));
        }
        Ok(bytes)
    };
    let manifest: Manifest = serde_json::from_slice(&read(&mut zip, "manifest.json")?)
        .map_err(|e| bad("manifest.json", format!("无法解析：{e}")))?;
    if manifest.format != FORMAT || manifest.version != VERSION {
        return Err(bad(
            "manifest.json",
            format!("格式不符（{} 第 {} 版）", manifest.format, manifest.version),
        ));
    }
    let names: Vec<String> = zip.file_names().map(String::from).collect();
    for n in &names {
        if n != "manifest.json" && !manifest.parts.iter().any(|p| &p.path == n) {
            return Err(bad(n, "不在清单中（被添加过）".into()));
        }
    }
    let mut log = Vec::new();
    let mut received = 0;
    for p in &manifest.parts {
        let bytes = read(&mut zip, &p.path)?;
        let sha = hex(Sha256::digest(&bytes));
        if sha != p.sha256 || bytes.len() as u64 != p.size {
            return Err(bad(
                &p.path,
                "内容与清单中的 SHA-256 不符（被改动过）".into(),
            ));
        }
        if let Some(rest) = p.path.strip_prefix("received/") {
            received += 1;
            if rest.split('.').next() != Some(sha.as_str()) {
                return Err(bad(&p.path, "文件名与内容的 SHA-256 不符".into()));
            }
        }
        if p.path == "log.jsonl" {
            for (i, line) in String::from_utf8_lossy(&bytes).lines().enumerate() {
                let e: LogEntry = serde_json::from_str(line)
                    .map_err(|e| bad("log.jsonl", format!("第 {} 行无法解析：{e}", i + 1)))?;
                log.push(e);
            }
        }
    }
    if !manifest.parts.iter().any(|p| p.path == "log.jsonl") {
        return Err(bad("log.jsonl", "缺失".into()));
    }
    verify_log(&log).map_err(|e| bad("log.jsonl", e.to_string()))?;
    if log.last().map(|e| e.hash.as_str()).unwrap_or_default() != manifest.log_head {
        return Err(bad(
            "log.jsonl",
            "最后一条与清单记录的不符（日志被截短过）".into(),
        ));
    }
    Ok(Verified {
        county: manifest.county,
        reviewer: manifest.reviewer,
        created: manifest.created,
        applications: manifest.applications,
        received,
        parts: manifest.parts.len(),
        log_entries: log.len(),
    })
}

/// [`verify`] of a file.
pub fn verify_file(path: &Path) -> Result<Verified, ReviewError> {
    let f = std::fs::File::open(path).map_err(|e| ReviewError::Io {
        path: path.display().to_string(),
        detail: e.to_string(),
    })?;
    verify(std::io::BufReader::new(f))
}
