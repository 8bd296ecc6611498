//! PDF, Word and mail: goldens of the samples in tests/formats (written for
//! these tests by `tests/formats/make_samples.py` and by hand), the offsets
//! contract on extracted text, and bad input (encrypted, no text layer,
//! truncated, zip bombs, a mailbox of 10,000 messages).
//!
//! Refresh goldens with `UPDATE_GOLDEN=1 cargo test --test formats`, then
//! review every changed line by eye.

use dossier::corpus::wire::ParseOutput;
use dossier::corpus::{parse, Corpus, ParsedFile};
use std::io::Write;
use std::path::Path;

fn sample(file: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/formats")
        .join(file);
    let bytes = std::fs::read(&path).unwrap_or_default();
    assert!(!bytes.is_empty(), "missing sample {}", path.display());
    bytes
}

/// Every field's text is its span of the extracted text, and sub-spans map
/// inside it.
fn check_extracted(p: &ParsedFile) {
    let Some(text) = &p.extracted else {
        panic!("{}: no extracted text", p.name);
    };
    for d in &p.documents {
        assert!(!d.fields.is_empty());
        for f in &d.fields {
            assert_eq!(text.get(f.span.start..f.span.end), Some(f.text.as_str()));
            let mid = f.text.char_indices().nth(3).map_or(0, |(i, _)| i);
            let o = f.original(dossier::Span::new(mid, f.text.len()));
            assert_eq!(text.get(o.start..o.end), f.text.get(mid..));
        }
    }
}

fn check_golden(name: &str, file: &str) -> Corpus {
    let path = format!("tests/formats/{file}");
    let corpus = Corpus::from_files([(path, sample(file))]);
    for f in &corpus.files {
        check_extracted(f);
    }
    let json = serde_json::to_string_pretty(&ParseOutput::new(&corpus)).unwrap_or_default() + "\n";
    let golden =
        Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/golden/corpus/{name}.json"));
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&golden, &json).unwrap_or_else(|e| panic!("{}: {e}", golden.display()));
    } else {
        let want = std::fs::read_to_string(&golden).unwrap_or_default();
        assert!(
            want == json,
            "golden {name} differs (UPDATE_GOLDEN=1 to refresh, then review):\n{json}"
        );
    }
    corpus
}

fn kinds(c: &Corpus, doc: usize) -> Vec<&'static str> {
    c.documents[doc]
        .fields
        .iter()
        .map(|f| f.kind.name())
        .collect()
}

#[test]
fn pdf_report() {
    let c = check_golden("pdf_report", "report.pdf");
    assert_eq!(c.documents.len(), 1, "one document per PDF");
    let d = &c.documents[0];
    assert_eq!(d.title(), Some("Water Rights in the Amu Darya Basin"));
    assert_eq!(d.byline(), Some("Dilnoza Karimova"));
    let headings: Vec<&str> = d
        .body()
        .filter(|f| f.kind.name() == "heading")
        .map(|f| f.text.as_str())
        .collect();
    assert_eq!(headings, ["Allocations agreed", "Objections"]);
    assert_eq!(d.body().filter(|f| f.kind.name() == "list-item").count(), 3);
    let text = c.files[0].extracted.as_deref().unwrap_or("");
    assert!(text.contains("\npage 1\n") && text.contains("\npage 2\n"));
    // The page numbers at the foot are not text of the report.
    assert!(!d.body().any(|f| f.text == "1" || f.text == "2"));
}

#[test]
fn docx_memo() {
    let c = check_golden("docx_memo", "memo.docx");
    assert_eq!(c.documents.len(), 1);
    let d = &c.documents[0];
    assert_eq!(d.title(), Some("Field memo: Ferghana valley markets"));
    assert_eq!(
        kinds(&c, 0),
        [
            "title",
            "byline",
            "date",
            "paragraph",
            "heading",
            "paragraph",
            "paragraph",
            "paragraph",
            "heading",
            "list-item",
            "list-item",
            "list-item",
            "quote",
            "paragraph"
        ]
    );
    assert!(d
        .body()
        .any(|f| f.text == "Flour, 50 kg | 310,000 som | 335,000 som"));
}

#[test]
fn eml_briefing_with_attachments() {
    let c = check_golden("eml_briefing", "briefing.eml");
    let titles: Vec<Option<&str>> = c.documents.iter().map(|d| d.title()).collect();
    assert_eq!(
        titles,
        [
            Some("Briefing: Kaltaminor canal talks"),
            Some("Water Rights in the Amu Darya Basin"),
            Some("Corridor notes, Tashkent"),
        ],
        "the message, then its PDF and text attachments"
    );
    assert_eq!(
        c.documents[0].byline(),
        Some("Nilufar Saidova <n.saidova@example.org>")
    );
    assert_eq!(
        c.documents[0].date(),
        Some("Wed, 13 Mar 2024 09:41:00 +0500")
    );
    assert!(c.documents[0].body().any(|f| f.kind.name() == "quote"));
    assert!(c.diagnostics().any(|d| d.contains("map.png (image/png)")));
}

#[test]
fn eml_html_body_through_the_html_reader() {
    let c = check_golden("eml_newsletter", "newsletter.eml");
    assert_eq!(c.documents.len(), 1);
    let d = &c.documents[0];
    assert_eq!(d.title(), Some("Eurasia Weekly: Jürg Kaufmann in Almaty"));
    assert!(d.body().any(|f| f.text.contains("envoy Jürg Kaufmann met")));
    assert_eq!(d.body().filter(|f| f.kind.name() == "list-item").count(), 2);
}

#[test]
fn mbox_one_document_per_message() {
    let c = check_golden("mbox_archive", "archive.mbox");
    let titles: Vec<Option<&str>> = c.documents.iter().map(|d| d.title()).collect();
    assert_eq!(
        titles,
        [
            Some("Schedule for the week"),
            Some("Re: Schedule for the week"),
            Some("Tashkent meeting summary"),
            None,
        ]
    );
    assert_eq!(c.documents[2].section(), Some("attachment"));
    // mbox's ">From " quoting is undone.
    assert!(c.documents[0]
        .body()
        .any(|f| f.text.starts_with("From the archive")));
}

#[test]
fn pdf_without_text_layer_or_password_gives_a_note() {
    for (name, file, says) in [
        ("pdf_scan_only", "scan-only.pdf", "no text layer"),
        ("pdf_encrypted", "encrypted.pdf", "encrypted"),
    ] {
        let c = check_golden(name, file);
        assert!(c.documents.is_empty());
        assert!(c.diagnostics().any(|d| d.contains(says)), "{file}");
    }
}

/// Notes, no panic, nothing invented: each cut of a file gives documents
/// whose text comes from the file, or a note.
#[test]
fn truncated_files_give_notes_or_what_they_still_hold() {
    for file in ["report.pdf", "memo.docx", "briefing.eml", "archive.mbox"] {
        let bytes = sample(file);
        for cut in [8, 100, bytes.len() / 3, bytes.len() / 2, bytes.len() - 10] {
            let p = parse(file, &bytes[..cut]);
            assert!(
                !p.documents.is_empty() || !p.diagnostics.is_empty(),
                "{file} cut at {cut}: neither text nor a note"
            );
            if !p.documents.is_empty() {
                check_extracted(&p);
            }
        }
    }
}

#[test]
fn damaged_pdf_objects_give_notes() {
    let bytes = sample("report.pdf");
    // Every 97th byte flipped: a damaged but not empty file.
    let mut bad = bytes.clone();
    for b in bad.iter_mut().step_by(97) {
        *b ^= 0x5a;
    }
    bad[..5].copy_from_slice(b"%PDF-");
    let p = parse("bad.pdf", &bad);
    assert!(!p.documents.is_empty() || !p.diagnostics.is_empty());
    let legacy = parse(
        "tests/pages/scan.pdf",
        &std::fs::read("tests/pages/scan.pdf").unwrap_or_default(),
    );
    assert!(legacy.documents.is_empty());
    assert!(legacy.diagnostics.iter().any(|d| d.contains("PDF")));
}

fn zip_of(entries: &[(&str, &[u8])], repeat_last: usize) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(1));
    for (name, data) in entries {
        w.start_file(*name, opts).unwrap_or_else(|e| panic!("{e}"));
        w.write_all(data).unwrap_or_else(|e| panic!("{e}"));
    }
    for n in 0..repeat_last {
        w.start_file(format!("word/media/x{n}.bin"), opts)
            .unwrap_or_else(|e| panic!("{e}"));
    }
    w.finish().unwrap_or_else(|e| panic!("{e}")).into_inner()
}

#[test]
fn zip_bombs_disguised_as_docx_are_refused_with_a_note() {
    // 80 MiB of zeros inflating from about 80 KB: over the 64 MiB bound.
    let zeros = vec![b' '; 80 << 20];
    let bomb = zip_of(&[("word/document.xml", &zeros)], 0);
    assert!(
        bomb.len() < 1 << 20,
        "the bomb is small: {} bytes",
        bomb.len()
    );
    let p = parse("bomb.docx", &bomb);
    assert!(p.documents.is_empty());
    assert!(
        p.diagnostics.iter().any(|d| d.contains("zip bomb")),
        "{:?}",
        p.diagnostics
    );
    let many = zip_of(&[("word/document.xml", b"<w:document/>")], 10_001);
    let p = parse("many.docx", &many);
    assert!(
        p.diagnostics.iter().any(|d| d.contains("entries")),
        "{:?}",
        p.diagnostics
    );
    let p = parse("plain.docx", b"PK\x03\x04 not really a zip");
    assert!(p.documents.is_empty() && !p.diagnostics.is_empty());
}

#[test]
fn a_mailbox_of_ten_thousand_messages() {
    let mut mbox = String::new();
    for n in 0..10_000 {
        mbox.push_str(&format!(
            "From a{n}@example.org Mon Mar 18 10:00:00 2024\nFrom: Sender {n} <a{n}@example.org>\n\
             Subject: Report number {n}\nDate: Mon, 18 Mar 2024 10:00:00 +0000\n\n\
             Body of report {n} about Samarkand.\n\n"
        ));
    }
    let started = std::time::Instant::now();
    let p = parse("big.mbox", mbox.as_bytes());
    let took = started.elapsed();
    assert_eq!(p.documents.len(), 10_000);
    assert_eq!(p.documents[9_999].title(), Some("Report number 9999"));
    assert_eq!(p.documents[9_999].id, "big.mbox#10000");
    check_extracted(&p);
    eprintln!("10,000 messages ({} bytes) in {took:?}", mbox.len());
}

#[test]
fn extracted_text_is_what_a_built_explorer_carries() {
    let bytes = sample("report.pdf");
    let packed = dossier::corpus::packed_text("report.pdf", &bytes).unwrap_or_default();
    let native = parse("report.pdf", &bytes);
    let page = parse("report.pdf", packed.as_bytes());
    let texts = |p: &ParsedFile| -> Vec<String> {
        p.documents
            .iter()
            .flat_map(|d| {
                d.fields
                    .iter()
                    .map(|f| format!("{} {}", f.kind.name(), f.text))
            })
            .collect()
    };
    assert_eq!(texts(&native), texts(&page));
    assert_eq!(native.extracted.as_deref(), Some(packed.as_str()));
}

#[test]
fn cli_json_marks_extracted_offsets() {
    let exe = env!("CARGO_BIN_EXE_dossier");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/formats");
    let out = std::process::Command::new(exe)
        .arg("parse")
        .arg(&dir)
        .arg("--json")
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
    let files = v["files"].as_array().cloned().unwrap_or_default();
    // The folder walk takes every sample: 3 PDFs, the memo, 2 messages, the mbox.
    assert_eq!(files.len(), 7, "{files:?}");
    let docs = v["documents"].as_array().cloned().unwrap_or_default();
    assert!(docs.len() >= 9);
    for d in &docs {
        assert_eq!(d["offsets"], "extracted");
        let file = files.iter().find(|f| f["name"] == d["file"]);
        let text = file.and_then(|f| f["text"].as_str()).unwrap_or("");
        for b in d["blocks"].as_array().into_iter().flatten() {
            let (s, e) = (b["start"].as_u64(), b["end"].as_u64());
            let (s, e) = (s.unwrap_or(0) as usize, e.unwrap_or(0) as usize);
            assert_eq!(text.get(s..e), b["text"].as_str());
        }
    }
    // A text page keeps offsets into its bytes, unmarked.
    let out = std::process::Command::new(exe)
        .args(["parse", "tests/pages/plain.txt", "--json"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
    assert!(v.get("files").is_none());
    assert!(v["documents"][0].get("offsets").is_none());
}
