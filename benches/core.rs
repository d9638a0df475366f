//! Benchmarks of the core: scoring one draft, saving one draft to the store, the PDF and Word
//! exports, and the county summary of 1,000 draft files.
//! Run: `cargo bench --bench core`. Figures are recorded in docs/performance.md.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use labour_brand::example::example;
use labour_brand::rubric::{score_with, Rubric, Standard};
use labour_brand::store::Store;
use labour_brand::BrandType;

fn scoring(c: &mut Criterion) {
    let rubric = Rubric::city();
    let standard = Standard::provincial();
    for t in [BrandType::Skill, BrandType::Livelihood] {
        let draft = example(t);
        c.bench_function(&format!("score/{}", t.key()), |b| {
            b.iter(|| score_with(rubric, Some(standard), black_box(&draft)))
        });
    }
}

/// What the window runs on every keystroke: score, findings (with the print plan of 附件1 that
/// says "将以 N 磅打印"), counts, for a draft with a 440-字 基本情况 in 10 lines.
fn evaluating(c: &mut Criterion) {
    let rubric = Rubric::city();
    let standard = Standard::provincial();
    let mut draft = example(BrandType::Service);
    draft.form1.summary = vec![
            "港城家政员品牌现有从业人员8500人，开发母婴护理、养老护理等专门职业培训项目6个，推行"
                .to_string();
            10
        ]
    .join("\n");
    labour_brand::pdf::fonts::FontSet::bundled().unwrap();
    c.bench_function("evaluate/summary_500", |b| {
        b.iter(|| labour_brand::summary::evaluate(black_box(&draft), rubric, Some(standard)))
    });
    // The very call behind the page's `evaluate` command on a keystroke: the application layer
    // with the items that have files (the evidence warnings).
    let dir = tempfile::tempdir().unwrap();
    let app = labour_brand::app::App::open(&dir.path().join("d.sqlite3"));
    let edition = app.editions().current().id().to_string();
    let with_files = vec!["basic.3".to_string(), "service.2".to_string()];
    let open: Vec<String> = Vec::new();
    c.bench_function("evaluate/live_keystroke", |b| {
        b.iter(|| {
            app.evaluate_live(&edition, black_box(&draft), Some(&with_files), &open)
                .unwrap()
        })
    });
}

fn saving(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("bench.sqlite3")).unwrap();
    let a = example(BrandType::Culture);
    let mut b = a.clone();
    b.form1.summary.push('。');
    let id = store.create("bench", &a, "e").unwrap().id;
    let mut flip = false;
    c.bench_function("store/save", |bench| {
        bench.iter(|| {
            flip = !flip;
            store.save(id, if flip { &b } else { &a }).unwrap()
        })
    });
}

fn exporting(c: &mut Criterion) {
    let rubric = Rubric::city();
    let draft = example(BrandType::Culture);
    labour_brand::pdf::fonts::FontSet::bundled().unwrap();
    let options = labour_brand::pdf::ExportOptions::default();
    c.bench_function("pdf/export_both_forms", |b| {
        b.iter(|| labour_brand::pdf::render(black_box(&draft), rubric, &options).unwrap())
    });
}

fn word(c: &mut Criterion) {
    let rubric = Rubric::city();
    let draft = example(BrandType::Culture);
    let options = labour_brand::pdf::ExportOptions::default();
    c.bench_function("docx/export_both_forms", |b| {
        b.iter(|| labour_brand::docx::render(black_box(&draft), rubric, &options).unwrap())
    });
}

/// The county bureau's case: 1,000 draft files in a folder (the four types, each file a
/// little different), read, scored and written as one workbook. Aim: ≤ 2 s.
fn batch(c: &mut Criterion) {
    use labour_brand::draftfile::DraftFile;
    let dir = tempfile::tempdir().unwrap();
    let edition = &Rubric::city().edition_id;
    for i in 0..1000 {
        let mut d = example(BrandType::ALL[i % 4]);
        d.form1.brand_name = format!("{}{i}", d.form1.brand_name);
        let file = DraftFile::new(&d.display_name(), edition, d);
        std::fs::write(dir.path().join(format!("{i:04}.json")), file.to_json()).unwrap();
    }
    let out = tempfile::tempdir().unwrap();
    let mut group = c.benchmark_group("batch");
    group.sample_size(10);
    group.bench_function("1000_files_to_xlsx", |b| {
        b.iter(|| {
            let batch = labour_brand::batch::score_files(
                &[dir.path().to_path_buf()],
                labour_brand::rubric::Editions::shipped(),
            );
            assert_eq!(batch.rows.len(), 1000);
            let bytes = batch.to_xlsx(Rubric::city()).unwrap();
            labour_brand::output::write_atomic(&out.path().join("汇总.xlsx"), &bytes).unwrap();
        })
    });
    group.finish();
}

criterion_group!(benches, scoring, evaluating, saving, exporting, word, batch);
criterion_main!(benches);
