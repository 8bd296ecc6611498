//! UTF-8 byte offsets (Rust) to UTF-16 code-unit offsets (JavaScript).
//! The only place in the crate that knows JavaScript counts in UTF-16.

use crate::span::Span;

/// Convert byte spans into `text` to UTF-16 `[start, end]` pairs.
/// Offsets not on a character boundary are moved back to the one before
/// (so a converted span never splits a surrogate pair); offsets past the
/// end are clamped.
pub fn spans_to_utf16(text: &str, spans: &[Span]) -> Vec<[u32; 2]> {
    let mut offsets: Vec<usize> = spans.iter().flat_map(|s| [s.start, s.end]).collect();
    offsets.sort_unstable();
    offsets.dedup();
    // One walk over the text, converting offsets in increasing order.
    let mut converted = Vec::with_capacity(offsets.len());
    let mut units = 0u32;
    let mut chars = text.char_indices().peekable();
    for &off in &offsets {
        while let Some(&(i, c)) = chars.peek() {
            if i + c.len_utf8() > off {
                break;
            }
            units += c.len_utf16() as u32;
            chars.next();
        }
        converted.push((off, units));
    }
    let lookup = |off: usize| {
        converted
            .binary_search_by_key(&off, |&(o, _)| o)
            .map(|i| converted[i].1)
            .unwrap_or(0)
    };
    spans
        .iter()
        .map(|s| [lookup(s.start), lookup(s.end)])
        .collect()
}

/// The UTF-16 length of `text`.
pub fn utf16_len(text: &str) -> u32 {
    text.encode_utf16().count() as u32
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn check(text: &str, word: &str) {
        let start = text.find(word).unwrap_or(0);
        let span = Span::new(start, start + word.len());
        let [s, e] = spans_to_utf16(text, &[span])[0];
        let units: Vec<u16> = text.encode_utf16().collect();
        let back = String::from_utf16(&units[s as usize..e as usize]).unwrap_or_default();
        assert_eq!(back, word, "in {text:?}");
    }

    #[test]
    fn converts_across_curly_quotes_accents_cyrillic_arabic_and_emoji() {
        let text = "“Jürg” said Путин 🙂 and القاعدة 👩‍👩‍👧 then Yuldash’s end";
        for word in ["Jürg", "Путин", "🙂", "القاعدة", "👩‍👩‍👧", "Yuldash", "end"]
        {
            check(text, word);
        }
    }

    proptest! {
        #[test]
        fn every_char_span_round_trips(text in "\\PC{0,40}", a in 0usize..200, b in 0usize..200) {
            let bounds: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
            let s = bounds[a % bounds.len()];
            let e = bounds[b % bounds.len()];
            let span = Span::new(s, e);
            let [us, ue] = spans_to_utf16(&text, &[span])[0];
            let units: Vec<u16> = text.encode_utf16().collect();
            let back = String::from_utf16(&units[us as usize..ue as usize]).ok();
            prop_assert_eq!(back.as_deref(), Some(span.slice(&text)));
        }
    }
}
