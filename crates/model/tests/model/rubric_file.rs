//! The shipped rubric files: they load, carry the official wording of all 31 items exactly as in
//! the official text (tests/fixtures/official-text.txt, a copy of the seed), and a bad file
//! fails at load with a message naming the item and the problem.

use labour_brand_model::rubric::{
    Rubric, RubricError, Standard, CITY_RUBRIC_TOML, PROVINCIAL_STANDARD_TOML,
};

/// The official text with whitespace and the page-break artefacts of the extraction removed
/// (the repeated column header and category cells that split a cell across pages).
fn official_text() -> String {
    let raw = include_str!("../../../../tests/fixtures/official-text.txt");
    let mut s: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
    for artefact in [
        "类别项目标准分值评分依据自评分分类条件(三)文化旅游类劳务品牌(100分)",
        "类别项目标准分值评分依据自评分分类条件(四)民生保障类劳务品牌(100分)",
    ] {
        s = s.replace(artefact, "");
    }
    s
}

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn shipped_rubric_has_31_items_with_the_official_wording() {
    let r = Rubric::city();
    assert_eq!(r.items.len(), 31);
    let ids: Vec<&str> = r.items.iter().map(|i| i.id.as_str()).collect();
    for n in 1..=11 {
        assert!(ids.contains(&format!("basic.{n}").as_str()));
    }
    for t in ["skill", "service", "culture", "livelihood"] {
        for n in 1..=5 {
            assert!(ids.contains(&format!("{t}.{n}").as_str()), "{t}.{n}");
        }
    }
    let official = official_text();
    for item in &r.items {
        assert!(
            official.contains(&squash(&item.standard)),
            "{}: 标准 not verbatim: {}",
            item.id,
            item.standard
        );
        assert!(
            official.contains(&squash(&item.basis)),
            "{}: 评分依据 not verbatim: {}",
            item.id,
            item.basis
        );
        assert!(!item.source.is_empty());
    }
    assert_eq!(r.edition_id, "lyg-city-2024");
}

#[test]
fn provincial_standard_loads_with_every_category_item() {
    let s = Standard::provincial();
    assert_eq!(s.items.len(), 20);
    let official = official_text();
    for it in &s.items {
        if !it.inferred {
            assert!(
                official.contains(&squash(&it.standard)),
                "{}: {}",
                it.id,
                it.standard
            );
        }
    }
    assert!(
        s.item("skill.1").unwrap().inferred,
        "the extraction lost 中高端 item 1"
    );
}

fn broken(from: &str, to: &str) -> RubricError {
    assert!(
        CITY_RUBRIC_TOML.contains(from),
        "fixture text `{from}` not found"
    );
    Rubric::from_toml(&CITY_RUBRIC_TOML.replacen(from, to, 1)).expect_err("must fail")
}

#[test]
fn a_bad_rubric_fails_at_load_naming_the_item_and_the_problem() {
    let e = broken(
        r#"op = ">=", value = "3000""#,
        r#"op = ">=", value = "three thousand""#,
    )
    .to_string();
    assert!(e.contains("skill.1") && e.contains("not a decimal"), "{e}");
    let e = broken(
        r#"fact = "skill.little_giants", is = false"#,
        r#"fact = "skill.giants", is = false"#,
    )
    .to_string();
    assert!(
        e.contains("skill.5") && e.contains("unknown fact `skill.giants`"),
        "{e}"
    );
    let e = broken(
        r#"fact = "culture.product_level", in = ["province", "nation"]"#,
        r#"fact = "culture.product_level", in = ["province", "planet"]"#,
    )
    .to_string();
    assert!(
        e.contains("culture.3") && e.contains("no option `planet`"),
        "{e}"
    );
    let e = broken(
        r#"fact = "service.training_program", is = false"#,
        r#"fact = "common.workers", is = false"#,
    )
    .to_string();
    assert!(e.contains("service.2") && e.contains("yes/no"), "{e}");
    let e = broken("id = \"skill.2\"", "id = \"skill.1\"").to_string();
    assert!(e.contains("skill.1") && e.contains("used twice"), "{e}");
    let e = broken("rule = \"deduct\"\nstart = 20", "rule = \"deduct\"").to_string();
    assert!(e.contains("needs `start`"), "{e}");
    let e = broken(
        "subject = \"从业人员 {common.workers} 人\"",
        "subject = \"从业人员 {common.worker} 人\"",
    )
    .to_string();
    assert!(e.contains("skill.1") && e.contains("common.worker"), "{e}");
    assert!(matches!(
        Rubric::from_toml("edition = ["),
        Err(RubricError::Syntax(_))
    ));
    let bad_std = PROVINCIAL_STANDARD_TOML.replacen("id = \"skill.1\"", "id = \"skill.9\"", 1);
    let e = Standard::from_toml(&bad_std, Rubric::city())
        .err()
        .unwrap()
        .to_string();
    assert!(e.contains("skill.9"), "{e}");
}

#[test]
fn facts_know_which_items_use_them() {
    let r = Rubric::city();
    let workers = r.fact("common.workers").unwrap();
    for id in [
        "skill.1",
        "skill.3",
        "service.1",
        "culture.1",
        "livelihood.1",
        "livelihood.2",
    ] {
        assert!(workers.items.contains(&id.to_string()), "{id}");
    }
    for f in &r.facts {
        assert!(!f.items.is_empty(), "fact {} is used by no item", f.key);
    }
}
