//! The explorer page, drawn with web-sys into one root element.
//!
//! Controller/view split: DOM events become [`Message`]s, `update` changes
//! the [`State`], and `view` redraws from the state. The page knows nothing
//! of the host document beyond its root element.

mod dom;
mod view;

use crate::workspace::Workspace;
use dom::Res;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, Event, HtmlInputElement, KeyboardEvent};

/// What a user can do.
pub enum Message {
    Query(String),
    Open(usize),
    Back,
    FocusSearch,
}

/// A DOM event listener owned by its app (dropped with it, never leaked).
type Listener = Closure<dyn FnMut(Event)>;
/// What a listener does, given its app.
type Handler = Box<dyn Fn(&Rc<App>, Event)>;

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
    /// The document in the reading view, if one is open.
    pub open: Option<usize>,
    /// The result to give focus back to when the reader closes.
    pub last_opened: Option<usize>,
}

/// One mounted explorer: its root, its state and its listeners.
pub struct App {
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
            mount(root, i as usize)?;
        }
    }
    Ok(())
}

fn mount(root: Element, instance: usize) -> Res {
    let view = view::View::new(root, instance)?;
    let app = Rc::new(App {
        view,
        state: RefCell::new(State {
            ws: Workspace::bundled(),
            query: String::new(),
            open: None,
            last_opened: None,
        }),
        listeners: RefCell::new(Vec::new()),
    });
    wire(&app)?;
    app.render()?;
    APPS.with(|apps| apps.borrow_mut().push(app));
    Ok(())
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
    on(
        &app.view.form,
        "submit",
        Box::new(|_, e| e.prevent_default()),
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
            } else if let Ok(Some(_)) = target.closest("[data-action=back]") {
                e.prevent_default();
                app.send(Message::Back);
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
            match key.key().as_str() {
                "/" if !typing => {
                    e.prevent_default();
                    app.send(Message::FocusSearch);
                }
                "Escape" if app.state.borrow().open.is_some() => {
                    e.prevent_default();
                    app.send(Message::Back);
                }
                _ => {}
            }
        }),
    )?;
    Ok(())
}

impl App {
    fn send(&self, msg: Message) {
        let focus = match msg {
            Message::Open(_) => Focus::Reader,
            Message::Back => Focus::Result,
            _ => Focus::Keep,
        };
        let result = self
            .update(msg)
            .and_then(|_| self.render())
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
                if doc < s.ws.corpus.documents.len() {
                    s.open = Some(doc);
                    s.last_opened = Some(doc);
                }
            }
            Message::Back => s.open = None,
            Message::FocusSearch => self.view.input.focus()?,
        }
        Ok(())
    }

    fn focus(&self, focus: Focus) -> Res {
        match focus {
            Focus::Reader => self.view.focus_reader(),
            Focus::Result => match self.state.borrow().last_opened {
                Some(doc) => self.view.focus_result(doc),
                None => Ok(()),
            },
            Focus::Keep => Ok(()),
        }
    }

    fn render(&self) -> Res {
        self.view.render(&self.state.borrow())
    }
}
