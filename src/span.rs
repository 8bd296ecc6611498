//! The one offset type of the core.

use serde::Serialize;

/// A half-open range of UTF-8 bytes, `start <= end`, into a text the owner names.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    /// A span from two offsets; a reversed pair is swapped rather than trusted.
    pub fn new(start: usize, end: usize) -> Span {
        if start <= end {
            Span { start, end }
        } else {
            Span {
                start: end,
                end: start,
            }
        }
    }

    pub fn len(self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// The text under the span, or `""` when it does not fit `text` on
    /// character boundaries (never a panic).
    pub fn slice(self, text: &str) -> &str {
        text.get(self.start..self.end).unwrap_or("")
    }

    pub fn contains(self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    pub fn overlaps(self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }
}

/// Spans to test for overlap in O(log n): a long field holds thousands of
/// dates and names, and a walk over all of them per candidate is quadratic.
#[derive(Clone, Debug, Default)]
pub struct SpanSet {
    by_start: std::collections::BTreeSet<(usize, usize)>,
    longest: usize,
}

impl SpanSet {
    pub fn new() -> SpanSet {
        SpanSet::default()
    }

    pub fn insert(&mut self, span: Span) {
        self.longest = self.longest.max(span.len());
        self.by_start.insert((span.start, span.end));
    }

    /// Whether any span of the set overlaps `span` (as [`Span::overlaps`]).
    pub fn overlaps(&self, span: Span) -> bool {
        // A span that overlaps starts before `span` ends and at most
        // `longest` bytes before it starts.
        let from = span.start.saturating_sub(self.longest);
        self.by_start
            .range((from, 0)..(span.end, 0))
            .any(|&(start, end)| Span { start, end }.overlaps(span))
    }
}

impl FromIterator<Span> for SpanSet {
    fn from_iter<I: IntoIterator<Item = Span>>(spans: I) -> SpanSet {
        let mut set = SpanSet::new();
        for s in spans {
            set.insert(s);
        }
        set
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_span_set_answers_as_a_walk_over_its_spans() {
        // Spans of every length (empty ones too), overlapping and nested.
        let mut seed = 7u64;
        let mut next = |m: u64| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((seed >> 33) % m) as usize
        };
        let spans: Vec<Span> = (0..300)
            .map(|_| {
                let a = next(2000);
                Span::new(a, a + next(40))
            })
            .collect();
        let mut set = SpanSet::new();
        for (k, s) in spans.iter().enumerate() {
            for _ in 0..20 {
                let a = next(2100);
                let q = Span::new(a, a + next(30));
                let walk = spans[..k].iter().any(|b| b.overlaps(q));
                assert_eq!(set.overlaps(q), walk, "{q:?} after {k} spans");
            }
            set.insert(*s);
        }
    }
}
