//! The access policy: which roles may attempt which action ([`MATRIX`], data) and the
//! conditions on the record and the person ([`authorize`], code).
//!
//! [`authorize`] checks, in this order, and stops at the first failure:
//! 1. **role** — the subject's role must be listed for the action in [`MATRIX`]; an anonymous
//!    visitor counts as [`Role::Public`] and, refused, gets [`DenyCode::Unauthenticated`]
//!    (signing in might help), a signed-in user [`DenyCode::Forbidden`];
//! 2. **publication** — [`Action::ViewPublished`] of a record shows it only if it is published;
//! 3. **record** — [`Action::ActOnCase`], [`Action::ViewCase`] and [`Action::HandleComplaint`]
//!    are about one record and are refused without one (fail closed);
//! 4. **handler** — [`Action::ViewComplaintIdentity`] only for a user listed in the record's
//!    `handlers` ([`DenyCode::NotHandler`]);
//! 5. **office** — an officer may [`Action::CreateCase`], [`Action::ActOnCase`],
//!    [`Action::ViewCase`], [`Action::HandleComplaint`] and [`Action::PlanInspections`] only for a record of their own office
//!    ([`DenyCode::OtherOffice`]); leaders, legal and admin are not bound to an office, and a
//!    record of no office binds no one;
//! 6. **certificate** — enforcement ([`Action::is_enforcement`]) needs a certificate valid on
//!    the day ([`DenyCode::NoCertificate`], [`DenyCode::CertificateExpired`]).

use jiff::civil::Date;

use crate::{Actor, Role, Subject};

/// Something a user may ask to do. Each names a capability of the product, present or coming.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Action {
    /// 查看公开信息：公开页面、已公开的检查结果和行政处罚决定。记录未公开的，不予显示。
    ViewPublished,
    /// 浏览责任清单（职责、边界、监管制度、公共服务）。
    ViewCatalog,
    /// 全文检索。
    Search,
    /// 查询某一事项由哪个部门负责（职责边界）。
    RouteMatter,
    /// 投诉举报违法行为（公众可匿名提交）。
    ReportViolation,
    /// 使用处罚裁量计算（规则计算器）：执法人员、分管领导、法制股、系统管理员。
    AssessRules,
    /// 导入责任清单的新版本：系统管理员。
    ImportCatalog,
    /// 管理用户（创建、停用、分配角色和股室）：系统管理员。
    ManageUsers,
    /// 管理股室：系统管理员。
    ManageOffices,
    /// 查看审计日志：分管领导、法制股、系统管理员。
    ViewAudit,
    /// 校验审计日志的哈希链：系统管理员、法制股。
    VerifyAudit,
    /// 立案：持有当日有效执法证的执法人员（记录所属股室须为本人股室）。
    CreateCase,
    /// 办理案件（调查取证、告知、送达等执法行为）：案件所属股室的执法人员，且执法证当日有效。
    ActOnCase,
    /// 查看案件：案件所属股室的执法人员，以及分管领导、法制股、系统管理员（不限股室）。
    ViewCase,
    /// 审批案件（立案、处罚决定等）：分管领导。
    ApproveCase,
    /// 法制审核：法制股。
    LegalReview,
    /// 查看投诉人身份：仅限承办该投诉的人员（记录列明承办人）。
    ViewComplaintIdentity,
    /// 办理投诉（查看、受理、答复、转交）：投诉所属股室的执法人员，以及分管领导。
    HandleComplaint,
    /// 编制检查计划：执法人员（本股室）、分管领导。
    PlanInspections,
    /// 审批检查（检查审批表）：分管领导。
    ApproveInspection,
    /// 办理检查任务（开展检查、记录步骤、上传附件）：本股室的执法人员，以及分管领导。
    ConductInspection,
    /// 监督执法：案卷评查、过错追究等（§三(一)）：法制股。
    ReviewEnforcement,
    /// 安全管理：查看和解除登录延迟，查看会话、密码策略和审计锚点状态：安全管理员（三员分立）。
    ManageSecurity,
}

const ALL_ACTIONS: [Action; 23] = [
    Action::ViewPublished,
    Action::ViewCatalog,
    Action::Search,
    Action::RouteMatter,
    Action::ReportViolation,
    Action::AssessRules,
    Action::ImportCatalog,
    Action::ManageUsers,
    Action::ManageOffices,
    Action::ViewAudit,
    Action::VerifyAudit,
    Action::CreateCase,
    Action::ActOnCase,
    Action::ViewCase,
    Action::ApproveCase,
    Action::LegalReview,
    Action::ViewComplaintIdentity,
    Action::HandleComplaint,
    Action::PlanInspections,
    Action::ApproveInspection,
    Action::ConductInspection,
    Action::ReviewEnforcement,
    Action::ManageSecurity,
];

/// Every action, in declaration order.
pub fn all_actions() -> &'static [Action] {
    &ALL_ACTIONS
}

impl Action {
    /// A stable snake_case identifier, for logs and audit events.
    pub const fn as_str(self) -> &'static str {
        match self {
            Action::ViewPublished => "view_published",
            Action::ViewCatalog => "view_catalog",
            Action::Search => "search",
            Action::RouteMatter => "route_matter",
            Action::ReportViolation => "report_violation",
            Action::AssessRules => "assess_rules",
            Action::ImportCatalog => "import_catalog",
            Action::ManageUsers => "manage_users",
            Action::ManageOffices => "manage_offices",
            Action::ViewAudit => "view_audit",
            Action::VerifyAudit => "verify_audit",
            Action::CreateCase => "create_case",
            Action::ActOnCase => "act_on_case",
            Action::ViewCase => "view_case",
            Action::ApproveCase => "approve_case",
            Action::LegalReview => "legal_review",
            Action::ViewComplaintIdentity => "view_complaint_identity",
            Action::HandleComplaint => "handle_complaint",
            Action::PlanInspections => "plan_inspections",
            Action::ApproveInspection => "approve_inspection",
            Action::ConductInspection => "conduct_inspection",
            Action::ReviewEnforcement => "review_enforcement",
            Action::ManageSecurity => "manage_security",
        }
    }

    /// The action as a Chinese verb phrase, used in messages ("无权{label}").
    pub const fn label(self) -> &'static str {
        match self {
            Action::ViewPublished => "查看公开信息",
            Action::ViewCatalog => "浏览责任清单",
            Action::Search => "检索",
            Action::RouteMatter => "查询事项的主管部门",
            Action::ReportViolation => "投诉举报",
            Action::AssessRules => "使用处罚裁量计算",
            Action::ImportCatalog => "导入责任清单",
            Action::ManageUsers => "管理用户",
            Action::ManageOffices => "管理股室",
            Action::ViewAudit => "查看审计日志",
            Action::VerifyAudit => "校验审计日志",
            Action::CreateCase => "立案",
            Action::ActOnCase => "办理案件",
            Action::ViewCase => "查看案件",
            Action::ApproveCase => "审批案件",
            Action::LegalReview => "进行法制审核",
            Action::ViewComplaintIdentity => "查看投诉人身份",
            Action::HandleComplaint => "办理投诉",
            Action::PlanInspections => "编制检查计划",
            Action::ApproveInspection => "审批检查",
            Action::ConductInspection => "办理检查任务",
            Action::ReviewEnforcement => "监督执法",
            Action::ManageSecurity => "进行安全管理",
        }
    }

    /// Enforcement proper: needs an officer certificate valid on the day.
    pub const fn is_enforcement(self) -> bool {
        matches!(self, Action::CreateCase | Action::ActOnCase)
    }

    /// Whether only a signed-in user may do it (its roles in [`MATRIX`] exclude
    /// [`Role::Public`]).
    pub fn requires_sign_in(self) -> bool {
        !allowed_roles(self).contains(&Role::Public)
    }
}

const EVERYONE: &[Role] = &[
    Role::Public,
    Role::Officer,
    Role::Leader,
    Role::Legal,
    Role::Admin,
    Role::Auditor,
    Role::Security,
];

/// Which roles may attempt each action. Every action appears exactly once (tested).
///
/// Listing a role is necessary, not sufficient: [`authorize`] then applies the record and
/// certificate conditions described in the [module documentation](self). [`Role::Public`]
/// also admits anonymous visitors.
pub const MATRIX: &[(Action, &[Role])] = &[
    (Action::ViewPublished, EVERYONE),
    (Action::ViewCatalog, EVERYONE),
    (Action::Search, EVERYONE),
    (Action::RouteMatter, EVERYONE),
    (Action::ReportViolation, EVERYONE),
    // The fines, procedures and discretion benchmark are published law (行政处罚法 art. 34):
    // anyone may use the calculator; only applying it to a case is enforcement.
    (Action::AssessRules, EVERYONE),
    (Action::ImportCatalog, &[Role::Admin]),
    (Action::ManageUsers, &[Role::Admin]),
    (Action::ManageOffices, &[Role::Admin]),
    // 三员分立 (等保 2.0 level 3): the 审计管理员 reads and verifies the record, the 系统管理员
    // (whose own acts it records) does neither.
    (
        Action::ViewAudit,
        &[Role::Leader, Role::Legal, Role::Auditor],
    ),
    (Action::VerifyAudit, &[Role::Legal, Role::Auditor]),
    // Admin manages but does not enforce, and reads no case: never CreateCase, ActOnCase,
    // ViewCase, ApproveCase, LegalReview.
    (Action::CreateCase, &[Role::Officer]),
    (Action::ActOnCase, &[Role::Officer]),
    (
        Action::ViewCase,
        &[Role::Officer, Role::Leader, Role::Legal],
    ),
    (Action::ApproveCase, &[Role::Leader]),
    (Action::LegalReview, &[Role::Legal]),
    // Who may be a handler; the record's handler list then decides.
    (
        Action::ViewComplaintIdentity,
        &[Role::Officer, Role::Leader, Role::Legal],
    ),
    // The office's officers and the leaders; the legal section oversees through case review.
    (Action::HandleComplaint, &[Role::Officer, Role::Leader]),
    (Action::PlanInspections, &[Role::Officer, Role::Leader]),
    (Action::ApproveInspection, &[Role::Leader]),
    (Action::ConductInspection, &[Role::Officer, Role::Leader]),
    (Action::ReviewEnforcement, &[Role::Legal]),
    // 三员分立: the 安全管理员 alone keeps the security settings and releases sign-in delays;
    // the 审计管理员 reads what he did.
    (Action::ManageSecurity, &[Role::Security]),
];

/// The roles [`MATRIX`] lists for `action` (empty, so refused, if it were missing).
pub fn allowed_roles(action: Action) -> &'static [Role] {
    MATRIX
        .iter()
        .find(|(listed, _)| *listed == action)
        .map_or(&[], |(_, roles)| roles)
}

/// The record an action is performed on, as far as access depends on it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Record {
    /// The office (股室) the record belongs to; `None` binds no officer to an office.
    pub office: Option<String>,
    /// Whether it has been published (inspection results, penalty decisions).
    pub published: bool,
    /// The user ids handling it (a complaint's handlers).
    pub handlers: Vec<i64>,
}

impl Record {
    /// An unpublished record of `office` with no handlers.
    pub fn in_office(office: impl Into<String>) -> Record {
        Record {
            office: Some(office.into()),
            ..Record::default()
        }
    }

    /// The same record, published or not.
    #[must_use]
    pub fn with_published(mut self, published: bool) -> Record {
        self.published = published;
        self
    }

    /// The same record, handled by `handlers`.
    #[must_use]
    pub fn with_handlers(mut self, handlers: impl Into<Vec<i64>>) -> Record {
        self.handlers = handlers.into();
        self
    }
}

/// Why access was refused: a stable code for programs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DenyCode {
    /// Not signed in, and the action needs a signed-in user (the web layer answers 401).
    Unauthenticated,
    /// The role may not do this, or the record does not allow it (403).
    Forbidden,
    /// The officer's certificate expired before the day (403).
    CertificateExpired,
    /// The officer's certificate is not yet in force on the day (403).
    CertificateNotYetValid,
    /// The officer is suspended from enforcement (暂停行政执法活动, 403).
    Suspended,
    /// The officer's enforcement qualification was revoked (取消执法资格, 403).
    Revoked,
    /// Enforcement by someone with no certificate on record (403).
    NoCertificate,
    /// An officer acting on a record of another office (403).
    OtherOffice,
    /// Not one of the users handling the complaint (403).
    NotHandler,
}

impl DenyCode {
    /// A stable snake_case identifier (the API's `error.code`).
    pub const fn as_str(self) -> &'static str {
        match self {
            DenyCode::Unauthenticated => "unauthenticated",
            DenyCode::Forbidden => "forbidden",
            DenyCode::CertificateExpired => "certificate_expired",
            DenyCode::CertificateNotYetValid => "certificate_not_yet_valid",
            DenyCode::Suspended => "enforcement_suspended",
            DenyCode::Revoked => "enforcement_revoked",
            DenyCode::NoCertificate => "no_certificate",
            DenyCode::OtherOffice => "other_office",
            DenyCode::NotHandler => "not_handler",
        }
    }
}

/// A refusal: the code and a Chinese message fit to show the user.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct Denied {
    /// Why, for programs.
    pub code: DenyCode,
    /// Why, for people, in Chinese.
    pub message: String,
}

impl Denied {
    fn new(code: DenyCode, message: impl Into<String>) -> Denied {
        Denied {
            code,
            message: message.into(),
        }
    }
}

/// The conditions beyond the role that an action carries.
struct Conditions {
    /// Only a published record may be shown.
    published: bool,
    /// Refused without a record.
    record_required: bool,
    /// Only the record's handlers.
    handlers: bool,
    /// An officer only for a record of their own office.
    officer_office: bool,
}

const fn conditions(action: Action) -> Conditions {
    let none = Conditions {
        published: false,
        record_required: false,
        handlers: false,
        officer_office: false,
    };
    match action {
        Action::ViewPublished => Conditions {
            published: true,
            ..none
        },
        Action::CreateCase | Action::PlanInspections => Conditions {
            officer_office: true,
            ..none
        },
        Action::ActOnCase
        | Action::ViewCase
        | Action::HandleComplaint
        | Action::ConductInspection => Conditions {
            record_required: true,
            officer_office: true,
            ..none
        },
        Action::ViewComplaintIdentity => Conditions {
            handlers: true,
            ..none
        },
        Action::ViewCatalog
        | Action::Search
        | Action::RouteMatter
        | Action::ReportViolation
        | Action::AssessRules
        | Action::ImportCatalog
        | Action::ManageUsers
        | Action::ManageOffices
        | Action::ViewAudit
        | Action::VerifyAudit
        | Action::ApproveCase
        | Action::LegalReview
        | Action::ApproveInspection
        | Action::ReviewEnforcement
        | Action::ManageSecurity => none,
    }
}

/// Decides whether `subject` may perform `action` on `record` on the day `today`.
///
/// `record` is the record acted on, or `None` for actions without one (the catalog, the user
/// list, filing a case not yet tied to an office). The checks and their order are listed in
/// the [module documentation](self).
pub fn authorize(
    subject: &Subject,
    action: Action,
    record: Option<&Record>,
    today: Date,
) -> Result<(), Denied> {
    let roles = allowed_roles(action);
    let actor = match subject {
        Subject::Anonymous if roles.contains(&Role::Public) => None,
        Subject::Anonymous => {
            return Err(Denied::new(
                DenyCode::Unauthenticated,
                format!("请先登录，再{}", action.label()),
            ));
        }
        Subject::User(actor) if roles.contains(&actor.role) => Some(actor),
        Subject::User(actor) => return Err(forbidden_role(actor.role, action)),
    };
    let conditions = conditions(action);

    if conditions.published && record.is_some_and(|record| !record.published) {
        return Err(Denied::new(DenyCode::Forbidden, "该记录尚未公开"));
    }
    if conditions.record_required && record.is_none() {
        return Err(Denied::new(
            DenyCode::Forbidden,
            format!("未指明所操作的记录，无法{}", action.label()),
        ));
    }
    // Past the role check an anonymous visitor only holds public actions, which carry none of
    // the conditions below; should one ever do, the visitor is refused, not waved through.
    let Some(actor) = actor else {
        if conditions.handlers || conditions.officer_office || action.is_enforcement() {
            return Err(Denied::new(
                DenyCode::Unauthenticated,
                format!("请先登录，再{}", action.label()),
            ));
        }
        return Ok(());
    };

    if conditions.handlers {
        check_handler(actor, record)?;
    }
    if conditions.officer_office && actor.role == Role::Officer {
        check_office(actor, action, record)?;
    }
    if action.is_enforcement() {
        check_certificate(actor, today)?;
    }
    Ok(())
}

fn forbidden_role(role: Role, action: Action) -> Denied {
    let manages_only = role == Role::Admin
        && matches!(
            action,
            Action::CreateCase | Action::ActOnCase | Action::ApproveCase | Action::LegalReview
        );
    let separated = matches!(role, Role::Admin | Role::Auditor | Role::Security)
        && matches!(
            action,
            Action::ViewCase
                | Action::HandleComplaint
                | Action::ViewComplaintIdentity
                | Action::ViewAudit
                | Action::VerifyAudit
                | Action::ManageUsers
                | Action::ManageOffices
                | Action::ImportCatalog
                | Action::ManageSecurity
        );
    let message = if manages_only {
        format!(
            "系统管理员负责系统管理，不参与执法办案，无权{}",
            action.label()
        )
    } else if separated {
        format!(
            "三员分立：{}无权{}（系统管理员管理用户、股室和清单，安全管理员管理安全策略和登录限制，审计管理员查看和核验审计记录，均不阅看案件和投诉）",
            role.label(),
            action.label()
        )
    } else {
        format!("{}无权{}", role.label(), action.label())
    };
    Denied::new(DenyCode::Forbidden, message)
}

fn check_handler(actor: &Actor, record: Option<&Record>) -> Result<(), Denied> {
    match record {
        Some(record) if record.handlers.contains(&actor.user_id) => Ok(()),
        Some(_) => Err(Denied::new(
            DenyCode::NotHandler,
            "只有承办该投诉的人员才能查看投诉人身份",
        )),
        None => Err(Denied::new(
            DenyCode::NotHandler,
            "未指明投诉记录，无法确认您是否承办该投诉",
        )),
    }
}

fn check_office(actor: &Actor, action: Action, record: Option<&Record>) -> Result<(), Denied> {
    let Some(office) = record.and_then(|record| record.office.as_deref()) else {
        return Ok(());
    };
    match actor.office.as_deref() {
        Some(own) if own == office => Ok(()),
        Some(own) => Err(Denied::new(
            DenyCode::OtherOffice,
            format!(
                "该记录属于“{office}”，您属于“{own}”，无权{}",
                action.label()
            ),
        )),
        None => Err(Denied::new(
            DenyCode::OtherOffice,
            format!(
                "该记录属于“{office}”，您未归属任何股室，无权{}",
                action.label()
            ),
        )),
    }
}

/// Whether the actor may carry out enforcement today: `qingdan_personnel::may_enforce` decides;
/// the policy words it for the person themself.
fn check_certificate(actor: &Actor, today: Date) -> Result<(), Denied> {
    use qingdan_personnel::Ineligible;
    match qingdan_personnel::may_enforce(actor.certificate.as_ref(), today) {
        Ok(()) => Ok(()),
        Err(Ineligible::NoCertificate) => Err(Denied::new(
            DenyCode::NoCertificate,
            "未登记执法证，不能实施执法行为",
        )),
        Err(Ineligible::NotYetValid { from, .. }) => Err(Denied::new(
            DenyCode::CertificateNotYetValid,
            format!("执法证自 {from} 起生效，此前不能实施执法行为"),
        )),
        Err(Ineligible::Expired { until, .. }) => Err(Denied::new(
            DenyCode::CertificateExpired,
            format!("执法证已于 {until} 过期，不能实施执法行为"),
        )),
        Err(Ineligible::Suspended { since }) => Err(Denied::new(
            DenyCode::Suspended,
            format!("您自 {since} 起被暂停行政执法活动，不能实施执法行为"),
        )),
        Err(Ineligible::Revoked { on }) => Err(Denied::new(
            DenyCode::Revoked,
            format!("您的执法资格已于 {on} 被取消，不能实施执法行为"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Exhaustive: adding an `Action` variant fails to compile until it is numbered here.
    fn ordinal(action: Action) -> usize {
        match action {
            Action::ViewPublished => 0,
            Action::ViewCatalog => 1,
            Action::Search => 2,
            Action::RouteMatter => 3,
            Action::ReportViolation => 4,
            Action::AssessRules => 5,
            Action::ImportCatalog => 6,
            Action::ManageUsers => 7,
            Action::ManageOffices => 8,
            Action::ViewAudit => 9,
            Action::VerifyAudit => 10,
            Action::CreateCase => 11,
            Action::ActOnCase => 12,
            Action::ViewCase => 13,
            Action::ApproveCase => 14,
            Action::LegalReview => 15,
            Action::ViewComplaintIdentity => 16,
            Action::HandleComplaint => 17,
            Action::PlanInspections => 18,
            Action::ApproveInspection => 19,
            Action::ConductInspection => 20,
            Action::ReviewEnforcement => 21,
            Action::ManageSecurity => 22,
        }
    }
    const VARIANTS: usize = 23;

    #[test]
    fn all_actions_lists_every_variant_once() {
        let mut seen = [0; VARIANTS];
        for &action in all_actions() {
            seen[ordinal(action)] += 1;
        }
        assert_eq!(seen, [1; VARIANTS]);
    }

    #[test]
    fn every_action_appears_in_matrix_exactly_once() {
        let mut seen = [0; VARIANTS];
        for (action, _) in MATRIX {
            seen[ordinal(*action)] += 1;
        }
        for &action in all_actions() {
            assert_eq!(seen[ordinal(action)], 1, "{action:?} in MATRIX");
        }
        assert_eq!(MATRIX.len(), VARIANTS);
    }

    #[test]
    fn matrix_rows_list_each_role_at_most_once_and_never_empty() {
        for (action, roles) in MATRIX {
            assert!(!roles.is_empty(), "{action:?} admits no one");
            for role in Role::ALL {
                assert!(
                    roles.iter().filter(|&&r| r == role).count() <= 1,
                    "{action:?} lists {role:?} twice"
                );
            }
        }
    }

    #[test]
    fn admin_manages_but_never_enforces() {
        for action in [
            Action::CreateCase,
            Action::ActOnCase,
            Action::ApproveCase,
            Action::LegalReview,
        ] {
            assert!(!allowed_roles(action).contains(&Role::Admin), "{action:?}");
        }
    }

    #[test]
    fn identifiers_are_distinct() {
        let mut names: Vec<_> = all_actions().iter().map(|a| a.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), VARIANTS);
    }
}
