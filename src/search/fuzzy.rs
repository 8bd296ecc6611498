//! Typo tolerance: every dictionary term within a bounded Damerau
//! (optimal string alignment) distance of a query term. The dictionary is
//! sorted, so consecutive terms share prefixes and their DP rows: a walk
//! over the sorted list is a walk over an implicit trie, and a row whose
//! minimum exceeds the bound cuts off every term under that prefix.

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

/// Indices into sorted `dict` of terms within `max` edits of `query`
/// (insertions, deletions, substitutions, adjacent transpositions), with
/// their distance. The query itself (distance 0) is included if present.
pub fn matches(dict: &[String], query: &str, max: u8) -> Vec<(usize, u8)> {
    let q: Vec<char> = query.chars().collect();
    let n = q.len();
    let mut out = Vec::new();
    if n == 0 || n > MAX_CHARS {
        return out;
    }
    let first: Vec<u8> = (0..=n)
        .map(|j| u8::try_from(j).unwrap_or(u8::MAX))
        .collect();
    // rows[i] is the DP row after the first i chars of the current term.
    let mut rows: Vec<Vec<u8>> = vec![first];
    let mut prev: Vec<char> = Vec::new();
    let mut dead: Option<Vec<char>> = None;
    for (idx, term) in dict.iter().enumerate() {
        let t: Vec<char> = term.chars().collect();
        if let Some(d) = &dead {
            if t.starts_with(d) {
                continue;
            }
            dead = None;
        }
        let lcp = prev.iter().zip(&t).take_while(|(a, b)| a == b).count();
        rows.truncate(lcp.min(rows.len().saturating_sub(1)) + 1);
        let mut alive = true;
        while rows.len() <= t.len() {
            let i = rows.len(); // computing the row for t[..i]
            let Some(&tc) = t.get(i - 1) else { break };
            let row = next_row(&rows, &t, &q, i, tc);
            let min = row.iter().copied().min().unwrap_or(u8::MAX);
            rows.push(row);
            if min > max {
                dead = Some(t.get(..i).unwrap_or(&t).to_vec());
                alive = false;
                break;
            }
        }
        if alive {
            if let Some(&d) = rows.get(t.len()).and_then(|r| r.get(n)) {
                if d <= max {
                    out.push((idx, d));
                }
            }
        }
        prev = t;
    }
    out
}

/// The DP row for term prefix of length `i` (last char `tc`).
fn next_row(rows: &[Vec<u8>], t: &[char], q: &[char], i: usize, tc: char) -> Vec<u8> {
    let n = q.len();
    let empty = Vec::new();
    let up = rows.get(i - 1).unwrap_or(&empty);
    let up2 = if i >= 2 { rows.get(i - 2) } else { None };
    let prev_tc = if i >= 2 { t.get(i - 2).copied() } else { None };
    let mut row = Vec::with_capacity(n + 1);
    row.push(u8::try_from(i).unwrap_or(u8::MAX));
    for j in 1..=n {
        let qc = q.get(j - 1).copied();
        let cost = u8::from(qc != Some(tc));
        let del = up.get(j).copied().unwrap_or(u8::MAX).saturating_add(1);
        let ins = row.get(j - 1).copied().unwrap_or(u8::MAX).saturating_add(1);
        let sub = up
            .get(j - 1)
            .copied()
            .unwrap_or(u8::MAX)
            .saturating_add(cost);
        let mut best = del.min(ins).min(sub);
        // Adjacent transposition: t[i-2..i] == q[j-1], q[j-2].
        if j >= 2 {
            if let (Some(pt), Some(u2)) = (prev_tc, up2) {
                if Some(tc) == q.get(j - 2).copied() && Some(pt) == qc {
                    let tr = u2.get(j - 2).copied().unwrap_or(u8::MAX).saturating_add(1);
                    best = best.min(tr);
                }
            }
        }
        row.push(best);
    }
    row
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
        matches(d, q, max)
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
        ]);
        for q in ["abc", "bac", "ab", "cabd", "x", "dcba"] {
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
