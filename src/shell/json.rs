//! JSON through the browser's own parser and printer (`JSON.parse`, `JSON.stringify`), so that
//! the module carries no JSON parser of its own: serde only maps values to and from JavaScript.

use serde::Serialize;
use serde::de::DeserializeOwned;

/// The value `text` holds, or `None` when it is not JSON or not of that shape.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Option<T> {
    let value = js_sys::JSON::parse(text).ok()?;
    serde_wasm_bindgen::from_value(value).ok()
}

/// `value` as JSON text: objects for maps, `null` for `None`, numbers for integers.
pub fn to_string<T: Serialize>(value: &T) -> Option<String> {
    let value = value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .ok()?;
    js_sys::JSON::stringify(&value).ok()?.as_string()
}
