//! Decoding the QR codes `dun` draws, to prove what they hold: the SVG's path (horizontal
//! runs `Mx yhNv1h-Nz`, one unit per module) is drawn into a greyscale bitmap and read
//! back with `rqrr`, a pure-Rust decoder that knows nothing of how it was made.

/// Pixels per module in the bitmap.
const SCALE: usize = 4;

/// What a QR code in an SVG drawn by `dun::epc::qr::Qr::svg` holds: (text, version, ECC
/// level as rqrr reports it: 0 = M, 1 = L, 2 = H, 3 = Q, from the format bits).
pub fn decode_svg(svg: &str) -> (String, usize, u16) {
    let side: usize = between(svg, "viewBox=\"0 0 ", " ").parse().expect("viewBox");
    let path = between(svg, " d=\"", "\"");
    let mut dark = vec![false; side * side];
    for run in path.split('M').filter(|r| !r.is_empty()) {
        let (x, rest) = run.split_once(' ').expect("x");
        let (y, rest) = rest.split_once('h').expect("y");
        let (n, _) = rest.split_once('v').expect("width");
        let (x, y, n): (usize, usize, usize) = (x.parse().unwrap(), y.parse().unwrap(), n.parse().unwrap());
        for i in x..x + n {
            dark[y * side + i] = true;
        }
    }
    let px = side * SCALE;
    let mut img =
        rqrr::PreparedImage::prepare_from_greyscale(
            px,
            px,
            |x, y| {
                if dark[(y / SCALE) * side + x / SCALE] {
                    0
                } else {
                    255
                }
            },
        );
    let grids = img.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code in the image");
    let (meta, text) = grids[0].decode().expect("the QR code decodes");
    (text, meta.version.0, meta.ecc_level)
}

fn between<'s>(s: &'s str, start: &str, end: &str) -> &'s str {
    let from = s.find(start).expect("start") + start.len();
    let len = s[from..].find(end).expect("end");
    &s[from..from + len]
}
