//! The query language, parsed leniently: any string gives a query plus
//! diagnostics for what was ignored or repaired. Never an error.
//!
//! ```text
//! query  := item*                      juxtaposition: rank by how many match
//! item   := or ("AND" or)*             AND makes both sides required
//! or     := unary ("OR" unary)*        OR binds tighter than juxtaposition
//! unary  := ("-" | "NOT") atom | atom
//! atom   := "(" query ")" | "phrase" | /regex/ | field:value | word
//! ```

use crate::entities::EntityKind;
use std::fmt;

/// Deepest nesting of parentheses followed; deeper ones are flattened.
const MAX_DEPTH: usize = 16;
/// Most clauses (words, phrases, filters) run; the rest are dropped.
pub const MAX_CLAUSES: usize = 64;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Occur {
    Should,
    Must,
    MustNot,
}

/// Fields a `field:` prefix can restrict to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldSel {
    Title,
    Section,
    Heading,
    Caption,
    Body,
}

impl FieldSel {
    fn parse(name: &str) -> Option<FieldSel> {
        Some(match name {
            "title" => FieldSel::Title,
            "section" => FieldSel::Section,
            "heading" => FieldSel::Heading,
            "caption" => FieldSel::Caption,
            "body" | "text" => FieldSel::Body,
            _ => return None,
        })
    }

    fn name(self) -> &'static str {
        match self {
            FieldSel::Title => "title",
            FieldSel::Section => "section",
            FieldSel::Heading => "heading",
            FieldSel::Caption => "caption",
            FieldSel::Body => "body",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Node {
    /// A bare word; `prefix` when it is the last thing typed.
    Term {
        text: String,
        prefix: bool,
    },
    Phrase(String),
    Regex(String),
    Field(FieldSel, Box<Node>),
    Kind(EntityKind),
    Entity(String),
    Seq(Vec<(Occur, Node)>),
    Or(Vec<Node>),
    Not(Box<Node>),
}

impl Node {
    /// Filters restrict rather than rank: required wherever they appear.
    pub fn is_filter(&self) -> bool {
        matches!(self, Node::Field(..) | Node::Kind(_) | Node::Entity(_))
    }
}

fn quoted(s: &str) -> String {
    format!("\"{}\"", s.replace('"', ""))
}

impl fmt::Display for Node {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Node::Term { text, .. } => f.write_str(text),
            Node::Phrase(p) => f.write_str(&quoted(p)),
            Node::Regex(r) => write!(f, "/{r}/"),
            Node::Field(sel, inner) => write!(f, "{}:{inner}", sel.name()),
            Node::Kind(k) => write!(f, "kind:{}", k.name()),
            Node::Entity(e) => write!(f, "entity:{}", quoted(e)),
            Node::Not(inner) if matches!(**inner, Node::Seq(_)) => write!(f, "-({inner})"),
            Node::Not(inner) => write!(f, "-{inner}"),
            Node::Or(items) => {
                f.write_str("(")?;
                for (i, n) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(" OR ")?;
                    }
                    // OR binds tighter than juxtaposition: a sequence
                    // inside it needs its parentheses.
                    match n {
                        Node::Seq(_) => write!(f, "({n})")?,
                        _ => write!(f, "{n}")?,
                    }
                }
                f.write_str(")")
            }
            Node::Seq(items) => {
                for (i, (occ, n)) in items.iter().enumerate() {
                    if i > 0 {
                        let and = *occ == Occur::Must && !n.is_filter();
                        f.write_str(if and { " AND " } else { " " })?;
                    }
                    match (occ, n) {
                        (Occur::MustNot, Node::Seq(_)) => write!(f, "-({n})")?,
                        (Occur::MustNot, _) => write!(f, "-{n}")?,
                        (_, Node::Seq(_)) => write!(f, "({n})")?,
                        _ => write!(f, "{n}")?,
                    }
                }
                Ok(())
            }
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Word {
        text: String,
        end: usize,
    },
    Phrase(String),
    Regex(String),
    /// `field:` directly followed by a value token.
    FieldPrefix(String),
    Minus,
    And,
    Or,
    Not,
    Open,
    Close,
}

fn is_quote(c: char) -> bool {
    matches!(
        c,
        '"' | '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{00AB}' | '\u{00BB}'
    )
}

fn lex(q: &str, diags: &mut Vec<String>) -> Vec<Tok> {
    let mut toks = Vec::new();
    let mut it = q.char_indices().peekable();
    // Whether the previous char ends a token (a '-' there is a hyphen).
    let mut at_start = true;
    while let Some(&(i, c)) = it.peek() {
        if c.is_whitespace() {
            it.next();
            at_start = true;
            continue;
        }
        if c == '(' {
            it.next();
            toks.push(Tok::Open);
            at_start = true;
            continue;
        }
        if c == ')' {
            it.next();
            toks.push(Tok::Close);
            at_start = true;
            continue;
        }
        if is_quote(c) {
            it.next();
            let mut s = String::new();
            let mut closed = false;
            for (_, d) in it.by_ref() {
                if is_quote(d) {
                    closed = true;
                    break;
                }
                s.push(d);
            }
            if !closed {
                diags.push("closed an unterminated quote at the end of the query".into());
            }
            toks.push(Tok::Phrase(s));
            at_start = true;
            continue;
        }
        if at_start && matches!(c, '-' | '\u{2212}') {
            it.next();
            if it.peek().is_some_and(|&(_, d)| !d.is_whitespace()) {
                toks.push(Tok::Minus);
            }
            continue;
        }
        if at_start && c == '/' {
            let rest = q.get(i + 1..).unwrap_or("");
            if let Some(end) = find_regex_end(rest) {
                let body = rest.get(..end).unwrap_or("").replace("\\/", "/");
                toks.push(Tok::Regex(body));
                let stop = i + 1 + end + 1;
                while it.peek().is_some_and(|&(j, _)| j < stop) {
                    it.next();
                }
                at_start = false;
                continue;
            }
            diags.push("unterminated /regex/: searched as words".into());
        }
        // A word runs to whitespace, a parenthesis or a quote.
        let mut word = String::new();
        let mut end = i;
        while let Some(&(j, d)) = it.peek() {
            if d.is_whitespace() || d == '(' || d == ')' || is_quote(d) {
                break;
            }
            word.push(d);
            end = j + d.len_utf8();
            it.next();
            // `field:` before a value: split off as a prefix.
            if d == ':' {
                let name = word.trim_end_matches(':').to_lowercase();
                if FieldSel::parse(&name).is_some() || name == "kind" || name == "entity" {
                    toks.push(Tok::FieldPrefix(name));
                    word.clear();
                    break;
                }
                // "foo:bar" with an unknown field: two words. "10:30" stays.
                if name.chars().all(char::is_alphabetic) && !name.is_empty() {
                    diags.push(format!("unknown field {name}: searched as a word"));
                    word.pop();
                    toks.push(Tok::Word {
                        text: std::mem::take(&mut word),
                        end: j,
                    });
                }
            }
        }
        at_start = false;
        match word.as_str() {
            "" => {}
            "AND" | "&&" => toks.push(Tok::And),
            "OR" | "||" => toks.push(Tok::Or),
            "NOT" => toks.push(Tok::Not),
            _ => toks.push(Tok::Word { text: word, end }),
        }
    }
    toks
}

/// The index of the closing unescaped '/' in `rest`.
fn find_regex_end(rest: &str) -> Option<usize> {
    let mut escaped = false;
    for (i, c) in rest.char_indices() {
        match c {
            '\\' if !escaped => escaped = true,
            '/' if !escaped => return Some(i),
            _ => escaped = false,
        }
    }
    None
}

struct Parser<'a> {
    toks: Vec<Tok>,
    pos: usize,
    diags: &'a mut Vec<String>,
    clauses: usize,
    /// Byte length of the query: a word ending there is being typed.
    typing_end: Option<usize>,
    /// '(' dropped for nesting too deep, whose ')' are dropped too.
    flattened: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos)
    }

    fn bump(&mut self) -> Option<Tok> {
        let t = self.toks.get(self.pos).cloned();
        self.pos += 1;
        t
    }

    fn seq(&mut self, depth: usize) -> Vec<(Occur, Node)> {
        let mut items: Vec<(Occur, Node)> = Vec::new();
        let mut pending_and = false;
        loop {
            match self.peek() {
                None => break,
                Some(Tok::Close) if self.flattened > 0 => {
                    self.bump();
                    self.flattened -= 1;
                    continue;
                }
                Some(Tok::Close) if depth > 0 => break,
                Some(Tok::Close) => {
                    self.bump();
                    self.diags.push("ignored an unmatched ')'".into());
                    continue;
                }
                Some(Tok::And) => {
                    self.bump();
                    if items.is_empty() {
                        self.diags.push("ignored AND with nothing before it".into());
                    } else {
                        pending_and = true;
                    }
                    continue;
                }
                Some(Tok::Or) => {
                    self.bump();
                    self.diags.push("ignored OR with nothing before it".into());
                    continue;
                }
                _ => {}
            }
            let Some((occ, node)) = self.or_expr(depth) else {
                continue;
            };
            if pending_and {
                if let Some(last) = items.last_mut() {
                    if last.0 == Occur::Should {
                        last.0 = Occur::Must;
                    }
                }
            }
            let occ = match occ {
                Occur::Should if pending_and || node.is_filter() => Occur::Must,
                o => o,
            };
            pending_and = false;
            if self.clauses > MAX_CLAUSES {
                continue;
            }
            items.push((occ, node));
        }
        if pending_and {
            self.diags.push("ignored AND with nothing after it".into());
        }
        items
    }

    /// An OR-chain of unary items; the occurrence comes from a leading '-'.
    fn or_expr(&mut self, depth: usize) -> Option<(Occur, Node)> {
        let (occ, first) = self.unary(depth)?;
        let mut alts = vec![first];
        while self.peek() == Some(&Tok::Or) {
            self.bump();
            match self.peek() {
                None | Some(Tok::Close) => {
                    self.diags.push("ignored OR with nothing after it".into());
                    break;
                }
                _ => {}
            }
            if let Some((o, n)) = self.unary(depth) {
                alts.push(if o == Occur::MustNot {
                    Node::Not(Box::new(n))
                } else {
                    n
                });
            }
        }
        if alts.len() == 1 {
            return alts.pop().map(|n| (occ, n));
        }
        if occ == Occur::MustNot {
            // "-a OR b": the exclusion binds to its own word only.
            let first = alts.remove(0);
            alts.insert(0, Node::Not(Box::new(first)));
        }
        Some((Occur::Should, Node::Or(alts)))
    }

    fn unary(&mut self, depth: usize) -> Option<(Occur, Node)> {
        let mut negate = false;
        while matches!(self.peek(), Some(Tok::Minus | Tok::Not)) {
            self.bump();
            negate = !negate;
        }
        if matches!(self.peek(), None | Some(Tok::Close)) && negate {
            self.diags
                .push("ignored an exclusion with nothing after it".into());
            return None;
        }
        let node = self.atom(depth)?;
        Some((
            if negate {
                Occur::MustNot
            } else {
                Occur::Should
            },
            node,
        ))
    }

    fn atom(&mut self, depth: usize) -> Option<Node> {
        match self.bump()? {
            Tok::Open if depth >= MAX_DEPTH => {
                // Deeper nesting is read as if the parentheses were not
                // there: the stack stays bounded whatever the query.
                if self.flattened == 0 {
                    self.diags
                        .push("parentheses nested too deep were flattened".into());
                }
                self.flattened += 1;
                while self.peek() == Some(&Tok::Open) {
                    self.bump();
                    self.flattened += 1;
                }
                self.atom(depth)
            }
            Tok::Open => {
                let items = self.seq(depth + 1);
                if self.peek() == Some(&Tok::Close) {
                    self.bump();
                } else {
                    self.diags.push("closed an unmatched '('".into());
                }
                match items.len() {
                    0 => {
                        self.diags.push("ignored empty parentheses".into());
                        None
                    }
                    1 => match items.into_iter().next() {
                        Some((Occur::MustNot, n)) => Some(Node::Not(Box::new(n))),
                        Some((_, n)) => Some(n),
                        None => None,
                    },
                    _ => Some(Node::Seq(items)),
                }
            }
            Tok::Phrase(p) => {
                if p.chars().any(char::is_alphanumeric) {
                    self.clauses += 1;
                    Some(Node::Phrase(p.trim().to_string()))
                } else {
                    self.diags.push("ignored an empty phrase".into());
                    None
                }
            }
            Tok::Regex(r) => {
                if r.is_empty() {
                    self.diags.push("ignored an empty /regex/".into());
                    return None;
                }
                self.clauses += 1;
                Some(Node::Regex(r))
            }
            Tok::Word { text, end } => {
                if !text.chars().any(char::is_alphanumeric) {
                    return None;
                }
                self.clauses += 1;
                let prefix = self.typing_end == Some(end) && text.chars().count() >= 2;
                Some(Node::Term { text, prefix })
            }
            Tok::FieldPrefix(name) => self.field(&name, depth),
            Tok::Minus | Tok::Not | Tok::And | Tok::Or | Tok::Close => None,
        }
    }

    fn field(&mut self, name: &str, depth: usize) -> Option<Node> {
        let value = match self.peek() {
            Some(Tok::Word { .. } | Tok::Phrase(_) | Tok::Open | Tok::Regex(_)) => self.atom(depth),
            _ => None,
        };
        let Some(value) = value else {
            self.diags.push(format!("ignored {name}: with no value"));
            return None;
        };
        let text = match &value {
            Node::Term { text, .. } | Node::Phrase(text) => Some(text.clone()),
            _ => None,
        };
        match name {
            "kind" => {
                let t = text.unwrap_or_default().to_lowercase();
                let kind = match t.as_str() {
                    "persons" => Some(EntityKind::Person),
                    "time" => Some(EntityKind::Date),
                    "number" => Some(EntityKind::Quantity),
                    _ => EntityKind::parse(&t),
                };
                if kind.is_none() {
                    let all: Vec<&str> = EntityKind::ALL.iter().map(|k| k.name()).collect();
                    self.diags
                        .push(format!("ignored kind:{t}: kinds are {}", all.join(", ")));
                }
                kind.map(Node::Kind)
            }
            "entity" => match text {
                Some(t) => Some(Node::Entity(t)),
                None => {
                    self.diags.push("ignored entity: with no name".into());
                    None
                }
            },
            _ => {
                let sel = FieldSel::parse(name)?;
                let value = match value {
                    Node::Term { text, .. } => Node::Term {
                        text,
                        prefix: false,
                    },
                    v => v,
                };
                Some(Node::Field(sel, Box::new(value)))
            }
        }
    }
}

/// The same repair said once, with how often: 10,000 quote marks make one
/// note, not 5,000 ("ignored an empty phrase (5000 times)"). First-seen
/// order is kept.
pub fn collapse(diags: impl IntoIterator<Item = String>) -> Vec<String> {
    let mut seen: Vec<(String, usize)> = Vec::new();
    let mut at: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for d in diags {
        match at.get(&d) {
            Some(&i) => seen[i].1 += 1,
            None => {
                at.insert(d.clone(), seen.len());
                seen.push((d, 1));
            }
        }
    }
    seen.into_iter()
        .map(|(d, n)| {
            if n == 1 {
                d
            } else {
                format!("{d} ({n} times)")
            }
        })
        .collect()
}

/// Parse `query`: the query to run (a sequence) and what was repaired.
pub fn parse(query: &str) -> (Node, Vec<String>) {
    let mut diags = Vec::new();
    let toks = lex(query, &mut diags);
    // A query ending in a space or punctuation has no word being typed.
    let typing_end = query
        .chars()
        .last()
        .filter(|c| c.is_alphanumeric())
        .map(|_| query.len());
    let mut p = Parser {
        toks,
        pos: 0,
        diags: &mut diags,
        clauses: 0,
        typing_end,
        flattened: 0,
    };
    let items = p.seq(0);
    if p.clauses > MAX_CLAUSES {
        p.diags.push(format!(
            "query too long: only its first {MAX_CLAUSES} words were searched"
        ));
    }
    (Node::Seq(items), collapse(diags))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(q: &str) -> (String, Vec<String>) {
        let (n, d) = parse(q);
        (n.to_string(), d)
    }

    #[test]
    fn a_repair_made_many_times_is_said_once() {
        let (_, d) = run(&"\"".repeat(10_000));
        assert_eq!(d, ["ignored an empty phrase (5000 times)"]);
        let (_, d) = run("a ) ) b OR");
        assert_eq!(
            d,
            [
                "ignored an unmatched ')' (2 times)",
                "ignored OR with nothing after it"
            ]
        );
    }

    #[test]
    fn canonical_forms() {
        assert_eq!(run("covid -vaccine").0, "covid -vaccine");
        assert_eq!(run("a AND b c").0, "a AND b c");
        assert_eq!(run("a OR b").0, "(a OR b)");
        assert_eq!(run("title:taliban doha").0, "title:taliban doha");
        assert_eq!(run("kind:person").0, "kind:person");
        assert_eq!(
            run("entity:\"Abdulaziz Yuldash\"").0,
            "entity:\"Abdulaziz Yuldash\""
        );
        assert_eq!(run("/tali.an/ NOT x").0, "/tali.an/ -x");
        assert_eq!(run("(a b) -(c d)").0, "(a b) -(c d)");
        assert_eq!(run("Taliban-led").0, "Taliban-led");
    }

    #[test]
    fn every_kind_the_page_shows_is_a_kind_filter() {
        for k in EntityKind::ALL {
            let (q, d) = run(&format!("kind:{}", k.name()));
            assert_eq!(q, format!("kind:{}", k.name()));
            assert!(d.is_empty(), "{d:?}");
        }
    }

    #[test]
    fn repairs_are_reported() {
        let (q, d) = run("\"doha accord");
        assert_eq!(q, "\"doha accord\"");
        assert_eq!(d.len(), 1);
        assert_eq!(run("((a").1, ["closed an unmatched '(' (2 times)"]);
        assert_eq!(run("a)").0, "a");
        assert_eq!(run("AND OR a AND").1.len(), 3);
        assert_eq!(run("kind:alien").1.len(), 1);
        assert_eq!(run("-").0, "");
    }

    #[test]
    fn deep_nesting_keeps_the_stack_bounded() {
        let q = format!("{}a{}", "(".repeat(100_000), ")".repeat(100_000));
        let (n, d) = parse(&q);
        assert!(n.to_string().contains('a'));
        assert_eq!(d.len(), 1);
        let q =
            "title:".repeat(10_000) + " -".repeat(10_000).as_str() + "NOT ".repeat(10_000).as_str();
        let _ = parse(&q);
    }

    #[test]
    fn last_word_is_a_prefix_while_typing() {
        let (n, _) = parse("doha acc");
        let Node::Seq(items) = n else { panic!() };
        assert!(matches!(&items[1].1, Node::Term { prefix: true, .. }));
        assert!(matches!(&items[0].1, Node::Term { prefix: false, .. }));
        let (n, _) = parse("doha acc ");
        let Node::Seq(items) = n else { panic!() };
        assert!(matches!(&items[1].1, Node::Term { prefix: false, .. }));
    }
}
