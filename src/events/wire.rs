//! The `dossier timeline|quotes|figures --json` contracts, and the CSV
//! exports shared by the command line and the page.
//!
//! Offsets (`start`, `end`, `date_start`, ...) are UTF-8 byte offsets into
//! the input file named by `file`, half-open; every `text`-like field equals
//! the input bytes under its offsets.
//!
//! * `{"events": [{file, document, date, value, approximate, relative,
//!   date_start, date_end, start, end, text, entities: [name]}]}`: sorted by
//!   date; `text` is the sentence, `date` the date expression, `value` the
//!   normalised date ("2021-02-03", "2015 (late)", "1990s (mid)",
//!   "1999/2000", or the expression itself when unresolved).
//! * `{"quotes": [{file, document, text, start, end, speaker, speaker_entity,
//!   speaker_start, speaker_end, cue, attribution}]}`: `text` is the quoted
//!   text without marks; `speaker` as the text names it (null when
//!   unattributed), `speaker_entity` the entity's name; `attribution` is
//!   "attributed" or "unattributed".
//! * `{"figures": [{file, document, entity, quantity, quantity_start,
//!   quantity_end, qualifier, number, upper, unit, start, end, sentence}]}`.

use super::{Event, Figure, Quote};
use crate::corpus::{Corpus, Field};
use crate::entities::EntitySet;
use crate::explore::export::field as csv_field;
use crate::span::Span;
use serde::Serialize;

#[derive(Serialize)]
pub struct TimelineOutput {
    pub events: Vec<EventOut>,
}

#[derive(Serialize)]
pub struct EventOut {
    pub file: String,
    pub document: String,
    pub date: String,
    pub value: String,
    pub approximate: bool,
    pub relative: bool,
    pub date_start: usize,
    pub date_end: usize,
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub entities: Vec<String>,
}

#[derive(Serialize)]
pub struct QuotesOutput {
    pub quotes: Vec<QuoteOut>,
}

#[derive(Serialize)]
pub struct QuoteOut {
    pub file: String,
    pub document: String,
    pub text: String,
    pub start: usize,
    pub end: usize,
    pub speaker: Option<String>,
    pub speaker_entity: Option<String>,
    pub speaker_start: Option<usize>,
    pub speaker_end: Option<usize>,
    pub cue: Option<String>,
    pub attribution: &'static str,
}

#[derive(Serialize)]
pub struct FiguresOutput {
    pub figures: Vec<FigureOut>,
}

#[derive(Serialize)]
pub struct FigureOut {
    pub file: String,
    pub document: String,
    pub entity: Option<String>,
    pub quantity: String,
    pub quantity_start: usize,
    pub quantity_end: usize,
    pub qualifier: Option<String>,
    pub number: Option<f64>,
    pub upper: Option<f64>,
    pub unit: Option<String>,
    pub start: usize,
    pub end: usize,
    pub sentence: String,
}

/// Input offsets and input text of a span of a field.
fn located(field: &Field, span: Span, bytes: Option<&[u8]>) -> Option<(usize, usize, String)> {
    let o = field.original(span);
    let b = bytes?.get(o.start..o.end)?;
    Some((o.start, o.end, String::from_utf8_lossy(b).into_owned()))
}

fn place(corpus: &Corpus, doc: usize, field: usize) -> Option<(&str, &str, &Field)> {
    let d = corpus.documents.get(doc)?;
    Some((d.file.as_str(), d.id.as_str(), d.fields.get(field)?))
}

fn name(set: &EntitySet, e: Option<usize>) -> Option<String> {
    e.and_then(|i| set.entities.get(i)).map(|x| x.name.clone())
}

impl TimelineOutput {
    /// `source` gives each file's bytes by name.
    pub fn new<'a>(
        corpus: &Corpus,
        set: &EntitySet,
        events: &[Event],
        source: impl Fn(&str) -> Option<&'a [u8]>,
    ) -> TimelineOutput {
        let events = events
            .iter()
            .filter_map(|e| {
                let (file, document, field) = place(corpus, e.doc, e.field)?;
                let bytes = source(file);
                let (start, end, text) = located(field, e.sentence, bytes)?;
                let (date_start, date_end, date) = located(field, e.date, bytes)?;
                Some(EventOut {
                    file: file.to_string(),
                    document: document.to_string(),
                    date,
                    value: e.value.clone(),
                    approximate: e.approximate,
                    relative: e.relative,
                    date_start,
                    date_end,
                    start,
                    end,
                    text,
                    entities: e
                        .entities
                        .iter()
                        .filter_map(|&i| name(set, Some(i)))
                        .collect(),
                })
            })
            .collect();
        TimelineOutput { events }
    }
}

impl QuotesOutput {
    pub fn new<'a>(
        corpus: &Corpus,
        set: &EntitySet,
        quotes: &[Quote],
        source: impl Fn(&str) -> Option<&'a [u8]>,
    ) -> QuotesOutput {
        let quotes = quotes
            .iter()
            .filter_map(|q| {
                let (file, document, field) = place(corpus, q.doc, q.field)?;
                let bytes = source(file);
                let (start, end, text) = located(field, q.span, bytes)?;
                let sp = q.speaker_span.map(|s| field.original(s));
                Some(QuoteOut {
                    file: file.to_string(),
                    document: document.to_string(),
                    text,
                    start,
                    end,
                    speaker: q.speaker_text.clone(),
                    speaker_entity: name(set, q.speaker),
                    speaker_start: sp.map(|s| s.start),
                    speaker_end: sp.map(|s| s.end),
                    cue: q.cue.clone(),
                    attribution: if q.speaker_text.is_some() {
                        "attributed"
                    } else {
                        "unattributed"
                    },
                })
            })
            .collect();
        QuotesOutput { quotes }
    }
}

impl FiguresOutput {
    pub fn new<'a>(
        corpus: &Corpus,
        set: &EntitySet,
        figures: &[Figure],
        source: impl Fn(&str) -> Option<&'a [u8]>,
    ) -> FiguresOutput {
        let figures = figures
            .iter()
            .filter_map(|f| {
                let (file, document, field) = place(corpus, f.doc, f.field)?;
                let bytes = source(file);
                let (start, end, sentence) = located(field, f.sentence, bytes)?;
                let (quantity_start, quantity_end, quantity) = located(field, f.quantity, bytes)?;
                Some(FigureOut {
                    file: file.to_string(),
                    document: document.to_string(),
                    entity: name(set, f.entity),
                    quantity,
                    quantity_start,
                    quantity_end,
                    qualifier: f.qualifier.clone(),
                    number: f.number,
                    upper: f.upper,
                    unit: f.unit.clone(),
                    start,
                    end,
                    sentence,
                })
            })
            .collect();
        FiguresOutput { figures }
    }
}

fn row(out: &mut String, fields: &[&str]) {
    let line: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
    out.push_str(&line.join(","));
    out.push_str("\r\n");
}

/// The text of a span of a field, and its input offsets as strings.
fn cells(
    corpus: &Corpus,
    doc: usize,
    field: usize,
    span: Span,
) -> (String, String, String, String, String) {
    match place(corpus, doc, field) {
        Some((file, id, f)) => {
            let o = f.original(span);
            (
                file.to_string(),
                id.to_string(),
                span.slice(&f.text).to_string(),
                o.start.to_string(),
                o.end.to_string(),
            )
        }
        None => Default::default(),
    }
}

fn opt_num(n: Option<f64>) -> String {
    n.map(|v| v.to_string()).unwrap_or_default()
}

/// `value,date,approximate,document,entities,sentence,file,start,end`, in timeline order.
pub fn timeline_csv(corpus: &Corpus, set: &EntitySet, events: &[Event]) -> String {
    let mut out = String::new();
    row(
        &mut out,
        &[
            "value",
            "date",
            "approximate",
            "document",
            "entities",
            "sentence",
            "file",
            "start",
            "end",
        ],
    );
    for e in events {
        let (file, doc, sentence, start, end) = cells(corpus, e.doc, e.field, e.sentence);
        let (_, _, date, _, _) = cells(corpus, e.doc, e.field, e.date);
        let names: Vec<String> = e
            .entities
            .iter()
            .filter_map(|&i| name(set, Some(i)))
            .collect();
        row(
            &mut out,
            &[
                &e.value,
                &date,
                if e.approximate { "yes" } else { "no" },
                &doc,
                &names.join("; "),
                &sentence,
                &file,
                &start,
                &end,
            ],
        );
    }
    out
}

/// `quote,speaker,speaker_entity,cue,attribution,document,file,start,end`.
pub fn quotes_csv(corpus: &Corpus, set: &EntitySet, quotes: &[Quote]) -> String {
    let mut out = String::new();
    row(
        &mut out,
        &[
            "quote",
            "speaker",
            "speaker_entity",
            "cue",
            "attribution",
            "document",
            "file",
            "start",
            "end",
        ],
    );
    for q in quotes {
        let (file, doc, text, start, end) = cells(corpus, q.doc, q.field, q.span);
        row(
            &mut out,
            &[
                &text,
                q.speaker_text.as_deref().unwrap_or(""),
                &name(set, q.speaker).unwrap_or_default(),
                q.cue.as_deref().unwrap_or(""),
                if q.speaker_text.is_some() {
                    "attributed"
                } else {
                    "unattributed"
                },
                &doc,
                &file,
                &start,
                &end,
            ],
        );
    }
    out
}

/// `entity,quantity,qualifier,number,upper,unit,document,sentence,file,start,end`.
pub fn figures_csv(corpus: &Corpus, set: &EntitySet, figures: &[Figure]) -> String {
    let mut out = String::new();
    row(
        &mut out,
        &[
            "entity",
            "quantity",
            "qualifier",
            "number",
            "upper",
            "unit",
            "document",
            "sentence",
            "file",
            "start",
            "end",
        ],
    );
    for f in figures {
        let (file, doc, sentence, start, end) = cells(corpus, f.doc, f.field, f.sentence);
        let (_, _, quantity, _, _) = cells(corpus, f.doc, f.field, f.quantity);
        row(
            &mut out,
            &[
                &name(set, f.entity).unwrap_or_default(),
                &quantity,
                f.qualifier.as_deref().unwrap_or(""),
                &opt_num(f.number),
                &opt_num(f.upper),
                f.unit.as_deref().unwrap_or(""),
                &doc,
                &sentence,
                &file,
                &start,
                &end,
            ],
        );
    }
    out
}
