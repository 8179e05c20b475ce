//! The support form without JavaScript: the prerendered page's `<form>` posts
//! `application/x-www-form-urlencoded` straight to the backend, so it carries the
//! backend's own field names and the constant fields the JavaScript path would add.
//! Pure Rust, tested natively.

use super::request::form_value;
use crate::config::{Encoding, MessagesConfig, Preset};
use crate::i18n::Lang;

/// What the plain HTML form needs: where to post, each visible field's name, and the
/// hidden fields.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormPost {
    pub action: String,
    pub name: String,
    pub email: String,
    pub location: String,
    pub message: String,
    pub consent: String,
    pub hidden: Vec<(String, String)>,
}

/// Whether the backend takes an ordinary browser form post. The page's own contract (the
/// reference server) and the form services do; Action Network only takes JSON, and a
/// generic backend only when it is configured for form encoding.
pub fn accepts_form_posts(config: &MessagesConfig) -> bool {
    match config.preset {
        Preset::Default | Preset::Netlify | Preset::Formspree | Preset::Web3Forms => true,
        Preset::Generic => config.encoding == Encoding::Form,
        Preset::ActionNetwork => false,
    }
}

/// The form for `lang`, or `None` when the backend cannot take a form post. `return_to`
/// (a same-site path) tells the reference server where its thank-you page links back to.
pub fn form_post(config: &MessagesConfig, lang: Lang, return_to: Option<&str>) -> Option<FormPost> {
    if !accepts_form_posts(config) || config.endpoint.trim().is_empty() {
        return None;
    }
    let backend_name = |canonical: &str| config.backend_name(canonical);
    let mut hidden = Vec::new();
    match config.preset {
        Preset::Netlify => hidden.push(("form-name".to_owned(), config.form_name.clone())),
        Preset::Web3Forms => hidden.push((
            "access_key".to_owned(),
            config.access_key.clone().unwrap_or_default(),
        )),
        _ => {}
    }
    hidden.push((backend_name("lang"), lang.code().to_owned()));
    if let (Preset::Default, Some(path)) = (config.preset, return_to) {
        hidden.push(("return_to".to_owned(), path.to_owned()));
    }
    hidden.extend(
        config
            .extra
            .iter()
            .map(|(name, value)| (name.clone(), form_value(value))),
    );
    Some(FormPost {
        action: config.endpoint.clone(),
        name: backend_name("name"),
        email: backend_name("email"),
        location: backend_name("location"),
        message: backend_name("message"),
        consent: backend_name("consent"),
        hidden,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Config, Overrides};

    fn messages(json: &str) -> MessagesConfig {
        Config::from_text(json, &Overrides::default())
            .expect("valid test config")
            .messages
    }

    #[test]
    fn the_reference_server_gets_canonical_names_and_a_way_back() {
        let config = messages(r#"{"messages":{"endpoint":"/api/messages"}}"#);
        let form = form_post(&config, Lang::Ru, Some("/ru/")).expect("form-capable");
        assert_eq!(form.action, "/api/messages");
        assert_eq!(
            (form.name.as_str(), form.message.as_str()),
            ("name", "message")
        );
        assert_eq!(
            form.hidden,
            vec![
                ("lang".to_owned(), "ru".to_owned()),
                ("return_to".to_owned(), "/ru/".to_owned())
            ]
        );
    }

    #[test]
    fn mapped_names_and_extras_follow_the_configuration() {
        let config = messages(
            r#"{"messages":{"preset":"generic","endpoint":"https://forms.example/in","encoding":"form",
                "fields":{"message":"body","lang":"language"},"extra":{"campaign":"lgbt-russia","n":3}}}"#,
        );
        let form = form_post(&config, Lang::En, Some("/")).expect("form-capable");
        assert_eq!(form.message, "body");
        assert_eq!(form.name, "name");
        assert_eq!(
            form.hidden,
            vec![
                ("language".to_owned(), "en".to_owned()),
                ("campaign".to_owned(), "lgbt-russia".to_owned()),
                ("n".to_owned(), "3".to_owned()),
            ]
        );
    }

    #[test]
    fn services_get_their_own_constant_fields() {
        let netlify = messages(r#"{"messages":{"preset":"netlify","endpoint":"/"}}"#);
        let form = form_post(&netlify, Lang::En, None).expect("netlify takes forms");
        assert_eq!(
            form.hidden[0],
            ("form-name".to_owned(), "support".to_owned())
        );
        let web3 = messages(r#"{"messages":{"preset":"web3forms","access_key":"k-123"}}"#);
        let form = form_post(&web3, Lang::En, Some("/")).expect("web3forms takes forms");
        assert_eq!(
            form.hidden[0],
            ("access_key".to_owned(), "k-123".to_owned())
        );
        assert!(!form.hidden.iter().any(|(name, _)| name == "return_to"));
    }

    #[test]
    fn json_only_backends_have_no_form() {
        let action_network = messages(
            r#"{"messages":{"preset":"action-network","endpoint":"https://actionnetwork.org/api/v2/forms/x/submissions"}}"#,
        );
        assert_eq!(form_post(&action_network, Lang::En, None), None);
        let generic_json =
            messages(r#"{"messages":{"preset":"generic","endpoint":"https://x.example/in"}}"#);
        assert_eq!(form_post(&generic_json, Lang::En, None), None);
    }
}
