//! Facet filters as query text: a filter the page toggles is written into
//! the query, where the reader sees it, can edit it, and shares it.

/// The query filter for a section value (quoted when it has spaces).
pub fn section_filter(value: &str) -> String {
    if value.chars().any(|c| c.is_whitespace() || c == '"') {
        format!("section:\"{}\"", value.replace('"', ""))
    } else {
        format!("section:{value}")
    }
}

/// Whether `query` holds `filter` as a whole word.
pub fn has_filter(query: &str, filter: &str) -> bool {
    toggle_filter(query, filter).1
}

/// `query` with `filter` added, or removed when it was there; and whether
/// it was there.
pub fn toggle_filter(query: &str, filter: &str) -> (String, bool) {
    let mut found = false;
    let mut rest = String::new();
    let mut tail = query;
    while let Some(at) = tail.find(filter) {
        let before_ok = tail[..at].chars().last().is_none_or(char::is_whitespace)
            && (at > 0 || rest.is_empty() || rest.ends_with(char::is_whitespace));
        let after = &tail[at + filter.len()..];
        let after_ok = after.chars().next().is_none_or(char::is_whitespace);
        if before_ok && after_ok {
            found = true;
            rest.push_str(&tail[..at]);
            tail = after;
        } else {
            let step = at + filter.len();
            rest.push_str(&tail[..step]);
            tail = &tail[step..];
        }
    }
    rest.push_str(tail);
    if found {
        (rest.split_whitespace().collect::<Vec<_>>().join(" "), true)
    } else {
        let q = query.trim_end();
        (
            if q.is_empty() {
                filter.to_string()
            } else {
                format!("{q} {filter}")
            },
            false,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_toggle_in_and_out_of_the_query() {
        let f = section_filter("South Asia");
        assert_eq!(f, "section:\"South Asia\"");
        let (q, was) = toggle_filter("taliban", &f);
        assert_eq!((q.as_str(), was), ("taliban section:\"South Asia\"", false));
        assert!(has_filter(&q, &f));
        let (q, was) = toggle_filter(&q, &f);
        assert_eq!((q.as_str(), was), ("taliban", true));
        assert_eq!(toggle_filter("", "kind:person").0, "kind:person");
        // A longer filter that merely contains it is not it.
        assert!(!has_filter("kind:personal", "kind:person"));
        assert!(!has_filter("xkind:person", "kind:person"));
    }
}
