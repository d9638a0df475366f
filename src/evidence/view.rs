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

#[cfg(test)]
mod tests {
    use lopdf::{dictionary, Document, Object, Stream};

    /// A PDF of two pages: a scan (an image stream in DCTDecode) and a page without one.
    fn two_pages(jpeg: &[u8]) -> Vec<u8> {
        let mut doc = Document::with_version("1.5");
        let pages_id = doc.new_object_id();
        let image = doc.add_object(Stream::new(
            dictionary! {
                "Type" => "XObject", "Subtype" => "Image", "Width" => 1, "Height" => 1,
                "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8, "Filter" => "DCTDecode",
            },
            jpeg.to_vec(),
        ));
        let content = doc.add_object(Stream::new(
            dictionary! {},
            b"q 100 0 0 100 0 0 cm /Im0 Do Q".to_vec(),
        ));
        let empty = doc.add_object(Stream::new(dictionary! {}, Vec::new()));
        let scan = doc.add_object(dictionary! {
            "Type" => "Page", "Parent" => pages_id, "Contents" => content,
            "Resources" => dictionary! { "XObject" => dictionary! { "Im0" => image } },
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        });
        let blank = doc.add_object(dictionary! {
            "Type" => "Page", "Parent" => pages_id, "Contents" => empty,
            "Resources" => dictionary! {},
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        });
        doc.objects.insert(
            pages_id,
            Object::Dictionary(dictionary! {
                "Type" => "Pages", "Kids" => vec![scan.into(), blank.into()], "Count" => 2,
            }),
        );
        let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
        doc.trailer.set("Root", catalog);
        let mut out = Vec::new();
        doc.save_to(&mut out).unwrap();
        out
    }

    /// A scanned page is shown as the JPEG it holds, byte for byte; the count is the PDF's.
    #[test]
    fn a_scanned_page_is_its_own_jpeg_and_a_page_without_one_is_its_text() {
        use base64::Engine;
        let jpeg = b"\xFF\xD8\xFF\xE0 a scan \xFF\xD9";
        let (count, pages) = super::pdf_pages("扫描件.pdf", &two_pages(jpeg), 20).unwrap();
        assert_eq!((count, pages.len()), (2, 2));
        let shown = base64::engine::general_purpose::STANDARD
            .decode(pages[0].jpeg.as_ref().unwrap())
            .unwrap();
        assert_eq!(shown, jpeg);
        assert!(pages[1].jpeg.is_none());
        let (count, pages) = super::pdf_pages("扫描件.pdf", &two_pages(jpeg), 1).unwrap();
        assert_eq!((count, pages.len()), (2, 1), "at most the pages asked");
    }
}
