//! dossier: a private, offline explorer for news and intelligence text.
//!
//! The crate is a pipeline of plain-Rust stages, each owning one question:
//!
//! 1. [`corpus`] turns the bytes of scraped pages (text, HTML, Markdown) into
//!    [`corpus::Document`]s made of typed [`corpus::Field`]s, repairing what the
//!    scrape broke while keeping an [`text::OffsetMap`] back to the original bytes.
//! 2. [`entities`] finds people, organisations, places, dates and quantities in
//!    those fields and merges their mentions into entities.
//! 3. [`search`] indexes the fields and answers queries with ranked documents,
//!    snippets and hit spans, all as data (no markup anywhere in the core).
//!
//! Every span the core hands out is a half-open UTF-8 byte [`Span`] into the text
//! it names: a field's repaired text, or (after [`text::OffsetMap`]) the input
//! file. Conversion to UTF-16 for JavaScript happens once, in `wasm`, and nowhere
//! else.
//!
//! The core never panics on input: parsers return results plus diagnostics.
//!
//! ```
//! let corpus = dossier::Corpus::bundled();
//! let entities = dossier::entities::extract(&corpus);
//! let index = dossier::search::Index::build(&corpus, &entities);
//! let found = index.search(&corpus, "Yuldash", 10);
//! assert_eq!(found.results[0].doc, 0);
//! ```

pub mod bundle;
pub mod corpus;
pub mod entities;
pub mod events;
pub mod explore;
pub mod pack;
pub mod route;
pub mod search;
pub mod span;
pub mod text;
pub mod wasm;
pub mod workspace;

#[cfg(target_arch = "wasm32")]
pub(crate) mod ui;

pub use corpus::Corpus;
pub use span::Span;
pub use workspace::Workspace;
