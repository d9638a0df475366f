//! The county bureau's summary: a folder of draft files scored into one workbook, read back
//! with an independent reader (calamine) and the package XML; the CSV parsed back; unreadable
//! files listed with their reason.

use std::path::{Path, PathBuf};
use std::process::Command;

use calamine::{open_workbook, Data, Reader, Xlsx};
use labour_brand::batch::{score_files, Points};
use labour_brand::draftfile;
use labour_brand::example::example;
use labour_brand::rubric::Editions;
use labour_brand::rubric::Rubric;
use labour_brand::{score, BrandType, Draft};

use crate::common::tool;

fn write_draft(dir: &Path, name: &str, d: &Draft) -> PathBuf {
    let path = dir.join(name);
    let edition = &Rubric::city().edition_id;
    let file = draftfile::DraftFile::new(&d.display_name(), edition, d.clone());
    std::fs::write(&path, file.to_json()).unwrap();
    path
}

/// A folder as a county bureau receives it: two skill applications (one stronger), one of
/// each other type with the service one vetoed, an untyped one, a broken file, a file from a
/// newer version, and a note that is not a draft (ignored: not .json).
fn county_folder() -> (tempfile::TempDir, Vec<Draft>) {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    let skill = example(BrandType::Skill);
    let mut weaker = example(BrandType::Skill);
    weaker.form1.brand_name = "连云港焊工".into();
    weaker.facts.insert("common.workers".into(), "2900".into());
    let mut service = example(BrandType::Service);
    service
        .facts
        .insert("basic.4.product".into(), serde_json::json!(false));
    let untyped = {
        let mut d = example(BrandType::Culture);
        d.form1.brand_type = None;
        d.form1.brand_name = "未选类型的品牌".into();
        d
    };
    let drafts = vec![
        skill,
        weaker,
        service,
        example(BrandType::Culture),
        example(BrandType::Livelihood),
        untyped,
    ];
    for (i, d) in drafts.iter().enumerate() {
        write_draft(p, &format!("{i:02}-申报.json"), d);
    }
    std::fs::write(
        p.join("坏文件.json"),
        "{\"format\": \"labour-brand-draft\", ",
    )
    .unwrap();
    let newer = serde_json::json!({"format": "labour-brand-draft", "format_version": 99});
    std::fs::write(p.join("新版本.json"), newer.to_string()).unwrap();
    std::fs::write(p.join("说明.txt"), "不是草稿").unwrap();
    (dir, drafts)
}

#[test]
fn every_file_is_scored_as_the_window_scores_it_and_sorted_by_total_within_type() {
    let (dir, drafts) = county_folder();
    let batch = score_files(&[dir.path().to_path_buf()], Editions::shipped());
    assert_eq!(batch.rows.len(), drafts.len());
    // Never silently skipped: the two unreadable .json files and the .txt are listed with why.
    assert_eq!(batch.failures.len(), 3, "{:?}", batch.failures);
    assert!(batch
        .failures
        .iter()
        .any(|f| f.file.ends_with("说明.txt") && f.reason.contains("不是草稿文件")));
    assert!(batch
        .failures
        .iter()
        .any(|f| f.file.ends_with("坏文件.json") && f.reason.contains("JSON")));
    assert!(batch
        .failures
        .iter()
        .any(|f| f.file.ends_with("新版本.json") && f.reason.contains("99")));
    // Each row has the core's numbers.
    for d in &drafts {
        let row = batch
            .rows
            .iter()
            .find(|r| r.brand_name == d.form1.brand_name)
            .unwrap();
        let s = score(d);
        assert_eq!(
            (row.total, row.basic_bonus, row.category_total, row.vetoed),
            (s.total, s.basic_bonus, s.category_total, s.vetoed),
            "{}",
            row.brand_name
        );
        assert_eq!(row.code, d.version_code());
        let scored = s
            .items
            .iter()
            .filter(|i| i.state == labour_brand::ItemState::Scored)
            .count();
        let in_row = row
            .items
            .iter()
            .filter(|(_, p)| matches!(p, Points::Scored(_)))
            .count();
        assert_eq!(scored, in_row);
    }
    // Sorted: types in the form's order (untyped last), the higher total first.
    let order: Vec<&str> = batch.rows.iter().map(|r| r.brand_name.as_str()).collect();
    assert_eq!(order[0], "连云港石化技工");
    assert_eq!(order[1], "连云港焊工");
    assert_eq!(*order.last().unwrap(), "未选类型的品牌");
    let service = &batch.rows[2];
    assert!(service.vetoed && !service.vetoes.is_empty(), "{service:?}");
    assert_eq!(batch.rows[1].workers, Some("2900".parse().unwrap()));
}

#[test]
fn the_workbook_reads_back_with_numbers_as_numbers_and_a_sheet_per_type() {
    let (dir, drafts) = county_folder();
    // The same file twice: summarised once, the copy listed.
    std::fs::copy(
        dir.path().join("00-申报.json"),
        dir.path().join("00-副本.json"),
    )
    .unwrap();
    let batch = score_files(&[dir.path().to_path_buf()], Editions::shipped());
    assert_eq!(batch.rows.len(), drafts.len());
    assert!(batch
        .failures
        .iter()
        .any(|f| f.file.ends_with("00-申报.json") && f.reason.contains("00-副本.json")));
    let path = dir.path().join("汇总.xlsx");
    std::fs::write(&path, batch.to_xlsx(Rubric::city()).unwrap()).unwrap();
    let mut book: Xlsx<_> = open_workbook(&path).unwrap();
    assert_eq!(
        book.sheet_names(),
        [
            "汇总",
            "中高端技能类劳务品牌",
            "高品质服务类劳务品牌",
            "文化旅游类劳务品牌",
            "民生保障类劳务品牌",
            "无法读取的文件"
        ]
    );
    let summary = book.worksheet_range("汇总").unwrap();
    // Title, the 填报单位 line, then the header.
    let rows: Vec<_> = summary.rows().collect();
    assert!(rows[1][0].to_string().starts_with("填报单位（盖章）："));
    let header: Vec<String> = rows[2].iter().map(|c| c.to_string()).collect();
    for h in [
        "劳务品牌名称",
        "培育建设单位",
        "负责人",
        "从业人员（人）",
        "基本条件加分",
        "分类得分",
        "总分",
        "一票否决项",
        "未填项目",
        "达到省级标准",
        "校验码",
    ] {
        assert!(header.iter().any(|x| x == h), "column {h}");
    }
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let first = rows[3];
    assert_eq!(
        first[col("劳务品牌名称")],
        Data::String("连云港石化技工".into())
    );
    let s = score(&drafts[0]);
    assert_eq!(first[col("总分")], Data::Float(s.total.into()));
    assert_eq!(first[col("从业人员（人）")], Data::Float(4200.0));
    // Numeric columns hold numbers or nothing: the vetoed total is blank, the veto named
    // in its own column.
    for r in &rows[3..] {
        for c in ["总分", "基本条件加分", "分类得分", "从业人员（人）"] {
            assert!(
                matches!(r[col(c)], Data::Float(_) | Data::Empty),
                "{c}: {:?}",
                r[col(c)]
            );
        }
    }
    let vetoed = rows[3..]
        .iter()
        .find(|r| r[col("劳务品牌名称")] == Data::String("港城家政员".into()))
        .unwrap();
    assert_eq!(vetoed[col("总分")], Data::Empty);
    assert!(!vetoed[col("一票否决项")].to_string().is_empty());
    // The per-type sheet: items headed as the form numbers them, a 满分 row above the header,
    // points as numbers, a veto item's column reading 满足.
    let skill = book.worksheet_range("中高端技能类劳务品牌").unwrap();
    let srows: Vec<_> = skill.rows().collect();
    let items: Vec<_> = Rubric::city()
        .items
        .iter()
        .filter(|i| i.group.key() == "basic" || i.group.key() == "skill")
        .collect();
    assert_eq!(skill.width(), 4 + items.len());
    assert_eq!(srows[2][0], Data::String("满分".into()));
    let heads: Vec<String> = srows[3].iter().map(|c| c.to_string()).collect();
    assert!(
        heads.contains(&"基本条件第6项 信用承诺制度".to_string()),
        "{heads:?}"
    );
    assert!(heads.iter().all(|h| !h.contains("basic.")), "{heads:?}");
    let top = srows[4];
    let mut points = 0.0;
    for (k, item) in items.iter().enumerate() {
        match &top[4 + k] {
            Data::Float(f) => points += f,
            other => panic!("{}: {other:?}", item.id),
        }
    }
    assert_eq!(points, f64::from(s.total));
    let failed = book.worksheet_range("无法读取的文件").unwrap();
    assert_eq!(failed.height(), 3 + batch.failures.len());

    // Print setup: A4 landscape at 100 % (never shrunk to one page wide), header rows
    // repeated, a CJK font named, rows given their height, an autofilter.
    let xml = tool(
        "unzip",
        &["-p", path.to_str().unwrap(), "xl/worksheets/sheet1.xml"],
    );
    assert!(xml.contains("paperSize=\"9\""), "A4");
    assert!(xml.contains("orientation=\"landscape\""));
    assert!(xml.contains("state=\"frozen\""));
    assert!(!xml.contains("fitToWidth") && !xml.contains("fitToPage"));
    assert!(xml.contains("<autoFilter"));
    assert!(xml.contains("customHeight=\"1\""));
    let styles = tool("unzip", &["-p", path.to_str().unwrap(), "xl/styles.xml"]);
    assert!(styles.contains("宋体"), "a CJK font is named");
    // A met veto item is a number shown as 满足 (0 would read as "no bonus").
    assert!(styles.contains("&quot;满足&quot;"), "{styles}");
}

#[test]
fn csv_has_a_bom_quotes_what_needs_it_and_lists_unreadable_files() {
    let dir = tempfile::tempdir().unwrap();
    let mut d = example(BrandType::Culture);
    d.form1.unit = "东海县,\"水晶\"中心".into();
    d.form1.leader = "=HYPERLINK(\"x\")".into();
    write_draft(dir.path(), "a.json", &d);
    std::fs::write(dir.path().join("b.json"), "[]").unwrap();
    let csv = score_files(&[dir.path().to_path_buf()], Editions::shipped()).to_csv();
    assert!(csv.starts_with('\u{feff}'));
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 3, "{csv}");
    assert!(
        lines[1].contains("\"东海县,\"\"水晶\"\"中心\""),
        "{}",
        lines[1]
    );
    // A formula-looking value is kept as text.
    assert!(
        lines[1].contains("\"'=HYPERLINK(\"\"x\"\")\""),
        "{}",
        lines[1]
    );
    assert!(lines[2].contains("b.json") && lines[2].contains("无法读取"));
}

#[test]
fn cli_batch_writes_the_workbook_exits_1_when_files_are_unreadable_and_spares_its_inputs() {
    let (dir, _) = county_folder();
    let bin = env!("CARGO_BIN_EXE_labour-brand");
    let out = dir.path().join("out").join("汇总.xlsx");
    std::fs::create_dir(out.parent().unwrap()).unwrap();
    let run = Command::new(bin)
        .args([
            "batch",
            dir.path().to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1));
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(
        err.contains("坏文件.json") && err.contains("新版本.json"),
        "{err}"
    );
    assert!(String::from_utf8_lossy(&run.stdout).contains("已汇总 6 个草稿文件"));
    assert!(std::fs::read(&out).unwrap().starts_with(b"PK"));
    // --csv to stdout; a CSV never over an input draft file.
    let input = dir.path().join("00-申报.json");
    let before = std::fs::read(&input).unwrap();
    let run = Command::new(bin)
        .args(["batch", input.to_str().unwrap(), "--csv"])
        .output()
        .unwrap();
    assert!(run.status.success());
    assert!(String::from_utf8_lossy(&run.stdout).contains("连云港石化技工"));
    let run = Command::new(bin)
        .args([
            "batch",
            input.to_str().unwrap(),
            "--csv",
            "-o",
            input.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    assert_eq!(std::fs::read(&input).unwrap(), before);
    // A CSV of someone else's (a contact list) is not replaced without --force; our own
    // summary CSV is.
    let contacts = dir.path().join("通讯录.csv");
    std::fs::write(&contacts, "姓名,电话\n张三,13800000000\n").unwrap();
    let csv_to = |force: bool| {
        let mut args = vec![
            "batch",
            input.to_str().unwrap(),
            "--csv",
            "-o",
            contacts.to_str().unwrap(),
        ];
        if force {
            args.push("--force");
        }
        Command::new(bin).args(args).output().unwrap()
    };
    let run = csv_to(false);
    assert_eq!(
        run.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(std::fs::read_to_string(&contacts)
        .unwrap()
        .starts_with("姓名"));
    assert!(csv_to(true).status.success());
    assert!(
        csv_to(false).status.success(),
        "our own summary CSV is replaced"
    );
    // No -o for a workbook: a clear message.
    let run = Command::new(bin)
        .args(["batch", input.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("-o"));
}
