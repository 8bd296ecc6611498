//! The prebuilt index: everything `dossier build` works out natively,
//! written as a small manifest plus chunks, so a page can open a corpus
//! without analysing it and fetch only the chunks a view needs.
//!
//! # Files
//!
//! - `manifest.bin`: loaded first. Format version, corpus statistics
//!   (documents, sections, kinds, date span), BM25F averages, and the chunk
//!   table: for each chunk kind, the ranges (of terms, term ids, documents,
//!   entities or items) each chunk holds, with its file name, length and
//!   checksum.
//! - `dict-*`: the term dictionary by term range; each chunk is an `fst`
//!   map from term to global term id (prefix and typo walks run on it)
//!   with each term's document frequency and flags.
//! - `post-*`: postings by term id range, each term's document list
//!   (document, frequency per field group) then its positions (field,
//!   position, span, written form), delta-coded lists of integers that
//!   postcard writes as varints. Every query reads both halves (its
//!   ranking walks the occurrences), so they share a file: one request
//!   per range. Formats up to 3 wrote them apart (`docs-*`, `pos-*`).
//! - `info-*`: per document the id, title, section, field kinds and BM25F
//!   lengths (result rows and scoring); `store-*`: per document its fields'
//!   text and entity marks (the reading view).
//! - `ent-*` (the entity table with counts), `ment-*` (mentions, by entity
//!   range), `time-*`, `quote-*`, `fig-*`, `pair-*`: pages of at most a few
//!   thousand items, so no view needs the whole corpus at once.
//! - `misc-*`: files with their diagnostics, teasers, acronym pairs, and
//!   the documents of each kind facet.
//! - `rank-*` (since format 5): the entity list in its first order (most
//!   mentioned, then name), pages of whole rows with each entity's number:
//!   the list's first screen reads its first page, not the table.
//! - `own-*` (since format 5), by entity range: how many quotes and
//!   figures each entity has and the first its page shows, whole rows.
//! - `days-*` (since format 5): the timeline counted by date (each sort
//!   key with its events), for every zoom of the axis and to find the
//!   page of a period's events.
//!
//! # Reading on demand
//!
//! A page reads the manifest, `misc`, `info` and `dict` first (what a
//! result list and the scorer need), then the rest as queries and views
//! ask for it ([`Shelf`]): a query's terms' `post`, its shown results'
//! `store`, an article's marks' `ent` rows (all of `ent` for `kind:`,
//! `entity:` and the network), an entity's `ment`; the entity list its
//! first `rank` page; an entity's page its `ment` and `own` rows; the
//! timeline `days` and the `time` page of the range on screen.
//!
//! Every file starts with the magic `DSPK`, the format version (u32, little
//! endian) and a kind byte, then a postcard payload. Chunk names carry the
//! checksum (FNV-1a 64 of the whole file), so a name never points at other
//! bytes: a cache may keep any chunk forever, and the manifest's `build` id
//! names a whole build.
//!
//! # Versions
//!
//! [`FORMAT`] changes whenever any payload's layout does; a reader refuses
//! other versions with [`PackError::Version`] rather than misreading them.
//! Format 2 added written forms (dict and pos), occurrence counts, the
//! kind facets' documents, and aligned the docs and pos ranges; format 4
//! put each range's two halves in one `post` file; format 5 added the
//! views' own chunks (`rank`, `own`, `days`).
//! `tests/golden/pack/` holds an index of the seed built by this version,
//! which the tests load: a layout change without a version change fails
//! there.

mod read;
mod wire;
mod write;

pub use read::{load, Loaded, OwnLists, Pack, Shelf};
pub use wire::*;
pub use write::{write, write_with, Built, Sizes};

/// The layout version of every file of a prebuilt index. 3: the kind
/// facets' document lists cover every kind (`EntityKind::ALL` order), not
/// five, so a format 2 list read by position would name the wrong kind.
/// 4: a term range's document lists and positions in one `post` file
/// (they were `docs` and `pos`), half the requests of a query; and the
/// manifest's statistics carry the first screen's overview. 5: the views'
/// own chunks: the entity list by rank (`rank`), each entity's quotes and
/// figures (`own`) and the timeline's counts by date (`days`), so the
/// entity list, an entity's page and the timeline read what they show.
pub const FORMAT: u32 = 5;

const MAGIC: &[u8; 4] = b"DSPK";
const HEADER: usize = 9;

/// Why a file of a prebuilt index could not be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PackError {
    /// Not a file of a prebuilt index at all.
    NotAPack { name: String },
    /// Written by another version of dossier.
    Version { name: String, found: u32 },
    /// Shorter than its header, or than the manifest says.
    Truncated { name: String },
    /// Its bytes are not what was written (checksum or layout).
    Corrupt { name: String },
    /// Not there.
    Missing { name: String },
}

impl std::fmt::Display for PackError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PackError::NotAPack { name } => write!(f, "{name}: not a file of a dossier index"),
            PackError::Version { name, found } => write!(
                f,
                "{name}: index format {found}, but this explorer reads format {FORMAT}; rebuild it with this version's `dossier build`"
            ),
            PackError::Truncated { name } => write!(f, "{name}: the file is cut short"),
            PackError::Corrupt { name } => {
                write!(f, "{name}: the file is damaged (its contents do not match its checksum)")
            }
            PackError::Missing { name } => write!(f, "{name}: the file is missing"),
        }
    }
}

/// FNV-1a, 64 bits: a checksum against damage, not against tampering.
pub fn checksum(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// The bytes of a file: header, then the payload.
fn envelope(kind: ChunkKind, payload: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(HEADER + payload.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&FORMAT.to_le_bytes());
    out.push(kind as u8);
    out.extend_from_slice(payload);
    out
}

/// The payload of a file, its header checked.
fn open_envelope<'a>(name: &str, kind: ChunkKind, bytes: &'a [u8]) -> Result<&'a [u8], PackError> {
    let named = || name.to_string();
    if bytes.len() < HEADER {
        return Err(if MAGIC.starts_with(bytes) && !bytes.is_empty() {
            PackError::Truncated { name: named() }
        } else {
            PackError::NotAPack { name: named() }
        });
    }
    if bytes.get(..4) != Some(MAGIC.as_slice()) {
        return Err(PackError::NotAPack { name: named() });
    }
    let mut v = [0u8; 4];
    v.copy_from_slice(bytes.get(4..8).unwrap_or(&[0; 4]));
    let found = u32::from_le_bytes(v);
    if found != FORMAT {
        return Err(PackError::Version {
            name: named(),
            found,
        });
    }
    if bytes.get(8).copied() != Some(kind as u8) {
        return Err(PackError::Corrupt { name: named() });
    }
    Ok(bytes.get(HEADER..).unwrap_or(&[]))
}

/// Decode the chunk `r` from `bytes`, checking length, checksum, version
/// and layout.
pub fn decode_chunk<T: serde::de::DeserializeOwned>(
    r: &ChunkRef,
    kind: ChunkKind,
    bytes: &[u8],
) -> Result<T, PackError> {
    let name = || r.name.clone();
    if (bytes.len() as u64) < r.bytes {
        // A cut file fails its header or its checksum; say which it is.
        if bytes.len() >= HEADER {
            open_envelope(&r.name, kind, bytes)?;
        }
        return Err(PackError::Truncated { name: name() });
    }
    let payload = open_envelope(&r.name, kind, bytes)?;
    if checksum(bytes) != r.hash || bytes.len() as u64 != r.bytes {
        return Err(PackError::Corrupt { name: name() });
    }
    postcard::from_bytes(payload).map_err(|_| PackError::Corrupt { name: name() })
}

/// Decode a manifest file.
pub fn decode_manifest(bytes: &[u8]) -> Result<Manifest, PackError> {
    let name = MANIFEST;
    let payload = open_envelope(name, ChunkKind::Manifest, bytes)?;
    postcard::from_bytes(payload).map_err(|_| PackError::Corrupt { name: name.into() })
}

/// Most bytes a bundle may inflate to: a damaged or hostile bundle cannot
/// take the page's memory.
const BUNDLE_LIMIT: usize = 1 << 30;

/// Every file of an index as one deflated file, for a page that cannot
/// fetch (the single file).
pub fn bundle(files: &[(String, Vec<u8>)]) -> Vec<u8> {
    let raw = postcard::to_allocvec(files).unwrap_or_default();
    envelope(ChunkKind::Bundle, &deflate(&raw))
}

/// How much of a bundle is deflated as one piece.
const PIECE: usize = 1 << 20;

/// The deflate level of a bundle. On a BBC build's 15 MB index, miniz
/// takes 0.23 s at level 1 (57.6% of the size), 0.97 s at 5 (50.4%) and
/// 2.66 s at 8 (49.9%): past 5, a build pays twice the time for 0.5%.
const LEVEL: u8 = 5;

/// `raw` deflated at [`LEVEL`] in pieces of [`PIECE`] bytes (natively on every
/// core), joined into one deflate stream the way pigz joins its blocks:
/// every piece but the last ends in a sync flush (byte-aligned, not final),
/// so any inflater reads the whole. Each piece starts with no window, which
/// costs a few bytes in a megabyte; the pieces are fixed, so the bytes are
/// the same on any number of cores, and one piece is plain `compress_to_vec`.
fn deflate(raw: &[u8]) -> Vec<u8> {
    use miniz_oxide::deflate::core::{
        compress_to_output, create_comp_flags_from_zip_params, CompressorOxide, TDEFLFlush,
    };
    let pieces: Vec<&[u8]> = raw.chunks(PIECE).collect();
    let last = pieces.len().saturating_sub(1);
    let one = |(i, piece): (usize, &&[u8])| {
        let mut d = CompressorOxide::new(create_comp_flags_from_zip_params(LEVEL.into(), 0, 0));
        let flush = if i == last {
            TDEFLFlush::Finish
        } else {
            TDEFLFlush::Sync
        };
        let mut out = Vec::with_capacity(piece.len() / 3);
        // The callback takes all it is given, so the whole piece goes in.
        compress_to_output(&mut d, piece, flush, |b| {
            out.extend_from_slice(b);
            true
        });
        out
    };
    if pieces.is_empty() {
        return miniz_oxide::deflate::compress_to_vec(raw, LEVEL);
    }
    #[cfg(not(target_arch = "wasm32"))]
    let done: Vec<Vec<u8>> = {
        use rayon::prelude::*;
        pieces.par_iter().enumerate().map(one).collect()
    };
    #[cfg(target_arch = "wasm32")]
    let done: Vec<Vec<u8>> = pieces.iter().enumerate().map(one).collect();
    done.concat()
}

/// The files of a [`bundle`].
pub fn unbundle(bytes: &[u8]) -> Result<Vec<(String, Vec<u8>)>, PackError> {
    let name = "the embedded index";
    let payload = open_envelope(name, ChunkKind::Bundle, bytes)?;
    let corrupt = || PackError::Corrupt { name: name.into() };
    let raw = miniz_oxide::inflate::decompress_to_vec_with_limit(payload, BUNDLE_LIMIT)
        .map_err(|_| corrupt())?;
    postcard::from_bytes(&raw).map_err(|_| corrupt())
}

/// The manifest's file name.
pub const MANIFEST: &str = "manifest.bin";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn envelope_round_trip_and_refusals() {
        let bytes = envelope(ChunkKind::Misc, b"abc");
        assert_eq!(open_envelope("x", ChunkKind::Misc, &bytes), Ok(&b"abc"[..]));
        assert!(matches!(
            open_envelope("x", ChunkKind::Misc, b"<html>"),
            Err(PackError::NotAPack { .. })
        ));
        assert!(matches!(
            open_envelope("x", ChunkKind::Misc, b"DSP"),
            Err(PackError::Truncated { .. })
        ));
        let mut old = bytes.clone();
        old[4] = 0;
        assert_eq!(
            open_envelope("x", ChunkKind::Misc, &old),
            Err(PackError::Version {
                name: "x".into(),
                found: 0
            })
        );
        assert!(matches!(
            open_envelope("x", ChunkKind::Postings, &bytes),
            Err(PackError::Corrupt { .. })
        ));
    }

    #[test]
    fn a_bundle_deflated_in_pieces_inflates_whole_and_one_piece_is_plain_deflate() {
        let text: Vec<u8> = (0..PIECE * 5 / 2)
            .map(|i| b"Kabul Herat Jurg 0123456789"[i * 7 % 27] ^ (i / 4099) as u8)
            .collect();
        let pieced = deflate(&text);
        let whole = miniz_oxide::deflate::compress_to_vec(&text, LEVEL);
        let inflated = miniz_oxide::inflate::decompress_to_vec(&pieced).ok();
        assert!(
            inflated.as_deref() == Some(&text[..]),
            "does not inflate back"
        );
        // Three windows started afresh cost under 1% here.
        assert!(
            pieced.len() * 100 < whole.len() * 101,
            "{} vs {}",
            pieced.len(),
            whole.len()
        );
        let small = &text[..PIECE];
        assert_eq!(
            deflate(small),
            miniz_oxide::deflate::compress_to_vec(small, LEVEL)
        );
        let empty = miniz_oxide::inflate::decompress_to_vec(&deflate(b"")).ok();
        assert_eq!(empty, Some(Vec::new()));
    }

    #[test]
    fn bundle_round_trip_and_damage() {
        let files = vec![
            ("manifest.bin".to_string(), vec![1, 2, 3]),
            ("dict-0.bin".to_string(), "Jürg".repeat(100).into_bytes()),
        ];
        let b = bundle(&files);
        assert!(b.len() < 200, "deflated: {}", b.len());
        assert_eq!(unbundle(&b), Ok(files));
        let mut bad = b.clone();
        let last = bad.len() - 3;
        bad[last] ^= 0xff;
        bad.truncate(bad.len() - 1);
        assert!(unbundle(&bad).is_err());
        assert!(matches!(
            unbundle(b"DSPK"),
            Err(PackError::Truncated { .. })
        ));
    }

    #[test]
    fn checksum_sees_one_flipped_bit() {
        let a = b"the emir of the Taliban".to_vec();
        let mut b = a.clone();
        b[3] ^= 1;
        assert_ne!(checksum(&a), checksum(&b));
    }
}
