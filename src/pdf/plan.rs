//! The print plan: how an export of a draft prints, worked out once from the draft, the rubric
//! of its edition and the export options — every cell of 附件1 with its size and lines, what
//! continues on the 附页 and on which of its pages, 附件2's rows and the row each page starts
//! with. The PDF draws exactly this plan, the Word copy sets the same cells and page breaks
//! from it, and the print notes word it for the user. Measured with the bundled body font (and
//! the fallback face the typed texts need), it says where things go, not how they are drawn.

use super::*;
use crate::forms::Form2Row;
use form1::ContinuationRow;

/// 附件2 as it prints.
#[derive(Debug, Clone)]
pub struct Form2Plan {
    /// Its rows, in the form's order ([`crate::forms::form2_rows`]).
    pub rows: Vec<Form2Row>,
    /// The first row of each page after the first.
    pub page_starts: Vec<usize>,
}

/// How an export of a draft prints (see the module's documentation).
#[derive(Clone)]
pub struct PrintPlan {
    /// The draft as printed (typed texts cleaned, [`fonts::clean_text`]).
    pub draft: Draft,
    /// The 校验码 of the draft as typed (the one the window shows).
    pub code: String,
    /// The draft's full fingerprint.
    pub fingerprint: String,
    /// The draft scored by its own edition's rubric (the 自评分 column).
    pub result: ScoreResult,
    /// The face for characters the bundled body font lacks, if the typed texts need one.
    pub fallback: Option<&'static LoadedFace>,
    /// 附件1, when exported.
    pub form1: Option<Form1Plan>,
    /// The pages of 附件1's 附页 with the rows on each (empty when nothing continues).
    pub continuation: Vec<Vec<ContinuationRow>>,
    /// 附件2, when exported.
    pub form2: Option<Form2Plan>,
    /// 附件2 with only the 基本条件 and the chosen category.
    pub compact: bool,
}

impl PrintPlan {
    /// The plan of an export, refusing a draft with a character no font can draw (what the PDF
    /// needs: nothing is ever printed as an empty box).
    pub fn new(draft: &Draft, rubric: &Rubric, options: &ExportOptions) -> Result<Self, PdfError> {
        let cleaned = cleaned(draft);
        let fallback = check_coverage(&cleaned, rubric, &options.fallback)?;
        Self::with(draft, cleaned, rubric, options, fallback)
    }

    /// The plan of an export for a writer that does not draw the glyphs itself (the Word copy)
    /// or for notes said before anyone exports: a character no font has does not stop it.
    pub fn for_layout(
        draft: &Draft,
        rubric: &Rubric,
        options: &ExportOptions,
    ) -> Result<Self, PdfError> {
        let cleaned = cleaned(draft);
        let fallback = check_coverage(&cleaned, rubric, &options.fallback)
            .ok()
            .flatten();
        Self::with(draft, cleaned, rubric, options, fallback)
    }

    fn with(
        typed: &Draft,
        draft: Draft,
        rubric: &Rubric,
        options: &ExportOptions,
        fallback: Option<&'static LoadedFace>,
    ) -> Result<Self, PdfError> {
        let set = FontSet::bundled()?;
        let face = fonts::TextFace::with_fallback(set.face(Face::Body), fallback);
        let result = score_with(rubric, None, &draft);
        let form1 =
            matches!(options.forms, Forms::Form1 | Forms::All).then(|| form1::plan(face, &draft));
        let continuation = form1
            .as_ref()
            .map(form1::continuation_pages)
            .unwrap_or_default();
        let form2 = matches!(options.forms, Forms::Form2 | Forms::All).then(|| Form2Plan {
            rows: crate::forms::form2_rows(rubric, &draft, &result, options.compact),
            page_starts: form2::page_starts(face, rubric, &draft, &result, options.compact),
        });
        Ok(PrintPlan {
            code: typed.version_code(),
            fingerprint: typed.fingerprint(),
            draft,
            result,
            fallback,
            form1,
            continuation,
            form2,
            compact: options.compact,
        })
    }
}
