//! Saved HTML: one small page per defect the reader once had, each asserting
//! what a reader of the parsed corpus would notice (text kept, text not
//! doubled, chrome left out, characters decoded, offsets exact), and
//! generated pathological input that must stay bounded.

use dossier::corpus::{parse, Document, FieldKind, ParsedFile};

/// A paragraph long enough to count as content anywhere.
const STORY: &str = "The port authority said on Tuesday that grain exports through the \
    northern terminal rose by a third in March, the largest monthly rise since the \
    corridor opened, as insurers cut the premiums they charge for ships calling there.";
const STORY_2: &str = "Traders in Odesa said the figures matched what they saw on the \
    quays, where queues of lorries have shortened, although rail wagons remain scarce \
    and the winter backlog has not yet been cleared from the inland silos.";

fn read(html: &str) -> ParsedFile {
    parse("page.html", html.as_bytes())
}

fn body(doc: &Document) -> String {
    doc.fields
        .iter()
        .filter(|f| f.kind.is_body())
        .map(|f| f.text.as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

fn all_body(p: &ParsedFile) -> String {
    p.documents.iter().map(body).collect::<Vec<_>>().join("\n")
}

/// A page whose article sits in `open` ... `close`, beside a real sidebar.
fn page_with(open: &str, close: &str) -> String {
    format!(
        "<html><head><title>Grain exports rise by a third | Port News</title></head><body>\
         <header><nav><a href=/>Home</a> <a href=/world>World</a></nav></header>\
         {open}<h1>Grain exports rise by a third</h1><p>{STORY}</p><p>{STORY_2}</p>{close}\
         <aside class=sidebar><h3>Popular</h3><ul><li><a href=/a>Other story</a></li></ul></aside>\
         <footer>Copyright Port News</footer></body></html>"
    )
}

#[test]
fn class_words_never_drop_the_article_container() {
    // Class words that contain a boilerplate keyword but name the article's
    // own container: the body must be read in every case.
    let wrappers = [
        (
            "layout-with-sidebar",
            "<div class=\"main-column layout-with-sidebar\"><article>",
            "</article></div>",
        ),
        (
            "paywall",
            "<div class=\"article-body paywall-content\">",
            "</div>",
        ),
        (
            "widget wrapper",
            "<div class=\"elementor-widget-container widget\">",
            "</div>",
        ),
        (
            "WordPress category",
            "<article class=\"post-91 post type-post category-advertising-news tag-ads\">",
            "</article>",
        ),
        (
            "modal-enabled",
            "<div class=\"story-box modal-enabled\">",
            "</div>",
        ),
        (
            "menu in a transition",
            "<div class=\"page-transition menu-closed\"><div class=\"entry\">",
            "</div></div>",
        ),
        (
            "form",
            "<form id=aspnetForm method=post action=page.aspx><div id=main>",
            "</div></form>",
        ),
    ];
    for (what, open, close) in wrappers {
        let p = read(&page_with(open, close));
        assert_eq!(p.documents.len(), 1, "{what}: one document");
        let text = all_body(&p);
        assert!(
            text.contains("insurers cut the premiums"),
            "{what}: first paragraph lost: {text:?}"
        );
        assert!(
            text.contains("winter backlog"),
            "{what}: second paragraph lost: {text:?}"
        );
        assert!(
            !text.contains("Other story"),
            "{what}: sidebar read as content"
        );
        assert!(
            !text.contains("Copyright"),
            "{what}: footer read as content"
        );
        assert_eq!(
            p.documents[0].title(),
            Some("Grain exports rise by a third"),
            "{what}"
        );
    }
}

#[test]
fn a_whole_page_inside_a_form_is_read() {
    let html = format!(
        "<html><body><form id=form1><div class=wrapper><p>{STORY}</p><p>{STORY_2}</p></div></form></body></html>"
    );
    let text = all_body(&read(&html));
    assert!(
        text.contains("insurers cut") && text.contains("winter backlog"),
        "{text:?}"
    );
}

#[test]
fn inline_embeds_never_split_or_lose_a_paragraph() {
    let embeds = [
        "<script>track('x')</script>",
        "<iframe src=https://example.org/v></iframe>",
        "<object data=movie.swf><param name=a value=b></object>",
        "<video src=clip.mp4><track src=c.vtt></video>",
        "<noscript><img src=pixel.gif></noscript>",
        "<svg viewBox=\"0 0 1 1\"><text>icon</text></svg>",
    ];
    for e in embeds {
        let html = format!(
            "<html><body><article><p>{STORY}</p><p>Officials in Kyiv {e} confirmed the figures {e} on Wednesday \
             and said more ships were due, a sign of confidence in the route.</p><p>{STORY_2}</p></article></body></html>"
        );
        let p = read(&html);
        let doc = &p.documents[0];
        let paras: Vec<&str> = doc
            .fields
            .iter()
            .filter(|f| f.kind.is_body())
            .map(|f| f.text.as_str())
            .collect();
        assert_eq!(paras.len(), 3, "{e}: {paras:?}");
        assert_eq!(
            paras[1],
            "Officials in Kyiv confirmed the figures on Wednesday and said more ships were due, a sign of confidence in the route.",
            "{e}"
        );
        assert!(
            doc.fields.iter().all(|f| f.kind != FieldKind::Heading),
            "{e}: split into a heading"
        );
    }
}

#[test]
fn hidden_copies_are_not_counted_twice() {
    for hide in [
        "style=\"display: none\"",
        "hidden",
        "aria-hidden=\"true\"",
        "style=\"visibility:hidden\"",
    ] {
        let html = format!(
            "<html><body><article><h1>Grain exports rise</h1><div itemprop=articleBody><p>{STORY}</p><p>{STORY_2}</p></div>\
             <div {hide} itemprop=articleBody><p>{STORY}</p><p>{STORY_2}</p></div></article></body></html>"
        );
        let text = all_body(&read(&html));
        assert_eq!(
            text.matches("insurers cut the premiums").count(),
            1,
            "{hide}: {text:?}"
        );
        assert_eq!(text.matches("winter backlog").count(), 1, "{hide}");
    }
}

#[test]
fn teaser_cards_and_most_read_lists_are_not_articles() {
    let card = |n: usize| {
        format!(
            "<div class=card><a href=/s{n}><img src=/i{n}.jpg><h3>Other headline number {n} about ports</h3></a>\
             <p><a href=/s{n}>A short teaser for story {n}</a></p></div>"
        )
    };
    let cards: String = (0..8).map(card).collect();
    let most: String = (0..6)
        .map(|n| {
            format!("<li><a href=/m{n}>Most read story {n} with a long enough headline</a></li>")
        })
        .collect();
    let html = format!(
        "<html><head><title>Grain exports rise by a third</title></head><body>\
         <article><h1>Grain exports rise by a third</h1><p>{STORY}</p><p>{STORY_2}</p></article>\
         <section class=related><h2>More from Port News</h2>{cards}</section>\
         <section><h2>Most read</h2><ol>{most}</ol></section></body></html>"
    );
    let p = read(&html);
    assert_eq!(p.documents.len(), 1, "teasers became documents");
    let text = all_body(&p);
    assert!(text.contains("insurers cut") && text.contains("winter backlog"));
    assert!(!text.contains("Other headline"), "{text:?}");
    assert!(!text.contains("Most read story"), "{text:?}");
}

#[test]
fn named_and_windows_1252_references_decode_with_exact_spans() {
    let para = "Anders &Aring;ngstr&ouml;m met &Eacute;tienne in S&atilde;o Paulo &#150; &#147;a good year&#148;, \
                they said &mdash; and the &CounterClockwiseContourIntegral; sign &amp; &#x2019;s stayed.";
    let html = format!("<html><body><article><p>{STORY}</p><p>{para}</p></article></body></html>");
    let p = read(&html);
    let f = p.documents[0]
        .fields
        .iter()
        .find(|f| f.text.starts_with("Anders"))
        .expect("the paragraph");
    assert_eq!(
        f.text,
        "Anders Ångström met Étienne in São Paulo – “a good year”, they said — and the ∳ sign & ’s stayed."
    );
    // Every character maps back onto the bytes it came from.
    let src = html.as_str();
    for (word, raw) in [
        ("Ångström", "&Aring;ngstr&ouml;m"),
        ("–", "&#150;"),
        ("“", "&#147;"),
        ("∳", "&CounterClockwiseContourIntegral;"),
    ] {
        let at = f.text.find(word).expect("word");
        let o = f.original(dossier::Span::new(at, at + word.len()));
        assert_eq!(&src[o.start..o.end], raw, "{word}");
    }
}

#[test]
fn plain_paragraphs_keep_the_cli_contract() {
    let html = format!(
        "<html><head><title>Port News</title></head><body><div id=content><h1>Grain exports rise by a third</h1>\
         <p>{STORY}</p>\n<p>{STORY_2}</p></div></body></html>"
    );
    let p = read(&html);
    for f in &p.documents[0].fields {
        // Text without markup or references inside: the bytes are the text.
        if f.kind.is_body() {
            assert_eq!(&html[f.span.start..f.span.end], f.text, "{:?}", f.kind);
        }
    }
}

#[test]
fn html_nested_100000_deep_is_read_with_a_note() {
    let depth = 100_000;
    let html = format!(
        "<html><body>{}<p>{STORY}</p>{}<p>{STORY_2}</p></body></html>",
        "<div>".repeat(depth),
        "</div>".repeat(depth)
    );
    let p = read(&html);
    let text = all_body(&p);
    assert!(
        text.contains("insurers cut") && text.contains("winter backlog"),
        "text lost"
    );
    assert!(
        p.diagnostics
            .iter()
            .any(|d| d.contains("nested deeper than")),
        "{:?}",
        p.diagnostics
    );
}

#[test]
fn one_long_line_with_stray_quotes_loses_nothing() {
    // One line of about a megabyte: paragraphs with stray quotes and
    // angle brackets in the text; every paragraph stays.
    let mut html = String::from("<html><body><div id=main>");
    for n in 0..20_000 {
        html.push_str(&format!(
            "<p class=x{n}>Line {n} of the log, 5\" < 6' with words enough to read.</p>"
        ));
    }
    html.push_str("</div></body></html>");
    let p = read(&html);
    let text = all_body(&p);
    for n in [0, 1, 9_999, 19_999] {
        assert!(
            text.contains(&format!("Line {n} of the log")),
            "line {n} lost"
        );
    }
}
