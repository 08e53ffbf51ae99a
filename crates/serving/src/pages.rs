//! Which page answers a visit: step 1 rendered ahead of time in the visitor's language (`lang`
//! in the query, else `Accept-Language`, else English), for the region the query names, or the
//! plain page where step 1 is by phone, which no page renders ahead.

use contract::{Locale, Region};

/// The page Trunk writes, with nothing rendered in it: the app draws everything.
pub const PLAIN_PAGE: &str = "index.html";

/// The app's address answers by language as well as encoding, so a cache must key on both.
pub const VARY: &str = "accept-encoding, accept-language";

/// The file of step 1 rendered in `locale` with `region` picked (none: no region picked).
pub fn page_name(locale: Locale, region: Option<Region>) -> String {
    match region {
        Some(region) => format!("index.{}.{}.html", locale.tag(), region.slug()),
        None => format!("index.{}.html", locale.tag()),
    }
}

/// Every page [`page_name`] names, with what it renders.
pub fn every_page() -> Vec<(Locale, Option<Region>, String)> {
    Locale::ALL
        .iter()
        .flat_map(|&locale| {
            std::iter::once(None)
                .chain(Region::ALL.map(Some))
                .map(move |region| (locale, region, page_name(locale, region)))
        })
        .collect()
}

/// The page for a visit with `query` (the URL's, without `?`) and the `Accept-Language` header.
pub fn page_for(query: &str, accept_language: Option<&str>) -> String {
    let param = |name: &str| {
        query
            .split('&')
            .filter_map(|pair| pair.split_once('='))
            .find(|(key, _)| *key == name)
            .map(|(_, value)| value)
    };
    if param("channel") == Some("sms") {
        return PLAIN_PAGE.to_owned();
    }
    let locale = param("lang")
        .and_then(Locale::from_tag)
        .or_else(|| Locale::best_match(by_preference(accept_language.unwrap_or_default())))
        .unwrap_or_default();
    let region = param("region").and_then(|slug| slug.parse().ok());
    page_name(locale, region)
}

/// The language ranges of an `Accept-Language` header, most wanted first (RFC 9110 §12.5.4);
/// those of weight 0 are refused, so left out.
fn by_preference(header: &str) -> Vec<&str> {
    let mut ranges: Vec<(&str, u16)> = header
        .split(',')
        .filter_map(|item| {
            let mut parts = item.split(';');
            let range = parts.next()?.trim();
            let weight = parts
                .filter_map(|param| param.trim().strip_prefix("q="))
                .find_map(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            let weight = (weight.clamp(0.0, 1.0) * 1000.0).round() as u16;
            (!range.is_empty() && weight > 0).then_some((range, weight))
        })
        .collect();
    // Stable: equal weights keep the header's order.
    ranges.sort_by_key(|&(_, weight)| std::cmp::Reverse(weight));
    ranges.into_iter().map(|(range, _)| range).collect()
}

/// The same choice as nginx `map`s, ending in `$ezr_page`, the page's path. nginx cannot sort
/// by weight, so `Accept-Language` counts by its first language, which is how browsers write it.
pub fn nginx_maps() -> String {
    // One line a language: the regular expression around its tags, and the language.
    let by_language = |around: fn(&str) -> String| -> String {
        Locale::ALL
            .iter()
            .map(|locale| {
                format!(
                    "        \"{}\" {};\n",
                    around(&pattern(locale)),
                    locale.tag()
                )
            })
            .collect()
    };
    let mut maps = String::from("    map $arg_lang $ezr_lang_asked {\n        default \"\";\n");
    maps.push_str(&by_language(|tags| format!("~*^{tags}$")));
    maps.push_str(
        "    }\n    map $http_accept_language $ezr_lang_accepted {\n        default en;\n",
    );
    maps.push_str(&by_language(|tags| format!("~*^\\s*{tags}([-_;,\\s]|$)")));
    maps.push_str(
        "    }\n    map $ezr_lang_asked $ezr_lang {\n        \"\" $ezr_lang_accepted;\n        \
         default $ezr_lang_asked;\n    }\n    map $arg_region $ezr_region {\n        default \"\";\n",
    );
    for region in Region::ALL {
        maps.push_str(&format!("        \"~*^{0}$\" .{0};\n", region.slug()));
    }
    maps.push_str(&format!(
        "    }}\n    map $arg_channel $ezr_page {{\n        sms /{PLAIN_PAGE};\n        \
         default /index.$ezr_lang$ezr_region.html;\n    }}\n"
    ));
    maps
}

/// The tags [`Locale::from_tag`] reads as `locale`, as a regular expression: its language with
/// any region (Chinese in simplified script only).
fn pattern(locale: &Locale) -> String {
    let language = locale.tag().split('-').next().unwrap_or_default();
    if language == "zh" {
        "zh(?![-_](hant|tw|hk|mo))([-_][a-z0-9]+)*".to_owned()
    } else {
        format!("{language}([-_][a-z0-9]+)*")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_query_wins_then_the_header_by_weight_then_english() {
        let page = |query, header| page_for(query, header);
        assert_eq!(page("lang=ar", Some("de")), "index.ar.html");
        assert_eq!(
            page("lang=pt-br&region=europe", None),
            "index.pt-BR.europe.html"
        );
        assert_eq!(page("", Some("fr-CH, fr;q=0.9, en;q=0.8")), "index.fr.html");
        assert_eq!(page("", Some("en;q=0.5, de;q=0.9")), "index.de.html");
        assert_eq!(page("", Some("zh-TW, ja;q=0.9, es;q=0.1")), "index.es.html");
        assert_eq!(page("lang=xx", Some("nl, it;q=0")), "index.en.html");
        assert_eq!(
            page("region=asia-pacific", None),
            "index.en.asia-pacific.html"
        );
        assert_eq!(page("region=mars", None), "index.en.html");
        assert_eq!(page("lang=ru&channel=sms", None), PLAIN_PAGE);
    }

    #[test]
    fn every_page_is_named_once() {
        let mut names: Vec<String> = every_page().into_iter().map(|(_, _, name)| name).collect();
        assert_eq!(names.len(), Locale::ALL.len() * 4);
        names.sort();
        names.dedup();
        assert_eq!(names.len(), Locale::ALL.len() * 4);
    }
}
