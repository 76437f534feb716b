//! Where each search document is shown (what search covers: `qingdan_app::catalog`).

pub use qingdan_app::catalog::{KINDS, catalog_docs, kind_label};

/// The page a search hit is shown on.
pub fn url_of(kind: &str, reference: &str) -> String {
    match kind {
        "duty" => format!("/duties#duty-{reference}"),
        "item" => format!("/duties#item-{}", reference.replace('.', "-")),
        "boundary" => format!("/boundaries/{reference}"),
        "system" => format!("/systems/{reference}"),
        "service" => format!("/services#service-{reference}"),
        _ => "/".into(),
    }
}
