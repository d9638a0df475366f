//! What changed between two versions of one application: field by field (附件1's fields, each
//! fact by its label) and evidence by evidence (added, removed, replaced, retitled).

use serde::Serialize;

use crate::draft::Draft;
use crate::evidence::EvidenceEntry;
use crate::facts::Facts;
use crate::fields::FormField;
use crate::rubric::Rubric;

/// One difference.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// What changed ("培育建设单位", "龙头企业年销售额", "佐证材料 基本条件第3项 …").
    pub what: String,
    /// Before ("" when added).
    pub before: String,
    /// After ("" when removed).
    pub after: String,
}

fn shown(s: &str) -> String {
    let s = s.trim();
    let n = s.chars().count();
    if n > 60 {
        format!("{}…（共 {n} 字）", s.chars().take(60).collect::<String>())
    } else {
        s.to_string()
    }
}

/// A field's value as a reader would write it.
fn field_text(f: FormField, d: &Draft) -> String {
    let date = |o: &crate::draft::Opinion| o.date.map(|d| d.to_string()).unwrap_or_default();
    match f {
        FormField::BrandType => d
            .form1
            .brand_type
            .map(|t| t.name_zh().to_string())
            .unwrap_or_default(),
        FormField::Year => d.form1.year.map(|y| y.to_string()).unwrap_or_default(),
        FormField::UnitOpinionDate => date(&d.form1.unit_opinion),
        FormField::CountyOpinionDate => date(&d.form1.county_opinion),
        f => f.text(d).cloned().unwrap_or_default(),
    }
}

/// The differences from `old` to `new` (each with its evidence), in form order.
pub fn diff(
    rubric: &Rubric,
    old: (&Draft, &[EvidenceEntry]),
    new: (&Draft, &[EvidenceEntry]),
) -> Vec<Change> {
    let (a, b) = (old.0, new.0);
    let mut out = Vec::new();
    for f in FormField::ALL {
        if f.differs(a, b) {
            let text = |d: &Draft| field_text(f, d);
            out.push(Change {
                what: f.label().to_string(),
                before: shown(&text(a)),
                after: shown(&text(b)),
            });
        }
    }
    let (fa, fb) = (Facts::read(&rubric.facts, a), Facts::read(&rubric.facts, b));
    for decl in rubric.facts.iter() {
        if a.fact(&decl.key) == b.fact(&decl.key) {
            continue;
        }
        let show = |f: &Facts, d: &Draft| {
            f.display(&decl.key)
                .or_else(|| d.fact(&decl.key).map(|v| v.to_string()))
                .map(|v| {
                    format!("{v} {}", decl.unit.as_deref().unwrap_or(""))
                        .trim()
                        .to_string()
                })
                .unwrap_or_else(|| "（未填）".into())
        };
        out.push(Change {
            what: decl.label.clone(),
            before: show(&fa, a),
            after: show(&fb, b),
        });
    }
    let label = |e: &EvidenceEntry| {
        let item = rubric
            .item(&e.item_id)
            .map_or(e.item_id.clone(), |i| i.short.clone());
        format!("佐证材料（{item}）")
    };
    let (ea, eb) = (old.1, new.1);
    for e in ea {
        if !eb
            .iter()
            .any(|x| x.sha256 == e.sha256 && x.item_id == e.item_id)
        {
            // Same item and place, new bytes: replaced; otherwise removed.
            match eb
                .iter()
                .find(|x| x.item_id == e.item_id && x.position == e.position)
                .filter(|x| !ea.iter().any(|y| y.sha256 == x.sha256))
            {
                Some(x) => out.push(Change {
                    what: label(e),
                    before: format!("{}（{}）", e.title, &e.sha256[..8.min(e.sha256.len())]),
                    after: format!(
                        "{}（{}，文件已更换）",
                        x.title,
                        &x.sha256[..8.min(x.sha256.len())]
                    ),
                }),
                None => out.push(Change {
                    what: label(e),
                    before: e.title.clone(),
                    after: String::new(),
                }),
            }
        } else if let Some(x) = eb
            .iter()
            .find(|x| x.sha256 == e.sha256 && x.item_id == e.item_id && x.title != e.title)
        {
            out.push(Change {
                what: label(e),
                before: e.title.clone(),
                after: x.title.clone(),
            });
        }
    }
    for e in eb {
        let known = ea
            .iter()
            .any(|x| x.item_id == e.item_id && (x.sha256 == e.sha256 || x.position == e.position));
        if !known {
            out.push(Change {
                what: label(e),
                before: String::new(),
                after: e.title.clone(),
            });
        }
    }
    out
}
