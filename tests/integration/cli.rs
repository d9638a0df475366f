//! The `labour-brand` CLI end to end, and the draft file's defences against bad input.

use std::io::Write;
use std::process::{Command, Output, Stdio};

use labour_brand::draftfile::{self, DraftFileError};
use serde_json::Value;

fn cli(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_labour-brand"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if let Some(input) = stdin {
        child.stdin.take().unwrap().write_all(input).unwrap();
    } else {
        drop(child.stdin.take());
    }
    child.wait_with_output().unwrap()
}

fn example(t: &str) -> Vec<u8> {
    let out = cli(&["example", t], None);
    assert!(out.status.success());
    out.stdout
}

#[test]
fn example_piped_into_score_json_gives_16_explained_items() {
    for t in ["skill", "service", "culture", "livelihood"] {
        let out = cli(&["score", "-", "--json"], Some(&example(t)));
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        let items = v["items"].as_array().unwrap();
        assert_eq!(items.len(), 16, "{t}");
        for item in items {
            for key in ["id", "points", "max", "state", "explanation"] {
                assert!(item.get(key).is_some(), "{t}: {key} missing");
            }
            assert_eq!(item["state"], "scored");
        }
        assert_eq!(v["vetoed"], false);
        assert!(v["vetoes"].as_array().unwrap().is_empty());
        let sum: u64 = items.iter().map(|i| i["points"].as_u64().unwrap()).sum();
        assert_eq!(v["total"].as_u64().unwrap(), sum);
    }
    let v: Value =
        serde_json::from_slice(&cli(&["score", "-", "--json"], Some(&example("skill"))).stdout)
            .unwrap();
    let skill1 = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == "skill.1")
        .unwrap();
    assert_eq!(
        skill1["explanation"],
        "从业人员 4,200 人，不少于 3,000 人，得 20 分；未超过 5,000 人，不加分。"
    );
    assert_eq!(v["total"], 104);
}

#[test]
fn score_table_is_readable() {
    let out = cli(&["score", "-"], Some(&example("culture")));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("culture.4"));
    assert!(text.contains("总分 126 分"), "{text}");
}

#[test]
fn validate_exits_1_on_errors_and_names_the_field() {
    let out = cli(&["validate", "-"], Some(&example("service")));
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let bad =
        br#"{"form1": {"brand_name": "abc", "summary": ""}, "facts": {"common.workers": "-3"}}"#;
    let out = cli(&["validate", "-", "--json"], Some(bad));
    assert_eq!(out.status.code(), Some(1));
    let findings: Value = serde_json::from_slice(&out.stdout).unwrap();
    let text = findings.to_string();
    assert!(text.contains("「基本情况」为必填项"), "{text}");
    assert!(text.contains("「从业人员人数」应在 0 到"), "{text}");
    assert!(text.contains("称谓"), "{text}");
}

#[test]
fn bad_input_is_a_clear_bilingual_error_never_a_panic() {
    for input in [
        &b""[..],
        b"{",
        b"[1,2]",
        b"{\"format\":\"other\"}",
        b"\xff\xfe",
        b"{\"format\":\"labour-brand-draft\",\"format_version\":9,\"draft\":{}}",
    ] {
        let out = cli(&["score", "-"], Some(input));
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("错误 / error"), "{err}");
        assert!(!err.contains("panicked"), "{err}");
    }
    let out = cli(&["score", "/nonexistent/x.json"], None);
    assert!(String::from_utf8_lossy(&out.stderr).contains("无法打开文件"));
    let out = cli(&["example", "bogus"], None);
    assert!(String::from_utf8_lossy(&out.stderr).contains("未知的劳务品牌类型"));
}

#[test]
fn drafts_round_trip_through_the_store() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.sqlite3");
    let db = db.to_str().unwrap();
    let file = dir.path().join("in.json");
    std::fs::write(&file, example("livelihood")).unwrap();
    let out = cli(
        &["drafts", "--db", db, "import", file.to_str().unwrap()],
        None,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let list = String::from_utf8(cli(&["drafts", "--db", db, "list"], None).stdout).unwrap();
    assert!(
        list.contains("灌南建筑工") && list.contains("总分 114"),
        "{list}"
    );
    let exported = dir.path().join("out.json");
    assert!(cli(
        &[
            "drafts",
            "--db",
            db,
            "export",
            "1",
            "-o",
            exported.to_str().unwrap()
        ],
        None
    )
    .status
    .success());
    let a = labour_brand::incoming::parse_draft(&std::fs::read(&file).unwrap()).unwrap();
    let b = labour_brand::incoming::parse_draft(&std::fs::read(&exported).unwrap()).unwrap();
    assert_eq!(a.draft, b.draft);
    assert!(cli(&["drafts", "--db", db, "delete", "1"], None)
        .status
        .success());
    let list = String::from_utf8(cli(&["drafts", "--db", db, "list"], None).stdout).unwrap();
    assert!(list.is_empty());
    let out = cli(&["drafts", "--db", db, "show", "7"], None);
    assert!(String::from_utf8_lossy(&out.stderr).contains("找不到编号为 7 的草稿"));
}

#[test]
fn hostile_draft_files_are_refused() {
    assert!(matches!(
        labour_brand::incoming::parse_draft(&vec![b' '; draftfile::MAX_FILE_BYTES + 1]),
        Err(DraftFileError::TooLarge(_))
    ));
    // Nesting is refused for what it is (issue 19), before the parser's own limit.
    let deep = "[".repeat(10_000);
    let err = labour_brand::incoming::parse_draft(deep.as_bytes()).unwrap_err();
    assert!(matches!(err, DraftFileError::TooDeep), "{err:?}");
    assert!(err.to_string().contains("嵌套层数过多"), "{err}");
    let long = format!(
        r#"{{"form1": {{"brand_name": "{}"}}}}"#,
        "工".repeat(draftfile::MAX_TEXT_CHARS + 1)
    );
    assert!(matches!(
        labour_brand::incoming::parse_draft(long.as_bytes()),
        Err(DraftFileError::FieldTooLong(_))
    ));
    let wrong_type = br#"{"form1": {"brand_type": "spaceship"}}"#;
    assert!(matches!(
        labour_brand::incoming::parse_draft(wrong_type),
        Err(DraftFileError::Field { .. })
    ));
    let truncated = &example("skill")[..200];
    assert!(matches!(
        labour_brand::incoming::parse_draft(truncated),
        Err(DraftFileError::Syntax { .. })
    ));
    let good = example("skill");
    let parsed = labour_brand::incoming::parse_draft(&good).unwrap();
    assert_eq!(parsed.draft.form1.brand_name, "连云港石化技工");
}

#[test]
fn importing_a_bad_file_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.sqlite3");
    let file = dir.path().join("bad.json");
    std::fs::write(&file, b"{\"form1\": 5}").unwrap();
    let out = cli(
        &[
            "drafts",
            "--db",
            db.to_str().unwrap(),
            "import",
            file.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    let store = labour_brand::store::Store::open(&db).unwrap();
    assert!(store.list().unwrap().is_empty());
}

/// Each way a draft file can be wrong, and the Chinese sentence that must lead its message.
#[test]
fn draft_file_errors_name_the_field_in_chinese() {
    let file = |body: &str| {
        format!(r#"{{"format": "labour-brand-draft", "format_version": 1, "draft": {body}}}"#)
    };
    let cases: Vec<(String, &str)> = vec![
        (
            file(r#"{"form1": {"brand_name": 12345}}"#),
            "草稿文件中「劳务品牌名称」应为文字，实际为数字 12345",
        ),
        (
            file(r#"{"form1": {"brand_type": "spaceship"}}"#),
            "草稿文件中「劳务品牌类型」应为 skill、service、culture、livelihood 之一",
        ),
        (
            file(r#"{"form1": {"unit_opinion": {"date": "5月20日"}}}"#),
            "草稿文件中「培育建设单位推荐意见日期」应为 YYYY-MM-DD 格式的日期",
        ),
        (
            file(r#"{"form1": {"year": "2026"}}"#),
            "草稿文件中「申报年度」应为四位数字的年份（如 2026），不加引号",
        ),
        (
            file(r#"{"evidence": {"skill.1": [1]}}"#),
            "草稿文件中「佐证材料（skill.1）」应为文字，实际为列表",
        ),
        (
            file(r#"{"form1": [1]}"#),
            "草稿文件中「附件1」应为一组字段，实际为列表",
        ),
        (
            r#"{"format": "labour-brand-draft", "format_version": "1", "draft": {}}"#.into(),
            "格式版本（format_version）为文字“1”：应为不带引号的数字",
        ),
        (
            r#"{"format": "labour-brand-draft", "format_version": -1, "draft": {}}"#.into(),
            "格式版本（format_version）为 -1，是负数",
        ),
        (
            r#"{"format": "labour-brand-draft", "format_version": 1.5, "draft": {}}"#.into(),
            "格式版本（format_version）为 1.5，不是整数",
        ),
        (
            r#"{"format": "labour-brand-draft", "format_version": 4294967298, "draft": {}}"#.into(),
            "格式版本（format_version）为 4294967298，超出范围",
        ),
        (
            "{\n  \"form1\": {\n    \"brand_name\": \"a\",,\n  }\n}".into(),
            "草稿文件第 3 行第 23 列：JSON 格式错误",
        ),
    ];
    for (text, wanted) in cases {
        let err = labour_brand::incoming::parse_draft(text.as_bytes())
            .expect_err(&text)
            .to_string();
        assert!(
            err.contains(wanted),
            "{text}\n  gave: {err}\n  wanted: {wanted}"
        );
        assert!(!err.starts_with("invalid type"), "{err}");
    }
}

#[test]
fn huge_numbers_say_out_of_range_and_are_not_echoed() {
    let digits = "9".repeat(100_000);
    for value in [
        format!("\"{digits}\""),
        "1e30".to_string(),
        "\"1e30\"".to_string(),
    ] {
        let text = format!(
            r#"{{"form1": {{"brand_type": "skill"}}, "facts": {{"common.workers": {value}}}}}"#
        );
        let out = cli(&["validate", "-"], Some(text.as_bytes()));
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            stdout.contains("「从业人员人数」的数值过大，超出范围"),
            "{}",
            &stdout[..stdout.len().min(400)]
        );
        assert!(
            stdout.len() < 4000,
            "the value is not echoed whole ({} bytes)",
            stdout.len()
        );
    }
}

#[test]
fn names_from_files_cannot_send_escape_sequences_to_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.sqlite3");
    let hostile = "连云港\u{1b}]52;c;ZXZpbA==\u{7}\u{1b}[2J技工\u{9b}31m";
    let file = dir.path().join("h.json");
    let draft = serde_json::json!({"form1": {"brand_name": hostile, "brand_type": "skill"}, "facts": {"common.workers": "x\u{1b}[2J"}});
    std::fs::write(&file, draft.to_string()).unwrap();
    let f = file.to_str().unwrap();
    let d = db.to_str().unwrap();
    assert!(cli(&["drafts", "--db", d, "import", f], None)
        .status
        .success());
    let outputs = [
        cli(&["score", f], None),
        cli(&["validate", f], None),
        cli(&["drafts", "--db", d, "list"], None),
        cli(&["drafts", "--db", d, "history", "1"], None),
    ];
    for out in outputs {
        for stream in [&out.stdout, &out.stderr] {
            let text = String::from_utf8_lossy(stream);
            assert!(
                !text
                    .chars()
                    .any(|c| c == '\u{1b}' || c == '\u{7}' || c == '\u{9b}'),
                "raw control characters reached the terminal: {text:?}"
            );
        }
    }
    let list = String::from_utf8(cli(&["drafts", "--db", d, "list"], None).stdout).unwrap();
    assert!(list.contains("连云港\\u{1b}]52;c;"), "{list}");
}

#[test]
fn exports_never_overwrite_the_database_the_input_or_another_kind_of_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.sqlite3");
    let d = db.to_str().unwrap();
    let file = dir.path().join("d.json");
    std::fs::write(&file, example("skill")).unwrap();
    let f = file.to_str().unwrap();
    assert!(cli(&["drafts", "--db", d, "import", f], None)
        .status
        .success());
    let db_before = std::fs::read(&db).unwrap();
    let input_before = std::fs::read(&file).unwrap();

    // The open database, the input, a file of another kind: refused with exit 2.
    let notes = dir.path().join("notes.txt");
    std::fs::write(&notes, "我的笔记").unwrap();
    let pdf_over_input = dir.path().join("in.pdf");
    std::fs::write(&pdf_over_input, b"%PDF-1.7 fake").unwrap();
    let refused: Vec<(Vec<&str>, &str)> = vec![
        (
            vec!["drafts", "--db", d, "export", "1", "-o", d],
            "草稿数据库文件",
        ),
        (vec!["export", f, "-o", f], "正在读取的输入文件"),
        (
            vec![
                "drafts",
                "--db",
                d,
                "export",
                "1",
                "-o",
                notes.to_str().unwrap(),
            ],
            "不是草稿文件",
        ),
        (
            vec!["export", f, "-o", notes.to_str().unwrap()],
            "不是PDF 文件",
        ),
    ];
    for (args, why) in refused {
        let out = cli(&args, None);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(why), "{args:?}: {err}");
        // Only a file of another kind may be overwritten, and the command line says how.
        assert_eq!(
            err.contains("--force"),
            why.starts_with("不是"),
            "{args:?}: {err}"
        );
    }
    assert_eq!(std::fs::read(&db).unwrap(), db_before, "database untouched");
    assert_eq!(
        std::fs::read(&file).unwrap(),
        input_before,
        "input untouched"
    );
    assert_eq!(std::fs::read_to_string(&notes).unwrap(), "我的笔记");

    // --force overwrites a file of another kind; a PDF over a PDF needs nothing.
    let out = cli(
        &[
            "drafts",
            "--db",
            d,
            "export",
            "1",
            "-o",
            notes.to_str().unwrap(),
            "--force",
        ],
        None,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        cli(&["export", f, "-o", pdf_over_input.to_str().unwrap()], None)
            .status
            .success()
    );

    // A failed export leaves no temporary file behind.
    let folder = dir.path().join("folder");
    std::fs::create_dir(&folder).unwrap();
    let out = cli(
        &[
            "drafts",
            "--db",
            d,
            "export",
            "1",
            "-o",
            folder.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    let missing_dir = dir.path().join("nope").join("x.json");
    let out = cli(
        &[
            "drafts",
            "--db",
            d,
            "export",
            "1",
            "-o",
            missing_dir.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(!dir.path().join("nope").exists());
}

#[test]
fn fresh_db_twice_in_a_second_keeps_the_original_and_leaves_a_healthy_database_alone() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.sqlite3");
    let d = db.to_str().unwrap();
    let original: Vec<u8> = (0..4096u32).map(|i| (i * 13 % 251) as u8).collect();
    std::fs::write(&db, &original).unwrap();
    for _ in 0..2 {
        let out = cli(&["drafts", "--db", d, "--fresh-db", "list"], None);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let aside: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains(".bad-"))
        .collect();
    assert_eq!(
        aside.len(),
        1,
        "the healthy fresh database was not set aside"
    );
    assert_eq!(
        std::fs::read(aside[0].path()).unwrap(),
        original,
        "the original is kept"
    );
    let out = cli(&["drafts", "--db", d, "--fresh-db", "list"], None);
    assert!(String::from_utf8_lossy(&out.stderr).contains("数据库可以正常使用，未移动"));
}

#[test]
fn a_zero_byte_database_is_adopted_and_list_says_so_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.sqlite3");
    std::fs::write(&db, b"").unwrap();
    let d = db.to_str().unwrap();
    let first = cli(&["drafts", "--db", d, "list"], None);
    assert!(first.status.success());
    assert!(String::from_utf8_lossy(&first.stderr)
        .contains("原为空文件（0 字节），已作为新的草稿数据库使用"));
    let second = cli(&["drafts", "--db", d, "list"], None);
    assert!(!String::from_utf8_lossy(&second.stderr).contains("空文件"));
}

#[test]
fn an_unreadable_draft_is_listed_and_the_others_still_work() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.sqlite3");
    let d = db.to_str().unwrap();
    let file = dir.path().join("d.json");
    std::fs::write(&file, example("skill")).unwrap();
    for _ in 0..2 {
        assert!(cli(
            &["drafts", "--db", d, "import", file.to_str().unwrap()],
            None
        )
        .status
        .success());
    }
    rusqlite_update(&db);
    let out = cli(&["drafts", "--db", d, "list"], None);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let list = String::from_utf8(out.stdout).unwrap();
    assert!(list.contains("无法读取：由更新版本的软件保存"), "{list}");
    assert!(
        list.contains("连云港石化技工  中高端技能类劳务品牌"),
        "{list}"
    );
    assert!(cli(&["drafts", "--db", d, "show", "1"], None)
        .status
        .success());
}

fn rusqlite_update(db: &std::path::Path) {
    rusqlite::Connection::open(db)
        .unwrap()
        .execute("UPDATE drafts SET doc_version = 9 WHERE id = 2", [])
        .unwrap();
}

#[test]
fn drafts_backup_and_restore_backup_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let (db, other) = (dir.path().join("d.sqlite3"), dir.path().join("new.sqlite3"));
    let (d, o) = (db.to_str().unwrap(), other.to_str().unwrap());
    let file = dir.path().join("d.json");
    std::fs::write(&file, example("skill")).unwrap();
    assert!(cli(
        &["drafts", "--db", d, "import", file.to_str().unwrap()],
        None
    )
    .status
    .success());
    let backup = dir.path().join("全部草稿 备份.sqlite3");
    let b = backup.to_str().unwrap();
    let out = cli(&["drafts", "--db", d, "backup", "-o", b], None);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Not over an existing backup unless asked (--force, as the window's Save dialog asks),
    // and never over the database.
    let again = cli(&["drafts", "--db", d, "backup", "-o", b], None);
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("--force"));
    let forced = cli(&["drafts", "--db", d, "backup", "-o", b, "--force"], None);
    assert!(forced.status.success());
    assert_eq!(
        cli(&["drafts", "--db", d, "backup", "-o", d, "--force"], None)
            .status
            .code(),
        Some(2)
    );
    // The draft already uses the current edition: moving it is refused, named as such.
    let up = cli(&["drafts", "--db", d, "upgrade", "1"], None);
    assert_eq!(up.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&up.stderr).contains("已经使用当前的评分标准"));
    let out = cli(&["drafts", "--db", o, "restore-backup", b], None);
    assert!(String::from_utf8_lossy(&out.stdout).contains("已从备份恢复 1 份草稿"));
    let list = String::from_utf8(cli(&["drafts", "--db", o, "list"], None).stdout).unwrap();
    assert!(list.contains("连云港石化技工"), "{list}");
    // Restoring into the database the backup came from adds a renamed copy.
    cli(&["drafts", "--db", d, "restore-backup", b], None);
    let list = String::from_utf8(cli(&["drafts", "--db", d, "list"], None).stdout).unwrap();
    assert!(
        list.contains("连云港石化技工（恢复）") && list.lines().count() == 2,
        "{list}"
    );
}

#[test]
fn export_writes_word_by_format_or_extension_and_never_over_a_pdf() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("d.json");
    std::fs::write(&file, example("culture")).unwrap();
    let f = file.to_str().unwrap();
    let by_ext = dir.path().join("申报.docx");
    let by_flag = dir.path().join("申报-word");
    let pdf = dir.path().join("申报.pdf");
    for (out, extra) in [(&by_ext, None), (&by_flag, Some("docx")), (&pdf, None)] {
        let mut args = vec!["export", f, "-o", out.to_str().unwrap()];
        if let Some(format) = extra {
            args.extend(["--format", format]);
        }
        let res = cli(&args, None);
        assert!(
            res.status.success(),
            "{}",
            String::from_utf8_lossy(&res.stderr)
        );
    }
    for word in [&by_ext, &by_flag] {
        let bytes = std::fs::read(word).unwrap();
        assert!(bytes.starts_with(b"PK\x03\x04"), "a zip package");
        assert!(bytes.windows(17).any(|w| w == b"word/document.xml"));
    }
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF-"));
    // A Word export over the PDF is refused (a different kind of file), and the PDF is kept.
    let before = std::fs::read(&pdf).unwrap();
    let out = cli(
        &["export", f, "-o", pdf.to_str().unwrap(), "--format", "docx"],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("不是Word 文件"));
    assert_eq!(std::fs::read(&pdf).unwrap(), before);
}
