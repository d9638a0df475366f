//! 附件1 in the Word copy, set from the PDF's plan ([`crate::pdf::PrintPlan`]): the same column
//! widths, the same row heights, every text at the size the PDF prints it with the same line
//! spacing (固定值), so that the form stays on one page in Word, WPS and LibreOffice whenever
//! the PDF's does, and the same texts continue on the 附页. Each 推荐意见 is two rows, its text
//! and then the （盖章） 年 月 日 line, beside a 48 mm cell kept empty for the stamp over both;
//! the rules between them are removed so that they read as one cell.

use docx_rs::{
    AlignmentType, LineSpacing, LineSpacingType, Paragraph, Run, RunFonts, TableCell,
    TableCellBorder, TableCellBorderPosition, TableRow, VAlignType, VMergeType, WidthType,
};

use super::{
    cell, flowing, heading, keep_with_next, para, row, row_may_split, table, twips, Body, Face,
    BODY, FRAME, RULE,
};
use crate::draft::{BrandType, Draft, Opinion};
use crate::forms;
use crate::pdf::form1::{
    cell_text, leading, Cell, CellPlan, Form1Plan, DATE_H, LABEL_W, LEADER_W, PAD_TOP, ROW,
    STAMP_ZONE, TITLE_LABEL_W, TYPE_ROW, VW,
};

/// Column widths (mm): label · 负责人 · 职务 label · the opinion text's end · the stamp cell.
/// 职务's value spans the last two; an opinion's text the middle three.
const STAMP_COL: f32 = STAMP_ZONE + 2.0;
const COLS: [f32; 5] = [
    LABEL_W,
    LEADER_W,
    TITLE_LABEL_W,
    VW - LEADER_W - TITLE_LABEL_W - STAMP_COL,
    STAMP_COL,
];

/// A cell of text at `p`'s planned size with the PDF's line spacing (固定值), top-aligned below
/// the PDF's padding, one Word paragraph per line break of the draft.
fn text_cell(p: &CellPlan, text: &str, width: f32) -> TableCell {
    let half_points = (p.size * 2.0).round() as usize;
    let line = (p.size * leading(p.size) * 20.0).round() as i32;
    let mut c = TableCell::new()
        .width(twips(width), WidthType::Dxa)
        .vertical_align(VAlignType::Top);
    for (i, paragraph) in text.split('\n').enumerate() {
        let before = if i == 0 { twips(PAD_TOP - 0.5) } else { 0 };
        c = c.add_paragraph(
            flowing(paragraph, Face::Body, half_points, AlignmentType::Left).line_spacing(
                LineSpacing::new()
                    .before(before as u32)
                    .after(0)
                    .line(line)
                    .line_rule(LineSpacingType::Exact),
            ),
        );
    }
    c
}

/// The text a cell shows and the text that continues on the 附页: `text` split where the PDF's
/// lines in the cell end (its line breaks kept on both sides), the marker after the first part.
fn split_as_planned(p: &CellPlan, text: &str) -> (String, String) {
    if !p.continues() {
        return (text.to_string(), String::new());
    }
    let shown = &p.lines[..p.lines.len() - 1];
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    for c in shown.iter().flat_map(|l| l.chars()) {
        while i < chars.len() && chars[i] != c && chars[i].is_whitespace() {
            i += 1;
        }
        i += 1;
    }
    let i = i.min(chars.len());
    let head: String = chars[..i].iter().collect();
    let tail: String = chars[i..].iter().collect();
    (
        format!("{}\n{}", head.trim_end(), crate::pdf::CONTINUED_MARK),
        tail.trim_start().to_string(),
    )
}

fn label(text: &str) -> TableCell {
    cell(
        &forms::form1_label(text),
        Face::Body,
        BODY,
        AlignmentType::Center,
        LABEL_W,
    )
}

/// A one-line value cell at its planned size (the whole text: Word wraps it in the same width).
fn value(p: &CellPlan, text: &str, width: f32, span: usize) -> TableCell {
    let half_points = (p.size * 2.0).round() as usize;
    let (shown, _) = split_as_planned(p, crate::text::print_trim(text));
    TableCell::new()
        .add_paragraph(flowing(
            &shown,
            Face::Body,
            half_points,
            AlignmentType::Left,
        ))
        .width(twips(width), WidthType::Dxa)
        .vertical_align(VAlignType::Center)
        .grid_span(span)
}

/// The four 劳务品牌类型 boxes, two a line, the chosen one ticked. Both marks come from one
/// symbol face (宋体 has □ but not ☑, and a mark from each face would not match).
fn type_boxes(chosen: Option<BrandType>) -> TableCell {
    let mark_face = RunFonts::new()
        .east_asia(SYMBOLS)
        .ascii(SYMBOLS)
        .hi_ansi(SYMBOLS);
    let mut c = TableCell::new()
        .width(twips(VW), WidthType::Dxa)
        .vertical_align(VAlignType::Center);
    for pair in BrandType::ALL.chunks(2) {
        let mut p = Paragraph::new().line_spacing(LineSpacing::new().before(0).after(0));
        for (i, t) in pair.iter().enumerate() {
            let mark = if chosen == Some(*t) { "☑" } else { "□" };
            let gap = if i == 0 { "" } else { "        " };
            p = p
                .add_run(
                    Run::new()
                        .fonts(Face::Body.fonts())
                        .size(BODY)
                        .add_text(gap),
                )
                .add_run(
                    Run::new()
                        .fonts(mark_face.clone())
                        .size(BODY)
                        .add_text(mark),
                )
                .add_run(
                    Run::new()
                        .fonts(Face::Body.fonts())
                        .size(BODY)
                        .add_text(format!(" {}", t.name_zh())),
                );
        }
        c = c.add_paragraph(p);
    }
    c
}

/// The face of the check-box marks: on every Windows since 7; elsewhere the office suite's
/// symbol fallback draws both.
const SYMBOLS: &str = "Segoe UI Symbol";

/// The two rows of a 推荐意见: its text above the （盖章） 年 月 日 line, both beside one
/// stamp cell kept empty over the two rows (the date ends at the stamp's left, as in the PDF);
/// the rules between them are removed so that they read as one cell.
fn opinion_rows(p: &CellPlan, name: &str, op: &Opinion, year: Option<i32>) -> [TableRow; 2] {
    let text_w = COLS[1] + COLS[2] + COLS[3];
    let text = text_cell(
        p,
        &split_as_planned(p, crate::text::print_trim(&op.text)).0,
        text_w,
    )
    .grid_span(3)
    .clear_border(TableCellBorderPosition::Right)
    .clear_border(TableCellBorderPosition::Bottom);
    // The merged stamp cell's rules set outright (an office suite takes a merged cell's
    // rules from its first part, not from the table): the frame at the right, a rule below.
    let stamp = |merge| {
        TableCell::new()
            .add_paragraph(docx_rs::Paragraph::new())
            .width(twips(STAMP_COL), WidthType::Dxa)
            .vertical_merge(merge)
            .clear_border(TableCellBorderPosition::Left)
            .set_border(TableCellBorder::new(TableCellBorderPosition::Right).size(FRAME))
            .set_border(TableCellBorder::new(TableCellBorderPosition::Top).size(RULE))
            .set_border(TableCellBorder::new(TableCellBorderPosition::Bottom).size(RULE))
    };
    let name = label(name).vertical_merge(VMergeType::Restart);
    let date = cell(
        &format!("（盖章）    {}", forms::date_line(year, op)),
        Face::Body,
        BODY,
        AlignmentType::Right,
        text_w,
    )
    .grid_span(3)
    .vertical_align(VAlignType::Bottom)
    .clear_border(TableCellBorderPosition::Top)
    .clear_border(TableCellBorderPosition::Right);
    [
        row(
            keep_with_next(vec![name, text, stamp(VMergeType::Restart)]),
            p.height - DATE_H,
        ),
        row(
            vec![
                label("").vertical_merge(VMergeType::Continue),
                date,
                stamp(VMergeType::Continue),
            ],
            DATE_H,
        ),
    ]
}

/// 附件1 of `draft` (its texts cleaned for printing) as `plan` sets it.
pub(super) fn form1<B: Body>(docx: B, draft: &Draft, plan: &Form1Plan) -> B {
    let f = &draft.form1;
    let l = forms::FORM1_LABELS;
    let types = type_boxes(f.brand_type);
    let summary = plan.get(Cell::Summary);
    let summary_cell = if f.summary.trim().is_empty() {
        cell(forms::SUMMARY_HINT, Face::Body, 21, AlignmentType::Left, VW)
            .vertical_align(VAlignType::Top)
    } else {
        text_cell(
            summary,
            &split_as_planned(summary, crate::text::print_trim(&f.summary)).0,
            VW,
        )
    };
    let mut rows = vec![
        row(
            vec![
                label(l[0]),
                value(plan.get(Cell::BrandName), &f.brand_name, VW, 4),
            ],
            ROW,
        ),
        row(vec![label(l[1]), types.grid_span(4)], TYPE_ROW),
        row(
            vec![label(l[2]), value(plan.get(Cell::Unit), &f.unit, VW, 4)],
            ROW,
        ),
        row(
            vec![
                label(l[3]),
                value(plan.get(Cell::Leader), &f.leader, COLS[1], 1),
                cell(l[4], Face::Body, BODY, AlignmentType::Center, COLS[2]),
                value(
                    plan.get(Cell::LeaderTitle),
                    &f.leader_title,
                    COLS[3] + COLS[4],
                    2,
                ),
            ],
            ROW,
        ),
        row(vec![label(l[5]), summary_cell.grid_span(4)], summary.height),
    ];
    for (cell_id, op) in [
        (Cell::UnitOpinion, &f.unit_opinion),
        (Cell::CountyOpinion, &f.county_opinion),
    ] {
        rows.extend(opinion_rows(
            plan.get(cell_id),
            cell_id.label(),
            op,
            draft.round_year(),
        ));
    }
    heading(docx, "附件1", forms::FORM1_TITLE).add_table(table(rows, &COLS))
}

/// The 附页: the texts that did not fit, in rows labelled "〈field〉（续）", as the PDF prints them.
pub(super) fn continuation<B: Body>(docx: B, draft: &Draft, plan: &Form1Plan) -> B {
    let continued: Vec<&CellPlan> = plan.cells.iter().filter(|p| p.continues()).collect();
    if continued.is_empty() {
        return docx;
    }
    let title = continued
        .iter()
        .map(|p| format!("{}（续）", p.cell.label()))
        .collect::<Vec<_>>()
        .join(" ");
    let docx = heading(docx, "附件1（续）", &title).add_paragraph(para(
        &format!("劳务品牌名称：{}", draft.form1.brand_name.trim()),
        Face::Body,
        21,
        AlignmentType::Left,
    ));
    let rows = continued
        .iter()
        .map(|p| {
            let (_, rest) = split_as_planned(p, cell_text(p.cell, draft));
            let rest = text_cell(p, &rest, VW).grid_span(4);
            row_may_split(vec![label(&format!("{}（续）", p.cell.label())), rest], ROW)
        })
        .collect();
    docx.add_paragraph(para(
        "本页接续附件1，请与附件1一并装订，并在两页之间加盖骑缝章。",
        Face::Body,
        18,
        AlignmentType::Left,
    ))
    .add_table(table(rows, &COLS))
}
