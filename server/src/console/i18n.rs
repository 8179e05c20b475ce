//! Every word the console shows, in English and Russian (the page's conventions: «Вы»,
//! «ё», « » quotes, wording that assumes no gender), and how a request picks one.

pub use crate::routes::form::Lang;
use axum::http::{header, HeaderMap};

macro_rules! strings {
    ($($key:ident => $en:expr, $ru:expr;)*) => {
        /// A console string.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        #[allow(missing_docs)]
        pub enum Key { $($key,)* }

        impl Key {
            /// Every key.
            pub const ALL: &'static [Key] = &[$(Key::$key,)*];
        }

        /// The text of `key` in `lang`.
        pub fn t(lang: Lang, key: Key) -> &'static str {
            match key {
                $(Key::$key => match lang { Lang::En => $en, Lang::Ru => $ru },)*
            }
        }
    };
}

strings! {
    Console => "Campaign console", "Консоль кампании";
    SignInTitle => "Sign in", "Вход";
    Username => "Name", "Имя";
    Password => "Password", "Пароль";
    SignInButton => "Sign in", "Войти";
    SignOut => "Sign out", "Выйти";
    SignedInAs => "Signed in as", "Вы вошли как";
    OtherLang => "Русский", "English";
    Nav => "Console sections", "Разделы консоли";
    Queue => "Moderation queue", "Очередь модерации";
    Status => "Status", "Состояние";
    RoleAdmin => "administrator", "администратор";
    RoleModerator => "moderator", "модератор";
    QueueEmpty => "Nothing is waiting for moderation.", "Ничего не ждёт модерации.";
    Pending => "Waiting for approval", "Ждёт одобрения";
    Reported => "Reported by readers", "Есть жалобы читателей";
    Author => "Author", "Автор";
    Language => "Language", "Язык";
    Received => "Received", "Получено";
    RepliesTo => "In reply to", "Ответ на";
    Approve => "Approve", "Одобрить";
    Reject => "Reject", "Отклонить";
    Delete => "Delete", "Удалить";
    Reply => "Reply as the organisation", "Ответить от имени организации";
    ReplyText => "Reply", "Ответ";
    SendReply => "Send reply", "Отправить ответ";
    Comments => "Published comments", "Опубликованные комментарии";
    Search => "Search", "Найти";
    SearchText => "Text or author", "Текст или автор";
    SearchMessages => "Text, name, location or language", "Текст, имя, место или язык";
    NoResults => "Nothing found.", "Ничего не найдено.";
    Messages => "Messages", "Сообщения";
    CountsPerLang => "Messages per language", "Сообщений по языкам";
    Name => "Name", "Имя";
    Email => "E-mail", "Эл. почта";
    Location => "Location", "Место";
    Consent => "Consent to publish", "Согласие на публикацию";
    Yes => "yes", "да";
    No => "no", "нет";
    Publish => "Publish", "Опубликовать";
    Published => "Published", "Опубликовано";
    Download => "Download", "Скачать";
    DownloadMessages => "Messages as", "Сообщения в формате";
    DownloadComments => "Comments as", "Комментарии в формате";
    Erase => "Erasure", "Удаление данных";
    EraseHelp => "Deletes every message and comment of one person, for good. Give the e-mail address or the id of a message or comment.",
                 "Удаляет все сообщения и комментарии одного человека навсегда. Укажите адрес эл. почты или id сообщения либо комментария.";
    EraseEmail => "E-mail address", "Адрес эл. почты";
    EraseId => "Message or comment id", "Id сообщения или комментария";
    EraseButton => "Erase for good", "Удалить навсегда";
    Erased => "Erased: messages and comments removed", "Удалено: сообщения и комментарии стёрты";
    Audit => "Audit log", "Журнал действий";
    When => "When", "Когда";
    Who => "Who", "Кто";
    What => "What", "Что";
    Target => "Record", "Запись";
    Detail => "Detail", "Подробности";
    Done => "Done.", "Готово.";
    ErrorTitle => "Not done", "Не выполнено";
    BackToConsole => "Back to the console", "Вернуться в консоль";
    BadSignIn => "The name or password is wrong. Nothing was changed.", "Неверное имя или пароль. Ничего не изменено.";
    Locked => "Too many failed sign-ins. Please try again in 15 minutes.", "Слишком много неудачных попыток входа. Попробуйте снова через 15 минут.";
    Forged => "This request did not come from the console, so it was refused. Nothing was changed.",
              "Запрос пришёл не из консоли, поэтому отклонён. Ничего не изменено.";
    Expired => "Your session has ended. Please sign in again. Nothing was changed.", "Сеанс завершён. Войдите снова. Ничего не изменено.";
    AdminOnly => "Only an administrator may do this. Nothing was changed.", "Это может сделать только администратор. Ничего не изменено.";
    NotFound => "There is no such record. Nothing was changed.", "Такой записи нет. Ничего не изменено.";
    TooLarge => "The form is too large. Nothing was changed.", "Форма слишком большая. Ничего не изменено.";
    Malformed => "The form could not be read. Nothing was changed.", "Не удалось прочитать форму. Ничего не изменено.";
    BadReply => "The reply must be 1 to 2000 characters without control characters. Nothing was changed.",
               "Ответ должен содержать от 1 до 2000 символов без управляющих символов. Ничего не изменено.";
    NotConsented => "This sender did not consent to publication. Nothing was changed.", "Отправитель не дал согласия на публикацию. Ничего не изменено.";
    SealedMessage => "This message is sealed: the server cannot read it, so it cannot publish it. Nothing was changed.",
                     "Это сообщение зашифровано: сервер не может его прочитать и потому не может опубликовать. Ничего не изменено.";
    ServerFailed => "The server could not do this. Please try again. Nothing was changed.", "Серверу не удалось это сделать. Попробуйте ещё раз. Ничего не изменено.";
    Impersonation => "This name belongs to the organisation or its staff. Please choose another name.",
                     "Это имя принадлежит организации или её сотрудникам. Выберите, пожалуйста, другое имя.";
}

/// `en` or `ru`.
pub fn code(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "en",
        Lang::Ru => "ru",
    }
}

/// The console's language: `?lang=` in the URL, else the browser's first preference
/// between English and Russian, else English.
pub fn choose(query: Option<&str>, headers: &HeaderMap) -> Lang {
    let from_query = query.and_then(|query| {
        query
            .split('&')
            .filter_map(|pair| pair.split_once('='))
            .find(|(name, _)| *name == "lang")
            .map(|(_, value)| value)
    });
    match from_query {
        Some("ru") => return Lang::Ru,
        Some("en") => return Lang::En,
        _ => {}
    }
    let accept = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|value| value.to_str().ok())
        .unwrap_or("");
    accept
        .split(',')
        .map(|part| {
            part.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        })
        .find_map(|tag| match tag.split('-').next() {
            Some("ru") => Some(Lang::Ru),
            Some("en") => Some(Lang::En),
            _ => None,
        })
        .unwrap_or(Lang::En)
}

#[cfg(test)]
mod tests {
    use super::{choose, t, Key, Lang};
    use axum::http::{HeaderMap, HeaderValue};

    #[test]
    fn every_key_has_english_and_russian() {
        for key in Key::ALL {
            let (en, ru) = (t(Lang::En, *key), t(Lang::Ru, *key));
            assert!(!en.trim().is_empty() && !ru.trim().is_empty(), "{key:?}");
            assert!(
                ru.chars().any(|c| ('\u{0400}'..='\u{04FF}').contains(&c))
                    || *key == Key::OtherLang,
                "{key:?} has no Russian letters: {ru}"
            );
            assert_ne!(en, ru, "{key:?}");
            assert!(
                !ru.contains("(а)") && !ru.contains("(на)"),
                "{key:?}: no gendered forms"
            );
        }
    }

    #[test]
    fn the_url_wins_then_the_browser() {
        let mut headers = HeaderMap::new();
        assert_eq!(choose(None, &headers), Lang::En);
        headers.insert(
            "accept-language",
            HeaderValue::from_static("de, ru-RU;q=0.8, en;q=0.5"),
        );
        assert_eq!(choose(None, &headers), Lang::Ru);
        assert_eq!(choose(Some("q=x&lang=en"), &headers), Lang::En);
        assert_eq!(choose(Some("lang=ru"), &HeaderMap::new()), Lang::Ru);
        assert_eq!(choose(Some("lang=xx"), &HeaderMap::new()), Lang::En);
    }
}
