//! The people the database knows, as the enforcement rules and the access policy see them: the
//! one conversion from a stored user, so the policy and the engines judge the same certificate.

use crate::{App, AppError};
use qingdan_identity::{Actor, Role};
use qingdan_personnel::{By, Certificate, Person, Relation, Standing};
use qingdan_store::UserRecord;
use std::collections::BTreeMap;
use std::str::FromStr;

/// The stored user's enforcement certificate. A stored certificate that does not parse (edited
/// by hand) counts as none — no permission, never more — and is logged.
pub fn certificate_of(u: &UserRecord) -> Option<Certificate> {
    let (Some(number), Some(until)) = (&u.certificate_number, &u.certificate_valid_until) else {
        return None;
    };
    let parsed = (|| {
        let number = qingdan_identity::certificate::parse_number(number).ok()?;
        let valid_until = until.trim().parse().ok()?;
        let valid_from = match u.certificate_valid_from.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(f) => Some(f.parse().ok()?),
        };
        Some(Certificate {
            number,
            valid_from,
            valid_until,
            // Not stored yet: fault accountability (§三(一)四) will record suspensions and
            // revocations; until then every stored certificate is active.
            standing: Standing::Active,
        })
    })();
    if parsed.is_none() {
        tracing::error!(user = u.id, "stored enforcement certificate does not parse");
    }
    parsed
}

/// The enforcement rules' view of a stored user.
pub fn person(u: &UserRecord) -> Person {
    Person {
        username: u.username.clone(),
        role: By::from_role(&u.role),
        office: u.office.clone(),
        certificate: certificate_of(u),
    }
}

/// The access policy's view of a stored user. A stored role that does not parse is treated as
/// no permission at all (and logged), never as more.
pub fn actor_of(u: &UserRecord) -> Option<Actor> {
    let role = match Role::from_str(&u.role) {
        Ok(r) => r,
        Err(_) => {
            tracing::error!(user = u.id, role = %u.role, "stored role does not parse");
            return None;
        }
    };
    Some(Actor {
        user_id: u.id,
        username: u.username.clone(),
        role,
        office: u.office.clone(),
        certificate: certificate_of(u),
    })
}

/// The people named in a command, as the database knows them (unknown or disabled: absent).
pub async fn people(app: &App, names: &[String]) -> Result<BTreeMap<String, Person>, AppError> {
    let mut out = BTreeMap::new();
    for n in names {
        let n = n.trim();
        if n.is_empty() || out.contains_key(n) || n.chars().count() > 64 {
            continue;
        }
        if let Some(u) = app.store().user_by_name(n).await?
            && !u.disabled
        {
            out.insert(n.to_string(), person(&u));
        }
    }
    Ok(out)
}

/// Every declared conflict of interest (回避).
pub async fn relations(app: &App) -> Result<Vec<Relation>, AppError> {
    Ok(app
        .store()
        .conflicts()
        .await?
        .into_iter()
        .map(|c| Relation {
            officer: c.officer,
            target: c.target,
            nature: c.reason,
        })
        .collect())
}
