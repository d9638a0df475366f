//! PNG: the size from its header, and decoding (bounded by the pixel limit checked first) into
//! 8-bit samples for the PDF.

/// Width and height from the IHDR chunk.
pub fn size(bytes: &[u8]) -> Option<(u32, u32)> {
    let ihdr = bytes.get(8..33)?;
    if &ihdr[4..8] != b"IHDR" {
        return None;
    }
    let w = u32::from_be_bytes(ihdr[8..12].try_into().ok()?);
    let h = u32::from_be_bytes(ihdr[12..16].try_into().ok()?);
    Some((w, h))
}

/// A decoded image: 8-bit samples, 1 (grey) or 3 (RGB) colour channels, and the alpha channel
/// apart when there is one.
pub struct Decoded {
    pub width: u32,
    pub height: u32,
    pub colors: u8,
    pub pixels: Vec<u8>,
    pub alpha: Option<Vec<u8>>,
}

/// Decodes a PNG whose size was checked against the pixel limit.
pub fn decode(bytes: &[u8]) -> Result<Decoded, String> {
    let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder.read_info().map_err(|e| e.to_string())?;
    let mut buf = vec![0; reader.output_buffer_size()];
    let frame = reader.next_frame(&mut buf).map_err(|e| e.to_string())?;
    buf.truncate(frame.buffer_size());
    let (w, h) = (frame.width, frame.height);
    let split = |n: usize, colors: u8| {
        let mut pixels = Vec::with_capacity(buf.len() / n * (n - 1));
        let mut alpha = Vec::with_capacity(buf.len() / n);
        for px in buf.chunks_exact(n) {
            pixels.extend_from_slice(&px[..n - 1]);
            alpha.push(px[n - 1]);
        }
        let opaque = alpha.iter().all(|&a| a == 255);
        Decoded {
            width: w,
            height: h,
            colors,
            pixels,
            alpha: (!opaque).then_some(alpha),
        }
    };
    Ok(match frame.color_type {
        png::ColorType::Grayscale => Decoded {
            width: w,
            height: h,
            colors: 1,
            pixels: buf,
            alpha: None,
        },
        png::ColorType::Rgb => Decoded {
            width: w,
            height: h,
            colors: 3,
            pixels: buf,
            alpha: None,
        },
        png::ColorType::GrayscaleAlpha => split(2, 1),
        png::ColorType::Rgba => split(4, 3),
        png::ColorType::Indexed => return Err("调色板图像未能展开".into()),
    })
}
