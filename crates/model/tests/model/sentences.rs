//! Every sentence the engine can make, read with a native speaker's eye: over the complete
//! examples, empty drafts of each type, and each example with one fact removed or answered
//! 否/0 in turn, no explanation may contain a pattern that reads wrong.

use labour_brand_model::example::example;
use labour_brand_model::rubric::{score_with, Rubric, Standard};
use labour_brand_model::{BrandType, Draft};
use serde_json::json;

/// Patterns that must never appear, and why.
const NEVER: &[(&str, &str)] = &[
    ("约-", "a negative premium reads 高出 约-4.76%"),
    ("高出 -", "a negative premium"),
    ("最多加 0 分", "an item without bonuses promises 0 points"),
    ("（无）", "an empty list printed as （无）"),
    ("约0 ", "a gap rounded to 约0"),
    (" %", "a space before %"),
    ("  ", "a double space"),
    ("，，", "a doubled comma"),
    ("。。", "a doubled full stop"),
    ("NaN", "not a number"),
    ("占 ", "a stray space after 占"),
    ("的 约", "a stray space before an approximate share"),
];

fn drafts() -> Vec<Draft> {
    let mut out = Vec::new();
    for t in BrandType::ALL {
        let mut empty = Draft::default();
        empty.form1.brand_type = Some(t);
        out.push(empty);
        let full = example(t);
        for key in full.facts.keys() {
            let mut without = full.clone();
            without.facts.remove(key);
            out.push(without);
            let mut no = full.clone();
            let v = &full.facts[key];
            let answer = if v.is_boolean() {
                json!(false)
            } else if v.is_array() {
                json!([])
            } else {
                json!("0")
            };
            no.facts.insert(key.clone(), answer);
            out.push(no);
        }
        out.push(full);
    }
    out
}

#[test]
fn no_explanation_reads_wrong() {
    let rubric = Rubric::city();
    let mut checked = 0;
    let mut bad = Vec::new();
    for d in drafts() {
        let s = score_with(rubric, Some(Standard::provincial()), &d);
        let sentences = s
            .items
            .iter()
            .map(|i| (i.id.clone(), i.explanation.clone()))
            .chain(
                s.provincial
                    .iter()
                    .map(|p| (format!("省级 {}", p.id), p.explanation.clone())),
            )
            .chain(std::iter::once(("summary".to_string(), s.summary.clone())));
        for (id, text) in sentences {
            checked += 1;
            for (pattern, why) in NEVER {
                if text.contains(pattern) {
                    bad.push(format!("{id}: {why}: «{text}»"));
                }
            }
        }
    }
    assert!(checked > 1000, "only {checked} sentences");
    bad.sort();
    bad.dedup();
    assert!(
        bad.is_empty(),
        "{} sentence(s) read wrong:\n{}",
        bad.len(),
        bad.join("\n")
    );
}
