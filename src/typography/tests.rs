use super::*;

fn shown(text: &str) -> String {
    text.replace(NBSP, "~")
}

#[test]
fn one_letter_words_hold_on_to_the_next_word() {
    assert_eq!(
        shown(&russian("ЛГБТ-людям в России")),
        "ЛГБТ-людям в~России"
    );
    assert_eq!(
        shown(&russian("В прошлом году я и она, а также к нам")),
        "В~прошлом году я~и~она, а~также к~нам"
    );
    assert_eq!(shown(&russian("с нами у нас о нём")), "с~нами у~нас о~нём");
    assert_eq!(shown(&russian("(и всё")), "(и~всё");
    assert_eq!(shown(&russian("«В защиту»")), "«В~защиту»");
}

#[test]
fn longer_words_and_latin_letters_are_left_alone() {
    let text = "Мы с вами. We stand with you: a plan in a box";
    assert_eq!(
        shown(&russian(text)),
        "Мы с~вами. We stand with you: a plan in a box"
    );
    assert_eq!(russian("во вторник об этом"), "во вторник об этом");
    assert_eq!(
        russian("слова и"),
        "слова и",
        "a last word has no space to glue"
    );
}

#[test]
fn dashes_never_start_a_line() {
    assert_eq!(
        shown(&russian("Санкт-Петербурга — Откликнулись – да")),
        "Санкт-Петербурга~— Откликнулись~– да"
    );
    assert_eq!(russian("ЛГБТ-сеть"), "ЛГБТ-сеть", "a hyphen is not a dash");
}

#[test]
fn numbers_stay_with_their_words() {
    assert_eq!(
        shown(&russian("В 2012 году исполнилось 50 лет, 30 июля 2013 г.")),
        "В~2012~году исполнилось 50~лет, 30~июля 2013~г."
    );
    assert_eq!(shown(&russian("1 234 человека")), "1~234~человека");
    assert_eq!(
        shown(&russian("Осталось {n} символов")),
        "Осталось {n}~символов"
    );
    assert_eq!(russian("в 2014."), "в\u{a0}2014.");
}

#[test]
fn it_is_idempotent_and_keeps_everything_else() {
    for text in [
        "",
        " ",
        "в",
        "Уже 5 слов поддержки — и это важно, а я с вами.",
        "line\nв строке\tи табуляция",
    ] {
        let once = russian(text);
        assert_eq!(russian(&once), once, "{text}");
        assert_eq!(once.replace(NBSP, " "), text);
    }
}
