//! The catalog as an Excel workbook (`.xlsx`), written with `rust_xlsxwriter`.

use qingdan_core::{Catalog, PartKind};
use rust_xlsxwriter::{
    Color, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet,
    XlsxError,
};

use crate::ExportError;

/// The workbook's sheets, in order.
pub const SHEET_NAMES: [&str; 5] = ["部门职责", "职责边界", "监管制度", "公共服务", "说明"];

/// The media type of the bytes [`catalog_xlsx`] returns, for an HTTP `Content-Type`.
pub const XLSX_CONTENT_TYPE: &str =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// Excel's longest cell text, in UTF-16 code units.
const MAX_CELL_LEN: usize = 32_767;
/// Excel's row count.
const MAX_ROWS: u32 = 1_048_576;
/// Excel's tallest row, in points.
const MAX_ROW_HEIGHT: f64 = 409.0;
/// The height given to one line of wrapped 11-point text, in points: Excel's default row is
/// 15 (Calibri) or 14.25 (等线, 宋体), and CJK fonts elsewhere run taller, so a little over.
const LINE_HEIGHT: f64 = 16.0;
/// Space above and below a row's text, in points.
const ROW_PADDING: f64 = 2.0;
/// Paper size code for A4 in Excel's page setup.
const PAPER_A4: u8 = 9;

/// One column of a sheet: its header and width in Excel's units (about one Latin character,
/// half a Chinese one).
struct Column {
    title: &'static str,
    width: u16,
    /// Short marks (序号, 节) are centred; prose is left-aligned.
    centred: bool,
}

const fn col(title: &'static str, width: u16) -> Column {
    Column {
        title,
        width,
        centred: false,
    }
}

const fn mark(title: &'static str, width: u16) -> Column {
    Column {
        title,
        width,
        centred: true,
    }
}

const DUTY_COLUMNS: &[Column] = &[
    mark("职责序号", 10),
    col("主要职责", 48),
    mark("事项序号", 10),
    col("具体工作事项", 48),
    col("备注", 18),
    col("承办机构", 22),
];

const BOUNDARY_COLUMNS: &[Column] = &[
    mark("序号", 6),
    col("管理事项", 20),
    col("相关部门", 14),
    col("职责分工", 44),
    col("相关依据", 50),
    col("案例", 44),
];

const SYSTEM_COLUMNS: &[Column] = &[
    mark("制度", 10),
    col("制度名称", 30),
    mark("节", 8),
    col("节标题", 22),
    col("内容", 90),
];

const SERVICE_COLUMNS: &[Column] = &[
    mark("序号", 6),
    col("服务事项", 26),
    col("主要工作内容", 56),
    col("承办机构", 22),
    col("联系电话", 16),
];

const ABOUT_COLUMNS: &[Column] = &[col("项目", 24), col("内容", 80)];

/// The cell formats every sheet shares.
struct Formats {
    header: Format,
    text: Format,
    centred: Format,
}

impl Formats {
    fn new() -> Formats {
        let border = Format::new().set_border(FormatBorder::Thin).set_text_wrap();
        Formats {
            header: border
                .clone()
                .set_bold()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_background_color(Color::RGB(0x00D9_E1F2)),
            text: border
                .clone()
                .set_align(FormatAlign::Left)
                .set_align(FormatAlign::Top),
            centred: border
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::Top),
        }
    }
}

fn workbook_error(e: XlsxError) -> ExportError {
    ExportError::Workbook(e.to_string())
}

/// The catalog as an Excel workbook, returned as the bytes of an `.xlsx` file.
///
/// Five sheets, named as in [`SHEET_NAMES`]. Each has a bold header row that stays in view
/// when scrolling (and repeats on every printed page), fixed column widths with wrapped text
/// and rows tall enough for it (estimated here, since not every spreadsheet program sizes
/// rows itself), A4 landscape printing one page wide, and, except `说明`, an autofilter on
/// the header:
///
/// 1. `部门职责`: 职责序号, 主要职责, 事项序号 (`6.4`), 具体工作事项, 备注, 承办机构; one row per
///    work item. The duty's number and text are **repeated on every row** of its items rather
///    than merged: officials filter this sheet (by 承办机构 above all, to see what one office
///    carries) and sort it, and with merged cells a filtered row would show a blank duty and
///    Excel refuses to sort a range holding merged cells. 事项序号 is text, because as a number
///    `6.10` would read as `6.1`. 承办机构 is [`qingdan_core::Duty::item_offices`]: the office a
///    备注 names, for its row and the blank rows below it, else the bureau.
/// 2. `职责边界`: 序号, 管理事项, 相关部门, 职责分工, 相关依据, 案例; one row per department. The
///    boundary's 序号, 管理事项, 相关依据 and 案例 are merged vertically over its departments'
///    rows, as in the published table; the value is in the first row of the merge (where
///    Excel and every reader look for it), the rows below are blank; the rows are made tall
///    enough together to show the longest merged text.
/// 3. `监管制度`: 制度 (`三(五)`), 制度名称, 节 (`一`), 节标题, 内容; one row per section. A
///    system's introductory text, when it has one, is a row of its own with 节 `引言` before
///    its sections; so is the text before the first system (制度 `三`).
/// 4. `公共服务`: 序号, 服务事项, 主要工作内容, 承办机构, 联系电话 (text, as published).
/// 5. `说明`: the list's title and bureau, how many of each thing it holds, what each sheet
///    holds, and that Qingdan exported it.
///
/// Nothing of the catalog is dropped: a duty without items, a boundary without departments and
/// a system without sections each still get a row.
///
/// The bytes depend on the catalog alone: two exports of the same catalog are identical. The
/// workbook holds no export time; its document properties carry the list's title, the bureau
/// as company and a fixed creation date, 1980-01-01 00:00 UTC, the same epoch the zip entries
/// inside carry. Whoever needs to record when a file was exported records it outside the
/// file (a download's name, a log); an exported file tells what the list said, not when.
///
/// # Errors
///
/// [`ExportError::CellTooLong`] if a text exceeds Excel's 32,767 characters per cell,
/// [`ExportError::TooManyRows`] if a sheet exceeds Excel's rows, and
/// [`ExportError::Workbook`] if the writer fails otherwise.
pub fn catalog_xlsx(c: &Catalog) -> Result<Vec<u8>, ExportError> {
    let mut workbook = Workbook::new();
    let formats = Formats::new();

    let created = ExcelDateTime::from_ymd(1980, 1, 1).map_err(workbook_error)?;
    let properties = DocProperties::new()
        .set_title(c.title.as_str())
        .set_subject("责任清单")
        .set_company(c.bureau.as_str())
        .set_author("Qingdan")
        .set_comment("由 Qingdan 导出")
        .set_creation_datetime(&created);
    workbook.set_properties(&properties);

    duties_sheet(&mut workbook, &formats, c)?;
    boundaries_sheet(&mut workbook, &formats, c)?;
    systems_sheet(&mut workbook, &formats, c)?;
    services_sheet(&mut workbook, &formats, c)?;
    about_sheet(&mut workbook, &formats, c)?;

    workbook.save_to_buffer().map_err(workbook_error)
}

/// A sheet being written: rows are appended one after another below the header.
struct Sheet<'a> {
    ws: &'a mut Worksheet,
    name: &'static str,
    columns: &'static [Column],
    formats: &'a Formats,
    /// The next row to write (0 is the header).
    next: u32,
    /// For each row written, the most lines any of its own (unmerged) cells takes.
    lines: Vec<usize>,
    /// Merged cells: first row, last row and the lines the text takes.
    merges: Vec<(u32, u32, usize)>,
}

impl<'a> Sheet<'a> {
    /// Adds the sheet with its header row, widths, frozen header and page setup.
    fn new(
        workbook: &'a mut Workbook,
        formats: &'a Formats,
        name: &'static str,
        columns: &'static [Column],
    ) -> Result<Sheet<'a>, ExportError> {
        let ws = workbook.add_worksheet();
        ws.set_name(name).map_err(workbook_error)?;
        for (i, column) in (0u16..).zip(columns) {
            ws.set_column_width(i, column.width)
                .map_err(workbook_error)?;
            ws.write_string_with_format(0, i, column.title, &formats.header)
                .map_err(workbook_error)?;
        }
        ws.set_freeze_panes(1, 0).map_err(workbook_error)?;
        ws.set_repeat_rows(0, 0).map_err(workbook_error)?;
        ws.set_landscape();
        ws.set_paper_size(PAPER_A4);
        ws.set_print_fit_to_pages(1, 0);
        Ok(Sheet {
            ws,
            name,
            columns,
            formats,
            next: 1,
            lines: vec![1],
            merges: Vec::new(),
        })
    }

    /// Takes the next row.
    fn row(&mut self) -> Result<u32, ExportError> {
        let row = self.next;
        if row >= MAX_ROWS {
            return Err(ExportError::TooManyRows { sheet: self.name });
        }
        self.next += 1;
        self.lines.push(1);
        Ok(row)
    }

    fn format(&self, col: u16) -> &'a Format {
        let formats: &'a Formats = self.formats;
        match self.columns.get(usize::from(col)) {
            Some(c) if c.centred => &formats.centred,
            _ => &formats.text,
        }
    }

    fn check_len(&self, row: u32, col: u16, text: &str) -> Result<(), ExportError> {
        let len = text.encode_utf16().count();
        if len > MAX_CELL_LEN {
            return Err(ExportError::CellTooLong {
                sheet: self.name,
                row: row + 1,
                column: self.columns.get(usize::from(col)).map_or("", |c| c.title),
                len,
            });
        }
        Ok(())
    }

    fn text(&mut self, row: u32, col: u16, text: &str) -> Result<(), ExportError> {
        self.check_len(row, col, text)?;
        let lines = self.wrapped(col, text);
        if let Some(most) = usize::try_from(row)
            .ok()
            .and_then(|r| self.lines.get_mut(r))
        {
            *most = (*most).max(lines);
        }
        let format = self.format(col);
        self.ws
            .write_string_with_format(row, col, text, format)
            .map_err(workbook_error)?;
        Ok(())
    }

    fn number(&mut self, row: u32, col: u16, n: u32) -> Result<(), ExportError> {
        let format = self.format(col);
        self.ws
            .write_number_with_format(row, col, n, format)
            .map_err(workbook_error)?;
        Ok(())
    }

    /// Text merged over rows `first..=last` of one column; the value sits in the first row.
    fn merged_text(
        &mut self,
        first: u32,
        last: u32,
        col: u16,
        text: &str,
    ) -> Result<(), ExportError> {
        if first == last {
            return self.text(first, col, text);
        }
        self.check_len(first, col, text)?;
        let lines = self.wrapped(col, text);
        self.merges.push((first, last, lines));
        let format = self.format(col);
        self.ws
            .merge_range(first, col, last, col, text, format)
            .map_err(workbook_error)?;
        Ok(())
    }

    /// A number merged over rows `first..=last` of one column; the value sits in the first row.
    fn merged_number(
        &mut self,
        first: u32,
        last: u32,
        col: u16,
        n: u32,
    ) -> Result<(), ExportError> {
        if first != last {
            let format = self.format(col);
            self.ws
                .merge_range(first, col, last, col, "", format)
                .map_err(workbook_error)?;
        }
        self.number(first, col, n)
    }

    /// How many lines `text` takes wrapped in column `col`, estimated.
    fn wrapped(&self, col: u16, text: &str) -> usize {
        let width = self
            .columns
            .get(usize::from(col))
            .map_or(8.43, |c| f64::from(c.width));
        wrapped_lines(text, width)
    }

    /// Gives every data row its height and turns on the autofilter over the header and every
    /// written row.
    ///
    /// Heights are set, not left to the application: Excel grows rows to wrapped text when it
    /// opens a file, but not for merged cells, and LibreOffice does not do it at all. A row is
    /// as tall as the most lines among its own cells; where merged text needs more lines than
    /// the rows it spans, the extra lines are shared out evenly among them.
    fn finish(mut self, filter: bool) -> Result<(), ExportError> {
        for &(first, last, merged) in &self.merges {
            let rows = self
                .lines
                .get_mut(first as usize..=last as usize)
                .unwrap_or_default();
            let own: usize = rows.iter().sum();
            if merged > own && !rows.is_empty() {
                let extra = merged - own;
                let (each, rest) = (extra / rows.len(), extra % rows.len());
                for (i, lines) in rows.iter_mut().enumerate() {
                    *lines += each + usize::from(i < rest);
                }
            }
        }
        for (row, &lines) in (0u32..).zip(&self.lines).skip(1) {
            let height = (lines as f64 * LINE_HEIGHT + ROW_PADDING).min(MAX_ROW_HEIGHT);
            self.ws
                .set_row_height(row, height)
                .map_err(workbook_error)?;
        }
        if filter {
            let last_col = u16::try_from(self.columns.len().saturating_sub(1)).unwrap_or(0);
            self.ws
                .autofilter(0, 0, self.next - 1, last_col)
                .map_err(workbook_error)?;
        }
        Ok(())
    }
}

/// An estimate of the lines `text` wraps to in a column `width` units wide: a Chinese
/// character is about two units, a Latin one about one; each `\n` starts a line. It errs tall.
fn wrapped_lines(text: &str, width: f64) -> usize {
    let usable = (width - 1.0).max(1.0);
    text.split('\n')
        .map(|paragraph| {
            let units: f64 = paragraph
                .chars()
                .map(|c| if c.is_ascii() { 1.1 } else { 2.2 })
                .sum();
            // Never more lines than characters; the float is small and non-negative.
            ((units / usable).ceil() as usize).max(1)
        })
        .sum()
}

fn duties_sheet(wb: &mut Workbook, f: &Formats, c: &Catalog) -> Result<(), ExportError> {
    let mut sheet = Sheet::new(wb, f, SHEET_NAMES[0], DUTY_COLUMNS)?;
    for duty in &c.duties {
        if duty.items.is_empty() {
            let r = sheet.row()?;
            sheet.number(r, 0, duty.no)?;
            sheet.text(r, 1, &duty.text)?;
            for col in 2..6 {
                sheet.text(r, col, "")?;
            }
            continue;
        }
        for (item, office) in duty.items.iter().zip(duty.item_offices(&c.bureau)) {
            let r = sheet.row()?;
            sheet.number(r, 0, duty.no)?;
            sheet.text(r, 1, &duty.text)?;
            sheet.text(r, 2, &format!("{}.{}", duty.no, item.no))?;
            sheet.text(r, 3, &item.text)?;
            sheet.text(r, 4, &item.note)?;
            sheet.text(r, 5, office)?;
        }
    }
    sheet.finish(true)
}

fn boundaries_sheet(wb: &mut Workbook, f: &Formats, c: &Catalog) -> Result<(), ExportError> {
    let mut sheet = Sheet::new(wb, f, SHEET_NAMES[1], BOUNDARY_COLUMNS)?;
    for b in &c.boundaries {
        let parties: Vec<(&str, &str)> = if b.parties.is_empty() {
            vec![("", "")]
        } else {
            b.parties
                .iter()
                .map(|p| (p.department.as_str(), p.division.as_str()))
                .collect()
        };
        let first = sheet.next;
        for (department, division) in parties {
            let r = sheet.row()?;
            sheet.text(r, 2, department)?;
            sheet.text(r, 3, division)?;
        }
        let last = sheet.next - 1;
        sheet.merged_number(first, last, 0, b.no)?;
        sheet.merged_text(first, last, 1, &b.matter)?;
        sheet.merged_text(first, last, 4, &b.basis)?;
        sheet.merged_text(first, last, 5, &b.example)?;
    }
    sheet.finish(true)
}

fn systems_sheet(wb: &mut Workbook, f: &Formats, c: &Catalog) -> Result<(), ExportError> {
    let mut sheet = Sheet::new(wb, f, SHEET_NAMES[2], SYSTEM_COLUMNS)?;
    if !c.systems_intro.is_empty() {
        let part = c.part(PartKind::Systems);
        let r = sheet.row()?;
        sheet.text(r, 0, part.map_or("三", |p| p.numeral.as_str()))?;
        sheet.text(
            r,
            1,
            part.map_or(PartKind::Systems.label(), |p| p.title.as_str()),
        )?;
        sheet.text(r, 2, "引言")?;
        sheet.text(r, 3, "")?;
        sheet.text(r, 4, &c.systems_intro)?;
    }
    for system in &c.systems {
        let system_mark = system.mark();
        let mut rows: Vec<(&str, &str, &str)> = Vec::with_capacity(system.sections.len() + 1);
        if !system.intro.is_empty() {
            rows.push(("引言", "", &system.intro));
        }
        rows.extend(
            system
                .sections
                .iter()
                .map(|s| (s.numeral.as_str(), s.title.as_str(), s.text.as_str())),
        );
        if rows.is_empty() {
            rows.push(("", "", ""));
        }
        for (numeral, title, text) in rows {
            let r = sheet.row()?;
            sheet.text(r, 0, &system_mark)?;
            sheet.text(r, 1, &system.title)?;
            sheet.text(r, 2, numeral)?;
            sheet.text(r, 3, title)?;
            sheet.text(r, 4, text)?;
        }
    }
    sheet.finish(true)
}

fn services_sheet(wb: &mut Workbook, f: &Formats, c: &Catalog) -> Result<(), ExportError> {
    let mut sheet = Sheet::new(wb, f, SHEET_NAMES[3], SERVICE_COLUMNS)?;
    for s in &c.services {
        let r = sheet.row()?;
        sheet.number(r, 0, s.no)?;
        sheet.text(r, 1, &s.name)?;
        sheet.text(r, 2, &s.content)?;
        sheet.text(r, 3, &s.office)?;
        sheet.text(r, 4, &s.phone)?;
    }
    sheet.finish(true)
}

fn about_sheet(wb: &mut Workbook, f: &Formats, c: &Catalog) -> Result<(), ExportError> {
    let mut sheet = Sheet::new(wb, f, SHEET_NAMES[4], ABOUT_COLUMNS)?;
    let counts = c.counts();
    let parties: usize = c.boundaries.iter().map(|b| b.parties.len()).sum();
    let sections: usize = c.systems.iter().map(|s| s.sections.len()).sum();

    let mut rows: Vec<(&str, String)> = vec![
        ("清单名称", c.title.clone()),
        ("部门", c.bureau.clone()),
        ("主要职责", format!("{} 项", counts.duties)),
        ("具体工作事项", format!("{} 项", counts.items)),
        ("职责边界", format!("{} 项管理事项", counts.boundaries)),
        ("边界部门分工", format!("{parties} 条")),
        ("监管制度", format!("{} 项", counts.systems)),
        ("监管制度章节", format!("{sections} 节")),
        ("公共服务事项", format!("{} 项", counts.services)),
    ];
    rows.extend([
        (
            "工作表「部门职责」",
            "每个具体工作事项一行，所属主要职责在每行重复，便于按承办机构筛选、排序。\
             承办机构按备注栏确定：备注写明的机构承办该事项及其下方备注空白的事项，\
             首个备注之前的事项由本部门承办。"
                .to_owned(),
        ),
        (
            "工作表「职责边界」",
            "每个相关部门一行；序号、管理事项、相关依据和案例按原表纵向合并。".to_owned(),
        ),
        (
            "工作表「监管制度」",
            "每项制度的每一节一行；制度的引言另占一行，节为「引言」。".to_owned(),
        ),
        ("工作表「公共服务」", "每个公共服务事项一行。".to_owned()),
        (
            "导出",
            "本工作簿由 Qingdan 导出，内容取自所导入的责任清单，以发布的清单为准。".to_owned(),
        ),
    ]);
    for (label, value) in rows {
        let r = sheet.row()?;
        sheet.text(r, 0, label)?;
        sheet.text(r, 1, &value)?;
    }
    sheet.finish(false)
}

#[cfg(test)]
mod tests {
    use super::wrapped_lines;

    #[test]
    fn lines_count_paragraphs_and_wide_characters() {
        assert_eq!(wrapped_lines("", 10.0), 1);
        assert_eq!(wrapped_lines("abc", 10.0), 1);
        assert_eq!(wrapped_lines("一\n二\n三", 10.0), 3);
        // Width 11 leaves 10 units: four Chinese characters (8.8) fit, five (11) do not.
        assert_eq!(wrapped_lines("一二三四", 11.0), 1);
        assert_eq!(wrapped_lines("一二三四五", 11.0), 2);
        assert_eq!(wrapped_lines(&"字".repeat(100), 11.0), 22);
        // Latin letters are about half as wide.
        assert_eq!(wrapped_lines("abcdefghi", 11.0), 1);
    }
}
