//! The catalog as search documents (what search covers).

use qingdan_core::Catalog;
use qingdan_search::Doc;

/// Kinds of search document, with their Chinese labels.
pub const KINDS: &[(&str, &str)] = &[
    ("duty", "部门职责"),
    ("item", "具体工作事项"),
    ("boundary", "职责边界"),
    ("system", "监管制度"),
    ("service", "公共服务"),
];

/// The Chinese label of a kind.
pub fn kind_label(kind: &str) -> &'static str {
    KINDS
        .iter()
        .find(|(k, _)| *k == kind)
        .map(|(_, l)| *l)
        .unwrap_or("其他")
}

/// Every searchable thing in a catalog: duties, items, boundaries, systems, services.
pub fn catalog_docs(c: &Catalog) -> Vec<Doc> {
    let mut docs = Vec::new();
    for d in &c.duties {
        docs.push(Doc {
            kind: "duty".into(),
            reference: d.no.to_string(),
            title: format!("职责{}", d.no),
            body: d.text.clone(),
        });
        let offices = d.item_offices(&c.bureau);
        for (item, office) in d.items.iter().zip(offices) {
            docs.push(Doc {
                kind: "item".into(),
                reference: format!("{}.{}", d.no, item.no),
                title: format!("工作事项 {}.{}（{}）", d.no, item.no, office),
                body: if item.note.is_empty() {
                    item.text.clone()
                } else {
                    format!("{}\n备注：{}", item.text, item.note)
                },
            });
        }
    }
    for b in &c.boundaries {
        let mut body = String::new();
        for p in &b.parties {
            body.push_str(&format!("{}：{}\n", p.department, p.division));
        }
        body.push_str(&format!("依据：{}\n案例：{}", b.basis, b.example));
        docs.push(Doc {
            kind: "boundary".into(),
            reference: b.no.to_string(),
            title: format!("职责边界{}：{}", b.no, b.matter),
            body,
        });
    }
    for s in &c.systems {
        let mut body = s.intro.clone();
        for sec in &s.sections {
            body.push_str(&format!("\n{}、{}\n{}", sec.numeral, sec.title, sec.text));
        }
        docs.push(Doc {
            kind: "system".into(),
            reference: s.no.to_string(),
            title: format!("{} {}", s.mark(), s.title),
            body,
        });
    }
    for s in &c.services {
        docs.push(Doc {
            kind: "service".into(),
            reference: s.no.to_string(),
            title: s.name.clone(),
            body: format!(
                "{}\n承办机构：{}\n联系电话：{}",
                s.content, s.office, s.phone
            ),
        });
    }
    docs
}
