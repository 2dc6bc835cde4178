//! Unicode normalization (NFC) with a map back to the offsets of the text as read.

use dossier_doc::{Component, ComponentError, Doc, Layer};
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// Normalizes `text` to NFC.
///
/// Returns the normalized text and, when the number of chars changed, for
/// each char of the new text the char offset in `text` it comes from.
///
/// ```
/// let (t, map) = dossier_nlp::nfc_with_offsets("Cafe\u{301} x");
/// assert_eq!(t, "Café x");
/// assert_eq!(map, Some(vec![0, 1, 2, 3, 5, 6]));
/// ```
pub fn nfc_with_offsets(text: &str) -> (String, Option<Vec<usize>>) {
    if is_nfc_quick(text.chars()) == IsNormalized::Yes {
        return (text.to_string(), None);
    }
    let old_len = text.chars().count();
    // An ASCII char never composes with what precedes it and never reorders,
    // so NFC can be applied chunk by chunk, each chunk starting at an ASCII
    // char; offsets inside a chunk map to the chunk's own chars.
    let mut out = String::with_capacity(text.len());
    let mut map = Vec::with_capacity(old_len);
    let mut chunk_start_byte = 0;
    let mut chunk_start_char = 0;
    let mut ci = 0;
    let flush = |out: &mut String, map: &mut Vec<usize>, chunk: &str, start_char: usize| {
        let n_old = chunk.chars().count();
        for (j, ch) in chunk.nfc().enumerate() {
            out.push(ch);
            map.push(start_char + j.min(n_old.saturating_sub(1)));
        }
    };
    for (b, ch) in text.char_indices() {
        if ch.is_ascii() && b > chunk_start_byte {
            flush(
                &mut out,
                &mut map,
                &text[chunk_start_byte..b],
                chunk_start_char,
            );
            chunk_start_byte = b;
            chunk_start_char = ci;
        }
        ci += 1;
    }
    if chunk_start_byte < text.len() {
        flush(
            &mut out,
            &mut map,
            &text[chunk_start_byte..],
            chunk_start_char,
        );
    }
    // Safety net: the chunked result must equal NFC of the whole text.
    let whole: String = text.nfc().collect();
    if whole != out {
        let n_new = whole.chars().count();
        map = (0..n_new)
            .map(|j| (j * old_len).checked_div(n_new).unwrap_or(0))
            .collect();
        out = whole;
    }
    if map.len() == old_len {
        (out, None)
    } else {
        (out, Some(map))
    }
}

/// The `normalize` component: NFC-normalizes [`Doc::text`], filling
/// [`Doc::original_offsets`] when char offsets change.
#[derive(Debug, Default, Clone, Copy)]
pub struct Normalizer;

impl Normalizer {
    /// A new normalizer.
    pub fn new() -> Self {
        Normalizer
    }
}

impl Component for Normalizer {
    fn name(&self) -> &str {
        "normalize"
    }
    fn requires(&self) -> &[Layer] {
        &[Layer::Text]
    }
    fn assigns(&self) -> &[Layer] {
        &[Layer::Text]
    }
    fn process(&self, doc: &mut Doc) -> Result<(), ComponentError> {
        let (text, map) = nfc_with_offsets(&doc.text);
        if let Some(map) = map {
            // Compose with an earlier map so offsets always refer to the text as read.
            let composed = match doc.original_offsets.take() {
                Some(prev) => map
                    .iter()
                    .map(|&m| prev.get(m).copied().unwrap_or(m))
                    .collect(),
                None => map,
            };
            doc.original_offsets = Some(composed);
        }
        if text != doc.text {
            doc.set_text(text);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dossier_doc::Meta;

    #[test]
    fn already_nfc_is_untouched() {
        let (t, m) = nfc_with_offsets("Kata’ib Ḥizb é");
        assert_eq!(t, "Kata’ib Ḥizb é");
        assert!(m.is_none());
    }

    #[test]
    fn composes_and_maps_offsets() {
        let mut doc = Doc::new(Meta::default(), "Zoe\u{308} met Rene\u{301}.".into());
        Normalizer.process(&mut doc).unwrap();
        assert_eq!(doc.text, "Zoë met René.");
        let map = doc.original_offsets.clone().unwrap();
        assert_eq!(map.len(), doc.text.chars().count());
        // 'm' of "met" is char 4 now, char 5 before.
        assert_eq!(map[4], 5);
        // final '.' was char 14, is char 12.
        assert_eq!(map[12], 14);
        assert_eq!(doc.slice(8, 12), "René");
    }

    #[test]
    fn same_length_change_keeps_no_map() {
        // U+212B ANGSTROM SIGN → U+00C5, same char count.
        let (t, m) = nfc_with_offsets("\u{212B}ngstrom");
        assert_eq!(t, "\u{C5}ngstrom");
        assert!(m.is_none());
    }

    #[test]
    fn twice_composes_maps() {
        let mut doc = Doc::new(Meta::default(), "a\u{301}b".into());
        Normalizer.process(&mut doc).unwrap();
        Normalizer.process(&mut doc).unwrap();
        assert_eq!(doc.text, "áb");
        assert_eq!(doc.original_offsets, Some(vec![0, 2]));
    }
}
