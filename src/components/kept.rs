//! The prerendered widget's root element and article, kept where they are when the app
//! takes a page over (src/mount/takeover.rs): moving a painted element makes the browser
//! lay it out and paint it again, and Chromium then drops the Element Timing entry of its
//! first paint. The take-over offers both here before rendering; [`App`](super::app::App)
//! takes the root (it keeps the root's attributes up to date) and the article view takes
//! the article (it changes the article's text in place when the language changes). The
//! take-over then puts the app's other parts around it, where the app's own (empty)
//! article element was.

use std::cell::RefCell;

thread_local! {
    static ROOT: RefCell<Option<web_sys::Element>> = const { RefCell::new(None) };
    static ARTICLE: RefCell<Option<web_sys::Element>> = const { RefCell::new(None) };
}

/// Offers the prerendered root and article to the app about to be rendered.
pub fn offer(root: web_sys::Element, article: web_sys::Element) {
    ROOT.with(|kept| *kept.borrow_mut() = Some(root));
    ARTICLE.with(|kept| *kept.borrow_mut() = Some(article));
}

/// The prerendered root on offer, once.
pub fn take_root() -> Option<web_sys::Element> {
    ROOT.with(|kept| kept.borrow_mut().take())
}

/// The prerendered article on offer, once.
pub fn take_article() -> Option<web_sys::Element> {
    ARTICLE.with(|kept| kept.borrow_mut().take())
}

/// Withdraws what was not taken (the app rendered without it).
pub fn withdraw() {
    let _ = (take_root(), take_article());
}
