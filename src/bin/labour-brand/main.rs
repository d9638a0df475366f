//! `labour-brand`: the command-line front end of the core library, for scripting and tests.
//! Everything the window produces (score, validation, draft files, PDF) is reachable here;
//! each subcommand parses its arguments and calls the application layer ([`labour_brand::app`]).

mod args;
mod drafts;
mod evidence;
mod report;
mod review;

use drafts::{drafts, open_app};
use report::{batch, fallback, print_score_table};

use std::io::{Read, Write};
use std::path::Path;
use std::process::ExitCode;

use clap::Parser;
use labour_brand::app::{files, AppError, ExportFormat, Guard};
use labour_brand::draftfile::{self, DraftFile};
use labour_brand::output::OutputError;
use labour_brand::pdf::{ExportOptions, Forms};
use labour_brand::rubric::{Edition, Editions};
use labour_brand::store::Store;
use labour_brand::text::terminal_safe;
use labour_brand::validate::has_errors;
use labour_brand::{example, validate, BrandType, Severity};

pub use args::*;

/// Serves the page in the local browser until it says 退出 (or its last tab has been closed for
/// ten minutes, or the program is told to stop); a second start for the same database opens
/// the browser on the running one. The browser is started on a private file holding a one-time
/// login link, never with a secret on its command line.
fn serve(port: u16, no_open: bool, db: Option<std::path::PathBuf>) -> Result<(), CliError> {
    use labour_brand::web;
    let db = match db {
        Some(p) => p,
        None => labour_brand::store::Store::default_path().map_err(app_err)?,
    };
    let advert = web::advert_path(&db);
    let runtime = web::runtime_dir(db.parent().unwrap_or(Path::new(".")));
    // One server per database: held for as long as this one runs.
    let held = web::lock_database(&db).map_err(|e| {
        CliError(format!(
            "无法锁定草稿库：{e} / cannot lock the database: {e}"
        ))
    })?;
    if held.is_none() && web::running(&advert).is_none() {
        return Err(CliError(
            "另一个浏览器版正在使用这个草稿库，但暂时没有响应（可能很忙或被暂停）。请稍后再试，或先结束它 / another server holds this database but does not answer".into(),
        ));
    }
    if let Some(r) = web::running(&advert).filter(|_| held.is_none()) {
        println!(
            "劳务品牌申报助手已在运行：http://127.0.0.1:{}/ / already running",
            r.port()
        );
        match r.login_url() {
            Some(url) if !no_open => match web::open_file(&runtime, &url) {
                Ok(file) => open_browser(&file.to_string_lossy()),
                Err(e) => eprintln!("无法写入登录文件（{e}） / cannot write the login file"),
            },
            Some(url) => println!("登录链接（只能使用一次）/ one-time link:\n{url}"),
            None => eprintln!("运行中的服务没有响应 / the running server did not answer"),
        }
        return Ok(());
    }
    let app = std::sync::Arc::new(labour_brand::app::App::open(&db));
    let started = if port != 0 {
        web::Server::start(app, port)
    } else {
        // The port of the last start first: a tab left open finds its server again.
        web::Server::start_on(
            app,
            &web::last_port(&advert).into_iter().collect::<Vec<_>>(),
        )
    };
    let server =
        started.map_err(|e| CliError(format!("无法启动本机服务：{e} / cannot serve: {e}")))?;
    server.stop_when_idle(std::time::Duration::from_secs(600));
    server.stop_on_signals();
    if let Err(e) = server.advertise(&advert) {
        eprintln!("注意：无法记录运行信息（{e}），再次启动时将另开一个 / note: {e}");
    }
    println!(
        "劳务品牌申报助手已在本机浏览器中运行：{} / serving",
        server.address()
    );
    if no_open {
        println!(
            "登录链接（只能使用一次）/ one-time link:\n{}",
            server.login_url()
        );
    } else {
        match server.login_file(&runtime) {
            Ok(file) => open_browser(&file.to_string_lossy()),
            Err(e) => eprintln!("无法写入登录文件（{e}） / cannot write the login file"),
        }
    }
    server.wait();
    Ok(())
}

/// Opens `url` (or a file) in the default browser (best effort: the address is printed anyway).
fn open_browser(url: &str) {
    #[cfg(windows)]
    let spawned = std::process::Command::new("cmd")
        .args(["/C", "start", "", url])
        .spawn();
    #[cfg(not(windows))]
    let spawned = std::process::Command::new("xdg-open").arg(url).spawn();
    if let Err(e) = spawned {
        eprintln!("无法自动打开浏览器（{e}），请手动打开上面的地址 / open the address by hand");
    }
}

/// An error for the terminal, already bilingual.
pub struct CliError(pub String);

impl From<AppError> for CliError {
    fn from(e: AppError) -> Self {
        match e {
            // A refused output file: the command line offers to overwrite it anyway.
            AppError::Output(OutputError::OtherKind { .. }) => CliError(format!(
                "{e}（确需覆盖请加 --force / use --force to overwrite）"
            )),
            e => CliError(e.to_string()),
        }
    }
}

impl From<std::io::Error> for CliError {
    fn from(e: std::io::Error) -> Self {
        CliError(format!("无法写出结果：{e} / cannot write output: {e}"))
    }
}

impl From<serde_json::Error> for CliError {
    fn from(e: serde_json::Error) -> Self {
        CliError(e.to_string())
    }
}

pub fn app_err(e: impl Into<AppError>) -> CliError {
    CliError::from(e.into())
}

/// Standard input, at most `limit` bytes (one more is read, so that the parser refuses a
/// longer input as too large).
pub fn read_stdin(limit: u64) -> Result<Vec<u8>, CliError> {
    let mut bytes = Vec::new();
    std::io::stdin()
        .take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| CliError(format!("无法读取标准输入：{e} / cannot read stdin")))?;
    Ok(bytes)
}

/// A draft file from a path, or from standard input for `-` (bounded alike).
pub fn read_draft_file(file: &str) -> Result<DraftFile, CliError> {
    if file != "-" {
        return Ok(files::read_draft_file(Path::new(file))?);
    }
    labour_brand::incoming::parse_draft(&read_stdin(draftfile::MAX_FILE_BYTES as u64)?)
        .map_err(app_err)
}

/// The edition a draft file names, or why this build cannot score it.
pub fn edition_of(file: &DraftFile) -> Result<Edition, CliError> {
    Editions::shipped()
        .get(&file.rubric_edition)
        .map_err(app_err)
}

/// Prints text for a terminal: names come from files and may hold escape sequences.
pub fn print_text(text: &str) -> Result<(), CliError> {
    std::io::stdout().write_all(terminal_safe(text).as_bytes())?;
    Ok(())
}

pub fn print_json<T: serde::Serialize>(value: &T) -> Result<(), CliError> {
    let text = serde_json::to_string_pretty(value)?;
    writeln!(std::io::stdout(), "{text}")?;
    Ok(())
}

fn run(cli: Cli) -> Result<ExitCode, CliError> {
    let current = Editions::shipped().current();
    match cli.command {
        Command::Example { r#type } => {
            let t = BrandType::from_key(&r#type).ok_or_else(|| {
                CliError(format!("未知的劳务品牌类型“{}”，应为 skill、service、culture 或 livelihood / unknown type", r#type))
            })?;
            let draft = example::example(t);
            println!(
                "{}",
                DraftFile::new(&draft.display_name(), current.id(), draft).to_json()
            );
        }
        Command::Score { file, json } => {
            let f = read_draft_file(&file)?;
            let edition = edition_of(&f)?;
            if json {
                print_json(&edition.score(&f.draft))?;
            } else {
                print_score_table(&f, edition)?;
            }
        }
        Command::Validate { file, json } => {
            let f = read_draft_file(&file)?;
            let findings = validate(edition_of(&f)?.rubric, &f.draft);
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
        Command::Rubric => print_json(current.rubric)?,
        Command::Export {
            bundle: Some(id),
            db,
            output,
            compact,
            force,
            ..
        } => evidence::export_bundle(&open_app(db, false)?, id, &output, compact, force)?,
        Command::Export {
            file: Some(file),
            bundle: None,
            output,
            format,
            form,
            compact,
            no_fingerprint,
            fallback_font,
            no_fallback_font,
            force,
            ..
        } => {
            let f = read_draft_file(&file)?;
            let edition = edition_of(&f)?;
            let format = match format.as_deref() {
                Some("docx") => ExportFormat::Docx,
                Some(_) => ExportFormat::Pdf,
                None => ExportFormat::for_path(&output),
            };
            let options = ExportOptions {
                forms: match form.as_str() {
                    "1" => Forms::Form1,
                    "2" => Forms::Form2,
                    _ => Forms::All,
                },
                compact,
                fingerprint: !no_fingerprint,
                fallback: fallback(fallback_font, no_fallback_font)?,
            };
            let db = Store::default_path().ok();
            let input = Path::new(&file);
            let guard = Guard {
                db: db.as_deref(),
                inputs: if file == "-" { &[] } else { &[input] },
                confirmed: force,
            };
            let info = files::export_forms(edition, &f.draft, format, &options, &output, &guard)?;
            let result = edition.score(&f.draft);
            if result.vetoed {
                eprintln!("注意：该草稿有一票否决项未满足 / note: the draft is vetoed");
            } else if !result.complete {
                eprintln!(
                    "注意：该草稿尚未填完，自评分留空的项目需手写 / note: the draft is incomplete"
                );
            }
            let pages = match format {
                ExportFormat::Docx => String::new(),
                ExportFormat::Pdf => format!("{} 页，", info.pages),
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
        Command::Serve { port, no_open, db } => serve(port, no_open, db)?,
        Command::Evidence { db, action } => evidence::evidence(action, &open_app(db, false)?)?,
        Command::Export { .. } => unreachable!("clap requires FILE or --bundle"),
        Command::Drafts {
            db,
            fresh_db,
            action,
        } => drafts(action, &open_app(db, fresh_db)?)?,
        Command::Review { desk, action } => return review::review(desk, action),
    }
    Ok(ExitCode::SUCCESS)
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
