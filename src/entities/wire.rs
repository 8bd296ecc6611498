//! The `dossier entities --json` contract.

use super::EntitySet;
use crate::corpus::Corpus;
use serde::Serialize;

#[derive(Serialize)]
pub struct EntitiesOutput {
    pub entities: Vec<EntityOut>,
    pub acronyms: Vec<AcronymOut>,
}

#[derive(Serialize)]
pub struct EntityOut {
    pub name: String,
    pub kind: &'static str,
    pub aliases: Vec<String>,
    pub mentions: Vec<MentionOut>,
    /// For dates, the normalised value ("2021-03-12", "2015 (late)").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// The acronym the text pairs with it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub acronym: Option<String>,
}

#[derive(Serialize)]
pub struct MentionOut {
    pub file: String,
    pub document: String,
    pub start: usize,
    pub end: usize,
    pub text: String,
}

#[derive(Serialize)]
pub struct AcronymOut {
    pub short: String,
    pub long: String,
    pub file: String,
}

impl EntitiesOutput {
    /// `sources` gives each file's bytes by name, to report mentions as
    /// they appear in the input.
    pub fn new<'a>(
        corpus: &Corpus,
        set: &EntitySet,
        source: impl Fn(&str) -> Option<&'a [u8]>,
    ) -> EntitiesOutput {
        let entities = set
            .entities
            .iter()
            .map(|e| EntityOut {
                name: e.name.clone(),
                kind: e.kind.name(),
                aliases: e.aliases.clone(),
                value: e.value.clone(),
                acronym: e.acronym.clone(),
                mentions: e
                    .mentions
                    .iter()
                    .filter_map(|m| {
                        let doc = corpus.documents.get(m.doc)?;
                        let field = doc.fields.get(m.field)?;
                        let span = field.original(m.span);
                        let bytes = source(&doc.file)?.get(span.start..span.end)?;
                        Some(MentionOut {
                            file: doc.file.clone(),
                            document: doc.id.clone(),
                            start: span.start,
                            end: span.end,
                            text: String::from_utf8_lossy(bytes).into_owned(),
                        })
                    })
                    .collect(),
            })
            .collect();
        let acronyms = set
            .acronyms
            .iter()
            .map(|a| AcronymOut {
                short: a.short.clone(),
                long: a.long.clone(),
                file: a.file.clone(),
            })
            .collect();
        EntitiesOutput { entities, acronyms }
    }
}
