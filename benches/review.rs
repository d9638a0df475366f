//! The county's desk at a large county's scale, timed in-process (a bench binary: the fixture
//! is large and made once). Run: `cargo bench --bench review`.
//!
//! Fixture: 200 applications, each a draft container with 30 evidence pictures of about 20 KB
//! (noise: they do not compress), 117 MB in all. Measured: receiving the folder into a fresh
//! workspace (each file read, hashed, checked, frozen) and the list that scores every application
//! both ways (自评分 and 核定分) with its hints; the peak resident memory (VmHWM) against the
//! largest file and the sum; opening one item's evidence from its received container (median
//! of 50).

use std::time::Instant;

use labour_brand::draft::BrandType;
use labour_brand::example::example;
use labour_brand::review::{self, sample::container_of, Desk, Settings};
use labour_brand::rubric::Editions;

fn vm_hwm_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("收件");
    std::fs::create_dir(&folder).unwrap();
    let items = [
        "basic.1", "basic.2", "basic.3", "skill.1", "skill.2", "skill.3",
    ];
    let (mut total, mut largest) = (0u64, 0u64);
    let made = Instant::now();
    for n in 0..200u64 {
        let mut d = example(BrandType::Skill);
        d.form1.brand_name = format!("劳务品牌{n:03}");
        d.form1.unit = format!("培育建设单位{n:03}");
        let files: Vec<(&str, String)> = (0..30)
            .map(|k| (items[k % items.len()], format!("佐证材料{k:02}")))
            .collect();
        let refs: Vec<(&str, &str)> = files.iter().map(|(i, t)| (*i, t.as_str())).collect();
        let bytes = container_of(&d, &refs, n + 10, 80);
        total += bytes.len() as u64;
        largest = largest.max(bytes.len() as u64);
        std::fs::write(folder.join(format!("{n:03}.lbdraft")), bytes).unwrap();
    }
    eprintln!(
        "fixture: 200 containers, {:.0} MB (largest {:.2} MB), made in {:.1} s",
        total as f64 / 1e6,
        largest as f64 / 1e6,
        made.elapsed().as_secs_f64()
    );
    let before = vm_hwm_kib();
    let editions = Editions::shipped();
    let mut desk = Desk::open(&dir.path().join("review.sqlite3")).unwrap();
    desk.set_settings(&Settings {
        county: "某县人力资源和社会保障局".into(),
        reviewer: "基准".into(),
        ..Settings::default()
    })
    .unwrap();
    let t = Instant::now();
    let report = review::receive(&mut desk, editions, &[folder.clone()]).unwrap();
    let received = t.elapsed();
    assert_eq!(report.new_count(), 200);
    let t = Instant::now();
    let rows = review::overview(&desk, editions).unwrap();
    let listed = t.elapsed();
    assert_eq!(rows.len(), 200);
    let after = vm_hwm_kib();
    println!(
        "review/receive_200x30: {:.2} s; review/overview_200: {:.3} s; receive + score: {:.2} s (aim ≤ 5 s)",
        received.as_secs_f64(),
        listed.as_secs_f64(),
        (received + listed).as_secs_f64()
    );
    println!(
        "peak resident memory: {:.1} MB before, {:.1} MB after (files: largest {:.2} MB, sum {:.0} MB)",
        before as f64 / 1024.0,
        after as f64 / 1024.0,
        largest as f64 / 1e6,
        total as f64 / 1e6
    );
    let v = desk.version(&rows[0].sha256).unwrap();
    let mut times: Vec<f64> = (0..50)
        .map(|k| {
            let m = &v.evidence[k % v.evidence.len()];
            let t = Instant::now();
            let (_, bytes) = desk.evidence(&v.sha256, &m.sha256).unwrap();
            assert_eq!(bytes.len() as u64, m.size);
            t.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    times.sort_by(|a, b| a.total_cmp(b));
    println!(
        "review/open_evidence: median {:.2} ms, max {:.2} ms (aim ≤ 200 ms)",
        times[times.len() / 2],
        times[times.len() - 1]
    );
}
