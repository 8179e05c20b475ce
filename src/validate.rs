//! Client-side validation of the two forms, with messages in the reader's language.
//! The limits match the reference server's.

use crate::i18n::{plural, Lang};
use crate::json::{field_or_default, object, FromJson, ToJson, Value};

pub const NAME_MAX: usize = 100;
pub const EMAIL_MAX: usize = 254;
pub const LOCATION_MAX: usize = 100;
pub const MESSAGE_MAX: usize = 2000;
pub const AUTHOR_MAX: usize = 80;
pub const BODY_MAX: usize = 5000;

/// Why a field is invalid.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldProblem {
    Required,
    TooLong(usize),
    Email,
    Consent,
}

/// One invalid field, named by its canonical name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FieldError {
    pub field: &'static str,
    pub problem: FieldProblem,
}

impl FieldError {
    pub fn message(&self, lang: Lang) -> String {
        let strings = lang.strings();
        match self.problem {
            FieldProblem::Required => match self.field {
                "message" => strings.err_required_message,
                "body" => strings.err_required_body,
                "author" => strings.err_required_author,
                "email" => strings.err_required_email,
                _ => strings.err_required_name,
            }
            .to_owned(),
            FieldProblem::TooLong(max) => plural(lang, &strings.err_too_long, max as u64),
            FieldProblem::Email => strings.err_email.to_owned(),
            FieldProblem::Consent => strings.err_consent.to_owned(),
        }
    }
}

/// Length as a reader counts it: characters, not bytes.
pub fn char_len(text: &str) -> usize {
    text.chars().count()
}

/// What the support form holds.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SupportDraft {
    /// Identity is never saved with a draft (review M8): see the `ToJson` below.
    pub name: String,
    pub email: String,
    pub location: String,
    pub message: String,
    pub consent: bool,
    /// Email is required when the backend files people by address (Action Network).
    pub email_required: bool,
}

/// What the comment form holds.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CommentDraft {
    /// Identity is never saved with a draft (review M8): see the `ToJson` below.
    pub author: String,
    pub body: String,
}

/// Stored as `{"body"}` only: the author's name never goes into storage (review M8).
impl ToJson for CommentDraft {
    fn to_value(&self) -> Value {
        object([("body", self.body.to_value())])
    }
}

/// Reads `body`; an `author` an older page stored is ignored, never restored.
impl FromJson for CommentDraft {
    fn from_value(value: &Value) -> Option<Self> {
        let map = value.as_object()?;
        Some(CommentDraft {
            author: String::new(),
            body: field_or_default(map, "body")?,
        })
    }
}

/// Stored as `{"message", "consent"}`: never the name, e-mail or location (review M8);
/// whether email is required comes from the configuration, never from storage.
impl ToJson for SupportDraft {
    fn to_value(&self) -> Value {
        object([
            ("message", self.message.to_value()),
            ("consent", self.consent.to_value()),
        ])
    }
}

impl FromJson for SupportDraft {
    fn from_value(value: &Value) -> Option<Self> {
        let map = value.as_object()?;
        // Identity an older page stored is ignored, never restored.
        Some(SupportDraft {
            name: String::new(),
            email: String::new(),
            location: String::new(),
            message: field_or_default(map, "message")?,
            consent: field_or_default(map, "consent")?,
            email_required: false,
        })
    }
}

fn required(field: &'static str, value: &str, max: usize, errors: &mut Vec<FieldError>) {
    if value.trim().is_empty() {
        errors.push(FieldError {
            field,
            problem: FieldProblem::Required,
        });
    } else {
        optional(field, value, max, errors);
    }
}

fn optional(field: &'static str, value: &str, max: usize, errors: &mut Vec<FieldError>) {
    if char_len(value.trim()) > max {
        errors.push(FieldError {
            field,
            problem: FieldProblem::TooLong(max),
        });
    }
}

/// A pragmatic address check: one `@`, a non-empty local part, a dotted domain, no spaces.
pub fn looks_like_email(address: &str) -> bool {
    let Some((local, domain)) = address.split_once('@') else {
        return false;
    };
    let labels_ok = domain
        .split('.')
        .all(|label| !label.is_empty() && !label.starts_with('-') && !label.ends_with('-'));
    !local.is_empty()
        && domain.contains('.')
        && labels_ok
        && !address
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || "<>()[],;:\"\\".contains(c))
        && !domain.contains('@')
}

impl SupportDraft {
    /// Every problem, in the order the fields appear on the form.
    pub fn validate(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        required("name", &self.name, NAME_MAX, &mut errors);
        let email = self.email.trim();
        if email.is_empty() && self.email_required {
            errors.push(FieldError {
                field: "email",
                problem: FieldProblem::Required,
            });
        } else if !email.is_empty() {
            if char_len(email) > EMAIL_MAX {
                errors.push(FieldError {
                    field: "email",
                    problem: FieldProblem::TooLong(EMAIL_MAX),
                });
            } else if !looks_like_email(email) {
                errors.push(FieldError {
                    field: "email",
                    problem: FieldProblem::Email,
                });
            }
        }
        optional("location", &self.location, LOCATION_MAX, &mut errors);
        required("message", &self.message, MESSAGE_MAX, &mut errors);
        if !self.consent {
            errors.push(FieldError {
                field: "consent",
                problem: FieldProblem::Consent,
            });
        }
        errors
    }
}

impl CommentDraft {
    pub fn validate(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        required("author", &self.author, AUTHOR_MAX, &mut errors);
        required("body", &self.body, BODY_MAX, &mut errors);
        errors
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid() -> SupportDraft {
        SupportDraft {
            name: "Anna".into(),
            email: String::new(),
            location: "Manchester".into(),
            message: "We stand with you.".into(),
            consent: true,
            email_required: false,
        }
    }

    fn fields(errors: &[FieldError]) -> Vec<&'static str> {
        errors.iter().map(|e| e.field).collect()
    }

    #[test]
    fn a_complete_draft_is_valid() {
        assert_eq!(valid().validate(), vec![]);
    }

    #[test]
    fn an_empty_draft_names_every_required_field_in_form_order() {
        assert_eq!(
            fields(&SupportDraft::default().validate()),
            ["name", "message", "consent"]
        );
    }

    #[test]
    fn whitespace_only_is_empty() {
        let draft = SupportDraft {
            name: " \t\n".into(),
            ..valid()
        };
        assert_eq!(fields(&draft.validate()), ["name"]);
    }

    #[test]
    fn limits_count_characters_not_bytes() {
        let at_limit = SupportDraft {
            message: "ж".repeat(MESSAGE_MAX),
            ..valid()
        };
        assert_eq!(at_limit.validate(), vec![]);
        let over = SupportDraft {
            message: "ж".repeat(MESSAGE_MAX + 1),
            ..valid()
        };
        assert_eq!(
            over.validate(),
            vec![FieldError {
                field: "message",
                problem: FieldProblem::TooLong(MESSAGE_MAX)
            }]
        );
    }

    #[test]
    fn emails_are_checked_only_when_given() {
        for good in [
            "a@b.org",
            "имя@пример.рф",
            "first.last+tag@sub.example.co.uk",
        ] {
            assert!(looks_like_email(good), "{good}");
        }
        for bad in [
            "a",
            "a@b",
            "@b.org",
            "a@@b.org",
            "a b@c.org",
            "a@b..org",
            "a@-b.org",
            "<a@b.org>",
        ] {
            assert!(!looks_like_email(bad), "{bad}");
        }
        let draft = SupportDraft {
            email: "not-an-email".into(),
            ..valid()
        };
        assert_eq!(fields(&draft.validate()), ["email"]);
    }

    #[test]
    fn messages_exist_in_both_languages() {
        let error = FieldError {
            field: "message",
            problem: FieldProblem::TooLong(2000),
        };
        assert_eq!(
            error.message(Lang::En),
            "Please shorten this to 2000 characters."
        );
        assert_eq!(
            error.message(Lang::Ru),
            "Сократите, пожалуйста, текст до 2000\u{a0}символов."
        );
    }

    #[test]
    fn comment_drafts_need_author_and_body() {
        assert_eq!(
            fields(&CommentDraft::default().validate()),
            ["author", "body"]
        );
        let long = CommentDraft {
            author: "Lee".into(),
            body: "x".repeat(BODY_MAX + 1),
        };
        assert_eq!(fields(&long.validate()), ["body"]);
    }
}
