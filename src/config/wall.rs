//! The `wall` section: where the wall of support reads published messages. No section
//! (or `null`) means no wall on the page.

use super::{optional_url, ConfigError, Expected};
use crate::json::{Map, Value};

/// Where the wall of support is read from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WallConfig {
    /// The live list (`/api/messages/published` on the reference server).
    pub endpoint: Option<String>,
    /// A JSON file in the same shape, prerendered into the page at build time.
    pub static_url: Option<String>,
}

/// Reads `wall`: `None` when absent, else `{"endpoint": url|null, "static": url|null}`
/// with at least one of the two.
pub fn parse_wall(raw: &Value) -> Result<Option<WallConfig>, ConfigError> {
    let section: &Map = match raw.get("wall") {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::Object(section)) => section,
        Some(_) => return Err(ConfigError::wrong_type("wall", Expected::Object)),
    };
    let wall = WallConfig {
        endpoint: optional_url(section, "wall.endpoint", "endpoint")?,
        static_url: optional_url(section, "wall.static", "static")?,
    };
    if wall.endpoint.is_none() && wall.static_url.is_none() {
        return Err(ConfigError::missing("wall.endpoint"));
    }
    Ok(Some(wall))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Problem;

    use json_value as json;

    #[test]
    fn no_section_is_no_wall() {
        assert_eq!(parse_wall(&json!({})), Ok(None));
        assert_eq!(parse_wall(&json!({"wall": null})), Ok(None));
    }

    #[test]
    fn reads_both_addresses() {
        let wall = parse_wall(
            &json!({"wall": {"endpoint": " /api/messages/published ", "static": "wall.json"}}),
        );
        assert_eq!(
            wall,
            Ok(Some(WallConfig {
                endpoint: Some("/api/messages/published".into()),
                static_url: Some("wall.json".into()),
            }))
        );
    }

    #[test]
    fn broken_sections_name_their_key() {
        let key = |raw: Value| parse_wall(&raw).map_err(|error| error.key);
        assert_eq!(key(json!({"wall": "yes"})), Err("wall".into()));
        assert_eq!(
            key(json!({"wall": {"endpoint": 3}})),
            Err("wall.endpoint".into())
        );
        assert_eq!(
            key(json!({"wall": {"static": ""}})),
            Err("wall.static".into())
        );
        let empty = parse_wall(&json!({"wall": {}})).map_err(|error| error.problem);
        assert_eq!(empty, Err(Problem::Missing));
    }
}
