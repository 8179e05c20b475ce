//! The words every comment repeats ("Reply", "Report", its date, a report's outcome, …)
//! are drawn as plain text in the language of the moment (`item.rs`, `actions.rs`), each
//! marked with `data-label`, and one effect for the whole thread puts them into the
//! reader's new language when it changes. A reactive closure per label cost each comment
//! several effects to build and to switch (issue 13). A redraw of the thread draws them
//! in the current language again.

use crate::i18n::{format_iso_date, Lang, Strings};

/// A marked label: what `data-label` names, and its text in a language.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Label {
    Reply,
    /// The report button: its text and its `aria-label`.
    Report,
    DeleteOwn,
    Pending,
    ParentDeleted,
    /// A `<time>`: its `datetime`, formatted.
    Date,
    /// A report's status once it was sent, or once sending failed.
    ReportThanks,
    ReportFailed,
}

const ALL: [Label; 8] = [
    Label::Reply,
    Label::Report,
    Label::DeleteOwn,
    Label::Pending,
    Label::ParentDeleted,
    Label::Date,
    Label::ReportThanks,
    Label::ReportFailed,
];

impl Label {
    /// The value of `data-label` that marks it.
    pub const fn key(self) -> &'static str {
        match self {
            Label::Reply => "reply",
            Label::Report => "report",
            Label::DeleteOwn => "delete-own",
            Label::Pending => "pending",
            Label::ParentDeleted => "parent-deleted",
            Label::Date => "date",
            Label::ReportThanks => "report-thanks",
            Label::ReportFailed => "report-failed",
        }
    }

    /// Its text among `strings` (a date has none: its `datetime` is formatted instead).
    pub fn text(self, strings: &'static Strings) -> &'static str {
        match self {
            Label::Reply => strings.reply,
            Label::Report => strings.report,
            Label::DeleteOwn => strings.delete_own,
            Label::Pending => strings.awaiting_moderation,
            Label::ParentDeleted => strings.parent_deleted,
            Label::Date => "",
            Label::ReportThanks => strings.report_thanks,
            Label::ReportFailed => strings.report_failed,
        }
    }
}

/// Puts every marked label under `root` into `lang`, touching only those that differ.
/// One query finds them all (one per kind of label took longer with 50 threads shown).
pub(super) fn relabel(root: &web_sys::Element, lang: Lang) {
    let strings = lang.strings();
    let Ok(marked) = root.query_selector_all("[data-label]") else {
        return;
    };
    for element in crate::browser::elements(marked) {
        let key = element.get_attribute("data-label");
        let Some(label) = ALL
            .into_iter()
            .find(|label| Some(label.key()) == key.as_deref())
        else {
            continue;
        };
        match label {
            Label::Date => {
                if let Some(iso) = element.get_attribute("datetime") {
                    set_text(&element, &format_iso_date(lang, &iso));
                }
            }
            Label::Report => {
                set_text(&element, label.text(strings));
                if element.get_attribute("aria-label").as_deref() != Some(strings.report_label) {
                    let _ = element.set_attribute("aria-label", strings.report_label);
                }
            }
            _ => set_text(&element, label.text(strings)),
        }
    }
}

/// Sets the element's text node (the one drawn with it).
pub(super) fn set_text(element: &web_sys::Element, text: &str) {
    if let Some(node) = element.first_child() {
        if node.node_value().as_deref() != Some(text) {
            node.set_node_value(Some(text));
        }
    }
}
