//! The integration tests of the root crate, in one binary (one link of SQLite, printpdf,
//! lopdf, docx-rs and zip instead of fourteen). Each module is the suite of one area; run one
//! with `cargo test --test integration pdf::` (or a single test by its path).

mod common;

mod app;
mod architecture;
mod batch;
mod bundle;
mod cli;
mod docx;
mod editions;
mod evidence;
mod evidence_paths;
mod faults;
mod pdf;
mod print;
mod review;
mod store;
mod units;
mod web;
