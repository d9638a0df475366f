//! `labour-brand evidence …` and `export --bundle`: the 佐证材料 of a saved draft and its
//! application bundle, through the application layer.

use std::path::Path;

use labour_brand::app::App;

use crate::*;

pub fn evidence(action: EvidenceAction, app: &App) -> Result<(), CliError> {
    match action {
        EvidenceAction::Add { id, item, files } => {
            for f in files {
                let e = app.add_evidence(id, &item, &f)?;
                print_text(&format!(
                    "已添加佐证材料 {}「{}」（{} 页）到 {} / attached\n",
                    e.id, e.title, e.pages, e.item_id
                ))?;
            }
        }
        EvidenceAction::List { id } => {
            let mut out = String::new();
            for e in app.evidence(id)? {
                out.push_str(&format!(
                    "{:>4}  {:<10} {}. {}  {}  {} 页  {} 字节\n",
                    e.id,
                    e.item_id,
                    e.position,
                    e.title,
                    e.kind.key(),
                    e.pages,
                    e.size
                ));
            }
            let draft = app.load(id)?.record.draft;
            for (_, why) in app.unproved(id, &draft)? {
                out.push_str(&format!("提示  {why}\n"));
            }
            print_text(&out)?;
        }
        EvidenceAction::Remove { evidence } => {
            app.remove_evidence(evidence)?;
            println!("已移除佐证材料 {evidence} / removed");
        }
    }
    Ok(())
}

pub fn export_bundle(
    app: &App,
    id: i64,
    output: &Path,
    compact: bool,
    force: bool,
) -> Result<(), CliError> {
    let draft = app.load(id)?.record.draft;
    let info = app.export_bundle(id, &draft, compact, output, force)?;
    for why in &info.unproved {
        eprintln!("{}", terminal_safe(&format!("提示：{why}")));
    }
    print_text(&format!(
        "已导出申报材料 {}（{} 页，{} 字节）/ exported\n",
        output.display(),
        info.pages,
        info.bytes
    ))
}
