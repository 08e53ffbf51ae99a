//! JSON through the browser's own parser and printer (`JSON.parse`, `JSON.stringify`), so that
//! the module carries no JSON parser of its own: serde only maps values to and from JavaScript.
//!
//! Reading is done here rather than by `serde-wasm-bindgen`'s deserializer, whose error messages
//! print the number they could not read and so pull the float formatter into the module (11 KB
//! raw). The app never shows why a value does not read, only that it does not: [`Mismatch`].

use serde::Serialize;
use serde::de::value::StringDeserializer;
use serde::de::{
    self, DeserializeOwned, DeserializeSeed, EnumAccess, IntoDeserializer, MapAccess, SeqAccess,
    VariantAccess, Visitor,
};
use wasm_bindgen::{JsCast, JsValue};

/// The value `text` holds, or `None` when it is not JSON or not of that shape.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Option<T> {
    let value = js_sys::JSON::parse(text).ok()?;
    T::deserialize(Value(value)).ok()
}

/// `value` as JSON text: objects for maps, `null` for `None`, numbers for integers.
pub fn to_string<T: Serialize>(value: &T) -> Option<String> {
    let value = value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .ok()?;
    js_sys::JSON::stringify(&value).ok()?.as_string()
}

/// A value that is not of the shape asked for; which part did not fit is not kept.
#[derive(Debug)]
pub struct Mismatch;

impl std::fmt::Display for Mismatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the value is not of the expected shape")
    }
}

impl std::error::Error for Mismatch {}

// Every constructor answers `Mismatch` without formatting what it was given.
impl de::Error for Mismatch {
    fn custom<T: std::fmt::Display>(_: T) -> Self {
        Mismatch
    }
    fn invalid_type(_: de::Unexpected<'_>, _: &dyn de::Expected) -> Self {
        Mismatch
    }
    fn invalid_value(_: de::Unexpected<'_>, _: &dyn de::Expected) -> Self {
        Mismatch
    }
    fn invalid_length(_: usize, _: &dyn de::Expected) -> Self {
        Mismatch
    }
    fn unknown_variant(_: &str, _: &'static [&'static str]) -> Self {
        Mismatch
    }
    fn unknown_field(_: &str, _: &'static [&'static str]) -> Self {
        Mismatch
    }
    fn missing_field(_: &'static str) -> Self {
        Mismatch
    }
    fn duplicate_field(_: &'static str) -> Self {
        Mismatch
    }
}

/// The largest integer a JavaScript number holds exactly.
const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

/// A value `JSON.parse` made.
struct Value(JsValue);

impl<'de> de::Deserializer<'de> for Value {
    type Error = Mismatch;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Mismatch> {
        let value = self.0;
        if value.is_null() || value.is_undefined() {
            visitor.visit_unit()
        } else if let Some(flag) = value.as_bool() {
            visitor.visit_bool(flag)
        } else if let Some(number) = value.as_f64() {
            // The contract's numbers are all whole; any other is no shape of ours.
            if number.fract() != 0.0 || number.abs() > MAX_SAFE_INTEGER {
                Err(Mismatch)
            } else if number < 0.0 {
                visitor.visit_i64(number as i64)
            } else {
                visitor.visit_u64(number as u64)
            }
        } else if let Some(text) = value.as_string() {
            visitor.visit_string(text)
        } else if js_sys::Array::is_array(&value) {
            visitor.visit_seq(Items {
                array: value.unchecked_into(),
                next: 0,
            })
        } else if value.is_object() {
            let object: js_sys::Object = value.unchecked_into();
            visitor.visit_map(Entries {
                entries: js_sys::Object::entries(&object),
                next: 0,
                value: None,
            })
        } else {
            Err(Mismatch)
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Mismatch> {
        if self.0.is_null() || self.0.is_undefined() {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Result<V::Value, Mismatch> {
        visitor.visit_newtype_struct(self)
    }

    /// A unit variant is its name; any other is an object of one key, the name, and its content.
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Mismatch> {
        if let Some(name) = self.0.as_string() {
            let unit: StringDeserializer<Mismatch> = name.into_deserializer();
            return visitor.visit_enum(unit);
        }
        let object: js_sys::Object = self.0.dyn_into().map_err(|_| Mismatch)?;
        let entries = js_sys::Object::entries(&object);
        if entries.length() != 1 {
            return Err(Mismatch);
        }
        let entry: js_sys::Array = entries.get(0).unchecked_into();
        visitor.visit_enum(Variant {
            name: entry.get(0),
            content: entry.get(1),
        })
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        unit unit_struct seq tuple tuple_struct map struct identifier ignored_any
    }
}

/// An array's items, in order.
struct Items {
    array: js_sys::Array,
    next: u32,
}

impl<'de> SeqAccess<'de> for Items {
    type Error = Mismatch;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Mismatch> {
        if self.next >= self.array.length() {
            return Ok(None);
        }
        let item = self.array.get(self.next);
        self.next += 1;
        seed.deserialize(Value(item)).map(Some)
    }
}

/// An object's entries, as `Object.entries` gives them.
struct Entries {
    entries: js_sys::Array,
    next: u32,
    /// The value of the key read last.
    value: Option<JsValue>,
}

impl<'de> MapAccess<'de> for Entries {
    type Error = Mismatch;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Mismatch> {
        if self.next >= self.entries.length() {
            return Ok(None);
        }
        let entry: js_sys::Array = self.entries.get(self.next).unchecked_into();
        self.next += 1;
        self.value = Some(entry.get(1));
        seed.deserialize(Value(entry.get(0))).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Mismatch> {
        seed.deserialize(Value(self.value.take().ok_or(Mismatch)?))
    }
}

/// An enum variant written as `{ "Name": content }`.
struct Variant {
    name: JsValue,
    content: JsValue,
}

impl<'de> EnumAccess<'de> for Variant {
    type Error = Mismatch;
    type Variant = Value;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Value), Mismatch> {
        Ok((seed.deserialize(Value(self.name))?, Value(self.content)))
    }
}

impl<'de> VariantAccess<'de> for Value {
    type Error = Mismatch;

    fn unit_variant(self) -> Result<(), Mismatch> {
        Ok(())
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, Mismatch> {
        seed.deserialize(self)
    }

    fn tuple_variant<V: Visitor<'de>>(self, _: usize, visitor: V) -> Result<V::Value, Mismatch> {
        de::Deserializer::deserialize_any(self, visitor)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Mismatch> {
        de::Deserializer::deserialize_any(self, visitor)
    }
}
