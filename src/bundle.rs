//! A corpus packed for a built explorer: `{"files":[{"name","text"}]}`,
//! safe to place inside an HTML `<script type="application/json">` element
//! (the page reads it from there, so even the single file needs no fetch),
//! and written as `corpus.json` for the custom element.

use crate::corpus;

/// The attribute the page looks for on its corpus script element.
pub const MARKER: &str = "data-dossier-corpus";
/// The attribute of the script element naming a prebuilt index to fetch:
/// `{"manifest": "index/manifest.bin", "build": "…"}`.
pub const INDEX_MARKER: &str = "data-dossier-index";
/// The attribute of the script element holding a whole prebuilt index,
/// bundled and in base64 (the single file, which cannot fetch).
pub const PACK_MARKER: &str = "data-dossier-pack";

/// Pack `files`; binary files are left out with a note each.
pub fn to_json(files: &[(String, Vec<u8>)]) -> (String, Vec<String>) {
    let mut notes = Vec::new();
    let mut out = String::from("{\"files\":[");
    let mut first = true;
    for (name, bytes) in files {
        let Some(text) = corpus::decode_text(bytes) else {
            notes.push(format!(
                "{name}: not a text, HTML or Markdown page; left out"
            ));
            continue;
        };
        if !first {
            out.push(',');
        }
        first = false;
        out.push_str("{\"name\":");
        push_json_string(&mut out, name);
        out.push_str(",\"text\":");
        push_json_string(&mut out, &text);
        out.push('}');
    }
    out.push_str("]}");
    (out, notes)
}

/// Put the packed corpus into a page, just before `</body>`. `None` when
/// the page has no body end to anchor on.
pub fn inject(html: &str, json: &str) -> Option<String> {
    let at = html.rfind("</body>")?;
    let mut out = String::with_capacity(html.len() + json.len() + 80);
    out.push_str(&html[..at]);
    out.push_str(&format!("<script type=\"application/json\" {MARKER}>"));
    out.push_str(json);
    out.push_str("</script>\n");
    out.push_str(&html[at..]);
    Some(out)
}

/// Put `what` (markup of ours, never corpus text) into a page just
/// before `</body>`.
pub fn inject_raw(html: &str, what: &str) -> Option<String> {
    let at = html.rfind("</body>")?;
    let mut out = String::with_capacity(html.len() + what.len());
    out.push_str(html.get(..at)?);
    out.push_str(what);
    out.push_str(html.get(at..)?);
    Some(out)
}

/// A JSON string literal that is also inert inside a `<script>` element:
/// `<`, `>` and `&` are escaped, so no `</script>` or `<!--` can appear.
fn push_json_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            // Line and paragraph separators end lines in old JS parsers.
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn packed_text_round_trips_and_cannot_close_its_script() {
        let hostile = "</script><script>alert(1)</script> “quotes” \u{2028} tab\t bell\u{7}";
        let (json, notes) = to_json(&[
            ("a.txt".into(), hostile.as_bytes().to_vec()),
            ("b.pdf".into(), b"%PDF-1.7\n\0\0".to_vec()),
        ]);
        assert_eq!(notes.len(), 1, "the PDF is left out with a note");
        assert!(!json.contains('<') && !json.contains('>'));
        let v: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
        assert_eq!(v["files"][0]["name"], "a.txt");
        assert_eq!(v["files"][0]["text"], hostile);
        assert_eq!(v["files"].as_array().map(Vec::len), Some(1));
        let page = inject("<html><body><p>x</p></body></html>", &json).unwrap_or_default();
        assert_eq!(page.matches("</script>").count(), 1);
        assert!(page.ends_with("</script>\n</body></html>"));
    }
}
