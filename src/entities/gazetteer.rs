//! Word lists (countries, places, organisations, given names, common words)
//! and the cue words that type a name. Built once, lazily.

use super::EntityKind;
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

/// A multiply-rotate hash over 8-byte words (the FxHash scheme): word
/// lookups are many and short, and SipHash's strength is not needed here.
#[derive(Default)]
pub struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x517c_c1b7_2722_0a95;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(w)).wrapping_mul(K);
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut w = [0u8; 8];
            for (d, s) in w.iter_mut().zip(rest) {
                *d = *s;
            }
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(w)).wrapping_mul(K);
        }
    }
    fn write_u8(&mut self, i: u8) {
        self.0 = (self.0.rotate_left(5) ^ u64::from(i)).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
    fn write_usize(&mut self, i: usize) {
        self.0 = (self.0.rotate_left(5) ^ i as u64).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
    fn write_u64(&mut self, i: u64) {
        self.0 = (self.0.rotate_left(5) ^ i).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

pub type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;
pub type FastSet<K> = HashSet<K, BuildHasherDefault<Fnv>>;
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

const COUNTRIES: &str = include_str!("data/countries.txt");
const PLACES: &str = include_str!("data/places.txt");
const ORGS: &str = include_str!("data/orgs.txt");
const PERSONS: &str = include_str!("data/persons.txt");
const GIVEN: &str = include_str!("data/given.txt");
const COMMON: &str = include_str!("data/common.txt");

/// The matching key of a surface form: short all-capital forms keep their
/// case ("US" is not "us"), everything else is folded (case, accents,
/// punctuation and spaces dropped: "al Qaeda" = "alQaeda" = "al-Qaeda").
pub fn key(surface: &str) -> String {
    let mut k = String::new();
    key_into(surface, &mut k);
    k
}

/// `key` written into `out` (cleared first), so a hot loop reuses one buffer.
pub fn key_into(surface: &str, out: &mut String) {
    out.clear();
    let alpha = surface.chars().filter(|c| c.is_alphabetic()).count();
    if alpha > 0 && alpha <= 4 && surface.chars().all(|c| !c.is_lowercase()) {
        out.push('^');
        out.extend(surface.chars().filter(|c| c.is_alphanumeric()));
    } else if surface.is_ascii() {
        out.extend(
            surface
                .bytes()
                .filter(u8::is_ascii_alphanumeric)
                .map(|b| char::from(b.to_ascii_lowercase())),
        );
    } else {
        out.extend(
            surface
                .nfkd()
                .filter(|c| !is_combining_mark(*c) && c.is_alphanumeric())
                .flat_map(char::to_lowercase),
        );
    }
}

pub struct Gazetteer {
    /// key -> (kind, canonical name)
    pub known: FastMap<String, (EntityKind, String)>,
    pub given: FastSet<String>,
    pub common: FastSet<String>,
}

pub fn get() -> &'static Gazetteer {
    static G: OnceLock<Gazetteer> = OnceLock::new();
    G.get_or_init(build)
}

fn lines(s: &str) -> impl Iterator<Item = &str> {
    s.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

fn build() -> Gazetteer {
    let mut known = FastMap::default();
    let mut add = |name: &str, aliases: &str, kind: EntityKind| {
        let name = name.trim();
        known.entry(key(name)).or_insert((kind, name.to_string()));
        for a in aliases.split(',').map(str::trim).filter(|a| !a.is_empty()) {
            known.entry(key(a)).or_insert((kind, name.to_string()));
        }
    };
    for l in lines(COUNTRIES) {
        let (names, demonyms) = l.split_once(';').unwrap_or((l, ""));
        let (name, aliases) = names.split_once('|').unwrap_or((names, ""));
        add(name, aliases, EntityKind::Place);
        for d in demonyms.split(',').map(str::trim).filter(|d| !d.is_empty()) {
            add(d, "", EntityKind::Group);
        }
    }
    for l in lines(PLACES) {
        let (name, aliases) = l.split_once('|').unwrap_or((l, ""));
        add(name, aliases, EntityKind::Place);
    }
    for l in lines(ORGS) {
        let (name, aliases) = l.split_once('|').unwrap_or((l, ""));
        add(name, aliases, EntityKind::Org);
    }
    for l in lines(PERSONS) {
        let (name, aliases) = l.split_once('|').unwrap_or((l, ""));
        add(name, aliases, EntityKind::Person);
    }
    for g in GROUPS {
        add(g, "", EntityKind::Group);
    }
    for l in MISC {
        let (name, aliases) = l.split_once('|').unwrap_or((l, ""));
        add(name, aliases, EntityKind::Misc);
    }
    let given = lines(GIVEN)
        .flat_map(str::split_whitespace)
        .map(str::to_string)
        .collect();
    let common = lines(COMMON)
        .flat_map(str::split_whitespace)
        .map(str::to_string)
        .chain(MONTHS.iter().map(|m| m.to_lowercase()))
        .collect();
    Gazetteer {
        known,
        given,
        common,
    }
}

/// Religions, ideologies and peoples: a group, never a person or org.
const GROUPS: &[&str] = &[
    "Islam",
    "Islamic",
    "Islamist",
    "Islamists",
    "Muslim",
    "Muslims",
    "Christian",
    "Christians",
    "Christianity",
    "Catholic",
    "Catholics",
    "Protestant",
    "Jewish",
    "Jews",
    "Judaism",
    "Hindu",
    "Hindus",
    "Buddhist",
    "Buddhists",
    "Sunni",
    "Sunnis",
    "Shia",
    "Shiite",
    "Shiites",
    "Salafi",
    "Salafis",
    "Salafist",
    "Jihadi",
    "Jihadis",
    "Jihadist",
    "Jihadists",
    "Jihad",
    "Allah",
    "Quran",
    "Quranic",
    "Koran",
    "Western",
    "Westerners",
    "Asian",
    "Asians",
    "African",
    "Africans",
    "Arab",
    "Arabs",
    "Arabic",
    "Latin American",
    "Latino",
    "Kurdish",
    "Kurds",
    "Pashtun",
    "Pashtuns",
    "Hazara",
    "Hazaras",
    "Uyghur",
    "Uyghurs",
    "Rohingya",
    "Baloch",
    "Muhajireen",
    "Mujahideen",
    "Democrat",
    "Democrats",
    "Republican",
    "Republicans",
    "Communist",
    "Communists",
    "Maoist",
    "Maoists",
    "Bolivarian",
    "Chavista",
    "Chavistas",
    "Central Asian",
    "Central Asians",
    "Southeast Asian",
    "Middle Eastern",
    "Caribbean",
    "Scandinavian",
    "Balkan",
    "Nordic",
    "Sahelian",
    "Maya",
    "Mayan",
    "Aztec",
    "Inca",
    "Anasazi",
    "Islamic State",
    "Tory",
    "Labourite",
    "post-Soviet",
    "Soviet",
];

/// Diseases and the like: named, but neither people, organisations nor places.
const MISC: &[&str] = &[
    "COVID-19|Covid-19,Covid19,COVID19,Covid 19,Covid,COVID,SARS-CoV-2,coronavirus disease",
    "SARS",
    "MERS",
    "Ebola",
    "HIV|HIV/AIDS",
    "AIDS",
    "Zika",
    "mpox|monkeypox,Mpox",
    "H5N1",
    "Marburg",
    "Lassa fever",
    "cholera",
    "malaria",
    "tuberculosis",
    "polio",
];

pub const MONTHS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Words placed before a personal name; they are not part of it.
pub static TITLES: WordSet = WordSet::new(&[
    "Mr",
    "Mrs",
    "Ms",
    "Miss",
    "Dr",
    "Prof",
    "Professor",
    "Sir",
    "Dame",
    "Lord",
    "Lady",
    "President",
    "Vice",
    "Prime",
    "Minister",
    "Secretary",
    "Secretary-General",
    "Commander-in-Chief",
    "Editor-in-Chief",
    "Deputy",
    "Chairman",
    "Chairwoman",
    "Chair",
    "Chairperson",
    "Chief",
    "Director",
    "Director-General",
    "General",
    "Gen",
    "Colonel",
    "Col",
    "Major",
    "Captain",
    "Capt",
    "Lieutenant",
    "Lt",
    "Sergeant",
    "Sgt",
    "Admiral",
    "Commander",
    "Marshal",
    "Brigadier",
    "Senator",
    "Sen",
    "Governor",
    "Gov",
    "Mayor",
    "Ambassador",
    "Envoy",
    "Judge",
    "Justice",
    "King",
    "Queen",
    "Prince",
    "Princess",
    "Emir",
    "Amir",
    "Sheikh",
    "Shaykh",
    "Mullah",
    "Maulana",
    "Maulvi",
    "Mufti",
    "Imam",
    "Ayatollah",
    "Pope",
    "Rev",
    "Reverend",
    "Father",
    "Bishop",
    "Cardinal",
    "Rabbi",
    "Representative",
    "Special",
    "Permanent",
    "Foreign",
    "Defence",
    "Defense",
    "Interior",
    "Finance",
    "Health",
    "Energy",
    "Spokesman",
    "Spokeswoman",
    "Spokesperson",
    "Commissioner",
    "Superintendent",
    "Inspector",
    "Detective",
    "Officer",
    "Agent",
    "Founder",
    "CEO",
    "Chancellor",
    "Premier",
    "Speaker",
    "Senior",
    "Executive",
    "Acting",
    "Former",
    "Sultan",
    "Crown",
    "Chargé",
    "Attorney",
    "Rapporteur",
    "Coordinator",
    "Justices",
    "Senators",
    "Ministers",
    "Generals",
    "Correspondent",
    "Editor",
    "Columnist",
    "Reporter",
    "Contributor",
    "Undersecretary",
    "Don",
    "Doña",
    "Señor",
    "Senhor",
    "Mme",
    "Herr",
    "Under-Secretary",
    "Assistant",
    "Head",
    "Leader",
    "Economy",
]);

/// Name particles: their presence makes a person ("Abu Bakr al-Baghdadi").
pub static PARTICLES: WordSet = WordSet::new(&[
    "al", "el", "bin", "ibn", "bint", "ben", "abu", "umm", "van", "von", "der", "den", "de", "del",
    "della", "da", "di", "du", "dos", "das", "le", "la", "ul", "ud", "ad",
]);

/// Heads that make an organisation wherever they stand in the name.
pub static ORG_HEADS: WordSet = WordSet::new(&[
    "Movement",
    "Group",
    "Groups",
    "Council",
    "Organization",
    "Organisation",
    "Ministry",
    "Institute",
    "Forces",
    "Force",
    "Lab",
    "Labs",
    "Katibat",
    "Committee",
    "Assembly",
    "Bank",
    "Party",
    "Front",
    "Army",
    "Agency",
    "Commission",
    "Union",
    "Association",
    "Corporation",
    "Corp",
    "Inc",
    "Ltd",
    "LLC",
    "Company",
    "Co",
    "University",
    "College",
    "School",
    "Team",
    "Directorate",
    "Department",
    "Office",
    "Service",
    "Services",
    "Fund",
    "Program",
    "Programme",
    "Network",
    "Coalition",
    "Alliance",
    "Times",
    "Post",
    "News",
    "Court",
    "Parliament",
    "Senate",
    "Congress",
    "Board",
    "Authority",
    "Foundation",
    "Centre",
    "Center",
    "Centres",
    "Centers",
    "Brigade",
    "Brigades",
    "Battalion",
    "Tahrir",
    "Jabhat",
    "Harakat",
    "Jamaat",
    "Lashkar",
    "Jaish",
    "Hizb",
    "Tehreek",
    "Tehrik",
    "Ansar",
    "Emirate",
    "Cartel",
    "Gang",
    "Police",
    "Navy",
    "Guard",
    "Guards",
    "Bureau",
    "Agency",
    "Secretariat",
    "Federation",
    "Consortium",
    "Holdings",
    "Group's",
    "Industries",
    "Technologies",
    "Systems",
    "Airlines",
    "Bank's",
    "Trust",
    "Institution",
    "Observatory",
    "Tribunal",
    "Cabinet",
    "Government",
    "Administration",
    "Club",
    "League",
    "Society",
    "Initiative",
    "Facility",
    "Mission",
    "Unit",
    "Division",
    "Command",
    "Staff",
    "Chamber",
    "Commission's",
    "Media",
    "Press",
    "Herald",
    "Journal",
    "Gazette",
    "Tribune",
    "Telegraph",
    "Guardian",
    "Observer",
    "Partnership",
    "Platform",
    "Panel",
    "Ventures",
    "Capital",
    "Energy",
    "Power",
    "Petroleum",
    "Oil",
    "Gas",
    "Motors",
    "Pharma",
    "Pharmaceuticals",
    "Hospital",
    "House",
    "Fleet",
    "Corps",
    "Regiment",
    "Hospitals",
    "Clinic",
    "Laboratory",
    "Laboratories",
    "Museum",
    "Library",
    "Church",
    "Mosque",
    "Temple",
    "Prison",
    "Treasury",
    "Ministries",
    "Academy",
    "Councils",
]);

/// Heads that make a place (last word).
pub static PLACE_HEADS: WordSet = WordSet::new(&[
    "Province",
    "District",
    "Valley",
    "Region",
    "Island",
    "Islands",
    "Mountains",
    "Mountain",
    "Mount",
    "River",
    "Sea",
    "Ocean",
    "Gulf",
    "Strait",
    "Straits",
    "Bay",
    "Lake",
    "Peninsula",
    "County",
    "City",
    "Oblast",
    "Governorate",
    "Territory",
    "Territories",
    "Republic",
    "Reef",
    "Shoal",
    "Shoals",
    "Desert",
    "Basin",
    "Delta",
    "Coast",
    "Camp",
    "Airport",
    "Port",
    "Square",
    "Street",
    "Avenue",
    "Bridge",
    "Canal",
    "Plateau",
    "Highlands",
    "Prefecture",
    "State",
    "Municipality",
    "Corridor",
    "Pass",
    "Border",
    "Harbour",
    "Harbor",
    "Plant",
    "Dam",
    "Base",
    "Atoll",
    "Archipelago",
    "Cape",
    "Park",
    "Village",
    "Town",
    "Hills",
]);

/// Lower-case heads that may close a place name: "Ghormach district".
pub static PLACE_HEADS_LOWER: WordSet = WordSet::new(&[
    "district",
    "province",
    "region",
    "county",
    "governorate",
    "oblast",
    "prefecture",
    "municipality",
    "valley",
    "island",
    "islands",
    "department",
    "dam",
    "reservoir",
]);

/// Agreements and laws; kept apart from organisations and places.
pub static LAW_HEADS: WordSet = WordSet::new(&[
    "Agreement",
    "Accord",
    "Accords",
    "Treaty",
    "Act",
    "Protocol",
    "Declaration",
    "Charter",
    "Convention",
    "Resolution",
    "Call",
    "Deal",
    "Pact",
    "Bill",
    "Law",
    "Code",
    "Directive",
    "Regulation",
    "Doctrine",
    "Plan",
    "Strategy",
    "Constitution",
    "Amendment",
    "Framework",
    "Roadmap",
    "Memorandum",
]);
pub static LAW_HEADS_LOWER: WordSet = WordSet::new(&[
    "accord",
    "agreement",
    "deal",
    "treaty",
    "pact",
    "protocol",
    "plan",
]);

pub static EVENT_HEADS: WordSet = WordSet::new(&[
    "War",
    "Wars",
    "Summit",
    "Conference",
    "Olympics",
    "Games",
    "Cup",
    "Election",
    "Elections",
    "Revolution",
    "Uprising",
    "Crisis",
    "Pandemic",
    "Massacre",
    "Attack",
    "Attacks",
    "Bombing",
    "Forum",
    "Talks",
    "Festival",
    "Spring",
    "Week",
    "Day",
    "Congress",
    "Operation",
    "Exercise",
    "Drills",
    "Cold",
    "Dialogue",
    "Games",
]);
pub static EVENT_HEADS_LOWER: WordSet = WordSet::new(&[
    "hack",
    "war",
    "elections",
    "election",
    "summit",
    "talks",
    "attack",
    "attacks",
]);

pub static WORK_HEADS: WordSet = WordSet::new(&[
    "Report", "Review", "Index", "Survey", "Study", "Book", "Film", "Outlook", "Yearbook",
]);

pub static DISEASE_WORDS: WordSet =
    WordSet::new(&["Disease", "Virus", "Syndrome", "Fever", "Flu", "Influenza"]);

/// Compass and size prefixes that keep a place a place ("South Waziristan").
pub static COMPASS: WordSet = WordSet::new(&[
    "North",
    "South",
    "East",
    "West",
    "Northern",
    "Southern",
    "Eastern",
    "Western",
    "Central",
    "Upper",
    "Lower",
    "Greater",
    "Northeast",
    "Northwest",
    "Southeast",
    "Southwest",
]);

/// All-capital words that are not names.
pub static NOT_ACRONYMS: WordSet = WordSet::new(&[
    "USD", "GMT", "IST", "JST", "KST", "CST", "MSK", "WIB", "EAT", "WAT", "SAST", "AEST", "HKT",
    "SGT", "PKT", "UTC", "BST", "EST", "EDT", "PST", "CET", "CEST", "MP", "MPs", "MEP", "MEPs",
    "AM", "PM", "EUR", "GBP", "GDP", "CEO", "CEOs", "TV", "PDF", "AM", "PM", "OK", "ID", "IT",
    "PS", "NB", "FAQ", "URL", "HTML", "II", "III", "IV", "VI", "VII", "VIII", "IX", "XI", "XX",
    "XXI", "BC", "AD", "CO2", "KM", "MW", "GW", "TWH", "KWH", "LNG", "LPG", "RSS", "PHOTO",
    "VIDEO", "UPDATE", "BREAKING", "READ", "MORE", "NEW", "THE", "AND", "OF", "IN", "A", "I",
]);

/// A word list looked up by hashing (these are asked for every word).
pub struct WordSet {
    pub words: &'static [&'static str],
    set: OnceLock<FastSet<&'static str>>,
}

impl WordSet {
    pub const fn new(words: &'static [&'static str]) -> WordSet {
        WordSet {
            words,
            set: OnceLock::new(),
        }
    }
}

pub trait Words {
    fn has(&self, w: &str) -> bool;
}

impl Words for WordSet {
    fn has(&self, w: &str) -> bool {
        self.set
            .get_or_init(|| self.words.iter().copied().collect())
            .contains(w)
    }
}

impl Words for [&str] {
    fn has(&self, w: &str) -> bool {
        self.contains(&w)
    }
}

impl<const N: usize> Words for [&str; N] {
    fn has(&self, w: &str) -> bool {
        self.contains(&w)
    }
}

pub fn is_in<L: Words + ?Sized>(list: &L, w: &str) -> bool {
    list.has(w)
}
