//! Schema migrations, applied in order inside the transaction that opens the database.

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = 4;

/// `application_id` marking a database as ours ("LBRD").
pub const APPLICATION_ID: i64 = 0x4C42_5244;

/// Migration `n` (index n-1) brings the schema from version n-1 to n.
pub const MIGRATIONS: &[&str] = &[
    // 1: the first release: one row per draft.
    "CREATE TABLE drafts (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL,
        brand_type TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        doc_version INTEGER NOT NULL,
        doc TEXT NOT NULL
    );",
    // 2: history of saved versions, rubric edition, revision counter, recycle bin.
    "ALTER TABLE drafts ADD COLUMN rubric_edition TEXT NOT NULL DEFAULT 'lyg-city-2024';
     ALTER TABLE drafts ADD COLUMN revision INTEGER NOT NULL DEFAULT 1;
     ALTER TABLE drafts ADD COLUMN deleted_at TEXT;
     CREATE TABLE history (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        draft_id INTEGER NOT NULL REFERENCES drafts(id) ON DELETE CASCADE,
        revision INTEGER NOT NULL,
        saved_at TEXT NOT NULL,
        name TEXT NOT NULL,
        doc_version INTEGER NOT NULL,
        doc TEXT NOT NULL
     );
     CREATE INDEX history_by_draft ON history(draft_id, revision);",
    // 3: the live document is saved on every change; history keeps versions that mean
    //    something: why a version was kept, when, and an optional name that pins it.
    "ALTER TABLE history ADD COLUMN reason TEXT NOT NULL DEFAULT 'autosave';
     ALTER TABLE history ADD COLUMN archived_at TEXT;
     ALTER TABLE history ADD COLUMN pin TEXT;",
    // 4: 佐证材料: the files, stored once by content (SHA-256), and which draft item each proves.
    "CREATE TABLE evidence_blobs (
        sha256 TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        size INTEGER NOT NULL,
        pages INTEGER NOT NULL,
        bytes BLOB NOT NULL
     );
     CREATE TABLE evidence (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        draft_id INTEGER NOT NULL REFERENCES drafts(id) ON DELETE CASCADE,
        item_id TEXT NOT NULL,
        position INTEGER NOT NULL,
        title TEXT NOT NULL,
        file_name TEXT NOT NULL,
        sha256 TEXT NOT NULL REFERENCES evidence_blobs(sha256),
        added_at TEXT NOT NULL
     );
     CREATE INDEX evidence_by_draft ON evidence(draft_id, item_id, position);",
];
