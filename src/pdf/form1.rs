//! 附件1 连云港市市级劳务品牌推荐表: one A4 page, rows in the official order.

use super::canvas::{self, Align, Canvas, PT_PER_MM};
use super::fonts::Face;
use super::layout::{fit, wrap};
use super::PdfError;
use crate::draft::{BrandType, Draft, Opinion};
use crate::forms::{date_line, FORM1_LABELS as LABELS, FORM1_TITLE, SUMMARY_HINT};
use crate::rubric::Rubric;

const X0: f32 = canvas::LEFT;
const W: f32 = canvas::CONTENT_W;
const LABEL_W: f32 = 34.0;
const TOP: f32 = 38.0;
const ROW: f32 = 13.0;
const TYPE_ROW: f32 = 20.0;
const SUMMARY_ROW: f32 = 70.0;
const OPINION_ROW: f32 = 58.0;
/// Side of the empty square left for a round stamp in each 推荐意见 cell (mm).
pub const STAMP_ZONE: f32 = 46.0;
const BODY: f32 = 12.0;
/// Inner rule width (pt); the outer border is heavier.
const THIN: f32 = 0.6;
const LEADING: f32 = 1.45;

fn label(c: &mut Canvas, text: &str, x: f32, y: f32, w: f32, h: f32) {
    let face = c.face(Face::Body);
    // The long 推荐意见 labels break before 推荐意见, as on the official form.
    let text = text.replacen("推荐意见", "\n推荐意见", 1);
    let lines = wrap(text.trim_start(), face, BODY, (w - 3.0) * PT_PER_MM);
    c.lines_in(
        Face::Body,
        BODY,
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
    c.rect(X0 + LABEL_W, y, W - LABEL_W, h, THIN);
    label(c, text, X0, y, LABEL_W, h);
}

/// A value cell: wrapped, shrunk to fit, never cut.
fn value(
    c: &mut Canvas,
    field: &str,
    text: &str,
    x: f32,
    y: f32,
    w: f32,
    h: f32,
) -> Result<(), PdfError> {
    if text.trim().is_empty() {
        return Ok(());
    }
    let face = c.face(Face::Body);
    let (size, lines) =
        fit(text.trim(), face, BODY, 7.0, 1.3, w - 4.0, h - 2.0).ok_or_else(|| {
            PdfError::TooLong {
                field: field.to_string(),
            }
        })?;
    c.lines_in(
        Face::Body,
        size,
        1.3,
        x + 2.0,
        y + 1.0,
        w - 4.0,
        h - 2.0,
        &lines,
        Align::Left,
        true,
    );
    Ok(())
}

/// Top of the first 推荐意见 row (mm from the page top).
const OPINIONS_TOP: f32 = TOP + ROW + TYPE_ROW + ROW + ROW + SUMMARY_ROW;

/// The squares kept empty for the round stamps, as (x, y, side) in mm from the top-left corner:
/// the right part of each 推荐意见 cell, above the "（盖章） 年 月 日" line.
pub fn stamp_zones() -> [(f32, f32, f32); 2] {
    let x = X0 + W - STAMP_ZONE - 2.0;
    [
        (x, OPINIONS_TOP + 2.0, STAMP_ZONE),
        (x, OPINIONS_TOP + OPINION_ROW + 2.0, STAMP_ZONE),
    ]
}

fn opinion(c: &mut Canvas, field: &str, op: &Opinion, year: i32, y: f32) -> Result<(), PdfError> {
    let x = X0 + LABEL_W;
    let w = W - LABEL_W;
    let text_w = w - STAMP_ZONE - 8.0;
    let text_h = OPINION_ROW - 14.0;
    if !op.text.trim().is_empty() {
        let face = c.face(Face::Body);
        let (size, lines) = fit(op.text.trim(), face, BODY, 7.0, LEADING, text_w, text_h)
            .ok_or_else(|| PdfError::TooLong {
                field: field.to_string(),
            })?;
        c.lines_in(
            Face::Body,
            size,
            LEADING,
            x + 3.0,
            y + 3.0,
            text_w,
            text_h,
            &lines,
            Align::Left,
            false,
        );
    }
    // The stamp zone (right, STAMP_ZONE square) stays empty; 盖章 and the date sit below it.
    let line = format!("（盖章）    {}", date_line(year, op));
    c.text_in(
        Face::Body,
        BODY,
        x,
        w - 6.0,
        y + OPINION_ROW - 4.0,
        &line,
        Align::Right,
    );
    Ok(())
}

/// Draws 附件1 for `draft`.
pub fn draw(c: &mut Canvas, draft: &Draft, rubric: &Rubric) -> Result<(), PdfError> {
    let f = &draft.form1;
    c.text(Face::Heading, 16.0, X0, 18.0, "附件1");
    c.text_in(Face::Title, 20.0, X0, W, 31.0, FORM1_TITLE, Align::Center);

    let vx = X0 + LABEL_W;
    let vw = W - LABEL_W;
    let mut y = TOP;

    // 劳务品牌名称
    row_frame(c, LABELS[0], y, ROW);
    value(c, "劳务品牌名称", &f.brand_name, vx, y, vw, ROW)?;
    y += ROW;

    // 劳务品牌类型: four vector boxes, the chosen one ticked
    row_frame(c, LABELS[1], y, TYPE_ROW);
    for (i, t) in BrandType::ALL.into_iter().enumerate() {
        let bx = vx + 4.0 + (i % 2) as f32 * 66.0;
        let by = y + 3.6 + (i / 2) as f32 * 7.4;
        c.checkbox(bx, by, 3.8, f.brand_type == Some(t));
        c.text(Face::Body, BODY, bx + 5.6, by + 3.4, t.name_zh());
    }
    y += TYPE_ROW;

    // 培育建设单位
    row_frame(c, LABELS[2], y, ROW);
    value(c, "培育建设单位", &f.unit, vx, y, vw, ROW)?;
    y += ROW;

    // 劳务品牌负责人 | 职务
    let leader_w = 56.0;
    let title_label_w = 22.0;
    let tx = vx + leader_w;
    let tvx = tx + title_label_w;
    let tvw = X0 + W - tvx;
    row_frame(c, LABELS[3], y, ROW);
    c.rect(tx, y, title_label_w, ROW, THIN);
    value(c, "劳务品牌负责人", &f.leader, vx, y, leader_w, ROW)?;
    label(c, LABELS[4], tx, y, title_label_w, ROW);
    value(c, "职务", &f.leader_title, tvx, y, tvw, ROW)?;
    y += ROW;

    // 基本情况: shrink a little before ever cutting
    row_frame(c, LABELS[5], y, SUMMARY_ROW);
    let summary = f.summary.trim();
    if summary.is_empty() {
        let face = c.face(Face::Body);
        let lines = wrap(SUMMARY_HINT, face, 10.5, (vw - 6.0) * PT_PER_MM);
        c.lines_in(
            Face::Body,
            10.5,
            LEADING,
            vx + 3.0,
            y + 3.0,
            vw - 6.0,
            20.0,
            &lines,
            Align::Left,
            false,
        );
    } else {
        let face = c.face(Face::Body);
        let (size, lines) = fit(
            summary,
            face,
            BODY,
            7.5,
            LEADING,
            vw - 6.0,
            SUMMARY_ROW - 5.0,
        )
        .ok_or_else(|| PdfError::TooLong {
            field: "基本情况".into(),
        })?;
        c.lines_in(
            Face::Body,
            size,
            LEADING,
            vx + 3.0,
            y + 2.5,
            vw - 6.0,
            SUMMARY_ROW - 5.0,
            &lines,
            Align::Left,
            false,
        );
    }
    y += SUMMARY_ROW;

    // The two 推荐意见 cells
    debug_assert_eq!(y, OPINIONS_TOP);
    for (name, op) in [(LABELS[6], &f.unit_opinion), (LABELS[7], &f.county_opinion)] {
        row_frame(c, name, y, OPINION_ROW);
        opinion(c, name, op, rubric.form_year, y)?;
        y += OPINION_ROW;
    }
    // A heavier outer border, as on the official form.
    c.rect(X0, TOP, W, y - TOP, 1.2);
    Ok(())
}
