//! The page's state as a URL fragment, so that a view can be shared,
//! bookmarked, reloaded and walked with back and forward.
//!
//! Format: `#q=<query>&doc=<document id>&entity=<entity name>&view=<view>&when=<period>`,
//! each part optional and percent-encoded, in that order. Unknown parts are
//! ignored, so links stay valid as the page grows.

/// Which screen is shown.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Screen {
    /// The article list, or results when there is a query.
    #[default]
    Results,
    Entities,
    Network,
    Timeline,
    Quotes,
}

impl Screen {
    pub fn name(self) -> &'static str {
        match self {
            Screen::Results => "results",
            Screen::Entities => "entities",
            Screen::Network => "network",
            Screen::Timeline => "timeline",
            Screen::Quotes => "quotes",
        }
    }

    fn parse(s: &str) -> Option<Screen> {
        Some(match s {
            "results" => Screen::Results,
            "entities" => Screen::Entities,
            "network" => Screen::Network,
            "timeline" => Screen::Timeline,
            "quotes" => Screen::Quotes,
            _ => return None,
        })
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Route {
    pub query: String,
    /// The id of the document open in the reading view.
    pub doc: Option<String>,
    /// The name of the entity whose page is open.
    pub entity: Option<String>,
    pub screen: Screen,
    /// The period the timeline shows: a year ("2015") or a range of years
    /// ("1990-1999"), as the overview's activity bars link to it.
    pub when: Option<String>,
}

impl Route {
    /// Read a fragment (with or without its leading `#`). Never fails.
    pub fn from_hash(hash: &str) -> Route {
        let mut route = Route::default();
        let hash = hash.strip_prefix('#').unwrap_or(hash);
        for part in hash.split('&') {
            let (key, value) = part.split_once('=').unwrap_or((part, ""));
            let value = decode(value);
            match key {
                "q" => route.query = value,
                "doc" if !value.is_empty() => route.doc = Some(value),
                "entity" if !value.is_empty() => route.entity = Some(value),
                "view" => route.screen = Screen::parse(&value).unwrap_or_default(),
                "when" if !value.is_empty() => route.when = Some(value),
                _ => {}
            }
        }
        route
    }

    /// The fragment for this route, `#` included; `""` for the start page.
    pub fn to_hash(&self) -> String {
        let mut parts = Vec::new();
        if !self.query.is_empty() {
            parts.push(format!("q={}", encode(&self.query)));
        }
        if let Some(doc) = &self.doc {
            parts.push(format!("doc={}", encode(doc)));
        }
        if let Some(entity) = &self.entity {
            parts.push(format!("entity={}", encode(entity)));
        }
        if self.screen != Screen::Results {
            parts.push(format!("view={}", self.screen.name()));
        }
        if let Some(when) = &self.when {
            parts.push(format!("when={}", encode(when)));
        }
        if parts.is_empty() {
            String::new()
        } else {
            format!("#{}", parts.join("&"))
        }
    }
}

/// The origins an embedding page allows to command an explorer in an
/// iframe, from the page's query string (`?origins=https://a.example,https://b.example`).
/// Only exact `scheme://host[:port]` origins count: no wildcard, no path,
/// no `null`, so that a message is answered only for pages named in full.
pub fn allowed_origins(search: &str) -> Vec<String> {
    let search = search.strip_prefix('?').unwrap_or(search);
    let mut out: Vec<String> = Vec::new();
    for part in search.split('&') {
        let Some(("origins", value)) = part.split_once('=') else {
            continue;
        };
        for origin in decode(value).split([',', ' ']) {
            let origin = origin.trim().trim_end_matches('/');
            if is_origin(origin) && !out.iter().any(|o| o == origin) {
                out.push(origin.to_string());
            }
        }
    }
    out
}

fn is_origin(s: &str) -> bool {
    let Some((scheme, rest)) = s.split_once("://") else {
        return false;
    };
    let (host, port) = match rest.rsplit_once(':') {
        Some((h, p)) if !h.ends_with(']') || rest.starts_with('[') => (h, Some(p)),
        _ => (rest, None),
    };
    matches!(scheme, "http" | "https")
        && !host.is_empty()
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '[' | ']' | ':'))
        && port
            .is_none_or(|p| !p.is_empty() && p.len() <= 5 && p.bytes().all(|b| b.is_ascii_digit()))
}

/// Percent-encode everything but unreserved characters (RFC 3986).
fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Percent-decode, reading `+` as a space; malformed escapes stay as they
/// are and invalid UTF-8 is replaced, never rejected.
fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = s
                    .get(i + 1..i + 3)
                    .and_then(|h| u8::from_str_radix(h, 16).ok());
                match hex {
                    Some(b) => {
                        out.push(b);
                        i += 3;
                        continue;
                    }
                    None => out.push(b'%'),
                }
            }
            b'+' => out.push(b' '),
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_route_survives_the_url() {
        let r = Route {
            query: "\"Doha accord\" -taliban & Jürg #1".into(),
            doc: Some("seed#2".into()),
            entity: Some("Abdulaziz Yuldash".into()),
            screen: Screen::Network,
            when: None,
        };
        let hash = r.to_hash();
        assert!(hash.is_ascii());
        assert_eq!(Route::from_hash(&hash), r);
    }

    #[test]
    fn the_timeline_keeps_its_period() {
        let r = Route {
            screen: Screen::Timeline,
            when: Some("1990-1999".into()),
            ..Route::default()
        };
        assert_eq!(r.to_hash(), "#view=timeline&when=1990-1999");
        assert_eq!(Route::from_hash(&r.to_hash()), r);
        assert_eq!(Route::from_hash("#view=timeline&when=").when, None);
    }

    #[test]
    fn the_start_page_has_no_fragment_and_junk_reads_as_the_start_page() {
        assert_eq!(Route::default().to_hash(), "");
        assert_eq!(Route::from_hash("#view=nope&zz=1&%%%"), Route::default());
        assert_eq!(Route::from_hash("#q=a+b%2").query, "a b%2");
    }

    #[test]
    fn only_exact_origins_are_allowed() {
        assert_eq!(
            allowed_origins("?origins=https://a.example,http://127.0.0.1:8081/&x=1"),
            ["https://a.example", "http://127.0.0.1:8081"]
        );
        for bad in [
            "*",
            "null",
            "https://a.example/path",
            "javascript:alert(1)",
            "ftp://a",
            "https://",
            "https://a:99999x",
        ] {
            assert!(
                allowed_origins(&format!("origins={bad}")).is_empty(),
                "{bad}"
            );
        }
        assert!(allowed_origins("").is_empty());
    }

    proptest! {
        #[test]
        fn any_query_round_trips(q in "\\PC{0,60}", doc in "\\PC{0,20}") {
            let r = Route { query: q, doc: (!doc.is_empty()).then_some(doc), ..Route::default() };
            prop_assert_eq!(Route::from_hash(&r.to_hash()), r);
        }

        #[test]
        fn any_fragment_parses(s in "\\PC{0,80}") {
            let _ = Route::from_hash(&s);
        }
    }
}
