//! The county summary as an Excel workbook: the 汇总 sheet, one sheet per type with every item's
//! points headed as the form numbers its items (基本条件第6项 信用承诺制度) under a 满分 row,
//! and the files that could not be read. Numeric columns hold numbers or nothing (a vetoed total
//! or an unfilled item is a blank cell, the reason in its own column); a 一票否决 item's column
//! reads 满足 / 不满足. Printed as `sheet.rs` sets up: ≥ 9 pt, split across pages, never shrunk.

use rust_xlsxwriter::{Workbook, XlsxError};

use super::sheet::{heading, page_setup, row_height, Styles};
use super::{Batch, BatchError, BatchRow, Points, COLUMNS};
use crate::draft::BrandType;
use crate::rubric::Rubric;

/// The row the tables' headers are on (under the title and the 填报单位 line).
const HEAD: u32 = 2;

impl Batch {
    /// The 填报单位 the drafts name, when they all name the same one.
    fn reporting_unit(&self) -> String {
        let mut units = self
            .rows
            .iter()
            .map(|r| r.reporting_unit.as_str())
            .filter(|u| !u.is_empty());
        match units.next() {
            Some(first) if units.all(|u| u == first) => first.to_string(),
            _ => String::new(),
        }
    }

    /// The workbook: 汇总 (every file), one sheet per type present with every item's points,
    /// and 无法读取的文件 when any file could not be read.
    pub fn to_xlsx(&self, rubric: &Rubric) -> Result<Vec<u8>, BatchError> {
        let mut book = Workbook::new();
        let st = Styles::new();
        let unit = self.reporting_unit();
        let sub = format!(
            "填报单位（盖章）：{}",
            if unit.is_empty() {
                "____________________"
            } else {
                &unit
            }
        );

        // 汇总
        let sheet = book.add_worksheet();
        sheet.set_name("汇总")?;
        let title = format!("{}汇总", crate::forms::FORM2_TITLE);
        page_setup(sheet, &title, (HEAD, HEAD), 1)?;
        heading(sheet, &st, &title, &sub, COLUMNS.len() as u16)?;
        let widths: Vec<f64> = COLUMNS.iter().map(|(_, w)| *w).collect();
        for (c, (h, w)) in COLUMNS.iter().enumerate() {
            sheet.set_column_width(c as u16, *w)?;
            sheet.write_string_with_format(HEAD, c as u16, *h, &st.header)?;
        }
        sheet.set_row_height(HEAD, row_height(&COLUMNS.map(|c| c.0), &widths))?;
        for (i, r) in self.rows.iter().enumerate() {
            let row = HEAD + 1 + i as u32;
            let texts = [
                r.brand_name.clone(),
                r.type_name.clone(),
                r.unit.clone(),
                r.leader.clone(),
                r.vetoes.join("、"),
                r.unfilled.join("、"),
                r.file.clone(),
            ];
            sheet.write_string_with_format(row, 0, &r.brand_name, &st.text)?;
            sheet.write_string_with_format(row, 1, &r.type_name, &st.text)?;
            sheet.write_string_with_format(row, 2, &r.unit, &st.text)?;
            sheet.write_string_with_format(row, 3, &r.leader, &st.text)?;
            match r.workers.and_then(|w| w.to_string().parse::<f64>().ok()) {
                Some(w) => sheet.write_number_with_format(row, 4, w, &st.number)?,
                None => sheet.write_blank(row, 4, &st.number)?,
            };
            sheet.write_number_with_format(row, 5, r.basic_bonus, &st.number)?;
            sheet.write_number_with_format(row, 6, r.category_total, &st.number)?;
            if r.vetoed {
                sheet.write_blank(row, 7, &st.number)?;
            } else {
                sheet.write_number_with_format(row, 7, r.total, &st.number)?;
            }
            sheet.write_string_with_format(row, 8, r.vetoes.join("、"), &st.red)?;
            sheet.write_string_with_format(row, 9, r.unfilled.join("、"), &st.text)?;
            sheet.write_string_with_format(row, 10, r.provincial(), &st.center)?;
            sheet.write_string_with_format(row, 11, &r.code, &st.center)?;
            sheet.write_string_with_format(row, 12, &r.file, &st.text)?;
            let status = r.status();
            let fmt = if r.vetoed { &st.red } else { &st.text };
            sheet.write_string_with_format(row, 13, &status, fmt)?;
            sheet.write_number_with_format(row, 14, r.evidence.len() as f64, &st.number)?;
            let cells = [
                texts[0].as_str(),
                &texts[1],
                &texts[2],
                &texts[3],
                "",
                "",
                "",
                "",
                &texts[4],
                &texts[5],
                "",
                "",
                &texts[6],
                &status,
            ];
            sheet.set_row_height(row, row_height(&cells, &widths))?;
        }
        sheet.set_freeze_panes(HEAD + 1, 1)?;
        sheet.autofilter(
            HEAD,
            0,
            HEAD + self.rows.len() as u32,
            COLUMNS.len() as u16 - 1,
        )?;

        // One sheet per type, every item's points.
        for t in BrandType::ALL {
            let rows: Vec<&BatchRow> = self
                .rows
                .iter()
                .filter(|r| r.brand_type == Some(t))
                .collect();
            if rows.is_empty() {
                continue;
            }
            let rows: Vec<ItemRow> = rows
                .iter()
                .map(|r| ItemRow {
                    brand: &r.brand_name,
                    unit: &r.unit,
                    total: (!r.vetoed).then_some(r.total),
                    unfilled: r.unfilled.join("、"),
                    items: &r.items,
                })
                .collect();
            item_sheet(&mut book, &st, rubric, t, &rows, &sub, "")?;
        }

        if !self.failures.is_empty() {
            let sheet = book.add_worksheet();
            sheet.set_name("无法读取的文件")?;
            page_setup(sheet, "无法读取的文件", (HEAD, HEAD), 0)?;
            heading(sheet, &st, "无法读取或未汇总的文件", &sub, 2)?;
            let widths = [50.0, 80.0];
            sheet.set_column_width(0, widths[0])?;
            sheet.set_column_width(1, widths[1])?;
            sheet.write_string_with_format(HEAD, 0, "文件", &st.header)?;
            sheet.write_string_with_format(HEAD, 1, "原因", &st.header)?;
            for (i, f) in self.failures.iter().enumerate() {
                let row = HEAD + 1 + i as u32;
                sheet.write_string_with_format(row, 0, &f.file, &st.text)?;
                sheet.write_string_with_format(row, 1, &f.reason, &st.text)?;
                sheet.set_row_height(row, row_height(&[&f.file, &f.reason], &widths))?;
            }
            sheet.set_freeze_panes(HEAD + 1, 0)?;
            sheet.autofilter(HEAD, 0, HEAD + self.failures.len() as u32, 1)?;
        }
        Ok(book.save_to_buffer()?)
    }
}

/// An item's column header, as the form numbers it: "基本条件第6项 信用承诺制度".
pub(crate) fn item_header(rubric: &Rubric, id: &str) -> String {
    crate::bundle::item_label(rubric, id)
}

/// One application on a type's sheet.
pub(crate) struct ItemRow<'a> {
    /// 劳务品牌名称.
    pub brand: &'a str,
    /// 培育建设单位.
    pub unit: &'a str,
    /// 总分 (`None` when vetoed).
    pub total: Option<u32>,
    /// The items not filled, joined.
    pub unfilled: String,
    /// Each item's points.
    pub items: &'a [(String, Points)],
}

/// One type's sheet: 劳务品牌名称, 培育建设单位, 总分, then every item of the 基本条件 and the type
/// under a 满分 row; a veto item's column reads 满足 / 不满足, an unfilled item is blank.
pub(crate) fn item_sheet(
    book: &mut Workbook,
    st: &Styles,
    rubric: &Rubric,
    t: BrandType,
    rows: &[ItemRow],
    sub: &str,
    what: &str,
) -> Result<(), XlsxError> {
    let items: Vec<_> = rubric
        .items
        .iter()
        .filter(|i| i.group.is_scored_for(Some(t)))
        .collect();
    let sheet = book.add_worksheet();
    sheet.set_name(format!("{}{what}", t.name_zh()))?;
    // Title, 填报单位, 满分, header.
    let max_row = HEAD;
    let head = HEAD + 1;
    page_setup(sheet, t.name_zh(), (max_row, head), 2)?;
    let fixed = [
        ("劳务品牌名称", 22.0),
        ("培育建设单位", 26.0),
        ("总分", 8.0),
        ("未填项目", 18.0),
    ];
    let cols = (fixed.len() + items.len()) as u16;
    let title = if what.is_empty() {
        "各项得分"
    } else {
        what
    };
    heading(sheet, st, &format!("{}{title}", t.name_zh()), sub, cols)?;
    let mut widths: Vec<f64> = fixed.iter().map(|f| f.1).collect();
    for (c, (h, w)) in fixed.iter().enumerate() {
        sheet.set_column_width(c as u16, *w)?;
        sheet.write_string_with_format(head, c as u16, *h, &st.header)?;
    }
    sheet.write_string_with_format(max_row, 0, "满分", &st.max)?;
    sheet.write_blank(max_row, 1, &st.max)?;
    let total_max: u32 = items.iter().map(|i| i.max).sum();
    sheet.write_number_with_format(max_row, 2, total_max, &st.max)?;
    sheet.write_blank(max_row, 3, &st.max)?;
    let mut headers: Vec<String> = fixed.iter().map(|f| f.0.to_string()).collect();
    for (k, item) in items.iter().enumerate() {
        let c = (fixed.len() + k) as u16;
        let title = item_header(rubric, &item.id);
        sheet.write_string_with_format(head, c, &title, &st.header)?;
        sheet.set_column_width(c, 12)?;
        widths.push(12.0);
        headers.push(title);
        if item.veto {
            sheet.write_string_with_format(max_row, c, "一票否决", &st.max)?;
        } else {
            sheet.write_number_with_format(max_row, c, item.max, &st.max)?;
        }
    }
    let refs: Vec<&str> = headers.iter().map(String::as_str).collect();
    sheet.set_row_height(head, row_height(&refs, &widths))?;
    for (i, r) in rows.iter().enumerate() {
        let row = head + 1 + i as u32;
        sheet.write_string_with_format(row, 0, r.brand, &st.text)?;
        sheet.write_string_with_format(row, 1, r.unit, &st.text)?;
        match r.total {
            Some(total) => sheet.write_number_with_format(row, 2, total, &st.number)?,
            None => sheet.write_blank(row, 2, &st.number)?,
        };
        let unfilled = &r.unfilled;
        sheet.write_string_with_format(row, 3, unfilled, &st.text)?;
        for (k, item) in items.iter().enumerate() {
            let c = (fixed.len() + k) as u16;
            let points = r
                .items
                .iter()
                .find(|(id, _)| *id == item.id)
                .map(|(_, p)| *p);
            match (item.veto, points) {
                // A number (its bonus, if any) shown as 满足 when it is 0: the column still sums.
                (true, Some(Points::Scored(p))) => {
                    sheet.write_number_with_format(row, c, p, &st.met)?
                }
                (true, Some(Points::Vetoed)) => {
                    sheet.write_string_with_format(row, c, "不满足", &st.red)?
                }
                (false, Some(Points::Scored(p))) => {
                    sheet.write_number_with_format(row, c, p, &st.number)?
                }
                _ => sheet.write_blank(row, c, &st.number)?,
            };
        }
        sheet.set_row_height(row, row_height(&[r.brand, r.unit, "", unfilled], &widths))?;
    }
    sheet.set_freeze_panes(head + 1, 1)?;
    sheet.autofilter(head, 0, head + rows.len() as u32, cols - 1)?;
    Ok(())
}
