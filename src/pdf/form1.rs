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

use super::canvas::{self, Align, Canvas, PT_PER_MM};
use super::fonts::{Face, TextFace};
use super::layout::{fit, wrap};
use crate::draft::{BrandType, Draft, Opinion};
use crate::forms::{date_line, form1_label, FORM1_LABELS as LABELS, FORM1_TITLE, SUMMARY_HINT};
use crate::rubric::Rubric;

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
/// Room under the stamp square for the "（盖章） 年 月 日" line.
pub(crate) const DATE_H: f32 = 8.0;
/// Padding above the text of a block.
pub(crate) const PAD_TOP: f32 = 3.0;
/// Inner left/right padding of the value cells.
const PAD_X: f32 = 3.0;
/// The least height of a 推荐意见 row: the stamp square with its margins and the date line.
const OPINION_MIN: f32 = 2.0 + STAMP_ZONE + DATE_H;
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

/// The texts of 附件1 that are typed (the type is ticked, the dates are a line of their own).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cell {
    /// 劳务品牌名称.
    BrandName,
    /// 培育建设单位.
    Unit,
    /// 劳务品牌负责人.
    Leader,
    /// 职务.
    LeaderTitle,
    /// 基本情况.
    Summary,
    /// 培育建设单位推荐意见.
    UnitOpinion,
    /// 县区人社部门推荐意见.
    CountyOpinion,
}

impl Cell {
    /// The label printed on the form.
    pub fn label(self) -> &'static str {
        match self {
            Cell::BrandName => LABELS[0],
            Cell::Unit => LABELS[2],
            Cell::Leader => LABELS[3],
            Cell::LeaderTitle => LABELS[4],
            Cell::Summary => LABELS[5],
            Cell::UnitOpinion => LABELS[6],
            Cell::CountyOpinion => LABELS[7],
        }
    }

    /// The draft field key (as in [`crate::draft::FORM_FIELDS`]).
    pub fn key(self) -> &'static str {
        match self {
            Cell::BrandName => "form1.brand_name",
            Cell::Unit => "form1.unit",
            Cell::Leader => "form1.leader",
            Cell::LeaderTitle => "form1.leader_title",
            Cell::Summary => "form1.summary",
            Cell::UnitOpinion => "form1.unit_opinion.text",
            Cell::CountyOpinion => "form1.county_opinion.text",
        }
    }

    /// The draft's text of the cell, trimmed as it prints.
    pub fn text(self, draft: &Draft) -> &str {
        let f = &draft.form1;
        match self {
            Cell::BrandName => &f.brand_name,
            Cell::Unit => &f.unit,
            Cell::Leader => &f.leader,
            Cell::LeaderTitle => &f.leader_title,
            Cell::Summary => &f.summary,
            Cell::UnitOpinion => &f.unit_opinion.text,
            Cell::CountyOpinion => &f.county_opinion.text,
        }
        .trim()
    }
}

/// How one cell prints.
#[derive(Debug, Clone, PartialEq)]
pub struct CellPlan {
    /// Which cell.
    pub cell: Cell,
    /// Its text size (pt).
    pub size: f32,
    /// The lines printed in the cell (the last one is [`CONTINUED_MARK`] when it continues).
    pub lines: Vec<String>,
    /// The lines printed on the 附页 (empty when the text fits in the cell).
    pub rest: Vec<String>,
    /// The row height (mm) for the three growing rows; the fixed height for the others.
    pub height: f32,
}

impl CellPlan {
    /// Whether the text continues on the 附页.
    pub fn continues(&self) -> bool {
        !self.rest.is_empty()
    }
}

/// How 附件1 prints: every typed cell, in form order.
#[derive(Debug, Clone, PartialEq)]
pub struct Form1Plan {
    /// 劳务品牌名称, 培育建设单位, 负责人, 职务, 基本情况, the two 推荐意见.
    pub cells: Vec<CellPlan>,
}

impl Form1Plan {
    /// The plan of one cell.
    pub fn get(&self, cell: Cell) -> &CellPlan {
        self.cells.iter().find(|c| c.cell == cell).expect("planned")
    }

    /// Whether any text continues on the 附页.
    pub fn has_continuation(&self) -> bool {
        self.cells.iter().any(CellPlan::continues)
    }
}

/// Line spacing as a multiple of the size: a little tighter at the small sizes, which are
/// chosen only when a text is long.
pub(crate) fn leading(size: f32) -> f32 {
    if size > 10.0 {
        1.4
    } else {
        1.3
    }
}

fn line_h(size: f32) -> f32 {
    size * leading(size) / PT_PER_MM
}

fn sizes() -> impl Iterator<Item = f32> {
    (0..=((BODY_MAX - BODY_MIN) * 2.0) as usize).map(|i| BODY_MAX - i as f32 * 0.5)
}

/// Width (mm) of the text column of a block: the whole value cell for 基本情况; beside the
/// stamp square for a 推荐意见 (the Word copy sets the same column as a cell of its own).
pub fn text_width(cell: Cell) -> f32 {
    match cell {
        Cell::Summary => VW - 2.0 * PAD_X,
        _ => VW - 2.0 * PAD_X - STAMP_ZONE - 4.0,
    }
}

/// Room (mm) a block's row needs above and below its text: the padding, and for a 推荐意见 the
/// "（盖章） 年 月 日" line.
fn block_padding(cell: Cell) -> (f32, f32) {
    match cell {
        Cell::Summary => (PAD_TOP, 2.0),
        _ => (PAD_TOP, DATE_H),
    }
}

/// The lines of a block at `size` and the least height of its row.
fn block_layout(face: TextFace, cell: Cell, text: &str, size: f32) -> (Vec<String>, f32) {
    let lines = wrap(text, face, size, text_width(cell) * PT_PER_MM);
    let (top, bottom) = block_padding(cell);
    let h = top + lines.len() as f32 * line_h(size) + bottom;
    (lines, h)
}

/// A one-line cell (name, unit, leader, title): the largest size at which the text fits its
/// box; below 9 pt it continues on the 附页.
fn plan_value(face: TextFace, cell: Cell, text: &str, w: f32) -> CellPlan {
    let (iw, ih) = (w - 4.0, ROW - 2.0);
    let lh = 1.3;
    let (size, lines, rest) = match fit(text, face, BODY_MAX, BODY_MIN, lh, iw, ih) {
        _ if text.is_empty() => (BODY_MAX, Vec::new(), Vec::new()),
        Some((size, lines)) => (size, lines, Vec::new()),
        None => {
            let all = wrap(text, face, BODY_MIN, iw * PT_PER_MM);
            let room = ((ih * PT_PER_MM / (BODY_MIN * lh)) as usize).max(1);
            let mut lines: Vec<String> = all[..room - 1].to_vec();
            lines.push(CONTINUED_MARK.into());
            (BODY_MIN, lines, all[room - 1..].to_vec())
        }
    };
    CellPlan {
        cell,
        size,
        lines,
        rest,
        height: ROW,
    }
}

/// A block cut to `height`: the lines that fit, then [`CONTINUED_MARK`]; the rest goes on.
fn cut_block(face: TextFace, cell: Cell, text: &str, height: f32) -> CellPlan {
    let size = CONTINUED_SIZE;
    let lh = line_h(size);
    let (lines, _) = block_layout(face, cell, text, size);
    let (top, bottom) = block_padding(cell);
    let room = (((height - top - bottom) / lh + 0.01).floor() as usize).max(1);
    let keep = room.min(lines.len()).saturating_sub(1);
    let mut shown: Vec<String> = lines[..keep].to_vec();
    shown.push(CONTINUED_MARK.into());
    CellPlan {
        cell,
        size,
        lines: shown,
        rest: lines[keep..].to_vec(),
        height,
    }
}

/// Plans 附件1 for `draft` (its texts cleaned for printing), measuring with `face`.
pub fn plan(face: TextFace, draft: &Draft) -> Form1Plan {
    let mut cells = vec![
        plan_value(face, Cell::BrandName, Cell::BrandName.text(draft), VW),
        plan_value(face, Cell::Unit, Cell::Unit.text(draft), VW),
        plan_value(face, Cell::Leader, Cell::Leader.text(draft), LEADER_W),
        plan_value(
            face,
            Cell::LeaderTitle,
            Cell::LeaderTitle.text(draft),
            X0 + W - (VX + LEADER_W + TITLE_LABEL_W),
        ),
    ];
    let blocks = [Cell::Summary, Cell::UnitOpinion, Cell::CountyOpinion];
    let usual = [SUMMARY_ROW, OPINION_ROW, OPINION_ROW];
    // Each block at the largest size that fits its usual height, else at 9 pt and taller.
    let mut planned: Vec<CellPlan> = blocks
        .iter()
        .zip(usual)
        .map(|(&cell, usual_h)| {
            let text = cell.text(draft);
            let least = if cell == Cell::Summary {
                SUMMARY_MIN
            } else {
                OPINION_MIN
            };
            if text.is_empty() {
                return CellPlan {
                    cell,
                    size: BODY_MAX,
                    lines: Vec::new(),
                    rest: Vec::new(),
                    height: least,
                };
            }
            let at = |size: f32| block_layout(face, cell, text, size);
            let (size, (lines, h)) = sizes()
                .map(|s| (s, at(s)))
                .find(|(_, l)| l.1 <= usual_h + 0.01)
                .unwrap_or_else(|| (BODY_MIN, at(BODY_MIN)));
            CellPlan {
                cell,
                size,
                lines,
                rest: Vec::new(),
                height: h.max(least),
            }
        })
        .collect();
    let need: f32 = planned.iter().map(|p| p.height).sum();
    if need <= BLOCKS_H + 0.01 {
        grow_sizes(face, draft, &mut planned);
        let need: f32 = planned.iter().map(|p| p.height).sum();
        share_slack(&mut planned, &usual, BLOCKS_H - need);
    } else {
        // Too much for one page even at 9 pt: the opinions keep their room (each at most a
        // third of the page's blocks), the 基本情况 takes what is left and continues on the 附页.
        let cap = (BLOCKS_H - SUMMARY_MIN) / 2.0;
        for i in 1..3 {
            if planned[i].height > cap + 0.01 {
                planned[i] = cut_block(face, blocks[i], blocks[i].text(draft), cap);
            }
        }
        let left = BLOCKS_H - planned[1].height - planned[2].height;
        if planned[0].height > left + 0.01 {
            planned[0] = cut_block(face, Cell::Summary, Cell::Summary.text(draft), left);
        } else {
            planned[0].height = left;
        }
    }
    cells.extend(planned);
    Form1Plan { cells }
}

/// While the page has room, sets the block with the smallest text half a point larger (a long
/// 推荐意见 beside a short 基本情况 need not stay at 9 pt).
fn grow_sizes(face: TextFace, draft: &Draft, planned: &mut [CellPlan]) {
    loop {
        let total: f32 = planned.iter().map(|p| p.height).sum();
        let mut candidates: Vec<usize> = (0..planned.len())
            .filter(|&i| !planned[i].lines.is_empty() && planned[i].size < BODY_MAX)
            .collect();
        candidates.sort_by(|&a, &b| planned[a].size.total_cmp(&planned[b].size));
        let grown = candidates.into_iter().find_map(|i| {
            let p = &planned[i];
            let size = p.size + 0.5;
            let (lines, h) = block_layout(face, p.cell, p.cell.text(draft), size);
            let h = h.max(p.height);
            (total - p.height + h <= BLOCKS_H + 0.01).then(|| {
                (
                    i,
                    CellPlan {
                        size,
                        lines,
                        height: h,
                        ..p.clone()
                    },
                )
            })
        });
        match grown {
            Some((i, p)) => planned[i] = p,
            None => return,
        }
    }
}

/// Spreads the height left over: first each block up to its usual height (in proportion to
/// what it lacks), then the rest to 基本情况, so that the table always ends at the same place.
fn share_slack(planned: &mut [CellPlan], usual: &[f32; 3], slack: f32) {
    let lacks: Vec<f32> = planned
        .iter()
        .zip(usual)
        .map(|(p, u)| (u - p.height).max(0.0))
        .collect();
    let total: f32 = lacks.iter().sum();
    let give = slack.min(total);
    for (p, lack) in planned.iter_mut().zip(&lacks) {
        if total > 0.0 {
            p.height += give * lack / total;
        }
    }
    planned[0].height += slack - give;
}

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

/// The squares kept empty for the round stamps, as (x, y, side) in mm from the top-left corner:
/// the lower right of each 推荐意见 cell, above the "（盖章） 年 月 日" line.
pub fn stamp_zones(plan: &Form1Plan) -> [(f32, f32, f32); 2] {
    let x = X0 + W - STAMP_ZONE - 2.0;
    let unit = plan.get(Cell::UnitOpinion).height;
    let county = plan.get(Cell::CountyOpinion).height;
    let y0 = TABLE_BOTTOM - county - unit;
    [
        (x, y0 + unit - DATE_H - STAMP_ZONE, STAMP_ZONE),
        (x, TABLE_BOTTOM - DATE_H - STAMP_ZONE, STAMP_ZONE),
    ]
}

fn opinion(c: &mut Canvas, p: &CellPlan, op: &Opinion, year: i32, y: f32) {
    c.lines_in(
        Face::Body,
        p.size,
        leading(p.size),
        VX + PAD_X,
        y + PAD_TOP,
        text_width(p.cell),
        p.height - PAD_TOP - DATE_H,
        &p.lines,
        Align::Left,
        false,
    );
    // The stamp square (lower right) stays empty; 盖章 and the date sit below it.
    let line = format!("（盖章）    {}", date_line(year, op));
    c.text_in(
        Face::Body,
        BODY_MAX,
        VX,
        VW - 6.0,
        y + p.height - 2.2,
        &line,
        Align::Right,
    );
}

/// Draws 附件1 for `draft` as planned.
pub fn draw(c: &mut Canvas, draft: &Draft, rubric: &Rubric, plan: &Form1Plan) {
    let f = &draft.form1;
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
        c.lines_in(
            Face::Body,
            summary.size,
            leading(summary.size),
            VX + PAD_X,
            y + PAD_TOP,
            VW - 2.0 * PAD_X,
            summary.height - PAD_TOP - 2.0,
            &summary.lines,
            Align::Left,
            false,
        );
    }
    y += summary.height;

    for (cell, op) in [
        (Cell::UnitOpinion, &f.unit_opinion),
        (Cell::CountyOpinion, &f.county_opinion),
    ] {
        let p = plan.get(cell);
        row_frame(c, cell.label(), y, p.height);
        opinion(c, p, op, rubric.form_year, y);
        y += p.height;
    }
    // A heavier outer border, as on the official form.
    c.rect(X0, TOP, W, y - TOP, 1.2);
}

/// The 附页 of 附件1: the texts that did not fit, each in a row labelled "〈field〉（续）" with
/// the same column widths and text size as on the form, over as many pages as it takes.
pub fn draw_continuation<'a>(
    mut new_page: impl FnMut() -> Canvas<'a>,
    draft: &Draft,
    plan: &Form1Plan,
) -> Vec<Canvas<'a>> {
    let mut pages = Vec::new();
    let continued: Vec<&CellPlan> = plan.cells.iter().filter(|p| p.continues()).collect();
    if continued.is_empty() {
        return pages;
    }
    const FIRST: f32 = 42.0;
    let mut c = new_page();
    let head = |c: &mut Canvas| {
        c.text(Face::Heading, 16.0, X0, 17.0, "附件1（续）");
        c.text_in(
            Face::Title,
            22.0,
            X0,
            W,
            28.0,
            "基本情况（续）",
            Align::Center,
        );
        let name = format!("劳务品牌名称：{}", draft.form1.brand_name.trim());
        let face = c.face(Face::Body);
        let lines = wrap(&name, face, 10.5, W * PT_PER_MM);
        c.lines_in(
            Face::Body,
            10.5,
            1.3,
            X0,
            33.0,
            W,
            8.0,
            &lines[..1],
            Align::Left,
            true,
        );
    };
    head(&mut c);
    let mut y = FIRST;
    let mut top = FIRST;
    for p in continued {
        let lh = line_h(p.size);
        let mut rest: &[String] = &p.rest;
        while !rest.is_empty() {
            let room = ((TABLE_BOTTOM - y - PAD_TOP - 2.0) / lh).floor().max(0.0) as usize;
            if room == 0 {
                c.rect(X0, top, W, y - top, 1.2);
                pages.push(std::mem::replace(&mut c, new_page()));
                head(&mut c);
                y = FIRST;
                top = FIRST;
                continue;
            }
            let take = room.min(rest.len());
            let h = PAD_TOP + take as f32 * lh + 2.0;
            row_frame(&mut c, &format!("{}（续）", p.cell.label()), y, h);
            c.lines_in(
                Face::Body,
                p.size,
                leading(p.size),
                VX + PAD_X,
                y + PAD_TOP,
                VW - 2.0 * PAD_X,
                h - PAD_TOP - 2.0,
                &rest[..take],
                Align::Left,
                false,
            );
            y += h;
            rest = &rest[take..];
        }
    }
    c.rect(X0, top, W, y - top, 1.2);
    pages.push(c);
    pages
}
