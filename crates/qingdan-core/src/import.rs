//! The importer of the published list format, and of Qingdan's own JSON export.
//!
//! The published format is the text a Word document gives when saved as plain text:
//!
//! * the first non-blank line is the title (`安化县工业和信息化局责任清单`);
//! * four part headings `一、` … `四、` at the start of a line;
//! * tables as cells, one per line, each line starting with a tab; a blank cell is a lone tab
//!   (the rows of a merged cell); a cell's further paragraphs follow on lines without a tab,
//!   blank lines between them; rows are separated by blank lines; the first row is the header;
//! * the supervision systems as free text: `（一）title`, then optional introduction, then
//!   sections `一、title` each followed by its paragraphs.
//!
//! Headings are recognised by their expected ordinal *and* by what follows them, because the
//! same shapes occur inside the text (a clause `（二）…` inside §三(一) is not system (二): a
//! system heading is followed by its section `一、`; `四、监督检查处理` is a section while
//! `四、公共服务事项` is a part because a table follows it).
//!
//! Nothing here panics on any input: every problem is an [`ImportError`] naming the line.

use crate::catalog::{
    Boundary, BoundaryParty, Catalog, Duty, Part, PartKind, Section, Service, System, WorkItem,
};
use crate::numeral::{chinese, is_numeral_char};
use std::fmt;

/// Why a list could not be imported, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError {
    /// The 1-based line of the source the problem is on, when there is one.
    pub line: Option<usize>,
    /// What is wrong.
    pub kind: ImportErrorKind,
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "第{line}行：{}", self.kind),
            None => write!(f, "{}", self.kind),
        }
    }
}

impl std::error::Error for ImportError {}

/// What is wrong with an imported list. Every message is Chinese, for the person who made it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportErrorKind {
    /// Nothing but blank lines.
    #[error("文件是空的，找不到清单标题")]
    Empty,
    /// The first line is a table cell.
    #[error("清单应以标题开头，而不是表格单元格（以制表符开头的行）")]
    TitleIsCell,
    /// A part heading was expected.
    #[error("此处应为第{numeral}部分“{numeral}、{label}”的标题，实为“{found}”")]
    ExpectedPart {
        /// Its ordinal.
        numeral: String,
        /// What the part is.
        label: &'static str,
        /// What the line holds.
        found: String,
    },
    /// The file ended before a part.
    #[error("文件在此结束，缺少第{numeral}部分“{label}”")]
    MissingPart {
        /// Its ordinal.
        numeral: String,
        /// What the part is.
        label: &'static str,
    },
    /// The header row differs from the format.
    #[error("“{label}”的表头应为“{expected}”，实为“{found}”")]
    BadHeader {
        /// What the part is.
        label: &'static str,
        /// The format's header.
        expected: String,
        /// The file's header.
        found: String,
    },
    /// A row with too few cells.
    #[error(
        "从此行开始的表格行只有{found}个单元格，应为{expected}个（可能缺少或多出一个制表符单元格）"
    )]
    ShortRow {
        /// Cells found.
        found: usize,
        /// Cells per row.
        expected: usize,
    },
    /// A row with too many cells.
    #[error("表格行的单元格多于{expected}个（行与行之间应有空行）")]
    LongRow {
        /// Cells per row.
        expected: usize,
    },
    /// Text where no cell can hold it.
    #[error("表格前出现无法归入任何单元格的文字“{found}”")]
    StrayText {
        /// The text.
        found: String,
    },
    /// A table without data rows.
    #[error("“{label}”表没有任何数据行")]
    EmptyTable {
        /// What the part is.
        label: &'static str,
    },
    /// A 序号 that is not a positive number.
    #[error("序号“{found}”不是正整数")]
    BadNumber {
        /// The cell.
        found: String,
    },
    /// Numbers out of sequence.
    #[error("序号应为{expected}，实为{found}")]
    OutOfSequence {
        /// The next number.
        expected: u32,
        /// The cell.
        found: u32,
    },
    /// The first data row has no 序号.
    #[error("第一个数据行缺少序号")]
    MissingNumber,
    /// A required cell is blank.
    #[error("“{column}”不能为空")]
    EmptyCell {
        /// The column.
        column: &'static str,
    },
    /// A continuation row (blank 序号) fills a column that belongs to the merged cell above.
    #[error("序号为空的续行中“{column}”应为空（属于上方合并单元格），实为“{found}”")]
    UnexpectedInContinuation {
        /// The column.
        column: &'static str,
        /// The cell.
        found: String,
    },
    /// A tab-led line inside the systems part.
    #[error("“事中事后监管制度”部分出现了表格单元格（以制表符开头的行）")]
    CellInSystems,
    /// The systems part holds no system.
    #[error("“事中事后监管制度”部分没有任何制度（应为“（一）标题”，其后是“一、……”各节）")]
    NoSystems,
    /// The JSON export could not be read.
    #[error("JSON 格式错误：{0}")]
    Json(String),
    /// The JSON export is well-formed but not a valid list.
    #[error("清单数据无效：{0}")]
    Invalid(String),
}

fn err(line: usize, kind: ImportErrorKind) -> ImportError {
    ImportError {
        line: Some(line),
        kind,
    }
}

/// A short quotation of a line for messages.
fn quote(s: &str) -> String {
    const MAX: usize = 30;
    let t = s.trim();
    if t.chars().count() > MAX {
        let cut: String = t.chars().take(MAX).collect();
        format!("{cut}…")
    } else {
        t.to_string()
    }
}

/// Imports either format: Qingdan's JSON export (a file starting with `{`) or the published text.
pub fn parse_any(src: &str) -> Result<Catalog, ImportError> {
    if src
        .trim_start_matches('\u{feff}')
        .trim_start()
        .starts_with('{')
    {
        parse_json(src)
    } else {
        parse_list(src)
    }
}

/// Reads Qingdan's JSON export back, checking it as strictly as the text importer would.
pub fn parse_json(src: &str) -> Result<Catalog, ImportError> {
    let catalog: Catalog =
        serde_json::from_str(src.trim_start_matches('\u{feff}')).map_err(|e| ImportError {
            line: Some(e.line()),
            kind: ImportErrorKind::Json(e.to_string()),
        })?;
    validate(&catalog)?;
    Ok(catalog)
}

/// Checks the invariants every catalog keeps, whichever format it came from.
pub fn validate(c: &Catalog) -> Result<(), ImportError> {
    let invalid = |msg: String| ImportError {
        line: None,
        kind: ImportErrorKind::Invalid(msg),
    };
    if c.title.trim().is_empty() || c.bureau.trim().is_empty() {
        return Err(invalid("缺少清单标题或部门名称".into()));
    }
    let kinds: Vec<PartKind> = c.parts.iter().map(|p| p.kind).collect();
    if kinds != PartKind::ORDER {
        return Err(invalid(
            "应有且按顺序只有四个部分：部门职责、职责边界、事中事后监管制度、公共服务事项".into(),
        ));
    }
    fn sequential(what: &str, nos: impl Iterator<Item = u32>) -> Result<(), String> {
        for (i, no) in nos.enumerate() {
            let expected = i as u32 + 1;
            if no != expected {
                return Err(format!("{what}的序号应为{expected}，实为{no}"));
            }
        }
        Ok(())
    }
    sequential("职责", c.duties.iter().map(|d| d.no)).map_err(invalid)?;
    for d in &c.duties {
        sequential(
            &format!("第{}项职责的工作事项", d.no),
            d.items.iter().map(|i| i.no),
        )
        .map_err(invalid)?;
        if d.text.trim().is_empty() || d.items.iter().any(|i| i.text.trim().is_empty()) {
            return Err(invalid(format!("第{}项职责或其工作事项的文字为空", d.no)));
        }
    }
    sequential("职责边界", c.boundaries.iter().map(|b| b.no)).map_err(invalid)?;
    sequential("监管制度", c.systems.iter().map(|s| s.no)).map_err(invalid)?;
    sequential("公共服务事项", c.services.iter().map(|s| s.no)).map_err(invalid)?;
    for (what, empty) in [
        ("部门职责", c.duties.is_empty()),
        ("职责边界", c.boundaries.is_empty()),
        ("事中事后监管制度", c.systems.is_empty()),
        ("公共服务事项", c.services.is_empty()),
    ] {
        if empty {
            return Err(invalid(format!("“{what}”部分没有任何内容")));
        }
    }
    Ok(())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Line<'a> {
    Blank,
    /// A table cell: the text after the leading tab.
    Cell(&'a str),
    /// Free text, trimmed.
    Text(&'a str),
}

fn classify(raw: &str) -> Line<'_> {
    if let Some(rest) = raw.strip_prefix('\t') {
        Line::Cell(rest.trim())
    } else if raw.trim().is_empty() {
        Line::Blank
    } else {
        Line::Text(raw.trim())
    }
}

struct Source<'a> {
    lines: Vec<Line<'a>>,
}

impl<'a> Source<'a> {
    fn new(src: &'a str) -> Self {
        let src = src.strip_prefix('\u{feff}').unwrap_or(src);
        let lines = src
            .split('\n')
            .map(|l| classify(l.strip_suffix('\r').unwrap_or(l)))
            .collect();
        Source { lines }
    }

    /// The index of the first non-blank line at or after `i`.
    fn next_nonblank(&self, mut i: usize) -> Option<usize> {
        while i < self.lines.len() {
            if self.lines[i] != Line::Blank {
                return Some(i);
            }
            i += 1;
        }
        None
    }

    /// Is line `i` the heading of part `kind` (ordinal `numeral`)? Its text must start with
    /// `numeral、`, and a table part's heading must be followed by a cell, the systems part's by
    /// text.
    fn is_part_heading(&self, i: usize, numeral: &str, kind: PartKind) -> bool {
        let Some(Line::Text(t)) = self.lines.get(i) else {
            return false;
        };
        if heading_rest(t, numeral).is_none() {
            return false;
        }
        match self.next_nonblank(i + 1).map(|j| self.lines[j]) {
            Some(Line::Cell(_)) => kind != PartKind::Systems,
            Some(Line::Text(_)) => kind == PartKind::Systems,
            _ => false,
        }
    }
}

/// `t` without its leading `numeral、`, if it has it.
fn heading_rest<'t>(t: &'t str, numeral: &str) -> Option<&'t str> {
    t.strip_prefix(numeral)?.strip_prefix('、').map(str::trim)
}

/// Splits `一、title` into (`一`, `title`).
fn section_heading(t: &str) -> Option<(&str, &str)> {
    let (num, rest) = t.split_once('、')?;
    (!num.is_empty() && num.chars().all(is_numeral_char)).then_some((num, rest.trim()))
}

/// Splits `（一）title` into (`一`, `title`).
fn system_heading(t: &str) -> Option<(&str, &str)> {
    let rest = t.strip_prefix('（')?;
    let (num, title) = rest.split_once('）')?;
    (!num.is_empty() && num.chars().all(is_numeral_char)).then_some((num, title.trim()))
}

/// Parses a list in the published text format.
pub fn parse_list(src: &str) -> Result<Catalog, ImportError> {
    let source = Source::new(src);
    let last_line = source.lines.len().max(1);
    let title_at = source
        .next_nonblank(0)
        .ok_or(err(1, ImportErrorKind::Empty))?;
    let title = match source.lines[title_at] {
        Line::Text(t) => t.to_string(),
        _ => return Err(err(title_at + 1, ImportErrorKind::TitleIsCell)),
    };
    let bureau = title
        .strip_suffix("责任清单")
        .map(str::trim)
        .filter(|b| !b.is_empty())
        .unwrap_or(&title)
        .to_string();

    let mut catalog = Catalog {
        title: title.clone(),
        bureau,
        parts: Vec::new(),
        duties: Vec::new(),
        boundaries: Vec::new(),
        systems_intro: String::new(),
        systems: Vec::new(),
        services: Vec::new(),
    };

    let mut i = title_at + 1;
    for (index, kind) in PartKind::ORDER.into_iter().enumerate() {
        let numeral = chinese(index as u32 + 1);
        let at = source
            .next_nonblank(i)
            .ok_or_else(|| err(last_line, missing_part(&numeral, kind)))?;
        let heading = match source.lines[at] {
            Line::Text(t) => heading_rest(t, &numeral),
            _ => None,
        };
        let Some(heading) = heading else {
            let found = match source.lines[at] {
                Line::Text(t) | Line::Cell(t) => quote(t),
                Line::Blank => String::new(),
            };
            return Err(err(
                at + 1,
                ImportErrorKind::ExpectedPart {
                    numeral,
                    label: kind.label(),
                    found,
                },
            ));
        };
        let next = PartKind::ORDER
            .get(index + 1)
            .map(|k| (chinese(index as u32 + 2), *k));
        let body_start = at + 1;
        let (columns, end) = match kind {
            PartKind::Systems => {
                let end = parse_systems(&source, body_start, next.as_ref(), &mut catalog)?;
                (Vec::new(), end)
            }
            _ => {
                let table = parse_table(&source, body_start, kind, next.as_ref())?;
                let end = table.end;
                let columns = table.header.clone();
                fill_table(kind, table, &mut catalog)?;
                (columns, end)
            }
        };
        catalog.parts.push(Part {
            kind,
            numeral,
            title: heading.to_string(),
            columns,
        });
        i = end;
    }
    Ok(catalog)
}

fn missing_part(numeral: &str, kind: PartKind) -> ImportErrorKind {
    ImportErrorKind::MissingPart {
        numeral: numeral.to_string(),
        label: kind.label(),
    }
}

/// A table as read: its header and data rows, each cell's paragraphs joined by `\n`.
struct Table {
    header: Vec<String>,
    rows: Vec<TableRow>,
    /// The line index where the table ended (the next part's heading, or the end of the file).
    end: usize,
}

struct TableRow {
    /// 1-based line of the row's first cell.
    line: usize,
    cells: Vec<String>,
}

struct RawRow {
    line: usize,
    cells: Vec<Vec<String>>,
}

impl RawRow {
    fn finish(self) -> TableRow {
        TableRow {
            line: self.line,
            cells: self.cells.into_iter().map(|c| c.join("\n")).collect(),
        }
    }
}

fn first_paragraph(text: &str) -> Vec<String> {
    if text.is_empty() {
        Vec::new()
    } else {
        vec![text.to_string()]
    }
}

fn parse_table(
    source: &Source<'_>,
    start: usize,
    kind: PartKind,
    next: Option<&(String, PartKind)>,
) -> Result<Table, ImportError> {
    let ncols = kind.columns().len();
    let mut rows: Vec<RawRow> = Vec::new();
    let mut current: Option<RawRow> = None;
    let mut gap = false;
    let mut last_cell_continued = false;
    let mut i = start;
    while i < source.lines.len() {
        match source.lines[i] {
            Line::Blank => gap = true,
            Line::Cell(text) => {
                let row = match current.take() {
                    None => {
                        if !gap && !rows.is_empty() {
                            return Err(err(i + 1, ImportErrorKind::LongRow { expected: ncols }));
                        }
                        RawRow {
                            line: i + 1,
                            cells: vec![first_paragraph(text)],
                        }
                    }
                    Some(mut row) => {
                        if gap && !last_cell_continued {
                            return Err(err(
                                row.line,
                                ImportErrorKind::ShortRow {
                                    found: row.cells.len(),
                                    expected: ncols,
                                },
                            ));
                        }
                        row.cells.push(first_paragraph(text));
                        row
                    }
                };
                if row.cells.len() == ncols {
                    rows.push(row);
                } else {
                    current = Some(row);
                }
                gap = false;
                last_cell_continued = false;
            }
            Line::Text(text) => {
                if current.is_none()
                    && let Some((numeral, next_kind)) = next
                    && source.is_part_heading(i, numeral, *next_kind)
                {
                    break;
                }
                let target = match current.as_mut() {
                    Some(row) => row.cells.last_mut(),
                    None => rows.last_mut().and_then(|r| r.cells.last_mut()),
                };
                match target {
                    Some(cell) => cell.push(text.to_string()),
                    None => {
                        return Err(err(
                            i + 1,
                            ImportErrorKind::StrayText { found: quote(text) },
                        ));
                    }
                }
                gap = false;
                last_cell_continued = true;
            }
        }
        i += 1;
    }
    if let Some(row) = current {
        return Err(err(
            row.line,
            ImportErrorKind::ShortRow {
                found: row.cells.len(),
                expected: ncols,
            },
        ));
    }
    let mut rows = rows.into_iter().map(RawRow::finish);
    let Some(header) = rows.next() else {
        return Err(err(
            start,
            ImportErrorKind::EmptyTable {
                label: kind.label(),
            },
        ));
    };
    let expected = kind.columns();
    if header
        .cells
        .iter()
        .map(String::as_str)
        .ne(expected.iter().copied())
    {
        return Err(err(
            header.line,
            ImportErrorKind::BadHeader {
                label: kind.label(),
                expected: expected.join("、"),
                found: quote(&header.cells.join("、")),
            },
        ));
    }
    let rows: Vec<TableRow> = rows.collect();
    if rows.is_empty() {
        return Err(err(
            header.line,
            ImportErrorKind::EmptyTable {
                label: kind.label(),
            },
        ));
    }
    Ok(Table {
        header: header.cells,
        rows,
        end: i,
    })
}

fn parse_no(cell: &str, line: usize, expected: usize) -> Result<u32, ImportError> {
    let no = cell
        .parse::<u32>()
        .ok()
        .filter(|n| *n > 0)
        .ok_or_else(|| err(line, ImportErrorKind::BadNumber { found: quote(cell) }))?;
    let expected = expected as u32;
    if no != expected {
        return Err(err(
            line,
            ImportErrorKind::OutOfSequence {
                expected,
                found: no,
            },
        ));
    }
    Ok(no)
}

fn append_paragraph(text: &mut String, more: &str) {
    if more.is_empty() {
        return;
    }
    if !text.is_empty() {
        text.push('\n');
    }
    text.push_str(more);
}

fn fill_table(kind: PartKind, table: Table, catalog: &mut Catalog) -> Result<(), ImportError> {
    for TableRow { line, cells } in table.rows {
        let cell = |n: usize| cells.get(n).map(String::as_str).unwrap_or("");
        let no = cell(0);
        let continuation = |column: &'static str, found: &str| {
            err(
                line,
                ImportErrorKind::UnexpectedInContinuation {
                    column,
                    found: quote(found),
                },
            )
        };
        match kind {
            PartKind::Duties => {
                let (text, item, note) = (cell(1), cell(2), cell(3));
                if !no.is_empty() {
                    let no = parse_no(no, line, catalog.duties.len() + 1)?;
                    if text.is_empty() {
                        return Err(err(
                            line,
                            ImportErrorKind::EmptyCell {
                                column: "主要职责"
                            },
                        ));
                    }
                    catalog.duties.push(Duty {
                        no,
                        text: text.to_string(),
                        items: Vec::new(),
                    });
                } else if !text.is_empty() {
                    return Err(continuation("主要职责", text));
                }
                let is_blank_row = no.is_empty() && item.is_empty() && note.is_empty();
                if is_blank_row {
                    continue;
                }
                let Some(duty) = catalog.duties.last_mut() else {
                    return Err(err(line, ImportErrorKind::MissingNumber));
                };
                if item.is_empty() {
                    if !note.is_empty() {
                        return Err(err(
                            line,
                            ImportErrorKind::EmptyCell {
                                column: "具体工作事项",
                            },
                        ));
                    }
                    continue;
                }
                duty.items.push(WorkItem {
                    no: duty.items.len() as u32 + 1,
                    text: item.to_string(),
                    note: note.to_string(),
                });
            }
            PartKind::Boundaries => {
                let (matter, department, division, basis, example) =
                    (cell(1), cell(2), cell(3), cell(4), cell(5));
                if !no.is_empty() {
                    let no = parse_no(no, line, catalog.boundaries.len() + 1)?;
                    if matter.is_empty() {
                        return Err(err(
                            line,
                            ImportErrorKind::EmptyCell {
                                column: "管理事项"
                            },
                        ));
                    }
                    catalog.boundaries.push(Boundary {
                        no,
                        matter: matter.to_string(),
                        basis: String::new(),
                        example: String::new(),
                        parties: Vec::new(),
                    });
                } else if !matter.is_empty() {
                    return Err(continuation("管理事项", matter));
                }
                let is_blank_row = no.is_empty()
                    && [department, division, basis, example]
                        .iter()
                        .all(|c| c.is_empty());
                if is_blank_row {
                    continue;
                }
                let Some(boundary) = catalog.boundaries.last_mut() else {
                    return Err(err(line, ImportErrorKind::MissingNumber));
                };
                append_paragraph(&mut boundary.basis, basis);
                append_paragraph(&mut boundary.example, example);
                if department.is_empty() {
                    if !division.is_empty() {
                        return Err(err(
                            line,
                            ImportErrorKind::EmptyCell {
                                column: "相关部门"
                            },
                        ));
                    }
                    continue;
                }
                boundary.parties.push(BoundaryParty {
                    department: department.to_string(),
                    division: division.to_string(),
                });
            }
            PartKind::Services => {
                if no.is_empty() {
                    return Err(if catalog.services.is_empty() {
                        err(line, ImportErrorKind::MissingNumber)
                    } else {
                        err(line, ImportErrorKind::EmptyCell { column: "序号" })
                    });
                }
                let no = parse_no(no, line, catalog.services.len() + 1)?;
                if cell(1).is_empty() {
                    return Err(err(
                        line,
                        ImportErrorKind::EmptyCell {
                            column: "服务事项"
                        },
                    ));
                }
                catalog.services.push(Service {
                    no,
                    name: cell(1).to_string(),
                    content: cell(2).to_string(),
                    office: cell(3).to_string(),
                    phone: cell(4).to_string(),
                });
            }
            PartKind::Systems => {}
        }
    }
    Ok(())
}

impl Source<'_> {
    /// Does a system start after a `（n）title` line at `i - 1`? Its first structural line
    /// (skipping an introduction) must be the section `一、…`.
    fn starts_system(&self, mut i: usize) -> bool {
        while i < self.lines.len() {
            match self.lines[i] {
                Line::Blank => {}
                Line::Cell(_) => return false,
                Line::Text(t) => {
                    if system_heading(t).is_some() {
                        return false;
                    }
                    if let Some((num, _)) = section_heading(t) {
                        return num == "一";
                    }
                }
            }
            i += 1;
        }
        false
    }
}

fn parse_systems(
    source: &Source<'_>,
    start: usize,
    next: Option<&(String, PartKind)>,
    catalog: &mut Catalog,
) -> Result<usize, ImportError> {
    let mut i = start;
    while i < source.lines.len() {
        match source.lines[i] {
            Line::Blank => {}
            Line::Cell(_) => return Err(err(i + 1, ImportErrorKind::CellInSystems)),
            Line::Text(t) => {
                if let Some((numeral, kind)) = next
                    && source.is_part_heading(i, numeral, *kind)
                {
                    break;
                }
                let next_system = catalog.systems.len() as u32 + 1;
                match system_heading(t) {
                    Some((num, title))
                        if num == chinese(next_system) && source.starts_system(i + 1) =>
                    {
                        catalog.systems.push(System {
                            no: next_system,
                            title: title.to_string(),
                            intro: String::new(),
                            sections: Vec::new(),
                        });
                    }
                    _ => match catalog.systems.last_mut() {
                        None => append_paragraph(&mut catalog.systems_intro, t),
                        Some(system) => {
                            let expected = chinese(system.sections.len() as u32 + 1);
                            match section_heading(t) {
                                Some((num, title)) if num == expected => {
                                    system.sections.push(Section {
                                        numeral: expected,
                                        title: title.to_string(),
                                        text: String::new(),
                                    });
                                }
                                _ => match system.sections.last_mut() {
                                    Some(section) => append_paragraph(&mut section.text, t),
                                    None => append_paragraph(&mut system.intro, t),
                                },
                            }
                        }
                    },
                }
            }
        }
        i += 1;
    }
    if catalog.systems.is_empty() {
        return Err(err(start, ImportErrorKind::NoSystems));
    }
    Ok(i)
}
