//! Text that arrives from outside is checked before anything reads it: no NUL and no other
//! control character (tab, line feed and carriage return excepted, which free text needs). The
//! databases disagree about them (PostgreSQL refuses a NUL in text, SQLite stores it), pages and
//! documents cannot show them, and they hide text from a reader: refused with a Chinese 400
//! that names the field.
//!
//! Checked here: every string (and key) of a JSON body ([`crate::framework::extract::ApiJson`]),
//! every query parameter and every field of a form body (the [`refuse_control_characters`]
//! middleware, before any route reads them).

use crate::framework::error::ApiError;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::Value;

/// Whether `c` is refused in text: the C0 controls but tab, line feed and carriage return; DEL;
/// the C1 controls.
pub fn forbidden(c: char) -> bool {
    (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || ('\u{7f}'..='\u{9f}').contains(&c)
}

/// The path (`party.name`, `officers[1]`) of the first string or key of `value` holding a
/// forbidden character.
pub fn first_bad(value: &Value) -> Option<String> {
    fn walk(v: &Value, path: &str) -> Option<String> {
        match v {
            Value::String(s) if s.chars().any(forbidden) => Some(path.to_string()),
            Value::Array(items) => items
                .iter()
                .enumerate()
                .find_map(|(i, item)| walk(item, &format!("{path}[{i}]"))),
            Value::Object(map) => map.iter().find_map(|(k, item)| {
                let at = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                if k.chars().any(forbidden) {
                    return Some(at);
                }
                walk(item, &at)
            }),
            _ => None,
        }
    }
    walk(value, "")
}

/// The refusal of a field holding a control character.
pub fn refusal(field: &str) -> ApiError {
    let shown = if field.is_empty() { "请求体" } else { field };
    ApiError::invalid_at(
        "control_character",
        field.to_string(),
        format!("“{shown}”含有不可见的控制字符（如 NUL），请删除后重新提交"),
    )
}

/// The first name or value of an urlencoded text (`a=1&b=2`) holding a forbidden character,
/// as the name of the field.
fn first_bad_pair(text: &[u8]) -> Option<String> {
    form_urlencoded_pairs(text).find_map(|(k, v)| {
        (k.chars().any(forbidden) || v.chars().any(forbidden))
            .then(|| k.chars().filter(|c| !forbidden(*c)).collect::<String>())
    })
}

/// The pairs of an `application/x-www-form-urlencoded` text, decoded (`+` as space, `%XX`).
fn form_urlencoded_pairs(text: &[u8]) -> impl Iterator<Item = (String, String)> + '_ {
    text.split(|b| *b == b'&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let mut parts = pair.splitn(2, |b| *b == b'=');
            let k = decode(parts.next().unwrap_or_default());
            let v = decode(parts.next().unwrap_or_default());
            (k, v)
        })
}

fn decode(raw: &[u8]) -> String {
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        match raw[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = |b: u8| (b as char).to_digit(16);
                let high = raw.get(i + 1).and_then(|b| hex(*b));
                let low = raw.get(i + 2).and_then(|b| hex(*b));
                match (high, low) {
                    (Some(h), Some(l)) => {
                        out.push(u8::try_from(h * 16 + l).unwrap_or(b'?'));
                        i += 2;
                    }
                    _ => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn answer(path: &str, field: &str) -> Response {
    if path.starts_with("/api/") {
        refusal(field).into_response()
    } else {
        let shown = if field.is_empty() { "表单" } else { field };
        (
            StatusCode::BAD_REQUEST,
            format!("“{shown}”含有不可见的控制字符（如 NUL），请删除后重新提交"),
        )
            .into_response()
    }
}

/// Middleware: a query parameter or a form field holding a control character is a 400 before
/// any route reads it. A form body is read here (within `limit` bytes) and passed on whole.
pub async fn refuse_control_characters(request: Request, next: Next) -> Response {
    let path = request.uri().path().to_string();
    if let Some(query) = request.uri().query()
        && let Some(field) = first_bad_pair(query.as_bytes())
    {
        return answer(&path, &field);
    }
    let is_form = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return next.run(request).await;
    }
    let (parts, body) = request.into_parts();
    let bytes = match axum::body::to_bytes(body, crate::framework::limit::MAX_BODY_BYTES).await {
        Ok(b) => b,
        Err(_) => {
            return ApiError::too_large(format!(
                "请求内容超过 {} KB 上限",
                crate::framework::limit::MAX_BODY_BYTES / 1024
            ))
            .into_response();
        }
    };
    if let Some(field) = first_bad_pair(&bytes) {
        return answer(&path, &field);
    }
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn which_characters_are_refused() {
        for c in ['\0', '\u{1}', '\u{1b}', '\u{7f}', '\u{85}', '\u{9f}'] {
            assert!(forbidden(c), "{:?}", c);
        }
        for c in ['\t', '\n', '\r', ' ', 'a', '中', '\u{a0}', '（'] {
            assert!(!forbidden(c), "{:?}", c);
        }
    }

    #[test]
    fn the_path_of_the_first_bad_string_is_named() {
        let v: Value = serde_json::json!({
            "violation": "bagged-cement",
            "party": {"name": "某公司\u{0}", "uscc": null},
            "officers": ["a", "b"]
        });
        assert_eq!(first_bad(&v).as_deref(), Some("party.name"));
        let v = serde_json::json!({"officers": ["a", "b\u{1}"]});
        assert_eq!(first_bad(&v).as_deref(), Some("officers[1]"));
        let v = serde_json::json!({"text": "第一行\n第二行\t制表"});
        assert_eq!(first_bad(&v), None);
        let v = serde_json::json!("\u{0}");
        assert_eq!(first_bad(&v).as_deref(), Some(""));
    }

    #[test]
    fn form_and_query_fields_are_decoded_before_the_check() {
        assert_eq!(
            first_bad_pair(b"username=li%00xiang&password=x").as_deref(),
            Some("username")
        );
        assert_eq!(
            first_bad_pair(b"q=%E6%95%A3%E8%A3%85+%E6%B0%B4%E6%B3%A5"),
            None
        );
        assert_eq!(
            first_bad_pair(b"text=a%0Ab%0D%0Ac%09d"),
            None,
            "line breaks and tabs pass"
        );
        assert_eq!(first_bad_pair(b"name=%7F"), Some("name".into()));
        assert_eq!(
            first_bad_pair(b"bad%"),
            None,
            "a stray % is left for the route to refuse"
        );
    }
}
