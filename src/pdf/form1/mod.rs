//! 附件1 连云港市市级劳务品牌推荐表: one A4 page, rows in the official order.
//!
//! The page is planned before it is drawn ([`plan`]): every cell gets the largest size from
//! 12 pt down to 9 pt at which its text fits; the 基本情况 and the two 推荐意见 rows share the
//! height left under the fixed rows, each at least its usual height when there is room, and the
//! 推荐意见 text is set in a column beside a square kept empty for the round stamp. The Word
//! copy ([`crate::docx`]) follows the same plan. Text that does not fit even
//! at 9 pt is never refused nor shrunk further: the cell ends with "（续见附页）" and the rest
//! prints on a continuation page headed 附件1（续） ([`draw_continuation`]). The same plan tells
//! `validate` and the window what will happen before anyone exports ([`super::print_notes`]).

mod plan;

pub use plan::{cell_text, plan, text_width, Cell, CellPlan, Form1Plan};
pub(crate) use plan::{leading, line_h};

use super::canvas::{self, Align, Canvas, PT_PER_MM};
use super::fonts::Face;
use super::layout::wrap;
use crate::draft::{BrandType, Draft, Opinion};
use crate::forms::{date_line, form1_label, FORM1_LABELS as LABELS, FORM1_TITLE, SUMMARY_HINT};

const X0: f32 = canvas::LEFT;
const W: f32 = canvas::CONTENT_W;
pub(crate) const LABEL_W: f32 = 30.0;
/// Left edge and width of the value cells.
const VX: f32 = X0 + LABEL_W;
pub(crate) const VW: f32 = W - LABEL_W;
pub(crate) const TOP: f32 = 34.0;
pub(crate) const ROW: f32 = 11.0;
pub(crate) const TYPE_ROW: f32 = 15.0;
/// Where the table ends: the 校验码 footer sits below, inside the printable area.
const TABLE_BOTTOM: f32 = 283.0;
/// Top of the 基本情况 row.
const BLOCKS_TOP: f32 = TOP + ROW + TYPE_ROW + ROW + ROW;
/// Height shared by 基本情况 and the two 推荐意见 rows.
const BLOCKS_H: f32 = TABLE_BOTTOM - BLOCKS_TOP;
/// The usual heights of 基本情况 and of a 推荐意见 row, when the texts leave room for them.
const SUMMARY_ROW: f32 = 70.0;
const OPINION_ROW: f32 = 58.0;
/// The least height of a 基本情况 row that continues on the 附页.
const SUMMARY_MIN: f32 = 30.0;
/// Side of the empty square left for a round stamp in each 推荐意见 cell (mm): a 公章 is
/// 40–42 mm, and it is seldom set down straight.
pub const STAMP_ZONE: f32 = 46.0;
/// Room at the foot of a 推荐意见's text column for the "（盖章） 年 月 日" line, which ends
/// just left of the stamp square (the seal may cover the date, as GB/T 9704 has it).
pub(crate) const DATE_H: f32 = 8.0;
/// The stamp square's margin from the cell's rules.
pub(crate) const STAMP_MARGIN: f32 = 2.0;
/// Padding above the text of a block.
pub(crate) const PAD_TOP: f32 = 3.0;
/// Inner left/right padding of the value cells.
const PAD_X: f32 = 3.0;
/// The least height of a 推荐意见 row: the stamp square with its margins (the date line sits
/// beside the square's lower part, not under it).
const OPINION_MIN: f32 = STAMP_MARGIN + STAMP_ZONE + STAMP_MARGIN;
/// Largest and smallest body sizes (pt): 小四 down to 小五, never smaller.
pub const BODY_MAX: f32 = 12.0;
/// See [`BODY_MAX`].
pub const BODY_MIN: f32 = 9.0;
/// The size of text that continues on the 附页 (五号).
pub const CONTINUED_SIZE: f32 = 10.5;
/// The line that ends a cell whose text continues on the 附页.
pub const CONTINUED_MARK: &str = "（续见附页）";
/// Inner rule width (pt); the outer border is heavier.
const THIN: f32 = 0.6;

pub(crate) const LEADER_W: f32 = 56.0;
pub(crate) const TITLE_LABEL_W: f32 = 22.0;

fn label(c: &mut Canvas, text: &str, x: f32, y: f32, w: f32, h: f32) {
    let face = c.face(Face::Body);
    let lines = wrap(&form1_label(text), face, BODY_MAX, (w - 3.0) * PT_PER_MM);
    c.lines_in(
        Face::Body,
        BODY_MAX,
        1.3,
        x,
        y,
        w,
        h,
        &lines,
        Align::Center,
        true,
    );
}

/// The frame of a full-width row: its label cell (with the label) and its value cell.
fn row_frame(c: &mut Canvas, text: &str, y: f32, h: f32) {
    c.rect(X0, y, LABEL_W, h, THIN);
    c.rect(VX, y, VW, h, THIN);
    label(c, text, X0, y, LABEL_W, h);
}

/// A one-line value cell, vertically centred.
fn value(c: &mut Canvas, p: &CellPlan, x: f32, y: f32, w: f32) {
    c.lines_in(
        Face::Body,
        p.size,
        1.3,
        x + 2.0,
        y + 1.0,
        w - 4.0,
        ROW - 2.0,
        &p.lines,
        Align::Left,
        true,
    );
}

/// Left edge (mm) of the stamp squares.
const STAMP_X: f32 = X0 + W - STAMP_ZONE - STAMP_MARGIN;

/// The squares kept empty for the round stamps, as (x, y, side) in mm from the top-left corner:
/// the lower right of each 推荐意见 cell, with the "（盖章） 年 月 日" line ending at its left.
pub fn stamp_zones(plan: &Form1Plan) -> [(f32, f32, f32); 2] {
    let unit = plan.get(Cell::UnitOpinion).height;
    let county = plan.get(Cell::CountyOpinion).height;
    let y0 = TABLE_BOTTOM - county - unit;
    let top = |bottom: f32| bottom - STAMP_MARGIN - STAMP_ZONE;
    [
        (STAMP_X, top(y0 + unit), STAMP_ZONE),
        (STAMP_X, top(TABLE_BOTTOM), STAMP_ZONE),
    ]
}

/// The lines of a block (基本情况, a 推荐意见, a row of the 附页) at its planned size, from the
/// top of its row, in a column `w` mm wide and `h` mm tall.
fn block_lines(c: &mut Canvas, size: f32, lines: &[String], y: f32, w: f32, h: f32) {
    c.lines_in(
        Face::Body,
        size,
        leading(size),
        VX + PAD_X,
        y + PAD_TOP,
        w,
        h,
        lines,
        Align::Left,
        false,
    );
}

fn opinion(c: &mut Canvas, p: &CellPlan, op: &Opinion, year: Option<i32>, y: f32) {
    let h = p.height - PAD_TOP - DATE_H;
    block_lines(c, p.size, &p.lines, y, text_width(p.cell), h);
    // The stamp square (lower right) stays empty; 盖章 and the date end at its left.
    let line = format!("（盖章）    {}", date_line(year, op));
    c.text_in(
        Face::Body,
        BODY_MAX,
        VX,
        STAMP_X - 1.0 - VX,
        y + p.height - 2.2,
        &line,
        Align::Right,
    );
}

/// Draws 附件1 for `draft` as planned.
pub fn draw(c: &mut Canvas, draft: &Draft, plan: &Form1Plan) {
    let f = &draft.form1;
    let year = draft.round_year();
    c.text(Face::Heading, 16.0, X0, 17.0, "附件1");
    c.text_in(Face::Title, 22.0, X0, W, 28.0, FORM1_TITLE, Align::Center);

    let mut y = TOP;
    row_frame(c, LABELS[0], y, ROW);
    value(c, plan.get(Cell::BrandName), VX, y, VW);
    y += ROW;

    // 劳务品牌类型: four vector boxes, the chosen one ticked
    row_frame(c, LABELS[1], y, TYPE_ROW);
    for (i, t) in BrandType::ALL.into_iter().enumerate() {
        let bx = VX + 4.0 + (i % 2) as f32 * 68.0;
        let by = y + 2.6 + (i / 2) as f32 * 6.6;
        c.checkbox(bx, by, 3.8, f.brand_type == Some(t));
        c.text(Face::Body, BODY_MAX, bx + 5.6, by + 3.4, t.name_zh());
    }
    y += TYPE_ROW;

    row_frame(c, LABELS[2], y, ROW);
    value(c, plan.get(Cell::Unit), VX, y, VW);
    y += ROW;

    // 劳务品牌负责人 | 职务
    let tx = VX + LEADER_W;
    let tvx = tx + TITLE_LABEL_W;
    row_frame(c, LABELS[3], y, ROW);
    c.rect(tx, y, TITLE_LABEL_W, ROW, THIN);
    value(c, plan.get(Cell::Leader), VX, y, LEADER_W);
    label(c, LABELS[4], tx, y, TITLE_LABEL_W, ROW);
    value(c, plan.get(Cell::LeaderTitle), tvx, y, X0 + W - tvx);
    y += ROW;

    debug_assert!((y - BLOCKS_TOP).abs() < 0.01);
    let summary = plan.get(Cell::Summary);
    row_frame(c, LABELS[5], y, summary.height);
    if f.summary.trim().is_empty() {
        let face = c.face(Face::Body);
        let lines = wrap(SUMMARY_HINT, face, 10.5, (VW - 2.0 * PAD_X) * PT_PER_MM);
        c.lines_in(
            Face::Body,
            10.5,
            leading(10.5),
            VX + PAD_X,
            y + PAD_TOP,
            VW - 2.0 * PAD_X,
            20.0,
            &lines,
            Align::Left,
            false,
        );
    } else {
        let (w, h) = (text_width(Cell::Summary), summary.height - PAD_TOP - 2.0);
        block_lines(c, summary.size, &summary.lines, y, w, h);
    }
    y += summary.height;

    for (cell, op) in [
        (Cell::UnitOpinion, &f.unit_opinion),
        (Cell::CountyOpinion, &f.county_opinion),
    ] {
        let p = plan.get(cell);
        row_frame(c, cell.label(), y, p.height);
        opinion(c, p, op, year, y);
        y += p.height;
    }
    // A heavier outer border, as on the official form.
    c.rect(X0, TOP, W, y - TOP, 1.2);
}

/// Top of the 附页's table.
const FIRST: f32 = 46.0;

/// A row of the 附页: lines `lines` of the rest of `cell`.
#[derive(Debug, Clone, PartialEq)]
pub struct ContinuationRow {
    /// The cell the text continues.
    pub cell: Cell,
    /// Which lines of the cell's rest ([`CellPlan::rest`]) the row holds.
    pub lines: std::ops::Range<usize>,
}

fn continuation_row_h(size: f32, lines: usize) -> f32 {
    PAD_TOP + lines as f32 * line_h(size) + 2.0
}

/// The pages of the 附页 as the PDF draws them (the Word copy numbers its 附页 by the same
/// count): on each, the rows of the texts that continue, in the form's order.
pub fn continuation_pages(plan: &Form1Plan) -> Vec<Vec<ContinuationRow>> {
    let mut pages: Vec<Vec<ContinuationRow>> = Vec::new();
    let mut page: Vec<ContinuationRow> = Vec::new();
    let mut y = FIRST;
    for p in plan.cells.iter().filter(|p| p.continues()) {
        let lh = line_h(p.size);
        let mut at = 0;
        while at < p.rest.len() {
            let room = ((TABLE_BOTTOM - y - PAD_TOP - 2.0) / lh).floor().max(0.0) as usize;
            if room == 0 {
                pages.push(std::mem::take(&mut page));
                y = FIRST;
                continue;
            }
            let take = room.min(p.rest.len() - at);
            page.push(ContinuationRow {
                cell: p.cell,
                lines: at..at + take,
            });
            y += continuation_row_h(p.size, take);
            at += take;
        }
    }
    if !page.is_empty() {
        pages.push(page);
    }
    pages
}

/// The 附页 of 附件1 on the pages planned (`paged`, [`continuation_pages`]): the texts that did not fit, each in a row labelled "〈field〉（续）" with
/// the same column widths and text size as on the form, over as many pages as it takes.
pub fn draw_continuation<'a>(
    mut new_page: impl FnMut() -> Canvas<'a>,
    draft: &Draft,
    plan: &Form1Plan,
    paged: &[Vec<ContinuationRow>],
) -> Vec<Canvas<'a>> {
    let mut pages = Vec::new();
    let continued: Vec<&CellPlan> = plan.cells.iter().filter(|p| p.continues()).collect();
    if continued.is_empty() {
        return pages;
    }
    // The title says what the page continues; the brand's whole name (on one line, smaller if
    // need be, never cut); a note for the 骑缝章 that ties the page to the form.
    let title = continued
        .iter()
        .map(|p| format!("{}（续）", p.cell.label()))
        .collect::<Vec<_>>()
        .join(" ");
    let mut c = new_page();
    let head = |c: &mut Canvas| {
        c.text(Face::Heading, 16.0, X0, 17.0, "附件1（续）");
        // The title face holds the usual title only; any other is set in the body face.
        let face = if title == "基本情况（续）" {
            Face::Title
        } else {
            Face::Body
        };
        c.text_in(face, 18.0, X0, W, 27.0, &title, Align::Center);
        let name = format!("劳务品牌名称：{}", draft.form1.brand_name.trim());
        let face = c.face(Face::Body);
        let (size, lines) = [10.5, 10.0, 9.5, 9.0]
            .into_iter()
            .map(|s| (s, wrap(&name, face, s, W * PT_PER_MM)))
            .find(|(_, l)| l.len() == 1)
            .unwrap_or_else(|| (9.0, wrap(&name, face, 9.0, W * PT_PER_MM)));
        c.lines_in(
            Face::Body,
            size,
            1.2,
            X0,
            32.0,
            W,
            9.0,
            &lines,
            Align::Left,
            true,
        );
        c.text(
            Face::Body,
            9.0,
            X0,
            43.0,
            "本页接续附件1，请与附件1一并装订，并在两页之间加盖骑缝章。",
        );
    };
    head(&mut c);
    for (k, rows) in paged.iter().enumerate() {
        if k > 0 {
            pages.push(std::mem::replace(&mut c, new_page()));
            head(&mut c);
        }
        let mut y = FIRST;
        for row in rows {
            let p = plan.get(row.cell);
            let lines = &p.rest[row.lines.clone()];
            let h = continuation_row_h(p.size, lines.len());
            row_frame(&mut c, &format!("{}（续）", p.cell.label()), y, h);
            let w = text_width(Cell::Summary);
            block_lines(&mut c, p.size, lines, y, w, h - PAD_TOP - 2.0);
            y += h;
        }
        c.rect(X0, FIRST, W, y - FIRST, 1.2);
    }
    pages.push(c);
    let n = pages.len();
    for (i, p) in pages.iter_mut().enumerate() {
        p.text_in(
            Face::Body,
            9.0,
            X0,
            W,
            crate::pdf::canvas::PAGE_NUMBER_Y,
            &format!("附件1 续页 第 {} 页 共 {n} 页", i + 1),
            Align::Center,
        );
    }
    pages
}
