//! The draft store: save and reopen, history and restore, migration from the previous schema,
//! corrupt / foreign / newer files left untouched, and two connections writing at once.

use labour_brand::example::example;
use labour_brand::store::{Store, StoreError, VersionReason, HISTORY_LIMIT, SCHEMA_VERSION};
use labour_brand::summary::{describe_history, summarize_all};
use labour_brand::{BrandType, Draft, Rubric};
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
    // Every save makes a version here (the interval is zero), as in a long session.
    store.set_snapshot_interval(std::time::Duration::ZERO);
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
    store.set_snapshot_interval(std::time::Duration::ZERO);
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
fn a_session_of_typing_makes_one_version_not_one_per_pause() {
    let (_d, path) = db();
    let mut store = Store::open(&path).unwrap();
    let mut draft = Draft::default();
    let id = store.create("x", &draft, "e").unwrap().id;
    // 120 autosaves in one editing session (one per pause in the typing).
    for n in 0..120 {
        draft.form1.summary = format!("基本情况第 {n} 稿");
        store.save(id, &draft).unwrap();
    }
    let h = store.history(id).unwrap();
    assert_eq!(h.len(), 1, "one version: the state before this session");
    assert_eq!(h[0].reason, VersionReason::Session);
    assert_eq!(h[0].revision, 1);
    // The live document is the last keystroke.
    assert_eq!(
        store.load(id).unwrap().draft.form1.summary,
        "基本情况第 119 稿"
    );

    // A type change keeps the state before it.
    draft.form1.brand_type = Some(BrandType::Skill);
    store.save(id, &draft).unwrap();
    let h = store.history(id).unwrap();
    assert_eq!(h.len(), 2);
    assert_eq!(h[0].reason, VersionReason::TypeChange);
    assert_eq!(h[0].draft.as_ref().unwrap().form1.brand_type, None);

    // A new session (another window, the next day) keeps the state it started from.
    drop(store);
    let mut store = Store::open(&path).unwrap();
    draft.form1.leader = "王建国".into();
    store.save(id, &draft).unwrap();
    draft.form1.leader = "王建国2".into();
    store.save(id, &draft).unwrap();
    let h = store.history(id).unwrap();
    assert_eq!(h.len(), 3);
    assert_eq!(h[0].reason, VersionReason::Session);
    assert_eq!(h[0].draft.as_ref().unwrap().form1.leader, "");
}

#[test]
fn named_versions_are_never_pruned_and_checkpoints_do_not_duplicate() {
    let (_d, path) = db();
    let mut store = Store::open(&path).unwrap();
    store.set_snapshot_interval(std::time::Duration::ZERO);
    let mut draft = Draft::default();
    let id = store.create("x", &draft, "e").unwrap().id;
    draft.form1.brand_name = "送审稿".into();
    store.save(id, &draft).unwrap();
    assert!(store
        .checkpoint(id, VersionReason::Named, Some("送审前"))
        .unwrap());
    // The same state exported twice is one version.
    assert!(!store.checkpoint(id, VersionReason::Export, None).unwrap());
    let named_revision = store.meta(id).unwrap().revision;
    for n in 0..(HISTORY_LIMIT + 20) {
        draft.facts.insert("common.workers".into(), json!(n));
        store.save(id, &draft).unwrap();
    }
    let h = store.history(id).unwrap();
    assert_eq!(
        h.len() as i64,
        HISTORY_LIMIT + 1,
        "50 unnamed plus the named one"
    );
    let named = h
        .iter()
        .find(|e| e.pin.as_deref() == Some("送审前"))
        .expect("kept");
    assert_eq!(named.revision, named_revision);
    assert_eq!(named.draft.as_ref().unwrap().form1.brand_name, "送审稿");
    // An earlier version can be named, and unnamed again.
    let oldest = h.last().unwrap().revision;
    store.pin(id, oldest, Some("  初稿 ")).unwrap();
    assert_eq!(
        store.history(id).unwrap().last().unwrap().pin.as_deref(),
        Some("初稿")
    );
    assert!(matches!(
        store.pin(id, 9999, Some("x")),
        Err(StoreError::NoSuchVersion { .. })
    ));
}

#[test]
fn the_history_says_what_changed_and_the_total() {
    let (_d, path) = db();
    let mut store = Store::open(&path).unwrap();
    store.set_snapshot_interval(std::time::Duration::ZERO);
    let mut draft = Draft::default();
    let id = store.create("x", &draft, "e").unwrap().id;
    draft.form1.brand_name = "连云港石化技工".into();
    draft.facts.insert("common.workers".into(), json!("4200"));
    store.save(id, &draft).unwrap();
    draft.form1.leader = "王建国".into();
    store.save(id, &draft).unwrap();
    let described = describe_history(Rubric::city(), store.history(id).unwrap());
    assert_eq!(described.len(), 2);
    assert_eq!(
        described[0].changes,
        "修改了 2 个字段：劳务品牌名称、从业人员人数"
    );
    // The oldest version is the blank new draft: said so, not "the same as the one before".
    assert_eq!(described[1].changes, "空白草稿");
    assert_eq!(
        described[1].code.as_deref(),
        Some(Draft::default().version_code().as_str())
    );
    assert!(
        matches!(
            described[0].total,
            labour_brand::summary::Total::Points { .. }
        ),
        "{:?}",
        described[0].total
    );
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

#[test]
fn migrates_schema_2_history_and_keeps_its_versions() {
    let (_d, path) = db();
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    {
        let c = Connection::open(&path).unwrap();
        for step in &labour_brand::store::MIGRATIONS[..2] {
            c.execute_batch(step).unwrap();
        }
        c.execute_batch("PRAGMA user_version = 2; PRAGMA application_id = 1279414852;")
            .unwrap();
        let doc = serde_json::to_string(&Draft::default()).unwrap();
        c.execute("INSERT INTO drafts (name, created_at, updated_at, doc_version, doc, revision) VALUES ('a','t','t',1,?1,2)", [&doc]).unwrap();
        c.execute("INSERT INTO history (draft_id, revision, saved_at, name, doc_version, doc) VALUES (1,1,'t','a',1,?1)", [&doc]).unwrap();
    }
    let store = Store::open(&path).unwrap();
    let h = store.history(1).unwrap();
    assert_eq!(h.len(), 1);
    assert_eq!(h[0].reason, VersionReason::Autosave);
    assert_eq!(h[0].pin, None);
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

#[test]
fn one_unreadable_draft_does_not_hide_the_others_and_is_never_rewritten() {
    let (_d, path) = db();
    let mut store = Store::open(&path).unwrap();
    let good = store
        .create(
            "能读的",
            &example(BrandType::Skill),
            labour_brand::rubric::FIRST_EDITION,
        )
        .unwrap()
        .id;
    let newer = store
        .create(
            "新版本的",
            &Draft::default(),
            labour_brand::rubric::FIRST_EDITION,
        )
        .unwrap()
        .id;
    let doc_from_the_future = r#"{"form1":{"brand_name":"x"},"new_thing":[1,2,3]}"#;
    Connection::open(&path)
        .unwrap()
        .execute(
            "UPDATE drafts SET doc_version = 7, doc = ?2 WHERE id = ?1",
            rusqlite::params![newer, doc_from_the_future],
        )
        .unwrap();
    let entries = store.entries().unwrap();
    assert_eq!(entries.len(), 2);
    let unreadable = entries
        .iter()
        .find_map(|e| e.as_ref().err())
        .expect("listed");
    assert_eq!(unreadable.meta.id, newer);
    assert!(
        unreadable.reason.contains("更新版本"),
        "{}",
        unreadable.reason
    );
    let lines = summarize_all(&entries, labour_brand::rubric::Editions::shipped());
    assert!(lines
        .iter()
        .any(|l| l.meta.id == good && l.unreadable.is_none() && l.total > 0));
    assert!(lines
        .iter()
        .any(|l| l.meta.id == newer && l.unreadable.is_some()));
    // Saving over it is refused; the stored document stays as it was.
    assert!(matches!(
        store.save(newer, &Draft::default()),
        Err(StoreError::BadDocument { .. })
    ));
    let (v, doc): (i64, String) = Connection::open(&path)
        .unwrap()
        .query_row(
            "SELECT doc_version, doc FROM drafts WHERE id = ?1",
            [newer],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((v, doc.as_str()), (7, doc_from_the_future));
}

#[test]
fn many_first_starts_at_once_all_open_the_same_new_database() {
    for round in 0..5 {
        let (_d, path) = db();
        let barrier = std::sync::Arc::new(std::sync::Barrier::new(12));
        let openers: Vec<_> = (0..12)
            .map(|_| {
                let (path, barrier) = (path.clone(), barrier.clone());
                std::thread::spawn(move || {
                    barrier.wait();
                    Store::open(&path).map(|s| s.schema_version().unwrap())
                })
            })
            .collect();
        for o in openers {
            match o.join().unwrap() {
                Ok(v) => assert_eq!(v, SCHEMA_VERSION),
                Err(e) => panic!("round {round}: a concurrent first open failed: {e}"),
            }
        }
    }
}

#[test]
fn open_fresh_leaves_a_usable_database_alone_and_never_overwrites_an_aside_copy() {
    let (_d, path) = db();
    let id = Store::open(&path)
        .unwrap()
        .create("留着", &Draft::default(), "e")
        .unwrap()
        .id;
    let (store, aside) = Store::open_fresh(&path).unwrap();
    assert_eq!(aside, None, "a healthy database is not set aside");
    assert_eq!(store.meta(id).unwrap().name, "留着");
    drop(store);
    // Two unusable files set aside within one second keep both copies.
    let mut asides = Vec::new();
    for n in 0..2u8 {
        std::fs::write(&path, vec![n + 1; 4096]).unwrap();
        let _ = std::fs::remove_file(format!("{}-wal", path.display()));
        let _ = std::fs::remove_file(format!("{}-shm", path.display()));
        let (_s, aside) = Store::open_fresh(&path).unwrap();
        asides.push(aside.expect("set aside"));
    }
    assert_ne!(asides[0], asides[1]);
    assert_eq!(std::fs::read(&asides[0]).unwrap(), vec![1; 4096]);
    assert_eq!(std::fs::read(&asides[1]).unwrap(), vec![2; 4096]);
}

#[test]
fn a_zero_byte_file_is_adopted_and_says_so() {
    let (_d, path) = db();
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, b"").unwrap();
    let store = Store::open(&path).unwrap();
    assert!(store.adopted_empty_file());
    drop(store);
    assert!(!Store::open(&path).unwrap().adopted_empty_file());
}

#[test]
fn a_busy_database_is_reported_as_busy_and_the_save_succeeds_afterwards() {
    let (_d, path) = db();
    let mut store = Store::open(&path).unwrap();
    let id = store.create("x", &Draft::default(), "e").unwrap().id;
    let blocker = Connection::open(&path).unwrap();
    blocker.execute_batch("BEGIN IMMEDIATE").unwrap();
    let mut draft = Draft::default();
    draft.form1.brand_name = "锁住时输入的".into();
    let t = std::time::Instant::now();
    let err = store.save(id, &draft).expect_err("locked");
    assert!(
        t.elapsed() >= std::time::Duration::from_secs(4),
        "the busy timeout was used"
    );
    assert!(err.is_transient(), "{err}");
    assert!(err.to_string().contains("正被其他程序占用"), "{err}");
    blocker.execute_batch("COMMIT").unwrap();
    store.save(id, &draft).unwrap();
    assert_eq!(
        store.load(id).unwrap().draft.form1.brand_name,
        "锁住时输入的"
    );
}

#[test]
fn a_read_only_folder_is_reported_as_read_only_not_as_damage() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("data");
    let path = folder.join("drafts.sqlite3");
    let id = Store::open(&path)
        .unwrap()
        .create("x", &Draft::default(), "e")
        .unwrap()
        .id;
    let _ = id;
    // The database exists; its folder becomes read-only (no -wal/-shm can be made).
    let before = std::fs::read(&path).unwrap();
    {
        let _ro = crate::common::ReadOnlyDir::new(&folder);
        let err = Store::open(&path).err().expect("cannot be used");
        assert!(matches!(err, StoreError::ReadOnly { .. }), "{err}");
        assert!(err.to_string().contains("只读"), "{err}");
        assert!(!err.to_string().contains("损坏，"), "{err}");
        // No database yet in a read-only folder: also read-only, not damage.
        let err = Store::open(&folder.join("new.sqlite3"))
            .err()
            .expect("cannot be made");
        assert!(matches!(err, StoreError::ReadOnly { .. }), "{err}");
    }
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn a_backup_made_while_saving_is_consistent_and_restores_beside_existing_drafts() {
    let (_d, path) = db();
    let mut store = Store::open(&path).unwrap();
    store.set_snapshot_interval(std::time::Duration::ZERO);
    let a = store
        .create("甲", &example(BrandType::Skill), "e")
        .unwrap()
        .id;
    store
        .create("乙", &example(BrandType::Culture), "e")
        .unwrap();
    let mut d = example(BrandType::Skill);
    d.form1.leader = "有历史".into();
    store.save(a, &d).unwrap();
    // A writer saves in a loop while the backups are made.
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let writer = {
        let (path, stop) = (path.clone(), stop.clone());
        std::thread::spawn(move || {
            let mut s = Store::open(&path).unwrap();
            let mut n = 0u32;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                let mut d = example(BrandType::Skill);
                d.facts.insert("common.workers".into(), json!(4000 + n));
                s.save(a, &d).unwrap();
                n += 1;
                // As the app does between saves (it saves at most every few hundred ms): a
                // writer that takes the lock again at once can starve the backups' open, which
                // waits for it, past the 5 s busy timeout on a loaded machine (seen once).
                std::thread::sleep(std::time::Duration::from_millis(2));
            }
            n
        })
    };
    let dir = tempfile::tempdir().unwrap();
    let mut backups = Vec::new();
    for i in 0..5 {
        let b = dir.path().join(format!("备份 {i}.sqlite3"));
        Store::open(&path).unwrap().backup_to(&b).unwrap();
        backups.push(b);
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    assert!(writer.join().unwrap() > 0, "the writer made progress");
    for b in &backups {
        let check: String = Connection::open(b)
            .unwrap()
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(check, "ok");
        assert_eq!(Store::open(b).unwrap().list().unwrap().len(), 2);
    }
    // A backup never goes over an existing file (the database included).
    assert!(store.backup_to(&backups[0]).is_err());
    assert!(store.backup_to(&path).is_err());

    // Restoring into the same database keeps both: the restored ones are renamed.
    let before = store.list().unwrap().len();
    let r = store.restore_backup(&backups[4]).unwrap();
    assert_eq!(r.drafts, 2);
    assert!(r.versions >= 1, "history comes along");
    let names: Vec<String> = store
        .list()
        .unwrap()
        .into_iter()
        .map(|d| d.meta.name)
        .collect();
    assert_eq!(names.len(), before + 2);
    assert!(names.contains(&"甲（恢复）".to_string()), "{names:?}");
    assert!(names.contains(&"甲".to_string()));
    // Into a new database (a replaced laptop): the original names.
    let (_d2, fresh) = db();
    let mut other = Store::open(&fresh).unwrap();
    other.restore_backup(&backups[0]).unwrap();
    let mut names: Vec<String> = other
        .list()
        .unwrap()
        .into_iter()
        .map(|d| d.meta.name)
        .collect();
    names.sort();
    assert_eq!(names, vec!["乙".to_string(), "甲".to_string()]);
    // Something else is refused and nothing is added.
    let junk = dir.path().join("junk.sqlite3");
    std::fs::write(&junk, vec![7u8; 4096]).unwrap();
    assert!(other.restore_backup(&junk).is_err());
    assert_eq!(other.list().unwrap().len(), 2);
}
