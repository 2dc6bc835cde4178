//! Char ↔ byte offset mapping for a string.

/// Chars per block of the index: a block's chars lie within 63 × 4 = 252
/// bytes of its first one, so each char's distance from it fits a byte.
const BLOCK: usize = 64;

/// Maps char offsets to byte offsets of one string in O(1).
///
/// About one byte per char (a `u32` per block of 64 chars and a `u8` per
/// char: the distance from its block's first byte), and nothing at all
/// for ASCII text, where char and byte offsets are equal; an index of a
/// `u32` per char was 4× the text of a document for as long as it lived.
///
/// ```
/// let idx = dossier_doc::CharIndex::new("Ta’ir x");
/// assert_eq!(idx.byte(3), 5); // the curly apostrophe takes 3 bytes
/// assert_eq!(idx.len_chars(), 7);
/// assert_eq!(idx.char_of_byte(5), 3);
/// ```
#[derive(Debug, Clone, Default)]
pub struct CharIndex {
    /// Byte offset of the first char of each block (empty for ASCII text).
    blocks: Vec<u32>,
    /// For each char, its byte offset minus its block's (empty for ASCII
    /// text).
    deltas: Vec<u8>,
    /// Number of chars.
    chars: usize,
    /// Number of bytes.
    bytes: usize,
}

impl CharIndex {
    /// Builds the index of `text`.
    pub fn new(text: &str) -> Self {
        if text.is_ascii() {
            return CharIndex {
                blocks: Vec::new(),
                deltas: Vec::new(),
                chars: text.len(),
                bytes: text.len(),
            };
        }
        let chars = text.chars().count();
        let mut blocks = Vec::with_capacity(chars.div_ceil(BLOCK));
        let mut deltas = Vec::with_capacity(chars);
        let mut base = 0;
        for (i, (b, _)) in text.char_indices().enumerate() {
            if i % BLOCK == 0 {
                base = b;
                blocks.push(b as u32);
            }
            deltas.push((b - base) as u8);
        }
        CharIndex {
            blocks,
            chars,
            deltas,
            bytes: text.len(),
        }
    }

    /// Number of chars in the indexed text.
    pub fn len_chars(&self) -> usize {
        self.chars
    }

    /// Byte offset of char offset `c` (clamped to the end of the text).
    #[inline]
    pub fn byte(&self, c: usize) -> usize {
        if c >= self.chars {
            self.bytes
        } else if self.deltas.is_empty() {
            c
        } else {
            self.blocks[c / BLOCK] as usize + self.deltas[c] as usize
        }
    }

    /// Char offset of byte offset `b` (which must lie on a char boundary;
    /// otherwise the char containing it is returned).
    pub fn char_of_byte(&self, b: usize) -> usize {
        if b >= self.bytes {
            return self.chars;
        }
        if self.deltas.is_empty() {
            return b;
        }
        // The last block starting at or before `b`, then the last char of
        // it starting at or before `b`.
        let k = self.blocks.partition_point(|&s| s as usize <= b) - 1;
        let base = self.blocks[k] as usize;
        let first = k * BLOCK;
        let last = (first + BLOCK).min(self.chars);
        let within = self.deltas[first..last].partition_point(|&d| base + d as usize <= b);
        first + within - 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The index as it was: the byte offset of every char, then the length.
    fn plain(text: &str) -> Vec<usize> {
        let mut v: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
        v.push(text.len());
        v
    }

    fn check(text: &str) {
        let idx = CharIndex::new(text);
        let bytes = plain(text);
        assert_eq!(idx.len_chars(), bytes.len() - 1);
        for (c, &b) in bytes.iter().enumerate() {
            assert_eq!(idx.byte(c), b, "char {c} of {text:?}");
        }
        assert_eq!(idx.byte(bytes.len() + 5), text.len());
        for b in 0..=text.len() + 2 {
            let want = match bytes.binary_search(&b) {
                Ok(i) => i,
                Err(i) => i.saturating_sub(1),
            };
            assert_eq!(idx.char_of_byte(b), want, "byte {b} of {text:?}");
        }
    }

    #[test]
    fn equals_the_byte_offset_of_every_char() {
        check("");
        check("plain ASCII text");
        check("Ta’ir x");
        check("é");
        check(&"€".repeat(200)); // 3 bytes a char across many blocks
        check(&"𝔸b".repeat(100)); // 4 and 1 bytes
        let mixed: String = (0..1000)
            .map(|i| ['a', 'é', '’', '𝔸', ' '][i * 7 % 5])
            .collect();
        check(&mixed);
    }

    #[test]
    fn holds_about_a_byte_per_char() {
        let text = "Ta’ir ".repeat(10_000);
        let idx = CharIndex::new(&text);
        assert_eq!(idx.deltas.capacity(), idx.len_chars());
        assert!(idx.blocks.len() <= idx.len_chars() / BLOCK + 1);
        assert!(CharIndex::new("ascii only").deltas.is_empty());
    }
}
