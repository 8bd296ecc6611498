//! The exported API, called from JavaScript in headless Chromium: offsets
//! must be UTF-16 and cover exactly the words they claim.
#![cfg(target_arch = "wasm32")]

use dossier::wasm::Explorer;
use js_sys::{Array, Reflect};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &key.into()).unwrap_or(JsValue::UNDEFINED)
}

/// The text a UTF-16 `[start, end]` pair covers in a JS string.
fn covered(text: &JsValue, pair: &JsValue) -> String {
    let s = js_sys::JsString::from(text.clone());
    let start = get(pair, "0").as_f64().unwrap_or(-1.0) as u32;
    let end = get(pair, "1").as_f64().unwrap_or(-1.0) as u32;
    s.substring(start, end).into()
}

#[wasm_bindgen_test]
fn search_highlights_cover_exactly_the_hit_in_the_bundled_corpus() {
    let ex = Explorer::new();
    let out = ex.search("Yuldash", 10);
    let results = Array::from(&get(&out, "results"));
    assert!(results.length() >= 1);
    let first = results.get(0);
    let snippet = get(&first, "snippet");
    let highlights = Array::from(&get(&first, "highlights"));
    assert!(highlights.length() >= 1);
    for h in highlights.iter() {
        assert_eq!(covered(&snippet, &h).to_lowercase(), "yuldash");
    }
}

#[wasm_bindgen_test]
fn utf16_offsets_survive_curly_quotes_accents_cyrillic_arabic_and_emoji() {
    let mut ex = Explorer::empty();
    let text = "“Jürg” 🙂 met Путин and القاعدة 👩‍👩‍👧 in Zürich; Jürg left.";
    ex.add_file("mixed.txt", text.as_bytes());
    for (query, expect) in [
        ("Jürg", "Jürg"),
        ("Путин", "Путин"),
        ("القاعدة", "القاعدة"),
        ("zurich", "Zürich"),
    ] {
        let out = ex.search(query, 10);
        let results = Array::from(&get(&out, "results"));
        assert_eq!(results.length(), 1, "{query}");
        let doc = get(&results.get(0), "doc").as_f64().unwrap_or(-1.0) as usize;
        let read = ex.document(doc, query);
        let mut seen = 0;
        for field in Array::from(&get(&read, "fields")).iter() {
            let text = get(&field, "text");
            for h in Array::from(&get(&field, "highlights")).iter() {
                assert_eq!(covered(&text, &h), expect, "{query}");
                seen += 1;
            }
        }
        assert!(seen >= 1, "{query} highlighted in the reading view");
    }
}

#[wasm_bindgen_test]
fn hostile_and_empty_input_returns_values_not_panics() {
    let mut ex = Explorer::empty();
    let diags = ex.add_file("blob.bin", &[0u8, 159, 146, 150, 0, 255]);
    assert!(
        Array::from(&diags).length() >= 1,
        "binary input gets a diagnostic"
    );
    for q in ["", "\"", "((", "/[/", &"x".repeat(10_000), "🙂"] {
        let out = ex.search(q, 10);
        assert_eq!(get(&out, "total").as_f64(), Some(0.0), "{q:?}");
    }
    assert!(ex.document(999, "x").is_null());
}
