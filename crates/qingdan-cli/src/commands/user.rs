//! `qingdan user create`: a user with the password from standard input, through the
//! application's `users` use case.

use crate::DbArgs;
use crate::common::{UserError, app_error, ensure_offices, now};
use anyhow::{Result, bail};

/// The first line of standard input, without its line ending.
pub(crate) fn read_password() -> Result<String> {
    let mut line = String::new();
    std::io::stdin()
        .read_line(&mut line)
        .map_err(|e| UserError(format!("无法从标准输入读取密码：{e}")))?;
    let password = line.trim_end_matches(['\r', '\n']).to_string();
    if password.is_empty() {
        bail!(UserError("请在标准输入中提供密码（第一行）".into()));
    }
    Ok(password)
}

pub(crate) async fn user_create(db: &DbArgs, request: qingdan_app::users::NewUser) -> Result<()> {
    let prepared = qingdan_app::users::prepare(&request).map_err(app_error)?;
    let role = prepared.role;
    let store = db.open().await?;
    ensure_offices(&store, "cli").await?;
    let user = qingdan_app::users::store(&store, &request, &prepared, "cli", &now())
        .await
        .map_err(app_error);
    store.close().await;
    let user = user?;
    println!(
        "已创建用户 {}（{}{}）{}",
        user.username,
        role.label(),
        user.office
            .as_deref()
            .map(|o| format!("，{o}"))
            .unwrap_or_default(),
        match (&user.certificate_valid_from, &user.certificate_valid_until) {
            (Some(from), Some(until)) => format!("，执法证有效期 {from} 至 {until}"),
            (None, Some(until)) => format!("，执法证有效期至 {until}"),
            _ => String::new(),
        }
    );
    Ok(())
}
