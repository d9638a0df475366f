//! The application bundle with realistic evidence, timed in-process (a bench binary: the
//! fixtures are large and made once). Run: `cargo bench --bench bundle`.
//!
//! Fixture: 30 files, about 100 pages and 60 MB of scans — 20 photos of form pages (JPEG at
//! 400 dpi) and 10 scanned PDFs of 8 pages each (a 300 dpi JPEG per page), every file distinct.
//! Measured: attaching a 10 MB scan (read, checked, hashed, stored), and exporting the bundle,
//! wall time in-process (median of 5), and in a fresh CLI process with its peak resident memory
//! (GNU time, as a user runs it).
//! Needs pdftoppm (poppler-utils) to make the scans.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use labour_brand::app::App;
use labour_brand::example::example;
use labour_brand::pdf::{self, ExportOptions};
use labour_brand::{BrandType, Rubric};
use lopdf::{dictionary, Document, Object, Stream};

/// `jpeg` made distinct (and `pad` bytes larger) with comment segments after its start.
fn distinct(jpeg: &[u8], tag: u32, pad: usize) -> Vec<u8> {
    let mut out = jpeg[..2].to_vec();
    let mut left = pad + 4;
    let mut first = true;
    while left > 0 || first {
        let n = left.min(65_533).max(4);
        out.extend([0xFF, 0xFE]);
        out.extend(((n + 2) as u16).to_be_bytes());
        let mut body = vec![b'.'; n];
        body[..4].copy_from_slice(&tag.to_be_bytes());
        out.extend(body);
        left = left.saturating_sub(n);
        first = false;
    }
    out.extend(&jpeg[2..]);
    out
}

fn scans(dir: &Path, dpi: u32) -> Vec<Vec<u8>> {
    let forms = dir.join("forms.pdf");
    std::fs::write(
        &forms,
        pdf::render(
            &example(BrandType::Skill),
            Rubric::city(),
            &ExportOptions::default(),
        )
        .unwrap()
        .0,
    )
    .unwrap();
    let stem = dir.join(format!("s{dpi}"));
    let ok = Command::new("pdftoppm")
        .args(["-jpeg", "-jpegopt", "quality=90", "-r", &dpi.to_string()])
        .arg(&forms)
        .arg(&stem)
        .status()
        .expect("pdftoppm (poppler-utils) makes the scans");
    assert!(ok.success());
    (1..=4)
        .map(|n| std::fs::read(dir.join(format!("s{dpi}-{n}.jpg"))).unwrap())
        .collect()
}

/// A scanned PDF: one A4 page per JPEG.
fn scanned_pdf(pages: &[Vec<u8>]) -> Vec<u8> {
    let mut doc = Document::with_version("1.5");
    let tree = doc.new_object_id();
    let mut kids = Vec::new();
    for jpg in pages {
        let info = labour_brand::evidence::jpeg::info(jpg).unwrap();
        let mut img = Stream::new(
            dictionary! { "Type" => "XObject", "Subtype" => "Image", "Width" => info.width as i64,
            "Height" => info.height as i64, "ColorSpace" => "DeviceRGB", "BitsPerComponent" => 8,
            "Filter" => "DCTDecode" },
            jpg.clone(),
        );
        img.allows_compression = false;
        let img = doc.add_object(img);
        let content = doc.add_object(Stream::new(
            dictionary! {},
            b"q 595 0 0 842 0 0 cm /I Do Q".to_vec(),
        ));
        kids.push(Object::Reference(doc.add_object(dictionary! {
            "Type" => "Page", "Parent" => tree, "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
            "Resources" => dictionary! { "XObject" => dictionary! { "I" => img } }, "Contents" => content,
        })));
    }
    let count = kids.len() as i64;
    doc.objects.insert(
        tree,
        Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => count }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => tree });
    doc.trailer.set("Root", catalog);
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    v[v.len() / 2]
}

fn main() {
    // `cargo bench` passes --bench; `cargo test --benches` would pass nothing: run either way.
    let dir = tempfile::tempdir().unwrap();
    let photos = scans(dir.path(), 300);
    let pages = scans(dir.path(), 250);
    let app = App::open(&dir.path().join("bench.sqlite3"));
    let draft = example(BrandType::Skill);
    let id = app.add(None, &draft).unwrap().id;

    // Attaching a 10 MB scan.
    let mut adds = Vec::new();
    for k in 0..5u32 {
        let scan = distinct(&photos[0], 1_000 + k, 10 * 1024 * 1024 - photos[0].len());
        let t = Instant::now();
        let f = app
            .add_evidence_bytes(id, "basic.1", &format!("{k}.jpg"), &scan)
            .unwrap();
        adds.push(t.elapsed().as_secs_f64() * 1000.0);
        app.remove_evidence(f.id).unwrap();
    }

    // The 30 files.
    let items = [
        "basic.1", "basic.3", "basic.7", "basic.8", "basic.9", "skill.1", "skill.2", "skill.3",
        "skill.4", "skill.5",
    ];
    let mut bytes_total = 0usize;
    for k in 0..20u32 {
        let jpg = distinct(&photos[(k % 4) as usize], k, 0);
        bytes_total += jpg.len();
        app.add_evidence_bytes(
            id,
            items[k as usize % items.len()],
            &format!("照片{k}.jpg"),
            &jpg,
        )
        .unwrap();
    }
    for k in 0..10u32 {
        let doc_pages: Vec<Vec<u8>> = (0..8)
            .map(|p| distinct(&pages[p % 4], 100 + k * 10 + p as u32, 0))
            .collect();
        let pdf = scanned_pdf(&doc_pages);
        bytes_total += pdf.len();
        app.add_evidence_bytes(id, items[k as usize], &format!("扫描件{k}.pdf"), &pdf)
            .unwrap();
    }
    let files = app.evidence(id).unwrap();
    let evidence_pages: i64 = files.iter().map(|f| f.pages).sum();
    let largest = files.iter().map(|f| f.size).max().unwrap_or(0) as f64 / 1_048_576.0;

    // The export as a user runs it: a fresh process (the CLI), its wall time and peak memory
    // by GNU time.
    let out = dir.path().join("bundle.pdf");
    let mut cli_runs = Vec::new();
    for _ in 0..3 {
        let run = Command::new("/usr/bin/time")
            .args(["-f", "%e %M"])
            .arg(env!("CARGO_BIN_EXE_labour-brand"))
            .args(["export", "--force", "--bundle", &id.to_string(), "--db"])
            .arg(dir.path().join("bench.sqlite3"))
            .arg("-o")
            .arg(&out)
            .output()
            .expect("GNU time (/usr/bin/time)");
        assert!(
            run.status.success(),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
        let err = String::from_utf8_lossy(&run.stderr);
        let last = err.lines().last().unwrap_or_default().to_string();
        let mut it = last.split_whitespace();
        let (secs, kib): (f64, u64) = (
            it.next().unwrap().parse().unwrap(),
            it.next().unwrap().parse().unwrap(),
        );
        cli_runs.push((secs, kib));
    }
    let mut times = Vec::new();
    let mut info = None;
    for _ in 0..5 {
        let t = Instant::now();
        info = Some(app.export_bundle(id, &draft, false, &out, true).unwrap());
        times.push(t.elapsed().as_secs_f64());
    }
    let info = info.unwrap();
    println!(
        "evidence: {} files, {} pages, {:.1} MB; bundle: {} pages, {:.1} MB",
        files.len(),
        evidence_pages,
        bytes_total as f64 / 1e6,
        info.pages,
        info.bytes as f64 / 1e6
    );
    println!(
        "attach a 10 MB scan: median {:.0} ms (of {:?})",
        median(adds.clone()),
        adds.iter().map(|v| v.round()).collect::<Vec<_>>()
    );
    println!(
        "export the bundle: median {:.2} s (of {:?})",
        median(times.clone()),
        times
            .iter()
            .map(|v| (v * 100.0).round() / 100.0)
            .collect::<Vec<_>>()
    );
    println!(
        "largest file {largest:.1} MiB: the aim for the peak is 2 × {largest:.1} + 60 = {:.0} MiB",
        2.0 * largest + 60.0
    );
    println!(
        "the CLI export in a fresh process (labour-brand export --bundle): {}",
        cli_runs
            .iter()
            .map(|(s, k)| format!("{s:.2} s, {} MiB peak", k / 1024))
            .collect::<Vec<_>>()
            .join("; ")
    );
}
