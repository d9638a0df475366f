//! `labour-brand`: the command-line front end of the core library, for scripting and tests.
//! Everything the window produces (score, validation, draft files, PDF) is reachable here.

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use labour_brand::docx;
use labour_brand::draftfile::{self, DraftFile};
use labour_brand::output::{self, OutputKind};
use labour_brand::pdf::fonts::Fallback;
use labour_brand::pdf::{self, ExportOptions, Forms};
use labour_brand::rubric::{ItemState, Rubric};
use labour_brand::store::{Store, VersionReason};
use labour_brand::summary::{describe_history, summarize_all};
use labour_brand::text::terminal_safe;
use labour_brand::validate::has_errors;
use labour_brand::{example, score, validate, BrandType, Severity};

#[derive(Parser)]
#[command(
    name = "labour-brand",
    version,
    about = "劳务品牌申报助手 — 连云港市市级劳务品牌推荐表与评分表 (CLI)"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Print a complete example draft file (TYPE = skill | service | culture | livelihood).
    Example { r#type: String },
    /// Score a draft file (`-` = stdin): a table, or JSON with --json.
    Score {
        file: String,
        #[arg(long)]
        json: bool,
    },
    /// Validate a draft file; exits 1 when there are errors.
    Validate {
        file: String,
        #[arg(long)]
        json: bool,
    },
    /// Print the rubric (facts and items) as JSON.
    Rubric,
    /// Export the print-ready PDF of 附件1 and 附件2, or an editable Word copy (--format docx).
    Export {
        file: String,
        /// The file to write.
        #[arg(short, long)]
        output: PathBuf,
        /// pdf or docx (default: docx when OUTPUT ends in .docx, else pdf).
        #[arg(long, value_parser = ["pdf", "docx"])]
        format: Option<String>,
        /// Which forms: 1, 2 or all.
        #[arg(long, default_value = "all", value_parser = ["1", "2", "all"])]
        form: String,
        /// 附件2 with only the 基本条件 and the chosen category.
        #[arg(long)]
        compact: bool,
        /// Leave out the version code footer (校验码).
        #[arg(long)]
        no_fingerprint: bool,
        /// Font for rare characters the bundled fonts lack, as FILE or FILE#INDEX for a
        /// collection (default: the system's CJK fonts).
        #[arg(long, value_name = "FILE[#INDEX]", conflicts_with = "no_fallback_font")]
        fallback_font: Option<String>,
        /// Use only the bundled fonts.
        #[arg(long)]
        no_fallback_font: bool,
        /// Overwrite OUTPUT even if it exists and is not of the format written.
        #[arg(long)]
        force: bool,
    },
    /// Score many draft files (folders: their .json files) into one summary workbook for the
    /// county bureau; exits 1 when some files could not be read (they are listed, never
    /// skipped).
    Batch {
        /// Draft files and folders.
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// The .xlsx (or with --csv the .csv) to write; with --csv and no OUTPUT, stdout.
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Write CSV (UTF-8 with BOM) instead of .xlsx.
        #[arg(long)]
        csv: bool,
        /// Overwrite OUTPUT even if it exists and is not of the format written.
        #[arg(long)]
        force: bool,
    },
    /// Manage the drafts saved by the app.
    Drafts {
        /// Use this database file instead of the default one.
        #[arg(long, global = true)]
        db: Option<PathBuf>,
        /// If the database is unusable (damaged, foreign, newer), move it aside and start a
        /// fresh one; a usable database is left as it is.
        #[arg(long, global = true)]
        fresh_db: bool,
        #[command(subcommand)]
        action: DraftsAction,
    },
}

#[derive(Subcommand)]
enum DraftsAction {
    /// List the drafts with their scores.
    List,
    /// Print one draft as a draft file.
    Show { id: i64 },
    /// Write one draft to a draft file (stdout without -o).
    Export {
        id: i64,
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Overwrite OUTPUT even if it exists and is not a draft file.
        #[arg(long)]
        force: bool,
    },
    /// Import a draft file as a new draft.
    Import { file: String },
    /// Move a draft to the recycle bin.
    Delete { id: i64 },
    /// List the earlier saved versions of a draft.
    History { id: i64 },
    /// Restore an earlier saved version.
    Restore { id: i64, revision: i64 },
    /// Keep the current state of a draft as a named version (never pruned).
    Pin { id: i64, name: String },
    /// Write every draft (with the recycle bin and history) to one backup file.
    Backup {
        #[arg(short, long)]
        output: PathBuf,
    },
    /// Add the drafts of a backup file beside the existing ones (never over them).
    RestoreBackup { file: PathBuf },
}

/// An error for the terminal, already bilingual.
struct CliError(String);

/// A refused output file, with what the command line offers to overwrite it anyway.
fn target_refused(e: output::OutputError) -> CliError {
    match e {
        output::OutputError::OtherKind { .. } => CliError(format!(
            "{e}（确需覆盖请加 --force / use --force to overwrite）"
        )),
        e => CliError(e.to_string()),
    }
}

impl<E: std::fmt::Display> From<E> for CliError {
    fn from(e: E) -> Self {
        CliError(e.to_string())
    }
}

fn read_input(file: &str) -> Result<Vec<u8>, CliError> {
    let mut bytes = Vec::new();
    if file == "-" {
        std::io::stdin()
            .take(draftfile::MAX_FILE_BYTES as u64 + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| CliError(format!("无法读取标准输入：{e} / cannot read stdin")))?;
    } else {
        bytes = draftfile::read_file(Path::new(file))?;
    }
    Ok(bytes)
}

fn read_draft_file(file: &str) -> Result<DraftFile, CliError> {
    Ok(draftfile::parse(&read_input(file)?)?)
}

/// Prints text for a terminal: names come from files and may hold escape sequences.
fn print_text(text: &str) -> Result<(), CliError> {
    std::io::stdout().write_all(terminal_safe(text).as_bytes())?;
    Ok(())
}

fn print_json<T: serde::Serialize>(value: &T) -> Result<(), CliError> {
    let text = serde_json::to_string_pretty(value)?;
    writeln!(std::io::stdout(), "{text}")?;
    Ok(())
}

fn state_zh(s: ItemState) -> &'static str {
    match s {
        ItemState::Scored => "已评",
        ItemState::Incomplete => "未填完",
        ItemState::Vetoed => "否决",
    }
}

fn print_score_table(file: &DraftFile) -> Result<(), CliError> {
    let result = score(&file.draft);
    let rubric = Rubric::city();
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

fn open_store(db: Option<PathBuf>, fresh: bool) -> Result<Store, CliError> {
    let path = match db {
        Some(p) => p,
        None => Store::default_path()?,
    };
    let store = if fresh {
        let (store, aside) = Store::open_fresh(&path)?;
        match aside {
            Some(a) => eprintln!(
                "{}",
                terminal_safe(&format!(
                    "原数据库无法使用，已移至 {} / unusable database moved to {}",
                    a.display(),
                    a.display()
                ))
            ),
            None => eprintln!(
                "数据库可以正常使用，未移动 / the database is usable and was left in place"
            ),
        }
        store
    } else {
        Store::open(&path)?
    };
    if store.adopted_empty_file() {
        eprintln!(
            "{}",
            terminal_safe(&format!(
                "注意：{} 原为空文件（0 字节），已作为新的草稿数据库使用 / note: the empty file was adopted as a new database",
                path.display()
            ))
        );
    }
    Ok(store)
}

fn write_output(path: Option<&Path>, text: &str, db: &Path, force: bool) -> Result<(), CliError> {
    match path {
        None => {
            std::io::stdout().write_all(text.as_bytes())?;
            Ok(())
        }
        Some(p) => {
            output::check_target(p, OutputKind::DraftFile, Some(db), &[], force)
                .map_err(target_refused)?;
            output::write_atomic(p, text.as_bytes())?;
            Ok(())
        }
    }
}

fn drafts(action: DraftsAction, store: &mut Store) -> Result<(), CliError> {
    let rubric = Rubric::city();
    match action {
        DraftsAction::List => {
            let mut out = String::new();
            for s in summarize_all(&store.entries()?, rubric) {
                if let Some(why) = &s.unreadable {
                    out.push_str(&format!(
                        "{:>4}  {}  无法读取：{}  最后保存 {}\n",
                        s.meta.id, s.meta.name, why, s.meta.updated_at
                    ));
                    continue;
                }
                let errors = format!("有 {} 处错误", s.errors);
                let flag = if s.vetoed {
                    "一票否决"
                } else if s.errors > 0 {
                    &errors
                } else if !s.complete {
                    "未填完"
                } else {
                    "完整"
                };
                let total = if s.vetoed {
                    "一票否决".to_string()
                } else {
                    format!("总分 {}", s.total)
                };
                out.push_str(&format!(
                    "{:>4}  {}  {}  {}  {}  最后保存 {}\n",
                    s.meta.id,
                    s.meta.name,
                    s.type_name.as_deref().unwrap_or("未选类型"),
                    total,
                    flag,
                    s.meta.updated_at
                ));
            }
            print_text(&out)?;
        }
        DraftsAction::Show { id } => {
            let rec = store.load(id)?;
            println!(
                "{}",
                DraftFile::new(&rec.meta.name, &rec.meta.rubric_edition, rec.draft).to_json()
            );
        }
        DraftsAction::Export { id, output, force } => {
            let rec = store.load(id)?;
            let text = DraftFile::new(&rec.meta.name, &rec.meta.rubric_edition, rec.draft)
                .to_json()
                + "\n";
            let db = store.path().to_path_buf();
            write_output(output.as_deref(), &text, &db, force)?;
        }
        DraftsAction::Import { file } => {
            let f = read_draft_file(&file)?;
            let name = if f.name.trim().is_empty() {
                f.draft.display_name()
            } else {
                f.name.clone()
            };
            let meta = store.create(&name, &f.draft, &rubric.edition_id)?;
            println!("已导入为草稿 {} / imported as draft {}", meta.id, meta.id);
        }
        DraftsAction::Delete { id } => {
            store.delete(id)?;
            println!("草稿 {id} 已移入回收站 / draft {id} moved to the recycle bin");
        }
        DraftsAction::History { id } => {
            let mut out = String::new();
            for v in describe_history(rubric, store.history(id)?) {
                let h = &v.entry;
                let pin = h
                    .pin
                    .as_deref()
                    .map(|p| format!("「{p}」"))
                    .unwrap_or_default();
                let total = v.total.text_zh();
                out.push_str(&format!(
                    "第 {} 版  {}  {}{}  {}  {}  {}\n",
                    h.revision, h.saved_at, h.reason_zh, pin, h.name, total, v.changes
                ));
            }
            print_text(&out)?;
        }
        DraftsAction::Backup { output } => {
            // Refuses any existing file, the database included.
            store.backup_to(&output)?;
            print_text(&format!(
                "已备份全部草稿到 {} / backed up\n",
                output.display()
            ))?;
        }
        DraftsAction::RestoreBackup { file } => {
            let r = store.restore_backup(&file)?;
            print_text(&format!(
                "已从备份恢复 {} 份草稿（含 {} 个历史版本），原有草稿未改动 / restored {} drafts\n",
                r.drafts, r.versions, r.drafts
            ))?;
        }
        DraftsAction::Pin { id, name } => {
            store.checkpoint(id, VersionReason::Named, Some(&name))?;
            print_text(&format!(
                "已将草稿 {id} 的当前内容保留为「{name}」 / pinned\n"
            ))?;
        }
        DraftsAction::Restore { id, revision } => {
            let meta = store.restore(id, revision)?;
            println!(
                "已恢复第 {revision} 版，当前为第 {} 版 / restored version {revision}",
                meta.revision
            );
        }
    }
    Ok(())
}

fn run(cli: Cli) -> Result<ExitCode, CliError> {
    match cli.command {
        Command::Example { r#type } => {
            let t = BrandType::from_key(&r#type).ok_or_else(|| {
                CliError(format!("未知的劳务品牌类型“{}”，应为 skill、service、culture 或 livelihood / unknown type", r#type))
            })?;
            let draft = example::example(t);
            println!(
                "{}",
                DraftFile::new(&draft.display_name(), &Rubric::city().edition_id, draft).to_json()
            );
        }
        Command::Score { file, json } => {
            let f = read_draft_file(&file)?;
            if json {
                print_json(&score(&f.draft))?;
            } else {
                print_score_table(&f)?;
            }
        }
        Command::Validate { file, json } => {
            let f = read_draft_file(&file)?;
            let findings = validate(Rubric::city(), &f.draft);
            if json {
                print_json(&findings)?;
            } else if findings.is_empty() {
                println!("未发现问题 / no findings");
            } else {
                for x in &findings {
                    let s = match x.severity {
                        Severity::Error => "错误",
                        Severity::Warning => "提示",
                        Severity::Info => "说明",
                    };
                    print_text(&format!("{s}  {}  {}\n", x.field, x.message))?;
                }
            }
            if has_errors(&findings) {
                return Ok(ExitCode::from(1));
            }
        }
        Command::Rubric => print_json(Rubric::city())?,
        Command::Export {
            file,
            output,
            format,
            form,
            compact,
            no_fingerprint,
            fallback_font,
            no_fallback_font,
            force,
        } => {
            let f = read_draft_file(&file)?;
            let db = Store::default_path().ok();
            let input = Path::new(&file);
            let inputs: &[&Path] = if file == "-" { &[] } else { &[input] };
            let word = match format.as_deref() {
                Some(f) => f == "docx",
                None => output
                    .extension()
                    .is_some_and(|e| e.eq_ignore_ascii_case("docx")),
            };
            let kind = if word {
                OutputKind::Docx
            } else {
                OutputKind::Pdf
            };
            output::check_target(&output, kind, db.as_deref(), inputs, force)
                .map_err(target_refused)?;
            let forms = match form.as_str() {
                "1" => Forms::Form1,
                "2" => Forms::Form2,
                _ => Forms::All,
            };
            let fallback = match (fallback_font, no_fallback_font) {
                (_, true) => Fallback::Off,
                (Some(spec), _) => {
                    let (path, index) = match spec.rsplit_once('#') {
                        Some((p, i)) => (
                            p.to_string(),
                            i.parse().map_err(|_| {
                                CliError(format!("字体编号“{i}”不是数字 / bad face index"))
                            })?,
                        ),
                        None => (spec, 0),
                    };
                    Fallback::File(PathBuf::from(path), index)
                }
                (None, false) => Fallback::System,
            };
            let options = ExportOptions {
                forms,
                compact,
                fingerprint: !no_fingerprint,
                revision: None,
                fallback,
            };
            let info = if word {
                docx::export_to_file(&f.draft, Rubric::city(), &options, &output)?
            } else {
                pdf::export_to_file(&f.draft, Rubric::city(), &options, &output)?
            };
            let result = score(&f.draft);
            if result.vetoed {
                eprintln!("注意：该草稿有一票否决项未满足 / note: the draft is vetoed");
            } else if !result.complete {
                eprintln!(
                    "注意：该草稿尚未填完，自评分留空的项目需手写 / note: the draft is incomplete"
                );
            }
            let pages = if word {
                String::new()
            } else {
                format!("{} 页，", info.pages)
            };
            print_text(&format!(
                "已导出 {}（{pages}{} 字节）/ exported\n",
                output.display(),
                info.bytes
            ))?;
        }
        Command::Batch {
            inputs,
            output,
            csv,
            force,
        } => return batch(&inputs, output, csv, force),
        Command::Drafts {
            db,
            fresh_db,
            action,
        } => {
            let mut store = open_store(db, fresh_db)?;
            drafts(action, &mut store)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn batch(
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
    let output = match output {
        Some(o) => Some(o),
        None if csv => None,
        None => {
            return Err(CliError(
                "请用 -o 指定要写入的 .xlsx 文件 / -o FILE.xlsx is required".into(),
            ))
        }
    };
    if let Some(o) = &output {
        let db = Store::default_path().ok();
        let given: Vec<&Path> = inputs.iter().map(PathBuf::as_path).collect();
        output::check_target(o, kind, db.as_deref(), &given, force).map_err(target_refused)?;
    }
    let result = labour_brand::batch::score_files(inputs);
    let bytes = if csv {
        result.to_csv().into_bytes()
    } else {
        result.to_xlsx(Rubric::city())?
    };
    match &output {
        Some(o) => {
            output::write_atomic(o, &bytes)?;
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

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(CliError(msg)) => {
            let _ = writeln!(std::io::stderr(), "错误 / error: {}", terminal_safe(&msg));
            ExitCode::from(2)
        }
    }
}
