//! The Word copy (.docx) checked as a clerk would open it: converted to PDF by LibreOffice
//! (Debian's libreoffice-writer-nogui, installed by scripts/test.sh), then read with pdftotext.
//! Every official 标准/评分依据 sentence and every typed value is there, the 自评分 and 总分 are
//! those of the PDF export, the page count is the PDF's (±1), and no row is split across pages.
//! The package itself is read too: real merged cells, East-Asian font names, A4.

use labour_brand::app::ExportFormat;
use std::path::{Path, PathBuf};

use labour_brand::example::example;
use labour_brand::linebreak::{is_lone_character_line, NO_END, NUMBER_UNITS};
use labour_brand::pdf::{self, ExportOptions};
use labour_brand::rubric::Rubric;
use labour_brand::{score, BrandType, Draft};

use crate::common::{pages_of, squash, tool};

/// Writes the forms of `d` with the default options.
fn write_default(format: ExportFormat, d: &Draft, path: &Path) {
    crate::common::write_forms(format, d, Rubric::city(), &ExportOptions::default(), path).unwrap();
}

/// The drafts checked: one of every type (the service one vetoed), and a full-length summary.
fn drafts() -> Vec<(String, Draft)> {
    let mut out: Vec<(String, Draft)> = BrandType::ALL
        .into_iter()
        .map(|t| {
            let mut d = example(t);
            if t == BrandType::Service {
                d.facts
                    .insert("basic.4.product".into(), serde_json::json!(false));
            }
            (t.key().to_string(), d)
        })
        .collect();
    let mut long = example(BrandType::Livelihood);
    long.form1.summary = "从业人员规模逐年扩大，培训体系完善。".repeat(27);
    long.form1.unit_opinion.text = "经研究，同意推荐。".repeat(12);
    out.push(("long".into(), long));
    out
}

struct Converted {
    _dir: tempfile::TempDir,
    /// (name, draft, docx path, LibreOffice's PDF of it, our own PDF export)
    files: Vec<(String, Draft, PathBuf, PathBuf, PathBuf)>,
}

/// Writes every draft as .docx and as PDF, and converts all the .docx files with one
/// LibreOffice run (its own profile directory, so parallel tests never share one).
fn convert_all() -> Converted {
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    let mut docx_paths = Vec::new();
    for (name, d) in drafts() {
        let w = dir.path().join(format!("{name}.docx"));
        let p = dir.path().join(format!("{name}-ours.pdf"));
        write_default(ExportFormat::Docx, &d, &w);
        write_default(ExportFormat::Pdf, &d, &p);
        let lo = dir.path().join("lo").join(format!("{name}.pdf"));
        docx_paths.push(w.to_str().unwrap().to_string());
        files.push((name, d, w, lo, p));
    }
    libreoffice_to_pdf(dir.path(), &docx_paths);
    for (name, _, _, lo, _) in &files {
        assert!(lo.exists(), "LibreOffice made no PDF of {name}");
    }
    Converted { _dir: dir, files }
}

/// Converts .docx files to PDF with one LibreOffice run (its own profile directory under `dir`,
/// so parallel tests never share one); the folder of the PDFs.
fn libreoffice_to_pdf(dir: &Path, docx: &[String]) -> PathBuf {
    let profile = format!("-env:UserInstallation=file://{}/profile", dir.display());
    let outdir = dir.join("lo");
    let mut args = vec![
        profile.as_str(),
        "--headless",
        "--convert-to",
        "pdf",
        "--outdir",
        outdir.to_str().unwrap(),
    ];
    args.extend(docx.iter().map(String::as_str));
    // The fonts of a PC without Times New Roman, 宋体 or any font metric-compatible with them
    // (Liberation, Tinos): LibreOffice sees only the CJK and DejaVu families, as on a stock
    // Linux office PC, so that the checks hold whatever the fonts.
    let conf = dir.join("fonts.conf");
    let dirs: String = [
        "/usr/share/fonts/opentype/noto",
        "/usr/share/fonts/truetype/dejavu",
    ]
    .iter()
    .map(|d| format!("<dir>{d}</dir>"))
    .collect();
    std::fs::write(
        &conf,
        format!(
            "<?xml version=\"1.0\"?><fontconfig>{dirs}<cachedir>{}</cachedir></fontconfig>",
            dir.join("fc-cache").display()
        ),
    )
    .unwrap();
    let out = std::process::Command::new("soffice")
        .args(&args)
        .env("FONTCONFIG_FILE", &conf)
        .output()
        .expect("soffice");
    assert!(out.status.success(), "soffice: {out:?}");
    let fonts = std::process::Command::new("fc-match")
        .arg("Times New Roman")
        .env("FONTCONFIG_FILE", &conf)
        .output()
        .unwrap();
    let stand_in = String::from_utf8_lossy(&fonts.stdout);
    assert!(
        !stand_in.contains("Liberation") && !stand_in.contains("Tinos"),
        "a metric-compatible font stands in: {stand_in}"
    );
    outdir
}

fn page_texts(path: &Path) -> Vec<String> {
    (1..=pages_of(path))
        .map(|n| {
            let n = n.to_string();
            squash(&tool(
                "pdftotext",
                &["-raw", "-f", &n, "-l", &n, path.to_str().unwrap(), "-"],
            ))
        })
        .collect()
}

fn document_xml(path: &Path) -> String {
    tool(
        "unzip",
        &["-p", path.to_str().unwrap(), "word/document.xml"],
    )
}

#[test]
fn libreoffice_reads_every_sentence_value_and_score_on_rows_never_split() {
    let converted = convert_all();
    let rubric = Rubric::city();
    for (name, d, _, lo, ours) in &converted.files {
        let pages = page_texts(lo);
        let all: String = pages.concat();
        // Same pages as the PDF export, within one.
        let (n_lo, n_ours) = (pages.len(), pages_of(ours));
        assert!(
            n_lo.abs_diff(n_ours) <= 1,
            "{name}: LibreOffice {n_lo} pages, PDF export {n_ours}"
        );
        // Every official sentence, each wholly on one page, its 标准 and 评分依据 on the same
        // page (rows never split, so the 自评分 beside them is there too).
        for item in &rubric.items {
            let (std, basis) = (squash(&item.standard), squash(&item.basis));
            let page = pages.iter().position(|p| p.contains(&std));
            let page =
                page.unwrap_or_else(|| panic!("{name}: 标准 of {} missing or split", item.id));
            assert!(
                pages[page].contains(&basis),
                "{name}: 评分依据 of {} is not on the page of its 标准",
                item.id
            );
        }
        // Every typed value.
        let f = &d.form1;
        for (field, value) in [
            ("劳务品牌名称", &f.brand_name),
            ("培育建设单位", &f.unit),
            ("劳务品牌负责人", &f.leader),
            ("职务", &f.leader_title),
            ("基本情况", &f.summary),
            ("培育建设单位推荐意见", &f.unit_opinion.text),
            ("县区人社部门推荐意见", &f.county_opinion.text),
            ("填报单位", &d.form2.reporting_unit),
        ] {
            assert!(all.contains(&squash(value)), "{name}: {field} missing");
        }
        assert!(all.contains("☑"), "{name}: the chosen type is ticked");
        // The 总分 cell says what the PDF's says; a vetoed item's 自评分 reads 否决.
        let result = score(d);
        let total = if result.vetoed {
            "一票否决".to_string()
        } else {
            result.total.to_string()
        };
        assert!(
            all.contains(&format!("总分{total}")),
            "{name}: 总分 {total}"
        );
        let raw = tool("pdftotext", &["-raw", lo.to_str().unwrap(), "-"]);
        assert_eq!(
            raw.lines().any(|l| l.trim() == "否决"),
            result.vetoed,
            "{name}"
        );
        // The version code is in the footer.
        assert!(all.contains(&d.version_code()), "{name}: 校验码");
    }
}

#[test]
fn scores_in_the_word_table_are_the_pdf_scores() {
    let d = example(BrandType::Skill);
    let dir = tempfile::tempdir().unwrap();
    let w = dir.path().join("s.docx");
    write_default(ExportFormat::Docx, &d, &w);
    let xml = document_xml(&w);
    // The 自评分 column, read from the table rows in order: one score per item, as the core's.
    let result = score(&d);
    let rows: Vec<&str> = xml.split("<w:tr>").skip(1).collect();
    let mut scores = Vec::new();
    for row in &rows {
        let cells: Vec<&str> = row.split("<w:tc>").skip(1).collect();
        if cells.len() == 6 {
            let texts: String = cells[5]
                .split("<w:t xml:space=\"preserve\">")
                .skip(1)
                .map(|t| t.split("</w:t>").next().unwrap())
                .collect();
            scores.push(texts);
        }
    }
    // Header row first, then one row per rubric item: the chosen type's and the 基本条件 carry
    // the core's points, the other types' rows stay empty.
    assert_eq!(scores[0], "自评分");
    // Each page's table repeats the column header: drop the repeats.
    let scores: Vec<String> = std::iter::once(scores[0].clone())
        .chain(scores[1..].iter().filter(|s| *s != "自评分").cloned())
        .collect();
    let expected: Vec<String> = Rubric::city()
        .items
        .iter()
        .map(|item| match result.items.iter().find(|r| r.id == item.id) {
            None => String::new(),
            Some(i) => match i.state {
                labour_brand::ItemState::Scored => i.points.to_string(),
                labour_brand::ItemState::Vetoed => "否决".into(),
                labour_brand::ItemState::Incomplete => String::new(),
            },
        })
        .collect();
    assert!(expected.iter().filter(|s| !s.is_empty()).count() >= 16);
    assert_eq!(&scores[1..], &expected[..]);
}

#[test]
fn the_package_has_real_merged_cells_east_asian_fonts_and_a4() {
    let d = example(BrandType::Culture);
    let dir = tempfile::tempdir().unwrap();
    let w = dir.path().join("c.docx");
    write_default(ExportFormat::Docx, &d, &w);
    let xml = document_xml(&w);
    // 类别 (2 runs) and 项目 spans merged vertically, not drawn.
    assert!(xml.matches("<w:vMerge w:val=\"restart\" />").count() >= 2 + 6 + 4);
    assert!(xml.contains("<w:vMerge w:val=\"continue\" />"));
    // 分值 "--" once per 项目 of the 基本条件 (6 spans), as the official table.
    assert_eq!(
        xml.matches(">--</w:t>").count(),
        6,
        "分值 -- merged per 项目"
    );
    // Each 推荐意见 row keeps with its （盖章） 年 月 日 row, whatever fonts reflow the text.
    for label in ["培育建设单位</w:t><w:br", "县区人社部门</w:t><w:br"] {
        let row_start = xml[..xml.find(label).unwrap()].rfind("<w:tr>").unwrap();
        let row_end = row_start + xml[row_start..].find("</w:tr>").unwrap();
        let row = &xml[row_start..row_end];
        assert_eq!(
            row.matches("<w:keepNext />").count(),
            row.matches("<w:p>").count() + row.matches("<w:p ").count(),
            "{label}: every paragraph keeps with the date row"
        );
    }
    // True metadata: made by this program, now.
    let core = tool("unzip", &["-p", w.to_str().unwrap(), "docProps/core.xml"]);
    assert!(
        core.contains("<dc:creator>劳务品牌申报助手</dc:creator>"),
        "{core}"
    );
    assert!(
        !core.contains("1970-01-01") && !core.contains("unknown"),
        "{core}"
    );
    assert!(
        core.contains("<dc:title>连云港市市级劳务品牌推荐表与评分表"),
        "{core}"
    );
    // 总分 spans two columns; 附件1 values span three.
    assert!(xml.contains("<w:gridSpan w:val=\"2\" />"));
    assert!(xml.contains("<w:gridSpan w:val=\"3\" />"));
    // Fonts named for Chinese office software, Latin beside them.
    assert!(xml.contains("w:eastAsia=\"宋体\""));
    assert!(xml.contains("w:eastAsia=\"黑体\""));
    // A4 portrait.
    assert!(xml.contains("<w:pgSz w:w=\"11906\" w:h=\"16838\""), "A4");
    // Every row keeps together; the column header repeats on every page.
    assert_eq!(
        xml.matches("<w:tr>").count(),
        xml.matches("<w:cantSplit />").count()
    );
    let headers = xml.matches(">评分依据</w:t>").count();
    assert!(headers >= 1);
    assert_eq!(xml.matches("<w:tblHeader />").count(), headers);
    // The two forms on separate pages: 附件1 is a section of its own (a section starts a page)
    // and 附件2's heading is the first paragraph after it.
    let heading = xml.find(">附件2</w:t>").unwrap();
    let section_end = xml[..heading].rfind("</w:sectPr>").unwrap();
    assert_eq!(xml[section_end..heading].matches("<w:p ").count(), 1);
}

/// The OOXML validator the suite installs (scripts/test.sh: openxml-audit from PyPI, pure
/// Python, in a virtual environment whose bin/ it puts on PATH as OPENXML_AUDIT).
pub fn audit(path: &Path) -> Vec<(String, String, String)> {
    let exe = std::env::var("OPENXML_AUDIT").unwrap_or_else(|_| "openxml-audit".into());
    let out = std::process::Command::new(&exe)
        .args(["-m", "0", "-o", "json"])
        .arg(path)
        .output()
        .unwrap_or_else(|e| panic!("{exe} (scripts/test.sh installs it): {e}"));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{exe}: {e}: {}", String::from_utf8_lossy(&out.stderr)));
    report[0]["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let s = |k: &str| e[k].as_str().unwrap_or("").to_string();
            (s("type"), s("description"), s("path"))
        })
        .collect()
}

/// Every part in schema order: the validator finds no schema error in any Word copy of the
/// matrix, and it does find one in a copy with two elements swapped back (so it really looks).
#[test]
fn the_package_is_valid_against_the_schema() {
    let dir = tempfile::tempdir().unwrap();
    for c in crate::common::matrix::cases().into_iter().step_by(3) {
        let w = dir.path().join(format!("{}.docx", c.name));
        let options = ExportOptions {
            compact: c.compact,
            ..ExportOptions::default()
        };
        crate::common::write_forms(ExportFormat::Docx, &c.draft, Rubric::city(), &options, &w)
            .unwrap();
        let schema: Vec<_> = audit(&w).into_iter().filter(|e| e.0 == "schema").collect();
        assert!(schema.is_empty(), "{}: {schema:#?}", c.name);
    }
    // The same package with one paragraph's 对齐 put back before its spacing.
    let w = dir.path().join("skill-full.docx");
    let xml = document_xml(&w);
    let at = xml.find("<w:spacing").unwrap();
    let end = at + xml[at..].find("/>").unwrap() + 2;
    let jc_at = end + xml[end..].find("<w:jc ").unwrap();
    let jc_end = jc_at + xml[jc_at..].find("/>").unwrap() + 2;
    assert!(!xml[end..jc_at].contains("</w:pPr>"), "one paragraph");
    let swapped = format!(
        "{}{}{}{}{}",
        &xml[..at],
        &xml[jc_at..jc_end],
        &xml[end..jc_at],
        &xml[at..end],
        &xml[jc_end..]
    );
    let bad_dir = dir.path().join("bad");
    std::fs::create_dir_all(bad_dir.join("word")).unwrap();
    std::fs::write(bad_dir.join("word/document.xml"), swapped).unwrap();
    let bad = dir.path().join("bad.docx");
    std::fs::copy(&w, &bad).unwrap();
    std::process::Command::new("zip")
        .current_dir(&bad_dir)
        .args(["-q", bad.to_str().unwrap(), "word/document.xml"])
        .status()
        .unwrap();
    let found = audit(&bad);
    assert!(
        found
            .iter()
            .any(|e| e.0 == "schema" && e.2.ends_with("pPr[1]")),
        "the validator misses a reordered element: {found:#?}"
    );
}

/// The Word copy of every draft of the print matrix, converted by LibreOffice, measured as the
/// PDF is: A4, ink 8 mm from the edges, 附件1 on one page (or continued on the 附页 exactly when
/// the PDF continues), every 附件2 page with its 类别, no text under 9 pt but the footer, a clear
/// square of 42 mm or more in each 推荐意见 cell, the PDF's page count.
#[test]
fn the_word_copy_prints_like_the_pdf() {
    use crate::common::matrix::{cases, load, render};
    let dir = tempfile::tempdir().unwrap();
    let cases = cases();
    let mut paths = Vec::new();
    for c in &cases {
        let w = dir.path().join(format!("{}.docx", c.name));
        let options = ExportOptions {
            compact: c.compact,
            ..ExportOptions::default()
        };
        crate::common::write_forms(ExportFormat::Docx, &c.draft, Rubric::city(), &options, &w)
            .unwrap();
        paths.push(w.to_str().unwrap().to_string());
    }
    let outdir = libreoffice_to_pdf(dir.path(), &paths);
    let mut report = Vec::new();
    let mut split_units: Vec<String> = Vec::new();
    for c in &cases {
        let lo = outdir.join(format!("{}.pdf", c.name));
        let ours = pdf::render(
            &c.draft,
            Rubric::city(),
            &ExportOptions {
                compact: c.compact,
                ..ExportOptions::default()
            },
        )
        .unwrap()
        .1
        .pages;
        let texts = page_texts(&lo);
        assert_eq!(texts.len(), ours, "{}: pages (Word vs PDF)", c.name);
        assert_eq!(
            texts[1].contains("附件1（续）"),
            c.continues,
            "{}: page 2 is the 附页 exactly when the PDF continues",
            c.name
        );
        if !c.continues {
            assert!(texts[1].contains("附件2"), "{}: 附件1 on one page", c.name);
        }
        // The PDF's line-breaking rules in Word's lines: no line ends with an opening mark and
        // no line of 附件1 holds a lone character ("业。"). A number split from its unit is
        // counted, not refused: LibreOffice ignores the word joiner between a number and a
        // Chinese unit in some lines (docs/printing.md).
        let raw = tool("pdftotext", &["-raw", lo.to_str().unwrap(), "-"]);
        for (page, text) in raw.split('\u{c}').enumerate() {
            let lines: Vec<String> = text.lines().map(squash).filter(|l| !l.is_empty()).collect();
            for pair in lines.windows(2) {
                if pair[0].ends_with(|c: char| c.is_ascii_digit())
                    && NUMBER_UNITS.iter().any(|u| pair[1].starts_with(u))
                {
                    split_units.push(format!("{} page {}: {pair:?}", c.name, page + 1));
                }
            }
            for l in &lines {
                assert!(
                    !l.ends_with(|ch: char| NO_END.contains(ch)),
                    "{} page {}: a line ends with an opening mark: {l}",
                    c.name,
                    page + 1
                );
                if page == 0 {
                    assert!(
                        !is_lone_character_line(l),
                        "{} 附件1: a line of one character: {l}",
                        c.name
                    );
                }
            }
        }
        // Every page of 附件2 shows its 类别 under the column header, as the PDF's do.
        for (i, t) in texts
            .iter()
            .enumerate()
            .filter(|(_, t)| t.contains("评分依据"))
        {
            let after = &t[t.find("自评分").unwrap() + "自评分".len()..];
            assert!(
                after.starts_with("基本条件") || after.starts_with("分类条件"),
                "{} page {}: no 类别 label at the top: {}",
                c.name,
                i + 1,
                after.chars().take(20).collect::<String>()
            );
        }
        let info = tool("pdfinfo", &["-f", "1", "-l", "99", lo.to_str().unwrap()]);
        assert!(
            info.lines()
                .filter(|l| l.starts_with("Page") && l.contains("size:"))
                .all(|l| l.contains("595.")),
            "{}: A4",
            c.name
        );
        let pages = render(&lo, dir.path(), &c.name);
        for (i, p) in pages.iter().enumerate() {
            let m = load(p).ink_margins().unwrap();
            assert!(
                m.iter().all(|v| *v >= 8.0),
                "{} page {}: ink margins {m:.1?} mm",
                c.name,
                i + 1
            );
        }
        // MuPDF reads no text under 9 pt above the footer.
        let sizes = crate::common::text_sizes(&lo);
        let body: Vec<f64> = sizes.iter().filter(|s| s.0 < 284.5).map(|s| s.1).collect();
        assert!(!body.is_empty(), "{}: sizes read", c.name);
        assert!(
            body.iter().all(|&s| s >= 9.0 - 1e-3),
            "{}: Word text under 9 pt: {body:?}",
            c.name
        );
        // Above each （盖章） of 附件1: the largest clear square inside its cell.
        let page1 = load(&pages[0]);
        let stamps = crate::common::word_boxes(&lo, 1)
            .into_iter()
            .filter(|w| w.0.contains("盖章"))
            .collect::<Vec<_>>();
        assert_eq!(stamps.len(), 2, "{}: two 盖章 lines", c.name);
        // The date ends left of the stamp cell, beside its lower part.
        for (_, _, y0, _, y1) in stamps {
            let top = cell_top(&page1, y0 - 1.0);
            let side = page1.largest_clear_square(51.0, top + 0.5, 189.0, y1 + 1.0);
            report.push(format!("{} Word seal square {side:.1} mm", c.name));
            assert!(side >= 42.0, "{}: seal square {side:.1} mm", c.name);
        }
        for p in pages {
            std::fs::remove_file(p).unwrap();
        }
    }
    eprintln!("{}", report.join("\n"));
    eprintln!(
        "numbers split from their units by LibreOffice: {}\n{}",
        split_units.len(),
        split_units.join("\n")
    );
}

/// The top rule of the cell above `y` mm on a page: the nearest row of pixels, going up, that is
/// dark across most of the value column.
fn cell_top(page: &crate::common::matrix::Page, y: f64) -> f64 {
    let (x0, x1) = (
        crate::common::matrix::Page::px(52.0),
        crate::common::matrix::Page::px(188.0),
    );
    let mut row = crate::common::matrix::Page::px(y);
    while row > 0 {
        let dark = (x0..x1).filter(|&x| page.ink(x, row)).count();
        if dark * 10 > (x1 - x0) * 8 {
            return row as f64 * 25.4 / crate::common::matrix::DPI;
        }
        row -= 1;
    }
    0.0
}
