//! The provincial 省级劳务品牌认定标准（试行）: per category item, a bar with no points.

use std::sync::OnceLock;

use serde::Serialize;

use super::condition::{self, Condition};
use super::spec::StandardSpec;
use super::{invalid, Rubric, RubricError, PROVINCIAL_STANDARD_TOML};

/// One provincial bar for a category item.
#[derive(Debug, Clone, Serialize)]
pub struct StandardItem {
    /// The city item id the bar belongs to.
    pub id: String,
    /// The provincial wording.
    pub standard: String,
    /// Whether the bar is inferred (the source text lost it).
    pub inferred: bool,
    /// Why it is inferred, or another note.
    pub note: Option<String>,
    #[serde(skip)]
    pub(crate) require: Condition,
    #[serde(skip)]
    pub(crate) yes: String,
    #[serde(skip)]
    pub(crate) no: String,
}

/// A loaded provincial standard.
#[derive(Debug, Clone, Serialize)]
pub struct Standard {
    /// Stable edition id.
    pub edition_id: String,
    /// Edition name.
    pub edition: String,
    /// Effective date.
    pub effective: String,
    /// Source document.
    pub source: String,
    /// Bars by city item id.
    pub items: Vec<StandardItem>,
}

impl Standard {
    /// Parses and checks a standard against the facts and items of a city rubric.
    pub fn from_toml(text: &str, rubric: &Rubric) -> Result<Standard, RubricError> {
        let spec: StandardSpec =
            toml::from_str(text).map_err(|e| RubricError::Syntax(e.to_string()))?;
        let mut items = Vec::new();
        for it in spec.items {
            if rubric.item(&it.id).is_none() {
                return Err(invalid(&it.id, "the city rubric has no such item"));
            }
            let require =
                condition::compile(&it.require, &rubric.facts).map_err(|p| invalid(&it.id, p))?;
            items.push(StandardItem {
                id: it.id,
                standard: it.standard,
                inferred: it.inferred,
                note: it.note,
                require,
                yes: it.yes,
                no: it.no,
            });
        }
        Ok(Standard {
            edition_id: spec.edition_id,
            edition: spec.edition,
            effective: spec.effective,
            source: spec.source,
            items,
        })
    }

    /// The shipped provincial standard, checked against the shipped city rubric.
    pub fn provincial() -> &'static Standard {
        static STD: OnceLock<Standard> = OnceLock::new();
        STD.get_or_init(|| {
            Standard::from_toml(PROVINCIAL_STANDARD_TOML, Rubric::city())
                .expect("the shipped standard is checked by tests")
        })
    }

    /// The bar for an item id.
    pub fn item(&self, id: &str) -> Option<&StandardItem> {
        self.items.iter().find(|i| i.id == id)
    }
}
