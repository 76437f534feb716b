//! A CSV reader after RFC 4180, lenient where Excel is: records end at CRLF, LF or a lone CR;
//! a field that starts with `"` is quoted (`""` inside is one quote, and it may hold delimiters
//! and line breaks); a quote elsewhere is an ordinary character. Fields borrow from the text
//! unless they hold an escaped quote.
//!
//! Row numbers are records, as Excel numbers rows when it opens the file (a quoted line break
//! does not start a new row).

use crate::cell::Cell;
use std::borrow::Cow;

/// The delimiter: a comma, or a tab when the first line has tabs and no commas (Excel's
/// “文本文件（制表符分隔）”).
pub(crate) fn delimiter(text: &str) -> u8 {
    let first = text.split('\n').next().unwrap_or_default();
    if !first.contains(',') && first.contains('\t') {
        b'\t'
    } else {
        b','
    }
}

/// The number of records the reader will return, counted by the same rules without building
/// fields (for the progress total).
pub(crate) fn count_records(text: &str, delim: u8) -> usize {
    let b = text.as_bytes();
    let mut records = 0;
    let mut i = 0;
    let mut field_start = true;
    let mut in_quotes = false;
    let mut open = false;
    while let Some(&c) = b.get(i) {
        i += 1;
        if in_quotes {
            if c == b'"' {
                if b.get(i) == Some(&b'"') {
                    i += 1;
                } else {
                    in_quotes = false;
                }
            }
            continue;
        }
        open = true;
        match c {
            b'"' if field_start => {
                in_quotes = true;
                field_start = false;
            }
            b'\r' | b'\n' => {
                if c == b'\r' && b.get(i) == Some(&b'\n') {
                    i += 1;
                }
                records += 1;
                open = false;
                field_start = true;
            }
            c if c == delim => field_start = true,
            _ => field_start = false,
        }
    }
    records + usize::from(open || in_quotes)
}

/// Reads records one by one into a reused vector of cells.
pub(crate) struct Reader<'a> {
    text: &'a str,
    delim: u8,
    pos: usize,
    record: usize,
}

/// Where an unquoted run ends: the next delimiter, CR or LF, or the end.
fn run_end(b: &[u8], from: usize, delim: u8) -> usize {
    b.get(from..)
        .and_then(|rest| {
            rest.iter()
                .position(|&c| c == delim || c == b'\r' || c == b'\n')
        })
        .map_or(b.len(), |p| from + p)
}

impl<'a> Reader<'a> {
    pub(crate) fn new(text: &'a str, delim: u8) -> Reader<'a> {
        Reader {
            text,
            delim,
            pos: 0,
            record: 0,
        }
    }

    /// `text[a..b]`; the bounds are always at ASCII bytes, so on character boundaries.
    fn slice(&self, a: usize, b: usize) -> &'a str {
        self.text.get(a..b).unwrap_or_default()
    }

    /// The next record: its 1-based number, and a structural problem if it has one. `None` at
    /// the end of the text.
    pub(crate) fn next_record(
        &mut self,
        cells: &mut Vec<Cell<'a>>,
    ) -> Option<(usize, Option<String>)> {
        let b = self.text.as_bytes();
        if self.pos >= b.len() {
            return None;
        }
        cells.clear();
        self.record += 1;
        let mut problem = None;
        loop {
            let start = self.pos;
            if b.get(start) == Some(&b'"') {
                let mut owned: Option<String> = None;
                let mut seg = start + 1;
                let closing = loop {
                    let found = b
                        .get(seg..)
                        .and_then(|rest| rest.iter().position(|&c| c == b'"'));
                    match found {
                        None => break None,
                        Some(p) if b.get(seg + p + 1) == Some(&b'"') => {
                            // `""`: keep one quote and go on.
                            owned
                                .get_or_insert_with(String::new)
                                .push_str(self.slice(seg, seg + p + 1));
                            seg += p + 2;
                        }
                        Some(p) => break Some(seg + p),
                    }
                };
                let Some(close) = closing else {
                    let rest = self.slice(seg, b.len());
                    let value = match owned {
                        Some(mut s) => {
                            s.push_str(rest);
                            Cow::Owned(s)
                        }
                        None => Cow::Borrowed(rest),
                    };
                    cells.push(Cell::Text(value));
                    self.pos = b.len();
                    return Some((
                        self.record,
                        Some(format!(
                            "第{}列的引号没有闭合，从本行起到文件末尾都被读成了这一个单元格",
                            cells.len()
                        )),
                    ));
                };
                let inner = self.slice(seg, close);
                let mut value = match owned {
                    Some(mut s) => {
                        s.push_str(inner);
                        Cow::Owned(s)
                    }
                    None => Cow::Borrowed(inner),
                };
                self.pos = close + 1;
                let end = run_end(b, self.pos, self.delim);
                if end > self.pos {
                    // Text after the closing quote: keep it, but say so.
                    problem.get_or_insert_with(|| {
                        format!("第{}列的引号之后还有字符", cells.len() + 1)
                    });
                    value.to_mut().push_str(self.slice(self.pos, end));
                    self.pos = end;
                }
                cells.push(Cell::Text(value));
            } else {
                let end = run_end(b, start, self.delim);
                cells.push(Cell::Text(Cow::Borrowed(self.slice(start, end))));
                self.pos = end;
            }
            match b.get(self.pos) {
                Some(&c) if c == self.delim => self.pos += 1,
                Some(b'\r') => {
                    self.pos += 1;
                    if b.get(self.pos) == Some(&b'\n') {
                        self.pos += 1;
                    }
                    break;
                }
                Some(b'\n') => {
                    self.pos += 1;
                    break;
                }
                _ => break,
            }
        }
        Some((self.record, problem))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Vec<(usize, Vec<String>, Option<String>)> {
        let mut r = Reader::new(text, delimiter(text));
        let mut cells = Vec::new();
        let mut out = Vec::new();
        while let Some((n, p)) = r.next_record(&mut cells) {
            out.push((n, cells.iter().map(|c| c.to_string()).collect(), p));
        }
        assert_eq!(count_records(text, delimiter(text)), out.len(), "{text:?}");
        out
    }

    #[test]
    fn rfc4180_and_excel() {
        let rows = read("a,b,c\r\n\"x,1\",\"say \"\"hi\"\"\",\"two\r\nlines\"\r\n,,\n\nlast");
        assert_eq!(rows[0].1, ["a", "b", "c"]);
        assert_eq!(rows[1].1, ["x,1", "say \"hi\"", "two\r\nlines"]);
        assert_eq!(rows[2].1, ["", "", ""]);
        assert_eq!(rows[3].1, [""]);
        assert_eq!(rows[4], (5, vec!["last".to_owned()], None));
        assert_eq!(read("a\rb\r").len(), 2);
        assert_eq!(read("a\tb\n1\t2\n")[1].1, ["1", "2"]);
        assert_eq!(read("a,b,\n")[0].1, ["a", "b", ""]);
    }

    #[test]
    fn structural_problems() {
        let rows = read("a,\"b\"c,d\n\"open,\nnext");
        assert_eq!(rows[0].1, ["a", "bc", "d"]);
        assert!(rows[0].2.as_deref().is_some_and(|p| p.contains("第2列")));
        assert_eq!(rows[1].1, ["open,\nnext"]);
        assert!(rows[1].2.as_deref().is_some_and(|p| p.contains("没有闭合")));
        assert_eq!(read("x\"y,\"\"\n").len(), 1);
    }
}
