//! The audit log: every step of the county's desk (who, when, what, on which version), append
//! only. Each entry carries the SHA-256 of the one before it and its own, so that an entry
//! removed or edited breaks the chain at that place ([`verify`]). The log goes into the package
//! to the city as `log.jsonl`.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};

use super::ReviewError;

/// The hash before the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One step.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LogEntry {
    /// Its number, from 1.
    pub seq: i64,
    /// When (RFC 3339, local time with offset).
    pub at: String,
    /// Who (the reviewer's name).
    pub who: String,
    /// What (`receive`, `judge`, `correct`, `acknowledge`, `decide`, `export`, `package`, …).
    pub action: String,
    /// The version's SHA-256 (or an application's number, or empty).
    pub target: String,
    /// The step's details.
    pub detail: Value,
    /// The previous entry's hash ([`GENESIS`] for the first).
    pub prev: String,
    /// This entry's hash: SHA-256 of the previous hash and this entry's fields.
    pub hash: String,
}

/// The hash of an entry's fields chained to `prev`.
pub fn entry_hash(
    prev: &str,
    seq: i64,
    at: &str,
    who: &str,
    action: &str,
    target: &str,
    detail: &Value,
) -> String {
    let mut h = Sha256::new();
    h.update(b"labour-brand-review-log-1\n");
    let detail = detail.to_string();
    for part in [prev, &seq.to_string(), at, who, action, target, &detail] {
        // Lengths first: no two different entries hash the same text.
        h.update((part.len() as u64).to_le_bytes());
        h.update(part.as_bytes());
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// Checks the chain: numbers consecutive from 1, each entry's `prev` the hash before it and its
/// `hash` its own. The first entry out of place is named.
pub fn verify(entries: &[LogEntry]) -> Result<(), ReviewError> {
    let mut prev = GENESIS.to_string();
    for (i, e) in entries.iter().enumerate() {
        let own = entry_hash(
            &e.prev, e.seq, &e.at, &e.who, &e.action, &e.target, &e.detail,
        );
        if e.seq != i as i64 + 1 || e.prev != prev || e.hash != own {
            return Err(ReviewError::LogBroken(i as i64 + 1));
        }
        prev = own;
    }
    Ok(())
}

/// The log as JSON lines.
pub fn to_jsonl(entries: &[LogEntry]) -> String {
    let mut s = String::new();
    for e in entries {
        s.push_str(&serde_json::to_string(e).unwrap_or_default());
        s.push('\n');
    }
    s
}
