//! Who is asking: an anonymous visitor or a signed-in user.

use crate::{Certificate, Role};

/// A signed-in user, as the policy sees them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    /// The user's id in the store.
    pub user_id: i64,
    /// The sign-in name.
    pub username: String,
    /// The user's one role.
    pub role: Role,
    /// The office (股室) the user belongs to, if any. Binding for officers; leaders, legal
    /// and admin oversee every office.
    pub office: Option<String>,
    /// The enforcement certificate, for officers who hold one.
    pub certificate: Option<Certificate>,
}

/// The party a request comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    /// Not signed in. May do what [`Role::Public`] may do; anything else is
    /// [`crate::DenyCode::Unauthenticated`].
    Anonymous,
    /// A signed-in user.
    User(Actor),
}

impl Subject {
    /// The signed-in user, if any.
    pub fn actor(&self) -> Option<&Actor> {
        match self {
            Subject::Anonymous => None,
            Subject::User(actor) => Some(actor),
        }
    }

    /// The role the policy applies: [`Role::Public`] for anonymous visitors.
    pub fn role(&self) -> Role {
        self.actor().map_or(Role::Public, |actor| actor.role)
    }
}

impl From<Actor> for Subject {
    fn from(actor: Actor) -> Self {
        Subject::User(actor)
    }
}
