//! 申报材料: one PDF with everything an application hands in.
//!
//! 封面 → 目录 (with page numbers) → 附件1 → 附件2 → 佐证材料清单 (item, claim, evidence title,
//! pages) → the evidence in form order, each file from a new page: images fitted to A4 with
//! margins and turned upright (EXIF), PDF pages taken over as they are. Every page carries
//! "申报材料 第 N 页 共 M 页 校验码 …" inside the printable area; the PDF has a bookmark per form
//! and per item's evidence, and page labels 1…M. The official forms are unchanged: page
//! references live in the 目录 and the 清单 only.
//!
//! The forms and our own pages are drawn by printpdf (as the forms' export); [`merge`] puts
//! them and the evidence together with lopdf.

mod claims;
mod merge;
mod pages;
mod sink;

use crate::Bilingual;
use lopdf::{dictionary, Document};
use serde::Serialize;

pub use claims::{item_label, unproved_in, unproved_items};

use claims::{claim, in_form_order, pages_text};

use crate::draft::Draft;
use crate::evidence::{EvidenceError, EvidenceKind};
use crate::pdf::{self, ExportOptions, Forms, PdfError};
use crate::rubric::Edition;
use crate::store::EvidenceFile;
use merge::{Importer, Mark, PagePlan};
use pages::{Cover, ListRow, TocLine};
use sink::PdfSink;
use std::io::Write;

/// One attached file with its bytes.
pub struct Attachment {
    /// The stored attachment.
    pub file: EvidenceFile,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

/// Why a bundle could not be made (nothing is written then).
#[derive(Debug, thiserror::Error)]
pub enum BundleError {
    /// The forms or our own pages could not be drawn.
    #[error(transparent)]
    Pdf(#[from] PdfError),
    /// An evidence file cannot be read after all.
    #[error(transparent)]
    Evidence(#[from] EvidenceError),
    /// Writing the bundle failed (a full disk among others; the caller names the file).
    #[error("{} / {}", self.zh(), self.en())]
    Io(std::io::Error),
    /// The PDF could not be assembled.
    #[error("{} / {}", self.zh(), self.en())]
    Build(String),
}

impl Bilingual for BundleError {
    fn code(&self) -> &'static str {
        match self {
            Self::Pdf(e) => e.code(),
            Self::Evidence(e) => e.code(),
            Self::Build(_) => "bundle_build",
            Self::Io(_) => "bundle_write",
        }
    }

    fn zh(&self) -> String {
        match self {
            Self::Pdf(e) => e.zh(),
            Self::Evidence(e) => e.zh(),
            Self::Build(_0) => format!("无法生成申报材料：{_0}"),
            Self::Io(e) => format!("写出申报材料时出错：{e}"),
        }
    }

    fn en(&self) -> String {
        match self {
            Self::Pdf(e) => e.en(),
            Self::Evidence(e) => e.en(),
            Self::Build(_0) => format!("cannot assemble the bundle: {_0}"),
            Self::Io(e) => format!("writing the bundle failed: {e}"),
        }
    }
}

/// A part of the bundle and where it starts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Section {
    /// Its title, as in the 目录.
    pub title: String,
    /// 0 a part, 1 an item's evidence, 2 one file.
    pub level: u8,
    /// Its first page (from 1).
    pub page: usize,
}

/// What a bundle holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BundleInfo {
    /// Pages in all.
    pub pages: usize,
    /// Size in bytes.
    pub bytes: usize,
    /// The forms' 校验码 (the same as on a forms-only export), on the cover.
    pub code: String,
    /// The bundle's own code (forms and every evidence file), on the cover and every page.
    pub bundle_code: String,
    /// Every line of the 目录 with its page.
    pub sections: Vec<Section>,
    /// Items that earn points but have no evidence yet.
    pub unproved: Vec<String>,
}

/// A page of a source PDF to place.
enum Source {
    /// Page `n` (from 1) of our own document `doc` (A4, drawn as it is).
    Own { doc: usize, n: u32 },
    /// Page `n` of attachment `a` (a PDF).
    Pdf { a: usize, n: u32 },
    /// Attachment `a` (an image).
    Image { a: usize },
}

/// Makes the bundle of `draft` scored by `edition` with its attached `files`, written to `out`
/// as it is assembled. `load` reads a file's bytes when its pages are copied: one evidence file
/// is in memory at a time, and never the finished bundle (docs/evidence.md). `date` is printed
/// on the cover ("2026年12月3日").
pub fn render<W: Write>(
    draft: &Draft,
    edition: Edition,
    files: &[EvidenceFile],
    load: &mut dyn FnMut(&EvidenceFile) -> Result<Vec<u8>, BundleError>,
    compact: bool,
    date: &str,
    out: W,
) -> Result<(W, BundleInfo), BundleError> {
    let attachments = files;
    let code = draft.version_code();
    let entries: Vec<_> = attachments.iter().map(|a| a.entry()).collect();
    let bundle_code = crate::evidence::bundle_code(draft, &entries);
    let forms_opts = |forms| ExportOptions {
        forms,
        compact,
        fingerprint: false,
        ..Default::default()
    };
    let (form1, i1) = pdf::render(draft, edition.rubric, &forms_opts(Forms::Form1))?;
    let (form2, i2) = pdf::render(draft, edition.rubric, &forms_opts(Forms::Form2))?;
    let result = edition.score(draft);
    let ordered = in_form_order(edition, attachments);

    // The evidence's pages, as counted when each file was attached (each PDF is loaded again
    // when its pages are copied, and must still have them).
    let ev_pages = |i: usize| match attachments[i].kind {
        EvidenceKind::Pdf => usize::try_from(attachments[i].pages).unwrap_or(0).max(1),
        _ => 1,
    };

    // Page numbers: the 目录 and the 清单 lengths are known from their rows.
    let mut items: Vec<(String, Vec<usize>)> = Vec::new();
    for (i, a) in &ordered {
        match items.last_mut() {
            Some((id, v)) if *id == a.item_id => v.push(*i),
            _ => items.push((a.item_id.clone(), vec![*i])),
        }
    }
    let toc_rows = 3
        + if items.is_empty() { 0 } else { 1 }
        + items.iter().map(|(_, v)| 1 + v.len()).sum::<usize>();
    let toc_pages = toc_rows.div_ceil(pages::TOC_ROWS).max(1);
    let list_pages = ordered.len().div_ceil(pages::LIST_ROWS).max(1);
    let p_form1 = 2 + toc_pages;
    let p_form2 = p_form1 + i1.pages;
    let p_list = p_form2 + i2.pages;
    let mut next = p_list + list_pages;
    let mut file_page = vec![0usize; attachments.len()];
    for (i, _) in &ordered {
        file_page[*i] = next;
        next += ev_pages(*i);
    }
    let total = next - 1;

    let mut toc = vec![
        TocLine {
            text: "附件1 连云港市市级劳务品牌推荐表".into(),
            level: 0,
            page: p_form1,
        },
        TocLine {
            text: "附件2 连云港市市级劳务品牌评分表".into(),
            level: 0,
            page: p_form2,
        },
        TocLine {
            text: "佐证材料清单".into(),
            level: 0,
            page: p_list,
        },
    ];
    let mut rows = Vec::new();
    let mut marks = vec![
        Mark {
            title: "封面".into(),
            page: 0,
            children: vec![],
        },
        Mark {
            title: "目录".into(),
            page: 1,
            children: vec![],
        },
        Mark {
            title: "附件1 推荐表".into(),
            page: p_form1 - 1,
            children: vec![],
        },
        Mark {
            title: "附件2 评分表".into(),
            page: p_form2 - 1,
            children: vec![],
        },
        Mark {
            title: "佐证材料清单".into(),
            page: p_list - 1,
            children: vec![],
        },
    ];
    if !items.is_empty() {
        let first = file_page[items[0].1[0]];
        toc.push(TocLine {
            text: "佐证材料".into(),
            level: 0,
            page: first,
        });
        let mut evidence = Mark {
            title: "佐证材料".into(),
            page: first - 1,
            children: vec![],
        };
        for (id, files) in &items {
            let label = item_label(edition.rubric, id);
            let c = claim(&result, id);
            toc.push(TocLine {
                text: label.clone(),
                level: 1,
                page: file_page[files[0]],
            });
            let mut item_mark = Mark {
                title: label.clone(),
                page: file_page[files[0]] - 1,
                children: vec![],
            };
            for (k, &i) in files.iter().enumerate() {
                let a = &attachments[i];
                toc.push(TocLine {
                    text: format!("{}. {}", k + 1, a.title),
                    level: 2,
                    page: file_page[i],
                });
                item_mark.children.push(Mark {
                    title: a.title.clone(),
                    page: file_page[i] - 1,
                    children: vec![],
                });
                rows.push(ListRow {
                    item: label.clone(),
                    claim: c.clone(),
                    title: a.title.clone(),
                    pages: pages_text(file_page[i], ev_pages(i)),
                });
            }
            evidence.children.push(item_mark);
        }
        marks.push(evidence);
    }

    // Our own pages; typed texts (names, titles) may need the fallback font.
    let cover_fields: Vec<(&'static str, String)> = crate::fields::FormField::texts()
        .filter(|f| f.printed() == crate::fields::Printed::Cover)
        .filter_map(|f| Some((f.label(), f.text(draft)?.trim().to_string())))
        .filter(|(_, t)| !t.is_empty())
        .collect();
    let mut typed: Vec<(String, String)> = vec![
        ("劳务品牌名称".into(), draft.form1.brand_name.clone()),
        ("培育建设单位".into(), draft.form1.unit.clone()),
    ];
    typed.extend(cover_fields.iter().map(|(l, t)| (l.to_string(), t.clone())));
    typed.extend(
        attachments
            .iter()
            .map(|a| ("佐证材料标题".to_string(), a.title.clone())),
    );
    let typed: Vec<(String, String)> = typed
        .into_iter()
        .map(|(f, t)| (f, pdf::clean_text(&t)))
        .collect();
    let fallback = pdf::texts_fallback(&typed, &pdf::fonts::Fallback::System)?;
    let cover = Cover {
        brand: pdf::clean_text(&draft.display_name()),
        unit: pdf::clean_text(&draft.form1.unit),
        brand_type: draft
            .form1
            .brand_type
            .map(|t| t.name_zh().to_string())
            .unwrap_or_else(|| "（未选）".into()),
        total: if result.vetoed {
            "一票否决".into()
        } else {
            format!("{} 分", result.total)
        },
        date: date.to_string(),
        code: code.clone(),
        bundle_code: bundle_code.clone(),
        pages: total,
        fields: cover_fields
            .into_iter()
            .map(|(l, t)| (l, pdf::clean_text(&t)))
            .collect(),
    };
    let clean_toc: Vec<TocLine> = toc
        .iter()
        .map(|l| TocLine {
            text: pdf::clean_text(&l.text),
            ..l.clone()
        })
        .collect();
    let clean_rows: Vec<ListRow> = rows
        .iter()
        .map(|r| ListRow {
            title: pdf::clean_text(&r.title),
            ..r.clone()
        })
        .collect();
    let front = pdf::render_pages("申报材料", fallback, |f| {
        let mut v = vec![pages::cover(f, &cover)];
        v.extend(pages::toc(f, &clean_toc));
        v
    })?;
    let list = pdf::render_pages("佐证材料清单", fallback, |f| {
        pages::list(f, &clean_rows)
    })?;
    // Each evidence page says, in its top margin, which item and file it proves (a reviewer
    // holding page 37 needs neither the footer nor the list).
    let mut captions: Vec<Option<String>> = vec![None; total];
    for (id, files) in &items {
        let label = item_label(edition.rubric, id);
        for &i in files {
            let n = ev_pages(i);
            let title = pdf::clean_text(&attachments[i].title);
            for j in 0..n {
                let part = if n > 1 {
                    format!(" · 第 {}/{n} 页", j + 1)
                } else {
                    String::new()
                };
                captions[file_page[i] - 1 + j] =
                    Some(format!("佐证材料 · {label} · {title}{part}"));
            }
        }
    }
    let footers = pdf::render_pages("页脚", fallback, |f| {
        (1..=total)
            .map(|n| pages::footer(f, n, total, &bundle_code, captions[n - 1].as_deref()))
            .collect()
    })?;

    // The order of the pages.
    let mut plan: Vec<Source> = Vec::with_capacity(total);
    plan.extend((1..=(1 + toc_pages) as u32).map(|n| Source::Own { doc: 0, n }));
    plan.extend((1..=i1.pages as u32).map(|n| Source::Own { doc: 1, n }));
    plan.extend((1..=i2.pages as u32).map(|n| Source::Own { doc: 2, n }));
    plan.extend((1..=list_pages as u32).map(|n| Source::Own { doc: 3, n }));
    for (i, a) in &ordered {
        match a.kind {
            EvidenceKind::Pdf => {
                plan.extend((1..=ev_pages(*i) as u32).map(|n| Source::Pdf { a: *i, n }))
            }
            _ => plan.push(Source::Image { a: *i }),
        }
    }
    if plan.len() != total {
        return Err(BundleError::Build(format!(
            "页数不符：{} / {total}",
            plan.len()
        )));
    }

    let parse = |b: &[u8]| Document::load_mem(b).map_err(|e| BundleError::Build(e.to_string()));
    let mut own: Vec<Importer> = [&front, &form1, &form2, &list]
        .into_iter()
        .map(|b| parse(b).map(Importer::new))
        .collect::<Result<_, _>>()?;
    drop((front, form1, form2, list));
    let mut foot = Importer::new(parse(&footers)?);
    drop(footers);
    let foot_pages = foot.pages().clone();
    let mut dst = PdfSink::new(out);
    let tree = dst.new_id();
    let mut kids = Vec::with_capacity(total);
    // The evidence PDF whose pages are being copied (the plan takes each file's pages in a row).
    let mut current: Option<(usize, Importer)> = None;
    for (k, src) in plan.iter().enumerate() {
        let body = match src {
            Source::Own { doc, n } => {
                let id = own[*doc].pages()[n];
                let (x, b) = own[*doc].page(&mut dst, id).map_err(BundleError::Build)?;
                (x, merge::page_matrix(&b, 1.0, b.x0.max(0.0), b.y0.max(0.0)))
            }
            Source::Pdf { a, n } => {
                let file = &attachments[*a];
                if current.as_ref().is_none_or(|(i, _)| i != a) {
                    // The previous file goes before the next is read.
                    drop(current.take());
                    let bytes = load(file)?;
                    let doc = crate::evidence::load_pdf(&file.file_name, &bytes)?;
                    drop(bytes);
                    if doc.get_pages().len() != ev_pages(*a) {
                        return Err(EvidenceError::Damaged {
                            file: file.file_name.clone(),
                            detail: format!(
                                "页数与添加时不符（现 {} 页，添加时 {} 页）",
                                doc.get_pages().len(),
                                ev_pages(*a)
                            ),
                        }
                        .into());
                    }
                    current = Some((*a, Importer::new(doc)));
                }
                let (_, imp) = current.as_mut().expect("loaded above");
                let id = imp.pages()[n];
                let (x, b) = imp.page(&mut dst, id).map_err(|e| EvidenceError::Damaged {
                    file: file.file_name.clone(),
                    detail: format!("第 {n} 页：{e}"),
                })?;
                let (w, h) = merge::shown_size(&b);
                let (s, x0, y0) = merge::fit_area(w, h);
                (x, merge::page_matrix(&b, s, x0, y0))
            }
            Source::Image { a } => {
                current = None;
                let file = &attachments[*a];
                let damaged = |detail: String| EvidenceError::Damaged {
                    file: file.file_name.clone(),
                    detail,
                };
                let bytes = load(file)?;
                let (x, w, h, o) = match file.kind {
                    EvidenceKind::Jpeg => merge::jpeg_image(&mut dst, bytes)
                        .ok_or_else(|| damaged("JPEG 文件头无法读取".into()))?,
                    _ => {
                        let (x, w, h) = merge::png_image(&mut dst, &bytes).map_err(damaged)?;
                        (x, w, h, 1)
                    }
                };
                let (s, x0, y0) = merge::fit_area(w, h);
                (x, merge::image_matrix(o, x0, y0, w * s, h * s))
            }
        };
        if dst.failed() {
            // A full disk: no point reading the rest (finish says why).
            break;
        }
        let fid = foot_pages[&(k as u32 + 1)];
        let (footer, _) = foot.page(&mut dst, fid).map_err(BundleError::Build)?;
        kids.push(merge::add_page(&mut dst, tree, &PagePlan { body, footer }));
    }
    drop(current);
    merge::add_tree(&mut dst, tree, &kids);
    let outlines = merge::add_outlines(&mut dst, &marks, &kids);
    let catalog = dst.add(dictionary! {
        "Type" => "Catalog",
        "Pages" => tree,
        "Outlines" => outlines,
        "PageMode" => "UseOutlines",
        "PageLabels" => dictionary! { "Nums" => vec![0.into(), dictionary! { "S" => "D" }.into()] },
    });
    let info = dst.add(dictionary! {
        "Title" => merge::text_string(&format!("连云港市市级劳务品牌申报材料 — {}", draft.display_name())),
        "Producer" => merge::text_string(&format!("劳务品牌申报助手 {} (printpdf, lopdf)", env!("CARGO_PKG_VERSION"))),
        "Creator" => merge::text_string("劳务品牌申报助手"),
    });
    let (out, size) = dst.finish(catalog, info).map_err(BundleError::Io)?;
    let with_evidence: Vec<&str> = attachments.iter().map(|a| a.item_id.as_str()).collect();
    let unproved = unproved_in(edition, &result, &with_evidence)
        .into_iter()
        .map(|(_, l)| l)
        .collect();
    let info = BundleInfo {
        pages: total,
        bytes: size as usize,
        code,
        bundle_code,
        sections: toc
            .into_iter()
            .map(|l| Section {
                title: l.text,
                level: l.level,
                page: l.page,
            })
            .collect(),
        unproved,
    };
    Ok((out, info))
}
