//! The common currency of the format readers: a page as an ordered list of
//! units (a line, a paragraph, an HTML block), each with what its markup
//! says it is, if anything. `segment` turns units into documents.

use super::run::Run;

/// What the markup says a unit is; `None` for plain text, where shape decides.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Hint {
    None,
    Title,
    Section,
    Byline,
    Heading,
    // No reader gives it since HTML reads its own documents; segment still
    // handles it, for a reader that marks paragraphs.
    #[allow(dead_code)]
    Paragraph,
    ListItem,
    Quote,
    Caption,
    /// Rows of cells (tab between cells, line end between rows), never repaired.
    Table,
    /// Code, kept character for character (Markdown code blocks).
    Code,
}

#[derive(Clone, Debug)]
pub(crate) struct Unit {
    pub run: Run,
    pub hint: Hint,
    /// The markup starts a new document here (an HTML `<article>`).
    pub starts_doc: bool,
}

impl Unit {
    pub fn new(run: Run, hint: Hint) -> Unit {
        Unit {
            run,
            hint,
            starts_doc: false,
        }
    }
}

/// The longest unit, in bytes, that the later stages see: a longer one (a
/// 200 MB file of one line) is split into units of at most this size, so
/// repair, segmentation and entities work on bounded pieces. Nothing is
/// cut off.
pub(crate) const MAX_UNIT: usize = 64 * 1024;

/// Split every unit longer than `max` bytes: at a line end in its last
/// quarter if there is one (a table keeps whole rows), else at a space,
/// else at a character boundary. Returns the units and how many were split.
pub(crate) fn split_long(units: Vec<Unit>, max: usize) -> (Vec<Unit>, usize) {
    if units.iter().all(|u| u.run.text.len() <= max) {
        return (units, 0);
    }
    let mut out = Vec::with_capacity(units.len());
    let mut split = 0;
    for u in units {
        if u.run.text.len() <= max {
            out.push(u);
            continue;
        }
        split += 1;
        let text = u.run.text.as_str();
        let mut start = 0;
        let mut first = true;
        while start < text.len() {
            let mut end = (start + max).min(text.len());
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            if end < text.len() {
                let window = text.get(start + max * 3 / 4..end).unwrap_or("");
                let base = end - window.len();
                end = window
                    .rfind('\n')
                    .or_else(|| window.rfind(' '))
                    .map_or(end, |i| base + i + 1);
            }
            if end <= start {
                break;
            }
            let piece = u.run.slice(start..end).into_trimmed();
            if !piece.text.is_empty() {
                let mut unit = Unit::new(piece, u.hint);
                unit.starts_doc = u.starts_doc && first;
                first = false;
                out.push(unit);
            }
            start = end;
        }
    }
    (out, split)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::MapBuilder;

    #[test]
    fn a_long_unit_is_split_with_nothing_lost() {
        let text = "word ".repeat(1000) + &"é".repeat(700);
        let mut b = MapBuilder::new();
        b.copy(&text, 10);
        let unit = Unit::new(Run::from_builder(b), Hint::None);
        let (out, n) = split_long(vec![unit], 512);
        assert_eq!(n, 1);
        assert!(out.iter().all(|u| u.run.text.len() <= 512));
        // Only the spaces at the cuts go.
        let joined: String = out.iter().map(|u| u.run.text.as_str()).collect();
        assert!(joined.replace(' ', "") == text.replace(' ', ""));
        let spans: Vec<_> = out.iter().map(|u| u.run.span()).collect();
        assert_eq!(spans.first().map(|s| s.start), Some(10));
        assert!(spans.windows(2).all(|w| w[0].end <= w[1].start));
    }
}
