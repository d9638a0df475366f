//! The command line: subcommands and their options (clap).

use std::path::PathBuf;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "labour-brand",
    version,
    about = "劳务品牌申报助手 — 连云港市市级劳务品牌推荐表与评分表 (CLI)"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Print a complete example draft file (TYPE = skill | service | culture | livelihood).
    Example { r#type: String },
    /// Score a draft file (`-` = stdin): a table, or JSON with --json.
    Score {
        file: String,
        #[arg(long)]
        json: bool,
    },
    /// Validate a draft file; exits 1 when there are errors.
    Validate {
        file: String,
        #[arg(long)]
        json: bool,
    },
    /// Print the rubric (facts and items) as JSON.
    Rubric,
    /// Export the print-ready PDF of 附件1 and 附件2, or an editable Word copy (--format docx);
    /// with --bundle ID the application bundle (申报材料) of a saved draft with its evidence.
    Export {
        /// The draft file (`-` = stdin); not with --bundle.
        #[arg(required_unless_present = "bundle")]
        file: Option<String>,
        /// The saved draft whose bundle to write: 封面, 目录, the forms, 清单, the evidence.
        #[arg(long, value_name = "ID", conflicts_with_all = ["file", "format", "form"])]
        bundle: Option<i64>,
        /// With --bundle: the draft database (default: the app's).
        #[arg(long, requires = "bundle")]
        db: Option<PathBuf>,
        /// The file to write.
        #[arg(short, long)]
        output: PathBuf,
        /// pdf or docx (default: docx when OUTPUT ends in .docx, else pdf).
        #[arg(long, value_parser = ["pdf", "docx"])]
        format: Option<String>,
        /// Which forms: 1, 2 or all.
        #[arg(long, default_value = "all", value_parser = ["1", "2", "all"])]
        form: String,
        /// 附件2 with only the 基本条件 and the chosen category.
        #[arg(long)]
        compact: bool,
        /// Leave out the version code footer (校验码).
        #[arg(long)]
        no_fingerprint: bool,
        /// Font for rare characters the bundled fonts lack, as FILE or FILE#INDEX for a
        /// collection (default: the system's CJK fonts).
        #[arg(long, value_name = "FILE[#INDEX]", conflicts_with = "no_fallback_font")]
        fallback_font: Option<String>,
        /// Use only the bundled fonts.
        #[arg(long)]
        no_fallback_font: bool,
        /// Overwrite OUTPUT even if it exists and is not of the format written.
        #[arg(long)]
        force: bool,
    },
    /// Score many draft files (folders: their .json files) into one summary workbook for the
    /// county bureau; exits 1 when some files could not be read (they are listed, never
    /// skipped).
    Batch {
        /// Draft files and folders.
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// The .xlsx (or with --csv the .csv) to write; with --csv and no OUTPUT, stdout.
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Write CSV (UTF-8 with BOM) instead of .xlsx.
        #[arg(long)]
        csv: bool,
        /// Overwrite OUTPUT even if it exists and is not of the format written.
        #[arg(long)]
        force: bool,
    },
    /// The evidence files (佐证材料) attached to the items of a saved draft.
    Evidence {
        /// Use this database file instead of the default one.
        #[arg(long, global = true)]
        db: Option<PathBuf>,
        #[command(subcommand)]
        action: EvidenceAction,
    },
    /// The app in the local browser (for PCs where the window cannot run): serves the page on
    /// 127.0.0.1 and opens the default browser; stops when the page says 退出.
    Serve {
        /// The port (default: a free one).
        #[arg(long, default_value_t = 0)]
        port: u16,
        /// Only print the address; do not open a browser.
        #[arg(long)]
        no_open: bool,
        /// Use this database file instead of the default one.
        #[arg(long)]
        db: Option<PathBuf>,
    },
    /// The county's desk (县区初审推荐): receive applications, check them item by item in a
    /// layer of the county's own, recommend, print and package for the city.
    Review {
        /// The workspace database (default: review.sqlite3 beside the drafts, or
        /// LABOUR_BRAND_REVIEW_DB).
        #[arg(long, global = true)]
        desk: Option<PathBuf>,
        #[command(subcommand)]
        action: ReviewAction,
    },
    /// Manage the drafts saved by the app.
    Drafts {
        /// Use this database file instead of the default one.
        #[arg(long, global = true)]
        db: Option<PathBuf>,
        /// If the database is unusable (damaged, foreign, newer), move it aside and start a
        /// fresh one; a usable database is left as it is.
        #[arg(long, global = true)]
        fresh_db: bool,
        #[command(subcommand)]
        action: DraftsAction,
    },
}

#[derive(Subcommand)]
pub enum EvidenceAction {
    /// Attach files (PDF, JPG, PNG) to an item of a draft, e.g. `add 3 basic.3 商标注册证.pdf`.
    Add {
        id: i64,
        /// The item of 附件2 (`basic.3`, `skill.2`, …; `labour-brand rubric` lists them).
        item: String,
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// List a draft's evidence by item, with the items that earn points but have none.
    List { id: i64 },
    /// Remove one attached file (by the number `list` shows).
    Remove { evidence: i64 },
}

#[derive(Subcommand)]
pub enum DraftsAction {
    /// List the drafts with their scores.
    List,
    /// Print one draft as a draft file.
    Show { id: i64 },
    /// Write one draft to a draft file (stdout without -o); to OUTPUT.lbdraft with its evidence.
    /// A draft with evidence is refused as .json or on stdout unless --without-evidence.
    Export {
        id: i64,
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Overwrite OUTPUT even if it exists and is not a draft file.
        #[arg(long)]
        force: bool,
        /// Write the draft alone as .json even though it has evidence (the files are left out).
        #[arg(long)]
        without_evidence: bool,
    },
    /// Import a draft file (.json) or a draft with its evidence (.lbdraft) as a new draft
    /// (`-` = stdin).
    Import { file: String },
    /// Move a draft to the recycle bin.
    Delete { id: i64 },
    /// List the earlier saved versions of a draft.
    History { id: i64 },
    /// Restore an earlier saved version.
    Restore { id: i64, revision: i64 },
    /// Keep the current state of a draft as a named version (never pruned).
    Pin { id: i64, name: String },
    /// Move a draft made with an older rubric edition to the current one (its state before
    /// is kept as a named version).
    Upgrade { id: i64 },
    /// Write every draft (with the recycle bin and history) to one backup file.
    Backup {
        #[arg(short, long)]
        output: PathBuf,
        /// Replace OUTPUT if it exists (only once the new backup is complete).
        #[arg(long)]
        force: bool,
    },
    /// Add the drafts of a backup file beside the existing ones (never over them).
    RestoreBackup { file: PathBuf },
}

/// A step of the county's desk. VERSION is a version's SHA-256 (or its first 6+ digits) or an
/// application's number (its latest version).
#[derive(Subcommand)]
pub enum ReviewAction {
    /// Set the county (填报单位), the reviewer's name (logged with every step), the 填表人 and
    /// the date of the county's opinion (YYYY-MM-DD; blank: written by hand).
    Setup {
        #[arg(long)]
        county: String,
        #[arg(long)]
        reviewer: String,
        #[arg(long, default_value = "")]
        preparer: String,
        #[arg(long, default_value = "")]
        date: String,
    },
    /// Receive draft files and containers (folders: every file in them); each is frozen by its
    /// SHA-256; duplicates and what is not a draft are listed with the reason.
    Receive {
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// The county's list: 自评分 beside 核定分, evidence, hints, decision, order.
    List {
        #[arg(long)]
        json: bool,
    },
    /// One version item by item: claims, evidence, verdicts, corrections, hints, changes.
    Show {
        version: String,
        #[arg(long)]
        json: bool,
    },
    /// Give the county's verdict on an item: 认定, 不认定, 存疑 (accepted, rejected, doubtful)
    /// or clear.
    Judge {
        version: String,
        item: String,
        verdict: String,
        #[arg(long, default_value = "")]
        reason: String,
        /// The evidence file looked at (its SHA-256 or first 8+ digits).
        #[arg(long)]
        evidence: Option<String>,
        #[arg(long)]
        page: Option<u32>,
    },
    /// Correct a fact as the county finds it (the applicant's value stays); VALUE `clear`
    /// withdraws the correction.
    Correct {
        version: String,
        fact: String,
        value: String,
        #[arg(long, default_value = "")]
        reason: String,
    },
    /// Acknowledge a plausibility hint (by its code, as `show` lists it) with what was checked.
    Ack {
        version: String,
        hint: String,
        #[arg(long)]
        note: String,
    },
    /// Decide for an application: 推荐, 不推荐, 退回补正, 撤回 (recommend, decline, return,
    /// withdrawn) or clear, with the county's 推荐意见.
    Decide {
        application: i64,
        decision: String,
        #[arg(long, default_value = "")]
        opinion: String,
    },
    /// Which version a paper copy's 校验码 belongs to, and what changed since.
    Paper { code: String },
    /// The 补正告知单 of a version (.pdf or .docx).
    Notice {
        version: String,
        #[arg(short, long)]
        output: PathBuf,
        #[arg(long)]
        force: bool,
    },
    /// The county's copy of the forms of every recommended application, in one PDF.
    Forms {
        #[arg(short, long)]
        output: PathBuf,
        #[arg(long)]
        force: bool,
    },
    /// The 推荐汇总表 (.pdf or .xlsx).
    Report {
        #[arg(short, long)]
        output: PathBuf,
        #[arg(long)]
        force: bool,
    },
    /// Write one evidence file of a version as received.
    Evidence {
        version: String,
        evidence: String,
        #[arg(short, long)]
        output: PathBuf,
    },
    /// The package to the city (.lbreview): received files byte for byte, the county's layer,
    /// its outputs and the audit log, every part with its SHA-256.
    Package {
        #[arg(short, long)]
        output: PathBuf,
        #[arg(long)]
        force: bool,
    },
    /// Check a package: every part against its SHA-256 and the log's chain; exits 1 and names
    /// the part when anything does not match.
    Verify { file: PathBuf },
    /// The audit log; exits 1 when its chain is broken.
    Log {
        #[arg(long)]
        json: bool,
    },
}
