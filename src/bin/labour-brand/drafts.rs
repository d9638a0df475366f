//! `labour-brand drafts …`: the drafts saved by the app, through the application layer.

use std::io::Write;
use std::path::PathBuf;

use labour_brand::app::{App, Evidence};
use labour_brand::store::Store;
use labour_brand::text::terminal_safe;

use crate::*;

pub fn open_app(db: Option<PathBuf>, fresh: bool) -> Result<App, CliError> {
    let path = match db {
        Some(p) => p,
        None => Store::default_path().map_err(app_err)?,
    };
    let app = if fresh {
        let (app, aside) = App::open_fresh(&path)?;
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
        app
    } else {
        let app = App::open(&path);
        if let Some(e) = app.status().error {
            return Err(e.into());
        }
        app
    };
    if app.with(|s| Ok(s.adopted_empty_file()))? {
        eprintln!(
            "{}",
            terminal_safe(&format!(
                "注意：{} 原为空文件（0 字节），已作为新的草稿数据库使用 / note: the empty file was adopted as a new database",
                path.display()
            ))
        );
    }
    Ok(app)
}

pub fn drafts(action: DraftsAction, app: &App) -> Result<(), CliError> {
    match action {
        DraftsAction::List => {
            let mut out = String::new();
            for s in app.list()? {
                if let Some(why) = &s.unreadable {
                    out.push_str(&format!(
                        "{:>4}  {}  无法读取：{}  最后保存 {}\n",
                        s.meta.id, s.meta.name, why, s.meta.updated_at
                    ));
                    continue;
                }
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
                    s.status,
                    s.meta.updated_at
                ));
            }
            print_text(&out)?;
        }
        DraftsAction::Show { id } => {
            println!("{}", app.draft_file(id)?.to_json());
            // Shown, not exported: say what the text leaves out.
            let files = app.evidence(id)?.len();
            if files > 0 {
                eprintln!(
                    "注意：另有 {files} 个佐证材料文件未显示；连同文件导出请用 drafts export {id} -o 文件名.lbdraft / note: {files} evidence files not shown"
                );
            }
        }
        DraftsAction::Export {
            id,
            output,
            force,
            without_evidence,
        } => {
            let evidence = if without_evidence {
                Evidence::LeaveOut
            } else {
                Evidence::Keep
            };
            let done = match output {
                Some(output) => app.export_draft_to(id, &output, force, evidence)?,
                None => {
                    let (text, done) = app.draft_file_text(id, evidence)?;
                    std::io::stdout().write_all(text.as_bytes())?;
                    done
                }
            };
            if done.files > 0 {
                eprintln!(
                    "已连同 {} 个佐证材料文件导出 / exported with {} evidence files",
                    done.files, done.files
                );
            }
            if done.left_out > 0 {
                eprintln!(
                    "注意：只导出了草稿本身，{} 个佐证材料文件未包含在内 / note: the draft alone, {} evidence files left out",
                    done.left_out, done.left_out
                );
            }
        }
        DraftsAction::Import { file } => {
            // The application layer's one import: a container brings its evidence along.
            let meta = if file == "-" {
                app.import_bytes(&read_stdin(labour_brand::container::MAX_BYTES)?)?
            } else {
                app.import_file(std::path::Path::new(&file))?
            };
            let files = app.evidence(meta.id)?.len();
            let with = if files > 0 {
                format!("（含 {files} 个佐证材料文件）")
            } else {
                String::new()
            };
            print_text(&format!(
                "已导入为草稿 {}{with} / imported as draft {} with {files} evidence files\n",
                meta.id, meta.id
            ))?;
        }
        DraftsAction::Delete { id } => {
            app.delete(id)?;
            println!("草稿 {id} 已移入回收站 / draft {id} moved to the recycle bin");
        }
        DraftsAction::History { id } => {
            let mut out = String::new();
            for v in app.history(id)? {
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
        DraftsAction::Backup { output, force } => {
            app.backup(&output, force)?;
            print_text(&format!(
                "已备份全部草稿到 {} / backed up\n",
                output.display()
            ))?;
        }
        DraftsAction::RestoreBackup { file } => {
            let r = app.restore_backup(&file)?;
            print_text(&format!(
                "已从备份恢复 {} 份草稿（含 {} 个历史版本），原有草稿未改动 / restored {} drafts\n",
                r.drafts, r.versions, r.drafts
            ))?;
        }
        DraftsAction::Pin { id, name } => {
            app.name_version(id, None, &name)?;
            print_text(&format!(
                "已将草稿 {id} 的当前内容保留为「{name}」 / pinned\n"
            ))?;
        }
        DraftsAction::Upgrade { id } => {
            let u = app.upgrade_edition(id)?;
            print_text(&format!(
                "草稿 {id} 已改用当前评分标准（{}），原内容保留为「{}」 / moved to edition {}\n",
                u.record.meta.rubric_edition, u.kept_as, u.record.meta.rubric_edition
            ))?;
        }
        DraftsAction::Restore { id, revision } => {
            let rec = app.restore_version(id, revision)?;
            println!(
                "已恢复第 {revision} 版，当前为第 {} 版 / restored version {revision}",
                rec.meta.revision
            );
        }
    }
    Ok(())
}
