//! The first worksheet of an .xlsx workbook, streamed row by row with calamine's cell reader
//! (the sheet is never held whole; shared strings are borrowed).

use crate::cell::Cell;
use crate::decode::OLD_XLS;
use calamine::{DataRef, Reader, Xlsx};
use std::borrow::Cow;
use std::io::Cursor;

/// Excel's widest sheet: columns A to XFD.
const MAX_COLUMNS: u32 = 16_384;

/// A sink for rows: the 1-based row number, its cells (index = column), and a problem.
pub(crate) trait Rows {
    /// The number of the last row, when the sheet declares it.
    fn last_row(&mut self, last: Option<usize>);
    /// One row; returns `false` to stop reading.
    fn row(&mut self, number: usize, cells: &[Cell<'_>], problem: Option<String>) -> bool;
}

fn convert<'a>(value: DataRef<'a>) -> Cell<'a> {
    match value {
        DataRef::Empty => Cell::Empty,
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => {
            Cell::Text(Cow::Owned(s))
        }
        DataRef::SharedString(s) => Cell::Text(Cow::Borrowed(s)),
        DataRef::Int(i) => Cell::Int(i),
        DataRef::Float(f) => Cell::Float(f),
        DataRef::Bool(b) => Cell::Bool(b),
        DataRef::DateTime(dt) if dt.is_duration() => Cell::Duration(dt.as_f64()),
        DataRef::DateTime(dt) => {
            let (y, m, d, h, min, s, ms) = dt.to_ymd_hms_milli();
            Cell::Date(y, m, d, (h, min, s, ms) != (0, 0, 0, 0))
        }
        DataRef::Error(e) => Cell::Error(e.to_string()),
    }
}

/// Reads the first sheet into `rows`. The error says why reading stopped (before the first row
/// if `rows` has seen none); the caller knows which row that was.
pub(crate) fn read(bytes: &[u8], rows: &mut dyn Rows) -> Result<(), String> {
    if bytes.is_empty() {
        return Err("文件为空".to_owned());
    }
    if bytes.starts_with(b"\xD0\xCF\x11\xE0") {
        return Err(OLD_XLS.to_owned());
    }
    if !bytes.starts_with(b"PK") {
        return Err(
            "不是 Excel 工作簿（.xlsx）：文件不是 ZIP 格式；CSV 文件请按 CSV 格式导入".to_owned(),
        );
    }
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes))
        .map_err(|e| format!("无法打开 Excel 工作簿（.xlsx）：{e}"))?;
    let Some(first) = book.sheet_names().first().cloned() else {
        return Err("工作簿中没有工作表".to_owned());
    };
    let mut reader = book
        .worksheet_cells_reader(&first)
        .map_err(|e| format!("无法读取工作表“{first}”：{e}"))?;
    let dims = reader.dimensions();
    rows.last_row((dims.end != (0, 0)).then(|| dims.end.0 as usize + 1));

    let mut cells: Vec<Cell<'_>> = Vec::new();
    let mut current: Option<u32> = None;
    let mut problem: Option<String> = None;
    loop {
        let next = reader
            .next_cell()
            .map_err(|e| format!("工作表已损坏：{e}"))?;
        let Some(cell) = next else { break };
        let (r, c) = cell.get_position();
        if let Some(prev) = current
            && r < prev
        {
            // The row being built is complete: a later one has started.
            rows.row(prev as usize + 1, &cells, problem.take());
            return Err(format!(
                "工作表的行顺序错乱（第{}行出现在第{}行之后），文件可能已损坏",
                r as usize + 1,
                prev as usize + 1
            ));
        }
        if current != Some(r) {
            if let Some(prev) = current
                && !rows.row(prev as usize + 1, &cells, problem.take())
            {
                return Ok(());
            }
            current = Some(r);
            cells.clear();
        }
        if c >= MAX_COLUMNS {
            problem.get_or_insert_with(|| "有超出 Excel 范围的列".to_owned());
            continue;
        }
        let c = c as usize;
        if cells.len() <= c {
            cells.resize(c + 1, Cell::Empty);
        }
        if let Some(slot) = cells.get_mut(c) {
            *slot = convert(cell.get_value().clone());
        }
    }
    if let Some(prev) = current {
        rows.row(prev as usize + 1, &cells, problem.take());
    }
    Ok(())
}
