//! The application bundle (申报材料), read back as a reviewer's tools read it: every page
//! reference of the 目录 and the 清单 is the real page, every page carries its running number
//! and the 校验码, the official forms are unchanged, and the PDF is sound.

use crate::common::{squash, tool};
use labour_brand::app::App;
use labour_brand::example::example;
use labour_brand::pdf::{self, ExportOptions, Forms};
use labour_brand::{BrandType, Draft, Rubric};

fn page_text(path: &std::path::Path, n: usize) -> String {
    tool(
        "pdftotext",
        &[
            "-f",
            &n.to_string(),
            "-l",
            &n.to_string(),
            "-layout",
            path.to_str().unwrap(),
            "-",
        ],
    )
}

/// A scan that says who it is: the forms of an example renamed `name`.
fn scan(name: &str) -> Vec<u8> {
    let mut d = example(BrandType::Service);
    d.form1.brand_name = name.into();
    pdf::render(&d, Rubric::city(), &ExportOptions::default())
        .unwrap()
        .0
}

#[test]
fn every_page_reference_is_the_real_page_and_the_forms_are_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let app = App::open(&dir.path().join("d.sqlite3"));
    let draft = example(BrandType::Skill);
    let id = app.add(None, &draft).unwrap().id;
    // Two items with evidence, one with two files: 甲 then 乙 (moved up), and 丙 elsewhere.
    app.add_evidence_bytes(id, "skill.2", "丙工资表.pdf", &scan("证据丙工匠"))
        .unwrap();
    let a = app
        .add_evidence_bytes(id, "basic.3", "甲.pdf", &scan("证据甲工匠"))
        .unwrap();
    let b = app
        .add_evidence_bytes(id, "basic.3", "乙.pdf", &scan("证据乙工匠"))
        .unwrap();
    app.move_evidence(b.id, -1).unwrap();
    app.retitle_evidence(a.id, "商标注册证").unwrap();
    let out = dir.path().join("申报材料.pdf");
    let info = app.export_bundle(id, &draft, false, &out, false).unwrap();
    assert_eq!(crate::common::pages_of(&out), info.pages);
    tool("qpdf", &["--check", out.to_str().unwrap()]);
    // Every font embedded and subset, with a ToUnicode map (the text can be searched).
    for line in tool("pdffonts", &[out.to_str().unwrap()]).lines().skip(2) {
        let cols: Vec<&str> = line.split_whitespace().collect();
        let n = cols.len();
        assert_eq!(&cols[n - 5..n - 2], ["yes", "yes", "yes"], "{line}");
    }
    // MuPDF draws every page without a complaint.
    let drawn = std::process::Command::new("mutool")
        .args([
            "draw",
            "-r",
            "20",
            "-o",
            dir.path().join("p%d.png").to_str().unwrap(),
            out.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&drawn.stderr);
    assert!(
        drawn.status.success() && !said.to_lowercase().contains("error"),
        "{said}"
    );

    // The cover shows the forms' 校验码 and the bundle's own code, which every footer carries
    // and the window shows beside 导出申报材料.
    let forms_code = draft.version_code();
    assert_eq!(info.code, forms_code);
    let code = info.bundle_code.clone();
    assert_eq!(app.bundle_code(id, &draft).unwrap(), code);
    assert_ne!(code, forms_code);
    let cover = squash(&page_text(&out, 1));
    assert!(
        cover.contains(&squash(&format!("表格校验码{forms_code}")))
            && cover.contains(&squash(&format!("材料校验码{code}"))),
        "{cover}"
    );
    // Each 目录 line's page holds what the line names.
    let expect = |title: &str| -> &str {
        match title {
            t if t.starts_with("附件1") => "连云港市市级劳务品牌推荐表",
            t if t.starts_with("附件2") => "连云港市市级劳务品牌评分表",
            "佐证材料清单" => "佐证材料清单",
            t if t.contains("商标注册证") => "证据甲工匠",
            t if t.contains("乙") => "证据乙工匠",
            t if t.contains("丙") => "证据丙工匠",
            "佐证材料" | _ => "",
        }
    };
    let titles: Vec<&str> = info.sections.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "附件1 连云港市市级劳务品牌推荐表",
            "附件2 连云港市市级劳务品牌评分表",
            "佐证材料清单",
            "佐证材料",
            "基本条件第3项 独立品牌名称",
            "1. 乙",
            "2. 商标注册证",
            "分类条件第2项 工资水平",
            "1. 丙工资表",
        ],
        "in form order, each item's files in their order"
    );
    // The 目录's lines as (title, page).
    let toc: Vec<(String, String)> = page_text(&out, 2)
        .lines()
        .map(squash)
        .filter(|l| l.ends_with(|c: char| c.is_ascii_digit()) && l.contains('·'))
        .map(|l| {
            let title = l
                .trim_end_matches(|c: char| c.is_ascii_digit())
                .trim_end_matches('·');
            let page = &l[title.len()..].trim_start_matches('·');
            (title.to_string(), page.to_string())
        })
        .collect();
    for s in &info.sections {
        let page = squash(&page_text(&out, s.page));
        assert!(
            page.contains(&squash(expect(&s.title))),
            "{} on page {}",
            s.title,
            s.page
        );
        // The 目录 says the same page.
        assert!(
            toc.contains(&(squash(&s.title), s.page.to_string())),
            "{} → {} in the 目录 {toc:?}",
            s.title,
            s.page
        );
    }
    // The 清单 says each file's pages as they are.
    let list_page = info
        .sections
        .iter()
        .find(|s| s.title == "佐证材料清单")
        .unwrap()
        .page;
    let list = squash(&page_text(&out, list_page));
    let first = |t: &str| {
        info.sections
            .iter()
            .find(|s| s.title.ends_with(t))
            .unwrap()
            .page
    };
    for t in ["乙", "商标注册证", "丙工资表"] {
        let p = first(t);
        assert!(
            list.contains(&format!("第{}–{}页", p, p + 3)),
            "{t}: 第{p}–{}页 in {list}",
            p + 3
        );
    }
    // Every evidence page names, in its top margin, the item and file it proves and which of
    // the file's pages it is; the forms and the front pages carry no caption.
    for (t, item) in [
        ("乙", "基本条件第3项"),
        ("商标注册证", "基本条件第3项"),
        ("丙工资表", "分类条件第2项"),
    ] {
        let p = first(t);
        for k in 0..4 {
            let text = squash(&page_text(&out, p + k));
            assert!(
                text.contains(&squash(&format!("佐证材料 · {item}")))
                    && text.contains(&squash(&format!("{t} · 第 {}/4 页", k + 1))),
                "page {}: {text}",
                p + k
            );
        }
    }
    for n in 1..first("乙") {
        assert!(
            !page_text(&out, n).contains("佐证材料 · "),
            "page {n} has a caption"
        );
    }
    // Every page: its running number and the 校验码, inside the printable area.
    for n in 1..=info.pages {
        let t = page_text(&out, n);
        assert!(
            t.contains(&format!("申报材料 第 {n} 页 共 {} 页", info.pages)) && t.contains(&code),
            "page {n}: {t}"
        );
    }
    // The lowest ink on any page is at least 8 mm from the bottom edge (pixels, as printed).
    for n in [1, info.pages] {
        let stem = dir.path().join(format!("ink{n}"));
        tool(
            "pdftoppm",
            &[
                "-gray",
                "-r",
                "100",
                "-f",
                &n.to_string(),
                "-l",
                &n.to_string(),
                "-singlefile",
                out.to_str().unwrap(),
                stem.to_str().unwrap(),
            ],
        );
        let (w, h, px) = crate::common::read_pgm(&stem.with_extension("pgm"));
        let lowest = (0..h)
            .rev()
            .find(|&y| px[y * w..(y + 1) * w].iter().any(|&v| v < 160))
            .unwrap();
        let mm = (h - 1 - lowest) as f64 * 25.4 / 100.0;
        assert!(mm >= 8.0, "page {n}: ink {mm:.1} mm from the bottom edge");
        // The top too: the last page is an evidence page with its caption.
        let highest = (0..h)
            .find(|&y| px[y * w..(y + 1) * w].iter().any(|&v| v < 160))
            .unwrap();
        let mm = highest as f64 * 25.4 / 100.0;
        assert!(mm >= 8.0, "page {n}: ink {mm:.1} mm from the top edge");
    }

    // The official forms are unchanged: 附件2's pages read as the forms-only export reads.
    let forms = dir.path().join("forms.pdf");
    let (bytes, f2) = pdf::render(
        &draft,
        Rubric::city(),
        &ExportOptions {
            forms: Forms::Form2,
            fingerprint: false,
            ..Default::default()
        },
    )
    .unwrap();
    std::fs::write(&forms, bytes).unwrap();
    let p2 = info.sections[1].page;
    for k in 0..f2.pages {
        let ours = squash(&page_text(&forms, k + 1));
        let in_bundle = squash(&page_text(&out, p2 + k));
        let footer = squash(&format!(
            "申报材料 第 {} 页 共 {} 页 材料校验码 {code}",
            p2 + k,
            info.pages
        ));
        assert_eq!(in_bundle.replace(&footer, ""), ours, "附件2 page {}", k + 1);
    }

    // Bookmarks: one per form, one per item's evidence with its files.
    let outline = tool("mutool", &["show", out.to_str().unwrap(), "outline"]);
    for (title, page) in [
        ("附件1 推荐表", info.sections[0].page),
        ("附件2 评分表", p2),
        ("商标注册证", first("商标注册证")),
        ("基本条件第3项 独立品牌名称", first("乙")),
    ] {
        assert!(
            outline.contains(&format!("\"{title}\"\t#page={page}&")),
            "{title} → {page} in {outline}"
        );
    }
    let labels = tool(
        "mutool",
        &["show", out.to_str().unwrap(), "trailer/Root/PageLabels"],
    );
    assert!(squash(&labels).contains("/S/D"), "{labels}");
}

#[test]
fn a_draft_without_evidence_still_binds_and_names_what_is_unproved() {
    let dir = tempfile::tempdir().unwrap();
    let app = App::open(&dir.path().join("d.sqlite3"));
    let draft = example(BrandType::Culture);
    let id = app.add(None, &draft).unwrap().id;
    let out = dir.path().join("b.pdf");
    let info = app.export_bundle(id, &draft, true, &out, false).unwrap();
    assert!(
        info.unproved.iter().any(|u| u.contains("尚未附佐证材料")),
        "{:?}",
        info.unproved
    );
    let list = info
        .sections
        .iter()
        .find(|s| s.title == "佐证材料清单")
        .unwrap()
        .page;
    assert!(page_text(&out, list).contains("尚未添加佐证材料"));
    // The warning reaches the window's findings too (a warning, never a block).
    let ev = app
        .evaluate_with_evidence(labour_brand::rubric::FIRST_EDITION, &draft, &[])
        .unwrap();
    let w: Vec<_> = ev
        .findings
        .iter()
        .filter(|f| f.code == labour_brand::FindingCode::NoEvidence)
        .collect();
    assert!(
        !w.is_empty()
            && w.iter()
                .all(|f| f.severity == labour_brand::Severity::Warning)
    );
    assert!(w
        .iter()
        .any(|f| f.field.starts_with("evidence.") && f.message.contains("得")));
    // An empty draft binds too.
    let empty = app.add(None, &Draft::default()).unwrap().id;
    app.export_bundle(
        empty,
        &Draft::default(),
        false,
        &dir.path().join("e.pdf"),
        false,
    )
    .unwrap();
}

/// The worked example of docs/architecture.md ("How to add a form field"): 联系人及电话 was
/// added as one entry of the field list (plus the draft's member it is kept in), printed on the
/// cover. Everything else follows from the entry: the page's input, the limit, the draft file,
/// the history, the cover line — and the official forms do not change.
#[test]
fn a_field_added_as_one_entry_reaches_the_page_the_checks_and_the_cover() {
    use labour_brand::fields::{FieldInfo, FormField, Printed};
    let info = FieldInfo::all();
    let contact = info.iter().find(|f| f.key == "form1.contact").unwrap();
    assert_eq!((contact.label, contact.kind), ("联系人及电话", "text"));
    assert_eq!(contact.printed, Printed::Cover);

    // A draft that never had it keeps its 校验码: an empty field is not in the JSON.
    let before = example(BrandType::Skill);
    assert!(!serde_json::to_string(&before).unwrap().contains("contact"));

    let mut d = before.clone();
    d.form1.contact = "王芳 0518-85551234".into();
    assert_ne!(d.version_code(), before.version_code());
    assert_eq!(d.changed_fields(&before), vec!["form1.contact".to_string()]);
    let file = labour_brand::draftfile::DraftFile::new("x", "", d.clone());
    let back = labour_brand::incoming::parse_draft(file.to_json().as_bytes()).unwrap();
    assert_eq!(back.draft.form1.contact, d.form1.contact);

    // Its limit comes from the entry.
    let mut long = d.clone();
    long.form1.contact = "电".repeat(41);
    let findings = labour_brand::validate::validate(Rubric::city(), &long);
    assert!(
        findings
            .iter()
            .any(|f| f.field == "form1.contact" && f.message.contains("联系人及电话")),
        "{findings:?}"
    );
    assert_eq!(FormField::Contact.limit(), Some(40));

    // On the cover, not on the official forms.
    let dir = tempfile::tempdir().unwrap();
    let app = App::open(&dir.path().join("d.sqlite3"));
    let id = app.add(None, &d).unwrap().id;
    let out = dir.path().join("b.pdf");
    app.export_bundle(id, &d, true, &out, false).unwrap();
    let cover = squash(&page_text(&out, 1));
    assert!(cover.contains("联系人及电话"), "{cover}");
    assert!(cover.contains("王芳0518-85551234"), "{cover}");
    let forms = dir.path().join("f.pdf");
    std::fs::write(
        &forms,
        pdf::render(&d, Rubric::city(), &ExportOptions::default())
            .unwrap()
            .0,
    )
    .unwrap();
    let text = squash(&tool(
        "pdftotext",
        &["-layout", forms.to_str().unwrap(), "-"],
    ));
    assert!(!text.contains("联系人") && !text.contains("85551234"));

    // A character no font has stops only what prints the field: the bundle names it, the
    // forms still export.
    let mut odd = d.clone();
    odd.form1.contact = "王芳 \u{1F4DE} 0518".into();
    assert!(pdf::render(&odd, Rubric::city(), &ExportOptions::default()).is_ok());
    let err = app
        .export_bundle(id, &odd, true, &dir.path().join("odd.pdf"), false)
        .unwrap_err();
    assert!(
        labour_brand::Bilingual::zh(&err).contains("联系人及电话"),
        "{err}"
    );
    assert!(!dir.path().join("odd.pdf").exists());
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains("odd.pdf"))
        .collect();
    assert!(left.is_empty(), "a temporary file was left: {left:?}");
}
