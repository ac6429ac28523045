//! QR encoding at error-correction level M (EPC069-12 requires M) with `fast_qr`, and an
//! SVG drawing of the modules. The SVG holds only the squares, no text, so it can be placed
//! in a letter unescaped.

use fast_qr::{QRBuilder, ECL};

use super::{Refusal, MAX_BYTES};

/// Light modules around the code, as the QR standard (ISO/IEC 18004) requires: 4.
pub const QUIET_ZONE: usize = 4;

/// An encoded QR code: its module matrix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Qr {
    /// Modules per side (without the quiet zone).
    pub size: usize,
    /// Row by row, `true` for a dark module.
    pub dark: Vec<bool>,
}

impl Qr {
    /// `payload` encoded at level M.
    pub fn encode(payload: &str) -> Result<Qr, Refusal> {
        if payload.len() > MAX_BYTES {
            return Err(Refusal::TooLong(payload.len()));
        }
        let code = QRBuilder::new(payload.as_bytes())
            .ecl(ECL::M)
            .build()
            .map_err(|e| Refusal::Encode(e.to_string()))?;
        let size = code.size;
        let dark = code.data[..size * size].iter().map(|m| m.value()).collect();
        Ok(Qr { size, dark })
    }

    /// The QR version (1 to 40): its size is 17 + 4 × version.
    pub fn version(&self) -> usize {
        (self.size - 17) / 4
    }

    /// True if the module at column `x`, row `y` is dark (outside the code: light).
    pub fn is_dark(&self, x: usize, y: usize) -> bool {
        x < self.size && y < self.size && self.dark[y * self.size + x]
    }

    /// The code as an SVG image, one unit per module, with the quiet zone; black on white,
    /// one path of horizontal runs. It scales to whatever size the layout gives it.
    pub fn svg(&self) -> String {
        let side = self.size + 2 * QUIET_ZONE;
        let mut d = String::with_capacity(self.size * self.size * 3);
        for y in 0..self.size {
            let mut x = 0;
            while x < self.size {
                if !self.is_dark(x, y) {
                    x += 1;
                    continue;
                }
                let start = x;
                while self.is_dark(x, y) {
                    x += 1;
                }
                let (px, py) = (start + QUIET_ZONE, y + QUIET_ZONE);
                d.push_str(&format!("M{px} {py}h{}v1h-{}z", x - start, x - start));
            }
        }
        format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {side} {side}\" shape-rendering=\"crispEdges\" role=\"img\" aria-label=\"EPC QR code\"><rect width=\"{side}\" height=\"{side}\" fill=\"#fff\"/><path fill=\"#000\" d=\"{d}\"/></svg>"
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_and_svg() {
        let qr = Qr::encode("BCD\n002\n1\nSCT\n\nStudio Vos\nNL91ABNA0417164300\nEUR1.00").unwrap();
        assert_eq!(qr.size, 17 + 4 * qr.version());
        let svg = qr.svg();
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 "));
        // The top-left finder pattern: a run of 7 dark modules at the quiet zone's corner.
        assert!(svg.contains("M4 4h7v1h-7z"), "{svg}");
        assert!(Qr::encode(&"x".repeat(332)).is_err());
    }
}
