//! Bytes to text: BOMs, UTF-8, UTF-16, legacy encodings, binary detection.

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{UTF_16BE, UTF_16LE};

/// Why bytes could not be turned into text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum DecodeFailure {
    /// NUL bytes or many control chars.
    Binary,
    /// Decoded only with many replacement chars (the named encoding guessed).
    Undecodable(String),
}

/// Whether `bytes` look binary: a NUL byte, or more than 1% control bytes
/// (other than tab, line feed, carriage return, form feed, escape) in the first 64 KiB.
pub(crate) fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(65536)];
    if head.contains(&0) {
        return true;
    }
    let controls = head
        .iter()
        .filter(|&&b| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c | 0x1b)) || b == 0x7f)
        .count();
    controls > 2 && controls * 100 > head.len()
}

/// What decoding had to do beyond plain UTF-8, for a warning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum DecodeNote {
    /// Mostly valid UTF-8: the invalid sequences (their byte offsets in the
    /// file, at most [`MAX_OFFSETS`] listed; `count` in all) became U+FFFD.
    Replaced {
        /// Byte offsets of the first invalid sequences.
        offsets: Vec<usize>,
        /// How many invalid sequences in all.
        count: usize,
    },
    /// Not UTF-8: decoded as this legacy encoding.
    Legacy {
        /// The encoding's name.
        encoding: String,
        /// Invalid UTF-8 sequences seen, and valid multi-byte ones.
        invalid: usize,
        /// Valid multi-byte UTF-8 sequences seen.
        valid: usize,
    },
}

/// Offsets listed in a [`DecodeNote::Replaced`].
pub(crate) const MAX_OFFSETS: usize = 10;

impl std::fmt::Display for DecodeNote {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DecodeNote::Replaced { offsets, count } => {
                let list: Vec<String> = offsets.iter().map(|o| o.to_string()).collect();
                let more = if *count > offsets.len() {
                    format!(" and {} more", count - offsets.len())
                } else {
                    String::new()
                };
                write!(
                    f,
                    "not valid UTF-8 at byte offset{} {}{more}; decoded as UTF-8 with {} replaced by U+FFFD",
                    if *count == 1 { "" } else { "s" },
                    list.join(", "),
                    if *count == 1 { "that byte sequence" } else { "those byte sequences" },
                )
            }
            DecodeNote::Legacy {
                encoding,
                invalid,
                valid,
            } => write!(
                f,
                "not UTF-8 ({invalid} invalid byte sequences, {valid} valid multi-byte ones); decoded as {encoding}"
            ),
        }
    }
}

/// Scans `bytes` as UTF-8: the offsets of invalid sequences (all of them)
/// and the number of valid multi-byte characters.
fn utf8_evidence(bytes: &[u8]) -> (Vec<usize>, usize) {
    let mut invalid = Vec::new();
    let mut valid_multi = 0;
    let mut rest = bytes;
    let mut base = 0;
    loop {
        let (good, bad_at) = match std::str::from_utf8(rest) {
            Ok(s) => (s, None),
            Err(e) => {
                let good = std::str::from_utf8(&rest[..e.valid_up_to()]).unwrap_or_default();
                (
                    good,
                    Some((
                        e.valid_up_to(),
                        e.error_len().unwrap_or(rest.len() - e.valid_up_to()),
                    )),
                )
            }
        };
        valid_multi += good.chars().filter(|c| !c.is_ascii()).count();
        let Some((at, len)) = bad_at else {
            break;
        };
        invalid.push(base + at);
        let skip = at + len.max(1);
        base += skip;
        rest = &rest[skip..];
    }
    (invalid, valid_multi)
}

/// Decodes `bytes` to a `String`: UTF-8 (BOM stripped), UTF-16 with BOM,
/// mostly-valid UTF-8 with its few invalid bytes replaced, else the legacy
/// encoding chardetng guesses (e.g. Windows-1252) when the evidence says the
/// file is not UTF-8 (more invalid sequences than valid multi-byte ones).
/// Binary content is rejected. Line endings are normalized to `\n`. The
/// note says what was replaced or guessed.
pub(crate) fn decode(bytes: &[u8]) -> Result<(String, Option<DecodeNote>), DecodeFailure> {
    let mut note = None;
    let text = if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        decode_utf16(rest, true)?
    } else if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        decode_utf16(rest, false)?
    } else if let Some(le) = utf16_without_bom(bytes) {
        decode_utf16(bytes, le)?
    } else {
        let bom = if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
            3
        } else {
            0
        };
        let body = &bytes[bom..];
        if looks_binary(body) {
            return Err(DecodeFailure::Binary);
        }
        match std::str::from_utf8(body) {
            Ok(s) => s.to_string(),
            Err(_) => {
                let (invalid, valid) = utf8_evidence(body);
                // A BOM, or more valid multi-byte characters than invalid
                // sequences: UTF-8 with a few stray bytes (one 0x96 in a
                // file of curly quotes), not a legacy encoding.
                if bom > 0 || valid > invalid.len() {
                    note = Some(DecodeNote::Replaced {
                        offsets: invalid.iter().take(MAX_OFFSETS).map(|o| o + bom).collect(),
                        count: invalid.len(),
                    });
                    String::from_utf8_lossy(body).into_owned()
                } else {
                    let mut det = EncodingDetector::new(Iso2022JpDetection::Deny);
                    det.feed(body, true);
                    let enc = det.guess(None, Utf8Detection::Deny);
                    let (cow, _had_errors) = enc.decode_without_bom_handling(body);
                    let bad = cow.chars().filter(|&c| c == '\u{FFFD}').count();
                    if bad * 200 > cow.chars().count().max(1) {
                        return Err(DecodeFailure::Undecodable(enc.name().to_string()));
                    }
                    note = Some(DecodeNote::Legacy {
                        encoding: enc.name().to_string(),
                        invalid: invalid.len(),
                        valid,
                    });
                    cow.into_owned()
                }
            }
        }
    };
    Ok((normalize_newlines(&text), note))
}

/// Detects UTF-16 text without a BOM: mostly-ASCII text whose NUL bytes all
/// sit at odd (little-endian) or even (big-endian) positions. Returns whether
/// it is little-endian.
fn utf16_without_bom(bytes: &[u8]) -> Option<bool> {
    let head = &bytes[..bytes.len().min(4096) & !1];
    if head.len() < 4 {
        return None;
    }
    let pairs = head.len() / 2;
    let (mut even0, mut odd0) = (0, 0);
    for p in head.chunks_exact(2) {
        even0 += usize::from(p[0] == 0);
        odd0 += usize::from(p[1] == 0);
    }
    if odd0 * 10 >= pairs * 7 && even0 == 0 {
        Some(true)
    } else if even0 * 10 >= pairs * 7 && odd0 == 0 {
        Some(false)
    } else {
        None
    }
}

fn decode_utf16(rest: &[u8], le: bool) -> Result<String, DecodeFailure> {
    let enc = if le { UTF_16LE } else { UTF_16BE };
    let (cow, had_errors) = enc.decode_without_bom_handling(rest);
    let bad = cow.chars().filter(|&c| c == '\u{FFFD}').count();
    if had_errors && bad * 200 > cow.chars().count().max(1) {
        return Err(DecodeFailure::Undecodable(enc.name().to_string()));
    }
    let controls = cow
        .chars()
        .filter(|&c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\x0c'))
        .count();
    if cow.contains('\0') || (controls > 2 && controls * 100 > cow.chars().count()) {
        return Err(DecodeFailure::Binary);
    }
    Ok(cow.into_owned())
}

/// `\r\n` and lone `\r` become `\n`.
pub(crate) fn normalize_newlines(s: &str) -> String {
    if !s.contains('\r') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' {
            if chars.peek() == Some(&'\n') {
                chars.next();
            }
            out.push('\n');
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_bom() {
        assert_eq!(
            decode(b"\xEF\xBB\xBFcaf\xC3\xA9\r\nx").unwrap(),
            ("café\nx".to_string(), None)
        );
    }

    #[test]
    fn utf16_both_orders() {
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("Kesh’s\r\n".encode_utf16().flat_map(|u| u.to_le_bytes()))
            .collect();
        assert_eq!(decode(&le).unwrap().0, "Kesh’s\n");
        let be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain("Dorn".encode_utf16().flat_map(|u| u.to_be_bytes()))
            .collect();
        assert_eq!(decode(&be).unwrap().0, "Dorn");
    }

    #[test]
    fn utf16_without_bom_detected() {
        let le: Vec<u8> = "The Dorn Front, 2019.\n"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        assert_eq!(decode(&le).unwrap().0, "The Dorn Front, 2019.\n");
        let be: Vec<u8> = "Kesh’s men"
            .encode_utf16()
            .flat_map(|u| u.to_be_bytes())
            .collect();
        assert_eq!(decode(&be).unwrap().0, "Kesh’s men");
        // NULs at odd positions but control chars once decoded: binary.
        let junk: Vec<u8> = (0..64u8).flat_map(|i| [i % 7 + 1, 0]).collect();
        assert_eq!(decode(&junk), Err(DecodeFailure::Binary));
    }

    #[test]
    fn windows_1252() {
        let bytes = b"The \x93Red Dawn\x94 group met in the caf\xE9 of Dorn \x96 a small town \x85 in 2019.";
        let (text, note) = decode(bytes).unwrap();
        assert_eq!(
            text,
            "The “Red Dawn” group met in the café of Dorn – a small town … in 2019."
        );
        assert!(
            matches!(&note, Some(DecodeNote::Legacy { encoding, invalid: 5, valid: 0 }) if encoding == "windows-1252"),
            "{note:?}"
        );
    }

    #[test]
    fn mostly_utf8_keeps_utf8() {
        // Curly quotes in UTF-8 and one stray Windows-1252 dash (0x96).
        let mut bytes = "The “Red Dawn” met the “Blue Hand” in Dorn "
            .as_bytes()
            .to_vec();
        let at = bytes.len();
        bytes.push(0x96);
        bytes.extend(" in 2019.".as_bytes());
        let (text, note) = decode(&bytes).unwrap();
        assert_eq!(
            text,
            "The “Red Dawn” met the “Blue Hand” in Dorn \u{FFFD} in 2019."
        );
        assert_eq!(
            note,
            Some(DecodeNote::Replaced {
                offsets: vec![at],
                count: 1
            })
        );
        let msg = note.unwrap().to_string();
        assert!(msg.contains(&format!("byte offset {at};")), "{msg}");
        // Many stray bytes: offsets listed up to the cap, the count in full.
        let mut many = Vec::new();
        for i in 0..40 {
            if i < 15 {
                many.push(0xFF);
            }
            many.extend("“quoted” ".as_bytes());
        }
        let (_, note) = decode(&many).unwrap();
        match note {
            Some(DecodeNote::Replaced { offsets, count }) => {
                assert_eq!(count, 15);
                assert_eq!(offsets.len(), MAX_OFFSETS);
                assert_eq!(offsets[1], 14);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn binary_rejected() {
        assert_eq!(decode(b"PK\x03\x04\x00\x00abc"), Err(DecodeFailure::Binary));
        let mut b = vec![b'a'; 100];
        b.extend([1u8, 2, 3, 4, 5, 6]);
        assert_eq!(decode(&b), Err(DecodeFailure::Binary));
        assert!(!looks_binary(b"plain\ttext\r\n\x0c"));
    }

    #[test]
    fn lone_cr() {
        assert_eq!(normalize_newlines("a\rb\r\n\rc"), "a\nb\n\nc");
    }
}
