//! Reading a JPEG's header without decoding it: size, colour components, progressive or not,
//! the Adobe marker (inverted CMYK) and the EXIF orientation a phone wrote.

/// What a JPEG header says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JpegInfo {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// 1 (grey), 3 (colour) or 4 (CMYK).
    pub components: u8,
    /// An Adobe APP14 marker: CMYK values are stored inverted.
    pub adobe: bool,
    /// EXIF orientation 1–8 (1 when absent).
    pub orientation: u8,
}

/// Reads the markers up to the first frame header.
pub fn info(bytes: &[u8]) -> Option<JpegInfo> {
    if !bytes.starts_with(&[0xFF, 0xD8]) {
        return None;
    }
    let mut i = 2;
    let (mut adobe, mut orientation) = (false, 1);
    while i + 4 <= bytes.len() {
        if bytes[i] != 0xFF {
            return None;
        }
        let marker = bytes[i + 1];
        if marker == 0xFF {
            i += 1;
            continue;
        }
        let len = u16::from_be_bytes([bytes[i + 2], bytes[i + 3]]) as usize;
        if len < 2 || i + 2 + len > bytes.len() {
            return None;
        }
        let seg = &bytes[i + 4..i + 2 + len];
        match marker {
            // Frame headers: baseline, extended, progressive, lossless (not arithmetic).
            0xC0..=0xC3 | 0xC5..=0xC7 | 0xC9..=0xCB | 0xCD..=0xCF => {
                if seg.len() < 6 {
                    return None;
                }
                return Some(JpegInfo {
                    height: u16::from_be_bytes([seg[1], seg[2]]) as u32,
                    width: u16::from_be_bytes([seg[3], seg[4]]) as u32,
                    components: seg[5],
                    adobe,
                    orientation,
                });
            }
            0xE1 if seg.starts_with(b"Exif\0\0") => {
                orientation = exif_orientation(&seg[6..]).unwrap_or(1);
            }
            0xEE if seg.starts_with(b"Adobe") => adobe = true,
            // Start of scan before a frame header: not a valid JPEG.
            0xDA => return None,
            _ => {}
        }
        i += 2 + len;
    }
    None
}

/// The orientation tag (0x0112) of the first IFD of a TIFF structure.
fn exif_orientation(tiff: &[u8]) -> Option<u8> {
    let big = match tiff.get(..2)? {
        b"MM" => true,
        b"II" => false,
        _ => return None,
    };
    let u16_at = |at: usize| -> Option<u16> {
        let b = tiff.get(at..at + 2)?;
        Some(if big {
            u16::from_be_bytes([b[0], b[1]])
        } else {
            u16::from_le_bytes([b[0], b[1]])
        })
    };
    let u32_at = |at: usize| -> Option<u32> {
        let b = tiff.get(at..at + 4)?;
        let a = [b[0], b[1], b[2], b[3]];
        Some(if big {
            u32::from_be_bytes(a)
        } else {
            u32::from_le_bytes(a)
        })
    };
    let ifd = u32_at(4)? as usize;
    let count = u16_at(ifd)? as usize;
    (0..count.min(64)).find_map(|k| {
        let entry = ifd + 2 + k * 12;
        (u16_at(entry)? == 0x0112)
            .then(|| u16_at(entry + 8))
            .flatten()
            .filter(|o| (1..=8).contains(o))
            .map(|o| o as u8)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A minimal JPEG header: SOI, an EXIF APP1 with the orientation, an SOF0.
    pub fn header(width: u16, height: u16, components: u8, orientation: u16, big: bool) -> Vec<u8> {
        let mut tiff: Vec<u8> = Vec::new();
        let (w16, w32): (fn(u16) -> [u8; 2], fn(u32) -> [u8; 4]) = if big {
            (u16::to_be_bytes, u32::to_be_bytes)
        } else {
            (u16::to_le_bytes, u32::to_le_bytes)
        };
        tiff.extend(if big { b"MM" } else { b"II" });
        tiff.extend(w16(42));
        tiff.extend(w32(8));
        tiff.extend(w16(1));
        tiff.extend(w16(0x0112));
        tiff.extend(w16(3));
        tiff.extend(w32(1));
        tiff.extend(w16(orientation));
        tiff.extend([0, 0]);
        tiff.extend(w32(0));
        let mut app1 = b"Exif\0\0".to_vec();
        app1.extend(tiff);
        let mut out = vec![0xFF, 0xD8, 0xFF, 0xE1];
        out.extend(((app1.len() + 2) as u16).to_be_bytes());
        out.extend(app1);
        out.extend([0xFF, 0xC2, 0, 8 + 3 * components as u8, 8]);
        out.extend(height.to_be_bytes());
        out.extend(width.to_be_bytes());
        out.push(components);
        for c in 0..components {
            out.extend([c + 1, 0x11, 0]);
        }
        out
    }

    #[test]
    fn size_components_and_orientation_are_read_from_the_header() {
        for big in [true, false] {
            let i = info(&header(4032, 3024, 3, 6, big)).unwrap();
            assert_eq!(
                (i.width, i.height, i.components, i.orientation),
                (4032, 3024, 3, 6)
            );
        }
        assert_eq!(info(&header(10, 20, 4, 1, true)).unwrap().components, 4);
        assert_eq!(info(b"\xFF\xD8\xFF"), None);
        assert_eq!(info(b"MZ\x90\x00"), None);
    }
}
