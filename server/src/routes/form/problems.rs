//! What a validation problem means for the person at the form, in English and Russian,
//! keyed by field and rule (the validator's own messages are for developers, in English).

use super::Lang;
use crate::validate::Rule;

/// One sentence about `field` breaking `rule`, in `lang`. Fields and rules without a
/// sentence of their own get a generic one naming the field.
pub fn describe(lang: Lang, field: &str, rule: Rule) -> String {
    let say = |en: &str, ru: &str| match lang {
        Lang::En => en.to_owned(),
        Lang::Ru => ru.to_owned(),
    };
    let label = label(lang, field);
    match (field, rule) {
        ("name", Rule::Required) => {
            say("Please enter your name.", "Укажите, пожалуйста, ваше имя.")
        }
        ("message", Rule::Required) => say(
            "Please write a message.",
            "Напишите, пожалуйста, сообщение.",
        ),
        ("email", Rule::Email) => say(
            "Email: please enter a valid address, such as name@example.org, or leave it empty.",
            "Электронная почта: укажите, пожалуйста, корректный адрес, например \
             name@example.org, или оставьте поле пустым.",
        ),
        ("consent", Rule::Consent) => say(
            "Please tick the consent box to agree before sending.",
            "Подтвердите, пожалуйста, согласие перед отправкой.",
        ),
        ("lang", Rule::Lang) => say(
            "The form's language was not recognised. Please copy your text, reload the page \
             and send it again.",
            "Язык формы не распознан. Скопируйте текст, обновите страницу и отправьте его снова.",
        ),
        (_, Rule::TooLong(max)) => {
            let shorten = match lang {
                Lang::En => lang.plural(
                    max,
                    [
                        "please shorten this to {n} character",
                        "please shorten this to {n} characters",
                        "please shorten this to {n} characters",
                    ],
                ),
                Lang::Ru => lang.plural(
                    max,
                    [
                        "сократите, пожалуйста, текст до {n} символа",
                        "сократите, пожалуйста, текст до {n} символов",
                        "сократите, пожалуйста, текст до {n} символов",
                    ],
                ),
            };
            format!("{label}: {shorten}.")
        }
        (_, Rule::ControlCharacters) => match lang {
            Lang::En => format!("{label}: please remove special (control) characters."),
            Lang::Ru => format!("{label}: уберите, пожалуйста, служебные (управляющие) символы."),
        },
        (_, Rule::Invisible) => match lang {
            Lang::En => format!(
                "{label}: please remove invisible or text-direction characters \
                 (they can disguise what the text says)."
            ),
            Lang::Ru => format!(
                "{label}: уберите, пожалуйста, невидимые символы и символы смены \
                 направления текста (ими можно замаскировать написанное)."
            ),
        },
        (_, Rule::TooManyMarks) => match lang {
            Lang::En => format!("{label}: too many accents are stacked on one letter."),
            Lang::Ru => format!("{label}: слишком много надстрочных знаков над одной буквой."),
        },
        (_, Rule::NoLetter) => match lang {
            Lang::En => format!("{label}: please use at least one letter or digit."),
            Lang::Ru => format!("{label}: нужна хотя бы одна буква или цифра."),
        },
        (_, Rule::Required) => match lang {
            Lang::En => format!("{label}: this field is required."),
            Lang::Ru => format!("{label}: это поле обязательно для заполнения."),
        },
        (_, Rule::Reused) => say(
            "A different message was already sent from this form. Please copy your text, \
             reload the page and send it again.",
            "Из этой формы уже было отправлено другое сообщение. Скопируйте текст, обновите \
             страницу и отправьте его снова.",
        ),
        (_, Rule::Id | Rule::DateTime) => say(
            "The form's hidden data could not be read. Please copy your text, reload the \
             page and send it again.",
            "Не удалось прочитать служебные данные формы. Скопируйте текст, обновите страницу \
             и отправьте его снова.",
        ),
        _ => match lang {
            Lang::En => format!("{label}: please check this field."),
            Lang::Ru => format!("{label}: проверьте, пожалуйста, это поле."),
        },
    }
}

/// The field's label as the page shows it; fields the page does not show get a generic name.
fn label(lang: Lang, field: &str) -> String {
    let known = match (lang, field) {
        (Lang::En, "name") => "Name",
        (Lang::En, "email") => "Email",
        (Lang::En, "location") => "City or country",
        (Lang::En, "message") => "Your message",
        (Lang::En, "consent") => "Consent",
        (Lang::En, "author") => "Name",
        (Lang::En, "body") => "Comment",
        (Lang::Ru, "name") => "Имя",
        (Lang::Ru, "email") => "Электронная почта",
        (Lang::Ru, "location") => "Город или страна",
        (Lang::Ru, "message") => "Ваше сообщение",
        (Lang::Ru, "consent") => "Согласие",
        (Lang::Ru, "author") => "Имя",
        (Lang::Ru, "body") => "Комментарий",
        (Lang::En, _) => return format!("The form's hidden field “{field}”"),
        (Lang::Ru, _) => return format!("Служебное поле формы «{field}»"),
    };
    known.to_owned()
}
