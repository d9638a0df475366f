//! The draft store: save and reopen, history and restore, migration from the previous schema,
//! corrupt / foreign / newer files left untouched, and two connections writing at once.

use labour_brand::example::example;
use labour_brand::store::{Store, StoreError, HISTORY_LIMIT, SCHEMA_VERSION};
use labour_brand::{BrandType, Draft};
use rusqlite::Connection;
use serde_json::json;

fn db() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sub").join("drafts.sqlite3");
    (dir, path)
}

#[test]
fn save_and_reopen_keeps_every_field() {
    let (_d, path) = db();
    let draft = example(BrandType::Culture);
    let id = {
        let store = Store::open(&path).unwrap();
        store
            .create(&draft.display_name(), &draft, "lyg-city-2024")
            .unwrap()
            .id
    };
    let store = Store::open(&path).unwrap();
    let rec = store.load(id).unwrap();
    assert_eq!(rec.draft, draft);
    assert_eq!(rec.meta.name, "东海水晶工匠");
    assert_eq!(rec.meta.brand_type.as_deref(), Some("culture"));
    assert_eq!(rec.meta.revision, 1);
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
}

#[test]
fn history_keeps_previous_versions_and_restores_them() {
    let (_d, path) = db();
    let mut store = Store::open(&path).unwrap();
    let mut draft = Draft::default();
    let id = store.create("未命名草稿", &draft, "e").unwrap().id;
    for n in 1..=3 {
        draft.facts.insert("common.workers".into(), json!(n * 1000));
        store.save(id, &draft).unwrap();
    }
    // An unchanged save adds nothing.
    let meta = store.save(id, &draft).unwrap();
    assert_eq!(meta.revision, 4);
    let history = store.history(id).unwrap();
    assert_eq!(
        history.iter().map(|h| h.revision).collect::<Vec<_>>(),
        vec![3, 2, 1]
    );
    assert_eq!(
        store.version(id, 2).unwrap().facts["common.workers"],
        json!(1000)
    );
    let meta = store.restore(id, 2).unwrap();
    assert_eq!(meta.revision, 5);
    assert_eq!(
        store.load(id).unwrap().draft.facts["common.workers"],
        json!(1000)
    );
    // The state before the restore is itself in the history.
    assert_eq!(
        store.version(id, 4).unwrap().facts["common.workers"],
        json!(3000)
    );
    assert!(matches!(
        store.version(id, 99),
        Err(StoreError::NoSuchVersion { .. })
    ));
}

#[test]
fn history_is_bounded() {
    let (_d, path) = db();
    let mut store = Store::open(&path).unwrap();
    let mut draft = Draft::default();
    let id = store.create("x", &draft, "e").unwrap().id;
    for n in 0..(HISTORY_LIMIT + 10) {
        draft.facts.insert("common.workers".into(), json!(n));
        store.save(id, &draft).unwrap();
    }
    let h = store.history(id).unwrap();
    assert_eq!(h.len() as i64, HISTORY_LIMIT);
    assert_eq!(h[0].revision, HISTORY_LIMIT + 10);
}

#[test]
fn name_follows_the_brand_name_until_renamed() {
    let (_d, path) = db();
    let mut store = Store::open(&path).unwrap();
    let mut draft = Draft::default();
    let id = store.create(&draft.display_name(), &draft, "e").unwrap().id;
    draft.form1.brand_name = "连云港海鲜厨师".into();
    assert_eq!(store.save(id, &draft).unwrap().name, "连云港海鲜厨师");
    store.rename(id, "我的申报").unwrap();
    draft.form1.brand_name = "连云港海鲜厨师2".into();
    assert_eq!(store.save(id, &draft).unwrap().name, "我的申报");
}

#[test]
fn delete_goes_to_the_recycle_bin_and_can_be_undone() {
    let (_d, path) = db();
    let store = Store::open(&path).unwrap();
    let draft = example(BrandType::Skill);
    let id = store.create("a", &draft, "e").unwrap().id;
    let copy = store.duplicate(id).unwrap();
    assert_eq!(copy.name, "a（副本）");
    store.delete(id).unwrap();
    assert_eq!(store.list().unwrap().len(), 1);
    assert_eq!(store.list_deleted().unwrap()[0].meta.id, id);
    store.undelete(id).unwrap();
    assert_eq!(store.list().unwrap().len(), 2);
    store.purge(id).unwrap();
    assert!(matches!(store.load(id), Err(StoreError::NotFound(_))));
    assert!(matches!(
        store.rename(999, "x"),
        Err(StoreError::NotFound(999))
    ));
}

#[test]
fn migrates_a_database_of_the_previous_schema() {
    let (_d, path) = db();
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let draft = example(BrandType::Livelihood);
    {
        // Schema 1 as the first release wrote it.
        let c = Connection::open(&path).unwrap();
        c.execute_batch(
            "CREATE TABLE drafts (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, brand_type TEXT,
               created_at TEXT NOT NULL, updated_at TEXT NOT NULL, doc_version INTEGER NOT NULL, doc TEXT NOT NULL);
             PRAGMA user_version = 1; PRAGMA application_id = 1279414852;",
        )
        .unwrap();
        c.execute(
            "INSERT INTO drafts (name, brand_type, created_at, updated_at, doc_version, doc) VALUES ('旧草稿', 'livelihood', 't', 't', 1, ?1)",
            [serde_json::to_string(&draft).unwrap()],
        )
        .unwrap();
    }
    let mut store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    let rec = store.load(1).unwrap();
    assert_eq!(rec.draft, draft);
    assert_eq!(rec.meta.rubric_edition, "lyg-city-2024");
    store.save(1, &Draft::default()).unwrap();
    assert_eq!(store.history(1).unwrap().len(), 1);
}

fn assert_untouched(path: &std::path::Path, before: &[u8]) {
    assert_eq!(
        std::fs::read(path).unwrap(),
        before,
        "the file must not be written"
    );
}

#[test]
fn corrupt_file_is_reported_and_left_untouched_until_asked() {
    let (_d, path) = db();
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let garbage: Vec<u8> = (0..8192u32).map(|i| (i * 7 % 251) as u8).collect();
    std::fs::write(&path, &garbage).unwrap();
    let err = Store::open(&path).err().expect("corrupt file refused");
    assert!(matches!(err, StoreError::Corrupt { .. }), "{err}");
    assert!(err.to_string().contains("草稿数据库已损坏"));
    assert_untouched(&path, &garbage);
    let (store, aside) = Store::open_fresh(&path).unwrap();
    let aside = aside.expect("old file moved aside");
    assert_eq!(std::fs::read(&aside).unwrap(), garbage);
    assert!(store.list().unwrap().is_empty());
}

#[test]
fn truncated_database_is_reported() {
    let (_d, path) = db();
    {
        let store = Store::open(&path).unwrap();
        for i in 0..200 {
            store
                .create(&format!("d{i}"), &example(BrandType::Skill), "e")
                .unwrap();
        }
    }
    let bytes = std::fs::read(&path).unwrap();
    assert!(bytes.len() > 8192);
    let cut = bytes[..bytes.len() / 2].to_vec();
    std::fs::write(&path, &cut).unwrap();
    let _ = std::fs::remove_file(path.with_extension("sqlite3-wal"));
    let result = Store::open(&path).and_then(|s| s.list().map(|_| ()));
    assert!(
        result.is_err(),
        "a truncated database must not pass silently"
    );
}

#[test]
fn newer_and_foreign_databases_are_refused() {
    let (_d, path) = db();
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    {
        let c = Connection::open(&path).unwrap();
        c.execute_batch(
            "CREATE TABLE t(x); PRAGMA user_version = 99; PRAGMA application_id = 1279414852;",
        )
        .unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    let err = Store::open(&path).err().unwrap();
    assert!(matches!(err, StoreError::Newer { found: 99, .. }), "{err}");
    assert_untouched(&path, &before);

    let other = path.with_file_name("other.sqlite3");
    Connection::open(&other)
        .unwrap()
        .execute_batch("CREATE TABLE contacts(name);")
        .unwrap();
    let before = std::fs::read(&other).unwrap();
    assert!(matches!(
        Store::open(&other),
        Err(StoreError::Foreign { .. })
    ));
    assert_untouched(&other, &before);
}

#[test]
fn two_connections_writing_at_once_lose_nothing() {
    let (_d, path) = db();
    let (id_a, id_b) = {
        let s = Store::open(&path).unwrap();
        (
            s.create("a", &Draft::default(), "e").unwrap().id,
            s.create("b", &Draft::default(), "e").unwrap().id,
        )
    };
    let writers: Vec<_> = [(id_a, 0), (id_b, 0), (id_a, 1000)]
        .into_iter()
        .map(|(id, base)| {
            let path = path.clone();
            std::thread::spawn(move || {
                let mut store = Store::open(&path).unwrap();
                for n in 0..40 {
                    let mut d = Draft::default();
                    d.facts.insert("common.workers".into(), json!(base + n));
                    store.save(id, &d).unwrap();
                }
            })
        })
        .collect();
    for w in writers {
        w.join().unwrap();
    }
    let store = Store::open(&path).unwrap();
    let check: String = Connection::open(&path)
        .unwrap()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    // 40 + 40 saves on draft a (each a real change), 40 on b: revisions count every save.
    assert_eq!(store.meta(id_a).unwrap().revision, 81);
    assert_eq!(store.meta(id_b).unwrap().revision, 41);
    assert_eq!(
        store.load(id_b).unwrap().draft.facts["common.workers"],
        json!(39)
    );
}

#[test]
fn a_killed_writer_leaves_the_last_committed_version() {
    // A child process saves in a tight loop and is killed mid-way; the database must open,
    // pass its integrity check and hold a complete draft.
    let (_d, path) = db();
    let id = Store::open(&path)
        .unwrap()
        .create("x", &example(BrandType::Skill), "e")
        .unwrap()
        .id;
    let exe = env!("CARGO_BIN_EXE_labour-brand");
    let dir = tempfile::tempdir().unwrap();
    let files: Vec<_> = (0..2)
        .map(|i| {
            let mut d = example(if i == 0 {
                BrandType::Skill
            } else {
                BrandType::Service
            });
            d.form1.summary = "很长的基本情况".repeat(60);
            let f = dir.path().join(format!("{i}.json"));
            std::fs::write(&f, serde_json::to_string(&d).unwrap()).unwrap();
            f
        })
        .collect();
    let script = format!(
        "while true; do {exe} drafts --db '{db}' import '{a}' >/dev/null; {exe} drafts --db '{db}' import '{b}' >/dev/null; done",
        db = path.display(),
        a = files[0].display(),
        b = files[1].display()
    );
    let mut child = std::process::Command::new("sh")
        .arg("-c")
        .arg(&script)
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(700));
    let _ = std::process::Command::new("pkill")
        .arg("-9")
        .arg("-P")
        .arg(child.id().to_string())
        .status();
    child.kill().unwrap();
    child.wait().unwrap();
    let store = Store::open(&path).unwrap();
    let all = store.list().unwrap();
    assert!(all.len() > 1, "the writer made progress");
    assert!(all.iter().any(|r| r.meta.id == id));
    for rec in all {
        assert!(
            rec.draft.form1.brand_type.is_some(),
            "every stored draft is complete"
        );
    }
}
