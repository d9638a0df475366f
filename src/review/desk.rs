//! The county's workspace: a SQLite database of its own (`review.sqlite3` beside the drafts),
//! holding every received file byte for byte with its SHA-256, the applications they are
//! versions of, the county's layer over each version, its decisions, and the audit log.
//!
//! Received bytes are never changed: there is no statement that updates or deletes a version.

use std::path::{Path, PathBuf};

use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use serde_json::{json, Value};

use crate::draftfile::DraftFile;
use crate::evidence::EvidenceEntry;
use crate::rubric::Editions;
use crate::store::sha256_hex;

use super::layer::{Ack, Correction, Judgement, Layer, Verdict};
use super::log::{entry_hash, LogEntry, GENESIS};
use super::ReviewError;

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS applications(
    id INTEGER PRIMARY KEY,
    identity TEXT NOT NULL UNIQUE,
    decision TEXT,
    opinion TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS versions(
    sha256 TEXT PRIMARY KEY,
    application INTEGER NOT NULL REFERENCES applications(id),
    number INTEGER NOT NULL,
    file_name TEXT NOT NULL,
    received_at TEXT NOT NULL,
    size INTEGER NOT NULL,
    code TEXT NOT NULL,
    bundle_code TEXT NOT NULL,
    draft TEXT NOT NULL,
    evidence TEXT NOT NULL,
    bytes BLOB NOT NULL,
    UNIQUE(application, number)
);
CREATE TABLE IF NOT EXISTS judgements(
    version TEXT NOT NULL REFERENCES versions(sha256), item TEXT NOT NULL,
    verdict TEXT NOT NULL, reason TEXT NOT NULL, evidence TEXT, page INTEGER,
    by TEXT NOT NULL, at TEXT NOT NULL, PRIMARY KEY(version, item));
CREATE TABLE IF NOT EXISTS corrections(
    version TEXT NOT NULL REFERENCES versions(sha256), fact TEXT NOT NULL,
    value TEXT NOT NULL, reason TEXT NOT NULL, by TEXT NOT NULL, at TEXT NOT NULL,
    PRIMARY KEY(version, fact));
CREATE TABLE IF NOT EXISTS acks(
    version TEXT NOT NULL REFERENCES versions(sha256), hint TEXT NOT NULL,
    note TEXT NOT NULL, by TEXT NOT NULL, at TEXT NOT NULL, PRIMARY KEY(version, hint));
CREATE TABLE IF NOT EXISTS log(
    seq INTEGER PRIMARY KEY, at TEXT NOT NULL, who TEXT NOT NULL, action TEXT NOT NULL,
    target TEXT NOT NULL, detail TEXT NOT NULL, prev TEXT NOT NULL, hash TEXT NOT NULL);
CREATE TRIGGER IF NOT EXISTS versions_frozen BEFORE UPDATE ON versions
    BEGIN SELECT RAISE(ABORT, 'received versions are never changed'); END;
CREATE TRIGGER IF NOT EXISTS versions_kept BEFORE DELETE ON versions
    BEGIN SELECT RAISE(ABORT, 'received versions are never removed'); END;
CREATE TRIGGER IF NOT EXISTS log_frozen BEFORE UPDATE ON log
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS log_kept BEFORE DELETE ON log
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
";

/// The county's settings: its name (填报单位 on 附件2), the reviewer, the date of its opinion.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Settings {
    /// 填报单位: the county bureau's name ("连云港市海州区人力资源和社会保障局").
    pub county: String,
    /// 审核人: the name logged with every step (asked once).
    pub reviewer: String,
    /// 填表人 on the 推荐汇总表 (the reviewer when blank).
    pub preparer: String,
    /// The date of the county's opinion (`YYYY-MM-DD`); blank leaves "年 月 日" to write by hand.
    pub date: String,
}

impl Settings {
    /// The date of the county's opinion, when one is set.
    pub fn opinion_date(&self) -> Option<chrono::NaiveDate> {
        chrono::NaiveDate::parse_from_str(&self.date, "%Y-%m-%d").ok()
    }
}

/// What the county decided for an application.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Decision {
    /// 推荐.
    Recommend,
    /// 不推荐.
    Decline,
    /// 退回补正: sent back to be corrected.
    Return,
    /// 撤回: the applicant withdrew.
    Withdrawn,
}

impl Decision {
    /// The key stored.
    pub fn key(self) -> &'static str {
        match self {
            Decision::Recommend => "recommend",
            Decision::Decline => "decline",
            Decision::Return => "return",
            Decision::Withdrawn => "withdrawn",
        }
    }

    /// Parses a key or the Chinese word.
    pub fn parse(s: &str) -> Option<Decision> {
        match s.trim() {
            "recommend" | "推荐" => Some(Decision::Recommend),
            "decline" | "不推荐" => Some(Decision::Decline),
            "return" | "退回补正" => Some(Decision::Return),
            "withdrawn" | "撤回" => Some(Decision::Withdrawn),
            _ => None,
        }
    }

    /// 推荐 / 不推荐 / 退回补正 / 撤回.
    pub fn zh(self) -> &'static str {
        match self {
            Decision::Recommend => "推荐",
            Decision::Decline => "不推荐",
            Decision::Return => "退回补正",
            Decision::Withdrawn => "撤回",
        }
    }
}

/// One received version, without its bytes.
#[derive(Debug, Clone, Serialize)]
pub struct Version {
    /// SHA-256 of the whole file as received.
    pub sha256: String,
    /// The application it is a version of.
    pub application: i64,
    /// Its number, from 1.
    pub number: i64,
    /// The file's name as received.
    pub file_name: String,
    /// When received (RFC 3339).
    pub received_at: String,
    /// Bytes.
    pub size: i64,
    /// The forms' 校验码.
    pub code: String,
    /// The 申报材料's code (forms and evidence).
    pub bundle_code: String,
    /// The draft file inside.
    #[serde(skip)]
    pub file: DraftFile,
    /// Its evidence files.
    pub evidence: Vec<crate::container::ManifestFile>,
}

impl Version {
    /// What identifies each evidence file.
    pub fn entries(&self) -> Vec<EvidenceEntry> {
        self.evidence.iter().map(|m| m.entry()).collect()
    }
}

/// An application: its versions (oldest first) and the county's decision.
#[derive(Debug, Clone, Serialize)]
pub struct Application {
    /// Its number in the workspace.
    pub id: i64,
    /// 培育建设单位 and 劳务品牌名称 as first received.
    pub identity: String,
    /// The decision, if made.
    pub decision: Option<Decision>,
    /// The county's 推荐意见.
    pub opinion: String,
    /// Versions, oldest first.
    pub versions: Vec<Version>,
}

impl Application {
    /// The version received last (the one the county judges).
    pub fn latest(&self) -> &Version {
        self.versions.last().expect("an application has a version")
    }
}

/// What happened to one file given to [`Desk::receive_bytes`].
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Received {
    /// A new application, or the next version of one.
    New {
        /// The file's name.
        file: String,
        /// SHA-256.
        sha256: String,
        /// The application.
        application: i64,
        /// The version number.
        number: i64,
        /// The brand.
        brand: String,
    },
    /// The very same bytes were received before.
    Duplicate {
        /// The file's name.
        file: String,
        /// SHA-256.
        sha256: String,
        /// Why, in Chinese (which application and version, received when).
        reason: String,
    },
    /// Not an application.
    Refused {
        /// The file's name.
        file: String,
        /// Why, in Chinese and English.
        reason: String,
    },
}

/// The county's workspace.
pub struct Desk {
    conn: Connection,
    path: PathBuf,
}

fn now() -> String {
    chrono::Local::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
}

/// How an application is known across its versions: its unit and brand, without spaces.
pub fn identity(d: &crate::draft::Draft) -> String {
    let clean = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    format!("{}｜{}", clean(&d.form1.unit), clean(&d.form1.brand_name))
}

impl Desk {
    /// The default workspace: `review.sqlite3` in the OS data directory, or the file named by
    /// `LABOUR_BRAND_REVIEW_DB`.
    pub fn default_path() -> Result<PathBuf, ReviewError> {
        if let Some(p) = std::env::var_os("LABOUR_BRAND_REVIEW_DB") {
            return Ok(PathBuf::from(p));
        }
        let drafts = crate::store::Store::default_path().map_err(|e| ReviewError::Io {
            path: "(data directory)".into(),
            detail: e.to_string(),
        })?;
        Ok(drafts.with_file_name("review.sqlite3"))
    }

    /// Opens (creating) the workspace at `path`.
    pub fn open(path: &Path) -> Result<Desk, ReviewError> {
        let db = |e: rusqlite::Error| ReviewError::Database {
            path: path.display().to_string(),
            detail: e.to_string(),
        };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| ReviewError::Io {
                path: dir.display().to_string(),
                detail: e.to_string(),
            })?;
        }
        let conn = Connection::open(path).map_err(db)?;
        conn.busy_timeout(std::time::Duration::from_secs(5))
            .map_err(db)?;
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(db)?;
        conn.pragma_update(None, "foreign_keys", "ON").map_err(db)?;
        conn.execute_batch(SCHEMA).map_err(db)?;
        Ok(Desk {
            conn,
            path: path.to_path_buf(),
        })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The county's settings.
    pub fn settings(&self) -> Result<Settings, ReviewError> {
        let v: Option<String> = self
            .conn
            .query_row("SELECT value FROM meta WHERE key = 'settings'", [], |r| {
                r.get(0)
            })
            .optional()?;
        Ok(v.and_then(|s| serde_json::from_str(&s).ok())
            .unwrap_or_default())
    }

    /// Changes the settings (logged, by the new reviewer when it changed).
    pub fn set_settings(&mut self, s: &Settings) -> Result<(), ReviewError> {
        let s = Settings {
            county: s.county.trim().to_string(),
            reviewer: s.reviewer.trim().to_string(),
            preparer: s.preparer.trim().to_string(),
            date: s.date.trim().to_string(),
        };
        if s.reviewer.is_empty() {
            return Err(ReviewError::NoReviewer);
        }
        if !s.date.is_empty() && s.opinion_date().is_none() {
            return Err(ReviewError::BadSetting(format!(
                "「推荐日期」应为 年-月-日（如 2026-12-07），现为“{}”",
                s.date
            )));
        }
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO meta(key, value) VALUES('settings', ?1)
             ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [serde_json::to_string(&s).unwrap_or_default()],
        )?;
        append(&tx, &s.reviewer, "settings", "", json!(s))?;
        tx.commit()?;
        Ok(())
    }

    /// The reviewer's name, or [`ReviewError::NoReviewer`] when none is set.
    pub fn reviewer(&self) -> Result<String, ReviewError> {
        let r = self.settings()?.reviewer;
        if r.is_empty() {
            Err(ReviewError::NoReviewer)
        } else {
            Ok(r)
        }
    }

    /// Receives one file's bytes: frozen by its SHA-256 as the next version of its application
    /// (known by unit and brand), or listed as a duplicate or refused with the reason.
    pub fn receive_bytes(
        &mut self,
        file: &str,
        bytes: &[u8],
        editions: &Editions,
    ) -> Result<Received, ReviewError> {
        let who = self.reviewer()?;
        let sha = sha256_hex(bytes);
        let seen: Option<(i64, i64, String, String)> = self
            .conn
            .query_row(
                "SELECT application, number, received_at, file_name FROM versions WHERE sha256 = ?1",
                [&sha],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()?;
        if let Some((app, n, at, name)) = seen {
            return Ok(Received::Duplicate {
                file: file.to_string(),
                sha256: sha,
                reason: format!(
                    "与已接收的第 {app} 号申报第 {n} 版（{name}，{}接收）完全相同，未重复登记",
                    &at[..at.len().min(16)].replace('T', " ")
                ),
            });
        }
        let incoming = match crate::incoming::parse(bytes) {
            Ok(i) => i,
            Err(e) => {
                return Ok(Received::Refused {
                    file: file.to_string(),
                    reason: e.to_string(),
                })
            }
        };
        if let Err(e) = editions.get(&incoming.file().rubric_edition) {
            return Ok(Received::Refused {
                file: file.to_string(),
                reason: e.to_string(),
            });
        }
        let evidence: Vec<crate::container::ManifestFile> = match &incoming {
            crate::incoming::Incoming::Plain(_) => Vec::new(),
            crate::incoming::Incoming::Container(c) => {
                c.evidence.iter().map(|(m, _)| m.clone()).collect()
            }
        };
        let df = incoming.into_file();
        let entries: Vec<EvidenceEntry> = evidence.iter().map(|m| m.entry()).collect();
        let key = identity(&df.draft);
        let brand = df.draft.display_name();
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO applications(identity) VALUES(?1) ON CONFLICT(identity) DO NOTHING",
            [&key],
        )?;
        let app: i64 = tx.query_row(
            "SELECT id FROM applications WHERE identity = ?1",
            [&key],
            |r| r.get(0),
        )?;
        let number: i64 = tx.query_row(
            "SELECT COALESCE(MAX(number), 0) + 1 FROM versions WHERE application = ?1",
            [app],
            |r| r.get(0),
        )?;
        tx.execute(
            "INSERT INTO versions(sha256, application, number, file_name, received_at, size,
                code, bundle_code, draft, evidence, bytes)
             VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            params![
                sha,
                app,
                number,
                file,
                now(),
                bytes.len() as i64,
                df.draft.version_code(),
                crate::evidence::bundle_code(&df.draft, &entries),
                df.to_json(),
                serde_json::to_string(&evidence).unwrap_or_default(),
                bytes
            ],
        )?;
        append(
            &tx,
            &who,
            "receive",
            &sha,
            json!({ "file": file, "application": app, "number": number, "brand": brand, "size": bytes.len() }),
        )?;
        tx.commit()?;
        Ok(Received::New {
            file: file.to_string(),
            sha256: sha,
            application: app,
            number,
            brand,
        })
    }

    /// Every application with its versions, in the order first received.
    pub fn applications(&self) -> Result<Vec<Application>, ReviewError> {
        self.load(None)
    }

    /// One application.
    pub fn application(&self, id: i64) -> Result<Application, ReviewError> {
        self.load(Some(id))?
            .pop()
            .ok_or(ReviewError::UnknownApplication(id))
    }

    /// Every application with its versions, or only the one numbered `only` (one version
    /// checked needs no other application read).
    fn load(&self, only: Option<i64>) -> Result<Vec<Application>, ReviewError> {
        let mut st = self.conn.prepare(
            "SELECT id, identity, decision, opinion FROM applications
             WHERE ?1 IS NULL OR id = ?1 ORDER BY id",
        )?;
        let mut apps = st
            .query_map([only], |r| {
                Ok(Application {
                    id: r.get(0)?,
                    identity: r.get(1)?,
                    decision: r
                        .get::<_, Option<String>>(2)?
                        .as_deref()
                        .and_then(Decision::parse),
                    opinion: r.get(3)?,
                    versions: Vec::new(),
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        let index: std::collections::HashMap<i64, usize> =
            apps.iter().enumerate().map(|(i, a)| (a.id, i)).collect();
        let mut st = self.conn.prepare(
            "SELECT sha256, application, number, file_name, received_at, size, code, bundle_code,
                    draft, evidence FROM versions
             WHERE ?1 IS NULL OR application = ?1 ORDER BY application, number",
        )?;
        for v in st.query_map([only], version_of_row)? {
            let v = v??;
            if let Some(&i) = index.get(&v.application) {
                apps[i].versions.push(v);
            }
        }
        apps.retain(|a| !a.versions.is_empty());
        Ok(apps)
    }

    /// One version, without its bytes.
    pub fn version(&self, sha: &str) -> Result<Version, ReviewError> {
        self.conn
            .query_row(
                "SELECT sha256, application, number, file_name, received_at, size, code,
                        bundle_code, draft, evidence FROM versions WHERE sha256 = ?1",
                [sha],
                version_of_row,
            )
            .optional()?
            .ok_or_else(|| ReviewError::UnknownVersion(sha.to_string()))?
    }

    /// The version a user names: its SHA-256 or a unique beginning of it (at least 6 digits),
    /// or an application's number (its latest version).
    pub fn resolve(&self, name: &str) -> Result<String, ReviewError> {
        let name = name.trim().trim_start_matches('#').to_ascii_lowercase();
        if let Ok(n) = name.parse::<i64>() {
            if name.len() < 6 {
                return Ok(self.application(n)?.latest().sha256.clone());
            }
        }
        if name.len() >= 6 && name.chars().all(|c| c.is_ascii_hexdigit()) {
            let mut st = self
                .conn
                .prepare("SELECT sha256 FROM versions WHERE sha256 LIKE ?1 || '%'")?;
            let found: Vec<String> = st
                .query_map([&name], |r| r.get(0))?
                .collect::<Result<_, _>>()?;
            if found.len() == 1 {
                return Ok(found[0].clone());
            }
        }
        Err(ReviewError::UnknownVersion(name))
    }

    /// The bytes of a version exactly as received.
    pub fn bytes(&self, sha: &str) -> Result<Vec<u8>, ReviewError> {
        self.conn
            .query_row("SELECT bytes FROM versions WHERE sha256 = ?1", [sha], |r| {
                r.get(0)
            })
            .optional()?
            .ok_or_else(|| ReviewError::UnknownVersion(sha.to_string()))
    }

    /// One evidence file of a version, read from the received container without loading the
    /// rest of it (the zip is read in place from the database).
    pub fn evidence(
        &self,
        sha: &str,
        evidence_sha: &str,
    ) -> Result<(crate::container::ManifestFile, Vec<u8>), ReviewError> {
        use std::io::Read;
        let (rowid, evidence): (i64, String) = self
            .conn
            .query_row(
                "SELECT rowid, evidence FROM versions WHERE sha256 = ?1",
                [sha],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?
            .ok_or_else(|| ReviewError::UnknownVersion(sha.to_string()))?;
        let files: Vec<crate::container::ManifestFile> =
            serde_json::from_str(&evidence).unwrap_or_default();
        let m = files
            .into_iter()
            .find(|m| m.sha256 == evidence_sha)
            .ok_or_else(|| ReviewError::UnknownEvidence(evidence_sha.to_string()))?;
        let blob = self.conn.blob_open(
            rusqlite::DatabaseName::Main,
            "versions",
            "bytes",
            rowid,
            true,
        )?;
        let bad = |d: String| ReviewError::Package {
            part: m.path.clone(),
            detail: d,
        };
        let mut zip = zip::ZipArchive::new(blob).map_err(|e| bad(e.to_string()))?;
        let mut entry = zip.by_name(&m.path).map_err(|e| bad(e.to_string()))?;
        let mut bytes = Vec::with_capacity(m.size as usize);
        entry
            .by_ref()
            .take(crate::evidence::MAX_FILE_BYTES as u64 + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| bad(e.to_string()))?;
        if sha256_hex(&bytes) != m.sha256 {
            return Err(bad("内容与清单中的 SHA-256 不符".into()));
        }
        Ok((m, bytes))
    }

    /// The county's layer over a version.
    pub fn layer(&self, sha: &str) -> Result<Layer, ReviewError> {
        let mut layer = Layer::default();
        let mut st = self.conn.prepare(
            "SELECT item, verdict, reason, evidence, page, by, at FROM judgements WHERE version = ?1",
        )?;
        for r in st.query_map([sha], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                Judgement {
                    verdict: Verdict::Doubtful,
                    reason: r.get(2)?,
                    evidence: r.get(3)?,
                    page: r.get(4)?,
                    by: r.get(5)?,
                    at: r.get(6)?,
                },
            ))
        })? {
            let (item, verdict, mut j) = r?;
            j.verdict = Verdict::parse(&verdict).unwrap_or(Verdict::Doubtful);
            layer.judgements.insert(item, j);
        }
        let mut st = self
            .conn
            .prepare("SELECT fact, value, reason, by, at FROM corrections WHERE version = ?1")?;
        for r in st.query_map([sha], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
            ))
        })? {
            let (fact, value, reason, by, at) = r?;
            let value = serde_json::from_str(&value).unwrap_or(Value::String(value));
            layer.corrections.insert(
                fact,
                Correction {
                    value,
                    reason,
                    by,
                    at,
                },
            );
        }
        let mut st = self
            .conn
            .prepare("SELECT hint, note, by, at FROM acks WHERE version = ?1")?;
        for r in st.query_map([sha], |r| {
            Ok((
                r.get::<_, String>(0)?,
                Ack {
                    note: r.get(1)?,
                    by: r.get(2)?,
                    at: r.get(3)?,
                },
            ))
        })? {
            let (hint, a) = r?;
            layer.acks.insert(hint, a);
        }
        Ok(layer)
    }

    /// Gives (or, with `None`, withdraws) the county's verdict on one item of a version.
    #[allow(clippy::too_many_arguments)]
    pub fn judge(
        &mut self,
        sha: &str,
        item: &str,
        verdict: Option<Verdict>,
        reason: &str,
        evidence: Option<&str>,
        page: Option<u32>,
        editions: &Editions,
    ) -> Result<(), ReviewError> {
        let who = self.reviewer()?;
        let v = self.version(sha)?;
        let edition = editions.get(&v.file.rubric_edition)?;
        let scored = edition
            .rubric
            .scored_items(v.file.draft.form1.brand_type)
            .any(|i| i.id == item);
        if !scored {
            return Err(ReviewError::UnknownItem(item.to_string()));
        }
        if let Some(e) = evidence.filter(|e| !v.evidence.iter().any(|m| m.sha256 == *e)) {
            return Err(ReviewError::UnknownEvidence(e.to_string()));
        }
        let reason = reason.trim();
        if matches!(verdict, Some(Verdict::Rejected | Verdict::Doubtful)) && reason.is_empty() {
            return Err(ReviewError::ReasonRequired("不认定或存疑"));
        }
        let tx = self.conn.transaction()?;
        match verdict {
            Some(verdict) => {
                tx.execute(
                    "INSERT INTO judgements(version, item, verdict, reason, evidence, page, by, at)
                     VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
                     ON CONFLICT(version, item) DO UPDATE SET verdict = excluded.verdict,
                       reason = excluded.reason, evidence = excluded.evidence,
                       page = excluded.page, by = excluded.by, at = excluded.at",
                    params![sha, item, verdict.key(), reason, evidence, page, who, now()],
                )?;
            }
            None => {
                tx.execute(
                    "DELETE FROM judgements WHERE version = ?1 AND item = ?2",
                    params![sha, item],
                )?;
            }
        }
        append(
            &tx,
            &who,
            "judge",
            sha,
            json!({ "item": item, "verdict": verdict.map(Verdict::zh), "reason": reason,
                    "evidence": evidence, "page": page }),
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Records (or, with `None`, withdraws) the county's correction of one fact of a version;
    /// the applicant's value stays as it was received.
    pub fn correct(
        &mut self,
        sha: &str,
        fact: &str,
        value: Option<Value>,
        reason: &str,
        editions: &Editions,
    ) -> Result<(), ReviewError> {
        let who = self.reviewer()?;
        let v = self.version(sha)?;
        let edition = editions.get(&v.file.rubric_edition)?;
        let reason = reason.trim();
        let tx = self.conn.transaction()?;
        match &value {
            Some(value) => {
                super::layer::check_correction(edition, &v.file.draft, fact, value)?;
                if reason.is_empty() {
                    return Err(ReviewError::ReasonRequired("核定数据"));
                }
                tx.execute(
                    "INSERT INTO corrections(version, fact, value, reason, by, at)
                     VALUES(?1, ?2, ?3, ?4, ?5, ?6)
                     ON CONFLICT(version, fact) DO UPDATE SET value = excluded.value,
                       reason = excluded.reason, by = excluded.by, at = excluded.at",
                    params![sha, fact, value.to_string(), reason, who, now()],
                )?;
            }
            None => {
                tx.execute(
                    "DELETE FROM corrections WHERE version = ?1 AND fact = ?2",
                    params![sha, fact],
                )?;
            }
        }
        append(
            &tx,
            &who,
            "correct",
            sha,
            json!({ "fact": fact, "claimed": v.file.draft.fact(fact), "value": value, "reason": reason }),
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Acknowledges a plausibility hint ("checked against the paper"), with what was checked.
    pub fn acknowledge(&mut self, sha: &str, hint: &str, note: &str) -> Result<(), ReviewError> {
        let who = self.reviewer()?;
        self.version(sha)?;
        let note = note.trim();
        if note.is_empty() {
            return Err(ReviewError::ReasonRequired("确认提示"));
        }
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO acks(version, hint, note, by, at) VALUES(?1, ?2, ?3, ?4, ?5)
             ON CONFLICT(version, hint) DO UPDATE SET note = excluded.note, by = excluded.by,
               at = excluded.at",
            params![sha, hint, note, who, now()],
        )?;
        append(
            &tx,
            &who,
            "acknowledge",
            sha,
            json!({ "hint": hint, "note": note }),
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Records the county's decision and 推荐意见 for an application (checked by the caller,
    /// [`super::Review::decide`]).
    pub(super) fn set_decision(
        &mut self,
        app: i64,
        decision: Option<Decision>,
        opinion: &str,
    ) -> Result<(), ReviewError> {
        let who = self.reviewer()?;
        let tx = self.conn.transaction()?;
        let n = tx.execute(
            "UPDATE applications SET decision = ?2, opinion = ?3 WHERE id = ?1",
            params![app, decision.map(Decision::key), opinion.trim()],
        )?;
        if n == 0 {
            return Err(ReviewError::UnknownApplication(app));
        }
        append(
            &tx,
            &who,
            "decide",
            &app.to_string(),
            json!({ "decision": decision.map(Decision::zh), "opinion": opinion.trim() }),
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Logs a step that changes no record (an export, a package, a paper check).
    pub fn note(&mut self, action: &str, target: &str, detail: Value) -> Result<(), ReviewError> {
        let who = self.reviewer()?;
        let tx = self.conn.transaction()?;
        append(&tx, &who, action, target, detail)?;
        tx.commit()?;
        Ok(())
    }

    /// The audit log, oldest first.
    pub fn log(&self) -> Result<Vec<LogEntry>, ReviewError> {
        let mut st = self.conn.prepare(
            "SELECT seq, at, who, action, target, detail, prev, hash FROM log ORDER BY seq",
        )?;
        let rows = st.query_map([], |r| {
            Ok(LogEntry {
                seq: r.get(0)?,
                at: r.get(1)?,
                who: r.get(2)?,
                action: r.get(3)?,
                target: r.get(4)?,
                detail: serde_json::from_str(&r.get::<_, String>(5)?).unwrap_or(Value::Null),
                prev: r.get(6)?,
                hash: r.get(7)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

fn version_of_row(r: &rusqlite::Row) -> rusqlite::Result<Result<Version, ReviewError>> {
    let draft: String = r.get(8)?;
    let evidence: String = r.get(9)?;
    let file = match crate::draftfile::parse_json(draft.as_bytes()) {
        Ok(f) => f,
        Err(e) => return Ok(Err(e.into())),
    };
    Ok(Ok(Version {
        sha256: r.get(0)?,
        application: r.get(1)?,
        number: r.get(2)?,
        file_name: r.get(3)?,
        received_at: r.get(4)?,
        size: r.get(5)?,
        code: r.get(6)?,
        bundle_code: r.get(7)?,
        file,
        evidence: serde_json::from_str(&evidence).unwrap_or_default(),
    }))
}

/// Appends an entry to the log inside the transaction of the step it records.
fn append(
    tx: &rusqlite::Transaction,
    who: &str,
    action: &str,
    target: &str,
    detail: Value,
) -> Result<(), ReviewError> {
    let last: Option<(i64, String)> = tx
        .query_row(
            "SELECT seq, hash FROM log ORDER BY seq DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let (seq, prev) = last.map_or((1, GENESIS.to_string()), |(s, h)| (s + 1, h));
    let at = now();
    let hash = entry_hash(&prev, seq, &at, who, action, target, &detail);
    tx.execute(
        "INSERT INTO log(seq, at, who, action, target, detail, prev, hash)
         VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![seq, at, who, action, target, detail.to_string(), prev, hash],
    )?;
    Ok(())
}
