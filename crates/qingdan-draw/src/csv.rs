//! Reading a candidate list from the first column of a CSV text.

use std::borrow::Cow;

use crate::DrawError;
use crate::ids::{Keyed, escape_controls, first_duplicate, sort_keyed};

/// Header cells that make the first non-blank row a header (skipped). `id` and `uscc` are
/// compared ignoring ASCII case.
pub const HEADER_NAMES: [&str; 5] = ["编号", "id", "统一社会信用代码", "uscc", "名称"];

fn is_header(cell: &str) -> bool {
    HEADER_NAMES.iter().any(|h| {
        if h.is_ascii() {
            cell.eq_ignore_ascii_case(h)
        } else {
            cell == *h
        }
    })
}

/// Reads the ids in the first column of a CSV text, in file order.
///
/// - A UTF-8 byte order mark at the start is ignored. (Text in GBK must be converted to UTF-8
///   by the caller.)
/// - Fields are separated by commas (`,`) and rows end with LF or CRLF, as RFC 4180 says.
///   A field may be quoted with `"`; inside quotes, `""` is a quote and commas and line
///   breaks are content. Spaces and tabs around a quoted field are ignored; a quote inside
///   an unquoted field is an ordinary character.
/// - Every column is parsed (a later quoted column may hold commas or line breaks), but
///   only the first is kept, trimmed of Unicode white space like every id.
/// - A row whose cells are all blank (an empty line, or `,,,` as spreadsheets export empty
///   rows) is skipped.
/// - The first non-blank row is a header, and skipped, exactly when its first cell is one of
///   [`HEADER_NAMES`] (编号, id, 统一社会信用代码, uscc, 名称; `id` and `uscc` in any ASCII
///   case). Otherwise it is data.
///
/// # Errors
/// Naming the (1-based, physical) line: [`DrawError::CsvUnclosedQuote`],
/// [`DrawError::CsvTextAfterQuote`], [`DrawError::CsvEmptyId`] (a non-blank row with an
/// empty first cell), [`DrawError::CsvControlCharacter`] (e.g. a line break inside a quoted
/// id, or a tab-separated file), [`DrawError::CsvDuplicateId`] (naming both lines; the first
/// repetition in file order is reported), and [`DrawError::NoCandidates`] when no id is left.
pub fn read_candidates_csv(text: &str) -> Result<Vec<String>, DrawError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let b = text.as_bytes();
    let len = b.len();
    let is_space = |c: u8| c == b' ' || c == b'\t';
    let mut pos = 0;
    let mut line = 1;
    // At most one row per line.
    let lines = b.iter().filter(|&&c| c == b'\n').count() + 1;
    let mut ids: Vec<String> = Vec::with_capacity(lines);
    let mut id_lines: Vec<usize> = Vec::with_capacity(lines);
    let mut seen_row = false;

    while pos < len {
        let row_line = line;
        let mut first: Option<Cow<'_, str>> = None;
        let mut blank = true;
        loop {
            // One field, starting at `pos`. Only ASCII bytes are looked for, so every slice
            // boundary is a character boundary.
            let mut p = pos;
            while p < len && is_space(b[p]) {
                p += 1;
            }
            let value: Cow<'_, str> = if p < len && b[p] == b'"' {
                let quote_line = line;
                p += 1;
                let mut s = String::new();
                loop {
                    let Some(q) = b[p..].iter().position(|&c| c == b'"').map(|q| p + q) else {
                        return Err(DrawError::CsvUnclosedQuote { line: quote_line });
                    };
                    s.push_str(&text[p..q]);
                    line += b[p..q].iter().filter(|&&c| c == b'\n').count();
                    if q + 1 < len && b[q + 1] == b'"' {
                        s.push('"');
                        p = q + 2;
                    } else {
                        p = q + 1;
                        break;
                    }
                }
                while p < len && is_space(b[p]) {
                    p += 1;
                }
                let ends = p == len
                    || b[p] == b','
                    || b[p] == b'\n'
                    || (b[p] == b'\r' && p + 1 < len && b[p + 1] == b'\n');
                if !ends {
                    return Err(DrawError::CsvTextAfterQuote { line });
                }
                Cow::Owned(s)
            } else {
                let start = pos;
                let q = b[pos..]
                    .iter()
                    .position(|&c| c == b',' || c == b'\n')
                    .map_or(len, |q| pos + q);
                let mut end = q;
                if q < len && b[q] == b'\n' && end > start && b[end - 1] == b'\r' {
                    end -= 1;
                }
                p = q;
                Cow::Borrowed(&text[start..end])
            };
            if !value.trim().is_empty() {
                blank = false;
            }
            if first.is_none() {
                first = Some(value);
            }
            if p < len && b[p] == b',' {
                pos = p + 1;
                continue;
            }
            if p < len && b[p] == b'\r' {
                p += 1;
            }
            if p < len && b[p] == b'\n' {
                p += 1;
                line += 1;
            }
            pos = p;
            break;
        }

        if blank {
            continue;
        }
        let cell = first.as_deref().unwrap_or("").trim();
        if cell.is_empty() {
            return Err(DrawError::CsvEmptyId { line: row_line });
        }
        if !seen_row {
            seen_row = true;
            if is_header(cell) {
                continue;
            }
        }
        if cell.chars().any(char::is_control) {
            return Err(DrawError::CsvControlCharacter {
                line: row_line,
                id: escape_controls(cell),
            });
        }
        ids.push(cell.to_string());
        id_lines.push(row_line);
    }

    if ids.is_empty() {
        return Err(DrawError::NoCandidates);
    }
    let mut keyed: Vec<Keyed<'_>> = ids
        .iter()
        .enumerate()
        .map(|(i, id)| Keyed::new(id, i))
        .collect();
    sort_keyed(&mut keyed);
    if let Some((first, repeat)) = first_duplicate(&keyed) {
        return Err(DrawError::CsvDuplicateId {
            line: id_lines[repeat],
            first: id_lines[first],
            id: ids[repeat].clone(),
        });
    }
    drop(keyed);
    Ok(ids)
}
