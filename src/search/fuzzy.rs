//! Typo tolerance: every dictionary term within a bounded Damerau
//! (optimal string alignment) distance of a query term. The dictionary is
//! sorted, so consecutive terms share prefixes and their DP rows: a walk
//! over the sorted list is a walk over an implicit trie, and a row whose
//! minimum exceeds the bound cuts off every term under that prefix (the
//! shared prefix lengths of neighbours are kept, so the walk steps over
//! them and visits only the live part of the trie).

/// Longest query term fuzzy matching is tried for (DP width bound).
const MAX_CHARS: usize = 48;

/// The edit budget for a query term of `chars` characters:
/// none below 5, one from 5, two from 9.
pub fn budget(chars: usize) -> u8 {
    match chars {
        0..=4 => 0,
        5..=8 => 1,
        _ => 2,
    }
}

/// For each term of sorted `dict`, the length of the prefix it shares
/// with the one before (0 for the first): the implicit trie's edges.
pub fn lcps<T: AsRef<[char]>>(dict: &[T]) -> Vec<u16> {
    let mut prev: &[char] = &[];
    dict.iter()
        .map(|t| {
            let t = t.as_ref();
            let l = prev.iter().zip(t).take_while(|(a, b)| a == b).count();
            prev = t;
            u16::try_from(l).unwrap_or(u16::MAX)
        })
        .collect()
}

/// Indices into sorted `dict` (terms as chars) of terms within `max`
/// edits of `query` (insertions, deletions, substitutions, adjacent
/// transpositions), with their distance; the query itself (distance 0)
/// is included if present. `lcp` is [`lcps`] of `dict` (worked out here
/// when it is not).
pub fn matches<T: AsRef<[char]>>(
    dict: &[T],
    lcp: &[u16],
    query: &str,
    max: u8,
) -> Vec<(usize, u8)> {
    let q: Vec<char> = query.chars().collect();
    let n = q.len();
    let mut out = Vec::new();
    if n == 0 || n > MAX_CHARS {
        return out;
    }
    let own;
    let lcp = if lcp.len() == dict.len() {
        lcp
    } else {
        own = lcps(dict);
        own.as_slice()
    };
    let w = n + 1;
    // Rows of the DP, flat: row i (for the first i chars of the current
    // term) is rows[i * w..(i + 1) * w]. Row 0 is the empty prefix.
    let mut rows: Vec<u8> = (0..=n)
        .map(|j| u8::try_from(j).unwrap_or(u8::MAX))
        .collect();
    let mut depth = 0usize;
    let mut idx = 0usize;
    while let Some(term) = dict.get(idx) {
        let t = term.as_ref();
        // Shared with the last term walked: after a skip, the least of the
        // edges between, which is this term's own (the skipped ones share
        // more).
        let shared = lcp.get(idx).map_or(0, |&l| usize::from(l));
        depth = depth.min(shared);
        rows.truncate((depth + 1) * w);
        // The length of a prefix of `t` whose row is beyond the budget.
        let mut dead = None;
        while depth < t.len() {
            let i = depth + 1;
            let min = push_row(&mut rows, w, t, &q, i);
            depth = i;
            if min > max {
                dead = Some(i);
                break;
            }
        }
        idx += 1;
        match dead {
            None => {
                if let Some(&d) = rows.get(t.len() * w + n) {
                    if d <= max {
                        out.push((idx - 1, d));
                    }
                }
            }
            Some(dl) => {
                // Every term under that prefix fails too, and they stand
                // together in the sorted list: step over them.
                while lcp.get(idx).is_some_and(|&l| usize::from(l) >= dl) {
                    idx += 1;
                }
            }
        }
    }
    out
}

/// Append the DP row for the term prefix t[..i]; returns its minimum.
fn push_row(rows: &mut Vec<u8>, w: usize, t: &[char], q: &[char], i: usize) -> u8 {
    let n = w - 1;
    let up_at = (i - 1) * w;
    let up2_at = if i >= 2 { Some((i - 2) * w) } else { None };
    let tc = t.get(i - 1).copied();
    let prev_tc = if i >= 2 { t.get(i - 2).copied() } else { None };
    let first = u8::try_from(i).unwrap_or(u8::MAX);
    rows.push(first);
    let mut min = first;
    for j in 1..=n {
        let qc = q.get(j - 1).copied();
        let cost = u8::from(qc != tc);
        let at = |k: usize| rows.get(k).copied().unwrap_or(u8::MAX);
        let del = at(up_at + j).saturating_add(1);
        let ins = at(i * w + j - 1).saturating_add(1);
        let sub = at(up_at + j - 1).saturating_add(cost);
        let mut best = del.min(ins).min(sub);
        // Adjacent transposition: t[i-2..i] == q[j-1], q[j-2].
        if let (true, Some(u2), Some(_)) = (j >= 2, up2_at, prev_tc) {
            if tc == q.get(j.wrapping_sub(2)).copied() && prev_tc == qc {
                best = best.min(at(u2 + j - 2).saturating_add(1));
            }
        }
        rows.push(best);
        min = min.min(best);
    }
    min
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dict(words: &[&str]) -> Vec<String> {
        let mut d: Vec<String> = words.iter().map(|w| w.to_string()).collect();
        d.sort();
        d
    }

    fn found(d: &[String], q: &str, max: u8) -> Vec<(String, u8)> {
        let chars: Vec<Vec<char>> = d.iter().map(|w| w.chars().collect()).collect();
        matches(&chars, &[], q, max)
            .into_iter()
            .filter_map(|(i, k)| d.get(i).map(|w| (w.clone(), k)))
            .collect()
    }

    #[test]
    fn typos_within_budget() {
        let d = dict(&[
            "taliban",
            "talibans",
            "tale",
            "kyrgyzstan",
            "uzbek",
            "uzbekistan",
        ]);
        assert_eq!(found(&d, "talibn", 1), [("taliban".to_string(), 1)]);
        assert_eq!(found(&d, "kirgyzstan", 2), [("kyrgyzstan".to_string(), 1)]);
        assert_eq!(found(&d, "krigyzstan", 2), [("kyrgyzstan".to_string(), 2)]);
        assert_eq!(found(&d, "tailban", 1), [("taliban".to_string(), 1)]);
        assert_eq!(found(&d, "uzbek", 1), [("uzbek".to_string(), 0)]);
    }

    #[test]
    fn budget_by_length() {
        assert_eq!((budget(4), budget(5), budget(8), budget(9)), (0, 1, 1, 2));
    }

    #[test]
    #[allow(clippy::needless_range_loop)] // the textbook DP, indices and all
    fn agrees_with_plain_dp() {
        fn osa(a: &str, b: &str) -> usize {
            let a: Vec<char> = a.chars().collect();
            let b: Vec<char> = b.chars().collect();
            let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
            for (i, row) in d.iter_mut().enumerate() {
                row[0] = i;
            }
            for j in 0..=b.len() {
                d[0][j] = j;
            }
            for i in 1..=a.len() {
                for j in 1..=b.len() {
                    let c = usize::from(a[i - 1] != b[j - 1]);
                    d[i][j] = (d[i - 1][j] + 1)
                        .min(d[i][j - 1] + 1)
                        .min(d[i - 1][j - 1] + c);
                    if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                        d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
                    }
                }
            }
            d[a.len()][b.len()]
        }
        let d = dict(&[
            "abc", "abcd", "abd", "acb", "b", "ba", "bac", "cab", "cba", "abdc", "bacd", "ca",
            "abcabc", "abcab", "abcb", "bbbb", "bb", "cabd", "dcab", "dcba", "adcb",
        ]);
        // Every word of up to four letters of a, b, c, d: many prefixes die
        // with many terms under them.
        let mut all: Vec<String> = vec![String::new()];
        for _ in 0..4 {
            let longer: Vec<String> = all
                .iter()
                .flat_map(|w| ["a", "b", "c", "d"].map(|c| format!("{w}{c}")))
                .collect();
            all.extend(longer);
        }
        all.retain(|w| !w.is_empty());
        all.sort();
        all.dedup();
        let mut d = [d, all].concat();
        d.sort();
        d.dedup();
        for q in [
            "abc", "bac", "ab", "cabd", "x", "dcba", "aaaa", "dddd", "abcabc",
        ] {
            for max in 0..=2u8 {
                let got = found(&d, q, max);
                let want: Vec<(String, u8)> = d
                    .iter()
                    .filter(|w| osa(w, q) <= usize::from(max))
                    .map(|w| (w.clone(), u8::try_from(osa(w, q)).unwrap_or(9)))
                    .collect();
                assert_eq!(got, want, "query {q} max {max}");
            }
        }
    }
}
