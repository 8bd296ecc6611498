//! Maps positions in a derived (repaired, decoded) string back to byte
//! offsets in the original input.
//!
//! A derived string is built from pieces: copies of input bytes, which map
//! one to one, and replacements (a decoded entity, an inserted space, a
//! dropped footnote marker), which map as a whole to the input span they
//! replace. A position inside a replacement maps to its start or end, so a
//! mapped span always covers whole input characters.

use crate::span::Span;

#[derive(Clone, Debug, PartialEq, Eq)]
struct Piece {
    derived: usize,
    original: Span,
    len: usize,
    copied: bool,
}

/// Derived position to original byte offset, for one derived string.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OffsetMap {
    pieces: Vec<Piece>,
}

impl OffsetMap {
    /// The map of a string copied unchanged from `original_start`.
    pub fn identity(original_start: usize, len: usize) -> OffsetMap {
        OffsetMap {
            pieces: vec![Piece {
                derived: 0,
                original: Span::new(original_start, original_start + len),
                len,
                copied: true,
            }],
        }
    }

    /// The original span that derived `span` came from.
    pub fn to_original(&self, span: Span) -> Span {
        let start = self.map(span.start, false);
        let end = if span.is_empty() {
            start
        } else {
            self.map(span.end, true)
        };
        Span::new(start, end.max(start))
    }

    /// Map one derived position; `is_end` picks the side of a replacement.
    fn map(&self, pos: usize, is_end: bool) -> usize {
        if self.pieces.is_empty() {
            return 0;
        }
        // The piece holding `pos`: for an end position, the piece it closes.
        let idx = self.pieces.partition_point(|p| {
            if is_end {
                p.derived < pos
            } else {
                p.derived <= pos
            }
        });
        let piece = &self.pieces[idx.saturating_sub(1)];
        let offset = pos.saturating_sub(piece.derived).min(piece.len);
        if piece.copied {
            piece.original.start + offset
        } else if is_end || offset == piece.len && piece.len > 0 {
            piece.original.end
        } else {
            piece.original.start
        }
    }

    /// Whether the map has no pieces (an empty derived string).
    pub fn is_empty(&self) -> bool {
        self.pieces.is_empty()
    }

    /// The original span covered by the whole derived string.
    pub fn original_extent(&self) -> Span {
        match (self.pieces.first(), self.pieces.last()) {
            (Some(a), Some(b)) => Span::new(a.original.start, b.original.end),
            _ => Span::default(),
        }
    }
}

/// Builds a derived string and its [`OffsetMap`] together.
#[derive(Debug, Default)]
pub struct MapBuilder {
    text: String,
    map: OffsetMap,
}

impl MapBuilder {
    pub fn new() -> MapBuilder {
        MapBuilder::default()
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// Append `s`, copied unchanged from the input at `original_start`.
    pub fn copy(&mut self, s: &str, original_start: usize) {
        if s.is_empty() {
            return;
        }
        let derived = self.text.len();
        self.text.push_str(s);
        if let Some(last) = self.map.pieces.last_mut() {
            if last.copied
                && last.derived + last.len == derived
                && last.original.end == original_start
            {
                last.len += s.len();
                last.original.end += s.len();
                return;
            }
        }
        self.map.pieces.push(Piece {
            derived,
            original: Span::new(original_start, original_start + s.len()),
            len: s.len(),
            copied: true,
        });
    }

    /// Append `s` standing for the input bytes `original` (which may be
    /// empty for an insertion, and `s` may be empty for a deletion).
    pub fn replace(&mut self, s: &str, original: Span) {
        let derived = self.text.len();
        self.text.push_str(s);
        self.map.pieces.push(Piece {
            derived,
            original,
            len: s.len(),
            copied: false,
        });
    }

    /// Drop trailing whitespace from the derived text (and its map).
    pub fn trim_end(&mut self) {
        let keep = self.text.trim_end().len();
        self.text.truncate(keep);
        while let Some(last) = self.map.pieces.last_mut() {
            if last.derived >= keep && !(last.derived == keep && last.len == 0 && keep > 0) {
                self.map.pieces.pop();
            } else {
                if last.derived + last.len > keep {
                    let cut = last.derived + last.len - keep;
                    last.len -= cut;
                    if last.copied {
                        last.original.end -= cut;
                    }
                }
                break;
            }
        }
    }

    /// Append `text[range]`, where `map` maps `text` to the input, keeping
    /// that mapping: stages that derive text from derived text compose their
    /// maps this way instead of re-deriving offsets. A range off `text`'s
    /// character boundaries appends nothing.
    pub fn append_from(&mut self, text: &str, map: &OffsetMap, range: std::ops::Range<usize>) {
        let (a, b) = (range.start, range.end.min(text.len()));
        if a >= b || text.get(a..b).is_none() {
            return;
        }
        // Pieces are in derived order: skip those ending before the range.
        let first = map.pieces.partition_point(|p| p.derived + p.len <= a);
        for p in map.pieces.get(first..).unwrap_or(&[]) {
            let (ps, pe) = (p.derived, p.derived + p.len);
            if ps >= b {
                break;
            }
            if p.len == 0 {
                // A deletion inside the range still belongs to its span.
                if a < ps && ps < b {
                    self.replace("", p.original);
                }
                continue;
            }
            if pe <= a || ps >= b {
                continue;
            }
            let (lo, hi) = (a.max(ps), b.min(pe));
            let Some(s) = text.get(lo..hi) else {
                continue;
            };
            if p.copied {
                self.copy(s, p.original.start + (lo - ps));
            } else {
                self.replace(s, p.original);
            }
        }
    }

    pub fn finish(self) -> (String, OffsetMap) {
        (self.text, self.map)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_map_one_to_one_and_replacements_as_a_whole() {
        // Input: "a&amp;b" -> derived "a&b".
        let mut b = MapBuilder::new();
        b.copy("a", 0);
        b.replace("&", Span::new(1, 6));
        b.copy("b", 6);
        let (text, map) = b.finish();
        assert_eq!(text, "a&b");
        assert_eq!(map.to_original(Span::new(0, 1)), Span::new(0, 1));
        assert_eq!(map.to_original(Span::new(1, 2)), Span::new(1, 6));
        assert_eq!(map.to_original(Span::new(2, 3)), Span::new(6, 7));
        assert_eq!(map.to_original(Span::new(0, 3)), Span::new(0, 7));
    }

    #[test]
    fn an_inserted_space_maps_to_nothing_between_its_neighbours() {
        // Input "2020.After" -> derived "2020. After".
        let mut b = MapBuilder::new();
        b.copy("2020.", 10);
        b.replace(" ", Span::new(15, 15));
        b.copy("After", 15);
        let (text, map) = b.finish();
        assert_eq!(text, "2020. After");
        assert_eq!(map.to_original(Span::new(6, 11)), Span::new(15, 20));
        assert_eq!(map.to_original(Span::new(0, 4)), Span::new(10, 14));
    }

    #[test]
    fn append_from_composes_maps() {
        // Derived "a&b c" from input "a&amp;b c"; take "&b" from it.
        let mut b = MapBuilder::new();
        b.copy("a", 0);
        b.replace("&", Span::new(1, 6));
        b.copy("b c", 6);
        let (text, map) = b.finish();
        let mut c = MapBuilder::new();
        c.append_from(&text, &map, 1..3);
        c.append_from(&text, &map, 4..5);
        let (t2, m2) = c.finish();
        assert_eq!(t2, "&bc");
        assert_eq!(m2.to_original(Span::new(0, 1)), Span::new(1, 6));
        assert_eq!(m2.to_original(Span::new(1, 3)), Span::new(6, 9));
        assert_eq!(m2.original_extent(), Span::new(1, 9));
    }

    #[test]
    fn trim_end_drops_trailing_space_from_text_and_map() {
        let mut b = MapBuilder::new();
        b.copy("word  ", 3);
        b.trim_end();
        let (text, map) = b.finish();
        assert_eq!(text, "word");
        assert_eq!(map.original_extent(), Span::new(3, 7));
    }
}
