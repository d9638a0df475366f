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
    let a = draftfile::parse(&std::fs::read(&file).unwrap()).unwrap();
    let b = draftfile::parse(&std::fs::read(&exported).unwrap()).unwrap();
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
        draftfile::parse(&vec![b' '; draftfile::MAX_FILE_BYTES + 1]),
        Err(DraftFileError::TooLarge(_))
    ));
    let deep = "[".repeat(10_000);
    assert!(matches!(
        draftfile::parse(deep.as_bytes()),
        Err(DraftFileError::Malformed(_))
    ));
    let long = format!(
        r#"{{"form1": {{"brand_name": "{}"}}}}"#,
        "工".repeat(draftfile::MAX_TEXT_CHARS + 1)
    );
    assert!(matches!(
        draftfile::parse(long.as_bytes()),
        Err(DraftFileError::FieldTooLong(_))
    ));
    let wrong_type = br#"{"form1": {"brand_type": "spaceship"}}"#;
    assert!(matches!(
        draftfile::parse(wrong_type),
        Err(DraftFileError::Malformed(_))
    ));
    let truncated = &example("skill")[..200];
    assert!(matches!(
        draftfile::parse(truncated),
        Err(DraftFileError::Malformed(_))
    ));
    let good = example("skill");
    let parsed = draftfile::parse(&good).unwrap();
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
