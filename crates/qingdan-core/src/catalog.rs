//! The responsibility list (责任清单) as structured data.
//!
//! A list has four parts, always in this order in the published format:
//! 一、部门职责 (duties and their work items), 二、与相关部门的职责边界 (boundaries),
//! 三、事中事后监管制度 (supervision systems) and 四、公共服务事项 (public services).
//! Every character of the published text has a place here; [`crate::render`] writes it back.

use serde::{Deserialize, Serialize};

/// A whole responsibility list, as imported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Catalog {
    /// The document title, e.g. `安化县工业和信息化局责任清单`.
    pub title: String,
    /// The bureau the list belongs to, e.g. `安化县工业和信息化局` (the title without `责任清单`).
    pub bureau: String,
    /// The four part headings with their table columns, in document order.
    pub parts: Vec<Part>,
    /// 一、部门职责.
    pub duties: Vec<Duty>,
    /// 二、与相关部门的职责边界.
    pub boundaries: Vec<Boundary>,
    /// 三、事中事后监管制度: text between the part heading and the first system, usually empty.
    #[serde(default)]
    pub systems_intro: String,
    /// 三、事中事后监管制度: the systems §三(一), §三(二) ...
    pub systems: Vec<System>,
    /// 四、公共服务事项.
    pub services: Vec<Service>,
}

/// Which of the four parts a heading introduces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PartKind {
    /// 部门职责: a table of duties and work items.
    Duties,
    /// 与相关部门的职责边界: a table of boundary matters.
    Boundaries,
    /// 事中事后监管制度: free text, one system after another.
    Systems,
    /// 公共服务事项: a table of services.
    Services,
}

impl PartKind {
    /// The four kinds in the order the published format requires.
    pub const ORDER: [PartKind; 4] = [
        PartKind::Duties,
        PartKind::Boundaries,
        PartKind::Systems,
        PartKind::Services,
    ];

    /// The table header the published format uses for this part (empty for free text).
    pub fn columns(self) -> &'static [&'static str] {
        match self {
            PartKind::Duties => &["序号", "主要职责", "具体工作事项", "备注"],
            PartKind::Boundaries => &[
                "序号",
                "管理事项",
                "相关部门",
                "职责分工",
                "相关依据",
                "案例",
            ],
            PartKind::Systems => &[],
            PartKind::Services => &["序号", "服务事项", "主要工作内容", "承办机构", "联系电话"],
        }
    }

    /// A short Chinese name for messages.
    pub fn label(self) -> &'static str {
        match self {
            PartKind::Duties => "部门职责",
            PartKind::Boundaries => "职责边界",
            PartKind::Systems => "事中事后监管制度",
            PartKind::Services => "公共服务事项",
        }
    }
}

/// A part heading such as `一、部门职责`, with the table header that follows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Part {
    /// Which part this is.
    pub kind: PartKind,
    /// Its Chinese ordinal, e.g. `一`.
    pub numeral: String,
    /// Its title, e.g. `部门职责`.
    pub title: String,
    /// The table header cells as published (empty for the systems part).
    pub columns: Vec<String>,
}

/// A duty (主要职责) with its work items (具体工作事项).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Duty {
    /// The 序号 as published (1-based).
    pub no: u32,
    /// The duty's text.
    pub text: String,
    /// Its work items in order.
    pub items: Vec<WorkItem>,
}

/// One work item (具体工作事项) of a duty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkItem {
    /// Position within the duty, 1-based (the list does not number items; we do).
    pub no: u32,
    /// The item's text.
    pub text: String,
    /// The 备注 cell as published, often the office that carries the item; empty when blank.
    pub note: String,
}

/// A boundary matter (管理事项) shared between departments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Boundary {
    /// The 序号 as published.
    pub no: u32,
    /// The matter, e.g. `散装水泥推广应用监管`.
    pub matter: String,
    /// 相关依据: the legal basis, paragraphs separated by `\n`.
    pub basis: String,
    /// 案例: the case example, paragraphs separated by `\n`.
    pub example: String,
    /// Each department (相关部门) with its division of work (职责分工).
    pub parties: Vec<BoundaryParty>,
}

/// One department's row in a boundary matter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoundaryParty {
    /// The department, e.g. `县住建局`.
    pub department: String,
    /// Its division of work.
    pub division: String,
}

/// A supervision system (监管制度), §三(一) to §三(八) in the Anhua list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct System {
    /// Position, 1-based: 5 is §三(五).
    pub no: u32,
    /// The title, e.g. `建筑工程散装水泥使用情况的监督检查`.
    pub title: String,
    /// Text between the title and the first section, paragraphs separated by `\n`.
    #[serde(default)]
    pub intro: String,
    /// Its sections (一、监督检查对象, 二、监督检查内容 ...).
    pub sections: Vec<Section>,
}

/// A section of a supervision system.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Section {
    /// The Chinese ordinal as published, e.g. `三`.
    pub numeral: String,
    /// The title without its ordinal, e.g. `监督检查方式及程序`.
    pub title: String,
    /// The text; paragraphs (each numbered clause is one) separated by `\n`.
    pub text: String,
}

/// A public service (公共服务事项).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Service {
    /// The 序号 as published.
    pub no: u32,
    /// 服务事项.
    pub name: String,
    /// 主要工作内容.
    pub content: String,
    /// 承办机构.
    pub office: String,
    /// 联系电话 as published, e.g. `0737-7230976`.
    pub phone: String,
}

/// The counts the catalog API reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    /// Duties.
    pub duties: usize,
    /// Work items over all duties.
    pub items: usize,
    /// Boundary matters.
    pub boundaries: usize,
    /// Supervision systems.
    pub systems: usize,
    /// Public services.
    pub services: usize,
}

impl Catalog {
    /// How many of each thing the list holds.
    pub fn counts(&self) -> Counts {
        Counts {
            duties: self.duties.len(),
            items: self.duties.iter().map(|d| d.items.len()).sum(),
            boundaries: self.boundaries.len(),
            systems: self.systems.len(),
            services: self.services.len(),
        }
    }

    /// The heading of a part, if the list has it.
    pub fn part(&self, kind: PartKind) -> Option<&Part> {
        self.parts.iter().find(|p| p.kind == kind)
    }

    /// A duty by its 序号.
    pub fn duty(&self, no: u32) -> Option<&Duty> {
        self.duties.iter().find(|d| d.no == no)
    }

    /// A boundary by its 序号.
    pub fn boundary(&self, no: u32) -> Option<&Boundary> {
        self.boundaries.iter().find(|b| b.no == no)
    }

    /// The offices (股室) the list names: the 备注 of work items and the 承办机构 of services
    /// (without “及相关业务股室”), each once, in order of appearance.
    pub fn offices(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let notes = self
            .duties
            .iter()
            .flat_map(|d| d.items.iter().map(|i| i.note.as_str()));
        let services = self.services.iter().map(|s| s.office.as_str());
        for name in notes.chain(services) {
            let name = name.trim().trim_end_matches("及相关业务股室").trim();
            if !name.is_empty() && !out.iter().any(|o| o == name) {
                out.push(name.to_string());
            }
        }
        out
    }

    /// A system by its position (5 for §三(五)).
    pub fn system(&self, no: u32) -> Option<&System> {
        self.systems.iter().find(|s| s.no == no)
    }
}

impl Duty {
    /// The office that carries each item, reading the 备注 column as the published Word table
    /// does: a note names the office for its row and, where the following rows are blank (a
    /// merged cell), for those rows too; items before any note belong to the bureau itself.
    pub fn item_offices<'a>(&'a self, bureau: &'a str) -> Vec<&'a str> {
        let mut current = bureau;
        self.items
            .iter()
            .map(|item| {
                if !item.note.is_empty() {
                    current = item.note.as_str();
                }
                current
            })
            .collect()
    }
}

impl System {
    /// The list's mark for this system, e.g. `三(五)`.
    pub fn mark(&self) -> String {
        format!("三({})", crate::numeral::chinese(self.no))
    }
}
