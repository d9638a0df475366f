//! # labour_brand_model — the forms and the rubric, apart from everything that prints or stores
//!
//! What an application *is*, for every front end and every desk: the fields of 附件1 and the
//! facts behind 附件2 ([`draft`], [`fields`], [`facts`]), the rubric editions as data and the
//! engine that scores them ([`rubric`]), the findings that mark a draft ([`validate`]), what the
//! two forms say for a draft whatever they are printed on ([`forms`]), where a line of Chinese
//! text may break ([`linebreak`]), character counting and number formatting ([`text`]) and the
//! example drafts ([`example`]).
//!
//! It depends on data and text crates only (serde, toml, rust_decimal, chrono, sha2, thiserror):
//! no files, database, PDF, Word, zip or HTTP. The root crate `labour_brand` re-exports these
//! modules and adds what touches the disk and the printer (docs/architecture.md).

pub mod draft;
pub mod example;
pub mod facts;
pub mod fields;
pub mod forms;
pub mod linebreak;
pub mod message;
pub mod rubric;
pub mod text;
pub mod validate;

pub use draft::{BrandType, Draft, Form1, Form2, Opinion};
pub use message::Bilingual;
pub use rubric::{score, ItemResult, ItemState, Rubric, ScoreResult};
pub use validate::{validate, Finding, FindingCode, Severity};

#[cfg(test)]
mod tests {
    /// The model stays apart from print, storage and transport: none of their crates may become
    /// a dependency of this one (the root crate holds them).
    #[test]
    fn the_model_depends_on_no_print_storage_or_transport_crate() {
        let manifest = include_str!("../Cargo.toml");
        let deps = manifest
            .split("[dependencies]")
            .nth(1)
            .and_then(|rest| rest.split("\n[").next())
            .expect("a [dependencies] table");
        let names: Vec<&str> = deps
            .lines()
            .filter_map(|l| l.split('=').next())
            .map(str::trim)
            .filter(|n| !n.is_empty() && !n.starts_with('#'))
            .collect();
        assert!(names.contains(&"serde"), "read the table: {names:?}");
        for heavy in [
            "printpdf",
            "lopdf",
            "docx-rs",
            "rust_xlsxwriter",
            "rusqlite",
            "zip",
            "hyper",
            "tokio",
            "directories",
            "ttf-parser",
            "png",
        ] {
            assert!(!names.contains(&heavy), "the model depends on {heavy}");
        }
    }
}
