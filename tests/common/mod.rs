//! Helpers shared by the integration tests.
#![allow(dead_code)]

use labour_brand::{BrandType, Draft};
use serde_json::Value;

/// Builds a draft from a compact, readable fact list: `"common.workers=3000; skill.little_giants=否;
/// culture.carriers=[master_studio,demo_base]"`. Numbers stay strings (read exactly by the core),
/// 是/否 are yes/no, `[a,b]` is a list, anything else a string; `key=` alone leaves it unfilled.
pub fn draft_with(brand_type: Option<BrandType>, facts: &str) -> Draft {
    let mut d = Draft::default();
    d.form1.brand_type = brand_type;
    for pair in facts.split(';').map(str::trim).filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').expect("key=value");
        let v = v.trim();
        let value = match v {
            "" => continue,
            "是" => Value::Bool(true),
            "否" => Value::Bool(false),
            _ if v.starts_with('[') => Value::Array(
                v.trim_matches(|c| c == '[' || c == ']')
                    .split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(|s| Value::String(s.into()))
                    .collect(),
            ),
            _ => Value::String(v.into()),
        };
        d.facts.insert(k.trim().to_string(), value);
    }
    d
}

/// The brand type an item id belongs to (basic items are scored under `skill`).
pub fn type_of(item_id: &str) -> BrandType {
    BrandType::from_key(item_id.split('.').next().unwrap()).unwrap_or(BrandType::Skill)
}
