//! The county summary as an Excel workbook: the 汇总 sheet, one sheet per type with every item's
//! points, and the files that could not be read.

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};

use super::{Batch, BatchError, BatchRow, Points, COLUMNS};
use crate::draft::BrandType;
use crate::rubric::Rubric;

/// A4 landscape, one page wide, the header row repeated on every printed page, a title.
fn page_setup(sheet: &mut Worksheet, title: &str) -> Result<(), XlsxError> {
    sheet.set_paper_size(9); // A4
    sheet.set_landscape();
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_repeat_rows(0, 0)?;
    let title = title.replace('&', "&&");
    sheet.set_header(format!("&C{title}"));
    sheet.set_footer("&C第 &P 页 共 &N 页");
    Ok(())
}

impl Batch {
    /// The workbook: 汇总 (every file), one sheet per type present with every item's points,
    /// and 无法读取的文件 when any file could not be read. A4 landscape, frozen header rows,
    /// numbers as numbers.
    pub fn to_xlsx(&self, rubric: &Rubric) -> Result<Vec<u8>, BatchError> {
        let mut book = Workbook::new();
        let header = Format::new()
            .set_bold()
            .set_text_wrap()
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::VerticalCenter)
            .set_border(FormatBorder::Thin)
            .set_background_color("#E8EEF7");
        let text = Format::new()
            .set_text_wrap()
            .set_align(FormatAlign::VerticalCenter)
            .set_border(FormatBorder::Thin);
        let number = Format::new()
            .set_align(FormatAlign::VerticalCenter)
            .set_border(FormatBorder::Thin);
        let vetoed = text.clone().set_font_color("#B00020").set_bold();

        // 汇总
        let sheet = book.add_worksheet();
        sheet.set_name("汇总")?;
        page_setup(sheet, &format!("{}汇总", crate::forms::FORM2_TITLE))?;
        for (c, (h, w)) in COLUMNS.iter().enumerate() {
            sheet.set_column_width(c as u16, *w)?;
            sheet.write_string_with_format(0, c as u16, *h, &header)?;
        }
        for (i, r) in self.rows.iter().enumerate() {
            let row = i as u32 + 1;
            sheet.write_string_with_format(row, 0, &r.brand_name, &text)?;
            sheet.write_string_with_format(row, 1, &r.type_name, &text)?;
            sheet.write_string_with_format(row, 2, &r.unit, &text)?;
            sheet.write_string_with_format(row, 3, &r.leader, &text)?;
            match r.workers.and_then(|w| w.to_string().parse::<f64>().ok()) {
                Some(w) => sheet.write_number_with_format(row, 4, w, &number)?,
                None => sheet.write_string_with_format(row, 4, "", &text)?,
            };
            sheet.write_number_with_format(row, 5, r.basic_bonus, &number)?;
            sheet.write_number_with_format(row, 6, r.category_total, &number)?;
            if r.vetoed {
                sheet.write_string_with_format(row, 7, "否决", &vetoed)?;
            } else {
                sheet.write_number_with_format(row, 7, r.total, &number)?;
            }
            sheet.write_string_with_format(row, 8, r.vetoes.join("、"), &vetoed)?;
            sheet.write_string_with_format(row, 9, r.unfilled.join("、"), &text)?;
            sheet.write_string_with_format(row, 10, r.provincial(), &text)?;
            sheet.write_string_with_format(row, 11, &r.code, &text)?;
            sheet.write_string_with_format(row, 12, &r.file, &text)?;
            sheet.write_string_with_format(row, 13, r.status(), &text)?;
            sheet.write_number_with_format(row, 14, r.evidence.len() as f64, &number)?;
        }
        sheet.set_freeze_panes(1, 1)?;
        if !self.rows.is_empty() {
            sheet.autofilter(0, 0, self.rows.len() as u32, COLUMNS.len() as u16 - 1)?;
        }

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
            let items: Vec<_> = rubric
                .items
                .iter()
                .filter(|i| i.group.is_scored_for(Some(t)))
                .collect();
            let sheet = book.add_worksheet();
            sheet.set_name(t.name_zh())?;
            page_setup(sheet, t.name_zh())?;
            let fixed = ["劳务品牌名称", "培育建设单位", "总分"];
            for (c, h) in fixed.iter().enumerate() {
                sheet.write_string_with_format(0, c as u16, *h, &header)?;
            }
            sheet.set_column_width(0, 22)?;
            sheet.set_column_width(1, 26)?;
            sheet.set_column_width(2, 8)?;
            for (k, item) in items.iter().enumerate() {
                let c = (fixed.len() + k) as u16;
                let title = format!("{} {}", item.id, item.short);
                sheet.write_string_with_format(0, c, title, &header)?;
                sheet.set_column_width(c, 10)?;
            }
            sheet.set_row_height(0, 45)?;
            for (i, r) in rows.iter().enumerate() {
                let row = i as u32 + 1;
                sheet.write_string_with_format(row, 0, &r.brand_name, &text)?;
                sheet.write_string_with_format(row, 1, &r.unit, &text)?;
                if r.vetoed {
                    sheet.write_string_with_format(row, 2, "否决", &vetoed)?;
                } else {
                    sheet.write_number_with_format(row, 2, r.total, &number)?;
                }
                for (k, item) in items.iter().enumerate() {
                    let c = (fixed.len() + k) as u16;
                    let points = r.items.iter().find(|(id, _)| *id == item.id);
                    match points.map(|(_, p)| *p) {
                        Some(Points::Scored(p)) => {
                            sheet.write_number_with_format(row, c, p, &number)?
                        }
                        Some(Points::Vetoed) => {
                            sheet.write_string_with_format(row, c, "否决", &vetoed)?
                        }
                        _ => sheet.write_string_with_format(row, c, "未填", &text)?,
                    };
                }
            }
            sheet.set_freeze_panes(1, 1)?;
        }

        if !self.failures.is_empty() {
            let sheet = book.add_worksheet();
            sheet.set_name("无法读取的文件")?;
            page_setup(sheet, "无法读取的文件")?;
            sheet.set_column_width(0, 50)?;
            sheet.set_column_width(1, 80)?;
            sheet.write_string_with_format(0, 0, "文件", &header)?;
            sheet.write_string_with_format(0, 1, "原因", &header)?;
            for (i, f) in self.failures.iter().enumerate() {
                sheet.write_string_with_format(i as u32 + 1, 0, &f.file, &text)?;
                sheet.write_string_with_format(i as u32 + 1, 1, &f.reason, &text)?;
            }
            sheet.set_freeze_panes(1, 0)?;
        }
        Ok(book.save_to_buffer()?)
    }
}
