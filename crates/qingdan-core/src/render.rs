//! Writes a catalog back in the published text format, so that `parse_list(render(c)) == c`.
//!
//! This is what proves the importer lossless: the non-blank characters of `render(parse(src))`
//! are those of `src`, in the same order.

use crate::catalog::{Catalog, PartKind};
use crate::numeral::chinese;

/// The published text form of a catalog.
pub fn render(c: &Catalog) -> String {
    let mut out = String::new();
    out.push_str(&c.title);
    out.push_str("\n\n");
    for part in &c.parts {
        out.push_str(&format!("{}、{}\n\n", part.numeral, part.title));
        match part.kind {
            PartKind::Duties => {
                row(&mut out, part.columns.iter().map(String::as_str));
                for d in &c.duties {
                    let no = d.no.to_string();
                    if d.items.is_empty() {
                        row(&mut out, [no.as_str(), &d.text, "", ""]);
                    }
                    for (k, item) in d.items.iter().enumerate() {
                        let (no, text) = if k == 0 {
                            (no.as_str(), d.text.as_str())
                        } else {
                            ("", "")
                        };
                        row(&mut out, [no, text, &item.text, &item.note]);
                    }
                }
            }
            PartKind::Boundaries => {
                row(&mut out, part.columns.iter().map(String::as_str));
                for b in &c.boundaries {
                    let no = b.no.to_string();
                    if b.parties.is_empty() {
                        row(
                            &mut out,
                            [no.as_str(), &b.matter, "", "", &b.basis, &b.example],
                        );
                    }
                    for (k, p) in b.parties.iter().enumerate() {
                        if k == 0 {
                            row(
                                &mut out,
                                [
                                    no.as_str(),
                                    &b.matter,
                                    &p.department,
                                    &p.division,
                                    &b.basis,
                                    &b.example,
                                ],
                            );
                        } else {
                            row(&mut out, ["", "", &p.department, &p.division, "", ""]);
                        }
                    }
                }
            }
            PartKind::Systems => {
                paragraphs(&mut out, &c.systems_intro);
                for s in &c.systems {
                    out.push_str(&format!("（{}）{}\n\n", chinese(s.no), s.title));
                    paragraphs(&mut out, &s.intro);
                    for sec in &s.sections {
                        out.push_str(&format!("{}、{}\n\n", sec.numeral, sec.title));
                        paragraphs(&mut out, &sec.text);
                    }
                }
            }
            PartKind::Services => {
                row(&mut out, part.columns.iter().map(String::as_str));
                for s in &c.services {
                    let no = s.no.to_string();
                    row(
                        &mut out,
                        [no.as_str(), &s.name, &s.content, &s.office, &s.phone],
                    );
                }
            }
        }
    }
    out
}

/// A table row: one tab-led line per cell; a cell's further paragraphs on their own lines.
fn row<'a>(out: &mut String, cells: impl IntoIterator<Item = &'a str>) {
    for cell in cells {
        let mut paras = cell.split('\n');
        out.push('\t');
        out.push_str(paras.next().unwrap_or(""));
        out.push('\n');
        for p in paras {
            out.push('\n');
            out.push_str(p);
            out.push('\n');
        }
    }
    out.push('\n');
}

fn paragraphs(out: &mut String, text: &str) {
    for p in text.split('\n').filter(|p| !p.is_empty()) {
        out.push_str(p);
        out.push_str("\n\n");
    }
}
