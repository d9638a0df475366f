//! The application layer every front end calls: the same behaviour for the window, the CLI and
//! any later front end.

use std::path::Path;

use labour_brand::app::{App, ExportFormat};
use labour_brand::draftfile::DraftFile;
use labour_brand::example::example;
use labour_brand::pdf::ExportOptions;
use labour_brand::store::VersionReason;
use labour_brand::{BrandType, Draft};

fn app_in(dir: &Path) -> App {
    let app = App::open(&dir.join("drafts.sqlite3"));
    assert!(app.status().ok);
    app
}

#[test]
fn an_imported_draft_is_named_as_in_its_file_or_after_its_brand() {
    let dir = tempfile::tempdir().unwrap();
    let app = app_in(dir.path());
    let d = example(BrandType::Culture);
    let named = dir.path().join("a.json");
    std::fs::write(
        &named,
        DraftFile::new("  送审稿  ", "", d.clone()).to_json(),
    )
    .unwrap();
    assert_eq!(app.import_file(&named).unwrap().name, "送审稿");
    let unnamed = dir.path().join("b.json");
    std::fs::write(&unnamed, DraftFile::new(" ", "", d.clone()).to_json()).unwrap();
    assert_eq!(app.import_file(&unnamed).unwrap().name, d.display_name());
    // The same from bytes (standard input, an upload).
    let bytes = std::fs::read(&named).unwrap();
    assert_eq!(app.import_bytes(&bytes).unwrap().name, "送审稿");
    // A file that is not a draft: typed error, nothing added.
    std::fs::write(&unnamed, "hello").unwrap();
    assert_eq!(
        app.import_file(&unnamed).unwrap_err().code(),
        "draft_file_invalid"
    );
    assert_eq!(app.list().unwrap().len(), 3);
}

#[test]
fn a_backup_replaces_an_existing_file_only_when_the_user_confirmed() {
    let dir = tempfile::tempdir().unwrap();
    let app = app_in(dir.path());
    app.add(Some("甲"), &example(BrandType::Skill)).unwrap();
    let target = dir.path().join("备份.sqlite3");
    app.backup(&target, false).unwrap();
    let first = std::fs::read(&target).unwrap();
    app.add(Some("乙"), &example(BrandType::Service)).unwrap();
    // Unconfirmed (the CLI without --force): the existing backup is kept.
    let err = app.backup(&target, false).unwrap_err();
    assert_eq!(err.code(), "output_other_kind");
    assert_eq!(std::fs::read(&target).unwrap(), first);
    // Confirmed (a Save dialog, --force): replaced by a complete new backup.
    app.backup(&target, true).unwrap();
    let restored = App::open(&dir.path().join("other.sqlite3"));
    assert_eq!(restored.restore_backup(&target).unwrap().drafts, 2);
    // Never over the live database, confirmed or not.
    let db = dir.path().join("drafts.sqlite3");
    assert_eq!(
        app.backup(&db, true).unwrap_err().code(),
        "output_is_database"
    );
}

#[test]
fn an_export_writes_the_file_keeps_a_version_and_remembers_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let app = app_in(dir.path());
    assert_eq!(app.last_export().unwrap_err().code(), "nothing_exported");
    let id = app.create().unwrap().meta.id;
    let d = example(BrandType::Livelihood);
    for (format, name, magic) in [
        (ExportFormat::Pdf, "x.pdf", &b"%PDF-"[..]),
        (ExportFormat::Docx, "x.docx", &b"PK"[..]),
    ] {
        let path = dir.path().join(name);
        let info = app
            .export_forms(id, &d, format, &ExportOptions::default(), &path)
            .unwrap();
        assert!(std::fs::read(&path).unwrap().starts_with(magic));
        assert_eq!(info.path.as_deref(), Some(path.as_path()));
        assert_eq!(app.last_export().unwrap(), path);
    }
    // The exported state was saved and kept as a version, which 历史版本 shows with the very
    // 校验码 printed on the paper (the footer prints nothing else: no save counter).
    assert_eq!(app.load(id).unwrap().record.draft, d);
    let history = app.history(id).unwrap();
    let printed = d.version_code();
    assert!(history
        .iter()
        .any(|v| v.entry.reason == VersionReason::Export
            && v.code.as_deref() == Some(printed.as_str())));
    let pdf = dir.path().join("x.pdf");
    let text = std::process::Command::new("pdftotext")
        .args([pdf.to_str().unwrap(), "-"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.contains(&format!("校验码 {printed}")) && !text.contains("版"),
        "{text}"
    );
    // The oldest version (the new draft, blank) says what it is, not "the same as before".
    assert_eq!(history.last().unwrap().changes, "空白草稿");
    // Even after a Save dialog's confirmation the database is never written.
    let db = dir.path().join("drafts.sqlite3");
    let err = app
        .export_forms(id, &d, ExportFormat::Pdf, &ExportOptions::default(), &db)
        .unwrap_err();
    assert_eq!(err.code(), "output_is_database");
}

#[test]
fn what_cannot_be_saved_at_exit_goes_to_a_recovery_file() {
    let dir = tempfile::tempdir().unwrap();
    let app = app_in(dir.path());
    let id = app.create().unwrap().meta.id;
    let mut d = Draft::default();
    d.form1.brand_name = "退出前输入的名称".into();
    // The page sent it; then the draft vanished from the database (another window purged it).
    assert!(app.save(id, &d).is_ok());
    let mut d2 = d.clone();
    d2.form1.unit = "未保存的单位".into();
    app.delete(id).unwrap();
    app.purge(id).unwrap();
    assert!(app.save(id, &d2).is_err());
    assert_eq!(app.unsaved_ids(), vec![id]);
    let recovered = app.flush_unsaved();
    assert_eq!(recovered.len(), 1);
    assert_eq!(recovered[0].error.code(), "draft_not_found");
    let file = recovered[0].file.as_ref().unwrap();
    assert!(file.starts_with(dir.path()));
    let back = labour_brand::app::files::read_draft_file(file).unwrap();
    assert_eq!(back.draft, d2);
    assert!(app.unsaved_ids().is_empty());
}

#[test]
fn a_damaged_database_is_reported_with_a_code_and_only_it_offers_a_fresh_start() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("drafts.sqlite3");
    std::fs::write(&db, vec![0x5a; 8192]).unwrap();
    let app = App::open(&db);
    let status = app.status();
    assert!(!status.ok && status.can_reset);
    let json = serde_json::to_value(&status).unwrap();
    assert_eq!(json["error"]["code"], "store_corrupt");
    assert!(json["error"]["message_zh"]
        .as_str()
        .unwrap()
        .contains("损坏"));
    assert_eq!(app.list().unwrap_err().code(), "store_corrupt");
    let aside = app.reset_store().unwrap().expect("moved aside");
    assert!(aside.exists());
    assert!(app.status().ok && app.list().unwrap().is_empty());
    // A sound database is never set aside.
    assert!(app.reset_store().unwrap().is_none());
}
