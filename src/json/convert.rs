//! Typed values to and from [`Value`], in the shapes serde's derives wrote before (so an
//! outbox or a draft stored by an older page still reads): structs as objects, `Option`
//! as `null`, tuples as arrays, enums externally tagged (`"Unit"`, `{"Variant": ...}`).

use super::{Map, Number, Value};

/// A type written as JSON.
pub trait ToJson {
    fn to_value(&self) -> Value;
}

/// A type read from JSON; `None` when the value has the wrong shape.
pub trait FromJson: Sized {
    fn from_value(value: &Value) -> Option<Self>;
}

/// The member `key` of an object read as `T`. A missing member reads as `null`, so a
/// missing `Option` is `None` and a missing required member fails, as with serde.
pub fn field<T: FromJson>(map: &Map, key: &str) -> Option<T> {
    T::from_value(map.get(key).unwrap_or(&Value::Null))
}

/// The member `key`, or `T::default()` when it is missing (serde's `#[serde(default)]`).
pub fn field_or_default<T: FromJson + Default>(map: &Map, key: &str) -> Option<T> {
    match map.get(key) {
        None => Some(T::default()),
        Some(value) => T::from_value(value),
    }
}

/// `ToJson` and `FromJson` for a struct whose members are its fields, by name. With
/// `default`, a missing member is the field type's default (serde's `#[serde(default)]`).
#[macro_export]
macro_rules! json_struct {
    ($ty:ident { $($field:ident),* $(,)? }) => {
        $crate::json_struct!(@impl $ty, field, { $($field),* });
    };
    (default $ty:ident { $($field:ident),* $(,)? }) => {
        $crate::json_struct!(@impl $ty, field_or_default, { $($field),* });
    };
    (@impl $ty:ident, $read:ident, { $($field:ident),* }) => {
        impl $crate::json::ToJson for $ty {
            fn to_value(&self) -> $crate::json::Value {
                $crate::json::object([$(
                    (stringify!($field), $crate::json::ToJson::to_value(&self.$field))
                ),*])
            }
        }
        impl $crate::json::FromJson for $ty {
            fn from_value(value: &$crate::json::Value) -> Option<Self> {
                let map = value.as_object()?;
                Some($ty { $($field: $crate::json::$read(map, stringify!($field))?),* })
            }
        }
    };
}

/// An externally tagged enum value with data: `{"Variant": data}`.
pub fn tagged(tag: &str, data: Value) -> Value {
    super::object([(tag, data)])
}

/// Splits an externally tagged enum value into its tag and data (`null` for a unit).
pub fn untag(value: &Value) -> Option<(&str, &Value)> {
    match value {
        Value::String(tag) => Some((tag, &Value::Null)),
        Value::Object(map) if map.len() == 1 => map.iter().next().map(|(k, v)| (k.as_str(), v)),
        _ => None,
    }
}

impl ToJson for Value {
    fn to_value(&self) -> Value {
        self.clone()
    }
}

impl FromJson for Value {
    fn from_value(value: &Value) -> Option<Self> {
        Some(value.clone())
    }
}

impl ToJson for String {
    fn to_value(&self) -> Value {
        Value::String(self.clone())
    }
}

impl FromJson for String {
    fn from_value(value: &Value) -> Option<Self> {
        value.as_str().map(str::to_owned)
    }
}

impl ToJson for bool {
    fn to_value(&self) -> Value {
        Value::Bool(*self)
    }
}

impl FromJson for bool {
    fn from_value(value: &Value) -> Option<Self> {
        value.as_bool()
    }
}

macro_rules! json_unsigned {
    ($($ty:ty),*) => {$(
        impl ToJson for $ty {
            fn to_value(&self) -> Value {
                Value::Number(Number::from(u64::from(*self)))
            }
        }
        impl FromJson for $ty {
            fn from_value(value: &Value) -> Option<Self> {
                value.as_u64().and_then(|n| <$ty>::try_from(n).ok())
            }
        }
    )*};
}
json_unsigned!(u16, u32, u64);

impl<T: ToJson> ToJson for Option<T> {
    fn to_value(&self) -> Value {
        self.as_ref().map_or(Value::Null, T::to_value)
    }
}

impl<T: FromJson> FromJson for Option<T> {
    fn from_value(value: &Value) -> Option<Self> {
        match value {
            Value::Null => Some(None),
            other => T::from_value(other).map(Some),
        }
    }
}

impl<T: ToJson> ToJson for Vec<T> {
    fn to_value(&self) -> Value {
        Value::Array(self.iter().map(T::to_value).collect())
    }
}

impl<T: FromJson> FromJson for Vec<T> {
    fn from_value(value: &Value) -> Option<Self> {
        value.as_array()?.iter().map(T::from_value).collect()
    }
}

impl<A: ToJson, B: ToJson> ToJson for (A, B) {
    fn to_value(&self) -> Value {
        Value::Array(vec![self.0.to_value(), self.1.to_value()])
    }
}

impl<A: FromJson, B: FromJson> FromJson for (A, B) {
    fn from_value(value: &Value) -> Option<Self> {
        match value.as_array()?.as_slice() {
            [a, b] => Some((A::from_value(a)?, B::from_value(b)?)),
            _ => None,
        }
    }
}
