//! An evidence PDF's pages as the county's viewer shows them beside an item, inside the app and
//! without a PDF renderer: a scanned page as its own JPEG (the bytes stored in the PDF, as the
//! scanner made them), any other page as its text.

use serde::Serialize;

use super::{load_pdf, EvidenceError};

/// The most characters of a page's text shown.
const TEXT_LIMIT: usize = 4000;

/// One page.
#[derive(Debug, Clone, Serialize)]
pub struct PageView {
    /// Its number, from 1.
    pub page: u32,
    /// The page's scan: the largest JPEG image on it, base64 (`None` for a page without one).
    pub jpeg: Option<String>,
    /// Its text, as far as it can be read (empty for a scan).
    pub text: String,
}

/// The first `max` pages of a PDF and how many it has.
pub fn pdf_pages(
    file: &str,
    bytes: &[u8],
    max: usize,
) -> Result<(usize, Vec<PageView>), EvidenceError> {
    use base64::Engine;
    let doc = load_pdf(file, bytes)?;
    let pages = doc.get_pages();
    let mut out = Vec::new();
    for (&n, &id) in pages.iter().take(max) {
        let jpeg = doc
            .get_page_images(id)
            .unwrap_or_default()
            .into_iter()
            .filter(|i| {
                i.filters
                    .as_ref()
                    .is_some_and(|f| f.len() == 1 && f[0] == "DCTDecode")
            })
            .max_by_key(|i| i.content.len())
            .map(|i| base64::engine::general_purpose::STANDARD.encode(i.content));
        let text = if jpeg.is_some() {
            String::new()
        } else {
            doc.extract_text(&[n])
                .unwrap_or_default()
                .chars()
                .take(TEXT_LIMIT)
                .collect()
        };
        out.push(PageView {
            page: n,
            jpeg,
            text,
        });
    }
    Ok((pages.len(), out))
}
