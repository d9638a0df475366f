//! The printed page, measured (issue 14): every page of every case is rendered by poppler and
//! its ink measured, so that nothing lies where office printers cannot print; the 自评分 column's
//! words are read back with their boxes and must lie inside the column's rules; the file claims
//! no PDF/X conformance it does not have.

mod common;

use std::path::Path;

use common::{read_pgm, tool};
use labour_brand::example::example;
use labour_brand::forms::FORM2_COLUMN_MM;
use labour_brand::pdf::{self, ExportOptions};
use labour_brand::{BrandType, Draft, Rubric};

const MM_PER_PT: f64 = 25.4 / 72.0;

/// The drafts of the matrix: each type full and 精简版, a vetoed one, an empty one.
fn cases() -> Vec<(String, Draft, bool)> {
    let mut out = Vec::new();
    for t in BrandType::ALL {
        out.push((format!("{}-full", t.key()), example(t), false));
        out.push((format!("{}-compact", t.key()), example(t), true));
    }
    let mut vetoed = example(BrandType::Skill);
    vetoed
        .facts
        .insert("basic.4.product".into(), serde_json::json!(false));
    out.push(("vetoed".into(), vetoed, false));
    out.push(("empty".into(), Draft::default(), false));
    out
}

fn export(dir: &Path, name: &str, d: &Draft, compact: bool) -> std::path::PathBuf {
    let path = dir.join(format!("{name}.pdf"));
    let options = ExportOptions {
        compact,
        ..ExportOptions::default()
    };
    pdf::export_to_file(d, Rubric::city(), &options, &path).unwrap();
    path
}

/// The ink's distance from the left, top, right and bottom edges, in mm.
fn ink_margins(path: &Path, dpi: f64) -> Option<[f64; 4]> {
    let (w, h, px) = read_pgm(path);
    let (mut x0, mut y0, mut x1, mut y1) = (usize::MAX, usize::MAX, 0, 0);
    for y in 0..h {
        for x in 0..w {
            if px[y * w + x] < 160 {
                x0 = x0.min(x);
                x1 = x1.max(x);
                y0 = y0.min(y);
                y1 = y1.max(y);
            }
        }
    }
    if x0 == usize::MAX {
        return None;
    }
    let mm = |px: usize| px as f64 * 25.4 / dpi;
    Some([mm(x0), mm(y0), mm(w - 1 - x1), mm(h - 1 - y1)])
}

#[test]
fn every_page_is_a4_and_all_ink_stays_8_mm_from_every_edge() {
    let dir = tempfile::tempdir().unwrap();
    let dpi = 100.0;
    let mut report = Vec::new();
    for (name, d, compact) in cases() {
        let pdf = export(dir.path(), &name, &d, compact);
        let info = tool("pdfinfo", &["-f", "1", "-l", "99", pdf.to_str().unwrap()]);
        for line in info
            .lines()
            .filter(|l| l.starts_with("Page") && l.contains("size:"))
        {
            assert!(
                line.contains("595.276 x 841.89") || line.contains("595.28 x 841.89"),
                "{name}: not A4: {line}"
            );
        }
        let prefix = dir.path().join(&name);
        tool(
            "pdftoppm",
            &[
                "-r",
                "100",
                "-gray",
                pdf.to_str().unwrap(),
                prefix.to_str().unwrap(),
            ],
        );
        let mut pages: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .filter(|p| {
                p.extension().is_some_and(|e| e == "pgm")
                    && p.file_name()
                        .unwrap()
                        .to_string_lossy()
                        .starts_with(&format!("{name}-"))
            })
            .collect();
        pages.sort();
        assert!(!pages.is_empty(), "{name}: rendered");
        for page in &pages {
            let m = ink_margins(page, dpi).expect("ink on every page");
            report.push(format!(
                "{name} {}: {m:.1?}",
                page.file_name().unwrap().to_string_lossy()
            ));
            for (edge, v) in ["left", "top", "right", "bottom"].iter().zip(m) {
                assert!(
                    v >= 8.0,
                    "{name} {}: ink {v:.1} mm from the {edge} edge (< 8 mm)",
                    page.display()
                );
            }
            std::fs::remove_file(page).unwrap();
        }
    }
    eprintln!(
        "ink margins (left, top, right, bottom) in mm:\n{}",
        report.join("\n")
    );
}

#[test]
fn every_word_in_the_score_column_lies_inside_its_rules() {
    let dir = tempfile::tempdir().unwrap();
    let x0: f64 = 20.0 + FORM2_COLUMN_MM[..5].iter().map(|&v| v as f64).sum::<f64>();
    let x1 = x0 + FORM2_COLUMN_MM[5] as f64;
    for (name, d, compact) in cases() {
        let pdf = export(dir.path(), &name, &d, compact);
        let html = tool("pdftotext", &["-bbox", pdf.to_str().unwrap(), "-"]);
        let mut seen = 0;
        // The 附件2 pages (the column exists there), the table only (it ends by 281 mm).
        let form2_pages = html.split("<page ").filter(|p| p.contains(">自评分<"));
        let words =
            form2_pages.flat_map(|p| p.lines().filter(|l| l.trim_start().starts_with("<word")));
        for line in words {
            let attr = |k: &str| -> f64 {
                let at = line.find(&format!("{k}=\"")).unwrap() + k.len() + 2;
                line[at..].split('"').next().unwrap().parse().unwrap()
            };
            let (a, b) = (attr("xMin") * MM_PER_PT, attr("xMax") * MM_PER_PT);
            let centre = (a + b) / 2.0;
            if centre > x0 && centre < x1 && attr("yMax") * MM_PER_PT < 281.0 {
                seen += 1;
                let word = line
                    .split('>')
                    .nth(1)
                    .unwrap_or("")
                    .split('<')
                    .next()
                    .unwrap_or("");
                assert!(
                    a >= x0 + 0.3 && b <= x1 - 0.3,
                    "{name}: 「{word}」 spans {a:.1}–{b:.1} mm in the 自评分 column {x0:.1}–{x1:.1} mm"
                );
            }
        }
        assert!(seen > 0, "{name}: the 自评分 column has words");
    }
}

#[test]
fn the_file_claims_no_pdf_x_conformance_and_stays_valid() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = export(dir.path(), "skill", &example(BrandType::Skill), false);
    let info = tool("pdfinfo", &[pdf.to_str().unwrap()]);
    assert!(!info.contains("PDF/X"), "{info}");
    assert!(!info.contains("PDF subtype"), "{info}");
    tool("qpdf", &["--check", pdf.to_str().unwrap()]);
}
