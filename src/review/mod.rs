//! The county's desk (县区初审推荐): receive every application of the county, check it item by
//! item in a layer of the county's own, recommend, and hand the whole to the city.
//!
//! The flow is visible in the modules:
//!
//! * [`desk`] — the workspace (SQLite): received files frozen byte for byte by SHA-256, each the
//!   next version of its application (known by unit and brand); the county's layer, decisions and
//!   settings; the append-only, hash-chained audit [`log`].
//! * [`layer`] — the county's verdict per item (认定 / 不认定 / 存疑) and corrected facts, and
//!   the 核定分: the same rubric run on the applicant's facts with the corrections laid over.
//! * [`hints`] — plausibility hints (units, ratios, points or vetoes without evidence), each to be
//!   acknowledged or acted on before recommending.
//! * [`diff`] — what changed between two versions, field by field and file by file.
//! * [`overview`] — the county's list (自评分 beside 核定分, order of recommendation), one version
//!   item by item, the decision, and the paper check by 校验码.
//! * [`outputs`] — the county's copy of the forms, the 推荐汇总表 (PDF; [`report`] the xlsx), the
//!   补正告知单 (PDF and Word).
//! * [`package`] — the package to the city, verifiable part by part; [`save`] — any output
//!   written where the user asked, checked and logged, the one way every front end does it.

pub mod desk;
pub mod diff;
mod error;
pub mod hints;
pub mod layer;
pub mod log;
pub mod outputs;
pub mod overview;
pub mod package;
pub mod report;
pub mod sample;
pub mod save;

pub use desk::{Application, Decision, Desk, Received, Settings, Version};
pub use error::ReviewError;
pub use layer::{assess, Layer, Verdict};
pub use overview::{decide, detail, overview, paper, paper_check, Detail, PaperMatch, Row};
pub use save::{save, Output, Saved};

use std::path::PathBuf;

use crate::rubric::Editions;

/// What [`receive`] made of the files and folders given.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct ReceiveReport {
    /// Every file looked at, with what happened to it.
    pub files: Vec<Received>,
}

impl ReceiveReport {
    /// Files registered as new versions.
    pub fn new_count(&self) -> usize {
        self.files
            .iter()
            .filter(|f| matches!(f, Received::New { .. }))
            .count()
    }
}

/// The files to receive: files as given; for a folder, every file in it sorted by name (a
/// subfolder is named, not searched). Nothing is passed over without a word: what is not a
/// draft is refused with the reason.
fn files_of(inputs: &[PathBuf]) -> Vec<Result<PathBuf, Received>> {
    let mut out = Vec::new();
    for input in inputs {
        if input.is_dir() {
            match crate::incoming::folder_entries(input) {
                Ok(found) => {
                    for p in found {
                        if p.is_dir() {
                            out.push(Err(Received::Refused {
                                file: p.display().to_string(),
                                reason: "子文件夹，未接收（只接收所选文件夹中的文件）".into(),
                            }));
                        } else {
                            out.push(Ok(p));
                        }
                    }
                }
                Err(e) => out.push(Err(Received::Refused {
                    file: input.display().to_string(),
                    reason: format!("无法读取文件夹：{e}"),
                })),
            }
        } else {
            out.push(Ok(input.clone()));
        }
    }
    out
}

/// Receives every file of `inputs` (folders: their files) one at a time: each draft file or
/// draft container is frozen as the next version of its application; the same bytes again are
/// listed as a duplicate, anything else refused with the reason.
pub fn receive(
    desk: &mut Desk,
    editions: &Editions,
    inputs: &[PathBuf],
) -> Result<ReceiveReport, ReviewError> {
    desk.reviewer()?;
    let mut report = ReceiveReport::default();
    for f in files_of(inputs) {
        let path = match f {
            Ok(p) => p,
            Err(refused) => {
                report.files.push(refused);
                continue;
            }
        };
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| path.display().to_string());
        if !crate::incoming::is_draft_name(&path) {
            let kind = path
                .extension()
                .map(|e| format!(".{}", e.to_string_lossy()))
                .unwrap_or_else(|| "无扩展名".into());
            report.files.push(Received::Refused {
                file: name,
                reason: format!(
                    "不是申报草稿文件（{kind}）：佐证材料应随草稿包（.lbdraft）一并报送，单独的文件不能登记"
                ),
            });
            continue;
        }
        match crate::incoming::read_file(&path) {
            Ok(bytes) => report
                .files
                .push(desk.receive_bytes(&name, &bytes, editions)?),
            Err(e) => report.files.push(Received::Refused {
                file: name,
                reason: e.to_string(),
            }),
        }
    }
    Ok(report)
}
