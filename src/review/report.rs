//! The 推荐汇总表 as an Excel workbook: the ranked list (numbers as numbers), the vetoed and
//! withdrawn applications on a sheet of their own, each type's items with their 核定分 (headed as
//! the form numbers them, under a 满分 row), the block for 填表人 / 审核人 / 日期 under the list.

use rust_xlsxwriter::Workbook;

use crate::batch::sheet::{heading, page_setup, row_height, Styles};
use crate::batch::xlsx::{item_sheet, ItemRow};
use crate::batch::BatchError;
use crate::draft::BrandType;
use crate::rubric::Editions;

use super::desk::Settings;
use super::outputs::{apart, report_cells, REPORT_COLUMNS};
use super::overview::Row;

const HEAD: u32 = 2;

/// The workbook of the 推荐汇总表.
pub fn report_xlsx(
    rows: &[Row],
    settings: &Settings,
    editions: &Editions,
) -> Result<Vec<u8>, BatchError> {
    let mut book = Workbook::new();
    let st = Styles::new();
    let date = if settings.date.is_empty() {
        "    年  月  日".to_string()
    } else {
        settings.date.clone()
    };
    let sub = format!("填报单位（盖章）：{}        日期：{date}", settings.county);
    let widths: Vec<f64> = REPORT_COLUMNS
        .iter()
        .map(|(_, w)| f64::from(*w) * 0.9)
        .collect();
    for (name, list, reason) in [
        (
            "推荐汇总表",
            rows.iter().filter(|r| !apart(r)).collect::<Vec<_>>(),
            false,
        ),
        (
            "否决及撤回",
            rows.iter().filter(|r| apart(r)).collect(),
            true,
        ),
    ] {
        if reason && list.is_empty() {
            continue;
        }
        let sheet = book.add_worksheet();
        sheet.set_name(name)?;
        let title = if reason {
            "一票否决及撤回的申报（不参与排序）"
        } else {
            "连云港市市级劳务品牌推荐汇总表"
        };
        page_setup(sheet, title, (HEAD, HEAD), 2)?;
        let cols = REPORT_COLUMNS.len() as u16 + u16::from(reason);
        heading(sheet, &st, title, &sub, cols)?;
        let mut heads: Vec<&str> = REPORT_COLUMNS.iter().map(|c| c.0).collect();
        let mut widths = widths.clone();
        if reason {
            heads.push("原因");
            widths.push(30.0);
        }
        for (c, h) in heads.iter().enumerate() {
            sheet.set_column_width(c as u16, widths[c])?;
            sheet.write_string_with_format(HEAD, c as u16, *h, &st.header)?;
        }
        sheet.set_row_height(HEAD, row_height(&heads, &widths))?;
        for (i, r) in list.iter().enumerate() {
            let row = HEAD + 1 + i as u32;
            let cells = report_cells(i + 1, r);
            for (c, text) in cells.iter().enumerate() {
                let c16 = c as u16;
                let number = match c {
                    0 => Some((i + 1) as f64),
                    5 => r.workers.and_then(|w| w.to_string().parse().ok()),
                    6 if !r.self_vetoed => Some(f64::from(r.self_total)),
                    7 if !r.assessed_vetoed => Some(f64::from(r.assessed_total)),
                    8 if !r.self_vetoed && !r.assessed_vetoed => Some(r.difference as f64),
                    11 => r.rank.map(|n| n as f64),
                    _ => None,
                };
                match (c, number) {
                    (_, Some(n)) => sheet.write_number_with_format(row, c16, n, &st.number)?,
                    (5..=8 | 11, None) => sheet.write_blank(row, c16, &st.number)?,
                    (1 | 2 | 3 | 4, _) => {
                        sheet.write_string_with_format(row, c16, text, &st.text)?
                    }
                    _ => sheet.write_string_with_format(row, c16, text, &st.center)?,
                };
            }
            let mut texts: Vec<String> = cells;
            if reason {
                let why = if r.assessed_vetoed {
                    "核定后触发一票否决"
                } else {
                    "申报单位撤回"
                };
                sheet.write_string_with_format(row, cols - 1, why, &st.red)?;
                texts.push(why.into());
            }
            let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
            sheet.set_row_height(row, row_height(&refs, &widths))?;
        }
        let last = HEAD + list.len() as u32;
        sheet.set_freeze_panes(HEAD + 1, 2)?;
        sheet.autofilter(HEAD, 0, last, cols - 1)?;
        if !reason {
            let preparer = if settings.preparer.is_empty() {
                &settings.reviewer
            } else {
                &settings.preparer
            };
            let sign = format!("填表人：{preparer}        审核人：            日期：{date}");
            sheet.merge_range(last + 2, 0, last + 2, cols - 1, &sign, &st.sub)?;
            sheet.set_row_height(last + 2, 20)?;
        }
    }
    // Each type's items with their 核定分.
    for t in BrandType::ALL {
        let of_type: Vec<&Row> = rows.iter().filter(|r| r.brand_type == Some(t)).collect();
        let Some(first) = of_type.first() else {
            continue;
        };
        let Ok(edition) = editions.get(&first.edition) else {
            continue;
        };
        let items: Vec<ItemRow> = of_type
            .iter()
            .map(|r| ItemRow {
                brand: &r.brand,
                unit: &r.unit,
                total: (!r.assessed_vetoed).then_some(r.assessed_total),
                unfilled: String::new(),
                items: &r.assessed_items,
            })
            .collect();
        item_sheet(&mut book, &st, edition.rubric, t, &items, &sub, "核定分")?;
    }
    Ok(book.save_to_buffer()?)
}
