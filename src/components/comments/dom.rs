//! The page's side of `item.rs`: the thread drawn as elements, every text from outside a
//! text node and every value an attribute value.

use super::item::Out;

/// Draws into an element, replacing what it held.
pub(super) struct Dom {
    document: web_sys::Document,
    root: web_sys::Element,
    /// The elements opened and not closed yet, innermost last.
    open: Vec<web_sys::Element>,
}

impl Dom {
    /// Empties `root` to draw into it.
    pub fn into(root: web_sys::Element) -> Option<Self> {
        let document = root.owner_document()?;
        root.set_text_content(None);
        Some(Dom {
            document,
            root,
            open: Vec::new(),
        })
    }

    fn parent(&self) -> &web_sys::Element {
        self.open.last().unwrap_or(&self.root)
    }
}

impl Out for Dom {
    fn open(&mut self, tag: &'static str, attributes: &[(&'static str, &str)]) {
        let element = match self.document.create_element(tag) {
            Ok(element) => element,
            // Not with these tags; what would have gone inside goes into the parent.
            Err(_) => self.parent().clone(),
        };
        for (name, value) in attributes {
            let _ = element.set_attribute(name, value);
        }
        if !element.is_same_node(Some(self.parent())) {
            let _ = self.parent().append_child(&element);
        }
        self.open.push(element);
    }

    fn text(&mut self, text: &str) {
        let _ = self.parent().append_with_str_1(text);
    }

    fn close(&mut self) {
        self.open.pop();
    }
}
