//! Rubric editions: which rubric scores a draft.
//!
//! Every draft records the edition it was made with (`rubric_edition`, in the store and in draft
//! files). [`Editions::get`] finds that edition or says it is unknown: a draft is never scored
//! silently by another edition. New drafts use [`Editions::current`]; an older draft moves to the
//! current edition only by an explicit action (the application layer keeps a version first).
//!
//! Next year's rubric is a new file in `assets/rubric/` and one line in [`Editions::shipped`].

use std::sync::OnceLock;

use super::{score_with, Rubric, RubricError, ScoreResult, Standard};
use crate::draft::Draft;

/// The edition of drafts that do not name one: files and database rows written before drafts
/// recorded their edition, when this was the only one.
pub const FIRST_EDITION: &str = "lyg-city-2024";

/// One edition: a city rubric and the provincial standard checked against it (if any).
#[derive(Debug, Clone, Copy)]
pub struct Edition {
    /// The 评分表.
    pub rubric: &'static Rubric,
    /// The provincial 认定标准 the window compares with, when it fits this rubric.
    pub standard: Option<&'static Standard>,
}

impl Edition {
    /// The edition id stored with each draft (`lyg-city-2024`).
    pub fn id(&self) -> &'static str {
        &self.rubric.edition_id
    }

    /// Loads an edition from rubric (and standard) text. Editions live as long as the program,
    /// so the loaded rubric is kept for good (a handful per process).
    pub fn from_toml(rubric: &str, standard: Option<&str>) -> Result<Edition, RubricError> {
        let rubric: &'static Rubric = Box::leak(Box::new(Rubric::from_toml(rubric)?));
        let standard = match standard {
            Some(text) => Some(&*Box::leak(Box::new(Standard::from_toml(text, rubric)?))),
            None => None,
        };
        Ok(Edition { rubric, standard })
    }

    /// Scores a draft with this edition.
    pub fn score(&self, draft: &Draft) -> ScoreResult {
        score_with(self.rubric, self.standard, draft)
    }
}

/// A draft names an edition this build does not have.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{} / {}", crate::Bilingual::zh(self), crate::Bilingual::en(self))]
pub struct UnknownEdition {
    /// The edition id the draft names.
    pub id: String,
    /// The ids this build has, comma separated.
    pub known: String,
}

impl crate::Bilingual for UnknownEdition {
    fn code(&self) -> &'static str {
        "unknown_edition"
    }

    fn zh(&self) -> String {
        let (id, known) = (&self.id, &self.known);
        format!("该草稿使用的评分标准版本“{id}”本软件不认识（本软件有：{known}），无法评分。请升级本软件后再打开")
    }

    fn en(&self) -> String {
        let (id, known) = (&self.id, &self.known);
        format!("unknown rubric edition {id:?} (this build has: {known})")
    }
}

/// The editions a program knows, one of them current.
#[derive(Debug, Clone)]
pub struct Editions {
    all: Vec<Edition>,
    current: usize,
}

impl Editions {
    /// Only `current`.
    pub fn new(current: Edition) -> Editions {
        Editions {
            all: vec![current],
            current: 0,
        }
    }

    /// Adds an edition; with `make_current` new drafts use it from now on.
    pub fn with(mut self, edition: Edition, make_current: bool) -> Editions {
        let current = self.current().id();
        self.all.retain(|e| e.id() != edition.id());
        self.all.push(edition);
        let id = if make_current { edition.id() } else { current };
        self.current = self.all.iter().position(|e| e.id() == id).unwrap_or(0);
        self
    }

    /// The editions shipped with this build: the city rubric of 2024 with the Jiangsu
    /// standard of 2022.
    pub fn shipped() -> &'static Editions {
        static SHIPPED: OnceLock<Editions> = OnceLock::new();
        SHIPPED.get_or_init(|| {
            Editions::new(Edition {
                rubric: Rubric::city(),
                standard: Some(Standard::provincial()),
            })
        })
    }

    /// The edition new drafts are made with.
    pub fn current(&self) -> Edition {
        self.all[self.current]
    }

    /// The edition with this id, or why there is none.
    pub fn get(&self, id: &str) -> Result<Edition, UnknownEdition> {
        self.all
            .iter()
            .find(|e| e.id() == id)
            .copied()
            .ok_or_else(|| UnknownEdition {
                id: id.to_string(),
                known: self
                    .all
                    .iter()
                    .map(|e| e.id())
                    .collect::<Vec<_>>()
                    .join("、"),
            })
    }

    /// Every edition, in the order added.
    pub fn all(&self) -> &[Edition] {
        &self.all
    }
}
