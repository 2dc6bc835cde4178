//! Char ↔ byte offset mapping for a string.

/// Maps char offsets to byte offsets of one string in O(1).
///
/// ```
/// let idx = dossier_doc::CharIndex::new("Ta’ir x");
/// assert_eq!(idx.byte(3), 5); // the curly apostrophe takes 3 bytes
/// assert_eq!(idx.len_chars(), 7);
/// assert_eq!(idx.char_of_byte(5), 3);
/// ```
#[derive(Debug, Clone, Default)]
pub struct CharIndex {
    /// Byte offset of each char, plus the total byte length at the end.
    bytes: Vec<u32>,
}

impl CharIndex {
    /// Builds the index of `text`.
    pub fn new(text: &str) -> Self {
        let mut bytes: Vec<u32> = text.char_indices().map(|(b, _)| b as u32).collect();
        bytes.push(text.len() as u32);
        CharIndex { bytes }
    }
    /// Number of chars in the indexed text.
    pub fn len_chars(&self) -> usize {
        self.bytes.len().saturating_sub(1)
    }
    /// Byte offset of char offset `c` (clamped to the end of the text).
    pub fn byte(&self, c: usize) -> usize {
        let last = self.bytes.len() - 1;
        self.bytes[c.min(last)] as usize
    }
    /// Char offset of byte offset `b` (which must lie on a char boundary;
    /// otherwise the char containing it is returned).
    pub fn char_of_byte(&self, b: usize) -> usize {
        match self.bytes.binary_search(&(b as u32)) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        }
    }
}
