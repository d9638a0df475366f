//! 佐证材料: every kind of bad or hostile file is either attached (and then binds into a sound
//! bundle) or refused with a Chinese message naming the file; nothing half-stored, no panic,
//! no hang. And the files round-trip byte for byte through backup and restore.

use labour_brand::Bilingual;
use std::path::{Path, PathBuf};

use crate::common::{tool, with_orientation};
use labour_brand::app::App;
use labour_brand::example::example;
use labour_brand::pdf::{self, ExportOptions};
use labour_brand::{BrandType, Rubric};
use lopdf::dictionary;

/// The example's forms as a PDF: the stand-in for a scanned certificate.
fn scan_pdf() -> Vec<u8> {
    pdf::render(
        &example(BrandType::Skill),
        Rubric::city(),
        &ExportOptions::default(),
    )
    .unwrap()
    .0
}

/// A photo: the first page of `pdf_path` as JPEG by pdftoppm, with `extra` options.
fn photo(dir: &Path, name: &str, extra: &[&str]) -> PathBuf {
    let pdf_path = dir.join("scan-for-photo.pdf");
    std::fs::write(&pdf_path, scan_pdf()).unwrap();
    let stem = dir.join(name);
    let mut args = vec!["-jpeg", "-r", "30", "-f", "1", "-l", "1", "-singlefile"];
    args.extend(extra);
    args.extend([pdf_path.to_str().unwrap(), stem.to_str().unwrap()]);
    tool("pdftoppm", &args);
    stem.with_extension("jpg")
}

fn app_with_draft(dir: &Path) -> (App, i64) {
    let app = App::open(&dir.join("d.sqlite3"));
    let id = app
        .add(Some("证据测试"), &example(BrandType::Skill))
        .unwrap()
        .id;
    (app, id)
}

/// A draft with a scan (PDF) on 基本条件第3项 and a photo (JPEG) on 分类条件第2项.
fn with_two_files(dir: &Path) -> (App, i64, Vec<u8>, Vec<u8>) {
    let (app, id) = app_with_draft(dir);
    let pdf = scan_pdf();
    let jpg = std::fs::read(photo(dir, "p", &[])).unwrap();
    app.add_evidence_bytes(id, "basic.3", "商标注册证.pdf", &pdf)
        .unwrap();
    app.add_evidence_bytes(id, "skill.2", "工资表.jpg", &jpg)
        .unwrap();
    (app, id, pdf, jpg)
}

/// Refused: a code, a message naming the file, and nothing stored.
fn refused(app: &App, id: i64, name: &str, bytes: &[u8], code: &str) -> String {
    let before = app.evidence(id).unwrap().len();
    let err = app
        .add_evidence_bytes(id, "basic.3", name, bytes)
        .unwrap_err();
    assert_eq!(err.code(), code, "{name}: {err}");
    let msg = err.zh();
    assert!(msg.contains(&format!("「{name}」")), "{msg}");
    assert_eq!(
        app.evidence(id).unwrap().len(),
        before,
        "nothing stored for {name}"
    );
    msg
}

#[test]
fn hostile_and_broken_files_are_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let (app, id) = app_with_draft(dir.path());
    let pdf = scan_pdf();

    refused(&app, id, "空文件.pdf", b"", "evidence_empty");
    let exe = [b"MZ\x90\x00\x03\0\0\0".as_slice(), &[0u8; 600]].concat();
    let msg = refused(&app, id, "营业执照.pdf", &exe, "evidence_unsupported");
    assert!(msg.contains("程序文件"), "{msg}");
    let docx = std::fs::read(dir.path().join("d.sqlite3")).unwrap();
    refused(&app, id, "统计表.xlsx", &docx, "evidence_unsupported");
    // A PDF cut short, and one whose body is noise.
    refused(
        &app,
        id,
        "半个.pdf",
        &pdf[..pdf.len() / 3],
        "evidence_damaged",
    );
    let mut noise = b"%PDF-1.7\n".to_vec();
    noise.extend((0..50_000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8));
    refused(&app, id, "乱码.pdf", &noise, "evidence_damaged");
    // Encrypted, with a user password and with an owner password only.
    let plain = dir.path().join("plain.pdf");
    std::fs::write(&plain, &pdf).unwrap();
    for (user, name) in [("u", "加密.pdf"), ("", "权限限制.pdf")] {
        let out = dir.path().join(name);
        tool(
            "qpdf",
            &[
                "--encrypt",
                user,
                "owner",
                "256",
                "--",
                plain.to_str().unwrap(),
                out.to_str().unwrap(),
            ],
        );
        refused(
            &app,
            id,
            name,
            &std::fs::read(&out).unwrap(),
            "evidence_encrypted",
        );
    }
    // A 20000×20000 PNG (its header is enough: refused before anything is decoded).
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
    png.extend(20_000u32.to_be_bytes());
    png.extend(20_000u32.to_be_bytes());
    png.extend([8, 6, 0, 0, 0, 0, 0, 0, 0]);
    let msg = refused(&app, id, "巨图.png", &png, "evidence_pixels");
    assert!(msg.contains("20000×20000"), "{msg}");
    // A PNG whose data is cut.
    let good_png = dir.path().join("p");
    tool(
        "pdftoppm",
        &[
            "-png",
            "-r",
            "20",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            plain.to_str().unwrap(),
            good_png.to_str().unwrap(),
        ],
    );
    let png_bytes = std::fs::read(good_png.with_extension("png")).unwrap();
    refused(
        &app,
        id,
        "截断.png",
        &png_bytes[..png_bytes.len() / 2],
        "evidence_damaged",
    );
    // A JPEG cut short.
    let jpg = std::fs::read(photo(dir.path(), "j", &[])).unwrap();
    refused(
        &app,
        id,
        "截断.jpg",
        &jpg[..jpg.len() / 2],
        "evidence_damaged",
    );
    // Over 30 MB.
    let big = [pdf.as_slice(), &vec![b' '; 31 * 1024 * 1024]].concat();
    let msg = refused(&app, id, "超大.pdf", &big, "evidence_too_large");
    assert!(msg.contains("30 MB"), "{msg}");
    // No such item.
    let err = app
        .add_evidence_bytes(id, "basic.99", "a.pdf", &pdf)
        .unwrap_err();
    assert_eq!(err.code(), "no_such_item");
}

#[test]
fn a_pdf_with_form_fields_is_refused_and_one_with_scripts_binds_without_them() {
    let dir = tempfile::tempdir().unwrap();
    let (app, id) = app_with_draft(dir.path());
    let base = lopdf::Document::load_mem(&scan_pdf()).unwrap();

    let mut with_form = base.clone();
    let field = with_form
        .add_object(dictionary! { "FT" => "Tx", "T" => lopdf::Object::string_literal("name") });
    let form = with_form.add_object(dictionary! { "Fields" => vec![field.into()] });
    let root = with_form
        .trailer
        .get(b"Root")
        .unwrap()
        .as_reference()
        .unwrap();
    with_form
        .get_dictionary_mut(root)
        .unwrap()
        .set("AcroForm", form);
    let mut bytes = Vec::new();
    with_form.save_to(&mut bytes).unwrap();
    refused(&app, id, "表单.pdf", &bytes, "evidence_form");

    let mut with_js = base.clone();
    let js = with_js.add_object(dictionary! {
        "S" => "JavaScript",
        "JS" => lopdf::Object::string_literal("app.alert('x')"),
    });
    let root = with_js
        .trailer
        .get(b"Root")
        .unwrap()
        .as_reference()
        .unwrap();
    with_js
        .get_dictionary_mut(root)
        .unwrap()
        .set("OpenAction", js);
    let first = *with_js.get_pages().get(&1).unwrap();
    with_js
        .get_dictionary_mut(first)
        .unwrap()
        .set("AA", dictionary! { "O" => js });
    let mut bytes = Vec::new();
    with_js.save_to(&mut bytes).unwrap();
    app.add_evidence_bytes(id, "basic.3", "脚本.pdf", &bytes)
        .unwrap();
    let out = dir.path().join("bundle.pdf");
    let draft = app.load(id).unwrap().record.draft;
    app.export_bundle(id, &draft, false, &out, false).unwrap();
    let bundle = std::fs::read(&out).unwrap();
    assert!(
        !bundle.windows(10).any(|w| w == b"JavaScript"),
        "no script in the bundle"
    );
    let info = tool("pdfinfo", &[out.to_str().unwrap()]);
    assert!(
        info.lines()
            .any(|l| l.starts_with("JavaScript:") && l.trim_end().ends_with(" no")),
        "{info}"
    );
    tool("qpdf", &["--check", out.to_str().unwrap()]);
}

#[test]
fn cmyk_progressive_rotated_and_large_files_bind_into_a_sound_bundle() {
    let dir = tempfile::tempdir().unwrap();
    let (app, id) = app_with_draft(dir.path());
    let base = photo(dir.path(), "base", &[]);
    // CMYK (as print shops scan) and progressive (as many phones save).
    let cmyk = dir.path().join("cmyk.jpg");
    tool(
        "convert",
        &[
            base.to_str().unwrap(),
            "-colorspace",
            "CMYK",
            cmyk.to_str().unwrap(),
        ],
    );
    let progressive = photo(dir.path(), "progressive", &["-jpegopt", "progressive=y"]);
    let rotated = with_orientation(&std::fs::read(&base).unwrap(), 6);
    // 500 pages: 125 copies of the 4-page scan.
    let plain = dir.path().join("plain.pdf");
    std::fs::write(&plain, scan_pdf()).unwrap();
    let big = dir.path().join("500.pdf");
    let mut args = vec!["--empty", "--pages"];
    args.extend(std::iter::repeat(plain.to_str().unwrap()).take(125));
    args.extend(["--", big.to_str().unwrap()]);
    tool("qpdf", &args);

    for (path, item) in [
        (&cmyk, "basic.3"),
        (&progressive, "basic.3"),
        (&big, "skill.2"),
    ] {
        app.add_evidence(id, item, path).unwrap();
    }
    let r = app
        .add_evidence_bytes(id, "basic.3", "横拍.jpg", &rotated)
        .unwrap();
    assert_eq!(r.kind, labour_brand::evidence::EvidenceKind::Jpeg);
    let files = app.evidence(id).unwrap();
    assert_eq!(
        files.iter().find(|f| f.item_id == "skill.2").unwrap().pages,
        500
    );

    let out = dir.path().join("bundle.pdf");
    let draft = app.load(id).unwrap().record.draft;
    let info = app.export_bundle(id, &draft, false, &out, false).unwrap();
    tool("qpdf", &["--check", out.to_str().unwrap()]);
    assert_eq!(crate::common::pages_of(&out), info.pages);
    // JPEG data goes through untouched: every photo's bytes are in the bundle as they are.
    let bundle = std::fs::read(&out).unwrap();
    for f in [&cmyk, &progressive] {
        let bytes = std::fs::read(f).unwrap();
        assert!(
            bundle.windows(bytes.len()).any(|w| w == bytes.as_slice()),
            "{f:?} passed through"
        );
    }
    // The sideways photo is shown upright: its page's ink is taller than wide.
    let page = info
        .sections
        .iter()
        .find(|s| s.title.contains("横拍"))
        .unwrap()
        .page;
    let png = dir.path().join("rot");
    tool(
        "pdftoppm",
        &[
            "-gray",
            "-r",
            "20",
            "-f",
            &page.to_string(),
            "-l",
            &page.to_string(),
            "-singlefile",
            out.to_str().unwrap(),
            png.to_str().unwrap(),
        ],
    );
    let (w, h, px) = crate::common::read_pgm(&png.with_extension("pgm"));
    // The ink of the photo (ignore the caption in the top margin and the footer line at the
    // very bottom).
    let (mut x0, mut x1, mut y0, mut y1) = (w, 0, h, 0);
    for y in h * 5 / 100..h * 90 / 100 {
        for x in 0..w {
            if px[y * w + x] < 200 {
                x0 = x0.min(x);
                x1 = x1.max(x);
                y0 = y0.min(y);
                y1 = y1.max(y);
            }
        }
    }
    // The photo is of a portrait page; its EXIF orientation 6 says "turn a quarter to the
    // right", so it shows wider than tall.
    assert!(
        x1 - x0 > y1 - y0,
        "turned by its EXIF orientation: {}×{}",
        x1 - x0,
        y1 - y0
    );
}

#[test]
fn evidence_round_trips_byte_for_byte_through_backup_and_restore() {
    let dir = tempfile::tempdir().unwrap();
    let (app, id, pdf, _) = with_two_files(dir.path());
    // The same scan twice is stored once.
    app.add_evidence_bytes(id, "skill.1", "商标注册证.pdf", &pdf)
        .unwrap();
    let backup = dir.path().join("b.sqlite3");
    app.backup(&backup, false).unwrap();
    let other = App::open(&dir.path().join("other.sqlite3"));
    let r = other.restore_backup(&backup).unwrap();
    assert_eq!((r.drafts, r.versions), (1, r.versions));
    let id2 = other.list().unwrap()[0].meta.id;
    let before = app.attachments(id).unwrap();
    let after = other.attachments(id2).unwrap();
    assert_eq!(before.len(), 3);
    for (a, b) in before.iter().zip(&after) {
        assert_eq!(
            (&a.file.item_id, &a.file.title, a.file.position),
            (&b.file.item_id, &b.file.title, b.file.position)
        );
        assert_eq!(a.bytes, b.bytes, "byte for byte");
    }
    // A duplicate carries them; purging it leaves the original's.
    let dup = app.duplicate(id).unwrap().id;
    assert_eq!(app.evidence(dup).unwrap().len(), 3);
    app.delete(dup).unwrap();
    app.purge(dup).unwrap();
    assert_eq!(app.attachments(id).unwrap()[0].bytes, pdf);
    // Removing the last use of a file removes its bytes.
    for f in app.evidence(id).unwrap() {
        app.remove_evidence(f.id).unwrap();
    }
    let conn = rusqlite::Connection::open(dir.path().join("d.sqlite3")).unwrap();
    let blobs: i64 = conn
        .query_row("SELECT COUNT(*) FROM evidence_blobs", [], |r| r.get(0))
        .unwrap();
    assert_eq!(blobs, 0);
}

#[test]
fn the_draft_limit_is_kept_before_anything_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let (app, id) = app_with_draft(dir.path());
    // Photos made 28 MB with comment segments (valid JPEGs): ten fit in 300 MB, an eleventh
    // would make 308 MB and is refused.
    let jpg = std::fs::read(photo(dir.path(), "p", &[])).unwrap();
    let padded = |k: u8| {
        let mut b = jpg[..2].to_vec();
        for _ in 0..(28 * 1024 * 1024 / 65_535) {
            b.extend([0xFF, 0xFE, 0xFF, 0xFF]);
            b.extend(std::iter::repeat(k).take(65_533));
        }
        b.extend(&jpg[2..]);
        b
    };
    for k in 0..10u8 {
        app.add_evidence_bytes(id, "basic.3", &format!("{k}.jpg"), &padded(k))
            .unwrap();
    }
    let msg = refused(&app, id, "第十一份.jpg", &padded(99), "evidence_draft_full");
    assert!(msg.contains("300 MB"), "{msg}");
}

#[test]
fn a_draft_container_carries_the_evidence_byte_for_byte_and_refuses_tampering() {
    let dir = tempfile::tempdir().unwrap();
    let (app, id, _, jpg) = with_two_files(dir.path());
    let file = dir.path().join("送县区.lbdraft");
    app.export_container(id, &file, false).unwrap();

    // Sent to the county bureau: imported with its evidence, byte for byte.
    let county = App::open(&dir.path().join("county.sqlite3"));
    let meta = county.import_file(&file).unwrap();
    let before = app.attachments(id).unwrap();
    let after = county.attachments(meta.id).unwrap();
    assert_eq!(before.len(), after.len());
    for (a, b) in before.iter().zip(&after) {
        assert_eq!(
            (&a.file.item_id, &a.file.title),
            (&b.file.item_id, &b.file.title)
        );
        assert_eq!(a.bytes, b.bytes);
    }
    assert_eq!(
        county.load(meta.id).unwrap().record.draft,
        app.load(id).unwrap().record.draft
    );
    // The county summary reads it like a plain draft file (folders: .json and .lbdraft).
    let batch = county.summarise(&[dir.path().to_path_buf()]);
    assert_eq!(batch.rows.len(), 1, "{:?}", batch.failures);
    // The CLI scores it too.
    let bytes = std::fs::read(&file).unwrap();
    assert!(labour_brand::incoming::parse_draft(&bytes).is_ok());

    // A file changed inside the container: refused whole, nothing imported.
    let tampered = {
        let mut b = bytes.clone();
        let at = b
            .windows(jpg.len().min(64))
            .position(|w| w == &jpg[..jpg.len().min(64)])
            .unwrap();
        b[at + 40] ^= 0xFF;
        b
    };
    let n = county.list().unwrap().len();
    let err = county.import_bytes(&tampered).unwrap_err();
    assert_eq!(err.code(), "draft_file_invalid");
    assert!(err.zh().contains("工资表.jpg"), "{}", err.zh());
    assert_eq!(county.list().unwrap().len(), n);

    // A container of a newer format: refused with the version.
    let newer = rewrite(&bytes, |name, data| {
        if name == "manifest.json" {
            String::from_utf8(data)
                .unwrap()
                .replace("\"version\": 1", "\"version\": 9")
                .into_bytes()
        } else {
            data
        }
    });
    assert!(county
        .import_bytes(&newer)
        .unwrap_err()
        .zh()
        .contains("更新版本"));
    // A container whose evidence the build refuses (an EXE renamed .pdf): nothing stays.
    let exe = rewrite(&bytes, |name, data| {
        if name.ends_with(".pdf") {
            b"MZ".iter().chain(&[0u8; 100]).copied().collect()
        } else {
            data
        }
    });
    let exe = fix_sha(&exe);
    assert_eq!(
        county.import_bytes(&exe).unwrap_err().code(),
        "evidence_unsupported"
    );
    assert_eq!(county.list().unwrap().len(), n);
}

/// The container with each entry's bytes passed through `f(name, bytes)`.
fn rewrite(bytes: &[u8], f: impl Fn(&str, Vec<u8>) -> Vec<u8>) -> Vec<u8> {
    use std::io::{Read, Write};
    let mut src = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..src.len() {
        let mut e = src.by_index(i).unwrap();
        let name = e.name().to_string();
        let mut data = Vec::new();
        e.read_to_end(&mut data).unwrap();
        out.start_file(&name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&f(&name, data)).unwrap();
    }
    out.finish().unwrap().into_inner()
}

/// The container with its manifest's checksums made to match its files again.
fn fix_sha(bytes: &[u8]) -> Vec<u8> {
    use std::io::Read;
    let mut src = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut files = std::collections::HashMap::new();
    for i in 0..src.len() {
        let mut e = src.by_index(i).unwrap();
        let mut data = Vec::new();
        e.read_to_end(&mut data).unwrap();
        files.insert(e.name().to_string(), data);
    }
    let mut manifest: serde_json::Value = serde_json::from_slice(&files["manifest.json"]).unwrap();
    for f in manifest["files"].as_array_mut().unwrap() {
        let data = &files[f["path"].as_str().unwrap()];
        f["sha256"] = labour_brand::store::sha256_hex(data).into();
    }
    rewrite(bytes, |name, data| {
        if name == "manifest.json" {
            serde_json::to_vec(&manifest).unwrap()
        } else {
            data
        }
    })
}

#[test]
fn a_full_disk_while_attaching_is_named_as_such_and_stores_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (app, id) = app_with_draft(dir.path());
    let db = dir.path().join("d.sqlite3");
    let pages: u64 = std::fs::metadata(&db).unwrap().len() / 4096 + 2;
    app.with(|s| s.rehearse_full_disk(pages)).unwrap();
    let scan = scan_pdf();
    let err = app
        .add_evidence_bytes(id, "basic.3", "商标注册证.pdf", &scan)
        .unwrap_err();
    assert_eq!(err.code(), "disk_full", "{err}");
    assert!(!err.is_damage(), "nothing sound is called damaged");
    assert!(
        err.zh().starts_with("磁盘空间不足，草稿没有受到影响"),
        "{}",
        err.zh()
    );
    assert!(app.evidence(id).unwrap().is_empty(), "nothing half-stored");
    // Room again: the same file attaches.
    app.with(|s| s.rehearse_full_disk(1_000_000)).unwrap();
    app.add_evidence_bytes(id, "basic.3", "商标注册证.pdf", &scan)
        .unwrap();
}
