//! The plan of 附件1: which size every typed cell prints at, how tall the 基本情况 and
//! 推荐意见 rows are, and what continues on the 附页. Pure measuring: the PDF draws it
//! ([`super::draw`]), the Word copy follows it, `validate` words it.

use super::*;
use crate::pdf::fonts::TextFace;
use crate::pdf::layout::{fit, wrap};

/// A typed cell of 附件1: one of the text [`FormField`]s (the type is ticked, the dates are a
/// line of their own).
pub use crate::fields::FormField as Cell;

/// The draft's text of a cell, trimmed as it prints.
pub fn cell_text(cell: Cell, draft: &Draft) -> &str {
    cell.text(draft).map_or("", |t| crate::text::print_trim(t))
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
/// chosen only when a text is long; at 9 pt (小五) 1.2, so that a 500-字 基本情况 in 25
/// paragraphs of 20 字 stays on the form (docs/printing.md).
pub(crate) fn leading(size: f32) -> f32 {
    if size > 10.0 {
        1.4
    } else if size > BODY_MIN {
        1.3
    } else {
        1.2
    }
}

pub(crate) fn line_h(size: f32) -> f32 {
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
        plan_value(face, Cell::BrandName, cell_text(Cell::BrandName, draft), VW),
        plan_value(face, Cell::Unit, cell_text(Cell::Unit, draft), VW),
        plan_value(face, Cell::Leader, cell_text(Cell::Leader, draft), LEADER_W),
        plan_value(
            face,
            Cell::LeaderTitle,
            cell_text(Cell::LeaderTitle, draft),
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
            let text = cell_text(cell, draft);
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
        // Too much for one page even at 9 pt: the opinions keep their room (each at most half
        // of what the least 基本情况 leaves), the 基本情况 takes the rest and continues on the 附页.
        let cap = (BLOCKS_H - SUMMARY_MIN) / 2.0;
        for i in 1..3 {
            if planned[i].height > cap + 0.01 {
                planned[i] = cut_block(face, blocks[i], cell_text(blocks[i], draft), cap);
            }
        }
        let left = BLOCKS_H - planned[1].height - planned[2].height;
        if planned[0].height > left + 0.01 {
            planned[0] = cut_block(face, Cell::Summary, cell_text(Cell::Summary, draft), left);
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
            let (lines, h) = block_layout(face, p.cell, cell_text(p.cell, draft), size);
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
