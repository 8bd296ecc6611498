//! Character references: the complete WHATWG named table (through the
//! `html-escape` crate's table) and numeric references, with C1 controls
//! read as Windows-1252 the way browsers read them (`&#150;` is "–").

/// What browsers put for a numeric reference to a C1 control (0x80..=0x9F),
/// per the HTML standard; `None` where the code point is kept.
fn windows_1252(n: u32) -> Option<char> {
    let c = match n {
        0x80 => '€',
        0x82 => '‚',
        0x83 => 'ƒ',
        0x84 => '„',
        0x85 => '…',
        0x86 => '†',
        0x87 => '‡',
        0x88 => 'ˆ',
        0x89 => '‰',
        0x8A => 'Š',
        0x8B => '‹',
        0x8C => 'Œ',
        0x8E => 'Ž',
        0x91 => '‘',
        0x92 => '’',
        0x93 => '“',
        0x94 => '”',
        0x95 => '•',
        0x96 => '–',
        0x97 => '—',
        0x98 => '˜',
        0x99 => '™',
        0x9A => 'š',
        0x9B => '›',
        0x9C => 'œ',
        0x9E => 'ž',
        0x9F => 'Ÿ',
        _ => return None,
    };
    Some(c)
}

fn numeric(digits: &str, hex: bool) -> char {
    let n = if hex {
        u32::from_str_radix(digits, 16)
    } else {
        digits.parse()
    };
    // Too large to parse is out of range, like any value past U+10FFFF.
    let n = n.unwrap_or(u32::MAX);
    if n == 0 {
        return '\u{FFFD}';
    }
    windows_1252(n).unwrap_or_else(|| char::from_u32(n).unwrap_or('\u{FFFD}'))
}

/// The longest entity name in the table ("CounterClockwiseContourIntegral").
const LONGEST: usize = 32;

/// Decode the reference at the start of `s` (which starts with '&'): its
/// text and its length in `s`; `None` when it is not a reference.
pub(super) fn decode(s: &str) -> Option<(String, usize)> {
    let rest = s.get(1..)?;
    if let Some(num) = rest.strip_prefix('#') {
        let (hex, digits) = match num.strip_prefix(['x', 'X']) {
            Some(h) => (true, h),
            None => (false, num),
        };
        let n = digits
            .find(|c: char| {
                !(if hex {
                    c.is_ascii_hexdigit()
                } else {
                    c.is_ascii_digit()
                })
            })
            .unwrap_or(digits.len());
        if n == 0 {
            return None;
        }
        let prefix = 1 + 1 + usize::from(hex);
        let semi = usize::from(digits.get(n..n + 1) == Some(";"));
        let c = numeric(digits.get(..n)?, hex);
        return Some((c.to_string(), prefix + n + semi));
    }
    let n = rest
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(rest.len());
    if n == 0 || n > LONGEST {
        return None;
    }
    let name = rest.get(..n)?;
    if rest.get(n..n + 1) == Some(";") {
        let full = s.get(..n + 2)?;
        let got = html_escape::decode_html_entities(full);
        if got != full {
            return Some((got.into_owned(), n + 2));
        }
    }
    // Without ';' only the legacy names (the Latin-1 ones and the four
    // markup ones) are references, and the longest such prefix wins:
    // "&notit" is "¬it".
    for k in (2..=n.min(6)).rev() {
        let cand = format!("&{};", name.get(..k)?);
        let got = html_escape::decode_html_entities(&cand);
        let legacy = got.chars().count() == 1
            && got.chars().all(|c| (c as u32) < 0x100)
            && !matches!(name.get(..k), Some("apos"));
        if got != cand && legacy {
            return Some((got.into_owned(), k + 1));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::decode;

    #[test]
    fn the_whole_named_table_and_windows_1252_numbers() {
        let cases = [
            ("&Aring;", "Å", 7),
            ("&Eacute;x", "É", 8),
            ("&atilde;", "ã", 8),
            ("&CounterClockwiseContourIntegral;", "∳", 33),
            ("&#150;", "–", 6),
            ("&#147;", "“", 6),
            ("&#148;", "”", 6),
            ("&#x93;", "“", 6),
            ("&#8217;", "’", 7),
            ("&#0;", "\u{FFFD}", 4),
            ("&#99999999999;", "\u{FFFD}", 14),
            ("&amp rest", "&", 4),
            ("&notit;", "¬", 4),
            ("&copy2020", "©", 5),
        ];
        for (s, want, len) in cases {
            assert_eq!(decode(s), Some((want.to_string(), len)), "{s}");
        }
        for s in ["&", "& x", "&nosuchname;", "&#;", "&#x;", "&apos"] {
            assert_eq!(decode(s), None, "{s}");
        }
    }
}
