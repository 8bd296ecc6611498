//! Just enough of ZIP to read the parts of a `.docx`: the central
//! directory (ZIP64 too), stored and deflated entries, inflated by
//! `miniz_oxide` (which the page carries for its own index). The `zip`
//! crate cost the page's wasm 60 KB gzip more for writers and methods a
//! Word file never uses.
//!
//! Every offset and size is checked against the file before use; an entry
//! is inflated to at most the bound its caller gives, whatever its header
//! claims.

/// One entry of the central directory.
struct Entry {
    name: String,
    method: u16,
    flags: u16,
    compressed: u64,
    size: u64,
    local: u64,
}

pub(super) struct Archive<'a> {
    bytes: &'a [u8],
    entries: Vec<Entry>,
}

/// Why an entry or an archive cannot be read.
#[derive(Debug, PartialEq)]
pub(super) enum Error {
    NotZip(&'static str),
    /// More entries than the caller's bound.
    TooMany(u64),
    Missing,
    /// Declared or actual inflated size over the bound.
    TooBig(Option<u64>),
    Unreadable(String),
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        match self {
            Error::NotZip(why) => write!(f, "not a ZIP archive: {why}"),
            Error::TooMany(n) => write!(f, "{n} entries"),
            Error::Missing => write!(f, "no such entry"),
            Error::TooBig(Some(n)) => write!(f, "would inflate to {n} bytes"),
            Error::TooBig(None) => write!(f, "inflates past the bound"),
            Error::Unreadable(why) => write!(f, "{why}"),
        }
    }
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

fn u64_at(b: &[u8], at: usize) -> Option<u64> {
    Some(u64::from_le_bytes(b.get(at..at + 8)?.try_into().ok()?))
}

const EOCD: u32 = 0x0605_4b50;
const EOCD64: u32 = 0x0606_4b50;
const LOCATOR64: u32 = 0x0706_4b50;
const CENTRAL: u32 = 0x0201_4b50;
const LOCAL: u32 = 0x0403_4b50;

impl<'a> Archive<'a> {
    /// The central directory of `bytes`, refused past `max_entries`.
    pub fn new(bytes: &'a [u8], max_entries: u64) -> Result<Archive<'a>, Error> {
        // The end record sits in the last 22 bytes plus a comment of at
        // most 65,535.
        let from = bytes.len().saturating_sub(22 + 65_535);
        let eocd = (from..=bytes.len().saturating_sub(22))
            .rev()
            .find(|&i| u32_at(bytes, i) == Some(EOCD))
            .ok_or(Error::NotZip("no end of central directory"))?;
        let bad = || Error::NotZip("a damaged central directory");
        let mut count = u64::from(u16_at(bytes, eocd + 10).ok_or_else(bad)?);
        let mut offset = u64::from(u32_at(bytes, eocd + 16).ok_or_else(bad)?);
        if count == 0xffff || offset == 0xffff_ffff {
            let loc = eocd.checked_sub(20).ok_or_else(bad)?;
            if u32_at(bytes, loc) == Some(LOCATOR64) {
                let rec =
                    usize::try_from(u64_at(bytes, loc + 8).ok_or_else(bad)?).map_err(|_| bad())?;
                if u32_at(bytes, rec) != Some(EOCD64) {
                    return Err(bad());
                }
                count = u64_at(bytes, rec + 32).ok_or_else(bad)?;
                offset = u64_at(bytes, rec + 48).ok_or_else(bad)?;
            }
        }
        if count > max_entries {
            return Err(Error::TooMany(count));
        }
        let mut at = usize::try_from(offset).map_err(|_| bad())?;
        let mut entries = Vec::new();
        for _ in 0..count {
            if u32_at(bytes, at) != Some(CENTRAL) {
                return Err(bad());
            }
            let field = |o: usize| u16_at(bytes, at + o).ok_or_else(bad);
            let word = |o: usize| u32_at(bytes, at + o).ok_or_else(bad);
            let flags = field(8)?;
            let method = field(10)?;
            let mut compressed = u64::from(word(20)?);
            let mut size = u64::from(word(24)?);
            let name_len = usize::from(field(28)?);
            let extra_len = usize::from(field(30)?);
            let comment_len = usize::from(field(32)?);
            let mut local = u64::from(word(42)?);
            let name = bytes.get(at + 46..at + 46 + name_len).ok_or_else(bad)?;
            let extra = bytes
                .get(at + 46 + name_len..at + 46 + name_len + extra_len)
                .ok_or_else(bad)?;
            // ZIP64 sizes and offset, in this order, for each field that
            // says 0xffffffff.
            let mut e = 0;
            while e + 4 <= extra.len() {
                let id = u16_at(extra, e).ok_or_else(bad)?;
                let len = usize::from(u16_at(extra, e + 2).ok_or_else(bad)?);
                if id == 1 {
                    let mut v = e + 4;
                    for slot in [&mut size, &mut compressed, &mut local] {
                        if *slot == 0xffff_ffff {
                            *slot = u64_at(extra, v).ok_or_else(bad)?;
                            v += 8;
                        }
                    }
                }
                e += 4 + len;
            }
            entries.push(Entry {
                name: String::from_utf8_lossy(name).into_owned(),
                method,
                flags,
                compressed,
                size,
                local,
            });
            at += 46 + name_len + extra_len + comment_len;
        }
        Ok(Archive { bytes, entries })
    }

    /// The inflated bytes of entry `name`, at most `cap` of them.
    pub fn read(&self, name: &str, cap: u64) -> Result<Vec<u8>, Error> {
        let e = self
            .entries
            .iter()
            .find(|e| e.name == name)
            .ok_or(Error::Missing)?;
        if e.size > cap {
            return Err(Error::TooBig(Some(e.size)));
        }
        if e.flags & 1 != 0 {
            return Err(Error::Unreadable("encrypted".into()));
        }
        let bad = || Error::Unreadable("a damaged entry header".into());
        let at = usize::try_from(e.local).map_err(|_| bad())?;
        if u32_at(self.bytes, at) != Some(LOCAL) {
            return Err(bad());
        }
        let name_len = usize::from(u16_at(self.bytes, at + 26).ok_or_else(bad)?);
        let extra_len = usize::from(u16_at(self.bytes, at + 28).ok_or_else(bad)?);
        let start = at + 30 + name_len + extra_len;
        let len = usize::try_from(e.compressed).map_err(|_| bad())?;
        let data = self
            .bytes
            .get(start..start.saturating_add(len))
            .ok_or_else(|| Error::Unreadable("cut short".into()))?;
        // The declared size can lie: the inflater itself stops at the cap.
        let cap = usize::try_from(cap).unwrap_or(usize::MAX);
        match e.method {
            0 if data.len() > cap => Err(Error::TooBig(None)),
            0 => Ok(data.to_vec()),
            8 => miniz_oxide::inflate::decompress_to_vec_with_limit(data, cap).map_err(|err| {
                match err.status {
                    miniz_oxide::inflate::TINFLStatus::HasMoreOutput => Error::TooBig(None),
                    s => Error::Unreadable(format!("cannot be inflated ({s:?})")),
                }
            }),
            m => Err(Error::Unreadable(format!(
                "compression method {m} not read"
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A one-entry archive written by hand: `data` as stored (method 0) or
    /// already deflated (8), its inflated size declared as `size`.
    fn archive(name: &str, method: u8, data: &[u8], size: u32) -> Vec<u8> {
        let mut z = Vec::new();
        let n = name.len() as u16;
        let len = data.len() as u32;
        z.extend_from_slice(&LOCAL.to_le_bytes());
        z.extend_from_slice(&[20, 0, 0, 0, method, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        z.extend_from_slice(&len.to_le_bytes());
        z.extend_from_slice(&size.to_le_bytes());
        z.extend_from_slice(&n.to_le_bytes());
        z.extend_from_slice(&0u16.to_le_bytes());
        z.extend_from_slice(name.as_bytes());
        z.extend_from_slice(data);
        let cd = z.len() as u32;
        z.extend_from_slice(&CENTRAL.to_le_bytes());
        z.extend_from_slice(&[20, 0, 20, 0, 0, 0, method, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        z.extend_from_slice(&len.to_le_bytes());
        z.extend_from_slice(&size.to_le_bytes());
        z.extend_from_slice(&n.to_le_bytes());
        z.extend_from_slice(&[0; 12]);
        z.extend_from_slice(&0u32.to_le_bytes());
        z.extend_from_slice(name.as_bytes());
        let cd_len = z.len() as u32 - cd;
        z.extend_from_slice(&EOCD.to_le_bytes());
        z.extend_from_slice(&[0, 0, 0, 0, 1, 0, 1, 0]);
        z.extend_from_slice(&cd_len.to_le_bytes());
        z.extend_from_slice(&cd.to_le_bytes());
        z.extend_from_slice(&0u16.to_le_bytes());
        z
    }

    fn stored(name: &str, data: &[u8]) -> Vec<u8> {
        archive(name, 0, data, data.len() as u32)
    }

    #[test]
    fn a_lying_size_stops_at_the_cap() {
        let big = vec![b'a'; 1 << 20];
        let packed = miniz_oxide::deflate::compress_to_vec(&big, 6);
        let z = archive("word/document.xml", 8, &packed, 10);
        let a = Archive::new(&z, 10).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            a.read("word/document.xml", 1000).err(),
            Some(Error::TooBig(None))
        );
        assert_eq!(
            a.read("word/document.xml", 1 << 20).map(|b| b.len()),
            Ok(1 << 20)
        );
    }

    #[test]
    fn stored_entries_and_bounds() {
        let z = stored("word/document.xml", b"<w:document/>");
        let a = Archive::new(&z, 10).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            a.read("word/document.xml", 100).ok().as_deref(),
            Some(&b"<w:document/>"[..])
        );
        assert_eq!(a.read("word/styles.xml", 100).err(), Some(Error::Missing));
        assert_eq!(
            a.read("word/document.xml", 5).err(),
            Some(Error::TooBig(Some(13)))
        );
        assert_eq!(Archive::new(&z, 0).err(), Some(Error::TooMany(1)));
        // Every cut of the archive is refused or read, never a panic.
        for cut in 0..z.len() {
            if let Ok(a) = Archive::new(&z[..cut], 10) {
                let _ = a.read("word/document.xml", 100);
            }
        }
    }
}
