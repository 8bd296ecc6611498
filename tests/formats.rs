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

/// A message built from header lines and a body given as bytes (charsets
/// other than UTF-8 need raw bytes).
fn message(headers: &[&str], body: &[u8]) -> Vec<u8> {
    let mut m = headers.join("\r\n").into_bytes();
    m.extend_from_slice(b"\r\n\r\n");
    m.extend_from_slice(body);
    m
}

/// Every body text of a parsed message, one string.
fn body_text(p: &ParsedFile) -> String {
    p.documents
        .iter()
        .flat_map(|d| d.body())
        .map(|f| f.text.as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

const PLAIN_COPY: &str = "The envoy met the Caspian consortium in Atyrau on Monday.";

/// multipart/alternative gives one copy of the body: text/plain when there
/// is one (whatever the order of the parts, and inside multipart/mixed or
/// with the HTML in multipart/related), else the HTML one through the HTML
/// reader; never both.
#[test]
fn mail_alternatives_give_one_copy_of_the_body() {
    let html = "<html><body><p><a href=\"#\">View in browser</a></p>\
                <h2>Atyrau talks</h2><p>The envoy met the <b>Caspian consortium</b> in Atyrau on Monday.</p>\
                </body></html>";
    let plain_part = format!("Content-Type: text/plain; charset=utf-8\r\n\r\n{PLAIN_COPY}\r\n");
    let html_part = format!("Content-Type: text/html; charset=utf-8\r\n\r\n{html}\r\n");
    let alt = |parts: &[&str]| {
        let mut s = String::from("Content-Type: multipart/alternative; boundary=\"alt\"\r\n\r\n");
        for p in parts {
            s.push_str("--alt\r\n");
            s.push_str(p);
        }
        s.push_str("--alt--\r\n");
        s
    };
    let related = format!(
        "Content-Type: multipart/related; boundary=\"rel\"\r\n\r\n--rel\r\n{html_part}--rel\r\n\
         Content-Type: image/png\r\nContent-ID: <logo>\r\nContent-Transfer-Encoding: base64\r\n\r\n\
         iVBORw0KGgo=\r\n--rel--\r\n"
    );
    let mixed = format!(
        "Content-Type: multipart/mixed; boundary=\"mix\"\r\n\r\n--mix\r\n{}--mix\r\n\
         Content-Type: text/plain; name=\"notes.txt\"\r\nContent-Disposition: attachment; filename=\"notes.txt\"\r\n\r\n\
         Attached notes from Aktau.\r\n--mix--\r\n",
        alt(&[&plain_part, &html_part])
    );
    let head = [
        "From: Desk <desk@example.org>",
        "Subject: Atyrau talks",
        "Date: Tue, 19 Mar 2024 08:00:00 +0000",
        "MIME-Version: 1.0",
    ];
    let cases: [(&str, String, bool); 5] = [
        ("plain then html", alt(&[&plain_part, &html_part]), true),
        ("html then plain", alt(&[&html_part, &plain_part]), true),
        (
            "plain beside related html",
            alt(&[&plain_part, &related]),
            true,
        ),
        ("inside mixed, with an attachment", mixed, true),
        ("html only", alt(&[&html_part]), false),
    ];
    for (case, mime, plain) in cases {
        let (ctype, rest) = mime.split_once("\r\n\r\n").unwrap_or_default();
        let mut headers = head.to_vec();
        headers.push(ctype);
        let p = parse("alt.eml", &message(&headers, rest.as_bytes()));
        let text = body_text(&p);
        assert_eq!(
            text.matches("Atyrau on Monday").count(),
            1,
            "{case}: one copy of the body\n{text}"
        );
        let d = &p.documents[0];
        assert_eq!(d.title(), Some("Atyrau talks"), "{case}");
        if plain {
            assert!(
                text.contains(PLAIN_COPY),
                "{case}: the text/plain copy\n{text}"
            );
            assert!(
                !text.contains("View in browser"),
                "{case}: not the HTML copy\n{text}"
            );
        } else {
            // The HTML reader's blocks: its heading and paragraph, bold
            // text kept inside the paragraph.
            assert!(
                d.body()
                    .any(|f| f.kind.name() == "paragraph" && f.text == PLAIN_COPY),
                "{case}: the HTML paragraph, whole\n{text}"
            );
        }
        if case.starts_with("inside mixed") {
            assert_eq!(
                p.documents.len(),
                2,
                "{case}: the message, then its attachment"
            );
            assert!(p.documents[1].body().any(|f| f.text.contains("Aktau")));
        }
        check_extracted(&p);
    }
}

/// Headers and bodies in the charsets mail is written in: RFC 2047
/// encoded words (Q and B), quoted-printable and base64 bodies in
/// ISO-8859-1, Windows-1252 and UTF-8, raw 8-bit bodies, and 8-bit
/// headers sent without encoding.
#[test]
fn mail_charsets_in_headers_and_bodies() {
    // (case, headers, body bytes, byline, title, body text)
    type Case<'a> = (&'a str, Vec<&'a str>, &'a [u8], &'a str, &'a str, &'a str);
    let cases: [Case; 6] = [
        (
            "latin-1 quoted-printable",
            vec![
                "From: =?ISO-8859-1?Q?J=FCrg_Kaufmann?= <jk@example.ch>",
                "Subject: =?iso-8859-1?q?Gespr=E4che_in_Z=FCrich?=",
                "Content-Type: text/plain; charset=ISO-8859-1",
                "Content-Transfer-Encoding: quoted-printable",
            ],
            b"Die Gespr=E4che mit J=FCrg Kaufmann in Z=FCrich dauern an.\r\n",
            "Jürg Kaufmann <jk@example.ch>",
            "Gespräche in Zürich",
            "Die Gespräche mit Jürg Kaufmann in Zürich dauern an.",
        ),
        (
            "windows-1252 quoted-printable, smart quotes and dashes",
            vec![
                "From: =?windows-1252?Q?Ren=E9e_O=92Brien?= <ro@example.ie>",
                "Subject: =?windows-1252?Q?Dublin_=96_the_=93final=94_offer?=",
                "Content-Type: text/plain; charset=windows-1252",
                "Content-Transfer-Encoding: quoted-printable",
            ],
            b"Ren=E9e O=92Brien called it =93final=94 =96 talks end in May.\r\n",
            "Renée O’Brien <ro@example.ie>",
            "Dublin – the “final” offer",
            "Renée O’Brien called it “final” – talks end in May.",
        ),
        (
            "utf-8 base64 words and body",
            vec![
                "From: =?UTF-8?B?0JDQudCz0YPQu9GMINCh0LDQuNC00L7QstCw?= <as@example.kz>",
                "Subject: =?UTF-8?B?0JLRgdGC0YDQtdGH0LAg0LIg0JDRgdGC0LDQvdC1?=",
                "Content-Type: text/plain; charset=utf-8",
                "Content-Transfer-Encoding: base64",
            ],
            b"0JLRgdGC0YDQtdGH0LAg0L/RgNC+0YjQu9CwINCyINCQ0YHRgtCw0L3QtS4=\r\n",
            "Айгуль Саидова <as@example.kz>",
            "Встреча в Астане",
            "Встреча прошла в Астане.",
        ),
        (
            "latin-1 8bit body",
            vec![
                "From: Desk <desk@example.org>",
                "Subject: Malmo",
                "Content-Type: text/plain; charset=iso-8859-1",
                "Content-Transfer-Encoding: 8bit",
            ],
            b"Bj\xf6rn \xc5kesson spoke in Malm\xf6.\r\n",
            "Desk <desk@example.org>",
            "Malmo",
            "Björn Åkesson spoke in Malmö.",
        ),
        (
            "8-bit headers sent raw in UTF-8",
            vec![
                "From: Jürg Kaufmann <jk@example.ch>",
                "Subject: Gespräche in Zürich",
                "Content-Type: text/plain; charset=utf-8",
            ],
            "Kurz: die Gespräche dauern an.\r\n".as_bytes(),
            "Jürg Kaufmann <jk@example.ch>",
            "Gespräche in Zürich",
            "Kurz: die Gespräche dauern an.",
        ),
        (
            "utf-8 quoted-printable soft breaks",
            vec![
                "From: Desk <desk@example.org>",
                "Subject: =?utf-8?Q?K=C3=B6ln?=",
                "Content-Type: text/plain; charset=utf-8",
                "Content-Transfer-Encoding: quoted-printable",
            ],
            b"Die Sitzung in K=C3=B6ln ist auf Donnerstag ver=\r\nschoben worden.\r\n",
            "Desk <desk@example.org>",
            "Köln",
            "Die Sitzung in Köln ist auf Donnerstag verschoben worden.",
        ),
    ];
    for (case, headers, body, from, subject, text) in cases {
        let p = parse("charset.eml", &message(&headers, body));
        assert_eq!(p.documents.len(), 1, "{case}: {:?}", p.diagnostics);
        let d = &p.documents[0];
        assert_eq!(d.byline(), Some(from), "{case}");
        assert_eq!(d.title(), Some(subject), "{case}");
        assert_eq!(body_text(&p), text, "{case}");
        check_extracted(&p);
    }
}

/// Headers in Latin-1 sent raw (8-bit, no encoded words): old clients
/// write them; they are read as Windows-1252, not as U+FFFD.
#[test]
fn mail_raw_latin1_headers() {
    let raw = b"From: J\xfcrg Kaufmann <jk@example.ch>\r\nSubject: Gespr\xe4che in Z\xfcrich\r\n\
                Date: Tue, 19 Mar 2024 08:00:00 +0100\r\nContent-Type: text/plain; charset=iso-8859-1\r\n\r\n\
                Die Gespr\xe4che dauern an.\r\n";
    let p = parse("raw.eml", raw);
    let d = &p.documents[0];
    assert_eq!(d.title(), Some("Gespräche in Zürich"));
    assert_eq!(d.byline(), Some("Jürg Kaufmann <jk@example.ch>"));
    assert_eq!(body_text(&p), "Die Gespräche dauern an.");
    assert!(
        p.diagnostics.iter().any(|d| d.contains("Windows-1252")),
        "the repair is noted: {:?}",
        p.diagnostics
    );
    check_extracted(&p);
}

/// Past 200,000 messages the rest of a mailbox is noted, not read (slow in
/// a debug build: `cargo test --release --test formats -- --ignored`).
#[test]
#[ignore]
fn a_mailbox_past_the_bound_says_so() {
    let mut mbox = String::new();
    for n in 0..200_001 {
        mbox.push_str(&format!(
            "From a@example.org Mon Mar 18 10:00:00 2024\nFrom: a@example.org\nSubject: R{n}\n\nBody {n}.\n\n"
        ));
    }
    let p = parse("huge.mbox", mbox.as_bytes());
    assert_eq!(p.documents.len(), 200_000);
    assert!(
        p.diagnostics
            .iter()
            .any(|d| d.contains("more than 200000 messages")),
        "{:?}",
        p.diagnostics.iter().take(3).collect::<Vec<_>>()
    );
}
