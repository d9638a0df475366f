//! What the CLI prints: the score table and the summary of many files.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use labour_brand::app::{files, Guard};
use labour_brand::draftfile::DraftFile;
use labour_brand::output::OutputKind;
use labour_brand::pdf::fonts::Fallback;
use labour_brand::rubric::{Edition, Editions, ItemState};
use labour_brand::store::Store;
use labour_brand::text::terminal_safe;

use crate::*;

pub fn state_zh(s: ItemState) -> &'static str {
    match s {
        ItemState::Scored => "已评",
        ItemState::Incomplete => "未填完",
        ItemState::Vetoed => "否决",
    }
}

pub fn print_score_table(file: &DraftFile, edition: Edition) -> Result<(), CliError> {
    let result = edition.score(&file.draft);
    let rubric = edition.rubric;
    let mut out = String::new();
    out.push_str(&format!(
        "{}  —  {}\n",
        file.draft.display_name(),
        rubric.edition
    ));
    out.push_str(&format!(
        "{:<14} {:>5} {:>5}  {:<6} 说明\n",
        "项目", "得分", "满分", "状态"
    ));
    for item in &result.items {
        out.push_str(&format!(
            "{:<14} {:>5} {:>5}  {:<6} {}\n",
            item.id,
            item.points,
            item.max,
            state_zh(item.state),
            item.explanation
        ));
    }
    out.push_str(&format!("\n{}\n", result.summary));
    for p in &result.provincial {
        out.push_str(&format!("省级标准 {:<14} {}\n", p.id, p.explanation));
    }
    print_text(&out)
}

pub fn batch(
    inputs: &[PathBuf],
    output: Option<PathBuf>,
    csv: bool,
    force: bool,
) -> Result<ExitCode, CliError> {
    let kind = if csv {
        OutputKind::Csv
    } else {
        OutputKind::Xlsx
    };
    if output.is_none() && !csv {
        return Err(CliError(
            "请用 -o 指定要写入的 .xlsx 文件 / -o FILE.xlsx is required".into(),
        ));
    }
    let db = Store::default_path().ok();
    let given: Vec<&Path> = inputs.iter().map(PathBuf::as_path).collect();
    let guard = Guard {
        db: db.as_deref(),
        inputs: &given,
        confirmed: force,
    };
    if let Some(o) = &output {
        guard.check(o, kind)?;
    }
    let editions = Editions::shipped();
    let result = files::score_files(editions, inputs);
    let bytes = if csv {
        result.to_csv().into_bytes()
    } else {
        result.to_xlsx(editions.current().rubric).map_err(app_err)?
    };
    match &output {
        Some(o) => {
            guard.write(o, kind, &bytes)?;
            print_text(&format!(
                "已汇总 {} 个草稿文件，写入 {} / summarised\n",
                result.rows.len(),
                o.display()
            ))?;
        }
        // CSV on a terminal is shown made safe; piped, it goes out as it is.
        None if std::io::stdout().is_terminal() => print_text(&String::from_utf8_lossy(&bytes))?,
        None => std::io::stdout().write_all(&bytes)?,
    }
    for f in &result.failures {
        eprintln!(
            "{}",
            terminal_safe(&format!("无法读取 / unreadable: {}：{}", f.file, f.reason))
        );
    }
    Ok(if result.failures.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// The font for characters the bundled fonts lack: FILE or FILE#INDEX, none, or the system's.
pub fn fallback(spec: Option<String>, off: bool) -> Result<Fallback, CliError> {
    Ok(match (spec, off) {
        (_, true) => Fallback::Off,
        (Some(spec), _) => match spec.rsplit_once('#') {
            Some((p, i)) => Fallback::File(
                PathBuf::from(p),
                i.parse()
                    .map_err(|_| CliError(format!("字体编号“{i}”不是数字 / bad face index")))?,
            ),
            None => Fallback::File(PathBuf::from(spec), 0),
        },
        (None, false) => Fallback::System,
    })
}
