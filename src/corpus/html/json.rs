//! Just enough JSON for schema.org JSON-LD: values with the byte ranges of
//! their strings in the page (so a headline maps back to its bytes),
//! nesting bounded, anything malformed read as far as it goes.

use std::ops::Range;

#[derive(Debug)]
pub(super) enum Json {
    /// The range of the string's content (between the quotes, escapes raw).
    Str(Range<usize>),
    Arr(Vec<Json>),
    Obj(Vec<(Range<usize>, Json)>),
    Other,
}

const MAX_DEPTH: usize = 64;

pub(super) fn parse(src: &str, range: Range<usize>) -> Option<Json> {
    let mut p = Parser {
        b: src.as_bytes(),
        i: range.start,
        end: range.end.min(src.len()),
    };
    p.value(0)
}

struct Parser<'a> {
    b: &'a [u8],
    i: usize,
    end: usize,
}

impl Parser<'_> {
    fn peek(&mut self) -> Option<u8> {
        while self.i < self.end && self.b.get(self.i).is_some_and(u8::is_ascii_whitespace) {
            self.i += 1;
        }
        (self.i < self.end)
            .then(|| self.b.get(self.i).copied())
            .flatten()
    }

    fn value(&mut self, depth: usize) -> Option<Json> {
        if depth > MAX_DEPTH {
            return None;
        }
        match self.peek()? {
            b'"' => self.string().map(Json::Str),
            b'[' => {
                self.i += 1;
                let mut items = Vec::new();
                loop {
                    match self.peek()? {
                        b']' => {
                            self.i += 1;
                            return Some(Json::Arr(items));
                        }
                        b',' => self.i += 1,
                        _ => items.push(self.value(depth + 1)?),
                    }
                }
            }
            b'{' => {
                self.i += 1;
                let mut fields = Vec::new();
                loop {
                    match self.peek()? {
                        b'}' => {
                            self.i += 1;
                            return Some(Json::Obj(fields));
                        }
                        b',' => self.i += 1,
                        b'"' => {
                            let key = self.string()?;
                            if self.peek()? != b':' {
                                return None;
                            }
                            self.i += 1;
                            fields.push((key, self.value(depth + 1)?));
                        }
                        _ => return None,
                    }
                }
            }
            _ => {
                // Numbers, true, false, null: skipped to the next delimiter.
                let start = self.i;
                while self.i < self.end
                    && !matches!(self.b.get(self.i), Some(b',' | b']' | b'}') | None)
                {
                    self.i += 1;
                }
                (self.i > start).then_some(Json::Other)
            }
        }
    }

    fn string(&mut self) -> Option<Range<usize>> {
        self.i += 1;
        let start = self.i;
        while self.i < self.end {
            match self.b.get(self.i)? {
                b'\\' => self.i += 2,
                b'"' => {
                    self.i += 1;
                    return Some(start..self.i - 1);
                }
                _ => self.i += 1,
            }
        }
        None
    }
}

impl Json {
    pub fn get(&self, key: &str, src: &str) -> Option<&Json> {
        match self {
            Json::Obj(fields) => fields
                .iter()
                .find(|(k, _)| src.get(k.clone()) == Some(key))
                .map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn str<'s>(&self, src: &'s str) -> Option<&'s str> {
        match self {
            Json::Str(r) => src.get(r.clone()),
            _ => None,
        }
    }
}

/// The character a JSON escape at the start of `s` ("\\n", "\\u00e9")
/// stands for, and the escape's length.
pub(super) fn unescape(s: &str) -> Option<(char, usize)> {
    let mut it = s.chars();
    if it.next()? != '\\' {
        return None;
    }
    let c = match it.next()? {
        'n' | 'r' | 't' => ' ',
        'b' | 'f' => ' ',
        'u' => {
            let hex = s.get(2..6)?;
            let n = u32::from_str_radix(hex, 16).ok()?;
            // Surrogate pairs: both halves or the replacement character.
            if (0xD800..0xDC00).contains(&n) {
                let lo = s.get(6..8).filter(|p| *p == "\\u").and(s.get(8..12));
                if let Some(lo) = lo.and_then(|h| u32::from_str_radix(h, 16).ok()) {
                    if (0xDC00..0xE000).contains(&lo) {
                        let c = char::from_u32(0x10000 + ((n - 0xD800) << 10) + (lo - 0xDC00));
                        return Some((c.unwrap_or('\u{FFFD}'), 12));
                    }
                }
                return Some(('\u{FFFD}', 6));
            }
            return Some((char::from_u32(n).unwrap_or('\u{FFFD}'), 6));
        }
        c => c,
    };
    Some((c, 2))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_keep_their_ranges_and_bad_json_stops() {
        let src =
            r#"{"@type": "NewsArticle", "headline": "A \"b\"", "author": [{"name": "X"}], "n": 3}"#;
        let v = parse(src, 0..src.len());
        let v = v.as_ref();
        let h = v
            .and_then(|v| v.get("headline", src))
            .and_then(|h| h.str(src));
        assert_eq!(h, Some(r#"A \"b\""#));
        let a = v.and_then(|v| v.get("author", src));
        assert!(matches!(a, Some(Json::Arr(x)) if x.len() == 1));
        assert!(parse("{\"a\": [1, 2", 0..11).is_none());
        let deep = "[".repeat(10_000);
        assert!(parse(&deep, 0..deep.len()).is_none());
        assert_eq!(unescape("\\u00e9"), Some(('é', 6)));
        assert_eq!(unescape("\\ud83d\\ude00"), Some(('😀', 12)));
    }
}
