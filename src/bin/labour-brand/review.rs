//! `labour-brand review …`: the county's desk on the command line, over
//! [`labour_brand::review`].

use std::path::PathBuf;
use std::process::ExitCode;

use labour_brand::output::OutputKind;
use labour_brand::review::{
    self, decide, detail, layer::Verdict, overview, package, Decision, Desk, Output, Received,
    ReviewError, Saved, Settings,
};
use labour_brand::rubric::Editions;
use labour_brand::Bilingual;

use crate::*;

impl From<ReviewError> for CliError {
    fn from(e: ReviewError) -> Self {
        CliError(e.to_string())
    }
}

fn evidence_sha(desk: &Desk, version: &str, prefix: &str) -> Result<String, CliError> {
    let v = desk.version(version)?;
    let p = prefix.to_ascii_lowercase();
    let found: Vec<&String> = v
        .evidence
        .iter()
        .map(|m| &m.sha256)
        .filter(|s| s.starts_with(&p))
        .collect();
    match found.as_slice() {
        [one] => Ok((*one).clone()),
        _ => Err(ReviewError::UnknownEvidence(prefix.to_string()).into()),
    }
}

/// Runs one step of the desk.
pub fn review(desk: Option<PathBuf>, action: ReviewAction) -> Result<ExitCode, CliError> {
    let path = match desk {
        Some(p) => p,
        None => Desk::default_path()?,
    };
    let mut desk = Desk::open(&path)?;
    let editions = Editions::shipped();
    match action {
        ReviewAction::Setup {
            county,
            reviewer,
            preparer,
            date,
        } => {
            desk.set_settings(&Settings {
                county,
                reviewer,
                preparer,
                date,
            })?;
        }
        ReviewAction::Receive { inputs, json } => {
            let report = review::receive(&mut desk, editions, &inputs)?;
            if json {
                print_json(&report)?;
            } else {
                let mut out = String::new();
                for f in &report.files {
                    out.push_str(&match f {
                        Received::New {
                            file,
                            sha256,
                            application,
                            number,
                            brand,
                        } => format!(
                            "接收  {file}  第 {application} 号申报「{brand}」第 {number} 版  {}\n",
                            &sha256[..12]
                        ),
                        Received::Duplicate { file, reason, .. } => {
                            format!("重复  {file}  {reason}\n")
                        }
                        Received::Refused { file, reason } => format!("拒收  {file}  {reason}\n"),
                    });
                }
                out.push_str(&format!(
                    "共 {} 个文件，新接收 {} 份。\n",
                    report.files.len(),
                    report.new_count()
                ));
                print_text(&out)?;
            }
        }
        ReviewAction::List { json } => {
            let rows = overview(&desk, editions)?;
            if json {
                print_json(&rows)?;
            } else {
                let mut out = format!(
                    "{:<4} {:<4} {:<18} {:>6} {:>6} {:>5} {:<6} {:<6} {:<8} 待解决\n",
                    "申报",
                    "版本",
                    "劳务品牌名称",
                    "自评分",
                    "核定分",
                    "差异",
                    "佐证",
                    "提示",
                    "决定"
                );
                for r in &rows {
                    let score = |t: u32, v: bool| if v { "否决".into() } else { t.to_string() };
                    out.push_str(&format!(
                        "{:<4} {:<4} {:<18} {:>6} {:>6} {:>+5} {:<6} {:<6} {:<8} {}\n",
                        r.application,
                        r.version,
                        r.brand,
                        score(r.self_total, r.self_vetoed),
                        score(r.assessed_total, r.assessed_vetoed),
                        r.difference,
                        if r.evidence_complete { "齐全" } else { "缺" },
                        r.open_hints,
                        match (r.decision, r.rank) {
                            (Some(Decision::Recommend), Some(n)) => format!("推荐第{n}"),
                            (Some(d), _) => d.zh().to_string(),
                            (None, _) => "待定".into(),
                        },
                        r.blockers.join("；")
                    ));
                }
                print_text(&out)?;
            }
        }
        ReviewAction::Show { version, json } => {
            let sha = desk.resolve(&version)?;
            let d = detail(&desk, editions, &sha)?;
            if json {
                print_json(&d)?;
            } else {
                let mut out = format!(
                    "第 {} 号申报「{}」第 {} 版  校验码 {}  自评分 {}  核定分 {}{}\n",
                    d.application,
                    d.draft.display_name(),
                    d.version.number,
                    d.version.code,
                    d.self_total,
                    d.assessed_total,
                    if d.assessed_vetoed {
                        "（否决）"
                    } else {
                        ""
                    }
                );
                for i in &d.items {
                    out.push_str(&format!(
                        "{:<28} 自评 {:>3}  核定 {:>3}  佐证 {}  {}\n",
                        i.label,
                        i.claimed.points,
                        i.assessed.points,
                        i.evidence.len(),
                        i.judgement
                            .as_ref()
                            .map(|j| format!("{}：{}", j.verdict.zh(), j.reason))
                            .unwrap_or_default()
                    ));
                }
                for h in &d.hints {
                    out.push_str(&format!(
                        "提示 [{}] {}  {}\n",
                        h.code,
                        h.text,
                        h.settled.clone().unwrap_or_else(|| "（未处理）".into())
                    ));
                }
                for c in &d.changes {
                    out.push_str(&format!(
                        "较上一版  {}：{} → {}\n",
                        c.what, c.before, c.after
                    ));
                }
                print_text(&out)?;
            }
        }
        ReviewAction::Judge {
            version,
            item,
            verdict,
            reason,
            evidence,
            page,
        } => {
            let sha = desk.resolve(&version)?;
            let verdict = match verdict.as_str() {
                "clear" => None,
                v => Some(Verdict::parse(v).ok_or_else(|| {
                    CliError(format!(
                        "审核意见应为 认定、不认定 或 存疑，现为“{v}” / bad verdict"
                    ))
                })?),
            };
            let evidence = match evidence {
                Some(e) => Some(evidence_sha(&desk, &sha, &e)?),
                None => None,
            };
            desk.judge(
                &sha,
                &item,
                verdict,
                &reason,
                evidence.as_deref(),
                page,
                editions,
            )?;
        }
        ReviewAction::Correct {
            version,
            fact,
            value,
            reason,
        } => {
            let sha = desk.resolve(&version)?;
            let value = match value.as_str() {
                "clear" => None,
                "是" | "yes" | "true" => Some(serde_json::Value::Bool(true)),
                "否" | "no" | "false" => Some(serde_json::Value::Bool(false)),
                v => Some(serde_json::Value::String(v.to_string())),
            };
            desk.correct(&sha, &fact, value, &reason, editions)?;
        }
        ReviewAction::Ack {
            version,
            hint,
            note,
        } => {
            let sha = desk.resolve(&version)?;
            desk.acknowledge(&sha, &hint, &note)?;
        }
        ReviewAction::Decide {
            application,
            decision,
            opinion,
        } => {
            let d = match decision.as_str() {
                "clear" => None,
                x => Some(Decision::parse(x).ok_or_else(|| {
                    CliError(format!(
                        "决定应为 推荐、不推荐、退回补正 或 撤回，现为“{x}” / bad decision"
                    ))
                })?),
            };
            decide(&mut desk, editions, application, d, &opinion)?;
        }
        ReviewAction::Paper { code } => {
            let found = review::paper_check(&mut desk, editions, &code)?;
            if found.is_empty() {
                print_text(&format!(
                    "校验码 {} 与已接收的任何版本都不符：纸质件可能打印后又改过，或不是报送的这份材料。\n",
                    review::overview::normalise_code(&code)
                ))?;
                return Ok(ExitCode::from(1));
            }
            let mut out = String::new();
            for m in &found {
                out.push_str(&format!(
                    "{}：第 {} 号申报「{}」第 {} 版（最新为第 {} 版）\n",
                    m.what, m.application, m.brand, m.number, m.latest
                ));
                for c in &m.changes {
                    out.push_str(&format!(
                        "  此后改动  {}：{} → {}\n",
                        c.what, c.before, c.after
                    ));
                }
            }
            print_text(&out)?;
        }
        ReviewAction::Notice {
            version,
            output,
            force,
        } => {
            let out = Output::by_extension("notice", Some(&version), &output)?;
            review::save(&mut desk, editions, &out, &output, force)?;
        }
        ReviewAction::Forms { output, force } => {
            let out = Output::by_extension("forms", None, &output)?;
            if let Saved::Forms(info) = review::save(&mut desk, editions, &out, &output, force)? {
                print_json(&info)?;
            }
        }
        ReviewAction::Report { output, force } => {
            let out = Output::by_extension("report", None, &output)?;
            review::save(&mut desk, editions, &out, &output, force)?;
        }
        ReviewAction::Evidence {
            version,
            evidence,
            output,
        } => {
            let sha = desk.resolve(&version)?;
            let e = evidence_sha(&desk, &sha, &evidence)?;
            let (_, bytes) = desk.evidence(&sha, &e)?;
            labour_brand::output::check_target(
                &output,
                OutputKind::Pdf,
                Some(desk.path()),
                &[],
                true,
            )
            .map_err(ReviewError::from)?;
            labour_brand::output::write_atomic(&output, &bytes).map_err(ReviewError::from)?;
        }
        ReviewAction::Package { output, force } => {
            let out = Output::by_extension("package", None, &output)?;
            if let Saved::Package {
                applications,
                parts,
                log_head,
            } = review::save(&mut desk, editions, &out, &output, force)?
            {
                print_text(&format!(
                    "报送包已写出：{applications} 份申报，{parts} 个部分，日志至 {}\n",
                    &log_head[..log_head.len().min(12)]
                ))?;
            }
        }
        ReviewAction::Verify { file } => match package::verify_file(&file) {
            Ok(v) => print_json(&v)?,
            Err(e) => {
                print_text(&format!("{}\n", e.zh()))?;
                return Ok(ExitCode::from(1));
            }
        },
        ReviewAction::Log { json } => {
            let log = desk.log()?;
            if json {
                print_json(&log)?;
            } else {
                let mut out = String::new();
                for e in &log {
                    out.push_str(&format!(
                        "{:>4} {} {} {} {} {}\n",
                        e.seq,
                        e.at,
                        e.who,
                        e.action,
                        &e.target[..e.target.len().min(12)],
                        e.detail
                    ));
                }
                print_text(&out)?;
            }
            if let Err(e) = review::log::verify(&log) {
                print_text(&format!("{}\n", e.zh()))?;
                return Ok(ExitCode::from(1));
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
