//! Compiling a rubric file: every fact declaration, template and rule checked, each problem
//! named by the item or fact it is in.

use super::*;
use crate::facts::{FactDecl, FactKind};
use spec::{ClauseSpec, ItemSpec, RubricSpec};

/// The `{fact.key}`, `{ratio:a/b}`, `{premium:a/b}` and `{premium_vs:a/b|名称}` placeholders of
/// a template (`premium_vs` says "高出名称 X%", "低于名称 X%" or "与名称持平").
pub(crate) fn placeholders(template: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        let Some(end) = rest[start..].find('}') else {
            break;
        };
        out.push(rest[start + 1..start + end].to_string());
        rest = &rest[start + end + 1..];
    }
    out
}

fn check_template(at: &str, template: &str, decls: &[FactDecl]) -> Result<(), RubricError> {
    for ph in placeholders(template) {
        let keys: Vec<&str> = match ph.split_once(':') {
            Some(("ratio" | "premium" | "premium_vs", pair)) => {
                match pair.split('|').next().unwrap_or(pair).split_once('/') {
                    Some((a, b)) => vec![a, b],
                    None => return Err(invalid(at, format!("placeholder `{{{ph}}}` needs `a/b`"))),
                }
            }
            Some(_) => return Err(invalid(at, format!("unknown placeholder `{{{ph}}}`"))),
            None => vec![ph.as_str()],
        };
        for k in keys {
            if !decls.iter().any(|d| d.key == k) {
                return Err(invalid(at, format!("placeholder names unknown fact `{k}`")));
            }
        }
    }
    Ok(())
}

fn clause(at: &str, spec: &ClauseSpec, decls: &[FactDecl]) -> Result<Clause, RubricError> {
    let when = condition::compile(&spec.when, decls).map_err(|p| invalid(at, p))?;
    check_template(at, &spec.yes, decls)?;
    check_template(at, &spec.no, decls)?;
    if spec.yes.trim().is_empty() || spec.no.trim().is_empty() {
        return Err(invalid(at, "every clause needs its `yes` and `no` phrases"));
    }
    Ok(Clause {
        when,
        points: spec.points,
        yes: spec.yes.clone(),
        no: spec.no.clone(),
    })
}

fn compile_facts(mut facts: Vec<FactDecl>) -> Result<Vec<FactDecl>, RubricError> {
    let mut seen = HashSet::new();
    let mut roles = HashSet::new();
    for f in &facts {
        if let Some(role) = f.role {
            if !roles.insert(role) {
                return Err(invalid(&f.key, "a second fact with the same role"));
            }
        }
        if !seen.insert(f.key.clone()) {
            return Err(invalid(&f.key, "fact key declared twice"));
        }
        if f.label.trim().is_empty() {
            return Err(invalid(&f.key, "fact has no label"));
        }
        let has_options = matches!(f.kind, FactKind::OneOf | FactKind::SeveralOf);
        if has_options == f.options.is_empty() {
            return Err(invalid(
                &f.key,
                "one-of and several-of facts (and only they) need options",
            ));
        }
        if let (Some(min), Some(max)) = (f.min, f.max) {
            if min > max {
                return Err(invalid(&f.key, "min is larger than max"));
            }
        }
    }
    for f in &facts {
        if let Some(whole) = &f.at_most {
            let ok = facts.iter().any(|w| &w.key == whole && w.kind.is_numeric());
            if !ok || !f.kind.is_numeric() {
                return Err(invalid(
                    &f.key,
                    format!("`at_most` must name a numeric fact, not `{whole}`"),
                ));
            }
        }
    }
    for f in &mut facts {
        f.items.clear();
    }
    Ok(facts)
}

fn compile_item(spec: ItemSpec, decls: &[FactDecl], groups: &[Group]) -> Result<Item, RubricError> {
    let at = spec.id.as_str();
    let key = at.split_once('.').map_or("", |(g, _)| g);
    let Some(group) = Group::from_key(key).filter(|g| groups.contains(g)) else {
        return Err(invalid(
            at,
            format!("id must start with `basic.` or a type key, found `{key}`"),
        ));
    };
    for (name, text) in [
        ("standard", &spec.standard),
        ("basis", &spec.basis),
        ("project", &spec.project),
    ] {
        if text.trim().is_empty() {
            return Err(invalid(at, format!("`{name}` is empty")));
        }
    }
    if let Some(s) = &spec.subject {
        check_template(at, s, decls)?;
    }
    let unexpected = |what: &str| {
        invalid(
            at,
            format!("rule `{:?}` does not take `{what}`", spec.rule).to_lowercase(),
        )
    };
    let missing = |what: &str| {
        invalid(
            at,
            format!("rule `{:?}` needs `{what}`", spec.rule).to_lowercase(),
        )
    };
    let rule = match spec.rule {
        RuleKind::Veto => {
            if spec.pass.is_some()
                || spec.start.is_some()
                || !spec.deductions.is_empty()
                || !spec.parts.is_empty()
            {
                return Err(unexpected("pass/start/deductions/parts"));
            }
            let require = spec.require.as_ref().ok_or_else(|| missing("require"))?;
            Rule::Veto {
                require: clause(at, require, decls)?,
            }
        }
        RuleKind::Threshold => {
            if spec.require.is_some()
                || spec.start.is_some()
                || !spec.deductions.is_empty()
                || !spec.parts.is_empty()
            {
                return Err(unexpected("require/start/deductions/parts"));
            }
            let pass = spec.pass.as_ref().ok_or_else(|| missing("pass"))?;
            Rule::Threshold {
                pass: clause(at, pass, decls)?,
            }
        }
        RuleKind::Deduct => {
            if spec.require.is_some() || spec.pass.is_some() || !spec.parts.is_empty() {
                return Err(unexpected("require/pass/parts"));
            }
            let start = spec.start.ok_or_else(|| missing("start"))?;
            if spec.deductions.is_empty() {
                return Err(missing("deductions"));
            }
            let deductions = spec
                .deductions
                .iter()
                .map(|c| clause(at, c, decls))
                .collect::<Result<_, _>>()?;
            Rule::Deduct { start, deductions }
        }
        RuleKind::Sum => {
            if spec.require.is_some()
                || spec.pass.is_some()
                || spec.start.is_some()
                || !spec.deductions.is_empty()
            {
                return Err(unexpected("require/pass/start/deductions"));
            }
            if spec.parts.is_empty() {
                return Err(missing("parts"));
            }
            Rule::Sum {
                parts: spec
                    .parts
                    .iter()
                    .map(|c| clause(at, c, decls))
                    .collect::<Result<_, _>>()?,
            }
        }
    };
    let bonuses: Vec<Clause> = spec
        .bonuses
        .iter()
        .map(|c| clause(at, c, decls))
        .collect::<Result<_, _>>()?;
    let mut item = Item {
        id: spec.id.clone(),
        group,
        short: spec.short,
        project: spec.project,
        standard: spec.standard,
        points_text: spec.points_text,
        basis: spec.basis,
        source: spec.source,
        rule_kind: spec.rule,
        max: 0,
        facts: Vec::new(),
        veto: spec.rule == RuleKind::Veto,
        subject: spec.subject,
        rule,
        bonuses,
        bonus_mode: spec.bonus_mode,
        bonus_cap: spec.bonus_cap,
    };
    let base = match &item.rule {
        Rule::Veto { .. } => 0,
        Rule::Threshold { pass } => pass.points,
        Rule::Deduct { start, .. } => *start,
        Rule::Sum { parts } => parts.iter().map(|p| p.points).sum(),
    };
    item.max = base + item.bonus_max();
    let mut keys: Vec<String> = match &item.rule {
        Rule::Veto { require: c } | Rule::Threshold { pass: c } => c.when.keys(),
        Rule::Deduct { deductions: cs, .. } | Rule::Sum { parts: cs } => {
            cs.iter().flat_map(|c| c.when.keys()).collect()
        }
    };
    keys.extend(item.bonuses.iter().flat_map(|b| b.when.keys()));
    let mut seen = HashSet::new();
    keys.retain(|k| seen.insert(k.clone()));
    item.facts = keys;
    Ok(item)
}

pub(super) fn compile(spec: RubricSpec) -> Result<Rubric, RubricError> {
    let effective =
        chrono::NaiveDate::parse_from_str(&spec.effective, "%Y-%m-%d").map_err(|_| {
            invalid(
                "effective",
                format!("`{}` is not a date (YYYY-MM-DD)", spec.effective),
            )
        })?;
    let mut facts = compile_facts(spec.facts)?;
    let mut groups: Vec<Group> = vec![Group::Basic];
    let mut types = Vec::new();
    for t in spec.types {
        let Some(brand_type) = BrandType::from_key(&t.key) else {
            return Err(invalid(
                &t.key,
                "type key must be skill, service, culture or livelihood",
            ));
        };
        groups.push(Group::Category(brand_type));
        let heading_lines = if t.heading_lines.is_empty() {
            vec![t.heading.clone()]
        } else if t.heading_lines.concat() == t.heading {
            t.heading_lines
        } else {
            return Err(invalid(&t.key, "heading_lines 连起来应与 heading 完全相同"));
        };
        types.push(TypeInfo {
            key: t.key,
            name: t.name,
            heading: t.heading,
            heading_lines,
        });
    }
    let mut items = Vec::new();
    let mut ids = HashSet::new();
    for item_spec in spec.items {
        if !ids.insert(item_spec.id.clone()) {
            return Err(invalid(&item_spec.id, "item id used twice"));
        }
        items.push(compile_item(item_spec, &facts, &groups)?);
    }
    for g in &groups {
        if !items.iter().any(|i| i.group == *g) {
            return Err(invalid(g.key(), "this group has no items"));
        }
    }
    for f in &mut facts {
        f.items = items
            .iter()
            .filter(|i| i.facts.contains(&f.key))
            .map(|i| i.id.clone())
            .collect();
    }
    Ok(Rubric {
        edition_id: spec.edition_id,
        edition: spec.edition,
        effective,
        title: spec.title,
        source: spec.source,
        types,
        facts: FactTable::new(facts),
        items,
    })
}
