//! The county's desk, end to end on the core: the sample folder of eight applications goes from
//! receiving to the county's PDF, the 推荐汇总表 and the package; each slip in it is flagged
//! where the clerk works; the applicant's bytes are never changed; the log and the package
//! refuse tampering.

use std::path::{Path, PathBuf};

use calamine::{open_workbook, Data, Reader, Xlsx};
use labour_brand::review::{
    self, decide, detail, hints::HintKind, layer::Verdict, overview, package, paper,
    sample::write_county_folder, Decision, Desk, Received, Settings,
};
use labour_brand::rubric::Editions;
use labour_brand::Bilingual;

use crate::common::{text_sizes, tool};

fn setup() -> (tempfile::TempDir, PathBuf, Desk, review::sample::Sample) {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("收件");
    std::fs::create_dir(&folder).unwrap();
    let sample = write_county_folder(&folder).unwrap();
    let mut desk = Desk::open(&dir.path().join("review.sqlite3")).unwrap();
    desk.set_settings(&Settings {
        county: "连云港市海州区人力资源和社会保障局".into(),
        reviewer: "王芳".into(),
        preparer: String::new(),
        date: "2026-12-07".into(),
    })
    .unwrap();
    (dir, folder, desk, sample)
}

fn ed() -> &'static Editions {
    Editions::shipped()
}

fn row_of<'a>(rows: &'a [review::Row], brand: &str) -> &'a review::Row {
    rows.iter().find(|r| r.brand == brand).unwrap()
}

#[test]
fn a_folder_is_received_once_with_the_duplicate_and_the_scan_named() {
    let (_dir, folder, mut desk, _) = setup();
    let report = review::receive(&mut desk, ed(), &[folder.clone()]).unwrap();
    assert_eq!(report.new_count(), 8, "{report:#?}");
    let dup: Vec<_> = report
        .files
        .iter()
        .filter_map(|f| match f {
            Received::Duplicate { file, reason, .. } => Some((file.clone(), reason.clone())),
            _ => None,
        })
        .collect();
    assert_eq!(dup.len(), 1);
    assert!(dup[0].1.contains("01-连云港石化技工.lbdraft"), "{dup:?}");
    let refused: Vec<_> = report
        .files
        .iter()
        .filter_map(|f| match f {
            Received::Refused { file, reason } => Some((file.clone(), reason.clone())),
            _ => None,
        })
        .collect();
    assert_eq!(refused.len(), 1);
    assert!(refused[0].0.ends_with(".pdf") && refused[0].1.contains("不是申报草稿文件"));
    // Received again: nothing new, every file a duplicate or refused.
    let again = review::receive(&mut desk, ed(), &[folder]).unwrap();
    assert_eq!(again.new_count(), 0);
    // Each version is the file byte for byte.
    for a in desk.applications().unwrap() {
        let v = a.latest();
        let bytes = desk.bytes(&v.sha256).unwrap();
        assert_eq!(labour_brand::store::sha256_hex(&bytes), v.sha256);
        assert_eq!(bytes.len() as i64, v.size);
    }
    // Nothing received without a reviewer's name to log it by.
    let d2 = tempfile::tempdir().unwrap();
    let mut fresh = Desk::open(&d2.path().join("r.sqlite3")).unwrap();
    let e = review::receive(&mut fresh, ed(), &[d2.path().to_path_buf()]).unwrap_err();
    assert_eq!(e.code(), "review_no_reviewer");
}

#[test]
fn the_slips_are_flagged_where_the_clerk_works_and_the_county_layer_leaves_the_claim() {
    let (_dir, folder, mut desk, sample) = setup();
    review::receive(&mut desk, ed(), &[folder]).unwrap();
    let rows = overview(&desk, ed()).unwrap();
    assert_eq!(rows.len(), 8);

    // The typo: a unit hint on the fact, the self-score counted as claimed.
    let typo = row_of(&rows, &sample.typo_brand);
    let d = detail(&desk, ed(), &typo.sha256).unwrap();
    let unit = d
        .hints
        .iter()
        .find(|h| h.kind == HintKind::Unit)
        .expect("the 27800 亿元 is flagged");
    assert_eq!(unit.fact.as_deref(), Some("basic.7.annual_sales"));
    assert!(
        unit.text.contains("27,800") && unit.text.contains("亿元"),
        "{}",
        unit.text
    );
    let before = desk.bytes(&typo.sha256).unwrap();
    // Recommending is refused while the hint stands.
    let e = decide(
        &mut desk,
        ed(),
        typo.application,
        Some(Decision::Recommend),
        "同意推荐",
    )
    .unwrap_err();
    assert_eq!(e.code(), "review_not_ready");
    // The correction: stored beside the claim, the 核定分 by the same engine.
    desk.correct(
        &typo.sha256,
        "basic.7.annual_sales",
        Some(serde_json::json!("2.78")),
        "按企业年报核实为 2.78 亿元",
        ed(),
    )
    .unwrap();
    let d = detail(&desk, ed(), &typo.sha256).unwrap();
    let fact = d
        .items
        .iter()
        .flat_map(|i| &i.facts)
        .find(|f| f.key == "basic.7.annual_sales")
        .unwrap();
    assert_eq!(fact.claimed, "27,800");
    assert_eq!(fact.correction.as_ref().unwrap().value, "2.78");
    assert!(d
        .hints
        .iter()
        .find(|h| h.kind == HintKind::Unit)
        .unwrap()
        .settled
        .is_some());
    let mut corrected = d.draft.clone();
    corrected.set_fact("basic.7.annual_sales", Some("2.78".into()));
    assert_eq!(d.assessed_total, ed().current().score(&corrected).total);
    assert_eq!(d.self_total, ed().current().score(&d.draft).total);
    // A verdict 不认定 takes the item's points out of the 核定分.
    let item = d
        .items
        .iter()
        .find(|i| i.claimed.points > 0 && !i.veto)
        .unwrap();
    let e = desk
        .judge(
            &typo.sha256,
            &item.id,
            Some(Verdict::Rejected),
            "",
            None,
            None,
            ed(),
        )
        .unwrap_err();
    assert_eq!(e.code(), "review_reason_required");
    desk.judge(
        &typo.sha256,
        &item.id,
        Some(Verdict::Rejected),
        "工资台账不全",
        None,
        None,
        ed(),
    )
    .unwrap();
    let after = detail(&desk, ed(), &typo.sha256).unwrap();
    assert_eq!(after.assessed_total, d.assessed_total - item.claimed.points);
    // A correction that does not read is refused with the field named.
    let e = desk
        .correct(
            &typo.sha256,
            "common.workers",
            Some("很多".into()),
            "x",
            ed(),
        )
        .unwrap_err();
    assert!(e.zh().contains("从业人员人数"), "{}", e.zh());
    // The applicant's bytes and 自评分 are what they were.
    assert_eq!(desk.bytes(&typo.sha256).unwrap(), before);
    assert_eq!(after.self_total, typo.self_total);

    // The vetoed application: vetoed both ways, never recommended, listed apart.
    let vetoed = row_of(&rows, &sample.vetoed_brand);
    assert!(vetoed.self_vetoed && vetoed.assessed_vetoed);
    let e = decide(
        &mut desk,
        ed(),
        vetoed.application,
        Some(Decision::Recommend),
        "",
    )
    .unwrap_err();
    assert!(e.zh().contains("一票否决"), "{}", e.zh());
    assert!(review::outputs::apart(vetoed));

    // The incomplete one: its blockers say so.
    let inc = row_of(&rows, &sample.incomplete_brand);
    assert!(
        inc.blockers.iter().any(|b| b.contains("未填写")),
        "{:?}",
        inc.blockers
    );

    // Evidence: a plain file has none (one hint); a container with some items proved lists
    // each item earning points without evidence.
    let plain = detail(&desk, ed(), &row_of(&rows, "海州月嫂").sha256).unwrap();
    assert!(plain.hints.iter().any(|h| h.code == "evidence:none"));
    let skill = detail(&desk, ed(), &row_of(&rows, "连云港石化技工").sha256).unwrap();
    assert!(!skill.hints.iter().any(|h| h.code == "evidence:none"));
    assert!(skill
        .hints
        .iter()
        .any(|h| h.kind == HintKind::Unproved && h.item.as_deref() == Some("skill.2")));
    assert!(
        !skill
            .hints
            .iter()
            .any(|h| h.item.as_deref() == Some("skill.1")),
        "skill.1 has its roster"
    );
    assert!(!row_of(&rows, "连云港石化技工").evidence_complete);

    // The edited paper copy: its code matches no version received.
    assert!(paper(&desk, ed(), &sample.printed_code).unwrap().is_empty());
    let printed = row_of(&rows, &sample.printed_brand);
    assert_ne!(printed.code, sample.printed_code);
    assert_eq!(
        paper(&desk, ed(), &printed.code.to_lowercase().replace('-', ""))
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn a_corrected_application_is_its_next_version_with_the_difference_and_nothing_carried() {
    let (dir, folder, mut desk, sample) = setup();
    review::receive(&mut desk, ed(), &[folder]).unwrap();
    let rows = overview(&desk, ed()).unwrap();
    let typo = row_of(&rows, &sample.typo_brand).clone();
    desk.judge(
        &typo.sha256,
        "basic.1",
        Some(Verdict::Doubtful),
        "方案未盖章",
        None,
        None,
        ed(),
    )
    .unwrap();
    // The applicant fixes the figure and sends it again (补正).
    let v1 = desk.version(&typo.sha256).unwrap();
    let mut fixed = v1.file.draft.clone();
    fixed.set_fact("basic.7.annual_sales", Some("2.78".into()));
    let again = dir.path().join("05-连云港焊工（补正）.json");
    std::fs::write(
        &again,
        labour_brand::draftfile::DraftFile::new("连云港焊工", &v1.file.rubric_edition, fixed)
            .to_json(),
    )
    .unwrap();
    let r = review::receive(&mut desk, ed(), &[again]).unwrap();
    match &r.files[0] {
        Received::New {
            application,
            number,
            ..
        } => assert_eq!((*application, *number), (typo.application, 2)),
        other => panic!("{other:?}"),
    }
    let rows = overview(&desk, ed()).unwrap();
    assert_eq!(rows.len(), 8, "the same application");
    let v2 = row_of(&rows, &sample.typo_brand);
    assert_eq!((v2.version, v2.versions), (2, 2));
    let d = detail(&desk, ed(), &v2.sha256).unwrap();
    let change = d
        .changes
        .iter()
        .find(|c| c.what == "龙头企业年销售额")
        .expect("the difference names the field");
    assert_eq!(
        (change.before.as_str(), change.after.as_str()),
        ("27,800 亿元", "2.78 亿元")
    );
    assert!(!d.hints.iter().any(|h| h.kind == HintKind::Unit));
    // The verdict on version 1 is offered again, not carried.
    let basic1 = d.items.iter().find(|i| i.id == "basic.1").unwrap();
    assert!(basic1.judgement.is_none());
    assert_eq!(basic1.previous.as_ref().unwrap().verdict, Verdict::Doubtful);
    // The paper copy of version 1: found, with what changed since.
    let m = paper(&desk, ed(), &typo.code).unwrap();
    assert_eq!((m[0].number, m[0].latest), (1, 2));
    assert!(m[0].changes.iter().any(|c| c.what == "龙头企业年销售额"));
}

/// Settles the sample so that four applications can be recommended: hints acknowledged.
fn settle_and_recommend(desk: &mut Desk) -> Vec<review::Row> {
    for r in overview(desk, ed()).unwrap() {
        let d = detail(desk, ed(), &r.sha256).unwrap();
        for h in d.hints.iter().filter(|h| h.settled.is_none()) {
            desk.acknowledge(&r.sha256, &h.code, "已核对纸质材料")
                .unwrap();
        }
    }
    for r in overview(desk, ed()).unwrap() {
        if r.blockers.is_empty() {
            decide(
                desk,
                ed(),
                r.application,
                Some(Decision::Recommend),
                "经审核，同意推荐。",
            )
            .unwrap();
        }
    }
    overview(desk, ed()).unwrap()
}

#[test]
fn the_outputs_print_what_the_county_owns_and_read_back() {
    let (dir, folder, mut desk, _) = setup();
    review::receive(&mut desk, ed(), &[folder]).unwrap();
    let rows = settle_and_recommend(&mut desk);
    let recommended: Vec<_> = rows.iter().filter(|r| r.rank.is_some()).collect();
    assert!(recommended.len() >= 4, "{rows:#?}");
    // Ranked by 核定分.
    let totals: Vec<u32> = recommended.iter().map(|r| r.assessed_total).collect();
    assert!(totals.windows(2).all(|w| w[0] >= w[1]), "{totals:?}");

    // The county's forms: its opinion, date and name; both codes at the foot.
    let (pdf, info) = review::outputs::county_forms(&desk, ed()).unwrap();
    let p = dir.path().join("县区推荐表.pdf");
    std::fs::write(&p, &pdf).unwrap();
    let text = tool("pdftotext", &["-layout", p.to_str().unwrap(), "-"]);
    assert!(text.contains("经审核，同意推荐。"));
    assert!(text.contains("2026 年 12 月 7 日"));
    assert!(text.contains("连云港市海州区人力资源和社会保障局"));
    for (_, applicant, county) in &info.codes {
        assert!(
            text.contains(&format!("校验码 {applicant} · 县区审核码 {county}")),
            "{applicant}"
        );
        // The county's code is found by the paper check too.
        assert_eq!(paper(&desk, ed(), county).unwrap()[0].what, "县区审核码");
    }

    // The 推荐汇总表 as PDF: never under 9 pt.
    let settings = desk.settings().unwrap();
    let pdf = review::outputs::report_pdf(&rows, &settings).unwrap();
    let p = dir.path().join("推荐汇总表.pdf");
    std::fs::write(&p, &pdf).unwrap();
    let sizes = text_sizes(&p);
    assert!(sizes.iter().all(|(_, s)| *s >= 9.0), "{sizes:?}");
    let text = tool("pdftotext", &["-layout", p.to_str().unwrap(), "-"]);
    for w in ["序号", "核定分", "填表人", "审核人", "一票否决及撤回"] {
        assert!(text.contains(w), "{w}");
    }

    // As xlsx: numbers as numbers, the vetoed apart, items as the form numbers them.
    let xlsx = review::report::report_xlsx(&rows, &settings, ed()).unwrap();
    let x = dir.path().join("推荐汇总表.xlsx");
    std::fs::write(&x, &xlsx).unwrap();
    let mut book: Xlsx<_> = open_workbook(&x).unwrap();
    let names = book.sheet_names();
    assert_eq!(&names[..2], ["推荐汇总表", "否决及撤回"]);
    let main = book.worksheet_range("推荐汇总表").unwrap();
    let all: Vec<_> = main.rows().collect();
    let header: Vec<String> = all[2].iter().map(|c| c.to_string()).collect();
    assert_eq!(
        header,
        [
            "序号",
            "劳务品牌名称",
            "类型",
            "培育建设单位",
            "负责人",
            "从业人员（人）",
            "自评分",
            "核定分",
            "差异",
            "佐证齐全",
            "推荐与否",
            "推荐顺序"
        ]
    );
    let data: Vec<_> = all[3..]
        .iter()
        .filter(|r| matches!(r[0], Data::Float(_)))
        .collect();
    assert_eq!(
        data.len(),
        rows.iter().filter(|r| !review::outputs::apart(r)).count()
    );
    for r in &data {
        for c in [0, 5, 6, 7, 8] {
            assert!(matches!(r[c], Data::Float(_)), "{:?}", r[c]);
        }
    }
    assert_eq!(data[0][11], Data::Float(1.0));
    let apart = book.worksheet_range("否决及撤回").unwrap();
    assert!(apart
        .rows()
        .any(|r| r[1] == Data::String("港城家政员".into())));
    let items = book.worksheet_range("中高端技能类劳务品牌核定分").unwrap();
    let heads: Vec<String> = items
        .rows()
        .nth(3)
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert!(
        heads.contains(&"基本条件第6项 信用承诺制度".to_string()),
        "{heads:?}"
    );

    // Converted by LibreOffice as a clerk prints it: no text under 9 pt.
    let out = dir.path().join("lo");
    let status = std::process::Command::new("soffice")
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(&out)
        .arg(&x)
        .env("HOME", dir.path())
        .status()
        .expect("LibreOffice (libreoffice-calc-nogui) is installed");
    assert!(status.success());
    let printed = out.join("推荐汇总表.pdf");
    let sizes = text_sizes(&printed);
    assert!(!sizes.is_empty());
    let smallest = sizes.iter().map(|(_, s)| *s).fold(f64::MAX, f64::min);
    assert!(smallest >= 9.0, "smallest text {smallest} pt");

    // The 补正告知单 of the typo'd application, PDF and Word, lists everything at once.
    let typo = row_of(&rows, "连云港焊工");
    desk.judge(
        &typo.sha256,
        "basic.1",
        Some(Verdict::Doubtful),
        "方案未盖章",
        None,
        None,
        ed(),
    )
    .unwrap();
    let n = review::outputs::notice(&desk, ed(), &typo.sha256).unwrap();
    assert!(
        n.items
            .iter()
            .any(|i| i.contains("方案未盖章") && i.contains("存疑")),
        "{:?}",
        n.items
    );
    let p = dir.path().join("补正告知单.pdf");
    std::fs::write(&p, n.to_pdf().unwrap()).unwrap();
    let text = tool("pdftotext", &[p.to_str().unwrap(), "-"]);
    assert!(text.contains("补正告知单") && text.contains("方案未盖章"));
    let w = dir.path().join("补正告知单.docx");
    std::fs::write(&w, n.to_docx().unwrap()).unwrap();
    let xml = tool("unzip", &["-p", w.to_str().unwrap(), "word/document.xml"]);
    assert!(xml.contains("方案未盖章") && xml.contains("宋体"));
    let schema: Vec<_> = crate::docx::audit(&w)
        .into_iter()
        .filter(|e| e.0 == "schema")
        .collect();
    assert!(schema.is_empty(), "{schema:#?}");
}

fn rewrite_zip(from: &Path, to: &Path, edit: impl Fn(&str, Vec<u8>) -> Option<Vec<u8>>) {
    use std::io::{Read, Write};
    let mut src = zip::ZipArchive::new(std::fs::File::open(from).unwrap()).unwrap();
    let mut dst = zip::ZipWriter::new(std::fs::File::create(to).unwrap());
    for i in 0..src.len() {
        let mut f = src.by_index(i).unwrap();
        let name = f.name().to_string();
        let mut bytes = Vec::new();
        f.read_to_end(&mut bytes).unwrap();
        if let Some(b) = edit(&name, bytes) {
            dst.start_file(name, zip::write::SimpleFileOptions::default())
                .unwrap();
            dst.write_all(&b).unwrap();
        }
    }
    dst.finish().unwrap();
}

#[test]
fn the_log_is_append_only_and_the_package_refuses_any_change_naming_the_part() {
    let (dir, folder, mut desk, _) = setup();
    review::receive(&mut desk, ed(), &[folder]).unwrap();
    settle_and_recommend(&mut desk);
    let log = desk.log().unwrap();
    assert!(log.iter().any(|e| e.action == "receive" && e.who == "王芳"));
    assert!(log.iter().any(|e| e.action == "decide"));
    review::log::verify(&log).unwrap();
    // The database itself refuses to change a received file or a log entry.
    let conn = rusqlite::Connection::open(desk.path()).unwrap();
    assert!(conn
        .execute("UPDATE versions SET bytes = x'00'", [])
        .is_err());
    assert!(conn.execute("DELETE FROM log WHERE seq = 2", []).is_err());
    assert!(conn
        .execute("UPDATE log SET who = 'x' WHERE seq = 2", [])
        .is_err());
    // An entry edited in a copy breaks the chain at that entry.
    let mut edited = log.clone();
    edited[3].who = "李四".into();
    assert_eq!(
        review::log::verify(&edited).unwrap_err().code(),
        "review_log_broken"
    );
    let mut removed = log.clone();
    removed.remove(2);
    assert!(review::log::verify(&removed).is_err());

    let p = dir.path().join("海州区.lbreview");
    let m = package::write_file(&mut desk, ed(), &p).unwrap();
    assert_eq!(m.applications, 8);
    let v = package::verify_file(&p).unwrap();
    assert_eq!((v.applications, v.received), (8, 8));
    assert!(v.log_entries > log.len(), "the packaging is logged too");
    // Every received file is in it byte for byte.
    for a in desk.applications().unwrap() {
        let sha = &a.latest().sha256;
        let part = m
            .parts
            .iter()
            .find(|x| x.path.contains(sha.as_str()))
            .unwrap();
        assert_eq!(&part.sha256, sha);
    }
    // A received file changed: refused, named.
    let bad = dir.path().join("改过.lbreview");
    let target = m
        .parts
        .iter()
        .find(|x| x.path.starts_with("received/"))
        .unwrap()
        .path
        .clone();
    rewrite_zip(&p, &bad, |name, mut b| {
        if name == target {
            b.push(b' ');
        }
        Some(b)
    });
    let e = package::verify_file(&bad).unwrap_err();
    assert!(e.zh().contains(&target), "{}", e.zh());
    // A log line dropped (and the manifest's hash of the log fixed up): the chain says so.
    let bad2 = dir.path().join("删日志.lbreview");
    rewrite_zip(&p, &bad2, |name, b| {
        if name == "log.jsonl" {
            let text = String::from_utf8(b).unwrap();
            let kept: Vec<&str> = text
                .lines()
                .enumerate()
                .filter(|(i, _)| *i != 1)
                .map(|(_, l)| l)
                .collect();
            Some((kept.join("\n") + "\n").into_bytes())
        } else {
            Some(b)
        }
    });
    let e = package::verify_file(&bad2).unwrap_err();
    assert!(e.zh().contains("log.jsonl"), "{}", e.zh());
    // A part added that the manifest does not name.
    let bad3 = dir.path().join("多一个.lbreview");
    rewrite_zip(&p, &bad3, |_, b| Some(b));
    {
        use std::io::Write;
        let f = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open(&bad3)
            .unwrap();
        let mut z = zip::ZipWriter::new_append(f).unwrap();
        z.start_file(
            "received/extra.json",
            zip::write::SimpleFileOptions::default(),
        )
        .unwrap();
        z.write_all(b"{}").unwrap();
        z.finish().unwrap();
    }
    let e = package::verify_file(&bad3).unwrap_err();
    assert!(e.zh().contains("received/extra.json"), "{}", e.zh());
}

#[test]
fn an_evidence_file_opens_from_the_received_container_as_it_was_sent() {
    let (_dir, folder, mut desk, _) = setup();
    review::receive(&mut desk, ed(), &[folder.clone()]).unwrap();
    let rows = overview(&desk, ed()).unwrap();
    let r = row_of(&rows, "连云港石化技工");
    let v = desk.version(&r.sha256).unwrap();
    assert_eq!(v.evidence.len(), 3);
    let sent = labour_brand::incoming::open(&folder.join("01-连云港石化技工.lbdraft")).unwrap();
    let labour_brand::incoming::Incoming::Container(c) = sent else {
        panic!("a container")
    };
    for (m, bytes) in &c.evidence {
        let (got, data) = desk.evidence(&r.sha256, &m.sha256).unwrap();
        assert_eq!(&got.title, &m.title);
        assert_eq!(&data, bytes);
    }
    assert_eq!(
        desk.evidence(&r.sha256, "0000").unwrap_err().code(),
        "review_unknown_evidence"
    );
}

#[test]
fn the_cli_does_the_clerks_job_and_verify_exits_1_on_a_changed_package() {
    let (dir, folder, desk, _) = setup();
    let db = desk.path().to_path_buf();
    drop(desk);
    let bin = env!("CARGO_BIN_EXE_labour-brand");
    let run = |args: &[&str]| {
        let out = std::process::Command::new(bin)
            .arg("review")
            .arg("--desk")
            .arg(&db)
            .args(args)
            .output()
            .unwrap();
        (
            out.status.code().unwrap(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (code, out, _) = run(&["receive", folder.to_str().unwrap()]);
    assert_eq!(code, 0);
    assert!(
        out.contains("新接收 8 份") && out.contains("重复") && out.contains("拒收"),
        "{out}"
    );
    let (code, out, _) = run(&["list"]);
    assert_eq!(code, 0);
    assert!(out.contains("连云港焊工"), "{out}");
    let (_, out, _) = run(&["show", "5"]);
    assert!(out.contains("unit:basic.7.annual_sales"), "{out}");
    let (code, _, err) = run(&["decide", "5", "推荐"]);
    assert_eq!(code, 2);
    assert!(err.contains("尚不能推荐"), "{err}");
    let (code, _, _) = run(&[
        "correct",
        "5",
        "basic.7.annual_sales",
        "2.78",
        "--reason",
        "年报",
    ]);
    assert_eq!(code, 0);
    let (code, _, _) = run(&["ack", "5", "evidence:none", "--note", "纸质材料齐全"]);
    assert_eq!(code, 0);
    let (code, _, err) = run(&["decide", "5", "推荐", "--opinion", "同意推荐"]);
    assert_eq!(code, 0, "{err}");
    let (code, out, _) = run(&["paper", "0000-0000"]);
    assert_eq!(code, 1);
    assert!(out.contains("不符"), "{out}");
    for (args, file) in [
        (vec!["forms", "-o"], "县区推荐表.pdf"),
        (vec!["report", "-o"], "推荐汇总表.xlsx"),
        (vec!["report", "-o"], "推荐汇总表.pdf"),
        (vec!["notice", "5", "-o"], "补正告知单.docx"),
        (vec!["package", "-o"], "报送.lbreview"),
    ] {
        let path = dir.path().join(file);
        let mut a = args.clone();
        a.push(path.to_str().unwrap());
        let (code, _, err) = run(&a);
        assert_eq!(code, 0, "{file}: {err}");
        assert!(std::fs::metadata(&path).unwrap().len() > 1000, "{file}");
    }
    // Never over the workspace's own database.
    let (code, _, err) = run(&["report", "-o", db.to_str().unwrap()]);
    assert_eq!(code, 2, "{err}");
    let pkg = dir.path().join("报送.lbreview");
    let (code, out, _) = run(&["verify", pkg.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}");
    let bad = dir.path().join("坏.lbreview");
    rewrite_zip(&pkg, &bad, |name, mut b| {
        if name == "review.json" {
            b.extend_from_slice(b"\n");
        }
        Some(b)
    });
    let (code, out, _) = run(&["verify", bad.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(out.contains("review.json"), "{out}");
    let (code, _, _) = run(&["log"]);
    assert_eq!(code, 0);
}

#[test]
fn the_app_layer_names_an_unknown_choice_and_a_bad_date_and_never_clears_a_decision_by_accident() {
    let (_dir, folder, desk, _) = setup();
    let db = desk.path().with_file_name("drafts.sqlite3");
    drop(desk);
    let app = labour_brand::app::App::open(&db);
    let view = app.desk_view().unwrap();
    assert_eq!(
        view.settings.reviewer, "王芳",
        "the workspace beside the drafts"
    );
    app.desk_receive(&[folder]).unwrap();
    let e = app.desk_decide(1, Some("maybe"), "").unwrap_err();
    assert_eq!(e.code(), "review_unknown_choice");
    let e = app
        .desk_judge("1", "basic.1", Some("ok"), "", None)
        .unwrap_err();
    assert_eq!(e.code(), "review_unknown_choice");
    let mut s = view.settings.clone();
    s.date = "2026/12/07".into();
    let e = app.desk_settings(&s).unwrap_err();
    assert_eq!(e.code(), "review_bad_setting");
    assert!(e.zh().contains("推荐日期"), "{}", e.zh());
    // The evidence viewer gets a picture with its bytes.
    let rows = app.desk_view().unwrap().rows;
    let r = rows.iter().find(|r| r.brand == "连云港石化技工").unwrap();
    let d = app.desk_detail(&r.sha256).unwrap();
    let m = &d.items.iter().find(|i| i.id == "skill.1").unwrap().evidence[0];
    let v = app.desk_evidence(&r.sha256, &m.sha256).unwrap();
    assert_eq!(
        (v.kind.as_str(), v.title.as_str()),
        ("png", "从业人员花名册")
    );
    assert!(!v.data.is_empty());
}
