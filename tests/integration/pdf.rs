//! The PDF export checked with independent tools, as a clerk's viewer would see it:
//! pdftotext (all official wording and the draft's values), pdffonts (embedded, subset,
//! Unicode-mapped), qpdf --check, page count and size; two renderers (poppler and MuPDF) agree
//! with each other and with committed reference images; edge drafts.
//!
//! The tools come from Debian's poppler-utils, qpdf and mupdf-tools (installed by
//! scripts/test.sh). A missing tool fails the test: these checks are never skipped.

use labour_brand::app::{AppError, ExportFormat};
use std::path::{Path, PathBuf};
use std::process::Command;

use labour_brand::example::example;
use labour_brand::pdf::fonts::Fallback;
use labour_brand::pdf::{self, ExportOptions, Forms, PdfError};
use labour_brand::rubric::Rubric;
use labour_brand::{BrandType, Draft};

use crate::common::{pages_of, squash, tool};

fn export(draft: &Draft, options: ExportOptions) -> (tempfile::TempDir, PathBuf, pdf::ExportInfo) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.pdf");
    let info =
        crate::common::write_forms(ExportFormat::Pdf, draft, Rubric::city(), &options, &path)
            .unwrap();
    (dir, path, info)
}

fn form1_only() -> ExportOptions {
    ExportOptions {
        forms: Forms::Form1,
        ..Default::default()
    }
}

fn text_of(path: &Path) -> String {
    squash(&tool("pdftotext", &["-raw", path.to_str().unwrap(), "-"]))
}

/// The rows of `pdffonts`, each checked: embedded, subset (with its prefix), Unicode-mapped.
fn embedded_fonts(path: &Path) -> Vec<String> {
    let fonts = tool("pdffonts", &[path.to_str().unwrap()]);
    let rows: Vec<String> = fonts.lines().skip(2).map(str::to_string).collect();
    for row in &rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        let n = cols.len();
        assert_eq!(
            &cols[n - 5..n - 2],
            &["yes", "yes", "yes"],
            "emb sub uni: {row}"
        );
        assert!(cols[0].contains('+'), "subset prefix: {row}");
    }
    rows
}

#[test]
fn text_holds_all_official_wording_labels_and_values() {
    let draft = example(BrandType::Culture);
    let (_d, path, info) = export(&draft, ExportOptions::default());
    let text = text_of(&path);
    for item in &Rubric::city().items {
        assert!(
            text.contains(&squash(&item.standard)),
            "标准 of {} missing",
            item.id
        );
        assert!(
            text.contains(&squash(&item.basis)),
            "评分依据 of {} missing",
            item.id
        );
    }
    for label in pdf::FORM1_LABELS.iter().chain(pdf::FORM2_HEADERS.iter()) {
        assert!(text.contains(label), "label {label} missing");
    }
    for t in BrandType::ALL {
        assert!(text.contains(t.name_zh()));
    }
    for title in [
        "附件1",
        "连云港市市级劳务品牌推荐表",
        "附件2",
        "连云港市市级劳务品牌评分表",
        "填报单位：（各县区人社局盖章）",
        "总分",
    ] {
        assert!(text.contains(title), "{title} missing");
    }
    let f = &draft.form1;
    for value in [
        &f.brand_name,
        &f.unit,
        &f.leader,
        &f.leader_title,
        &f.summary,
        &f.unit_opinion.text,
    ] {
        assert!(text.contains(&squash(value)), "value {value} missing");
    }
    // The example leaves both dates blank: the lines print its 申报年度 (this year).
    let year = labour_brand::draft::current_year();
    assert_eq!(
        text.matches(&format!("（盖章）{year}年月日")).count(),
        2,
        "{text}"
    );
    assert!(!text.contains("lyg-city"), "no edition id in the footer");
    assert!(
        text.contains(&format!("校验码{}", info.code)),
        "the version code is printed"
    );
    assert!(info.code.len() == 9 && info.code.as_bytes()[4] == b'-');
    assert!(text.contains("第1页共3页") && text.contains("第3页共3页"));
    // The self-score column: the culture items and the total.
    let score = labour_brand::score(&draft);
    assert!(
        text.contains(&format!("总分{}", score.total)),
        "total missing"
    );
    assert_eq!(info.pages, 4);
    assert_eq!(pages_of(&path), 4);
}

#[test]
fn fonts_are_embedded_subset_and_mapped_and_the_file_is_sound() {
    let (_d, path, info) = export(&example(BrandType::Skill), ExportOptions::default());
    let rows = embedded_fonts(&path);
    assert_eq!(rows.len(), 3, "{rows:?}");
    let check = Command::new("qpdf")
        .args(["--check", path.to_str().unwrap()])
        .output()
        .expect("qpdf is needed");
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );
    assert!(
        info.bytes <= 300 * 1024,
        "a full export is {} bytes",
        info.bytes
    );
    let meta = tool("pdfinfo", &[path.to_str().unwrap()]);
    assert!(
        meta.contains("Title:           连云港市市级劳务品牌推荐表与评分表"),
        "{meta}"
    );
    assert!(meta.contains("Producer:        劳务品牌申报助手"), "{meta}");
    assert!(!meta.contains("1970"), "creation date must be real: {meta}");
    assert!(meta.contains("A4"));
}

#[test]
fn form_selection_and_compact_variant() {
    let draft = example(BrandType::Service);
    let (_d, p1, _) = export(&draft, form1_only());
    assert_eq!(pages_of(&p1), 1);
    let (_d2, p2, _) = export(
        &draft,
        ExportOptions {
            forms: Forms::Form2,
            compact: true,
            fingerprint: false,
            ..Default::default()
        },
    );
    let text = text_of(&p2);
    assert!(
        text.contains("开发专门职业培训项目"),
        "chosen category printed"
    );
    assert!(
        !text.contains("从业人员不少于3000人"),
        "other categories left out in compact"
    );
    assert!(!text.contains("校验码"), "version code switched off");
    let (_d3, p3, _) = export(&draft, ExportOptions::default());
    assert!(pages_of(&p3) > pages_of(&p2) + 1);
}

#[test]
fn an_empty_draft_prints_an_empty_form() {
    let (_d, path, info) = export(
        &Draft::default(),
        ExportOptions {
            forms: Forms::All,
            compact: false,
            fingerprint: false,
            ..Default::default()
        },
    );
    let raw = tool("pdftotext", &["-raw", path.to_str().unwrap(), "-"]);
    for bad in ["null", "None", "undefined", "NaN"] {
        assert!(!raw.contains(bad), "{bad} printed");
    }
    let form1: String = raw.split("附件2").next().unwrap().into();
    assert!(
        !form1.split_whitespace().any(|w| w == "0"),
        "a lone 0 in 附件1: {form1}"
    );
    assert!(squash(&form1).contains(&squash(pdf::SUMMARY_HINT)));
    // A draft without a 申报年度 (made before the field) prints the current year.
    let year = labour_brand::draft::current_year();
    assert!(squash(&form1).contains(&format!("（盖章）{year}年月日")));
    assert_eq!(info.pages, 4);
    // No self-score at all: the 自评分 column of an empty draft is blank.
    let form2 = raw.split("附件2").nth(1).unwrap();
    assert!(
        !form2
            .lines()
            .any(|l| l.trim() == "否决" || l.trim().parse::<u32>().is_ok()),
        "{form2}"
    );
}

#[test]
fn a_full_500_character_summary_of_wide_characters_is_never_cut() {
    let mut d = example(BrandType::Livelihood);
    d.form1.summary = "龘".repeat(250) + &"Ｗ".repeat(250);
    let (_d, path, _) = export(&d, form1_only());
    let text = text_of(&path);
    assert_eq!(text.matches('龘').count(), 250);
    assert_eq!(text.matches('Ｗ').count(), 250);
}

#[test]
fn long_names_and_rare_characters_print_or_fail_clearly() {
    let mut d = example(BrandType::Skill);
    d.form1.unit = "连云港市赣榆区海头镇海洋经济开发区现代渔业与海洋食品加工产业发展服务中心有限责任公司（筹）".into();
    d.form1.leader = "王喆".into();
    d.form1.leader_title = "堃字号工作室主任".into();
    d.form2.reporting_unit = "连云港市赣榆区人力资源和社会保障局就业促进与职业能力建设科".into();
    let (_d, path, _) = export(&d, ExportOptions::default());
    let text = text_of(&path);
    for v in [
        &d.form1.unit,
        &d.form1.leader,
        &d.form1.leader_title,
        &d.form2.reporting_unit,
    ] {
        assert!(text.contains(&squash(v)), "{v} missing");
    }
    // 𠮷 (U+20BB7) is outside GBK and outside the bundled font: with only the bundled fonts,
    // a clear error naming it and the field, and no file.
    d.form1.leader = "𠮷田".into();
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("x.pdf");
    let bundled_only = ExportOptions {
        fallback: Fallback::Off,
        ..Default::default()
    };
    let err = crate::common::write_forms(
        ExportFormat::Pdf,
        &d,
        Rubric::city(),
        &bundled_only,
        &target,
    )
    .unwrap_err();
    assert!(
        matches!(err, AppError::Pdf(PdfError::MissingChar { ch: '𠮷', .. })),
        "{err}"
    );
    let msg = err.to_string();
    assert!(
        msg.contains("「劳务品牌负责人」") && msg.contains("𠮷") && msg.contains("U+20BB7"),
        "{msg}"
    );
    assert!(!target.exists(), "nothing written");
    // A font file without it: the same error.
    let no_font = ExportOptions {
        fallback: Fallback::File("/nonexistent/font.ttc".into(), 0),
        ..Default::default()
    };
    assert!(matches!(
        crate::common::write_forms(ExportFormat::Pdf, &d, Rubric::city(), &no_font, &target),
        Err(AppError::Pdf(PdfError::MissingChar { .. }))
    ));
}

/// Noto Serif CJK SC (Debian's fonts-noto-cjk, installed by scripts/test.sh) has 𠮷.
const NOTO_CJK: &str = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc";

#[test]
fn a_rare_character_is_drawn_from_a_fallback_font() {
    assert!(
        Path::new(NOTO_CJK).exists(),
        "{NOTO_CJK} is needed (fonts-noto-cjk)"
    );
    let mut d = example(BrandType::Culture);
    d.form1.leader = "𠮷田喆".into();
    let options = ExportOptions {
        fallback: Fallback::File(NOTO_CJK.into(), 2),
        ..Default::default()
    };
    let (_d, path, info) = export(&d, options);
    assert!(
        text_of(&path).contains("𠮷田喆"),
        "the rare character round-trips"
    );
    let rows = embedded_fonts(&path);
    assert_eq!(
        rows.len(),
        4,
        "the fallback is embedded as a fourth font: {rows:?}"
    );
    assert!(rows.iter().any(|r| r.contains("NotoSerifCJK")), "{rows:?}");
    assert!(
        info.bytes <= 300 * 1024,
        "still small: {} bytes",
        info.bytes
    );
    // Drafts that do not need it do not embed it.
    let (_d2, plain, _) = export(
        &example(BrandType::Culture),
        ExportOptions {
            fallback: Fallback::File(NOTO_CJK.into(), 2),
            ..Default::default()
        },
    );
    assert_eq!(embedded_fonts(&plain).len(), 3);
}

#[test]
fn every_type_and_a_vetoed_draft_export() {
    for t in BrandType::ALL {
        let mut d = example(t);
        if t == BrandType::Service {
            d.facts
                .insert("basic.4.product".into(), serde_json::json!(false));
        }
        let (_d, path, info) = export(&d, ExportOptions::default());
        assert_eq!(info.pages, 4, "{t:?}");
        let raw = tool("pdftotext", &["-raw", path.to_str().unwrap(), "-"]);
        assert!(squash(&raw).contains(&squash(&d.form1.brand_name)));
        // The 自评分 cell of a vetoed item reads 否决.
        assert_eq!(
            raw.lines().any(|l| l.trim() == "否决"),
            t == BrandType::Service,
            "{t:?}"
        );
        // A vetoed draft's 总分 cell says 一票否决, never a number (on two lines inside the
        // cell: 一票 / 否决).
        let lines: Vec<&str> = raw.lines().collect();
        let at = lines
            .iter()
            .position(|l| squash(l).starts_with("总分"))
            .unwrap_or(0);
        let total_line = lines[at..(at + 3).min(lines.len())].concat();
        let total_line = total_line.as_str();
        assert_eq!(
            squash(total_line).contains("一票否决"),
            t == BrandType::Service,
            "{t:?}: {total_line}"
        );
    }
}

#[test]
fn an_unwritable_path_is_a_clear_error() {
    let err = crate::common::write_forms(
        ExportFormat::Pdf,
        &example(BrandType::Skill),
        Rubric::city(),
        &ExportOptions::default(),
        Path::new("/nonexistent-dir/x.pdf"),
    )
    .unwrap_err();
    assert_eq!(err.code(), "output_io");
    let msg = err.to_string();
    assert!(
        msg.contains("无法写入") && msg.contains("/nonexistent-dir/x.pdf"),
        "{msg}"
    );
}

#[test]
fn cli_export_writes_the_pdf() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().join("d.json");
    let out = Command::new(env!("CARGO_BIN_EXE_labour-brand"))
        .args(["example", "culture"])
        .output()
        .unwrap();
    std::fs::write(&d, out.stdout).unwrap();
    let pdf_path = dir.path().join("d.pdf");
    let out = Command::new(env!("CARGO_BIN_EXE_labour-brand"))
        .args([
            "export",
            d.to_str().unwrap(),
            "-o",
            pdf_path.to_str().unwrap(),
            "--form",
            "2",
            "--compact",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(pages_of(&pdf_path), 2);
}

// ── Rendering ──────────────────────────────────────────────────────────────────────────

const DPI: &str = "72";

/// A grey page: width, height, one byte a pixel.
struct Grey(usize, usize, Vec<u8>);

fn read_pgm(path: &Path) -> Grey {
    let (w, h, px) = crate::common::read_pgm(path);
    Grey(w, h, px)
}

fn read_png(path: &Path) -> Grey {
    let decoder = png::Decoder::new(std::fs::File::open(path).unwrap());
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size()];
    let frame = reader.next_frame(&mut buf).unwrap();
    assert_eq!(frame.color_type, png::ColorType::Grayscale);
    Grey(
        frame.width as usize,
        frame.height as usize,
        buf[..frame.buffer_size()].to_vec(),
    )
}

fn write_png(path: &Path, img: &Grey) {
    let mut enc = png::Encoder::new(
        std::fs::File::create(path).unwrap(),
        img.0 as u32,
        img.1 as u32,
    );
    enc.set_color(png::ColorType::Grayscale);
    enc.set_depth(png::BitDepth::Eight);
    enc.write_header()
        .unwrap()
        .write_image_data(&img.2)
        .unwrap();
}

/// Side of the blocks compared (pixels at 72 dpi: about 2 mm), so that the renderers'
/// different anti-aliasing of hairlines and small text averages out while a moved cell, line or
/// paragraph does not. Measured: poppler vs MuPDF, correlation 0.95–0.99 and mean difference
/// 1–3; the same page shifted by 1.4 mm, correlation about 0.6 and mean difference 7–9.
const BLOCK: usize = 6;

fn blocks(g: &Grey, w: usize, h: usize) -> Vec<f64> {
    let mut out = Vec::with_capacity((w / BLOCK) * (h / BLOCK));
    for by in 0..h / BLOCK {
        for bx in 0..w / BLOCK {
            let mut s = 0u64;
            for y in by * BLOCK..(by + 1) * BLOCK {
                for x in bx * BLOCK..(bx + 1) * BLOCK {
                    s += u64::from(g.2[y * g.0 + x]);
                }
            }
            out.push(s as f64 / (BLOCK * BLOCK) as f64);
        }
    }
    out
}

/// (mean absolute difference 0–255, correlation) of the block averages over the common area.
fn compare(a: &Grey, b: &Grey) -> (f64, f64) {
    assert!(
        a.0.abs_diff(b.0) <= 1 && a.1.abs_diff(b.1) <= 1,
        "sizes {}x{} vs {}x{}",
        a.0,
        a.1,
        b.0,
        b.1
    );
    let (w, h) = (a.0.min(b.0), a.1.min(b.1));
    let (x, y) = (blocks(a, w, h), blocks(b, w, h));
    let n = x.len() as f64;
    let mad = x.iter().zip(&y).map(|(p, q)| (p - q).abs()).sum::<f64>() / n;
    let (mx, my) = (x.iter().sum::<f64>() / n, y.iter().sum::<f64>() / n);
    let sxy: f64 = x.iter().zip(&y).map(|(p, q)| (p - mx) * (q - my)).sum();
    let sx = x.iter().map(|p| (p - mx).powi(2)).sum::<f64>().sqrt();
    let sy = y.iter().map(|q| (q - my).powi(2)).sum::<f64>().sqrt();
    (mad, sxy / (sx * sy))
}

fn render_both(path: &Path, dir: &Path) -> Vec<(Grey, Grey)> {
    let pages = pages_of(path);
    tool(
        "pdftoppm",
        &[
            "-r",
            DPI,
            "-gray",
            path.to_str().unwrap(),
            dir.join("poppler").to_str().unwrap(),
        ],
    );
    tool(
        "mutool",
        &[
            "draw",
            "-q",
            "-r",
            DPI,
            "-c",
            "gray",
            "-o",
            dir.join("mupdf-%d.pgm").to_str().unwrap(),
            path.to_str().unwrap(),
        ],
    );
    (1..=pages)
        .map(|n| {
            (
                read_pgm(&dir.join(format!("poppler-{n}.pgm"))),
                read_pgm(&dir.join(format!("mupdf-{n}.pgm"))),
            )
        })
        .collect()
}

#[test]
fn two_renderers_agree_and_match_the_reference_images() {
    let mut draft = example(BrandType::Culture);
    // Fixed dates: the references must not change with the calendar.
    draft.form1.year = Some(2026);
    draft.form1.unit_opinion.date = chrono::NaiveDate::from_ymd_opt(2026, 5, 20);
    let (dir, path, _) = export(
        &draft,
        ExportOptions {
            fingerprint: false,
            ..Default::default()
        },
    );
    let refs = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/reference");
    let update = std::env::var_os("UPDATE_REFERENCES").is_some();
    for (n, (poppler, mupdf)) in render_both(&path, dir.path()).into_iter().enumerate() {
        let (d, c) = compare(&poppler, &mupdf);
        eprintln!(
            "page {}: poppler vs MuPDF: difference {d:.2}, correlation {c:.3}",
            n + 1
        );
        assert!(
            d < 4.5 && c > 0.9,
            "page {}: poppler and MuPDF disagree (difference {d:.2}, correlation {c:.3})",
            n + 1
        );
        let reference = refs.join(format!("culture-page{}.png", n + 1));
        if update {
            std::fs::create_dir_all(&refs).unwrap();
            write_png(&reference, &poppler);
            continue;
        }
        let r = read_png(&reference);
        let (d, c) = compare(&poppler, &r);
        eprintln!(
            "page {}: vs reference: difference {d:.2}, correlation {c:.3}",
            n + 1
        );
        assert!(
            d < 1.5 && c > 0.98,
            "page {} differs from {} (difference {d:.2}, correlation {c:.3}): a layout regression? \
             If the change is intended, look at the pages and re-create the references with \
             UPDATE_REFERENCES=1 cargo test --test integration pdf::two_renderers",
            n + 1,
            reference.display()
        );
    }
}

#[test]
fn the_stamp_squares_stay_empty_even_with_long_opinions() {
    let mut d = example(BrandType::Skill);
    d.form1.unit_opinion.text = "经集体研究，同意推荐。".repeat(14);
    d.form1.county_opinion.text = "情况属实，同意推荐。".repeat(14);
    let (_d, path, _) = export(&d, form1_only());
    let words = crate::common::word_boxes(&path, 1);
    assert!(
        words.iter().any(|w| w.0.contains("经集体研究")),
        "the opinion text is printed"
    );
    for (x, y, side) in pdf::stamp_zones(&d, Rubric::city()).unwrap() {
        let (x, y, side) = (x as f64, y as f64, side as f64);
        assert!(side >= 45.0, "a round stamp needs at least 45 mm");
        for (text, x0, y0, x1, y1) in &words {
            let overlaps = *x0 < x + side && *x1 > x && *y0 < y + side && *y1 > y;
            assert!(!overlaps, "«{text}» at ({x0:.1},{y0:.1})–({x1:.1},{y1:.1}) mm lies in the stamp square at ({x:.1},{y:.1})");
        }
        // The 盖章 line ends at each square's left, beside its lower part.
        assert!(words.iter().any(|w| w.0.contains("（盖章）")
            && w.2 >= y + side - 12.0
            && w.4 <= y + side + 2.0
            && w.3 <= x));
    }
}

/// The 申报年度 is the draft's: a 2026 round prints 2026 on both blank date lines, a typed date
/// prints as typed, and the rubric edition (2024) prints nowhere as a year.
#[test]
fn blank_dates_print_the_drafts_year_and_typed_dates_print_as_typed() {
    for year in [2025, 2026, 2031] {
        let mut d = labour_brand::example::example(BrandType::Service);
        d.form1.year = Some(year);
        d.form1.county_opinion.date = chrono::NaiveDate::from_ymd_opt(year, 3, 9);
        let (_d, path, _) = export(&d, ExportOptions::default());
        let text = squash(&tool("pdftotext", &["-raw", path.to_str().unwrap(), "-"]));
        assert_eq!(
            text.matches(&format!("（盖章）{year}年月日")).count(),
            1,
            "{year}: {text}"
        );
        assert!(text.contains(&format!("（盖章）{year}年3月9日")), "{year}");
        assert!(
            !text.contains("2024年"),
            "{year}: the edition's year printed"
        );
    }
}

/// The 附页: its title says what it continues, the brand's whole name (39 字, never cut), a
/// note for the 骑缝章 and its own page numbers.
#[test]
fn the_continuation_page_names_the_whole_brand_what_it_continues_and_asks_for_a_seal() {
    let mut d = example(BrandType::Skill);
    d.form1.brand_name =
        "连云港市海州区新坝镇现代农业特色种植与农产品加工专业技术技能工匠人才".into();
    while labour_brand::text::char_count(&d.form1.brand_name) < 39 {
        d.form1.brand_name.push('工');
    }
    d.form1.summary =
        "　　本品牌依托地方特色产业发展，长期开展职业技能培训和劳务输出服务。\n".repeat(30);
    let (_dir, path, info) = export(&d, ExportOptions::default());
    let text = squash(&tool("pdftotext", &["-raw", path.to_str().unwrap(), "-"]));
    let pages: Vec<String> = (1..=info.pages)
        .map(|n| {
            squash(&tool(
                "pdftotext",
                &[
                    "-f",
                    &n.to_string(),
                    "-l",
                    &n.to_string(),
                    "-raw",
                    path.to_str().unwrap(),
                    "-",
                ],
            ))
        })
        .collect();
    let extra: Vec<&String> = pages.iter().filter(|t| t.contains("附件1（续）")).collect();
    assert!(!extra.is_empty(), "a 附页: {text}");
    for (i, t) in extra.iter().enumerate() {
        assert!(t.contains("基本情况（续）"), "{t}");
        assert!(
            t.contains(&squash(&d.form1.brand_name)),
            "the whole name: {t}"
        );
        assert!(t.contains("骑缝章"), "{t}");
        assert!(
            t.contains(&format!("附件1续页第{}页共{}页", i + 1, extra.len())),
            "{t}"
        );
    }
}

/// A 申报年度 no round can have (a slip such as 31) is named by validation and never printed:
/// the blank date lines are left for handwriting.
#[test]
fn an_impossible_year_is_left_blank_on_the_form() {
    let mut d = example(BrandType::Skill);
    d.form1.year = Some(31);
    let (_dir, path, _) = export(&d, ExportOptions::default());
    let text = squash(&tool("pdftotext", &["-raw", path.to_str().unwrap(), "-"]));
    assert!(!text.contains("31年"), "{text}");
    assert_eq!(text.matches("（盖章）年月日").count(), 2, "{text}");
}
