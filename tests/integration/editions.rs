//! Rubric editions by data: every draft is scored by the edition it names, an unknown edition
//! is an error (never a silent fallback), new drafts use the current edition, and an old draft
//! moves to the current one only by an explicit action that keeps a version.
//!
//! The second edition is test-only (`tests/fixtures/rubric/lyg-city-test-2099.toml`): the city
//! rubric with 注册商标 worth 3 分 instead of 2.

use labour_brand::app::{App, Evidence};
use labour_brand::draftfile::DraftFile;
use labour_brand::example::example;
use labour_brand::rubric::{Edition, Editions, FIRST_EDITION};
use labour_brand::BrandType;

const TEST_EDITION: &str = "lyg-city-test-2099";

fn test_edition() -> Edition {
    let text = include_str!("../fixtures/rubric/lyg-city-test-2099.toml");
    Edition::from_toml(text, None).expect("the test edition loads")
}

/// The shipped editions with the test one made current, as a later build would ship them.
fn editions() -> Editions {
    Editions::shipped().clone().with(test_edition(), true)
}

/// A draft with a registered trademark: 2 分 by the 2024 edition, 3 by the test one.
fn trademark_draft() -> labour_brand::Draft {
    let mut d = example(BrandType::Skill);
    d.facts
        .insert("basic.3.trademark".into(), serde_json::json!(true));
    d
}

fn points(edition: Edition, d: &labour_brand::Draft, item: &str) -> u32 {
    edition
        .score(d)
        .items
        .iter()
        .find(|i| i.id == item)
        .unwrap()
        .points
}

#[test]
fn each_edition_scores_by_its_own_rules() {
    let d = trademark_draft();
    let e = editions();
    assert_eq!(points(e.get(FIRST_EDITION).unwrap(), &d, "basic.3"), 2);
    assert_eq!(points(e.get(TEST_EDITION).unwrap(), &d, "basic.3"), 3);
    assert_eq!(e.current().id(), TEST_EDITION);
    // Adding an edition without making it current keeps the current one.
    let kept = Editions::shipped().clone().with(test_edition(), false);
    assert_eq!(kept.current().id(), FIRST_EDITION);
    assert_eq!(kept.all().len(), 2);
}

#[test]
fn an_unknown_edition_is_an_error_naming_it_never_a_fallback() {
    let err = Editions::shipped().get("lyg-city-2031").unwrap_err();
    let msg = err.to_string();
    assert!(
        msg.contains("lyg-city-2031") && msg.contains(FIRST_EDITION),
        "{msg}"
    );
    assert!(msg.contains("不认识"), "{msg}");
}

#[test]
fn a_stored_draft_is_scored_by_its_edition_until_it_is_moved_explicitly() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.sqlite3");
    let d = trademark_draft();
    // Made by this build (2024 current)…
    let old = App::open(&db).add(Some("旧版草稿"), &d).unwrap();
    assert_eq!(old.rubric_edition, FIRST_EDITION);
    // …opened by a later build whose current edition is the test one.
    let app = App::open(&db).with_editions(editions());
    let new = app.add(Some("新草稿"), &d).unwrap();
    assert_eq!(new.rubric_edition, TEST_EDITION);

    let list = app.list().unwrap();
    let total = |id| list.iter().find(|s| s.meta.id == id).unwrap().total;
    assert_eq!(
        total(new.id) - total(old.id),
        1,
        "3 分 vs 2 分 for the trademark"
    );
    let basic3 = |ev: labour_brand::summary::Evaluation| {
        ev.score
            .items
            .iter()
            .find(|i| i.id == "basic.3")
            .unwrap()
            .points
    };
    assert_eq!(basic3(app.evaluate(FIRST_EDITION, &d).unwrap()), 2);
    assert_eq!(basic3(app.evaluate(TEST_EDITION, &d).unwrap()), 3);

    // Moving the old draft keeps its state before as a named version.
    let up = app.upgrade_edition(old.id).unwrap();
    assert_eq!(up.from, FIRST_EDITION);
    assert_eq!(up.record.meta.rubric_edition, TEST_EDITION);
    assert_eq!(up.record.draft, d, "the facts are kept as typed");
    let history = app.history(old.id).unwrap();
    assert!(
        history
            .iter()
            .any(|v| v.entry.pin.as_deref() == Some(up.kept_as.as_str())),
        "{:?}",
        history.iter().map(|v| &v.entry.pin).collect::<Vec<_>>()
    );
    assert!(up.kept_as.contains("2024"), "{}", up.kept_as);
    let list = app.list().unwrap();
    let total = |id| list.iter().find(|s| s.meta.id == id).unwrap().total;
    assert_eq!(total(old.id), total(new.id));
    // Moving again is refused with its own code.
    assert_eq!(
        app.upgrade_edition(old.id).unwrap_err().code(),
        "edition_current"
    );
}

#[test]
fn a_draft_of_an_edition_this_build_lacks_is_listed_unreadable_and_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.sqlite3");
    // Written by a later build with the test edition…
    let later = App::open(&db).with_editions(editions());
    let id = later.add(None, &trademark_draft()).unwrap().id;
    // …read by this build, which does not have it.
    let app = App::open(&db);
    let line = app
        .list()
        .unwrap()
        .into_iter()
        .find(|s| s.meta.id == id)
        .unwrap();
    let why = line.unreadable.expect("listed as unreadable");
    assert!(why.contains(TEST_EDITION), "{why}");
    assert_eq!(line.status, "无法读取");
    assert_eq!(app.history(id).unwrap_err().code(), "unknown_edition");
    assert_eq!(
        app.evaluate(TEST_EDITION, &trademark_draft())
            .unwrap_err()
            .code(),
        "unknown_edition"
    );
    // Its draft file carries the edition, and this build's county summary says it cannot
    // score it instead of scoring it by 2024.
    let file = dir.path().join("x.json");
    later
        .export_draft_to(id, &file, false, Evidence::Keep)
        .unwrap();
    let text = std::fs::read_to_string(&file).unwrap();
    let parsed: DraftFile = serde_json::from_str(&text).unwrap();
    assert_eq!(parsed.rubric_edition, TEST_EDITION);
    let batch = app.summarise(&[file.clone()]);
    assert!(batch.rows.is_empty());
    assert!(batch.failures[0].reason.contains(TEST_EDITION));
    // The later build scores it.
    assert_eq!(later.summarise(&[file]).rows.len(), 1);
}

#[test]
fn a_file_that_names_no_edition_is_the_first_edition() {
    let bare = serde_json::to_vec(&example(BrandType::Service)).unwrap();
    let f = labour_brand::incoming::parse_draft(&bare).unwrap();
    assert_eq!(f.rubric_edition, FIRST_EDITION);
}
