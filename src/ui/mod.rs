//! The explorer page, drawn with web-sys into one root element.
//!
//! Controller/view split: DOM events become [`Message`]s, `update` changes
//! the [`State`], and `view` redraws from the state. The page knows nothing
//! of the host document beyond its root element.

mod dom;
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
    ShowBundled(bool),
    /// Something to tell the user about their documents.
    Note(String),
    /// The URL changed (back, forward, an edited or pasted link).
    Navigate(Route),
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
    Keep,
}

/// The page's URL fragment, `#` included, or `""`.
fn current_hash() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

/// Where keyboard focus goes after a message.
enum Focus {
    Reader,
    Result,
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
    /// The hit the reading view is on.
    pub current_hit: usize,
    /// The last thing said about the user's documents.
    pub note: String,
}

/// One mounted explorer: its root, its state and its listeners.
pub struct App {
    /// Itself, for async work that reports back (never keeps it alive).
    me: Weak<App>,
    /// Whether this explorer owns the page's URL fragment (a full-page
    /// explorer does; one embedded in a host page leaves the URL alone).
    routing: bool,
    view: view::View,
    state: RefCell<State>,
    listeners: RefCell<Vec<Listener>>,
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

fn mount_all() -> Res {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return Ok(());
    };
    let roots = document.query_selector_all("#dossier, [data-dossier]")?;
    for i in 0..roots.length() {
        if let Some(root) = roots.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
            let routing = root.id() == "dossier" || root.has_attribute("data-dossier-routing");
            mount(root, i as usize, routing)?;
        }
    }
    Ok(())
}

fn mount(root: Element, instance: usize, routing: bool) -> Res {
    let view = view::View::new(root, instance)?;
    let app = Rc::new_cyclic(|me| App {
        me: me.clone(),
        routing,
        view,
        state: RefCell::new(State {
            ws: Workspace::bundled(),
            query: String::new(),
            open: None,
            last_opened: None,
            current_hit: 0,
            note: String::new(),
        }),
        listeners: RefCell::new(Vec::new()),
    });
    app.view.set_theme(&store::theme())?;
    if store::bundled_hidden() {
        app.state.borrow_mut().ws.set_bundled(false);
    }
    wire(&app)?;
    if routing {
        app.apply_route(Route::from_hash(&current_hash()));
    }
    app.render()?;
    // Bring back the documents kept from earlier visits.
    let weak = Rc::downgrade(&app);
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
    APPS.with(|apps| apps.borrow_mut().push(app));
    Ok(())
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
    on(
        &app.view.docs.picker,
        "change",
        Box::new(|app, _| {
            add_file_list(app, app.view.docs.picker.files());
            // Picking the same file again must fire "change" again.
            app.view.docs.picker.set_value("");
        }),
    )?;
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
    on(
        &app.view.docs.bundled,
        "change",
        Box::new(|app, _| app.send(Message::ShowBundled(app.view.docs.bundled.checked()))),
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
    on(
        &app.view.root,
        "click",
        Box::new(|app, e| {
            let Some(target) = e.target().and_then(|t| t.dyn_into::<Element>().ok()) else {
                return;
            };
            if let Ok(Some(link)) = target.closest("[data-doc]") {
                if let Some(doc) = link.get_attribute("data-doc").and_then(|d| d.parse().ok()) {
                    e.prevent_default();
                    app.send(Message::Open(doc));
                }
            } else if let Ok(Some(action)) = target.closest("[data-action]") {
                let msg = match action.get_attribute("data-action").as_deref() {
                    Some("back") => Message::Back,
                    Some("paste") => {
                        let text = app.view.docs.paste.value();
                        if text.trim().is_empty() {
                            Message::Note("Nothing to add: the paste box is empty.".into())
                        } else {
                            app.view.docs.paste.set_value("");
                            let name = app.state.borrow().paste_name();
                            Message::AddFiles {
                                files: vec![(name, text.into_bytes())],
                                keep: true,
                            }
                        }
                    }
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
    on(
        &app.view.root,
        "keydown",
        Box::new(|app, e| {
            let Some(key) = e.dyn_ref::<KeyboardEvent>() else {
                return;
            };
            let typing = e
                .target()
                .and_then(|t| t.dyn_into::<Element>().ok())
                .is_some_and(|t| matches!(t.tag_name().as_str(), "INPUT" | "TEXTAREA"));
            if key.ctrl_key() || key.meta_key() || key.alt_key() {
                return;
            }
            let reading = app.state.borrow().open.is_some();
            match key.key().as_str() {
                "n" if reading && !typing => app.send(Message::Hit(1)),
                "N" if reading && !typing => app.send(Message::Hit(-1)),
                "/" if !typing => {
                    e.prevent_default();
                    app.send(Message::FocusSearch);
                }
                "Escape" if reading => {
                    e.prevent_default();
                    app.send(Message::Back);
                }
                _ => {}
            }
        }),
    )?;
    Ok(())
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
    fn send(&self, msg: Message) {
        if let Message::Hit(step) = msg {
            // Walking hits moves a marker; the article is not redrawn.
            let result = self.view.step_hit(&mut self.state.borrow_mut(), step);
            if let Err(e) = result {
                web_sys::console::error_2(&"dossier:".into(), &e);
            }
            return;
        }
        let focus = match msg {
            Message::Open(_) => Focus::Reader,
            Message::Back => Focus::Result,
            _ => Focus::Keep,
        };
        // Moves between views get a history entry; typing does not.
        let history = match msg {
            Message::Open(_) | Message::Back => History::Push,
            Message::Navigate(_) => History::Keep,
            _ => History::Replace,
        };
        let result = self
            .update(msg)
            .and_then(|_| self.render())
            .and_then(|_| self.sync_url(history))
            .and_then(|_| self.focus(focus));
        if let Err(e) = result {
            web_sys::console::error_2(&"dossier:".into(), &e);
        }
    }

    fn update(&self, msg: Message) -> Res {
        let mut s = self.state.borrow_mut();
        match msg {
            Message::Query(q) => {
                s.query = q;
                s.open = None;
            }
            Message::Open(doc) => {
                if let Some(d) = s.ws.corpus.documents.get(doc) {
                    let id = d.id.clone();
                    s.open = Some(id.clone());
                    s.last_opened = Some(id);
                    s.current_hit = 0;
                }
            }
            Message::Navigate(route) => {
                drop(s);
                self.apply_route(route);
                return Ok(());
            }
            Message::Back => s.open = None,
            Message::FocusSearch => self.view.input.focus()?,
            Message::Hit(_) => {}
            Message::AddFiles { files, keep } => {
                let mut said = Vec::new();
                for (name, bytes) in files {
                    if keep {
                        persist(self, name.clone(), bytes.clone());
                    }
                    let diagnostics = s.ws.add_file(&name, bytes);
                    let n = s.ws.document_count(&name);
                    let docs = if n == 1 {
                        "1 document".to_string()
                    } else {
                        format!("{n} documents")
                    };
                    let mut line = format!("Added {name}: {docs}.");
                    for d in diagnostics {
                        line.push(' ');
                        line.push_str(&d);
                    }
                    said.push(line);
                }
                s.open = None;
                s.note = said.join(" ");
            }
            Message::RemoveFile(name) => {
                if s.ws.remove_file(&name) {
                    s.note = format!("Removed {name}.");
                    s.open = None;
                    let me = self.me.clone();
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
            }
            Message::ShowBundled(on) => {
                s.ws.set_bundled(on);
                store::set_bundled_hidden(!on);
                s.open = None;
                s.note = if on {
                    "The bundled corpus is shown.".into()
                } else {
                    "The bundled corpus is hidden.".into()
                };
            }
            Message::Note(text) => s.note = text,
        }
        Ok(())
    }

    /// Take the state a URL describes.
    fn apply_route(&self, route: Route) {
        let mut s = self.state.borrow_mut();
        if s.query != route.query {
            self.view.input.set_value(&route.query);
            s.query = route.query;
        }
        if s.open != route.doc {
            s.current_hit = 0;
        }
        s.open = route.doc;
        if s.open.is_some() {
            s.last_opened = s.open.clone();
        }
    }

    /// The URL fragment for the current state.
    fn route(&self) -> Route {
        let s = self.state.borrow();
        Route {
            query: s.query.clone(),
            doc: s.open.clone(),
            ..Route::default()
        }
    }

    /// Write the state into the URL, as a new history entry or in place.
    fn sync_url(&self, history: History) -> Res {
        if !self.routing || history == History::Keep {
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
            Focus::Reader => self.view.focus_reader(),
            Focus::Result => match self.state.borrow().last_opened.clone() {
                Some(id) => self.view.focus_result(&id),
                None => Ok(()),
            },
            Focus::Keep => Ok(()),
        }
    }

    fn render(&self) -> Res {
        self.view.render(&self.state.borrow())
    }
}
