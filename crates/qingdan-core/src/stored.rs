//! Stored formats: the envelope every aggregate the database keeps as JSON is written in.
//!
//! A case, a complaint, an inspection task or a plan is stored as
//! `{"format": N, "body": {…the engine's value…}}`, and the same text is the `after` of the
//! audit event that wrote it. The format number says which shape `body` has, so the engine's
//! types can change: a new shape gets the next number and an upgrade step from the one before.
//! Reading takes any format up to the current one and upgrades it step by step; a format newer
//! than this build knows is refused (the database was written by a newer Qingdan), never
//! guessed at.
//!
//! Format 0 is what Qingdan wrote before formats were recorded: the engine's value itself, with
//! no envelope. It is read as it stands (upgraded by the aggregate's step from 0), so every row
//! and every audit payload written before stays readable; nothing is rewritten in place (the
//! audit chain hashes the old text).

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

/// One aggregate's stored format: its name for messages, the format this build writes, and
/// the upgrade from each older one.
#[derive(Debug, Clone, Copy)]
pub struct Format {
    /// What it is, in Chinese (`案件`), for messages.
    pub name: &'static str,
    /// The format this build writes and reads natively.
    pub current: u32,
    /// Brings a body of format `from` to `from + 1`; an `Err` says why it cannot.
    pub upgrade: fn(from: u32, body: Value) -> Result<Value, String>,
}

/// The upgrade of an aggregate whose body has not changed shape since format 0.
pub fn unchanged(_from: u32, body: Value) -> Result<Value, String> {
    Ok(body)
}

/// Why a stored value could not be written or read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FormatError {
    /// Written by a newer Qingdan.
    #[error("{name}的存储格式 {found} 比本程序支持的 {supported} 新，请升级程序后再读取")]
    TooNew {
        /// The aggregate.
        name: &'static str,
        /// The format found.
        found: u32,
        /// The newest this build knows.
        supported: u32,
    },
    /// An upgrade step failed.
    #[error("{name}的存储格式 {from} 无法升级：{reason}")]
    Upgrade {
        /// The aggregate.
        name: &'static str,
        /// The format it was at.
        from: u32,
        /// Why.
        reason: String,
    },
    /// Not JSON, or not the shape its format says.
    #[error("{name}的数据无法读取：{reason}")]
    Shape {
        /// The aggregate.
        name: &'static str,
        /// Why.
        reason: String,
    },
}

/// The text to store for `value` in the current format.
pub fn encode<T: Serialize>(format: &Format, value: &T) -> Result<String, FormatError> {
    let body = serde_json::to_value(value).map_err(|e| FormatError::Shape {
        name: format.name,
        reason: e.to_string(),
    })?;
    let mut envelope = Map::new();
    envelope.insert("format".into(), Value::from(format.current));
    envelope.insert("body".into(), body);
    Ok(Value::Object(envelope).to_string())
}

/// The format a stored text is in and its body (format 0: the whole text, no envelope).
pub fn open(format: &Format, data: &str) -> Result<(u32, Value), FormatError> {
    let value: Value = serde_json::from_str(data).map_err(|e| FormatError::Shape {
        name: format.name,
        reason: e.to_string(),
    })?;
    match value {
        Value::Object(mut map)
            if map.len() == 2 && map.contains_key("format") && map.contains_key("body") =>
        {
            let found = map
                .get("format")
                .and_then(Value::as_u64)
                .and_then(|n| u32::try_from(n).ok())
                .ok_or_else(|| FormatError::Shape {
                    name: format.name,
                    reason: "存储格式编号不是非负整数".into(),
                })?;
            let body = map.remove("body").unwrap_or(Value::Null);
            Ok((found, body))
        }
        other => Ok((0, other)),
    }
}

/// Reads a stored text of any format up to the current one.
pub fn decode<T: DeserializeOwned>(format: &Format, data: &str) -> Result<T, FormatError> {
    let (found, mut body) = open(format, data)?;
    if found > format.current {
        return Err(FormatError::TooNew {
            name: format.name,
            found,
            supported: format.current,
        });
    }
    for from in found..format.current {
        body = (format.upgrade)(from, body).map_err(|reason| FormatError::Upgrade {
            name: format.name,
            from,
            reason,
        })?;
    }
    serde_json::from_value(body).map_err(|e| FormatError::Shape {
        name: format.name,
        reason: e.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Thing {
        name: String,
        count: u32,
    }

    const V1: Format = Format {
        name: "测试",
        current: 1,
        upgrade: unchanged,
    };

    /// Format 2 renamed `count` to `total` (a shape change with its upgrade step).
    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Thing2 {
        name: String,
        total: u32,
    }

    fn rename(from: u32, mut body: Value) -> Result<Value, String> {
        match from {
            0 => Ok(body),
            1 => {
                let map = body.as_object_mut().ok_or("不是对象")?;
                let count = map.remove("count").ok_or("缺少 count")?;
                map.insert("total".into(), count);
                Ok(body)
            }
            _ => Err(format!("没有从格式 {from} 升级的步骤")),
        }
    }

    const V2: Format = Format {
        name: "测试",
        current: 2,
        upgrade: rename,
    };

    #[test]
    fn a_value_round_trips_in_its_envelope() {
        let t = Thing {
            name: "甲".into(),
            count: 3,
        };
        let text = encode(&V1, &t).unwrap_or_default();
        assert_eq!(
            serde_json::from_str::<Value>(&text).ok(),
            Some(serde_json::json!({"format": 1, "body": {"name": "甲", "count": 3}}))
        );
        assert_eq!(decode::<Thing>(&V1, &text), Ok(t));
    }

    #[test]
    fn format_zero_is_the_bare_value_written_before_envelopes() {
        let old = r#"{"name":"乙","count":7}"#;
        assert_eq!(open(&V1, old).map(|(f, _)| f), Ok(0));
        assert_eq!(
            decode::<Thing>(&V1, old),
            Ok(Thing {
                name: "乙".into(),
                count: 7
            })
        );
    }

    #[test]
    fn older_formats_are_upgraded_step_by_step() {
        let v0 = r#"{"name":"丙","count":1}"#;
        let v1 = r#"{"format":1,"body":{"name":"丙","count":1}}"#;
        let want = Thing2 {
            name: "丙".into(),
            total: 1,
        };
        assert_eq!(decode::<Thing2>(&V2, v0).as_ref(), Ok(&want));
        assert_eq!(decode::<Thing2>(&V2, v1).as_ref(), Ok(&want));
    }

    #[test]
    fn a_newer_format_is_refused_not_guessed() {
        let v3 = r#"{"format":3,"body":{"name":"丁","total":1}}"#;
        assert_eq!(
            decode::<Thing2>(&V2, v3),
            Err(FormatError::TooNew {
                name: "测试",
                found: 3,
                supported: 2
            })
        );
        let msg = decode::<Thing2>(&V2, v3)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(msg.contains("请升级程序"), "{msg}");
    }

    #[test]
    fn a_broken_text_says_what_it_is() {
        let e = decode::<Thing>(&V1, "{").err().map(|e| e.to_string());
        assert!(e.is_some_and(|m| m.starts_with("测试的数据无法读取")));
        let bad = r#"{"format":-1,"body":{}}"#;
        assert!(matches!(
            decode::<Thing>(&V1, bad),
            Err(FormatError::Shape { .. })
        ));
    }

    #[test]
    fn a_body_that_happens_to_have_format_and_more_fields_is_format_zero() {
        // Only an object of exactly `format` and `body` is an envelope.
        let v = r#"{"format":1,"body":2,"other":3}"#;
        assert_eq!(open(&V1, v).map(|(f, _)| f), Ok(0));
    }
}
