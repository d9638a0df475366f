//! Faults named for what they are (issue 19): a full disk is not a damaged database, nothing
//! sound is ever set aside, a file that is not a backup is refused with its name, and a batch
//! lists every entry it could not summarise with the reason.
//!
//! A full disk is made two ways: deterministically with `PRAGMA max_page_count` (always), and
//! for real on a 2 MiB tmpfs filled with `dd` (where this process may mount one: root, as in
//! CI; elsewhere the test says why it did not run that part).

use std::path::{Path, PathBuf};
use std::process::Command;

use labour_brand::draftfile::{DraftFile, DraftFileError};
use labour_brand::example::example;
use labour_brand::store::{Store, StoreError};
use labour_brand::{batch, BrandType, Draft};

fn new_store(path: &Path, n: usize) -> Store {
    let store = Store::open(path).unwrap();
    for i in 0..n {
        let d = example(BrandType::ALL[i % 4]);
        store
            .create(&d.display_name(), &d, "lyg-city-2024")
            .unwrap();
    }
    store
}

fn long_draft(chars: usize) -> Draft {
    let mut d = example(BrandType::Skill);
    d.form1.summary = "连".repeat(chars);
    d
}

#[test]
fn a_full_database_is_disk_full_not_damage_and_the_save_succeeds_once_there_is_room() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("drafts.sqlite3");
    let mut store = new_store(&path, 2);
    let id = store.list().unwrap()[0].meta.id;
    let pages: u64 = std::fs::metadata(&path).unwrap().len() / 4096 + 1;
    store.rehearse_full_disk(pages).unwrap();
    // A large 基本情况 in every save needs pages the cap does not give.
    let mut err = None;
    for n in 1..50 {
        if let Err(e) = store.save(id, &long_draft(n * 400)) {
            err = Some(e);
            break;
        }
    }
    let err = err.expect("the capped database filled up");
    assert!(matches!(err, StoreError::DiskFull { .. }), "{err:?}");
    assert_eq!(err.code(), "disk_full");
    assert!(!err.is_damage(), "no offer to set it aside");
    assert!(err.is_transient(), "the window retries it quietly");
    let msg = err.to_string();
    assert!(msg.starts_with("磁盘空间不足，草稿没有受到影响"), "{msg}");
    assert!(
        msg.contains(&dir.path().display().to_string()),
        "names the folder: {msg}"
    );
    assert!(msg.contains("MB"), "says how much to free: {msg}");
    // Room again (a fresh connection has no cap): nothing was lost, the save goes through.
    drop(store);
    let mut store = Store::open(&path).unwrap();
    assert_eq!(store.list().unwrap().len(), 2);
    store.save(id, &long_draft(5000)).unwrap();
    assert_eq!(
        store.load(id).unwrap().draft.form1.summary.chars().count(),
        5000
    );
}

/// A 2 MiB tmpfs, unmounted on drop.
struct Tmpfs(PathBuf);

impl Tmpfs {
    fn mount(dir: &Path) -> Result<Tmpfs, String> {
        let status = Command::new("mount")
            .args(["-t", "tmpfs", "-o", "size=2m", "tmpfs"])
            .arg(dir)
            .output()
            .map_err(|e| format!("mount not available: {e}"))?;
        if status.status.success() {
            Ok(Tmpfs(dir.to_path_buf()))
        } else {
            Err(String::from_utf8_lossy(&status.stderr).trim().to_string())
        }
    }

    /// Fills what is left with one file; returns it (remove it to free the space).
    fn fill(&self) -> PathBuf {
        let filler = self.0.join("filler");
        let _ = Command::new("dd")
            .args(["if=/dev/zero", "bs=4096"])
            .arg(format!("of={}", filler.display()))
            .output();
        filler
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

#[test]
fn on_a_real_full_disk_nothing_is_called_damaged_or_set_aside_and_every_draft_comes_back() {
    let dir = tempfile::tempdir().unwrap();
    let mnt = dir.path().join("disk");
    std::fs::create_dir(&mnt).unwrap();
    let fs = match Tmpfs::mount(&mnt) {
        Ok(fs) => fs,
        Err(why) => {
            eprintln!("skipped the real full-disk part: cannot mount a tmpfs here ({why}); the max_page_count test still ran");
            return;
        }
    };
    let path = mnt.join("drafts.sqlite3");
    drop(new_store(&path, 3));
    let filler = fs.fill();
    let before: Vec<_> = std::fs::read_dir(&mnt)
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();

    // Opening, importing and asking for a fresh database: all say "disk full", none "damaged".
    let opened = Store::open(&path).and_then(|mut s| {
        let d = long_draft(3000);
        let m = s.create(&d.display_name(), &d, "lyg-city-2024")?;
        s.save(m.id, &long_draft(4000)).map(|_| ())
    });
    let err = opened.expect_err("nothing can be written to a full disk");
    assert!(matches!(err, StoreError::DiskFull { .. }), "{err:?}: {err}");
    assert!(!err.is_damage());
    let fresh = Store::open_fresh(&path).map(|(_, aside)| aside);
    match fresh {
        Err(e) => assert!(
            !e.is_damage() && !matches!(e, StoreError::Corrupt { .. }),
            "{e}"
        ),
        Ok(aside) => assert_eq!(aside, None, "a sound database is never set aside"),
    }
    let names: Vec<_> = std::fs::read_dir(&mnt)
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert!(
        !names.iter().any(|n| n.to_string_lossy().contains(".bad-")),
        "nothing set aside: {names:?} (before {before:?})"
    );

    // Space freed: every draft is there.
    std::fs::remove_file(filler).unwrap();
    let store = Store::open(&path).unwrap();
    assert_eq!(store.list().unwrap().len(), 3);
}

#[test]
fn open_fresh_sets_aside_only_what_a_read_only_check_finds_damaged() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("drafts.sqlite3");
    drop(new_store(&path, 1));
    // A sound database opens as it is.
    let (store, aside) = Store::open_fresh(&path).unwrap();
    assert_eq!(aside, None);
    assert_eq!(store.list().unwrap().len(), 1);
    drop(store);
    // Real damage (not a database at all) is set aside and a fresh one started.
    let garbage: Vec<u8> = (0..8192u32).map(|i| (i * 31 % 251) as u8).collect();
    std::fs::write(&path, &garbage).unwrap();
    let (store, aside) = Store::open_fresh(&path).unwrap();
    let aside = aside.expect("damage is set aside");
    assert_eq!(std::fs::read(aside).unwrap(), garbage);
    assert_eq!(store.list().unwrap().len(), 0);
}

fn restore_err(bytes: &[u8]) -> (StoreError, usize) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = new_store(&dir.path().join("live.sqlite3"), 2);
    let file = dir.path().join("我的备份.sqlite3");
    std::fs::write(&file, bytes).unwrap();
    let err = store.restore_backup(&file).expect_err("refused");
    let msg = err.to_string();
    assert!(
        msg.contains(&file.display().to_string()),
        "names the user's file: {msg}"
    );
    assert!(
        !msg.contains("labour-brand-restore-"),
        "not the temporary copy: {msg}"
    );
    assert!(
        msg.contains("现有草稿没有任何改动"),
        "says the drafts are untouched: {msg}"
    );
    assert!(
        !msg.split(" / ")
            .next()
            .unwrap()
            .contains("Conversion error"),
        "no internals in Chinese text: {msg}"
    );
    (err, store.list().unwrap().len())
}

fn a_backup() -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let store = new_store(&dir.path().join("live.sqlite3"), 3);
    let b = dir.path().join("b.sqlite3");
    store.backup_to(&b).unwrap();
    std::fs::read(b).unwrap()
}

#[test]
fn files_that_are_not_backups_are_refused_by_name_and_nothing_is_restored() {
    //  what the user picked                      code
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("an empty file", vec![], "not_a_backup"),
        (
            "random bytes",
            (0..5000u32).map(|i| (i * 7 % 256) as u8).collect(),
            "not_a_backup",
        ),
        (
            "a JSON draft file",
            DraftFile::new("x", "", example(BrandType::Skill))
                .to_json()
                .into_bytes(),
            "not_a_backup",
        ),
        (
            "the first half of a backup",
            {
                let b = a_backup();
                b[..b.len() / 2].to_vec()
            },
            "backup_unreadable",
        ),
    ];
    for (what, bytes, code) in cases {
        let (err, drafts) = restore_err(&bytes);
        assert_eq!(err.code(), code, "{what}: {err}");
        assert_eq!(drafts, 2, "{what}: the existing drafts are untouched");
    }
    let (err, _) = restore_err(b"");
    assert!(
        err.to_string().starts_with("不是本程序的备份文件："),
        "{err}"
    );
}

#[test]
fn a_backup_with_an_unreadable_row_is_refused_whole() {
    // Flip bytes inside a stored document so that it is no longer UTF-8 text.
    let mut b = a_backup();
    let needle = "连云港".as_bytes();
    let hits: Vec<usize> = (0..b.len() - needle.len())
        .filter(|&i| &b[i..i + needle.len()] == needle)
        .collect();
    assert!(!hits.is_empty(), "stored names");
    for at in hits {
        b[at] = 0xFF;
        b[at + 1] = 0xFE;
    }
    let (err, drafts) = restore_err(&b);
    assert!(
        matches!(
            err,
            StoreError::BackupUnreadable { .. } | StoreError::NotBackup { .. }
        ),
        "{err:?}"
    );
    assert_eq!(drafts, 2, "all or nothing");
}

#[test]
fn a_batch_lists_every_entry_it_cannot_summarise_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let good = DraftFile::new("x", "", example(BrandType::Skill));
    std::fs::write(d.join("1-好.json"), good.to_json()).unwrap();
    std::fs::write(d.join("2-说明.txt"), "不是草稿").unwrap();
    std::fs::create_dir(d.join("3-子文件夹")).unwrap();
    std::os::unix::fs::symlink(d.join("不存在.json"), d.join("4-断开的链接.json")).unwrap();
    let fifo = d.join("5-管道.json");
    assert!(Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    std::fs::write(d.join("6-嵌套.json"), deep).unwrap();
    let big = std::fs::File::create(d.join("7-过大.json")).unwrap();
    big.set_len(200 * 1024 * 1024).unwrap();

    let b = batch::score_files(
        &[d.to_path_buf()],
        labour_brand::rubric::Editions::shipped(),
    );
    assert_eq!(b.rows.len(), 1);
    let reasons: Vec<(String, String)> = b
        .failures
        .iter()
        .map(|f| {
            (
                Path::new(&f.file)
                    .file_name()
                    .unwrap()
                    .to_string_lossy()
                    .into_owned(),
                f.reason.clone(),
            )
        })
        .collect();
    let reason = |name: &str| {
        reasons
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, r)| r.as_str())
            .unwrap_or_else(|| panic!("{name} is listed: {reasons:?}"))
    };
    assert!(reason("3-子文件夹").contains("子文件夹"));
    assert!(reason("4-断开的链接.json").contains("链接指向的文件不存在"));
    assert!(reason("5-管道.json").contains("特殊文件"));
    assert!(reason("6-嵌套.json").contains("嵌套层数过多"));
    assert!(reason("7-过大.json").contains("过大"));
    // What is not a draft file is named too, never passed over without a word.
    assert!(reason("2-说明.txt").contains("不是草稿文件（.txt）"));
    assert_eq!(reasons.len(), 6, "{reasons:?}");
}

#[test]
fn a_file_too_large_is_refused_by_its_size_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("big.json");
    std::fs::File::create(&f)
        .unwrap()
        .set_len(200 * 1024 * 1024)
        .unwrap();
    assert!(
        matches!(labour_brand::incoming::read_file(&f), Err(DraftFileError::TooLarge(n)) if n == 200 * 1024 * 1024)
    );
    assert!(matches!(labour_brand::incoming::parse_draft(b"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]"), Err(DraftFileError::TooDeep)));
}
