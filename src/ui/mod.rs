//! The explorer page, drawn with web-sys into one root element.
//!
//! Controller/view split: DOM events become [`Message`]s, `update` changes
//! the [`State`], and `view` redraws from the state. The page knows nothing
//! of the host document beyond its root element.

mod dom;
mod embed;
mod events;
mod explore;
mod overview;
mod store;
mod view;

use crate::route::Route;
use crate::workspace::Workspace;
use dom::Res;
use std::cell::RefCell;
use std::rc::{Rc, Weak};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, Event, HtmlInputElement, KeyboardEvent};

/// What a user can do.
pub enum Message {
    Query(String),
    Open(usize),
    Back,
    FocusSearch,
    /// Move to the next (+1) or previous (-1) hit in the reading view.
    Hit(isize),
    /// Files to add: from the picker, a drop or a paste (`keep`: save them
    /// in the browser), or loaded back from the browser.
    AddFiles {
        files: Vec<(String, Vec<u8>)>,
        keep: bool,
    },
    RemoveFile(String),
    /// Stop a long import: the files being added are dropped.
    CancelImport,
    ShowBundled(bool),
    /// Something to tell the user about their documents.
    Note(String),
    /// The URL changed (back, forward, an edited or pasted link).
    Navigate(Route),
    Screen(crate::route::Screen),
    OpenEntity(String),
    /// Open an article at a place: (doc, field, byte start).
    OpenAt(usize, usize, usize),
    ToggleKind(crate::entities::EntityKind),
    EntityFilter(String),
    TimelineFilter(String),
    QuoteFilter(String),
    EntitySort(bool),
    NetWeight(usize),
    NetKind(crate::entities::EntityKind, bool),
    /// How many entities the network shows.
    NetTop(usize),
    /// Zoom the timeline to a period (`None`: all of it).
    TimelinePeriod(Option<crate::events::Period>),
    Download(&'static str),
    /// Replace the entity corrections with this text.
    SetCorrections(String),
    /// Add one correction line (from an entity page's quick actions).
    AddCorrection(String),
    /// Do the next slice of the rebuild under way.
    Work,
    /// A rebuild ended: draw what it built.
    Built,
    /// Show another page of results.
    More,
    /// Chunks of the prebuilt index arrived (or could not be fetched).
    Fetched(Vec<(String, Option<Vec<u8>>)>),
    /// Show another page of the current view's list.
    MoreListed,
    /// Compact mode: fold the results away (a click outside, Escape) or
    /// drop them down again (the box has focus).
    Fold(bool),
}

/// A DOM event listener owned by its app (dropped with it, never leaked).
type Listener = Closure<dyn FnMut(Event)>;
/// What a listener does, given its app.
type Handler = Box<dyn Fn(&Rc<App>, Event)>;

/// What a message does to the browser's history.
#[derive(Clone, Copy, PartialEq, Eq)]
enum History {
    Push,
    Replace,
}

/// The page's URL fragment, `#` included, or `""`.
fn current_hash() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

/// Where keyboard focus goes after a message.
#[derive(Clone, Copy, Debug)]
enum Focus {
    Reader,
    Result,
    Pane,
    /// The timeline's period heading, after zooming.
    Period,
    Keep,
}

/// Everything the view is drawn from.
pub struct State {
    pub ws: Workspace,
    pub query: String,
    /// The id of the document in the reading view, if one is open. Ids
    /// (not positions) so that a link or a reload finds the same article
    /// while files come and go.
    pub open: Option<String>,
    /// The result to give focus back to when the reader closes.
    pub last_opened: Option<String>,
    /// The name of the entity whose page is open.
    pub entity: Option<String>,
    /// Which screen shows when no article or entity is open.
    pub screen: crate::route::Screen,
    /// Entity kinds whose marks the reader turned off.
    pub hidden_kinds: Vec<crate::entities::EntityKind>,
    /// The timeline's and the quotes' filter texts.
    pub timeline_filter: String,
    pub quote_filter: String,
    /// The entity list's filter text and order.
    pub entity_filter: String,
    pub entity_by_name: bool,
    /// The network's edge threshold and hidden kinds.
    pub net_min_weight: usize,
    pub net_hidden: Vec<crate::entities::EntityKind>,
    /// How many entities the network shows (the most mentioned).
    pub net_top: usize,
    /// The timeline's period; `None` is all of it.
    pub timeline_period: Option<crate::events::Period>,
    /// A place in the open article to bring into view: (field, byte start).
    pub target: Option<(usize, usize)>,
    /// The reader's entity corrections, as text, and what could not be read.
    pub corrections: String,
    pub correction_notes: Vec<String>,
    /// The hit the reading view is on.
    pub current_hit: usize,
    /// The last thing said about the user's documents.
    pub note: String,
    /// The rebuild under way, if any: until it ends, the workspace answers
    /// from the last one.
    pub job: Option<crate::workspace::Rebuild>,
    /// Files added since the last rebuild ended, to report when it does.
    pub added: Vec<String>,
    /// Whether a loop is stepping the job between frames.
    pub stepping: bool,
    /// How many results show ("Show more results" adds a page).
    pub shown: usize,
    /// A rebuild waits for the whole prebuilt index to be read in.
    pub rebuild_waiting: bool,
    /// Compact mode: the results are folded away though there is a query.
    pub folded: bool,
    /// How many rows the current view's list shows.
    pub listed: usize,
    /// Documents whose text the last drawing lacked (list items over a
    /// prebuilt index): read next, then drawn again.
    pub lacking: Vec<usize>,
}

/// One mounted explorer: its root, its state and its listeners.
pub struct App {
    /// Itself, for async work that reports back (never keeps it alive).
    me: Weak<App>,
    /// Whether this explorer owns the page's URL fragment (a full-page
    /// explorer does; one embedded in a host page leaves the URL alone).
    routing: bool,
    /// Parent origins that may command this explorer in an iframe.
    origins: Vec<String>,
    view: view::View,
    state: RefCell<State>,
    listeners: RefCell<Vec<Listener>>,
    /// Set while a message is handled: a message sent meanwhile (say, a
    /// "change" event fired by the browser as a redraw removes a focused
    /// input) waits in `queue` instead of re-entering the state.
    busy: std::cell::Cell<bool>,
    queue: RefCell<std::collections::VecDeque<Message>>,
    /// The prebuilt index's chunks, and those being fetched.
    source: Option<Rc<PackSource>>,
    fetching: RefCell<std::collections::HashSet<String>>,
    /// The chunks the state on screen waits for: each is put in as it
    /// arrives (its decoding overlaps the others' fetching), and the state
    /// is searched and drawn once the last is in.
    awaited: RefCell<std::collections::HashSet<String>>,
    /// What to do once the chunks being fetched are in: the focus a
    /// message asked for, or a download.
    later: std::cell::Cell<Option<Later>>,
    /// Problems already told in the alert.
    problems: std::cell::Cell<usize>,
}

/// Work that waits for chunks of the index.
#[derive(Clone, Copy, Debug)]
enum Later {
    Focus(Focus),
    Download(&'static str),
}

thread_local! {
    // Mounted explorers live as long as the page.
    static APPS: RefCell<Vec<Rc<App>>> = const { RefCell::new(Vec::new()) };
}

/// Mount an explorer into every element with `data-dossier` (or the
/// element `#dossier`). A page without one (e.g. a test runner) is left
/// alone.
#[wasm_bindgen(start)]
pub fn start() {
    if let Err(e) = mount_all() {
        web_sys::console::error_2(&"dossier: could not start".into(), &e);
    }
}

/// How an explorer is mounted: the full page, or embedded by a host.
pub struct Options {
    /// Own the page's URL fragment (a full page does; embeds do not).
    pub routing: bool,
    /// Include the bundled corpus.
    pub bundled: bool,
    /// Files given by the embedder, as `(name, bytes)`.
    pub files: Vec<(String, Vec<u8>)>,
    /// Let the reader add, keep and remove their own documents.
    pub user_documents: bool,
    /// The query to start with (a route in the URL wins over it).
    pub query: String,
    /// Put the stylesheet inside the mount (for shadow roots, where the
    /// page's styles do not reach).
    pub styles: bool,
    /// A search box whose results drop down, with articles read in a dialog.
    pub compact: bool,
    /// The explorer's own corpus as a prebuilt index (a built explorer):
    /// shown at once, without analysis, read on demand.
    pub prebuilt: Option<Rc<PackSource>>,
    /// A lasting warning to show (parts of the index that could not be read).
    pub alert: String,
    /// The name of an embedded explorer's region ("Field notes"); else
    /// "dossier explorer", numbered from the second on a page.
    pub label: Option<String>,
}

impl Options {
    /// A full-page explorer of the bundled corpus.
    pub fn page() -> Options {
        Options {
            routing: true,
            bundled: true,
            files: Vec::new(),
            user_documents: true,
            query: String::new(),
            styles: false,
            compact: false,
            prebuilt: None,
            alert: String::new(),
            label: None,
        }
    }
}

/// `{files: [{name, text}]}` as `(name, bytes)` pairs; anything else in
/// it is skipped.
pub(crate) fn files_from_js(value: &JsValue) -> Vec<(String, Vec<u8>)> {
    let get = |v: &JsValue, k: &str| js_sys::Reflect::get(v, &k.into()).ok();
    let Some(list) = get(value, "files").filter(js_sys::Array::is_array) else {
        return Vec::new();
    };
    js_sys::Array::from(&list)
        .iter()
        .filter_map(|f| {
            let name = get(&f, "name")?.as_string()?;
            let text = get(&f, "text")?.as_string()?;
            Some((name, text.into_bytes()))
        })
        .collect()
}

/// The corpus a built explorer carries in its page (see `bundle`), if any.
fn page_corpus(document: &web_sys::Document) -> Option<Vec<(String, Vec<u8>)>> {
    let script = document
        .query_selector(&format!("script[{}]", crate::bundle::MARKER))
        .ok()??;
    let json = js_sys::JSON::parse(&script.text_content()?).ok()?;
    Some(files_from_js(&json))
}

fn mount_all() -> Res {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return Ok(());
    };
    // A single file carries its index; a served build names one to fetch.
    if let Some(text) = script_text(&document, crate::bundle::PACK_MARKER) {
        let (source, alert) = inline_pack(&text);
        return mount_roots(&document, None, source, alert);
    }
    if let Some(url) = script_text(&document, crate::bundle::INDEX_MARKER)
        .and_then(|t| js_sys::JSON::parse(&t).ok())
        .and_then(|v| js_sys::Reflect::get(&v, &"manifest".into()).ok())
        .and_then(|v| v.as_string())
    {
        wasm_bindgen_futures::spawn_local(async move {
            let (source, alert) = fetch_pack(&url).await;
            if let Err(e) = mount_roots(&document, None, source, alert) {
                web_sys::console::error_2(&"dossier: could not start".into(), &e);
            }
        });
        return Ok(());
    }
    let given = page_corpus(&document);
    mount_roots(&document, given, None, String::new())
}

fn mount_roots(
    document: &web_sys::Document,
    given: Option<Vec<(String, Vec<u8>)>>,
    prebuilt: Option<Rc<PackSource>>,
    alert: String,
) -> Res {
    let built = prebuilt.is_some() || !alert.is_empty();
    // Only elements that ask for it: a host page's own ids are not ours.
    let roots = document.query_selector_all("[data-dossier]")?;
    for i in 0..roots.length() {
        if let Some(root) = roots.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
            let mut options = Options::page();
            // One explorer owns the URL: the one that says it is the page.
            options.routing = root.get_attribute("data-dossier").as_deref() == Some("page");
            if let Some(files) = &given {
                // A built explorer shows its own corpus, not the seed.
                options.files = files.clone();
                options.bundled = false;
            }
            if built {
                options.bundled = false;
                options.prebuilt = prebuilt.clone();
                options.alert = alert.clone();
            }
            mount(root, options)?;
        }
    }
    Ok(())
}

/// The new name a correction line gives, if it is a rename.
fn renamed_to(line: &str) -> Option<String> {
    match crate::entities::Corrections::parse(line)
        .ops
        .into_iter()
        .next()?
    {
        crate::entities::corrections::Op::Rename { to, .. } => Some(to),
        _ => None,
    }
}

/// A mounted explorer, for the script that mounted it.
pub struct Handle(Rc<App>);

impl Handle {
    /// Search as if the reader had typed `query` (the custom element's
    /// `query` attribute, changed after mounting).
    pub fn search(&self, query: &str) {
        self.0.view.input.set_value(query);
        self.0.send(Message::Query(query.to_string()));
    }
}

/// The text of the page's script element with attribute `marker`.
fn script_text(document: &web_sys::Document, marker: &str) -> Option<String> {
    document
        .query_selector(&format!("script[{marker}]"))
        .ok()??
        .text_content()
}

/// What a reader is told when some of an index could not be read.
fn alert_of(problems: &[crate::pack::PackError]) -> String {
    match problems {
        [] => String::new(),
        [one] => format!("Part of this explorer's index could not be read ({one}); everything else works. Rebuild it with `dossier build`."),
        [first, rest @ ..] => format!(
            "{} files of this explorer's index could not be read ({first}, and {} more); everything else works. Rebuild it with `dossier build`.",
            rest.len() + 1,
            rest.len()
        ),
    }
}

/// Where the chunks of a prebuilt index come from: the single file's
/// copy (all at hand), or a served folder (fetched as they are needed).
pub struct PackSource {
    manifest: Vec<u8>,
    /// Chunks at hand: every one of a single file's, or those a served
    /// index fetched up front.
    chunks: RefCell<std::collections::HashMap<String, Vec<u8>>>,
    /// Served: the URL chunk names are relative to.
    base: Option<String>,
}

impl PackSource {
    /// A chunk at hand (a single file keeps its copy for other mounts).
    fn at_hand(&self, name: &str) -> Option<Vec<u8>> {
        self.chunks.borrow().get(name).cloned()
    }
}

/// The single file's index: base64 of a bundle.
fn inline_pack(text: &str) -> (Option<Rc<PackSource>>, String) {
    let bytes = web_sys::window()
        .and_then(|w| w.atob(text.trim()).ok())
        .map(|s| s.chars().map(|c| c as u32 as u8).collect::<Vec<u8>>());
    let Some(bytes) = bytes else {
        return (
            None,
            "This explorer's embedded index is damaged (not base64); it shows nothing.".into(),
        );
    };
    let files = match crate::pack::unbundle(&bytes) {
        Ok(files) => files,
        Err(e) => {
            return (
                None,
                format!("This explorer's embedded index cannot be read: {e}."),
            )
        }
    };
    let mut by_name: std::collections::HashMap<String, Vec<u8>> = files.into_iter().collect();
    let manifest = by_name.remove(crate::pack::MANIFEST).unwrap_or_default();
    let source = PackSource {
        manifest,
        chunks: RefCell::new(by_name),
        base: None,
    };
    (Some(Rc::new(source)), String::new())
}

/// Fetch a served index's manifest and the chunks every view needs (side
/// by side); the rest is fetched as queries and views need it.
pub(crate) async fn fetch_pack(manifest_url: &str) -> (Option<Rc<PackSource>>, String) {
    let base = manifest_url
        .rsplit_once('/')
        .map_or(String::new(), |(b, _)| format!("{b}/"));
    let Some(manifest) = fetch_bytes(fetch_start(manifest_url)).await else {
        return (None, format!("This explorer's index could not be loaded ({manifest_url}); it shows nothing. Is the index/ folder next to the page?"));
    };
    let pack = match crate::pack::Pack::open(&manifest) {
        Ok(p) => p,
        Err(e) => return (None, format!("This explorer's index cannot be read: {e}.")),
    };
    let names = crate::pack::Shelf::first_chunks(&pack.manifest);
    let chunks = fetch_all(&base, names).await;
    let source = PackSource {
        manifest,
        chunks: RefCell::new(
            chunks
                .into_iter()
                .filter_map(|(n, b)| Some((n, b?)))
                .collect(),
        ),
        base: Some(base),
    };
    (Some(Rc::new(source)), String::new())
}

/// Fetch chunks side by side: every request starts before the first is
/// read.
async fn fetch_all(base: &str, names: Vec<String>) -> Vec<(String, Option<Vec<u8>>)> {
    let started: Vec<(String, Option<js_sys::Promise>)> = names
        .into_iter()
        .map(|n| {
            let p = fetch_start(&format!("{base}{n}"));
            (n, p)
        })
        .collect();
    let mut out = Vec::with_capacity(started.len());
    for (name, p) in started {
        out.push((name, fetch_bytes(p).await));
    }
    out
}

fn fetch_start(url: &str) -> Option<js_sys::Promise> {
    Some(web_sys::window()?.fetch_with_str(url))
}

async fn fetch_bytes(p: Option<js_sys::Promise>) -> Option<Vec<u8>> {
    let resp: web_sys::Response = wasm_bindgen_futures::JsFuture::from(p?)
        .await
        .ok()?
        .dyn_into()
        .ok()?;
    if !resp.ok() {
        return None;
    }
    let buf = wasm_bindgen_futures::JsFuture::from(resp.array_buffer().ok()?)
        .await
        .ok()?;
    Some(js_sys::Uint8Array::new(&buf).to_vec())
}

/// Mount an explorer inside `host` (an element or a shadow root): a new
/// `div.dz` is appended to it, with the stylesheet when asked.
pub fn mount_in(host: &web_sys::Node, options: Options) -> Result<Handle, JsValue> {
    let doc = host
        .owner_document()
        .ok_or_else(|| JsValue::from_str("the host is not in a document"))?;
    if options.styles {
        let style = doc.create_element("style")?;
        style.set_text_content(Some(STYLES));
        host.append_child(&style)?;
    }
    let root = doc.create_element("div")?;
    host.append_child(&root)?;
    mount(root, options).map(Handle)
}

/// The stylesheet, for mounts the page's own styles do not reach.
const STYLES: &str = include_str!("../../styles/main.css");

/// Explorers mounted so far: each gets its own id prefix.
static MOUNTED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

fn mount(root: Element, options: Options) -> Result<Rc<App>, JsValue> {
    let instance = MOUNTED.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    // A page framed for a parent that may command it never shows the
    // reader's own documents: the parent would hear of them.
    let framed = options.routing
        && embed::parent().is_some()
        && web_sys::window()
            .and_then(|w| w.location().search().ok())
            .is_some_and(|s| !crate::route::allowed_origins(&s).is_empty());
    let options = Options {
        user_documents: options.user_documents && !framed,
        ..options
    };
    let layout = view::Layout {
        page: options.routing,
        compact: options.compact,
        user_documents: options.user_documents,
    };
    let view = view::View::new(root, instance, layout, options.label.as_deref())?;
    let mut alert = options.alert;
    let source = options.prebuilt;
    // Built below, in slices when the corpus is large; a prebuilt corpus
    // is ready as it is, read on demand.
    let opened = source
        .as_ref()
        .map(|src| Workspace::on_demand(&src.manifest, &mut |n| src.at_hand(n)));
    let mut ws = if let Some(opened) = opened {
        match opened {
            Ok((ws, problems)) => {
                if alert.is_empty() {
                    alert = alert_of(&problems);
                }
                ws
            }
            Err(e) => {
                alert = format!("This explorer's index cannot be read: {e}.");
                Workspace::staged(Vec::new())
            }
        }
    } else if options.bundled {
        Workspace::staged(vec![crate::corpus::bundled_file()])
    } else {
        Workspace::staged(options.files)
    };
    ws.stage_bundled(!(options.user_documents && store::bundled_hidden()));
    let routing = options.routing;
    let user_documents = options.user_documents;
    let origins = match (routing, embed::parent(), web_sys::window()) {
        (true, Some(_), Some(w)) => {
            crate::route::allowed_origins(&w.location().search().unwrap_or_default())
        }
        _ => Vec::new(),
    };
    let app = Rc::new_cyclic(|me| App {
        me: me.clone(),
        routing,
        origins,
        view,
        state: RefCell::new(State {
            ws,
            query: String::new(),
            open: None,
            last_opened: None,
            entity: None,
            screen: crate::route::Screen::Results,
            hidden_kinds: Vec::new(),
            entity_filter: String::new(),
            timeline_filter: String::new(),
            quote_filter: String::new(),
            entity_by_name: false,
            net_min_weight: 2,
            net_hidden: Vec::new(),
            net_top: crate::explore::network::DEFAULT_NODES,
            timeline_period: None,
            target: None,
            corrections: String::new(),
            correction_notes: Vec::new(),
            current_hit: 0,
            note: String::new(),
            job: None,
            added: Vec::new(),
            stepping: false,
            shown: view::RESULT_PAGE,
            rebuild_waiting: false,
            folded: false,
            listed: view::LIST_PAGE,
            lacking: Vec::new(),
        }),
        listeners: RefCell::new(Vec::new()),
        busy: std::cell::Cell::new(false),
        queue: RefCell::new(std::collections::VecDeque::new()),
        source,
        fetching: RefCell::new(std::collections::HashSet::new()),
        awaited: RefCell::new(std::collections::HashSet::new()),
        later: std::cell::Cell::new(None),
        problems: std::cell::Cell::new(0),
    });
    app.view.set_theme(&store::theme())?;
    app.view.show_alert(&alert)?;
    {
        let mut s = app.state.borrow_mut();
        if user_documents {
            let text = store::corrections();
            if !text.is_empty() {
                s.correction_notes = s.ws.stage_corrections(&text);
                s.corrections = text;
            }
        }
        // A prebuilt corpus needs no build until something changes it.
        if !s.ws.is_prebuilt() || !s.corrections.is_empty() || !s.ws.has_bundled() {
            app.rebuild(&mut s)?;
        }
    }
    wire(&app)?;
    if routing {
        app.apply_route(Route::from_hash(&current_hash()));
    }
    if app.state.borrow().query.is_empty() && !options.query.is_empty() {
        app.apply_route(Route {
            query: options.query,
            ..Route::default()
        });
    }
    if app.fill() {
        app.render()?;
    } else {
        app.render_waiting()?;
    }
    if user_documents {
        restore_documents(&app);
    }
    if !app.origins.is_empty() {
        embed::post(&app.origins, "dossier:ready", &[]);
    }
    APPS.with(|apps| apps.borrow_mut().push(app.clone()));
    Ok(app)
}

/// Bring back the documents kept from earlier visits.
fn restore_documents(app: &Rc<App>) {
    let weak = Rc::downgrade(app);
    wasm_bindgen_futures::spawn_local(async move {
        let msg = match store::load_all().await {
            Ok(files) if files.is_empty() => return,
            Ok(files) => Message::AddFiles { files, keep: false },
            Err(e) => Message::Note(format!(
                "Your documents cannot be kept in this browser ({}); added ones last until the page closes.",
                e.as_string().unwrap_or_else(|| "storage unavailable".into())
            )),
        };
        if let Some(app) = weak.upgrade() {
            app.send(msg);
        }
    });
}

/// Read picked or dropped files, then add them.
fn add_file_list(app: &Rc<App>, list: Option<web_sys::FileList>) {
    let Some(list) = list else {
        return;
    };
    let files: Vec<web_sys::File> = (0..list.length()).filter_map(|i| list.get(i)).collect();
    if files.is_empty() {
        return;
    }
    let weak = Rc::downgrade(app);
    wasm_bindgen_futures::spawn_local(async move {
        let mut read = Vec::new();
        let mut failed = Vec::new();
        for f in files {
            match store::read_file(&f).await {
                Ok(bytes) => read.push((f.name(), bytes)),
                Err(_) => failed.push(f.name()),
            }
        }
        if let Some(app) = weak.upgrade() {
            if !failed.is_empty() {
                app.send(Message::Note(format!(
                    "Could not read {}.",
                    failed.join(", ")
                )));
            }
            app.send(Message::AddFiles {
                files: read,
                keep: true,
            });
        }
    });
}

/// One listener per kind of event, delegated from the root.
fn wire(app: &Rc<App>) -> Res {
    let on = |target: &web_sys::EventTarget, kind: &str, f: Handler| -> Res {
        let weak = Rc::downgrade(app);
        let closure = Listener::new(move |e: Event| {
            if let Some(app) = weak.upgrade() {
                f(&app, e);
            }
        });
        target.add_event_listener_with_callback(kind, closure.as_ref().unchecked_ref())?;
        app.listeners.borrow_mut().push(closure);
        Ok(())
    };
    on(
        &app.view.input,
        "input",
        Box::new(|app, e| {
            let value = e
                .target()
                .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
                .map(|i| i.value())
                .unwrap_or_default();
            app.send(Message::Query(value));
        }),
    )?;
    if app.routing {
        if let Some(window) = web_sys::window() {
            for kind in ["popstate", "hashchange"] {
                on(
                    &window,
                    kind,
                    Box::new(|app, _| {
                        app.send(Message::Navigate(Route::from_hash(&current_hash())))
                    }),
                )?;
            }
        }
    }
    on(
        &app.view.form,
        "submit",
        Box::new(|_, e| e.prevent_default()),
    )?;
    if app.view.layout.compact {
        // The drop-down closes on a press outside the explorer (the host's
        // page, in the shadow root's terms: the root is not on the path)
        // and opens again when the box takes focus.
        if let Some(window) = web_sys::window() {
            on(
                &window,
                "pointerdown",
                Box::new(|app, e| {
                    let inside = e.composed_path().includes(&app.view.root, 0);
                    if !inside && !app.state.borrow().folded {
                        app.send(Message::Fold(true));
                    }
                }),
            )?;
        }
        on(
            &app.view.input,
            "focus",
            Box::new(|app, _| {
                if app.state.borrow().folded {
                    app.send(Message::Fold(false));
                }
            }),
        )?;
    }
    on(
        &app.view.theme,
        "change",
        Box::new(|app, _| {
            let theme = app.view.theme.value();
            store::set_theme(&theme);
            if let Err(e) = app.view.set_theme(&theme) {
                web_sys::console::error_2(&"dossier:".into(), &e);
            }
        }),
    )?;
    // Adding documents, when the reader may.
    if let Some(docs) = &app.view.docs {
        on(
            &docs.picker,
            "change",
            Box::new(|app, _| {
                let Some(docs) = &app.view.docs else {
                    return;
                };
                add_file_list(app, docs.picker.files());
                // Picking the same file again must fire "change" again.
                docs.picker.set_value("");
            }),
        )?;
        on(
            &docs.bundled,
            "change",
            Box::new(|app, _| {
                if let Some(docs) = &app.view.docs {
                    app.send(Message::ShowBundled(docs.bundled.checked()));
                }
            }),
        )?;
        on(
            &app.view.root,
            "dragover",
            Box::new(|_, e| e.prevent_default()),
        )?;
        on(
            &app.view.root,
            "drop",
            Box::new(|app, e| {
                e.prevent_default();
                let files = e
                    .dyn_ref::<web_sys::DragEvent>()
                    .and_then(|d| d.data_transfer())
                    .and_then(|t| t.files());
                add_file_list(app, files);
            }),
        )?;
    }
    if !app.origins.is_empty() {
        if let Some(window) = web_sys::window() {
            on(
                &window,
                "message",
                Box::new(|app, e| {
                    let Some(e) = e.dyn_ref::<web_sys::MessageEvent>() else {
                        return;
                    };
                    if let Some(msg) = embed::command(e, &app.origins, &app.route()) {
                        app.send(msg);
                    }
                }),
            )?;
        }
    }
    if let Some(dialog) = &app.view.dialog {
        // Escape or the dialog's own close: back to the results.
        on(
            dialog,
            "close",
            Box::new(|app, _| {
                if app.state.borrow().open.is_some() {
                    app.send(Message::Back);
                }
            }),
        )?;
    }
    on(
        &app.view.root,
        "click",
        Box::new(|app, e| {
            let Some(target) = e.target().and_then(|t| t.dyn_into::<Element>().ok()) else {
                return;
            };
            if app.view.network_dragged(&target) {
                e.prevent_default();
                return;
            }
            if let Ok(Some(link)) = target.closest("[data-entity-name]") {
                if let Some(name) = link.get_attribute("data-entity-name") {
                    e.prevent_default();
                    app.send(Message::OpenEntity(name));
                }
            } else if let Ok(Some(link)) = target.closest("[data-action=open-at]") {
                let num = |k: &str| link.get_attribute(k).and_then(|v| v.parse().ok());
                if let (Some(d), Some(f), Some(st)) =
                    (num("data-doc"), num("data-field"), num("data-start"))
                {
                    e.prevent_default();
                    app.send(Message::OpenAt(d, f, st));
                }
            } else if let Ok(Some(link)) = target.closest("[data-doc]") {
                if let Some(doc) = link.get_attribute("data-doc").and_then(|d| d.parse().ok()) {
                    e.prevent_default();
                    app.send(Message::Open(doc));
                }
            } else if let Ok(Some(action)) = target.closest("[data-action]") {
                let msg = match action.get_attribute("data-action").as_deref() {
                    Some("back") => Message::Back,
                    Some("more") => Message::More,
                    Some("more-listed") => Message::MoreListed,
                    Some("paste") => {
                        let Some(docs) = &app.view.docs else {
                            return;
                        };
                        let text = docs.paste.value();
                        if text.trim().is_empty() {
                            Message::Note("Nothing to add: the paste box is empty.".into())
                        } else {
                            docs.paste.set_value("");
                            let name = app.state.borrow().paste_name();
                            Message::AddFiles {
                                files: vec![(name, text.into_bytes())],
                                keep: true,
                            }
                        }
                    }
                    Some("screen") => match action
                        .get_attribute("data-screen")
                        .map(|n| Route::from_hash(&format!("#view={n}")).screen)
                    {
                        Some(screen) => Message::Screen(screen),
                        None => return,
                    },
                    Some("toggle-kind") => match action
                        .get_attribute("data-kind")
                        .and_then(|k| crate::entities::EntityKind::parse(&k))
                    {
                        Some(kind) => Message::ToggleKind(kind),
                        None => return,
                    },
                    Some("cancel-import") => Message::CancelImport,
                    Some("copy-link") => {
                        copy_link(app);
                        return;
                    }
                    // Focus only: nothing in the state changes.
                    Some("skip-marks") => {
                        let _ = app.view.skip_marks();
                        return;
                    }
                    Some("to-articles") => {
                        e.prevent_default();
                        let _ = app.view.to_articles();
                        return;
                    }
                    Some("apply-corrections") => {
                        let text = app
                            .view
                            .pane
                            .query_selector("textarea[data-corrections]")
                            .ok()
                            .flatten()
                            .and_then(|t| js_sys::Reflect::get(&t, &"value".into()).ok())
                            .and_then(|v| v.as_string())
                            .unwrap_or_default();
                        Message::SetCorrections(text)
                    }
                    Some("correct") => {
                        // The quick action's form: a command and its value.
                        let Some(name) = action.get_attribute("data-name") else {
                            return;
                        };
                        let value = action
                            .get_attribute("data-field")
                            .and_then(|sel| app.view.pane.query_selector(&sel).ok().flatten())
                            .and_then(|f| js_sys::Reflect::get(&f, &"value".into()).ok())
                            .and_then(|v| v.as_string())
                            .unwrap_or_default();
                        let quoted = |s: &str| format!("\"{}\"", s.replace('"', "'"));
                        let line = match action.get_attribute("data-op").as_deref() {
                            Some("rename") if !value.trim().is_empty() => {
                                format!("rename {} => {}", quoted(&name), quoted(value.trim()))
                            }
                            Some("kind") if !value.is_empty() => {
                                format!("kind {} = {value}", quoted(&name))
                            }
                            Some("suppress") => format!("suppress {}", quoted(&name)),
                            Some("merge") if !value.trim().is_empty() => {
                                format!("merge {} + {}", quoted(&name), quoted(value.trim()))
                            }
                            _ => return,
                        };
                        Message::AddCorrection(line)
                    }
                    Some("download-entities-csv") => Message::Download("entities-csv"),
                    Some("download-timeline-csv") => Message::Download("timeline-csv"),
                    Some("download-quotes-csv") => Message::Download("quotes-csv"),
                    Some("download-quotes-json") => Message::Download("quotes-json"),
                    Some(zoom @ ("net-zoom-in" | "net-zoom-out" | "net-reset")) => {
                        app.view.network_button(&action, zoom);
                        e.prevent_default();
                        return;
                    }
                    // A bar without events, or a day's own bar, zooms nowhere.
                    Some("timeline-period") if action.get_attribute("aria-disabled").is_none() => {
                        Message::TimelinePeriod(
                            action
                                .get_attribute("data-period")
                                .and_then(|p| crate::events::Period::parse(&p)),
                        )
                    }
                    Some("download-entities-json") => Message::Download("entities-json"),
                    Some("download-results-csv") => Message::Download("results-csv"),
                    Some("download-results-json") => Message::Download("results-json"),
                    Some("facet") => match action.get_attribute("data-filter") {
                        Some(filter) => {
                            let query = app.state.borrow().query.clone();
                            let (next, _) = crate::search::filters::toggle_filter(&query, &filter);
                            app.view.input.set_value(&next);
                            Message::Query(next)
                        }
                        None => return,
                    },
                    Some("remove-file") => match action.get_attribute("data-file") {
                        Some(name) => Message::RemoveFile(name),
                        None => return,
                    },
                    Some("next-hit") => Message::Hit(1),
                    Some("prev-hit") => Message::Hit(-1),
                    _ => return,
                };
                e.prevent_default();
                app.send(msg);
            }
        }),
    )?;
    // Controls drawn with the entity screens, by their data-input.
    for kind in ["input", "change"] {
        on(
            &app.view.root,
            kind,
            Box::new(|app, e| {
                let Some(t) = e.target().and_then(|t| t.dyn_into::<Element>().ok()) else {
                    return;
                };
                let Some(what) = t.get_attribute("data-input") else {
                    return;
                };
                let value = || -> String {
                    js_sys::Reflect::get(&t, &"value".into())
                        .ok()
                        .and_then(|v| v.as_string())
                        .unwrap_or_default()
                };
                let msg = match (what.as_str(), e.type_().as_str()) {
                    ("entity-filter", "input") => Message::EntityFilter(value()),
                    ("timeline-filter", "input") => Message::TimelineFilter(value()),
                    ("quote-filter", "input") => Message::QuoteFilter(value()),
                    ("entity-sort", "change") => Message::EntitySort(value() == "name"),
                    ("net-top", "change") => match value().parse() {
                        Ok(n) => Message::NetTop(n),
                        Err(_) => return,
                    },
                    ("net-weight", "change") | ("net-weight", "input") => match value().parse() {
                        Ok(w) => Message::NetWeight(w),
                        Err(_) => return,
                    },
                    ("net-kind", "change") => {
                        let checked = js_sys::Reflect::get(&t, &"checked".into())
                            .ok()
                            .and_then(|v| v.as_bool())
                            .unwrap_or(true);
                        match t
                            .get_attribute("data-kind")
                            .and_then(|k| crate::entities::EntityKind::parse(&k))
                        {
                            Some(k) => Message::NetKind(k, checked),
                            None => return,
                        }
                    }
                    _ => return,
                };
                app.send(msg);
            }),
        )?;
    }
    // The network: the wheel zooms, a drag pans, a node under the pointer
    // or with focus shows its label.
    on(
        &app.view.root,
        "wheel",
        Box::new(|app, e| {
            let (Some(t), Some(w)) = (
                e.target().and_then(|t| t.dyn_into::<Element>().ok()),
                e.dyn_ref::<web_sys::WheelEvent>(),
            ) else {
                return;
            };
            if app.view.network_wheel(&t, w) {
                e.prevent_default();
            }
        }),
    )?;
    for kind in ["pointerdown", "pointermove", "pointerup", "pointercancel"] {
        on(
            &app.view.root,
            kind,
            Box::new(|app, e| {
                if let (Some(t), Some(p)) = (
                    e.target().and_then(|t| t.dyn_into::<Element>().ok()),
                    e.dyn_ref::<web_sys::PointerEvent>(),
                ) {
                    app.view.network_drag(&t, p, &e.type_());
                }
            }),
        )?;
    }
    for kind in ["mouseover", "mouseout", "focusin", "focusout"] {
        on(
            &app.view.root,
            kind,
            Box::new(|app, e| {
                if let Some(t) = e.target().and_then(|t| t.dyn_into::<Element>().ok()) {
                    let kind = e.type_();
                    let show = kind == "mouseover" || kind == "focusin";
                    app.view.network_hover(&t, show, kind == "focusin");
                }
            }),
        )?;
    }
    // A full page takes its keys from anywhere; an embed only while it has
    // focus, so the host page's own keys stay the host's.
    let keys: web_sys::EventTarget = match (app.view.layout.page, web_sys::window()) {
        (true, Some(w)) => w.into(),
        _ => app.view.root.clone().into(),
    };
    on(
        &keys,
        "keydown",
        Box::new(|app, e| {
            let Some(key) = e.dyn_ref::<KeyboardEvent>() else {
                return;
            };
            let target = e.target().and_then(|t| t.dyn_into::<Element>().ok());
            let typing = target
                .as_ref()
                .is_some_and(|t| matches!(t.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"));
            if key.ctrl_key() || key.meta_key() || key.alt_key() {
                return;
            }
            // The network's keys (zoom, pan) and the timeline axis's
            // arrows, inside those.
            if let Some(t) = &target {
                if !typing
                    && (app.view.network_key(t, &key.key())
                        || app.view.move_in_periods(t, &key.key()))
                {
                    e.prevent_default();
                    return;
                }
            }
            let reading = app.state.borrow().open.is_some();
            let in_entity = app.state.borrow().entity.is_some();
            // Arrow keys walk the marked names of the article (one tab
            // stop for all of them).
            if let ("ArrowRight" | "ArrowLeft" | "Home" | "End", Some(t)) =
                (key.key().as_str(), &target)
            {
                if app.view.move_in_marks(t, &key.key()).unwrap_or(false) {
                    e.prevent_default();
                    return;
                }
            }
            // Arrow keys walk the result links (from the search box too).
            if let ("ArrowDown" | "ArrowUp", Some(t)) = (key.key().as_str(), &target) {
                let down = key.key() == "ArrowDown";
                let from_box =
                    t.tag_name() == "INPUT" && t.get_attribute("type").as_deref() == Some("search");
                let in_list = t.closest(".dz-list").ok().flatten().is_some();
                if ((from_box && down) || in_list)
                    && app.view.move_in_results(t, down, from_box).unwrap_or(false)
                {
                    e.prevent_default();
                }
                return;
            }
            match key.key().as_str() {
                "n" if reading && !typing => app.send(Message::Hit(1)),
                "N" if reading && !typing => app.send(Message::Hit(-1)),
                "/" if !typing => {
                    e.prevent_default();
                    app.send(Message::FocusSearch);
                }
                // Compact: Escape folds the drop-down away (the dialog
                // closes itself on Escape).
                "Escape" if app.view.layout.compact && !reading => {
                    let fold = {
                        let s = app.state.borrow();
                        !s.folded && !s.query.trim().is_empty()
                    };
                    if fold {
                        // Chromium would also empty the search box.
                        e.prevent_default();
                        app.send(Message::Fold(true));
                    }
                }
                "Escape" if reading || in_entity => {
                    e.prevent_default();
                    app.send(Message::Back);
                }
                _ => {}
            }
        }),
    )?;
    Ok(())
}

/// Put the page's URL (which holds the view) on the clipboard; where the
/// clipboard is refused (file:// pages), show the link to copy by hand.
fn copy_link(app: &Rc<App>) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let url = window.location().href().unwrap_or_default();
    let me = Rc::downgrade(app);
    wasm_bindgen_futures::spawn_local(async move {
        let clipboard = window.navigator().clipboard();
        let copied = wasm_bindgen_futures::JsFuture::from(clipboard.write_text(&url))
            .await
            .is_ok();
        if let Some(app) = me.upgrade() {
            if copied {
                app.view.say("Link copied.");
            } else {
                app.view.say(&format!("Copy this link: {url}"));
            }
        }
    });
}

/// Sources (bytes in all) beyond which a rebuild runs in slices between
/// frames, with progress; below, it runs at once.
const BIG_IMPORT: usize = 256 * 1024;

/// Work done per slice of a rebuild before the page gets to draw and
/// answer (ms).
const SLICE_MS: f64 = 25.0;

/// A pause that lets the browser draw and handle input.
async fn yield_now() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Step the rebuild under way, one slice per message, yielding to the
/// browser in between, until it ends.
fn step_between_frames(app: &App) {
    let me = app.me.clone();
    wasm_bindgen_futures::spawn_local(async move {
        loop {
            yield_now().await;
            let Some(app) = me.upgrade() else { return };
            app.send(Message::Work);
            let mut s = app.state.borrow_mut();
            if s.job.is_none() {
                s.stepping = false;
                return;
            }
        }
    });
}

/// Delete a file from browser storage, telling the user if that fails.
fn forget(app: &App, name: String) {
    let me = app.me.clone();
    wasm_bindgen_futures::spawn_local(async move {
        if let Err(e) = store::delete(&name).await {
            if let Some(app) = me.upgrade() {
                app.send(Message::Note(format!(
                    "{name} was removed here but could not be removed from browser storage ({}).",
                    e.as_string().unwrap_or_default()
                )));
            }
        }
    });
}

/// Save a file in the browser, telling the user if that fails.
fn persist(app: &App, name: String, bytes: Vec<u8>) {
    let me = app.me.clone();
    wasm_bindgen_futures::spawn_local(async move {
        if let Err(e) = store::put(&name, &bytes).await {
            if let Some(app) = me.upgrade() {
                app.send(Message::Note(format!(
                    "{name} is searchable now but could not be kept for next time ({}).",
                    e.as_string()
                        .unwrap_or_else(|| "storage unavailable".into())
                )));
            }
        }
    });
}

impl State {
    /// A name for pasted text not yet used by another file.
    fn paste_name(&self) -> String {
        let taken: Vec<&str> = self.ws.file_names().collect();
        (1..)
            .map(|n| format!("pasted-{n}.txt"))
            .find(|name| !taken.contains(&name.as_str()))
            .unwrap_or_else(|| "pasted.txt".into())
    }
}

impl App {
    /// Handle a message, and then any that arrived while it was handled.
    fn send(&self, msg: Message) {
        if self.busy.replace(true) {
            self.queue.borrow_mut().push_back(msg);
            return;
        }
        self.handle(msg);
        loop {
            let next = self.queue.borrow_mut().pop_front();
            match next {
                Some(m) => self.handle(m),
                None => break,
            }
        }
        self.busy.set(false);
    }

    /// Rebuild what was staged: at once when the sources are small, else
    /// in slices between frames, with a progress bar. A rebuild already
    /// under way starts over (files it read are not read again).
    fn rebuild(&self, s: &mut State) -> Res {
        if !s.ws.wants_all().is_empty() {
            // A rebuild starts from the whole prebuilt corpus: read it in
            // first ([`App::fill`] asks for it), then start.
            s.rebuild_waiting = true;
            return Ok(());
        }
        s.rebuild_waiting = false;
        s.job = Some(s.ws.begin());
        let budget = if s.ws.source_bytes() <= BIG_IMPORT {
            f64::INFINITY
        } else {
            SLICE_MS
        };
        self.work(s, budget).map(|_| ())
    }

    /// Do a slice of the rebuild under way; returns whether it ended.
    fn work(&self, s: &mut State, budget_ms: f64) -> Res<bool> {
        if s.job.is_none() {
            return Ok(true);
        }
        let end = js_sys::Date::now() + budget_ms;
        let progress = s.ws.step(&mut s.job, &mut || js_sys::Date::now() >= end);
        if !progress.finished {
            self.view.show_work(Some(&progress), !s.added.is_empty())?;
            if !s.stepping {
                s.stepping = true;
                step_between_frames(self);
                // Said once, in the documents panel's live note; the bar
                // itself is not announced at every step.
                if !s.added.is_empty() {
                    s.note = format!("Reading and indexing {}…", s.added.join(", "));
                }
            }
            return Ok(false);
        }
        self.view.show_work(None, false)?;
        let added = std::mem::take(&mut s.added);
        if !added.is_empty() {
            s.note = s.ws.added_note(&added);
        }
        Ok(true)
    }

    /// Offer a file of the entity table or the current results.
    fn download(&self, what: &str) -> Res {
        let s = self.state.borrow();
        let (name, mime, text) = match what {
            "entities-csv" => (
                "dossier-entities.csv",
                "text/csv",
                crate::explore::export::entities_csv(&s.ws.entities),
            ),
            "entities-json" => {
                let out =
                    crate::entities::wire::EntitiesOutput::new(&s.ws.corpus, &s.ws.entities, |n| {
                        s.ws.source(n)
                    });
                ("dossier-entities.json", "application/json", to_json(&out)?)
            }
            "timeline-csv" => (
                "dossier-timeline.csv",
                "text/csv",
                crate::events::wire::timeline_csv(&s.ws.corpus, &s.ws.entities, &s.ws.timeline),
            ),
            "quotes-csv" => (
                "dossier-quotes.csv",
                "text/csv",
                crate::events::wire::quotes_csv(&s.ws.corpus, &s.ws.entities, &s.ws.quotes),
            ),
            "quotes-json" => {
                let out = crate::events::wire::QuotesOutput::new(
                    &s.ws.corpus,
                    &s.ws.entities,
                    &s.ws.quotes,
                    |n| s.ws.source(n),
                );
                ("dossier-quotes.json", "application/json", to_json(&out)?)
            }
            "results-csv" => {
                let found = s.ws.search(&s.query, 1000);
                (
                    "dossier-results.csv",
                    "text/csv",
                    crate::explore::export::results_csv(&s.ws.corpus, &found),
                )
            }
            "results-json" => {
                let found = s.ws.search(&s.query, 1000);
                let out =
                    crate::search::wire::SearchJson::new(&s.ws.corpus, &found, |n| s.ws.source(n));
                ("dossier-results.json", "application/json", to_json(&out)?)
            }
            _ => return Ok(()),
        };
        let parts = js_sys::Array::of1(&JsValue::from_str(&text));
        let bag = web_sys::BlobPropertyBag::new();
        bag.set_type(&format!("{mime};charset=utf-8"));
        let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &bag)?;
        let url = web_sys::Url::create_object_url_with_blob(&blob)?;
        let a: web_sys::HtmlAnchorElement = self.view.doc.create_element("a")?.dyn_into()?;
        a.set_href(&url);
        a.set_download(name);
        a.click();
        web_sys::Url::revoke_object_url(&url)?;
        Ok(())
    }

    fn handle(&self, msg: Message) {
        if let Message::Hit(step) = msg {
            // Walking hits moves a marker; the article is not redrawn.
            let result = self.view.step_hit(&mut self.state.borrow_mut(), step);
            if let Err(e) = result {
                web_sys::console::error_2(&"dossier:".into(), &e);
            }
            return;
        }
        if let Message::Work = msg {
            // A slice of long work redraws only the progress bar.
            let result = {
                let mut s = self.state.borrow_mut();
                self.work(&mut s, SLICE_MS)
            };
            match result {
                Ok(true) => self.handle(Message::Built),
                Ok(false) => {}
                Err(e) => web_sys::console::error_2(&"dossier:".into(), &e),
            }
            return;
        }
        if let Message::Download(what) = msg {
            let whole = self.state.borrow().ws.wants_all();
            if !whole.is_empty() {
                // An export covers the whole corpus: read it in first.
                self.later.set(Some(Later::Download(what)));
                self.start_fetch(whole);
                return;
            }
            if let Err(e) = self.download(what) {
                web_sys::console::error_2(&"dossier:".into(), &e);
            }
            return;
        }
        let focus = match msg {
            Message::Open(_) | Message::OpenAt(..) => Focus::Reader,
            Message::Back => Focus::Result,
            Message::Screen(_) | Message::OpenEntity(_) => Focus::Pane,
            Message::TimelinePeriod(_) => Focus::Period,
            _ => Focus::Keep,
        };
        // Moves between views get a history entry; typing does not.
        let history = match msg {
            Message::Open(_)
            | Message::Back
            | Message::OpenAt(..)
            | Message::Screen(_)
            | Message::TimelinePeriod(_)
            | Message::OpenEntity(_) => History::Push,
            // After back/forward the URL already matches (a no-op); after
            // a parent's command it takes the new state.
            _ => History::Replace,
        };
        let before = self.route();
        let fetched = matches!(msg, Message::Fetched(_));
        let updated = self.update(msg);
        if fetched && !self.awaited.borrow().is_empty() {
            // A chunk of a round still coming in: it is in; draw nothing yet.
            if let Err(e) = updated {
                web_sys::console::error_2(&"dossier:".into(), &e);
            }
            return;
        }
        let result = updated.and_then(|_| {
            if !self.fill() {
                // Drawn, and focused, once the chunks are in.
                if !fetched {
                    self.later.set(Some(Later::Focus(focus)));
                }
                return self.render_waiting().and_then(|_| self.sync_url(history));
            }
            let focus = match (fetched, self.later.take()) {
                (true, Some(Later::Focus(f))) => f,
                (true, Some(Later::Download(what))) => {
                    self.download(what)?;
                    Focus::Keep
                }
                (true, None) => Focus::Keep,
                (false, _) => focus,
            };
            let kept = matches!(focus, Focus::Keep)
                .then(|| self.view.focus_key())
                .flatten();
            self.render()
                .and_then(|_| self.view.restore_focus(kept))
                .and_then(|_| self.sync_url(history))
                .and_then(|_| self.focus(focus))?;
            // Text the drawing lacked (a list's items over a prebuilt
            // index): read it ([`App::wanted`] names it), and draw again
            // once it is in: now, from the single file's copy, or when
            // fetched. A chunk that cannot be read is not asked for again.
            let lacking = self.view.take_lacking();
            let again = !lacking.is_empty();
            self.state.borrow_mut().lacking = lacking;
            if again && self.fill() {
                self.render()?;
                self.state.borrow_mut().lacking = self.view.take_lacking();
            }
            Ok(())
        });
        self.report(&before);
        if let Err(e) = result {
            web_sys::console::error_2(&"dossier:".into(), &e);
        }
    }

    fn update(&self, msg: Message) -> Res {
        let mut s = self.state.borrow_mut();
        match msg {
            Message::Fold(folded) => s.folded = folded,
            Message::Query(q) => {
                s.folded = false;
                if q != s.query {
                    s.shown = view::RESULT_PAGE;
                    // Typing searches the articles from whichever view the
                    // reader is on: the results replace that view.
                    if !q.trim().is_empty() {
                        s.screen = crate::route::Screen::Results;
                        s.entity = None;
                    }
                }
                s.query = q;
                s.open = None;
            }
            Message::Open(doc) => {
                if let Some(d) = s.ws.corpus.documents.get(doc) {
                    let id = d.id.clone();
                    s.open = Some(id.clone());
                    s.last_opened = Some(id);
                    s.current_hit = 0;
                    s.target = None;
                }
            }
            Message::Navigate(route) => {
                drop(s);
                self.apply_route(route);
                return Ok(());
            }
            Message::Back => {
                // Back from an article to the entity page it was opened
                // from, else to the list; back from an entity to the list.
                if s.open.is_some() {
                    s.open = None;
                } else {
                    s.entity = None;
                }
                s.target = None;
            }
            Message::Screen(screen) => {
                s.screen = screen;
                s.timeline_period = None;
                s.listed = view::LIST_PAGE;
                s.open = None;
                s.entity = None;
            }
            Message::OpenEntity(name) => {
                s.entity = Some(name);
                s.listed = view::LIST_PAGE;
                s.open = None;
            }
            Message::OpenAt(doc, field, start) => {
                if let Some(d) = s.ws.corpus.documents.get(doc) {
                    let id = d.id.clone();
                    s.open = Some(id.clone());
                    s.last_opened = Some(id);
                    s.current_hit = 0;
                    s.target = Some((field, start));
                }
            }
            Message::ToggleKind(kind) => {
                if let Some(at) = s.hidden_kinds.iter().position(|k| *k == kind) {
                    s.hidden_kinds.remove(at);
                } else {
                    s.hidden_kinds.push(kind);
                }
            }
            Message::EntityFilter(text) => {
                s.entity_filter = text;
                s.listed = view::LIST_PAGE;
            }
            Message::TimelineFilter(text) => {
                s.timeline_filter = text;
                s.listed = view::LIST_PAGE;
            }
            Message::QuoteFilter(text) => {
                s.quote_filter = text;
                s.listed = view::LIST_PAGE;
            }
            Message::MoreListed => s.listed = s.listed.saturating_add(view::LIST_PAGE),
            Message::TimelinePeriod(p) => {
                s.timeline_period = p;
                s.listed = view::LIST_PAGE;
            }
            Message::NetTop(n) => {
                s.net_top = n.clamp(1, 500);
                s.listed = view::LIST_PAGE;
            }
            Message::EntitySort(by_name) => s.entity_by_name = by_name,
            Message::NetWeight(w) => s.net_min_weight = w.clamp(1, 50),
            Message::NetKind(kind, on) => {
                s.net_hidden.retain(|k| *k != kind);
                if !on {
                    s.net_hidden.push(kind);
                }
            }
            Message::Download(_) => {}
            Message::Work | Message::Built => {}
            Message::SetCorrections(text) => {
                s.correction_notes = s.ws.stage_corrections(&text);
                store::set_corrections(&text);
                s.corrections = text;
                self.rebuild(&mut s)?;
            }
            Message::AddCorrection(line) => {
                let mut text = s.corrections.trim_end().to_string();
                if !text.is_empty() {
                    text.push('\n');
                }
                text.push_str(&line);
                text.push('\n');
                s.correction_notes = s.ws.stage_corrections(&text);
                store::set_corrections(&text);
                s.corrections = text;
                self.rebuild(&mut s)?;
                // A renamed entity's page moves to its new name (shown
                // once the rebuild ends); a merge keeps the page it was
                // made from (the others join it); a hidden entity's page
                // is gone: go to the list.
                if let Some(new_name) = renamed_to(&line) {
                    s.entity = Some(new_name);
                } else if line.starts_with("suppress") {
                    s.entity = None;
                    s.screen = crate::route::Screen::Entities;
                }
            }
            Message::FocusSearch => self.view.input.focus()?,
            Message::Hit(_) => {}
            Message::AddFiles { files, keep } => {
                for (name, bytes) in files {
                    if keep {
                        persist(self, name.clone(), bytes.clone());
                    }
                    s.ws.stage(&name, bytes);
                    s.added.retain(|n| *n != name);
                    s.added.push(name);
                }
                self.rebuild(&mut s)?;
            }
            Message::RemoveFile(name) => {
                if s.ws.unstage(&name) {
                    s.added.retain(|n| *n != name);
                    s.note = format!("Removed {name}.");
                    s.open = None;
                    self.rebuild(&mut s)?;
                    forget(self, name);
                }
            }
            Message::CancelImport => {
                let names = std::mem::take(&mut s.added);
                if !names.is_empty() {
                    for name in &names {
                        s.ws.unstage(name);
                        forget(self, name.clone());
                    }
                    s.note = format!("Stopped. Not added: {}.", names.join(", "));
                    self.rebuild(&mut s)?;
                    // The button is gone: the search box takes focus.
                    self.view.input.focus()?;
                }
            }
            Message::ShowBundled(on) => {
                if s.ws.stage_bundled(on) {
                    self.rebuild(&mut s)?;
                }
                store::set_bundled_hidden(!on);
                s.open = None;
                s.note = if on {
                    "The explorer’s own articles are shown.".into()
                } else {
                    "The explorer’s own articles are hidden.".into()
                };
            }
            Message::Note(text) => s.note = text,
            Message::More => s.shown = s.shown.saturating_add(view::RESULT_PAGE),
            Message::Fetched(chunks) => {
                for (name, bytes) in chunks {
                    self.fetching.borrow_mut().remove(&name);
                    self.awaited.borrow_mut().remove(&name);
                    s.ws.supply(&name, bytes);
                }
                let problems = s.ws.problems();
                if problems.len() != self.problems.get() {
                    self.problems.set(problems.len());
                    self.view.show_alert(&alert_of(problems))?;
                }
                if s.rebuild_waiting && s.ws.wants_all().is_empty() {
                    self.rebuild(&mut s)?;
                }
            }
        }
        Ok(())
    }

    /// The chunks of the prebuilt index the state on screen needs.
    fn wanted(&self, s: &State) -> Vec<String> {
        if self.source.is_none() {
            return Vec::new();
        }
        if s.rebuild_waiting {
            return s.ws.wants_all();
        }
        let mut want = Vec::new();
        if s.open.is_none() && (s.entity.is_some() || s.screen != crate::route::Screen::Results) {
            // A view over the whole corpus reads its own pages, not the corpus.
            want = match s.entity.as_ref() {
                Some(name) => match crate::explore::find(&s.ws.entities, name) {
                    Some(i) => s.ws.wants_entity(i, s.listed),
                    None => s.ws.wants_entities(),
                },
                None => match s.screen {
                    crate::route::Screen::Entities => {
                        s.ws.wants_entity_list(&s.entity_filter, s.entity_by_name, s.listed)
                    }
                    crate::route::Screen::Timeline => {
                        s.ws.wants_timeline(&s.timeline_filter, s.timeline_period, s.listed)
                    }
                    screen => s.ws.wants_screen(screen),
                },
            };
        } else {
            if !s.query.trim().is_empty() {
                want = s.ws.wants_search(&s.query, s.shown);
            }
            if let Some(doc) = s.open.as_deref().and_then(|id| s.ws.document_number(id)) {
                want.extend(s.ws.wants_document(doc, &s.query));
            }
        }
        want.extend(s.ws.wants_texts(&s.lacking));
        let mut seen = std::collections::HashSet::new();
        want.retain(|name| seen.insert(name.clone()));
        want
    }

    /// Read in what the state needs of the prebuilt index: at once from
    /// the single file's copy, else by fetching. Returns whether it is all
    /// in (draw now); if not, a [`Message::Fetched`] comes when it is.
    fn fill(&self) -> bool {
        let Some(src) = self.source.clone() else {
            return true;
        };
        // Each round reads what the last one showed to be needed (a
        // query's postings, then its shown results' text); a few suffice.
        for _ in 0..8 {
            let want = self.wanted(&self.state.borrow());
            if want.is_empty() {
                return true;
            }
            let mut away = Vec::new();
            {
                let mut s = self.state.borrow_mut();
                for name in want {
                    match src.at_hand(&name) {
                        Some(bytes) => {
                            s.ws.supply(&name, Some(bytes));
                        }
                        None if src.base.is_none() => {
                            s.ws.supply(&name, None);
                        }
                        None => away.push(name),
                    }
                }
            }
            if !away.is_empty() {
                // A new round: the state waits for these and no others.
                self.awaited.borrow_mut().clear();
                self.start_fetch(away);
                return false;
            }
        }
        true
    }

    /// Fetch chunks not already on their way, all started at once; each
    /// arrives as its own message, and the state waits for all of them.
    fn start_fetch(&self, names: Vec<String>) {
        let Some(base) = self.source.as_ref().and_then(|s| s.base.clone()) else {
            return;
        };
        self.awaited.borrow_mut().extend(names.iter().cloned());
        let names: Vec<String> = {
            let mut on_way = self.fetching.borrow_mut();
            names
                .into_iter()
                .filter(|n| on_way.insert(n.clone()))
                .collect()
        };
        for name in names {
            let started = fetch_start(&format!("{base}{name}"));
            let me = self.me.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let got = fetch_bytes(started).await;
                if let Some(app) = me.upgrade() {
                    app.send(Message::Fetched(vec![(name, got)]));
                }
            });
        }
    }

    /// While chunks are fetched: say so where the answer will show.
    fn render_waiting(&self) -> Res {
        self.view.show_waiting(&self.state.borrow())
    }

    /// Tell an embedding parent what changed since `before`.
    fn report(&self, before: &Route) {
        if self.origins.is_empty() {
            return;
        }
        let now = self.route();
        let s = self.state.borrow();
        if now.query != before.query {
            // The answer on screen, when it is the one the parent gets.
            let found = s.ws.answer(&now.query, s.shown).1;
            let top = js_sys::Array::new();
            for r in found.results.iter().take(10) {
                if let Some(d) = s.ws.corpus.documents.get(r.doc) {
                    let item = js_sys::Object::new();
                    let _ = js_sys::Reflect::set(&item, &"document".into(), &d.id.as_str().into());
                    let _ = js_sys::Reflect::set(
                        &item,
                        &"title".into(),
                        &d.title().unwrap_or("").into(),
                    );
                    top.push(&item);
                }
            }
            embed::post(
                &self.origins,
                "dossier:results",
                &[
                    ("query", now.query.as_str().into()),
                    ("total", (found.total as f64).into()),
                    ("results", top.into()),
                ],
            );
        }
        if now.doc != before.doc {
            if let Some(d) = now
                .doc
                .as_deref()
                .and_then(|id| s.ws.document_number(id))
                .and_then(|i| s.ws.corpus.documents.get(i))
            {
                embed::post(
                    &self.origins,
                    "dossier:opened",
                    &[
                        ("document", d.id.as_str().into()),
                        ("title", d.title().unwrap_or("").into()),
                    ],
                );
            }
        }
        if now.entity != before.entity {
            if let Some(name) = &now.entity {
                embed::post(
                    &self.origins,
                    "dossier:entity-opened",
                    &[("name", name.as_str().into())],
                );
            }
        }
    }

    /// Take the state a URL describes.
    fn apply_route(&self, route: Route) {
        let mut s = self.state.borrow_mut();
        if s.query != route.query {
            self.view.input.set_value(&route.query);
            s.query = route.query;
            s.shown = view::RESULT_PAGE;
        }
        if s.open != route.doc {
            s.current_hit = 0;
        }
        s.open = route.doc;
        if s.open.is_some() {
            s.last_opened = s.open.clone();
        }
        s.entity = route.entity;
        s.screen = route.screen;
        s.timeline_period = route.period;
    }

    /// The URL fragment for the current state.
    fn route(&self) -> Route {
        let s = self.state.borrow();
        Route {
            query: s.query.clone(),
            doc: s.open.clone(),
            entity: s.entity.clone(),
            screen: s.screen,
            period: s.timeline_period,
        }
    }

    /// Write the state into the URL, as a new history entry or in place.
    fn sync_url(&self, history: History) -> Res {
        if !self.routing {
            return Ok(());
        }
        let hash = self.route().to_hash();
        if hash == current_hash() {
            return Ok(());
        }
        let Some(window) = web_sys::window() else {
            return Ok(());
        };
        let location = window.location();
        // An empty fragment still needs a URL that drops the old one.
        let url = if hash.is_empty() {
            format!("{}{}", location.pathname()?, location.search()?)
        } else {
            hash
        };
        let h = window.history()?;
        match history {
            History::Push => h.push_state_with_url(&JsValue::NULL, "", Some(&url)),
            _ => h.replace_state_with_url(&JsValue::NULL, "", Some(&url)),
        }
    }

    fn focus(&self, focus: Focus) -> Res {
        match focus {
            Focus::Reader => {
                self.view.focus_reader()?;
                match self.state.borrow().target {
                    Some((field, start)) => self.view.show_place(field, start),
                    None => Ok(()),
                }
            }
            Focus::Result => match self.state.borrow().last_opened.clone() {
                Some(id) => self.view.focus_result(&id),
                None => Ok(()),
            },
            Focus::Pane => self.view.focus_pane(),
            Focus::Period => self.view.focus_period(),
            Focus::Keep => Ok(()),
        }
    }

    fn render(&self) -> Res {
        self.view.render(&self.state.borrow())
    }
}

/// Serialise a wire value to JSON text in the browser.
fn to_json(value: &impl serde::Serialize) -> Res<String> {
    let v = serde_wasm_bindgen::to_value(value)?;
    js_sys::JSON::stringify_with_replacer_and_space(&v, &JsValue::NULL, &JsValue::from(2))?
        .as_string()
        .ok_or_else(|| JsValue::from_str("could not write JSON"))
}
