//! # labour_brand — 劳务品牌申报助手 core
//!
//! The core of the 连云港市市级劳务品牌 application assistant. It knows nothing of the desktop
//! shell; the window (`src-tauri/`) and the CLI (`labour-brand`) are thin front ends over it.
//!
//! The forms, fields, facts, rubric editions and engine, validation and the example drafts are the
//! model crate's (`crates/model`, re-exported here at their usual paths); this crate adds what
//! touches files, databases and print. The flow is visible in the modules:
//!
//! * [`draft`] — what the applicant types: 附件1 fields and the facts behind 附件2.
//! * [`facts`] — reading each typed fact by its declared kind (exact decimals, never floats).
//! * [`rubric`] — the city rubric and the provincial standard as data, and the engine that
//!   turns facts into an explained [`rubric::ScoreResult`].
//! * [`validate`] — findings (error / warning) that mark a draft but never block saving it.
//! * [`store`] — drafts in SQLite with history; [`draftfile`] — the portable JSON draft file;
//!   [`output`] — writing files without clobbering the database, the input or other files.
//! * [`forms`] — what 附件1 and 附件2 say for a draft (rows, wording, 自评分), whatever they
//!   are printed on; [`pdf`] draws them on A4 pages and [`docx`] writes them as Word tables.
//! * [`evidence`] — 佐证材料 checked before they are stored; [`bundle`] — the one application
//!   PDF (封面, 目录, the forms, 清单, the evidence) with bookmarks and running page numbers.
//! * [`web`] — the local browser mode: the page and its commands on 127.0.0.1, guarded.
//! * [`batch`] — many draft files scored into one summary (xlsx / CSV) for a county bureau.
//! * [`review`] — the county's desk: receive, check item by item in a layer of its own,
//!   recommend, and package for the city.
//! * [`app`] — the application layer every front end calls: one [`app::App`] per process,
//!   every use case (drafts, files, exports, backup, batch) and one typed [`app::AppError`].
//! * [`example`] — complete example drafts of each type.
//! * [`disk`] — free space, and whether an I/O error means a full disk.
//! * [`text`] — character counting and Chinese number formatting shared by all of the above.

pub mod app;
pub mod batch;
pub mod bundle;
pub mod container;
pub mod disk;
pub mod docx;
pub mod draftfile;
pub mod evidence;
pub mod incoming;
pub mod output;
pub mod pdf;
pub mod review;
pub mod store;
pub mod summary;
pub mod validate;
pub mod web;

// The model crate's modules, at the paths the front ends have always used.
pub use labour_brand_model::Bilingual;
pub use labour_brand_model::{
    draft, example, facts, fields, forms, linebreak, message, rubric, text,
};

pub use draft::{BrandType, Draft, Form1, Form2, Opinion};
pub use rubric::{score, ItemResult, ItemState, Rubric, ScoreResult};
pub use validate::{validate, Finding, FindingCode, Severity};
