//! The comments shown, drawn by one plain function for both places they are drawn: as
//! HTML text by the build-time prerender ([`Html`]), and as elements by the page
//! (`dom.rs`). Drawing each part of a comment through the view layer cost the WebAssembly
//! code for every part (issue 13).
//!
//! Authors, bodies, badges, ids and dates come from readers and backends. In the page they
//! only ever become text nodes and attribute values, never markup: no HTML parser sees
//! them (which also keeps them exact: the parser would drop a NUL or turn CR LF into LF).
//! In the prerendered HTML they are escaped. The buttons carry `data-action`; one listener
//! on the list serves them all (`actions.rs`). Labels are drawn in the language of the
//! moment and marked with `data-label`, so `labels.rs` can switch them.

use super::labels::Label;
use crate::i18n::{format_iso_date, Lang};
use crate::thread::ThreadNode;

/// Where a thread is drawn: elements opened and closed in order, with text between.
pub(super) trait Out {
    /// Opens a `tag` element (inside the one open, if any) with these attributes.
    fn open(&mut self, tag: &'static str, attributes: &[(&'static str, &str)]);
    /// Adds text to the element open.
    fn text(&mut self, text: &str);
    /// Closes the element opened last.
    fn close(&mut self);
}

/// What decides which controls a comment gets, besides the comment itself.
pub(super) struct Controls<'a> {
    /// The language the labels are drawn in.
    pub lang: Lang,
    /// Comments are open: there is a backend to report to and delete from.
    pub open: bool,
    /// Whether this device holds a comment's delete token.
    pub holds: &'a dyn Fn(&str) -> bool,
    /// How the reader's report of a comment went, if they reported it in this visit.
    pub reported: &'a dyn Fn(&str) -> Option<Label>,
}

/// The `<li>` of each top-level comment in `nodes`, replies nested inside.
pub(super) fn thread(out: &mut impl Out, nodes: &[ThreadNode], controls: &Controls) {
    for node in nodes {
        item(out, node, true, controls);
    }
}

const BUTTON: [(&str, &str); 2] = [
    ("type", "button"),
    ("class", "solidarity-link-button solidarity-needs-js"),
];

/// One comment with its replies nested inside its element. A `top` comment with a parent
/// answers a comment that is gone (deleted or rejected), and says so.
fn item(out: &mut impl Out, node: &ThreadNode, top: bool, controls: &Controls) {
    let comment = &node.comment;
    let lang = controls.lang;
    out.open(
        "li",
        &[
            ("class", "solidarity-comment"),
            ("data-testid", "comment"),
            ("data-comment-id", &comment.id),
        ],
    );
    out.open("article", &[]);
    if top && comment.parent_id.is_some() {
        let muted = [
            ("class", "solidarity-muted"),
            ("data-testid", "parent-deleted"),
        ];
        labelled(out, "p", &muted, Label::ParentDeleted, lang);
    }
    out.open("header", &[]);
    let author = [
        ("class", "solidarity-author"),
        ("data-testid", "comment-author"),
    ];
    element(out, "span", &author, &comment.author);
    if let Some(badge) = &comment.badge {
        out.text(" ");
        let staff = [
            ("class", "solidarity-staff-badge"),
            ("data-testid", "staff-badge"),
        ];
        element(out, "span", &staff, badge);
    }
    // A comment without a date (the seed's have none) shows none, rather than an invented one.
    if let Some(at) = comment
        .created_at
        .as_deref()
        .filter(|at| !at.trim().is_empty())
    {
        out.text(" ");
        let time = [("data-label", Label::Date.key()), ("datetime", at)];
        element(out, "time", &time, &format_iso_date(lang, at));
    }
    if comment.pending {
        out.text(" ");
        labelled(
            out,
            "em",
            &[("class", "solidarity-pending")],
            Label::Pending,
            lang,
        );
    }
    out.close();
    let body = [
        ("class", "solidarity-body"),
        ("data-testid", "comment-body"),
    ];
    match comment.lang_tag() {
        Some(tag) => element(out, "p", &[body[0], body[1], ("lang", tag)], &comment.body),
        None => element(out, "p", &body, &comment.body),
    }
    if !comment.pending {
        let reply = [BUTTON[0], BUTTON[1], ("data-action", "reply")];
        labelled(out, "button", &reply, Label::Reply, lang);
    }
    // Staff replies are not reported, and not deleted from a reader's device.
    let staff = comment.badge.is_some();
    if controls.open && !comment.pending && !staff {
        out.text(" ");
        let report = [
            BUTTON[0],
            BUTTON[1],
            ("data-testid", "report-comment"),
            ("data-action", "report"),
            ("aria-label", lang.strings().report_label),
        ];
        labelled(out, "button", &report, Label::Report, lang);
        out.text(" ");
        let status = [
            ("class", "solidarity-muted"),
            ("role", "status"),
            ("data-testid", "report-status"),
        ];
        match (controls.reported)(&comment.id) {
            Some(outcome) => {
                let marked = [
                    status[0],
                    status[1],
                    status[2],
                    ("data-label", outcome.key()),
                ];
                element(out, "span", &marked, outcome.text(lang.strings()));
            }
            None => {
                out.open("span", &status);
                out.close();
            }
        }
    }
    if controls.open && !staff && (controls.holds)(&comment.id) {
        out.text(" ");
        let delete = [
            BUTTON[0],
            BUTTON[1],
            ("data-testid", "delete-own"),
            ("data-action", "delete"),
        ];
        labelled(out, "button", &delete, Label::DeleteOwn, lang);
    }
    out.close();
    if !node.replies.is_empty() {
        out.open("ol", &[("class", "solidarity-replies")]);
        for reply in &node.replies {
            item(out, reply, false, controls);
        }
        out.close();
    }
    out.close();
}

/// An element holding only `text`.
fn element(out: &mut impl Out, tag: &'static str, attributes: &[(&'static str, &str)], text: &str) {
    out.open(tag, attributes);
    out.text(text);
    out.close();
}

/// An element holding a label, marked with `data-label`.
fn labelled(
    out: &mut impl Out,
    tag: &'static str,
    attributes: &[(&'static str, &str)],
    label: Label,
    lang: Lang,
) {
    let mut marked = Vec::with_capacity(attributes.len() + 1);
    marked.extend_from_slice(attributes);
    marked.push(("data-label", label.key()));
    element(out, tag, &marked, label.text(lang.strings()));
}

/// The thread as HTML text (the prerender's), everything from outside escaped.
#[cfg(not(feature = "hydrate"))]
#[derive(Default)]
pub(super) struct Html {
    pub html: String,
    open: Vec<&'static str>,
}

#[cfg(not(feature = "hydrate"))]
impl Out for Html {
    fn open(&mut self, tag: &'static str, attributes: &[(&'static str, &str)]) {
        self.html.push('<');
        self.html.push_str(tag);
        for (name, value) in attributes {
            self.html.push(' ');
            self.html.push_str(name);
            self.html.push_str("=\"");
            crate::html::push_escaped(&mut self.html, value);
            self.html.push('"');
        }
        self.html.push('>');
        self.open.push(tag);
    }

    fn text(&mut self, text: &str) {
        crate::html::push_escaped(&mut self.html, text);
    }

    fn close(&mut self) {
        if let Some(tag) = self.open.pop() {
            self.html.push_str("</");
            self.html.push_str(tag);
            self.html.push('>');
        }
    }
}

#[cfg(test)]
mod tests;
