//! `qingdan route`: the department responsible for a matter (§二), as the API answers it.

use crate::DbArgs;
use crate::common::{DEFAULT_LIST, UserError};
use anyhow::Result;
use qingdan_app::routing::RouteResponse;

pub(crate) async fn route(db: &DbArgs, text: &str, json: bool) -> Result<()> {
    let store = db.open().await?;
    let catalog = match store.current_catalog().await? {
        Some(stored) => stored.catalog,
        None => qingdan_core::parse_list(DEFAULT_LIST)
            .map_err(|e| anyhow::anyhow!("内置清单无法导入：{e}"))?,
    };
    store.close().await;
    let router = qingdan_routing::Router::new(&catalog);
    let r: RouteResponse = router
        .resolve(text)
        .map_err(|e| UserError(format!("{e}（text）")))?
        .into();
    if json {
        println!("{}", serde_json::to_string_pretty(&r)?);
        return Ok(());
    }
    match &r.department {
        Some(d) => println!("负责部门：{d}"),
        None => println!("负责部门：清单未明确"),
    }
    if let (Some(no), Some(m)) = (r.boundary_no, &r.matter) {
        println!("职责边界：第 {no} 项 {m}");
    }
    if let Some(div) = &r.division {
        println!("职责分工：{div}");
    }
    println!("说明：{}", r.explanation);
    if let Some(b) = &r.basis {
        println!("依据：{}", b.replace('\n', " "));
    }
    Ok(())
}
