//! Whether a reader-chosen name imitates a protected one (the organisation's, a staff
//! member's): equal after Unicode NFKC, case folding and the UTS #39 confusables
//! skeleton (the `unicode-security` crate's table, the one rustc uses), ignoring spaces,
//! punctuation and invisible characters.

use unicode_normalization::UnicodeNormalization;
use unicode_security::skeleton;

/// The forms a name is compared in. Two, because case folding and the confusables table
/// do not commute: Cyrillic "Т" only maps to Latin "T" before lowercasing, while a capital
/// "I" must lowercase to "i" before the table turns it into "l".
pub fn forms(name: &str) -> [String; 2] {
    let nfkc: String = name.nfkc().collect();
    let skeleton_first: String = skeleton(&skeleton(&nfkc).collect::<String>().to_lowercase())
        .filter(|c| c.is_alphanumeric())
        .collect();
    let lower_first: String = skeleton(&nfkc.to_lowercase())
        .filter(|c| c.is_alphanumeric())
        .collect();
    [skeleton_first, lower_first]
}

/// Whether `name` equals or imitates `protected`.
pub fn imitates(name: &str, protected: &str) -> bool {
    let ours = forms(name);
    forms(protected)
        .iter()
        .filter(|form| !form.is_empty())
        .any(|form| ours.contains(form))
}

/// The first of `protected` that `name` imitates.
pub fn imitated<'a>(name: &str, protected: &'a [String]) -> Option<&'a str> {
    protected
        .iter()
        .find(|candidate| imitates(name, candidate))
        .map(String::as_str)
}

#[cfg(test)]
mod tests {
    use super::{imitated, imitates};

    #[test]
    fn equal_names_in_any_case_imitate() {
        assert!(imitates("The LGF", "The LGF"));
        assert!(imitates("the lgf", "The LGF"));
        assert!(imitates("THE  LGF", "The LGF"));
        assert!(imitates("The-LGF!", "The LGF"));
    }

    #[test]
    fn confusable_letters_imitate() {
        // Cyrillic Т, е and Latin-looking Cyrillic Ѕ / Greek Ο.
        assert!(imitates("\u{0422}he LGF", "The LGF"));
        assert!(imitates("Th\u{0435} LGF", "The LGF"));
        assert!(imitates("Anna", "\u{0410}nn\u{0430}"), "Cyrillic А and а");
        assert!(
            imitates("I\u{200B}LGA", "ilga"),
            "zero-width space, capital I"
        );
        assert!(imitates("0rg", "Org"), "digit zero for O");
    }

    #[test]
    fn compatibility_forms_imitate() {
        assert!(
            imitates("\u{FF34}\u{FF48}\u{FF45} LGF", "The LGF"),
            "fullwidth"
        );
        assert!(
            imitates("The \u{1D40B}GF", "The LGF"),
            "mathematical bold L"
        );
    }

    #[test]
    fn different_names_do_not() {
        assert!(!imitates("Lee", "The LGF"));
        assert!(!imitates("Анна", "Anya"));
        assert!(!imitates("The LGF fan", "The LGF"));
        assert!(!imitates("!!!", "?"), "nothing left to compare");
        let staff = ["Moderator Olga".to_owned(), "The LGF".to_owned()];
        assert_eq!(imitated("the lgf", &staff), Some("The LGF"));
        assert_eq!(imitated("Dave", &staff), None);
    }
}
