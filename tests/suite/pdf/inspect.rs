//! Just enough of a PDF reader to test letters without an external program: indirect
//! objects, Flate streams, the page tree, embedded fonts, and the text drawn on each page
//! with its position (glyph codes mapped through each font's `ToUnicode` CMap, positions
//! through `cm`, `Tm` and `Td`). It reads what Typst's PDF writer produces; it is not a
//! general PDF parser.

use std::collections::HashMap;
use std::io::Read;

/// One indirect object: its text up to `stream` (or `endobj`), and its decoded stream.
struct Obj {
    dict: String,
    stream: Option<Vec<u8>>,
}

/// A run of text drawn on a page, at `x`, `y` in millimetres from the top left.
#[derive(Debug, Clone)]
pub struct Run {
    pub page: usize,
    pub x: f64,
    pub y: f64,
    pub text: String,
}

/// A parsed PDF.
pub struct Pdf {
    objects: HashMap<u32, Obj>,
}

const MM: f64 = 25.4 / 72.0;

impl Pdf {
    /// Parses `bytes`; panics on what it does not understand.
    pub fn parse(bytes: &[u8]) -> Pdf {
        let mut objects = HashMap::new();
        let mut at = 0;
        while let Some(found) = find(bytes, b" 0 obj", at) {
            let digits = bytes[..found].iter().rev().take_while(|b| b.is_ascii_digit()).count();
            let num: u32 = std::str::from_utf8(&bytes[found - digits..found])
                .unwrap()
                .parse()
                .unwrap();
            let start = found + 6;
            let end = find(bytes, b"endobj", start).expect("endobj");
            let stream_kw = find(bytes, b"stream", start).filter(|&s| s < end);
            let (dict, stream, next) = match stream_kw {
                Some(s) => {
                    let dict = spaced(&String::from_utf8_lossy(&bytes[start..s]));
                    let mut data = s + 6;
                    if bytes[data] == b'\r' {
                        data += 1;
                    }
                    data += 1;
                    let len = number_after(&dict, "/Length").expect("direct /Length") as usize;
                    let raw = &bytes[data..data + len];
                    let stream = match dict.contains("/FlateDecode") {
                        true => {
                            let mut out = Vec::new();
                            flate2::read::ZlibDecoder::new(raw).read_to_end(&mut out).unwrap();
                            out
                        }
                        false => raw.to_vec(),
                    };
                    let after = find(bytes, b"endobj", data + len).expect("endobj");
                    (dict, Some(stream), after + 6)
                }
                None => (spaced(&String::from_utf8_lossy(&bytes[start..end])), None, end + 6),
            };
            objects.insert(num, Obj { dict, stream });
            at = next;
        }
        Pdf { objects }
    }

    fn obj(&self, num: u32) -> &Obj {
        self.objects.get(&num).unwrap_or_else(|| panic!("object {num}"))
    }

    /// The page objects, in order.
    pub fn pages(&self) -> Vec<u32> {
        let root = self
            .objects
            .values()
            .find(|o| o.dict.contains("/Type /Pages"))
            .expect("a page tree");
        let kids = between(&root.dict, "/Kids [", "]").expect("/Kids");
        refs(kids)
    }

    /// Every font descriptor of the file.
    pub fn font_descriptors(&self) -> Vec<&str> {
        self.objects
            .values()
            .filter(|o| o.dict.contains("/Type /FontDescriptor"))
            .map(|o| o.dict.as_str())
            .collect()
    }

    /// The raw text of every object dictionary (for checks like "has an image").
    pub fn dicts(&self) -> impl Iterator<Item = &str> {
        self.objects.values().map(|o| o.dict.as_str())
    }

    /// The text runs of every page.
    pub fn runs(&self) -> Vec<Run> {
        let mut out = Vec::new();
        for (i, page) in self.pages().into_iter().enumerate() {
            let dict = &self.obj(page).dict;
            let height = between(dict, "/MediaBox [", "]")
                .and_then(|b| b.split_whitespace().nth(3)?.parse::<f64>().ok())
                .expect("/MediaBox");
            let fonts = self.page_fonts(dict);
            let contents: Vec<u32> = match between(dict, "/Contents [", "]") {
                Some(list) => refs(list),
                None => vec![ref_after(dict, "/Contents").expect("/Contents")],
            };
            for c in contents {
                let data = self.obj(c).stream.as_deref().expect("content stream");
                for (x, y, text) in content_text(data, &fonts) {
                    out.push(Run {
                        page: i + 1,
                        x: x * MM,
                        y: (height - y) * MM,
                        text,
                    });
                }
            }
        }
        out
    }

    /// Each page's text, runs joined by spaces in the order drawn.
    pub fn page_texts(&self) -> Vec<String> {
        let mut pages = vec![String::new(); self.pages().len()];
        for r in self.runs() {
            let p = &mut pages[r.page - 1];
            p.push_str(&r.text);
            p.push(' ');
        }
        pages
    }

    /// Font resource name -> (bytes per code, code -> text).
    fn page_fonts(&self, page: &str) -> HashMap<String, Font> {
        let resources = match ref_after(page, "/Resources") {
            Some(r) => self.obj(r).dict.clone(),
            None => page.to_string(),
        };
        let fonts = match ref_after(&resources, "/Font") {
            Some(r) => self.obj(r).dict.clone(),
            None => between(&resources, "/Font <<", ">>").unwrap_or_default().to_string(),
        };
        let mut out = HashMap::new();
        let words: Vec<&str> = fonts.split_whitespace().collect();
        for w in words.windows(4) {
            if let (Some(name), Ok(num), "0", "R") = (w[0].strip_prefix('/'), w[1].parse::<u32>(), w[2], w[3]) {
                let font = &self.obj(num).dict;
                let width = if font.contains("/Type0") { 2 } else { 1 };
                let map = ref_after(font, "/ToUnicode")
                    .and_then(|r| self.obj(r).stream.as_deref())
                    .map(cmap)
                    .unwrap_or_default();
                let name = name.trim_start_matches('<').to_string();
                out.insert(name, Font { width, map });
            }
        }
        out
    }
}

struct Font {
    width: usize,
    map: HashMap<u32, String>,
}

/// A dictionary with one space between tokens (`/Type/Pages/Kids[1 0 R]` becomes
/// `/Type /Pages /Kids [ 1 0 R ]`), so keys can be found by text.
fn spaced(s: &str) -> String {
    let s = s
        .replace("<<", " \u{1} ")
        .replace(">>", " \u{2} ")
        .replace('/', " /")
        .replace('[', " [ ")
        .replace(']', " ] ")
        .replace('\u{1}', "<<")
        .replace('\u{2}', ">>");
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    hay.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

fn between<'a>(s: &'a str, open: &str, close: &str) -> Option<&'a str> {
    let start = s.find(open)? + open.len();
    let end = s[start..].find(close)? + start;
    Some(&s[start..end])
}

fn number_after(s: &str, key: &str) -> Option<f64> {
    let rest = &s[s.find(&format!("{key} "))? + key.len()..];
    rest.split_whitespace().next()?.trim_end_matches(">>").parse().ok()
}

/// `KEY N 0 R` -> N.
fn ref_after(s: &str, key: &str) -> Option<u32> {
    let rest = &s[s.find(&format!("{key} "))? + key.len()..];
    let w: Vec<&str> = rest.split_whitespace().take(3).collect();
    match w.as_slice() {
        [n, "0", r] if r.starts_with('R') => n.parse().ok(),
        _ => None,
    }
}

/// `1 0 R 2 0 R` -> [1, 2].
fn refs(s: &str) -> Vec<u32> {
    let w: Vec<&str> = s.split_whitespace().collect();
    w.chunks(3).filter_map(|c| c.first()?.parse().ok()).collect()
}

fn hex_bytes(h: &str) -> Vec<u8> {
    let h: Vec<u8> = h.bytes().filter(u8::is_ascii_hexdigit).collect();
    h.chunks(2)
        .map(|c| u8::from_str_radix(std::str::from_utf8(c).unwrap(), 16).unwrap_or(0))
        .collect()
}

fn utf16(bytes: &[u8]) -> String {
    let units: Vec<u16> = bytes
        .chunks(2)
        .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
        .collect();
    String::from_utf16_lossy(&units)
}

fn code(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0, |a, b| a << 8 | u32::from(*b))
}

/// A ToUnicode CMap: `bfchar` and `bfrange` entries.
fn cmap(data: &[u8]) -> HashMap<u32, String> {
    let text = String::from_utf8_lossy(data);
    let mut out = HashMap::new();
    for block in text.split("beginbfchar").skip(1) {
        let block = block.split("endbfchar").next().unwrap_or("");
        let hex: Vec<&str> = block
            .split(['<', '>'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect();
        for pair in hex.chunks(2) {
            if let [c, u] = pair {
                out.insert(code(&hex_bytes(c)), utf16(&hex_bytes(u)));
            }
        }
    }
    for block in text.split("beginbfrange").skip(1) {
        let block = block.split("endbfrange").next().unwrap_or("");
        for line in block.lines() {
            let hex: Vec<&str> = line
                .split(['<', '>'])
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .collect();
            if let [lo, hi, dst] = hex.as_slice() {
                let (lo, hi) = (code(&hex_bytes(lo)), code(&hex_bytes(hi)));
                let dst = hex_bytes(dst);
                let base = code(&dst);
                for (i, c) in (lo..=hi).enumerate() {
                    let mut d = dst.clone();
                    let v = base + i as u32;
                    let n = d.len();
                    d[n - 2..].copy_from_slice(&((v & 0xffff) as u16).to_be_bytes());
                    out.insert(c, utf16(&d));
                }
            }
        }
    }
    out
}

#[derive(Debug, Clone)]
enum Tok {
    Num(f64),
    Name(String),
    Str(Vec<u8>),
    Array(Vec<Tok>),
    Op(String),
}

fn tokens(data: &[u8]) -> Vec<Tok> {
    let mut out = Vec::new();
    let mut stack: Vec<Vec<Tok>> = Vec::new();
    let mut i = 0;
    let push = |t: Tok, out: &mut Vec<Tok>, stack: &mut Vec<Vec<Tok>>| match stack.last_mut() {
        Some(a) => a.push(t),
        None => out.push(t),
    };
    while i < data.len() {
        let c = data[i];
        match c {
            b' ' | b'\n' | b'\r' | b'\t' | 0 => i += 1,
            b'%' => {
                while i < data.len() && data[i] != b'\n' {
                    i += 1;
                }
            }
            b'[' => {
                stack.push(Vec::new());
                i += 1;
            }
            b']' => {
                let a = stack.pop().unwrap_or_default();
                push(Tok::Array(a), &mut out, &mut stack);
                i += 1;
            }
            b'<' if data.get(i + 1) == Some(&b'<') => i += 2,
            b'>' if data.get(i + 1) == Some(&b'>') => i += 2,
            b'<' => {
                let end = i + data[i..].iter().position(|&b| b == b'>').unwrap_or(data.len() - i);
                let s = hex_bytes(&String::from_utf8_lossy(&data[i + 1..end]));
                push(Tok::Str(s), &mut out, &mut stack);
                i = end + 1;
            }
            b'(' => {
                let mut depth = 0;
                let mut s = Vec::new();
                i += 1;
                while i < data.len() {
                    match data[i] {
                        b'\\' => {
                            i += 1;
                            let digits = data[i..]
                                .iter()
                                .take(3)
                                .take_while(|b| (b'0'..=b'7').contains(b))
                                .count();
                            if digits > 0 {
                                let oct = std::str::from_utf8(&data[i..i + digits]).unwrap();
                                s.push(u8::from_str_radix(oct, 8).unwrap_or(0));
                                i += digits - 1;
                            } else {
                                s.push(match data.get(i).copied().unwrap_or(b'\\') {
                                    b'n' => b'\n',
                                    b'r' => b'\r',
                                    b't' => b'\t',
                                    b'b' => 8,
                                    b'f' => 12,
                                    other => other,
                                });
                            }
                        }
                        b'(' => {
                            depth += 1;
                            s.push(b'(');
                        }
                        b')' if depth == 0 => break,
                        b')' => {
                            depth -= 1;
                            s.push(b')');
                        }
                        b => s.push(b),
                    }
                    i += 1;
                }
                push(Tok::Str(s), &mut out, &mut stack);
                i += 1;
            }
            b'/' => {
                let end = i
                    + 1
                    + data[i + 1..]
                        .iter()
                        .position(|b| b" \n\r\t/[]<>()".contains(b))
                        .unwrap_or(data.len() - i - 1);
                push(
                    Tok::Name(String::from_utf8_lossy(&data[i + 1..end]).to_string()),
                    &mut out,
                    &mut stack,
                );
                i = end;
            }
            _ => {
                let end = i + data[i..]
                    .iter()
                    .position(|b| b" \n\r\t/[]<>()".contains(b))
                    .unwrap_or(data.len() - i);
                let w = String::from_utf8_lossy(&data[i..end]).to_string();
                let t = match w.parse::<f64>() {
                    Ok(n) => Tok::Num(n),
                    Err(_) => Tok::Op(w),
                };
                push(t, &mut out, &mut stack);
                i = end.max(i + 1);
            }
        }
    }
    out
}

type M = [f64; 6];

fn mul(a: M, b: M) -> M {
    [
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    ]
}

const ID: M = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

/// (x, y, text) in points from the bottom left, for each text-showing operator.
fn content_text(data: &[u8], fonts: &HashMap<String, Font>) -> Vec<(f64, f64, String)> {
    let mut out = Vec::new();
    let (mut ctm, mut tm, mut tlm) = (ID, ID, ID);
    let mut saved = Vec::new();
    let mut font: Option<&Font> = None;
    let mut args: Vec<Tok> = Vec::new();
    let nums = |args: &[Tok]| -> Vec<f64> {
        args.iter()
            .filter_map(|t| match t {
                Tok::Num(n) => Some(*n),
                _ => None,
            })
            .collect()
    };
    let decode = |s: &[u8], f: Option<&Font>| -> String {
        let Some(f) = f else { return String::new() };
        s.chunks(f.width)
            .map(|c| f.map.get(&code(c)).cloned().unwrap_or_default())
            .collect()
    };
    for tok in tokens(data) {
        let Tok::Op(op) = &tok else {
            args.push(tok);
            continue;
        };
        let n = nums(&args);
        match op.as_str() {
            "q" => saved.push(ctm),
            "Q" => ctm = saved.pop().unwrap_or(ID),
            "cm" if n.len() == 6 => ctm = mul([n[0], n[1], n[2], n[3], n[4], n[5]], ctm),
            "BT" => {
                tm = ID;
                tlm = ID;
            }
            "Tm" if n.len() == 6 => {
                tm = [n[0], n[1], n[2], n[3], n[4], n[5]];
                tlm = tm;
            }
            "Td" | "TD" if n.len() == 2 => {
                tlm = mul([1.0, 0.0, 0.0, 1.0, n[0], n[1]], tlm);
                tm = tlm;
            }
            "Tf" => {
                if let Some(Tok::Name(name)) = args.first() {
                    font = fonts.get(name);
                }
            }
            "Tj" | "TJ" | "'" | "\"" => {
                let mut text = String::new();
                for a in &args {
                    match a {
                        Tok::Str(s) => text.push_str(&decode(s, font)),
                        Tok::Array(items) => {
                            for i in items {
                                if let Tok::Str(s) = i {
                                    text.push_str(&decode(s, font));
                                }
                            }
                        }
                        _ => {}
                    }
                }
                let m = mul(tm, ctm);
                out.push((m[4], m[5], text));
            }
            _ => {}
        }
        args.clear();
    }
    out
}
