//! The printed page, measured (issue 14): a matrix of drafts — every type full and 精简版, the
//! 基本情况 at its 500-字 limit in 1, 10 and 40 lines, both 推荐意见 at their limit, long names,
//! vetoed, empty, no type — is exported, every page rendered by poppler and its ink measured;
//! font sizes are read back by MuPDF; the largest empty square is found in each seal area of
//! the rendered page; the layout model (every text line and rule the export drew) is checked for
//! text outside its cell and for the line-breaking rules.

use labour_brand::app::ExportFormat;
use std::path::{Path, PathBuf};

use crate::common::matrix::{cases, load, render, Case};
use crate::common::{squash, tool};
use labour_brand::example::example;
use labour_brand::forms::FORM2_COLUMN_MM;
use labour_brand::pdf::layout::{is_lone_character_line, NO_END, NO_START, NUMBER_UNITS};
use labour_brand::pdf::{self, ExportOptions, PageModel, CONTINUED_MARK};
use labour_brand::{BrandType, FindingCode, Rubric};

const MM_PER_PT: f64 = 25.4 / 72.0;

fn options(compact: bool) -> ExportOptions {
    ExportOptions {
        compact,
        ..ExportOptions::default()
    }
}

fn export(dir: &Path, c: &Case) -> PathBuf {
    let path = dir.join(format!("{}.pdf", c.name));
    crate::common::write_forms(
        ExportFormat::Pdf,
        &c.draft,
        Rubric::city(),
        &options(c.compact),
        &path,
    )
    .unwrap();
    path
}

/// The text of every page, as pdftotext reads it.
fn page_texts(pdf: &Path) -> Vec<String> {
    let all = tool("pdftotext", &["-layout", pdf.to_str().unwrap(), "-"]);
    all.split('\u{c}').map(str::to_string).collect()
}

#[test]
fn every_case_exports_a4_with_all_ink_8_mm_from_the_edges_and_seal_squares_clear() {
    let dir = tempfile::tempdir().unwrap();
    let mut report = Vec::new();
    for c in cases() {
        let pdf = export(dir.path(), &c);
        let info = tool("pdfinfo", &["-f", "1", "-l", "99", pdf.to_str().unwrap()]);
        for line in info
            .lines()
            .filter(|l| l.starts_with("Page") && l.contains("size:"))
        {
            assert!(
                line.contains("595.276 x 841.89") || line.contains("595.28 x 841.89"),
                "{}: not A4: {line}",
                c.name
            );
        }
        let texts = page_texts(&pdf);
        let models = pdf::page_models(&c.draft, Rubric::city(), &options(c.compact)).unwrap();
        let pages = render(&pdf, dir.path(), &c.name);
        assert_eq!(pages.len(), models.len(), "{}: pages", c.name);
        let mut margins = [f64::MAX; 4];
        for (i, path) in pages.iter().enumerate() {
            let page = load(path);
            let m = page.ink_margins().expect("ink on every page");
            for (edge, v) in ["left", "top", "right", "bottom"].iter().zip(m) {
                assert!(
                    v >= 8.0,
                    "{} page {}: ink {v:.1} mm from the {edge} edge (< 8 mm)",
                    c.name,
                    i + 1
                );
            }
            for (k, v) in m.iter().enumerate() {
                margins[k] = margins[k].min(*v);
            }
            let model = &models[i];
            let text = &texts[i];
            // Both 推荐意见 cells of 附件1: the value cell holding the 盖章 line.
            if text.contains("连云港市市级劳务品牌推荐表") {
                let cells: Vec<_> = model
                    .texts
                    .iter()
                    .filter(|t| t.text.starts_with("（盖章）"))
                    .map(|t| smallest_rect_around(model, t.x, t.top, t.right, t.bottom))
                    .collect();
                assert_eq!(cells.len(), 2, "{}: two 盖章 lines", c.name);
                for r in cells {
                    let side = page.largest_clear_square(
                        r.x as f64 + 0.5,
                        r.y as f64 + 0.5,
                        (r.x + r.w) as f64 - 0.5,
                        (r.y + r.h) as f64 - 0.5,
                    );
                    report.push(format!("{} 推荐意见 seal square {side:.1} mm", c.name));
                    assert!(side >= 42.0, "{}: seal square {side:.1} mm < 42 mm", c.name);
                }
            }
            // The header of 附件2: between the title and the table.
            if text.contains("连云港市市级劳务品牌评分表") {
                let table_top = model.rects.iter().map(|r| r.y).fold(f32::MAX, f32::min) as f64;
                let side = page.largest_clear_square(8.0, 31.0, 202.0, table_top - 0.5);
                report.push(format!("{} 附件2 header seal square {side:.1} mm", c.name));
                assert!(side >= 42.0, "{}: county seal square {side:.1} mm", c.name);
            }
            std::fs::remove_file(path).unwrap();
        }
        // 附件1 on one page, or continued on the 附页 as designed, nothing lost.
        let continued = texts.iter().any(|t| t.contains("附件1（续）"));
        assert_eq!(continued, c.continues, "{}: 附页", c.name);
        assert_eq!(texts[0].contains(CONTINUED_MARK), c.continues, "{}", c.name);
        // Every character of 基本情况, in order (the label cell's text may come between lines).
        let all: String = texts.iter().map(|t| squash(t)).collect();
        let mut rest = all.chars();
        for ch in squash(&c.draft.form1.summary).chars() {
            assert!(
                rest.any(|x| x == ch),
                "{}: 基本情况 not printed whole (from «{ch}» on)",
                c.name
            );
        }
        report.push(format!(
            "{}: {} pages, ink margins (l, t, r, b) {margins:.1?} mm",
            c.name,
            pages.len()
        ));
    }
    eprintln!("{}", report.join("\n"));
}

fn smallest_rect_around(m: &PageModel, x0: f32, y0: f32, x1: f32, y1: f32) -> pdf::PlacedRect {
    *m.rects
        .iter()
        .filter(|r| r.x <= x0 && r.y <= y0 && r.x + r.w >= x1 && r.y + r.h >= y1)
        .min_by(|a, b| (a.w * a.h).total_cmp(&(b.w * b.h)))
        .expect("a cell around the text")
}

/// Every text line lies inside its cell: no rule of any rectangle crosses its box.
#[test]
fn no_text_crosses_a_rule_and_no_line_breaks_a_rule_of_chinese_typesetting() {
    for c in cases() {
        let models = pdf::page_models(&c.draft, Rubric::city(), &options(c.compact)).unwrap();
        for (p, m) in models.iter().enumerate() {
            let at = |t: &pdf::PlacedText| format!("{} page {}: «{}»", c.name, p + 1, t.text);
            for t in &m.texts {
                let (x0, x1, y0, y1) = (t.x + 0.15, t.right - 0.15, t.top + 0.15, t.bottom - 0.15);
                for r in &m.rects {
                    let vertical = [r.x, r.x + r.w]
                        .iter()
                        .any(|&x| x > x0 && x < x1 && r.y < y1 && r.y + r.h > y0);
                    let horizontal = [r.y, r.y + r.h]
                        .iter()
                        .any(|&y| y > y0 && y < y1 && r.x < x1 && r.x + r.w > x0);
                    assert!(
                        !vertical && !horizontal,
                        "{} ({:.1}–{:.1}, {:.1}–{:.1} mm) crosses the rule of {r:?}",
                        at(t),
                        t.x,
                        t.right,
                        t.top,
                        t.bottom
                    );
                }
                let (first, last) = (t.text.chars().next(), t.text.chars().last());
                assert!(
                    !first.is_some_and(|ch| "，。、；：？！）》".contains(ch)),
                    "{} starts with a closing mark",
                    at(t)
                );
                assert!(
                    !last.is_some_and(|ch| "（《“".contains(ch)),
                    "{} ends with an opening mark",
                    at(t)
                );
                assert!(NO_START.contains('，') && NO_END.contains('（'));
                // The footer and page numbers aside, nothing is set below 9 pt.
                if t.top < 284.0 {
                    assert!(t.size >= 9.0, "{} at {} pt", at(t), t.size);
                }
            }
            // Lines wrapped from one text: a number keeps its unit, no line of one character.
            let mut blocks: std::collections::BTreeMap<usize, Vec<&pdf::PlacedText>> =
                Default::default();
            for t in m.texts.iter().filter(|t| !t.vertical) {
                if let Some(b) = t.block {
                    blocks.entry(b).or_default().push(t);
                }
            }
            for lines in blocks.values().filter(|l| l.len() > 1) {
                for pair in lines.windows(2) {
                    if pair[0].text.ends_with(|ch: char| ch.is_ascii_digit()) {
                        assert!(
                            !NUMBER_UNITS.iter().any(|u| pair[1].text.starts_with(u)),
                            "{} / «{}»: a number split from its unit",
                            at(pair[0]),
                            pair[1].text
                        );
                    }
                }
                for l in lines {
                    assert!(
                        !is_lone_character_line(&l.text),
                        "{}: a line of one character",
                        at(l)
                    );
                }
            }
        }
    }
}

/// The sizes MuPDF reads from the file: nothing but the footer (under 286 mm) below 9 pt
/// (tested on the written file, not on the model).
#[test]
fn mupdf_reads_no_text_below_9_pt_but_the_footer() {
    let dir = tempfile::tempdir().unwrap();
    for c in cases() {
        let pdf = export(dir.path(), &c);
        let body: Vec<f64> = crate::common::text_sizes(&pdf)
            .into_iter()
            .filter(|s| s.0 < 286.0)
            .map(|s| s.1)
            .collect();
        assert!(!body.is_empty(), "{}: sizes read", c.name);
        for size in body {
            assert!(size >= 9.0 - 1e-3, "{}: text at {size} pt", c.name);
        }
    }
}

#[test]
fn every_word_in_the_score_column_lies_inside_its_rules() {
    let dir = tempfile::tempdir().unwrap();
    let x0: f64 = 20.0 + FORM2_COLUMN_MM[..5].iter().map(|&v| v as f64).sum::<f64>();
    let x1 = x0 + FORM2_COLUMN_MM[5] as f64;
    for c in cases() {
        let pdf = export(dir.path(), &c);
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
                    "{}: 「{word}」 spans {a:.1}–{b:.1} mm in the 自评分 column {x0:.1}–{x1:.1} mm",
                    c.name
                );
            }
        }
        assert!(seen > 0, "{}: the 自评分 column has words", c.name);
    }
}

/// The 月 and 日 blanks of the 推荐意见 date lines leave 8–9 mm to write in.
#[test]
fn the_date_blanks_leave_room_to_write() {
    let dir = tempfile::tempdir().unwrap();
    let mut draft = example(BrandType::Skill);
    draft.form1.unit_opinion.date = None;
    let c = Case {
        name: "dates".into(),
        draft,
        compact: false,
        continues: false,
    };
    let m = &pdf::page_models(&c.draft, Rubric::city(), &options(false)).unwrap()[0];
    let face = labour_brand::pdf::fonts::FontSet::bundled().unwrap();
    let body =
        labour_brand::pdf::fonts::TextFace::new(face.face(labour_brand::pdf::fonts::Face::Body));
    let lines: Vec<_> = m
        .texts
        .iter()
        .filter(|t| t.text.starts_with("（盖章）"))
        .collect();
    assert_eq!(lines.len(), 2);
    for t in lines {
        let gap = |a: &str, b: &str| {
            let i = t.text.find(a).unwrap() + a.len();
            let j = t.text.find(b).unwrap();
            body.width(&t.text[i..j], t.size) as f64 * MM_PER_PT
        };
        for (a, b) in [("年", "月"), ("月", "日")] {
            let g = gap(a, b);
            assert!((8.0..=9.5).contains(&g), "{a}…{b}: {g:.1} mm");
        }
    }
    let _ = export(dir.path(), &c);
}

#[test]
fn the_file_claims_no_pdf_x_conformance_and_stays_valid() {
    let dir = tempfile::tempdir().unwrap();
    let c = Case {
        name: "skill".into(),
        draft: example(BrandType::Skill),
        compact: false,
        continues: false,
    };
    let pdf = export(dir.path(), &c);
    let info = tool("pdfinfo", &[pdf.to_str().unwrap()]);
    assert!(!info.contains("PDF/X"), "{info}");
    assert!(!info.contains("PDF subtype"), "{info}");
    tool("qpdf", &["--check", pdf.to_str().unwrap()]);
}

/// `validate` (and so the window's findings) says beforehand what the export does with a long
/// text, from the same plan the export draws: the size it prints at, or the 附页.
#[test]
fn validate_says_what_the_export_will_do() {
    let rubric = Rubric::city();
    for c in cases() {
        let findings = labour_brand::validate::validate(rubric, &c.draft);
        let print = pdf::PrintPlan::new(&c.draft, rubric, &options(c.compact)).unwrap();
        let plan = print.form1.as_ref().unwrap();
        let models = pdf::page_models(&c.draft, rubric, &options(c.compact)).unwrap();
        for p in &plan.cells {
            let note = findings.iter().find(|f| {
                f.field == p.cell.key()
                    && matches!(
                        f.code,
                        FindingCode::PrintSmaller | FindingCode::PrintContinues
                    )
            });
            let size = format!("{} 磅", p.size).replace(".0 磅", " 磅");
            match note {
                Some(f) => {
                    assert!(f.message.contains(&size), "{}: {}", c.name, f.message);
                    assert_eq!(f.severity, labour_brand::Severity::Info);
                    assert_eq!(
                        f.code == FindingCode::PrintContinues,
                        p.continues(),
                        "{}",
                        c.name
                    );
                    assert_eq!(f.message.contains("附页"), p.continues(), "{}", c.name);
                }
                None => assert!(
                    p.lines.is_empty() || p.size == 12.0 && !p.continues(),
                    "{}: {:?} prints at {} pt without a word",
                    c.name,
                    p.cell,
                    p.size
                ),
            }
            // The export draws the planned lines at the planned size.
            if let Some(first) = p.lines.first() {
                assert!(
                    models[0]
                        .texts
                        .iter()
                        .any(|t| &t.text == first && t.size == p.size),
                    "{}: «{first}» at {} pt",
                    c.name,
                    p.size
                );
            }
        }
        assert_eq!(plan.has_continuation(), c.continues, "{}", c.name);
    }
    // Over the 300-字 limit an opinion is an error naming it, and still prints (on the 附页).
    let mut d = example(BrandType::Skill);
    d.form1.unit_opinion.text = "同意推荐。".repeat(61);
    let findings = labour_brand::validate::validate(rubric, &d);
    assert!(findings.iter().any(|f| f.field == "form1.unit_opinion.text"
        && f.code == FindingCode::OverLimit
        && f.severity == labour_brand::Severity::Error
        && f.message.contains("305 字")
        && f.message.contains("300 字")));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.pdf");
    crate::common::write_forms(
        ExportFormat::Pdf,
        &d,
        rubric,
        &ExportOptions::default(),
        &path,
    )
    .unwrap();
}

/// A header value longer than any real name is printed as far as it fits (ending in …) and
/// `validate` says so beforehand; a real one (a 40-字 bureau name) prints whole at 9 pt or more.
#[test]
fn an_overlong_header_value_is_cut_visibly_and_said_beforehand() {
    let rubric = Rubric::city();
    let mut d = example(BrandType::Skill);
    d.form2.reporting_unit = "连云港市东海县人力资源和社会保障局就业促进与职业能力建设科".repeat(2);
    assert!(labour_brand::validate::validate(rubric, &d)
        .iter()
        .all(|f| f.field != "form2.reporting_unit"));
    let m = &pdf::page_models(&d, rubric, &ExportOptions::default()).unwrap()[1];
    let printed: String = m
        .texts
        .iter()
        .filter(|t| t.top < 75.0 && t.top > 55.0)
        .map(|t| t.text.clone())
        .collect();
    assert!(printed.contains(&d.form2.reporting_unit), "{printed}");
    d.form2.reporting_unit = "连云港市东海县人力资源和社会保障局".repeat(12);
    let notes: Vec<_> = labour_brand::validate::validate(rubric, &d)
        .into_iter()
        .filter(|f| f.field == "form2.reporting_unit")
        .collect();
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert_eq!(notes[0].code, FindingCode::PrintHeader);
    assert!(notes[0].message.contains("过长"), "{}", notes[0].message);
    let m = &pdf::page_models(&d, rubric, &ExportOptions::default()).unwrap()[1];
    assert!(m.texts.iter().any(|t| t.text.ends_with('…')));
}
