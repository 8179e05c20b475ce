//! Taking over a prerendered page without hydration: the app renders from the same seed
//! into a detached element, replaces the static markup around the painted article (which
//! stays, with the root element holding it: see components/kept.rs) in one step, and gets
//! what the reader already did on the static page (changed fields, focus, caret, scroll).
//!
//! Hydration code is about a fifth of the WebAssembly; a client render over identical
//! markup costs none of it. Everything happens in one task, so no frame shows the page
//! between the old markup and the new one, and the new markup lays out as the old did.

use crate::components::kept;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Renders `app` over `host`'s prerendered content (see the module documentation).
pub fn take_over<F, V>(host: web_sys::HtmlElement, app: F)
where
    F: FnOnce() -> V + 'static,
    V: IntoView,
{
    let Some(fresh) = detached_div(&host) else {
        // Without a document nothing can be shown anyway; render in place.
        host.set_inner_html("");
        leptos::mount::mount_to(host, app).forget();
        return;
    };
    // The painted root and article stay (kept.rs); the app renders the rest around them.
    let painted = painted_article(&host);
    if let Some((_, article)) = &painted {
        kept::offer(article.clone());
    }
    leptos::mount::mount_to(fresh.clone(), app).forget();
    kept::withdraw();
    let changed = changed_fields(&host);
    let focus = Focus::read(&host);
    let window = crate::browser::window();
    let scroll = window
        .as_ref()
        .and_then(|w| Some((w.scroll_x().ok()?, w.scroll_y().ok()?)));
    keep_drawn_thread(&host, &fresh);
    // The app's own article element marks where the kept one goes.
    let around =
        painted.and_then(|(root, article)| Some((root, article, painted_article(&fresh)?)));
    match around {
        Some((root, article, (new_root, slot))) => put_around(&root, &article, &new_root, &slot),
        None => {
            host.set_inner_html("");
            move_children(&fresh, &host);
        }
    }
    // Filled after the swap, so the app's own listeners hear the events.
    for (id, value) in changed {
        if let Some(control) = find_control(&host, &id) {
            control.fill(&value);
        }
    }
    if let Some(focus) = focus {
        focus.restore(&host);
    }
    if let (Some(window), Some((x, y))) = (window, scroll) {
        window.scroll_to_with_x_and_y(x, y);
    }
}

/// The prerendered root element and its article, if the page has them as the prerender
/// writes them.
fn painted_article(host: &web_sys::Element) -> Option<(web_sys::Element, web_sys::Element)> {
    let root = host.query_selector(":scope > .solidarity").ok()??;
    let article = root
        .query_selector(":scope > [data-testid=article]")
        .ok()??;
    Some((root, article))
}

/// Replaces everything in the prerendered `root` but its `article` with the app's parts
/// (the children of `new_root`): those before `slot` (the app's own article element) go
/// before it, the rest after. The slot itself is dropped.
fn put_around(
    root: &web_sys::Element,
    article: &web_sys::Element,
    new_root: &web_sys::Element,
    slot: &web_sys::Element,
) {
    let old = root.child_nodes();
    let mut stale = Vec::new();
    for i in 0..old.length() {
        if let Some(node) = old.item(i).filter(|node| !node.is_same_node(Some(article))) {
            stale.push(node);
        }
    }
    for node in stale {
        let _ = root.remove_child(&node);
    }
    let mut before = Some(article.clone().into());
    while let Some(node) = new_root.first_child() {
        if node.is_same_node(Some(slot)) {
            let _ = new_root.remove_child(&node);
            before = None;
        } else if root.insert_before(&node, before.as_ref()).is_err() {
            break;
        }
    }
}

/// Moves every child of `from` to the end of `to`.
fn move_children(from: &web_sys::Element, to: &web_sys::Element) {
    while let Some(node) = from.first_child() {
        if to.append_child(&node).is_err() {
            break;
        }
    }
}

/// The thread's comments are drawn into the app's list by an effect, after this task: until
/// then the list keeps the prerendered ones (the same comments, drawn by the same code),
/// so the page is as long as it was when the reader's scroll position is put back.
fn keep_drawn_thread(host: &web_sys::HtmlElement, fresh: &web_sys::HtmlElement) {
    move_content(host, fresh, "ol.solidarity-thread", |_, new| {
        !new.has_child_nodes()
    });
}

/// Moves the content of the element `selector` finds in `host` into the one it finds in
/// `fresh` (replacing that one's), if `wanted` says so of the two.
fn move_content(
    host: &web_sys::HtmlElement,
    fresh: &web_sys::HtmlElement,
    selector: &str,
    wanted: fn(&web_sys::Element, &web_sys::Element) -> bool,
) {
    let (Ok(Some(old)), Ok(Some(new))) = (
        host.query_selector(selector),
        fresh.query_selector(selector),
    ) else {
        return;
    };
    if !wanted(&old, &new) {
        return;
    }
    new.set_text_content(None);
    while let Some(node) = old.first_child() {
        if new.append_child(&node).is_err() {
            break;
        }
    }
}

fn detached_div(host: &web_sys::HtmlElement) -> Option<web_sys::HtmlElement> {
    host.owner_document()?
        .create_element("div")
        .ok()?
        .dyn_into::<web_sys::HtmlElement>()
        .ok()
}

/// What the reader left in a form control: its text, or whether it is checked.
#[derive(Clone, Debug, PartialEq)]
enum Value {
    Text(String),
    Checked(bool),
}

/// A form control of the page (`<input>` or `<textarea>`).
enum Control {
    Input(web_sys::HtmlInputElement),
    TextArea(web_sys::HtmlTextAreaElement),
}

impl Control {
    fn from_element(element: web_sys::Element) -> Option<Self> {
        match element.dyn_into::<web_sys::HtmlInputElement>() {
            Ok(input) => Some(Self::Input(input)),
            Err(element) => element
                .dyn_into::<web_sys::HtmlTextAreaElement>()
                .ok()
                .map(Self::TextArea),
        }
    }

    fn is_checkable(input: &web_sys::HtmlInputElement) -> bool {
        matches!(input.type_().as_str(), "checkbox" | "radio")
    }

    /// The value if the reader changed it from what the HTML had.
    fn changed(&self) -> Option<Value> {
        match self {
            Self::Input(input) if Self::is_checkable(input) => (input.checked()
                != input.default_checked())
            .then(|| Value::Checked(input.checked())),
            Self::Input(input) => {
                (input.value() != input.default_value()).then(|| Value::Text(input.value()))
            }
            Self::TextArea(area) => {
                // Kept when the default cannot be read: better twice than lost.
                (area.default_value().ok() != Some(area.value())).then(|| Value::Text(area.value()))
            }
        }
    }

    /// Sets the value and tells the app, as the reader's own typing would.
    fn fill(&self, value: &Value) {
        let (target, event): (&web_sys::EventTarget, &str) = match (self, value) {
            (Self::Input(input), Value::Checked(checked)) => {
                input.set_checked(*checked);
                (input, "change")
            }
            (Self::Input(input), Value::Text(text)) => {
                input.set_value(text);
                (input, "input")
            }
            (Self::TextArea(area), Value::Text(text)) => {
                area.set_value(text);
                (area, "input")
            }
            (Self::TextArea(_), Value::Checked(_)) => return,
        };
        if let Ok(event) = web_sys::Event::new(event) {
            let _ = target.dispatch_event(&event);
        }
    }

    fn set_selection(&self, selection: &Selection) {
        let _ = match self {
            Self::Input(input) => input.set_selection_range_with_direction(
                selection.start,
                selection.end,
                &selection.direction,
            ),
            Self::TextArea(area) => {
                area.set_scroll_top(selection.scroll_top);
                area.set_selection_range_with_direction(
                    selection.start,
                    selection.end,
                    &selection.direction,
                )
            }
        };
    }

    fn selection(&self) -> Option<Selection> {
        let (start, end, direction, scroll_top) = match self {
            Self::Input(input) if Self::is_checkable(input) => return None,
            Self::Input(input) => (
                input.selection_start().ok()??,
                input.selection_end().ok()??,
                input.selection_direction().ok()??,
                0,
            ),
            Self::TextArea(area) => (
                area.selection_start().ok()??,
                area.selection_end().ok()??,
                area.selection_direction().ok()??,
                area.scroll_top(),
            ),
        };
        Some(Selection {
            start,
            end,
            direction,
            scroll_top,
        })
    }
}

/// Every control with an id whose value the reader changed, by id.
fn changed_fields(root: &web_sys::Element) -> Vec<(String, Value)> {
    let mut changed = Vec::new();
    let Ok(controls) = root.query_selector_all("input[id], textarea[id]") else {
        return changed;
    };
    for element in crate::browser::elements(controls) {
        let id = element.id();
        if let Some(value) = Control::from_element(element).and_then(|control| control.changed()) {
            changed.push((id, value));
        }
    }
    changed
}

fn find_control(root: &web_sys::Element, id: &str) -> Option<Control> {
    Control::from_element(find_by_id(root, id)?)
}

fn find_by_id(root: &web_sys::Element, id: &str) -> Option<web_sys::Element> {
    // Ids are the app's own (`solidarity-<n>-<name>`): no quote to escape.
    root.query_selector(&format!("[id=\"{id}\"]")).ok()?
}

/// The caret or selection in a text control.
struct Selection {
    start: u32,
    end: u32,
    direction: String,
    scroll_top: i32,
}

/// Where focus was inside the host: the element's id, or its tag and place among the
/// host's elements of that tag (the new markup is the same as the old).
struct Focus {
    id: String,
    tag: String,
    place: usize,
    selection: Option<Selection>,
}

impl Focus {
    fn read(host: &web_sys::Element) -> Option<Self> {
        let active = host.owner_document()?.active_element()?;
        if !host.contains(Some(&active)) || active.is_same_node(Some(host)) {
            return None;
        }
        let tag = active.tag_name();
        let same_tag = host.query_selector_all(&tag).ok()?;
        let place = crate::browser::elements(same_tag)
            .position(|element| element.is_same_node(Some(&active)))?;
        let id = active.id();
        let selection = Control::from_element(active).and_then(|control| control.selection());
        Some(Self {
            id,
            tag,
            place,
            selection,
        })
    }

    fn restore(self, host: &web_sys::Element) {
        let element = Some(&self.id)
            .filter(|id| !id.is_empty())
            .and_then(|id| find_by_id(host, id))
            .or_else(|| {
                let same_tag = host.query_selector_all(&self.tag).ok()?;
                crate::browser::elements(same_tag).nth(self.place)
            });
        let Some(element) = element.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) else {
            return;
        };
        let _ = element.focus();
        let (Some(selection), Some(control)) =
            (self.selection, Control::from_element(element.into()))
        else {
            return;
        };
        control.set_selection(&selection);
        // Again once the app's first effects have run (they write the carried values back,
        // which puts the caret at the end): a timer runs after all of them.
        gloo_timers::callback::Timeout::new(0, move || control.set_selection(&selection)).forget();
    }
}
