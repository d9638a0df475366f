//! Benchmarks of the core: scoring one draft, and saving one draft to the store.
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

criterion_group!(benches, scoring, saving, exporting);
criterion_main!(benches);
