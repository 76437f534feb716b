//! Import of enterprises, projects and certificates from CSV or .xlsx.
//!
//! A file is a table whose header row names the columns in Chinese (a few aliases each; order
//! free; columns Qingdan does not know, such as 序号 or 备注, are ignored). Rows above the header
//! (a title such as “安化县预拌混凝土企业名录”) are skipped: the header is the first row, among the
//! first ten that are not blank, that names at least one known column. Blank rows are skipped and
//! not counted.
//!
//! Nothing is rejected silently: every data row is either in `accepted` or has at least one
//! [`RowError`] (one per bad field, so a row can have several), and
//! `accepted.len() + report.rejected_rows() == total_rows`. A row whose key (the USCC of an
//! enterprise, the code of a project, the number of a certificate) appeared in an earlier row is
//! rejected, naming that row; the earlier row keeps its own verdict.
//!
//! When the file cannot be read as a table at all — an unknown encoding, not a workbook, no
//! header, a required column missing — no row is read: `total_rows` is 0 and `rejected` says why
//! (one error per missing column, at the header row; row 0 when the problem is the file as a
//! whole).

use crate::cell::{self, Cell};
use crate::decode;
use crate::party::{Certificate, Enterprise, Project};
use crate::uscc::Uscc;
use crate::{csv, xlsx};
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::hash::Hash;
use std::panic::AssertUnwindSafe;

/// The progress callback is called every this many rows.
pub const PROGRESS_EVERY: usize = 10_000;

/// How many non-blank rows may precede the header (titles, notes).
const HEADER_SEARCH: usize = 10;

/// The format of the bytes to import.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// Comma-separated values (or tab-separated), UTF-8 or GBK/GB18030.
    Csv,
    /// An Excel workbook (.xlsx); the first worksheet is read.
    Xlsx,
}

impl Format {
    /// The format a file name's extension suggests (`.csv`/`.txt`, `.xlsx`), if any.
    pub fn from_file_name(name: &str) -> Option<Format> {
        let ext = name.rsplit_once('.')?.1.to_ascii_lowercase();
        match ext.as_str() {
            "csv" | "txt" | "tsv" => Some(Format::Csv),
            "xlsx" => Some(Format::Xlsx),
            _ => None,
        }
    }

    /// The format the bytes look like: a ZIP archive is .xlsx, anything else CSV.
    pub fn sniff(bytes: &[u8]) -> Format {
        if bytes.starts_with(b"PK\x03\x04") {
            Format::Xlsx
        } else {
            Format::Csv
        }
    }
}

/// Why a row (or the file) was refused.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RowError {
    /// The row as Excel shows it (1-based; the header is usually row 1). 0 when the problem is
    /// the file as a whole.
    pub row: usize,
    /// The column as the file names it; `整行` for a problem of the whole row, `文件` or `表头`
    /// for a problem of the file.
    pub field: String,
    /// The value found (cut to 100 characters), empty if none.
    pub value: String,
    /// What is wrong, in Chinese.
    pub reason: String,
}

impl fmt::Display for RowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.row == 0 {
            write!(f, "文件：{}", self.reason)
        } else if self.value.is_empty() {
            write!(f, "第{}行“{}”：{}", self.row, self.field, self.reason)
        } else {
            write!(
                f,
                "第{}行“{}”：{}（值为“{}”）",
                self.row, self.field, self.reason, self.value
            )
        }
    }
}

/// The outcome of an import.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ImportReport<T> {
    /// The rows that passed every check, in file order.
    pub accepted: Vec<T>,
    /// Every problem found, in file order.
    pub rejected: Vec<RowError>,
    /// The data rows read (after the header, blank rows not counted).
    pub total_rows: usize,
}

impl<T> ImportReport<T> {
    fn new() -> ImportReport<T> {
        ImportReport {
            accepted: Vec::new(),
            rejected: Vec::new(),
            total_rows: 0,
        }
    }

    /// Whether the file as a whole was refused (no row could be read): then `rejected` says why.
    pub fn file_rejected(&self) -> bool {
        self.total_rows == 0 && !self.rejected.is_empty()
    }

    /// The number of data rows refused (each may have several errors); 0 if the file was.
    pub fn rejected_rows(&self) -> usize {
        if self.file_rejected() {
            return 0;
        }
        self.rejected
            .iter()
            .map(|e| e.row)
            .collect::<HashSet<_>>()
            .len()
    }
}

/// A column a schema reads.
struct Column {
    /// The canonical Chinese name.
    name: &'static str,
    /// Other names accepted in the header.
    aliases: &'static [&'static str],
    required: bool,
}

const fn required(name: &'static str, aliases: &'static [&'static str]) -> Column {
    Column {
        name,
        aliases,
        required: true,
    }
}

const fn optional(name: &'static str, aliases: &'static [&'static str]) -> Column {
    Column {
        name,
        aliases,
        required: false,
    }
}

/// What is imported: its columns, and how a row becomes one.
trait Schema {
    type Item;
    /// What must be unique within a file.
    type Key: Eq + Hash;
    const COLUMNS: &'static [Column];
    /// Reads one row; errors go to `row`, and `None` only when one was reported.
    fn build(row: &mut RowCtx<'_, '_>, seen: &mut HashMap<Self::Key, usize>) -> Option<Self::Item>;
}

/// One data row being read.
struct RowCtx<'r, 'c> {
    number: usize,
    cells: &'r [Cell<'c>],
    header: &'r Header,
    errors: &'r mut Vec<RowError>,
}

impl RowCtx<'_, '_> {
    fn cell(&self, column: usize) -> &Cell<'_> {
        static EMPTY: Cell<'static> = Cell::Empty;
        self.header
            .index
            .get(column)
            .copied()
            .flatten()
            .and_then(|i| self.cells.get(i))
            .unwrap_or(&EMPTY)
    }

    fn error(&mut self, column: usize, value: String, reason: String) {
        let field = self.header.names.get(column).cloned().unwrap_or_default();
        self.errors.push(RowError {
            row: self.number,
            field,
            value,
            reason,
        });
    }

    /// Converts the cell of `column`, reporting a failure.
    fn field<T>(
        &mut self,
        column: usize,
        convert: impl FnOnce(&Cell<'_>) -> Result<T, String>,
    ) -> Option<T> {
        match convert(self.cell(column)) {
            Ok(v) => Some(v),
            Err(reason) => {
                let value = cell::shown(self.cell(column));
                self.error(column, value, reason);
                None
            }
        }
    }

    /// Records `key` (read from `column`) as seen on this row, or reports that it was seen.
    fn unique<K: Eq + Hash>(&mut self, column: usize, key: K, seen: &mut HashMap<K, usize>) {
        match seen.get(&key) {
            Some(&first) => {
                let value = cell::shown(self.cell(column));
                self.error(column, value, format!("与第{first}行重复"));
            }
            None => {
                seen.insert(key, self.number);
            }
        }
    }
}

/// Where each schema column is in the file.
struct Header {
    /// The header's row number.
    row: usize,
    /// For each schema column, its index in the row.
    index: Vec<Option<usize>>,
    /// For each schema column, its name as the file writes it (the canonical name if absent).
    names: Vec<String>,
    /// The number of cells in the header row, up to the last non-blank one.
    width: usize,
}

/// A header name without blanks, asterisks and (必填)/(选填) marks, ASCII lower-cased.
fn normalize(name: &str) -> String {
    let mut s: String = name
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '*' | '＊' | '\u{FEFF}'))
        .collect();
    for mark in [
        "（必填）",
        "(必填)",
        "（选填）",
        "(选填)",
        "（可选）",
        "(可选)",
    ] {
        s = s.replace(mark, "");
    }
    s.to_ascii_lowercase()
}

/// Matches a row against `columns`: the index of each column found, and the duplicates.
fn match_header(
    columns: &[Column],
    cells: &[Cell<'_>],
) -> (Vec<Option<usize>>, Vec<String>, Vec<String>) {
    let mut index = vec![None; columns.len()];
    let mut names: Vec<String> = columns.iter().map(|c| c.name.to_owned()).collect();
    let mut duplicates = Vec::new();
    for (i, cell) in cells.iter().enumerate() {
        let written = cell.to_string();
        let n = normalize(&written);
        if n.is_empty() {
            continue;
        }
        let Some(col) = columns
            .iter()
            .position(|c| c.name == n || c.aliases.iter().any(|a| a.to_ascii_lowercase() == n))
        else {
            continue;
        };
        match index.get(col).copied().flatten() {
            Some(_) => duplicates.push(format!(
                "“{}”和“{}”都表示“{}”，只能保留一列",
                names.get(col).map_or("", String::as_str),
                written.trim(),
                columns.get(col).map_or("", |c| c.name)
            )),
            None => {
                if let Some(slot) = index.get_mut(col) {
                    *slot = Some(i);
                }
                if let Some(slot) = names.get_mut(col) {
                    *slot = written.trim().to_owned();
                }
            }
        }
    }
    (index, names, duplicates)
}

/// The import machine: finds the header, then reads rows into a report.
struct Engine<'p, S: Schema> {
    header: Option<Header>,
    /// Non-blank rows seen before the header, and the first of them.
    before_header: usize,
    first_row: Option<(usize, String)>,
    /// The first structural problem of a row before the header.
    first_problem: Option<(usize, String)>,
    last_row: Option<usize>,
    /// The number of the last record seen.
    last_seen: usize,
    done: usize,
    next_progress: usize,
    stopped: bool,
    seen: HashMap<S::Key, usize>,
    report: ImportReport<S::Item>,
    progress: &'p mut dyn FnMut(usize, Option<usize>),
}

impl<'p, S: Schema> Engine<'p, S> {
    fn new(progress: &'p mut dyn FnMut(usize, Option<usize>)) -> Engine<'p, S> {
        Engine {
            header: None,
            before_header: 0,
            first_row: None,
            first_problem: None,
            last_row: None,
            last_seen: 0,
            done: 0,
            next_progress: PROGRESS_EVERY,
            stopped: false,
            seen: HashMap::new(),
            report: ImportReport::new(),
            progress,
        }
    }

    /// A problem that stops the import. `row` is where it is (0: the file).
    fn file_problem(&mut self, row: usize, field: &str, reason: String) {
        self.report.rejected.push(RowError {
            row,
            field: field.to_owned(),
            value: String::new(),
            reason,
        });
        self.stopped = true;
    }

    /// Reading stopped part-way (a damaged workbook). Before the header it is the file's
    /// problem; after it, the row after the last one read is refused, so that the report still
    /// accounts for every row it counts.
    fn broken(&mut self, reason: String) {
        if self.header.is_some() {
            let row = self.last_seen + 1;
            self.report.total_rows += 1;
            self.report.rejected.push(RowError {
                row,
                field: "整行".to_owned(),
                value: String::new(),
                reason: format!("从本行起没有读取：{reason}"),
            });
            self.stopped = true;
        } else {
            self.file_problem(0, "文件", reason);
        }
    }

    fn total(&self) -> Option<usize> {
        let h = self.header.as_ref()?;
        self.last_row.map(|last| last.saturating_sub(h.row))
    }

    fn try_header(&mut self, number: usize, cells: &[Cell<'_>], problem: Option<String>) {
        let (index, names, duplicates) = match_header(S::COLUMNS, cells);
        if index.iter().all(Option::is_none) {
            if let Some(p) = problem
                && self.first_problem.is_none()
            {
                self.first_problem = Some((number, p));
            }
            self.before_header += 1;
            if self.first_row.is_none() {
                let shown: Vec<String> = cells
                    .iter()
                    .filter(|c| !c.is_blank())
                    .map(|c| c.to_string())
                    .collect();
                let mut shown = shown.join("，");
                if shown.chars().count() > 60 {
                    shown = shown.chars().take(60).collect::<String>() + "…";
                }
                self.first_row = Some((number, shown));
            }
            if self.before_header >= HEADER_SEARCH {
                self.no_header();
            }
            return;
        }
        if let Some(p) = problem {
            self.file_problem(number, "表头", p);
            return;
        }
        if !duplicates.is_empty() {
            for d in duplicates {
                self.file_problem(number, "表头", format!("列名重复：{d}"));
            }
            return;
        }
        for (col, found) in S::COLUMNS.iter().zip(&index) {
            if col.required && found.is_none() {
                let also = if col.aliases.is_empty() {
                    String::new()
                } else {
                    format!("（也可写作：{}）", col.aliases.join("、"))
                };
                self.report.rejected.push(RowError {
                    row: number,
                    field: col.name.to_owned(),
                    value: String::new(),
                    reason: format!("表头缺少必需的列“{}”{also}", col.name),
                });
                self.stopped = true;
            }
        }
        if self.stopped {
            return;
        }
        let width = cells
            .iter()
            .rposition(|c| !c.is_blank())
            .map_or(0, |i| i + 1);
        self.header = Some(Header {
            row: number,
            index,
            names,
            width,
        });
    }

    fn no_header(&mut self) {
        let required: Vec<String> = S::COLUMNS
            .iter()
            .filter(|c| c.required)
            .map(|c| format!("“{}”", c.name))
            .collect();
        let (row, first) = self.first_row.clone().unwrap_or_default();
        let mut seen = if first.is_empty() {
            String::new()
        } else {
            format!("；第{row}行是：{first}")
        };
        if let Some((at, problem)) = &self.first_problem {
            seen.push_str(&format!("（第{at}行：{problem}）"));
        }
        self.file_problem(
            row,
            "表头",
            format!("找不到表头：没有一行含有{}等列名{seen}", required.join("")),
        );
    }

    fn data_row(&mut self, number: usize, cells: &[Cell<'_>], problem: Option<String>) {
        let Some(header) = &self.header else { return };
        self.report.total_rows += 1;
        let before = self.report.rejected.len();
        if let Some(reason) = problem {
            self.report.rejected.push(RowError {
                row: number,
                field: "整行".to_owned(),
                value: String::new(),
                reason,
            });
        }
        if let Some(extra) = cells
            .iter()
            .enumerate()
            .skip(header.width)
            .find(|(_, c)| !c.is_blank())
        {
            self.report.rejected.push(RowError {
                row: number,
                field: format!("第{}列", extra.0 + 1),
                value: cell::shown(extra.1),
                reason: "表头中没有这一列，但本行在这里有内容（是否多了分隔符或少了列名？）"
                    .to_owned(),
            });
        }
        let mut ctx = RowCtx {
            number,
            cells,
            header,
            errors: &mut self.report.rejected,
        };
        let item = S::build(&mut ctx, &mut self.seen);
        let clean = self.report.rejected.len() == before;
        match item {
            Some(item) if clean => self.report.accepted.push(item),
            Some(_) => {}
            None if clean => self.report.rejected.push(RowError {
                row: number,
                field: "整行".to_owned(),
                value: String::new(),
                reason: "无法读取本行".to_owned(),
            }),
            None => {}
        }
    }

    /// One record of the file. Returns whether to go on.
    fn row(&mut self, number: usize, cells: &[Cell<'_>], problem: Option<String>) -> bool {
        if self.stopped {
            return false;
        }
        self.last_seen = number;
        let blank = problem.is_none() && cells.iter().all(Cell::is_blank);
        match self.header.as_ref().map(|h| h.row) {
            None if blank => {}
            None => self.try_header(number, cells, problem),
            Some(header_row) => {
                self.done = number.saturating_sub(header_row);
                if !blank {
                    self.data_row(number, cells, problem);
                }
                if self.done >= self.next_progress {
                    let total = self.total();
                    (self.progress)(self.done, total);
                    self.next_progress = (self.done / PROGRESS_EVERY + 1) * PROGRESS_EVERY;
                }
            }
        }
        !self.stopped
    }

    fn finish(mut self) -> ImportReport<S::Item> {
        if self.header.is_none() && !self.stopped {
            if self.first_row.is_some() {
                self.no_header();
            } else {
                self.file_problem(0, "文件", "文件中没有任何内容（只有空行）".to_owned());
            }
        }
        (self.progress)(self.done, Some(self.done));
        self.report
    }
}

impl<S: Schema> xlsx::Rows for Engine<'_, S> {
    fn last_row(&mut self, last: Option<usize>) {
        self.last_row = last;
    }

    fn row(&mut self, number: usize, cells: &[Cell<'_>], problem: Option<String>) -> bool {
        Engine::row(self, number, cells, problem)
    }
}

fn import<S: Schema>(
    bytes: &[u8],
    format: Format,
    progress: &mut dyn FnMut(usize, Option<usize>),
) -> ImportReport<S::Item> {
    let mut engine = Engine::<S>::new(progress);
    match format {
        Format::Csv => match decode::decode(bytes) {
            Err((row, reason)) => engine.file_problem(row, "文件", reason),
            Ok((text, _encoding)) => {
                let delim = csv::delimiter(&text);
                engine.last_row = Some(csv::count_records(&text, delim));
                let mut reader = csv::Reader::new(&text, delim);
                let mut cells = Vec::new();
                while let Some((number, problem)) = reader.next_record(&mut cells) {
                    if !engine.row(number, &cells, problem) {
                        break;
                    }
                }
            }
        },
        Format::Xlsx => {
            // calamine is not hardened against hostile workbooks (in a debug build, a cell
            // reference with too many column letters overflows and panics). A panic inside it
            // is a damaged file, not a crash.
            let read =
                std::panic::catch_unwind(AssertUnwindSafe(|| xlsx::read(bytes, &mut engine)));
            match read {
                Ok(Ok(())) => {}
                Ok(Err(reason)) => engine.broken(reason),
                Err(_) => engine.broken("Excel 工作簿已损坏（读取时出错）".to_owned()),
            }
        }
    }
    engine.finish()
}

/// Imports enterprises. Columns: 统一社会信用代码, 企业名称, 类别, 地址 (required), 联系人,
/// 联系电话 (optional); aliases in the source. The USCC must be unique within the file.
///
/// `progress(rows_read, total)` is called every [`PROGRESS_EVERY`] rows and once at the end
/// (then with `total == Some(rows_read)`); `total` is known for CSV (counted first) and for
/// workbooks that declare their size.
pub fn import_enterprises(
    bytes: &[u8],
    format: Format,
    progress: &mut dyn FnMut(usize, Option<usize>),
) -> ImportReport<Enterprise> {
    import::<EnterpriseSchema>(bytes, format, progress)
}

/// Imports construction projects. Columns: 项目编号, 项目名称, 建设单位统一社会信用代码, 建设地点,
/// 是否在禁止现场搅拌区域, 是否申请基金返退 (required), 开工日期 (optional). The project code must
/// be unique within the file. Progress as for [`import_enterprises`].
pub fn import_projects(
    bytes: &[u8],
    format: Format,
    progress: &mut dyn FnMut(usize, Option<usize>),
) -> ImportReport<Project> {
    import::<ProjectSchema>(bytes, format, progress)
}

/// Imports certificates. Columns: 证书编号, 统一社会信用代码, 产品名称, 有效期起, 有效期至 (all
/// required); `有效期至` may not be before `有效期起`. The certificate number must be unique
/// within the file. Progress as for [`import_enterprises`].
pub fn import_certificates(
    bytes: &[u8],
    format: Format,
    progress: &mut dyn FnMut(usize, Option<usize>),
) -> ImportReport<Certificate> {
    import::<CertificateSchema>(bytes, format, progress)
}

struct EnterpriseSchema;

impl Schema for EnterpriseSchema {
    type Item = Enterprise;
    type Key = Uscc;
    const COLUMNS: &'static [Column] = &[
        required(
            "统一社会信用代码",
            &["社会信用代码", "信用代码", "统一代码", "USCC"],
        ),
        required("企业名称", &["单位名称", "名称", "企业（单位）名称"]),
        required("类别", &["企业类别", "单位类别", "类型", "企业类型"]),
        required(
            "地址",
            &[
                "企业地址",
                "单位地址",
                "住所",
                "注册地址",
                "经营地址",
                "生产地址",
                "详细地址",
            ],
        ),
        optional("联系人", &["联系人姓名"]),
        optional(
            "联系电话",
            &["电话", "手机", "手机号码", "电话号码", "联系方式"],
        ),
    ];

    fn build(row: &mut RowCtx<'_, '_>, seen: &mut HashMap<Uscc, usize>) -> Option<Enterprise> {
        let uscc = row.field(0, cell::uscc);
        if let Some(u) = uscc {
            row.unique(0, u, seen);
        }
        let name = row.field(1, |c| cell::text(c, 100));
        let kind = row.field(2, cell::kind);
        let address = row.field(3, |c| cell::text(c, 200));
        let contact = row.field(4, |c| cell::optional_text(c, 50));
        let phone = row.field(5, cell::phone);
        Some(Enterprise {
            uscc: uscc?,
            name: name?,
            kind: kind?,
            address: address?,
            contact: contact?,
            phone: phone?,
        })
    }
}

struct ProjectSchema;

impl Schema for ProjectSchema {
    type Item = Project;
    type Key = String;
    const COLUMNS: &'static [Column] = &[
        required("项目编号", &["项目代码", "工程编号", "编号"]),
        required("项目名称", &["工程名称"]),
        required(
            "建设单位统一社会信用代码",
            &[
                "建设单位信用代码",
                "建设单位社会信用代码",
                "统一社会信用代码",
            ],
        ),
        required(
            "建设地点",
            &["项目地点", "工程地点", "项目地址", "地点", "地址"],
        ),
        required(
            "是否在禁止现场搅拌区域",
            &[
                "禁止现场搅拌区域",
                "是否禁止现场搅拌",
                "是否在禁搅区域",
                "禁搅区域",
            ],
        ),
        optional("开工日期", &["开工时间"]),
        required(
            "是否申请基金返退",
            &["申请基金返退", "是否申请返退", "申请返退"],
        ),
    ];

    fn build(row: &mut RowCtx<'_, '_>, seen: &mut HashMap<String, usize>) -> Option<Project> {
        let code = row.field(0, |c| cell::text(c, 50));
        if let Some(c) = &code {
            row.unique(0, c.clone(), seen);
        }
        let name = row.field(1, |c| cell::text(c, 200));
        let builder = row.field(2, cell::uscc);
        let location = row.field(3, |c| cell::text(c, 200));
        let zone = row.field(4, cell::yes_no);
        let started = row.field(5, cell::optional_date);
        let refund = row.field(6, cell::yes_no);
        Some(Project {
            code: code?,
            name: name?,
            builder_uscc: builder?,
            location: location?,
            no_site_mixing_zone: zone?,
            started_on: started?,
            applies_for_fund_refund: refund?,
        })
    }
}

struct CertificateSchema;

impl Schema for CertificateSchema {
    type Item = Certificate;
    type Key = String;
    const COLUMNS: &'static [Column] = &[
        required("证书编号", &["证书号", "编号"]),
        required(
            "统一社会信用代码",
            &["企业统一社会信用代码", "社会信用代码", "信用代码"],
        ),
        required("产品名称", &["产品", "认定产品"]),
        required(
            "有效期起",
            &["有效期自", "发证日期", "生效日期", "起始日期"],
        ),
        required(
            "有效期至",
            &["有效期止", "截止日期", "到期日期", "失效日期"],
        ),
    ];

    fn build(row: &mut RowCtx<'_, '_>, seen: &mut HashMap<String, usize>) -> Option<Certificate> {
        let number = row.field(0, |c| cell::text(c, 50));
        if let Some(n) = &number {
            row.unique(0, n.clone(), seen);
        }
        let uscc = row.field(1, cell::uscc);
        let product = row.field(2, |c| cell::text(c, 100));
        let from = row.field(3, cell::date);
        let until = row.field(4, cell::date);
        if let (Some(f), Some(u)) = (from, until)
            && u < f
        {
            let value = cell::shown(row.cell(4));
            row.error(4, value, format!("早于有效期起（{f}）"));
        }
        Some(Certificate {
            number: number?,
            enterprise_uscc: uscc?,
            product: product?,
            valid_from: from?,
            valid_until: until?,
        })
    }
}
