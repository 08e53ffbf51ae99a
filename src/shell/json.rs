//! JSON with the browser's own parser (`JSON.parse`) and a small writer, so that the module
//! carries no JSON library: serde maps `JSON.parse`'s values to the app's types, and the
//! app's types to text.
//!
//! Both sides are written here rather than taken from `serde_json` (whose parser weighed 35 KB
//! raw) or `serde-wasm-bindgen` (whose error messages print the number they could not read, and
//! so link the float formatter, 11 KB raw). The app never shows why a value does not read, only
//! that it does not: [`Mismatch`] carries nothing.

use serde::Serialize;
use serde::de::value::StringDeserializer;
use serde::de::{
    self, DeserializeOwned, DeserializeSeed, EnumAccess, IntoDeserializer, MapAccess, SeqAccess,
    VariantAccess, Visitor,
};
use serde::ser;
use std::fmt::Write as _;
use wasm_bindgen::{JsCast, JsValue};

/// The value `text` holds, or `None` when it is not JSON or not of that shape.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Option<T> {
    let value = js_sys::JSON::parse(text).ok()?;
    T::deserialize(Value(value)).ok()
}

/// `value` as JSON text, as `serde_json` would write it: objects for structs and maps, `null`
/// for `None`, an enum's unit variant as its name and any other as `{"Name": content}`. `None`
/// for what JSON cannot hold as the contract means it: floats, bytes, maps keyed by other than
/// text.
pub fn to_string<T: Serialize>(value: &T) -> Option<String> {
    let mut text = String::new();
    value.serialize(Writer(&mut text)).ok()?;
    Some(text)
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

/// What a [`Value`] is, found once by code shared by every type read: each `deserialize_*`
/// below then visits only the kinds its type accepts, so that a type's reader does not carry
/// the code for every other kind.
enum Kind {
    Null,
    Bool(bool),
    Negative(i64),
    Whole(u64),
    Text(String),
    Array(js_sys::Array),
    Object(js_sys::Object),
}

impl Value {
    fn kind(self) -> Result<Kind, Mismatch> {
        let value = self.0;
        Ok(if value.is_null() || value.is_undefined() {
            Kind::Null
        } else if let Some(flag) = value.as_bool() {
            Kind::Bool(flag)
        } else if let Some(number) = value.as_f64() {
            // The contract's numbers are all whole; any other is no shape of ours.
            if number.fract() != 0.0 || number.abs() > MAX_SAFE_INTEGER {
                return Err(Mismatch);
            } else if number < 0.0 {
                Kind::Negative(number as i64)
            } else {
                Kind::Whole(number as u64)
            }
        } else if let Some(text) = value.as_string() {
            Kind::Text(text)
        } else if js_sys::Array::is_array(&value) {
            Kind::Array(value.unchecked_into())
        } else if value.is_object() {
            Kind::Object(value.unchecked_into())
        } else {
            return Err(Mismatch);
        })
    }
}

fn items(array: js_sys::Array) -> Items {
    Items { array, next: 0 }
}

fn entries(object: &js_sys::Object) -> Entries {
    Entries {
        entries: js_sys::Object::entries(object),
        next: 0,
        value: None,
    }
}

/// Reads a number of either sign with `visit_i64`/`visit_u64`, as the primitive's visitor
/// checks the range.
macro_rules! numbers {
    ($($method:ident)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Mismatch> {
            match self.kind()? {
                Kind::Negative(n) => visitor.visit_i64(n),
                Kind::Whole(n) => visitor.visit_u64(n),
                _ => Err(Mismatch),
            }
        }
    )*};
}

/// Reads text.
macro_rules! texts {
    ($($method:ident)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Mismatch> {
            match self.kind()? {
                Kind::Text(text) => visitor.visit_string(text),
                _ => Err(Mismatch),
            }
        }
    )*};
}

impl<'de> de::Deserializer<'de> for Value {
    type Error = Mismatch;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Mismatch> {
        match self.kind()? {
            Kind::Null => visitor.visit_unit(),
            Kind::Bool(flag) => visitor.visit_bool(flag),
            Kind::Negative(n) => visitor.visit_i64(n),
            Kind::Whole(n) => visitor.visit_u64(n),
            Kind::Text(text) => visitor.visit_string(text),
            Kind::Array(array) => visitor.visit_seq(items(array)),
            Kind::Object(object) => visitor.visit_map(entries(&object)),
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Mismatch> {
        match self.kind()? {
            Kind::Bool(flag) => visitor.visit_bool(flag),
            _ => Err(Mismatch),
        }
    }

    numbers!(deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64 deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64);
    texts!(deserialize_str deserialize_string deserialize_identifier);

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Mismatch> {
        match self.kind()? {
            Kind::Array(array) => visitor.visit_seq(items(array)),
            _ => Err(Mismatch),
        }
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _: usize,
        visitor: V,
    ) -> Result<V::Value, Mismatch> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: usize,
        visitor: V,
    ) -> Result<V::Value, Mismatch> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Mismatch> {
        match self.kind()? {
            Kind::Object(object) => visitor.visit_map(entries(&object)),
            _ => Err(Mismatch),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Mismatch> {
        self.deserialize_map(visitor)
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Mismatch> {
        match self.kind()? {
            Kind::Null => visitor.visit_unit(),
            _ => Err(Mismatch),
        }
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Result<V::Value, Mismatch> {
        self.deserialize_unit(visitor)
    }

    /// A value no field takes is not read at all.
    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Mismatch> {
        visitor.visit_unit()
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

    // The contract holds none of these: whatever JSON holds is read as it is, and refused.
    serde::forward_to_deserialize_any! {
        i128 u128 f32 f64 char bytes byte_buf
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

impl ser::Error for Mismatch {
    fn custom<T: std::fmt::Display>(_: T) -> Self {
        Mismatch
    }
}

/// Writes JSON text to the string it holds.
struct Writer<'a>(&'a mut String);

impl<'a> Writer<'a> {
    /// `text` as a JSON string, quoted and escaped.
    fn quoted(&mut self, text: &str) {
        self.0.push('"');
        for c in text.chars() {
            match c {
                '"' => self.0.push_str("\\\""),
                '\\' => self.0.push_str("\\\\"),
                '\n' => self.0.push_str("\\n"),
                '\r' => self.0.push_str("\\r"),
                '\t' => self.0.push_str("\\t"),
                '\u{8}' => self.0.push_str("\\b"),
                '\u{c}' => self.0.push_str("\\f"),
                c if c < ' ' => {
                    let _ = write!(self.0, "\\u{:04x}", u32::from(c));
                }
                c => self.0.push(c),
            }
        }
        self.0.push('"');
    }

    fn number(self, n: impl std::fmt::Display) -> Result<(), Mismatch> {
        write!(self.0, "{n}").map_err(|_| Mismatch)
    }

    /// Starts an array or object with `open`, which `close` ends.
    fn open(self, open: char, close: &'static str) -> Compound<'a> {
        self.0.push(open);
        Compound {
            out: self.0,
            first: true,
            close,
        }
    }

    /// Opens `{"variant":` around what comes next, closed by the compound that follows.
    fn tagged(&mut self, variant: &str) {
        self.0.push('{');
        self.quoted(variant);
        self.0.push(':');
    }
}

/// An array or object being written: whether an item came before, and what closes it.
struct Compound<'a> {
    out: &'a mut String,
    first: bool,
    close: &'static str,
}

impl Compound<'_> {
    fn comma(&mut self) {
        if !std::mem::take(&mut self.first) {
            self.out.push(',');
        }
    }

    fn item<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Mismatch> {
        self.comma();
        value.serialize(Writer(self.out))
    }

    fn field<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) -> Result<(), Mismatch> {
        self.comma();
        Writer(self.out).quoted(key);
        self.out.push(':');
        value.serialize(Writer(self.out))
    }

    fn end(self) -> Result<(), Mismatch> {
        self.out.push_str(self.close);
        Ok(())
    }
}

/// Integers are written in decimal, as JSON numbers.
macro_rules! integers {
    ($($method:ident: $type:ty),*) => {$(
        fn $method(self, v: $type) -> Result<(), Mismatch> {
            self.number(v)
        }
    )*};
}

impl<'a> ser::Serializer for Writer<'a> {
    type Ok = ();
    type Error = Mismatch;
    type SerializeSeq = Compound<'a>;
    type SerializeTuple = Compound<'a>;
    type SerializeTupleStruct = Compound<'a>;
    type SerializeTupleVariant = Compound<'a>;
    type SerializeMap = Compound<'a>;
    type SerializeStruct = Compound<'a>;
    type SerializeStructVariant = Compound<'a>;

    fn serialize_bool(self, v: bool) -> Result<(), Mismatch> {
        self.0.push_str(if v { "true" } else { "false" });
        Ok(())
    }
    integers!(
        serialize_i8: i8,
        serialize_i16: i16,
        serialize_i32: i32,
        serialize_i64: i64,
        serialize_u8: u8,
        serialize_u16: u16,
        serialize_u32: u32,
        serialize_u64: u64
    );
    fn serialize_f32(self, _: f32) -> Result<(), Mismatch> {
        Err(Mismatch)
    }
    fn serialize_f64(self, _: f64) -> Result<(), Mismatch> {
        Err(Mismatch)
    }
    fn serialize_char(mut self, v: char) -> Result<(), Mismatch> {
        self.quoted(v.encode_utf8(&mut [0; 4]));
        Ok(())
    }
    fn serialize_str(mut self, v: &str) -> Result<(), Mismatch> {
        self.quoted(v);
        Ok(())
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<(), Mismatch> {
        Err(Mismatch)
    }
    fn serialize_none(self) -> Result<(), Mismatch> {
        self.serialize_unit()
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Mismatch> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Mismatch> {
        self.0.push_str("null");
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Mismatch> {
        self.serialize_unit()
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<(), Mismatch> {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), Mismatch> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        mut self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Mismatch> {
        self.tagged(variant);
        value.serialize(Writer(self.0))?;
        self.0.push('}');
        Ok(())
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Compound<'a>, Mismatch> {
        Ok(self.open('[', "]"))
    }
    fn serialize_tuple(self, len: usize) -> Result<Compound<'a>, Mismatch> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<Compound<'a>, Mismatch> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        mut self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Compound<'a>, Mismatch> {
        self.tagged(variant);
        Ok(self.open('[', "]}"))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Compound<'a>, Mismatch> {
        Ok(self.open('{', "}"))
    }
    fn serialize_struct(self, _: &'static str, len: usize) -> Result<Compound<'a>, Mismatch> {
        self.serialize_map(Some(len))
    }
    fn serialize_struct_variant(
        mut self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Compound<'a>, Mismatch> {
        self.tagged(variant);
        Ok(self.open('{', "}}"))
    }
}

/// The compounds whose items are values alone.
macro_rules! items {
    ($($kind:ident :: $add:ident),*) => {$(
        impl ser::$kind for Compound<'_> {
            type Ok = ();
            type Error = Mismatch;
            fn $add<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Mismatch> {
                self.item(value)
            }
            fn end(self) -> Result<(), Mismatch> {
                Compound::end(self)
            }
        }
    )*};
}
items!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

/// The compounds whose items are named fields.
macro_rules! fields {
    ($($kind:ident),*) => {$(
        impl ser::$kind for Compound<'_> {
            type Ok = ();
            type Error = Mismatch;
            fn serialize_field<T: Serialize + ?Sized>(
                &mut self,
                key: &'static str,
                value: &T,
            ) -> Result<(), Mismatch> {
                self.field(key, value)
            }
            fn end(self) -> Result<(), Mismatch> {
                Compound::end(self)
            }
        }
    )*};
}
fields!(SerializeStruct, SerializeStructVariant);

/// A map's keys must be text, since JSON's are strings; any other does not fit.
impl ser::SerializeMap for Compound<'_> {
    type Ok = ();
    type Error = Mismatch;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Mismatch> {
        self.comma();
        let mut written = String::new();
        key.serialize(Writer(&mut written))?;
        if !written.starts_with('"') {
            return Err(Mismatch);
        }
        self.out.push_str(&written);
        self.out.push(':');
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Mismatch> {
        value.serialize(Writer(self.out))
    }
    fn end(self) -> Result<(), Mismatch> {
        Compound::end(self)
    }
}

#[cfg(test)]
mod tests {
    use super::to_string;
    use crate::core::{CodeSent, Draft, Progress, RegionChoice, RegionalReset, Stage};
    use contract::wire::{ErrorDetail, ProofOfWorkAnswer};
    use contract::{Channel, Locale, PasswordRule, Region};

    /// The writer writes what `serde_json` writes, byte for byte.
    fn same_as_serde_json<T: serde::Serialize>(value: &T) {
        let expected = serde_json::to_string(value).ok();
        assert!(expected.is_some());
        assert_eq!(to_string(value), expected);
    }

    #[test]
    fn every_character_is_written_as_serde_json_writes_it() {
        let every: String = (0..=0x2FFF_u32).filter_map(char::from_u32).collect();
        same_as_serde_json(&every);
        same_as_serde_json(&"\"a\\b\u{1}\n\tc é 用户 😀\u{7f}\u{2028}");
    }

    #[test]
    fn the_apps_shapes_are_written_as_serde_json_writes_them() {
        let progress = Progress {
            locale: Locale::De,
            region: RegionChoice::Found(Region::AsiaPacific),
            channel: Channel::Sms,
            draft: Draft {
                email: "bruno@example.com".into(),
                phone: "9123 4567".into(),
                country: "SG".into(),
            },
            stage: Stage::VerifyIdentity {
                sent: CodeSent {
                    resets: vec![RegionalReset {
                        region: Region::Europe,
                        reset_id: "r1".parse().unwrap_or_else(|_| unreachable!()),
                    }],
                    masked_destination: "+65 ****4567".into(),
                    resend_at_ms: 1_790_000_000_000,
                    unanswered: vec![Region::Americas],
                },
                problem: Some(crate::core::Problem::WrongCode {
                    attempts_left: Some(3),
                }),
            },
        };
        same_as_serde_json(&progress);
        same_as_serde_json(&RegionChoice::NotSure);
        same_as_serde_json(&ErrorDetail {
            attempts_left: Some(0),
            retry_after_seconds: Some(u64::from(u32::MAX) + 1),
            unmet_rules: Some(vec![PasswordRule::MinLength(8), PasswordRule::NotCommon]),
            field: None,
        });
        same_as_serde_json(&ProofOfWorkAnswer {
            challenge_id: "c1".parse().unwrap_or_else(|_| unreachable!()),
            nonce: 1 << 40,
        });
    }

    #[test]
    fn what_json_cannot_hold_is_refused() {
        assert_eq!(to_string(&1.5_f64), None);
        assert_eq!(to_string(&std::collections::BTreeMap::from([(1, 2)])), None);
        assert_eq!(
            to_string(&std::collections::BTreeMap::from([("a", 2)])),
            Some(r#"{"a":2}"#.into())
        );
    }
}
