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

#[wasm_bindgen_test]
fn a_staged_file_builds_in_steps_while_searches_answer_from_the_last_build() {
    let total = |out: JsValue| get(&out, "total").as_f64().unwrap_or(-1.0);
    let mut ex = Explorer::new();
    let seed_hits = total(ex.search("Yuldash", 10));
    assert!(seed_hits >= 1.0);
    let seed = String::from_utf8_lossy(dossier::corpus::BUNDLED).into_owned();
    let mut text = String::new();
    for n in 1..=8 {
        text.push_str(&format!(
            "Report {n} from Panjakent\n\nFarmers in the Zarafshan valley met on day {n}.\n\n{seed}\n\n"
        ));
    }
    ex.stage_file("notes.txt", text.as_bytes());
    let (mut steps, mut last) = (0, 0.0);
    loop {
        let p = ex.step(1.0);
        steps += 1;
        let done = get(&p, "done").as_f64().unwrap_or(-1.0);
        assert!(done >= last && done <= 1.0, "{last} then {done}");
        last = done;
        if get(&p, "finished").as_bool() == Some(true) {
            break;
        }
        assert!(get(&p, "doing").as_string().is_some_and(|d| !d.is_empty()));
        // Not built yet: the last build answers.
        assert_eq!(total(ex.search("Zarafshan", 10)), 0.0);
        assert_eq!(total(ex.search("Yuldash", 10)), seed_hits);
    }
    assert!(steps > 3, "{steps} steps of 1 ms for 350 KB");
    assert_eq!(total(ex.search("Zarafshan", 10)), 8.0);
    assert!(total(ex.search("Yuldash", 10)) > seed_hits);
    assert!(Array::is_array(&ex.diagnostics("notes.txt")));
}
