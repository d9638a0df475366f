//! The evidence files of the drafts: each file's bytes stored once by their SHA-256 (two
//! drafts, or two items, with the same scan share it), and one row per attachment with the
//! item it proves, its title and its place in the item's list. A file no row uses any more is
//! removed with its last row.

use std::path::Path;

use rusqlite::{params, OptionalExtension};
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::fault::At;
use super::*;
use crate::evidence::{EvidenceKind, Inspected};

/// One attached file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EvidenceFile {
    /// Stable id.
    pub id: i64,
    /// The draft.
    pub draft_id: i64,
    /// The item of 附件2 it proves (`basic.3`).
    pub item_id: String,
    /// Its place in the item's list, from 1.
    pub position: i64,
    /// Its title (default: the file name without extension).
    pub title: String,
    /// The name of the file it came from.
    pub file_name: String,
    /// SHA-256 of its bytes (hex).
    pub sha256: String,
    /// PDF, JPEG or PNG.
    pub kind: EvidenceKind,
    /// Size in bytes.
    pub size: i64,
    /// Pages it adds to the bundle.
    pub pages: i64,
    /// When it was attached.
    pub added_at: String,
}

impl EvidenceFile {
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

/// The SHA-256 of bytes, in hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

const COLUMNS: &str = "e.id, e.draft_id, e.item_id, e.position, e.title, e.file_name, e.sha256, b.kind, b.size, b.pages, e.added_at";

fn from_row(r: &rusqlite::Row) -> rusqlite::Result<EvidenceFile> {
    let kind: String = r.get(7)?;
    Ok(EvidenceFile {
        id: r.get(0)?,
        draft_id: r.get(1)?,
        item_id: r.get(2)?,
        position: r.get(3)?,
        title: r.get(4)?,
        file_name: r.get(5)?,
        sha256: r.get(6)?,
        kind: EvidenceKind::from_key(&kind).unwrap_or(EvidenceKind::Pdf),
        size: r.get(8)?,
        pages: r.get(9)?,
        added_at: r.get(10)?,
    })
}

impl Store {
    /// Attaches checked bytes to an item of a draft, last in its list, in one transaction:
    /// the bytes are stored only if no other attachment has them already.
    pub fn add_evidence(
        &mut self,
        draft_id: i64,
        item_id: &str,
        title: &str,
        file_name: &str,
        bytes: &[u8],
        inspected: &Inspected,
    ) -> Result<EvidenceFile, StoreError> {
        self.meta(draft_id)?;
        let sha = sha256_hex(bytes);
        let path = self.path.clone();
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .at(&path)?;
        tx.execute(
            "INSERT OR IGNORE INTO evidence_blobs (sha256, kind, size, pages, bytes) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![sha, inspected.kind.key(), bytes.len() as i64, inspected.pages as i64, bytes],
        )
        .at(&path)?;
        let position: i64 = tx
            .query_row(
                "SELECT COALESCE(MAX(position), 0) + 1 FROM evidence WHERE draft_id = ?1 AND item_id = ?2",
                params![draft_id, item_id],
                |r| r.get(0),
            )
            .at(&path)?;
        tx.execute(
            "INSERT INTO evidence (draft_id, item_id, position, title, file_name, sha256, added_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![draft_id, item_id, position, title, file_name, sha, now()],
        )
        .at(&path)?;
        let id = tx.last_insert_rowid();
        tx.commit().at(&path)?;
        self.evidence_file(id)
    }

    /// One attachment.
    pub fn evidence_file(&self, id: i64) -> Result<EvidenceFile, StoreError> {
        self.conn
            .query_row(
                &format!("SELECT {COLUMNS} FROM evidence e JOIN evidence_blobs b ON b.sha256 = e.sha256 WHERE e.id = ?1"),
                [id],
                from_row,
            )
            .optional()
            .at(&self.path)?
            .ok_or(StoreError::NotFound(id))
    }

    /// A draft's attachments, by item and position.
    pub fn evidence(&self, draft_id: i64) -> Result<Vec<EvidenceFile>, StoreError> {
        let mut st = self
            .conn
            .prepare(&format!(
                "SELECT {COLUMNS} FROM evidence e JOIN evidence_blobs b ON b.sha256 = e.sha256
                 WHERE e.draft_id = ?1 ORDER BY e.item_id, e.position, e.id"
            ))
            .at(&self.path)?;
        let rows = st
            .query_map([draft_id], from_row)
            .at(&self.path)?
            .collect::<Result<Vec<_>, _>>()
            .at(&self.path)?;
        Ok(rows)
    }

    /// The bytes of a stored file.
    pub fn evidence_bytes(&self, sha256: &str) -> Result<Vec<u8>, StoreError> {
        self.conn
            .query_row(
                "SELECT bytes FROM evidence_blobs WHERE sha256 = ?1",
                [sha256],
                |r| r.get(0),
            )
            .at(&self.path)
    }

    /// The bytes a draft's attachments hold (each stored file counted once).
    pub fn evidence_total(&self, draft_id: i64) -> Result<u64, StoreError> {
        let n: i64 = self
            .conn
            .query_row(
                "SELECT COALESCE(SUM(size), 0) FROM evidence_blobs
                 WHERE sha256 IN (SELECT sha256 FROM evidence WHERE draft_id = ?1)",
                [draft_id],
                |r| r.get(0),
            )
            .at(&self.path)?;
        Ok(n as u64)
    }

    /// Renames an attachment.
    pub fn retitle_evidence(&self, id: i64, title: &str) -> Result<EvidenceFile, StoreError> {
        let n = self
            .conn
            .execute(
                "UPDATE evidence SET title = ?2 WHERE id = ?1",
                params![id, title],
            )
            .at(&self.path)?;
        if n == 0 {
            return Err(StoreError::NotFound(id));
        }
        self.evidence_file(id)
    }

    /// Moves an attachment one place up (`-1`) or down (`1`) in its item's list.
    pub fn move_evidence(&mut self, id: i64, by: i64) -> Result<(), StoreError> {
        let file = self.evidence_file(id)?;
        let path = self.path.clone();
        let tx = self.conn.transaction().at(&path)?;
        let other: Option<(i64, i64)> = tx
            .query_row(
                &format!(
                    "SELECT id, position FROM evidence WHERE draft_id = ?1 AND item_id = ?2 AND position {} ?3
                     ORDER BY position {} LIMIT 1",
                    if by < 0 { "<" } else { ">" },
                    if by < 0 { "DESC" } else { "ASC" }
                ),
                params![file.draft_id, file.item_id, file.position],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .at(&path)?;
        if let Some((other_id, other_pos)) = other {
            tx.execute(
                "UPDATE evidence SET position = ?2 WHERE id = ?1",
                params![id, other_pos],
            )
            .at(&path)?;
            tx.execute(
                "UPDATE evidence SET position = ?2 WHERE id = ?1",
                params![other_id, file.position],
            )
            .at(&path)?;
        }
        tx.commit().at(&path)
    }

    /// Removes an attachment; its bytes go too when nothing else uses them.
    pub fn remove_evidence(&mut self, id: i64) -> Result<(), StoreError> {
        let path = self.path.clone();
        let tx = self.conn.transaction().at(&path)?;
        let n = tx
            .execute("DELETE FROM evidence WHERE id = ?1", [id])
            .at(&path)?;
        if n == 0 {
            return Err(StoreError::NotFound(id));
        }
        tx.execute(
            "DELETE FROM evidence_blobs WHERE sha256 NOT IN (SELECT sha256 FROM evidence)",
            [],
        )
        .at(&path)?;
        tx.commit().at(&path)
    }

    /// Removes stored files no attachment uses (after a draft was purged).
    pub(super) fn drop_unused_evidence(
        conn: &rusqlite::Connection,
        path: &Path,
    ) -> Result<(), StoreError> {
        conn.execute(
            "DELETE FROM evidence_blobs WHERE sha256 NOT IN (SELECT sha256 FROM evidence)",
            [],
        )
        .at(path)?;
        Ok(())
    }

    /// Copies a draft's attachments to another draft (a duplicate, a restored copy).
    pub(super) fn copy_evidence(
        conn: &rusqlite::Connection,
        path: &Path,
        from: i64,
        to: i64,
    ) -> Result<(), StoreError> {
        conn.execute(
            "INSERT INTO evidence (draft_id, item_id, position, title, file_name, sha256, added_at)
             SELECT ?2, item_id, position, title, file_name, sha256, added_at FROM evidence WHERE draft_id = ?1
             ORDER BY id",
            params![from, to],
        )
        .at(path)?;
        Ok(())
    }
}
