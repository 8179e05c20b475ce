//! The prerendered widget's article, kept where it is when the app takes a page over
//! (src/mount/takeover.rs), with the root element holding it: moving a painted element
//! makes the browser lay it out and paint it again, and Chromium then drops the Element
//! Timing entry of its first paint. The take-over offers the article here before rendering;
//! [`App`](super::app::App) keeps the root's attributes up to date ([`root`]) and the article
//! view takes the article ([`take_article`]: it changes the article's text in place when the
//! language changes). The take-over then puts the app's other parts around it, where the
//! app's own (empty) article element was.

use std::cell::RefCell;

thread_local! {
    static ARTICLE: RefCell<Option<web_sys::Element>> = const { RefCell::new(None) };
}

/// Offers the prerendered article (a child of the widget's root) to the app about to be
/// rendered.
pub fn offer(article: web_sys::Element) {
    ARTICLE.with(|kept| *kept.borrow_mut() = Some(article));
}

/// The root holding the article on offer, if one is.
pub fn root() -> Option<web_sys::Element> {
    ARTICLE.with(|kept| kept.borrow().as_ref()?.parent_element())
}

/// The prerendered article on offer, once.
pub fn take_article() -> Option<web_sys::Element> {
    ARTICLE.with(|kept| kept.borrow_mut().take())
}

/// Withdraws the article if it was not taken (the app rendered without it).
pub fn withdraw() {
    let _ = take_article();
}
