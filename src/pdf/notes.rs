//! What the export will do with a draft's texts, said before it is made (smaller type, a
//! continuation page, a shortened header value), from the same plan the PDF is drawn by.

use super::*;

/// What a [`PrintNote`] says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PrintNoteKind {
    /// A text of 附件1 prints under 12 pt (小四).
    Smaller,
    /// A text of 附件1 continues on the 附页.
    Continues,
    /// A value of the 附件2 header prints under 9 pt, or only its beginning.
    Header,
}

/// What the print layout will do with one long text, said before anyone exports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrintNote {
    /// The field's key.
    pub field: &'static str,
    /// What happens.
    pub kind: PrintNoteKind,
    /// In Chinese, naming the field and the size.
    pub message: String,
}

/// One note per cell of 附件1 printed smaller than 12 pt or continued on the 附页, and one per
/// 附件2 header value printed under 9 pt or cut: the same plan the export draws ([`PrintPlan`],
/// with `rubric`, the draft's edition).
pub fn print_notes(draft: &Draft, rubric: &Rubric) -> Vec<PrintNote> {
    let Ok(PrintPlan {
        form1: Some(plan),
        draft,
        fallback,
        ..
    }) = PrintPlan::for_layout(
        draft,
        rubric,
        &ExportOptions {
            forms: Forms::Form1,
            ..ExportOptions::default()
        },
    )
    else {
        return Vec::new();
    };
    let Ok(set) = FontSet::bundled() else {
        return Vec::new();
    };
    let face = fonts::TextFace::with_fallback(set.face(Face::Body), fallback);
    let header = form2::header_notes(face, &draft);
    let size = |s: f32| {
        if s.fract() == 0.0 {
            format!("{s:.0}")
        } else {
            format!("{s:.1}")
        }
    };
    plan.cells
        .iter()
        .filter_map(|p| {
            let label = p.cell.label();
            let (kind, message) = if p.continues() {
                (
                    PrintNoteKind::Continues,
                    format!(
                        "「{label}」较长，表内放不下，将以 {} 磅打印，其余部分续印在附页（附件1（续））",
                        size(p.size)
                    ),
                )
            } else if p.size < form1::BODY_MAX && !p.lines.is_empty() {
                (
                    PrintNoteKind::Smaller,
                    format!("「{label}」较长，将以 {} 磅打印", size(p.size)),
                )
            } else {
                return None;
            };
            Some(PrintNote {
                field: p.cell.key(),
                kind,
                message,
            })
        })
        .chain(header.into_iter().map(|(field, message)| PrintNote {
            field,
            kind: PrintNoteKind::Header,
            message,
        }))
        .collect()
}

/// The print notes of `draft` as findings (severity 提示), for [`crate::validate::validate`].
pub fn print_findings(draft: &Draft, rubric: &Rubric) -> Vec<crate::validate::Finding> {
    use crate::validate::{Finding, FindingCode, Severity};
    print_notes(draft, rubric)
        .into_iter()
        .map(|note| {
            let code = match note.kind {
                PrintNoteKind::Smaller => FindingCode::PrintSmaller,
                PrintNoteKind::Continues => FindingCode::PrintContinues,
                PrintNoteKind::Header => FindingCode::PrintHeader,
            };
            Finding::new(code, Severity::Info, note.field, note.message)
        })
        .collect()
}
