//! 附件2 in the Word copy: the header lines with a cell kept empty for the county bureau's seal
//! (as the PDF's), then the six-column table whose header row repeats on every page.

use docx_rs::{
    AlignmentType, LineSpacing, LineSpacingType, TableBorders, TableCell, TableCellBorder,
    TableCellBorderPosition, TableCellBorders, VAlignType, VMergeType, WidthType,
};

use super::{cell, flowing, heading, para, row, table, twips, Body, Face};
use crate::draft::Draft;
use crate::forms::{self, Form2Row};

/// The table's body size in half-points: 9.5 pt, as the PDF's.
const BODY_SIZE: usize = 19;
/// The table's line spacing, as a multiple of the size: the PDF's.
const TABLE_LEADING: f32 = 1.38;
/// The header's columns (mm): label · blank · the county seal's cell (46 mm square).
const HEADER_COLS: [f32; 3] = [34.0, 90.0, 46.0];

/// Whether row `i` continues the run of row `i - 1` in a spanned column.
fn continues(rows: &[Form2Row], i: usize, col: usize) -> bool {
    i > 0
        && rows[i - 1].category == rows[i].category
        && (col == 0 || rows[i - 1].project == rows[i].project)
}

/// A header cell without rules, or with only the rule under it (a blank to write on).
fn header_cell(text: &str, width: f32, blank: bool) -> TableCell {
    let mut borders = TableCellBorders::with_empty().clear_all();
    if blank {
        borders = borders.set(TableCellBorder::new(TableCellBorderPosition::Bottom).size(4));
    }
    cell(text, Face::Body, 24, AlignmentType::Left, width)
        .vertical_align(VAlignType::Bottom)
        .set_borders(borders)
}

/// The official one-line header, "劳务品牌名称：…　填报单位：（各县区人社局盖章）", under an empty
/// band of 44 mm kept for the bureau's seal (as the PDF's); a brand name or bureau too long
/// for one line gets the three-line header beside a seal cell instead ([`header_lines`]).
fn header(draft: &Draft) -> docx_rs::Table {
    let name = draft.form1.brand_name.trim();
    let unit = draft.form2.reporting_unit.trim();
    // The PDF's test: one line at 9 pt or more (a character is 1 em wide).
    let ems = |t: &str| t.chars().count() as f32;
    let fits =
        9.0 / 72.0 * 25.4 * (7.0 + ems(name).max(12.0) + 5.0 + ems(unit) + 10.0) + 8.0 <= 170.0;
    if !fits {
        return header_lines(draft);
    }
    let half = 170.0 * 0.45;
    let plain = |text: &str, width: f32| {
        cell(text, Face::Body, 24, AlignmentType::Left, width)
            .vertical_align(VAlignType::Bottom)
            .set_borders(TableCellBorders::with_empty().clear_all())
    };
    let unit_text = format!("填报单位：{unit}{}", "（各县区人社局盖章）");
    let rows = vec![
        row(vec![plain("", 170.0).grid_span(2)], 44.0),
        row(
            vec![
                plain(&format!("{}{name}", forms::FORM2_HEADER_LABELS[0]), half),
                plain(&unit_text, 170.0 - half),
            ],
            8.0,
        ),
    ];
    table(rows, &[half, 170.0 - half]).set_borders(TableBorders::with_empty())
}

/// 劳务品牌名称 and 填报单位：（各县区人社局盖章） with blanks, beside a 46 mm cell left empty for
/// the bureau's seal: for names too long for the one official line.
fn header_lines(draft: &Draft) -> docx_rs::Table {
    let h = forms::FORM2_HEADER_LABELS;
    let [lw, bw, sw] = HEADER_COLS;
    let seal = |merge| {
        header_cell("", sw, false)
            .vertical_merge(merge)
            .width(twips(sw), WidthType::Dxa)
    };
    let rows = vec![
        row(
            vec![
                header_cell(h[0], lw, false),
                header_cell(draft.form1.brand_name.trim(), bw, true),
                seal(VMergeType::Restart),
            ],
            14.0,
        ),
        row(
            vec![
                header_cell(h[1], lw + bw, false).grid_span(2),
                seal(VMergeType::Continue),
            ],
            12.0,
        ),
        row(
            vec![
                header_cell(draft.form2.reporting_unit.trim(), lw + bw, true).grid_span(2),
                seal(VMergeType::Continue),
            ],
            21.0,
        ),
    ];
    table(rows, &HEADER_COLS).set_borders(TableBorders::with_empty())
}

/// 附件2 with `rows` and the 总分 text, on a new page when it follows 附件1.
pub(super) fn form2<B: Body>(
    docx: B,
    rows: &[Form2Row],
    total: &str,
    draft: &Draft,
    page_starts: &[usize],
) -> B {
    let c = forms::FORM2_COLUMN_MM;
    let center = AlignmentType::Center;
    let left = AlignmentType::Left;
    let mut docx = heading(docx, "附件2", forms::FORM2_TITLE)
        .add_table(header(draft))
        .add_paragraph(para("", Face::Body, 8, left));
    let header_row = || {
        row(
            forms::FORM2_HEADERS
                .iter()
                .enumerate()
                .map(|(i, t)| cell(t, Face::Heading, 20, center, c[i]))
                .collect(),
            9.0,
        )
    };
    // The PDF's text size and line spacing, so that a page of the PDF fits a page here.
    let body = |text: &str, align| {
        let line = (BODY_SIZE as f32 / 2.0 * TABLE_LEADING * 20.0).round() as i32;
        let p = flowing(text, Face::Body, BODY_SIZE, align).line_spacing(
            LineSpacing::new()
                .before(0)
                .after(0)
                .line(line)
                .line_rule(LineSpacingType::Exact),
        );
        move |mm: f32| {
            TableCell::new()
                .add_paragraph(p)
                .width(twips(mm), WidthType::Dxa)
                .vertical_align(VAlignType::Center)
        }
    };
    // One table per page of the PDF, each with its column header, on a page of its own: the
    // pages break where the PDF's do and every page shows its 类别 and 项目.
    let mut bounds = vec![0];
    bounds.extend(
        page_starts
            .iter()
            .copied()
            .filter(|&s| s > 0 && s < rows.len()),
    );
    bounds.push(rows.len());
    for (k, range) in bounds.windows(2).enumerate() {
        let mut table_rows = vec![header_row()];
        for i in range[0]..range[1] {
            let r = &rows[i];
            let spanned = |col: usize, text: &str, face: Face| {
                let merge = if i > range[0] && continues(rows, i, col) {
                    VMergeType::Continue
                } else {
                    VMergeType::Restart
                };
                let text = if merge == VMergeType::Continue {
                    ""
                } else {
                    text
                };
                cell(text, face, BODY_SIZE, center, c[col]).vertical_merge(merge)
            };
            // 类别 is set one character a line, as on the official form.
            let category: Vec<String> = r.category.chars().map(String::from).collect();
            table_rows.push(row(
                vec![
                    spanned(0, &category.join("\n"), Face::Heading),
                    spanned(1, &r.project, Face::Body),
                    body(&r.standard, left)(c[2]),
                    // "--" once per 项目, over its 一票否决 rows, as the official table does.
                    if r.points_text == "--" {
                        let merge = if i > range[0]
                            && continues(rows, i, 1)
                            && rows[i - 1].points_text == "--"
                        {
                            VMergeType::Continue
                        } else {
                            VMergeType::Restart
                        };
                        let t = if merge == VMergeType::Continue {
                            ""
                        } else {
                            "--"
                        };
                        body(t, center)(c[3]).vertical_merge(merge)
                    } else {
                        body(&r.points_text, center)(c[3])
                    },
                    body(&r.basis, left)(c[4]),
                    cell(&r.score, Face::Body, 21, center, c[5]),
                ],
                8.0,
            ));
        }
        if range[1] == rows.len() {
            table_rows.push(row(
                vec![
                    cell("总分", Face::Heading, 21, center, c[0] + c[1]).grid_span(2),
                    cell("", Face::Body, BODY_SIZE, left, c[2] + c[3] + c[4]).grid_span(3),
                    cell(total, Face::Body, 21, center, c[5]),
                ],
                11.0,
            ));
        }
        if k > 0 {
            docx = docx.add_paragraph(
                para("", Face::Body, 2, left)
                    .line_spacing(
                        LineSpacing::new()
                            .before(0)
                            .after(0)
                            .line(20)
                            .line_rule(LineSpacingType::Exact),
                    )
                    .page_break_before(true),
            );
        }
        docx = docx.add_table(table(table_rows, &c));
    }
    docx
}
