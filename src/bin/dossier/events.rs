//! `dossier timeline`, `dossier quotes` and `dossier figures`: the events
//! stage of the core, printed as a table, JSON (`--json`) or CSV (`--csv`).

use dossier::entities::EntitySet;
use dossier::events::wire::{
    figures_csv, quotes_csv, timeline_csv, FiguresOutput, QuotesOutput, TimelineOutput,
};
use dossier::{events, Corpus};

/// How to print: a table for people, JSON or CSV for tools.
#[derive(Clone, Copy)]
pub enum Format {
    Table,
    Json,
    Csv,
}

fn json(value: &impl serde::Serialize) -> Result<(), String> {
    let s = serde_json::to_string(value).map_err(|e| e.to_string())?;
    outln!("{s}");
    Ok(())
}

/// One line for the table: tabs and newlines in corpus text would break it.
fn flat(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

pub fn timeline<'a>(
    corpus: &Corpus,
    set: &EntitySet,
    format: Format,
    source: impl Fn(&str) -> Option<&'a [u8]>,
) -> Result<(), String> {
    let found = events::timeline(corpus, set);
    match format {
        Format::Csv => out!("{}", timeline_csv(corpus, set, &found)),
        Format::Json => return json(&TimelineOutput::new(corpus, set, &found, source)),
        Format::Table => {
            for e in TimelineOutput::new(corpus, set, &found, source).events {
                let mark = if e.approximate { "~" } else { "" };
                outln!("{mark}{}\t{}\t{}", e.value, e.document, flat(&e.text));
            }
        }
    }
    Ok(())
}

pub fn quotes<'a>(
    corpus: &Corpus,
    set: &EntitySet,
    format: Format,
    source: impl Fn(&str) -> Option<&'a [u8]>,
) -> Result<(), String> {
    let found = events::quotes(corpus, set);
    match format {
        Format::Csv => out!("{}", quotes_csv(corpus, set, &found)),
        Format::Json => return json(&QuotesOutput::new(corpus, set, &found, source)),
        Format::Table => {
            for q in QuotesOutput::new(corpus, set, &found, source).quotes {
                let who = q.speaker.as_deref().unwrap_or("(unattributed)");
                outln!("{}\t{}\t“{}”", flat(who), q.document, flat(&q.text));
            }
        }
    }
    Ok(())
}

pub fn figures<'a>(
    corpus: &Corpus,
    set: &EntitySet,
    format: Format,
    source: impl Fn(&str) -> Option<&'a [u8]>,
) -> Result<(), String> {
    let found = events::figures(corpus, set);
    match format {
        Format::Csv => out!("{}", figures_csv(corpus, set, &found)),
        Format::Json => return json(&FiguresOutput::new(corpus, set, &found, source)),
        Format::Table => {
            for f in FiguresOutput::new(corpus, set, &found, source).figures {
                outln!(
                    "{}\t{}\t{}",
                    f.entity.as_deref().unwrap_or("-"),
                    flat(&f.quantity),
                    flat(&f.sentence)
                );
            }
        }
    }
    Ok(())
}
