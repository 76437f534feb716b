//! The whole access policy as a table: every role (anonymous included) × every action, then
//! the conditions — certificates valid, expired, missing or not yet in force; own office,
//! other office, no office; handler or not; published or not. One row per case, each saying
//! which rule it proves.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]

use jiff::civil::{Date, date};
use qingdan_identity::{
    Action as A, Actor, Certificate, DenyCode, Record, Role, Subject, all_actions, authorize,
};

/// The day every decision is taken.
const TODAY: Date = date(2026, 3, 1);
/// The office of the case records below.
const ENFORCEMENT: &str = "执法股";
/// Another office.
const GENERAL: &str = "综合股";

/// Who asks. The first six are the baseline: one per role plus the anonymous visitor; the
/// baseline officer belongs to 执法股 and holds a certificate valid today.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum W {
    Anonymous,
    Public,
    Officer,
    Leader,
    Legal,
    Admin,
    /// 审计管理员 (三员分立).
    Auditor,
    /// 安全管理员 (三员分立).
    Security,
    /// 执法股, certificate expired 2026-01-31.
    OfficerExpired,
    /// 执法股, certificate's last day was yesterday.
    OfficerExpiredYesterday,
    /// 执法股, certificate's last day is today.
    OfficerLastDay,
    /// 执法股, certificate valid from today.
    OfficerFirstDay,
    /// 执法股, certificate valid only from 2026-06-01.
    OfficerNotYet,
    /// 执法股, no certificate on record.
    OfficerNoCert,
    /// 综合股, valid certificate.
    OfficerOther,
    /// 综合股, certificate expired.
    OfficerOtherExpired,
    /// No office, valid certificate.
    OfficerNoOffice,
    /// An administrator who happens to hold a valid certificate.
    AdminWithCert,
    /// A leader who holds a valid certificate.
    LeaderWithCert,
}

const OFFICER_ID: i64 = 2;
const LEADER_ID: i64 = 3;
const OTHER_OFFICER_ID: i64 = 12;

fn certificate(from: Option<Date>, until: Date) -> Option<Certificate> {
    Some(Certificate {
        number: "湘A-0001".into(),
        valid_from: from,
        valid_until: until,
        standing: qingdan_personnel::Standing::Active,
    })
}

fn valid() -> Option<Certificate> {
    certificate(Some(date(2024, 1, 1)), date(2027, 12, 31))
}

impl W {
    fn subject(self) -> Subject {
        let (id, role, office, cert) = match self {
            W::Anonymous => return Subject::Anonymous,
            W::Public => (1, Role::Public, None, None),
            W::Officer => (OFFICER_ID, Role::Officer, Some(ENFORCEMENT), valid()),
            W::Leader => (LEADER_ID, Role::Leader, Some(GENERAL), None),
            W::Legal => (4, Role::Legal, Some("法制股"), None),
            W::Admin => (5, Role::Admin, None, None),
            W::Auditor => (17, Role::Auditor, None, None),
            W::Security => (18, Role::Security, None, None),
            W::OfficerExpired => (
                6,
                Role::Officer,
                Some(ENFORCEMENT),
                certificate(None, date(2026, 1, 31)),
            ),
            W::OfficerExpiredYesterday => (
                7,
                Role::Officer,
                Some(ENFORCEMENT),
                certificate(None, date(2026, 2, 28)),
            ),
            W::OfficerLastDay => (
                8,
                Role::Officer,
                Some(ENFORCEMENT),
                certificate(None, TODAY),
            ),
            W::OfficerFirstDay => (
                9,
                Role::Officer,
                Some(ENFORCEMENT),
                certificate(Some(TODAY), date(2029, 2, 28)),
            ),
            W::OfficerNotYet => (
                10,
                Role::Officer,
                Some(ENFORCEMENT),
                certificate(Some(date(2026, 6, 1)), date(2029, 5, 31)),
            ),
            W::OfficerNoCert => (11, Role::Officer, Some(ENFORCEMENT), None),
            W::OfficerOther => (OTHER_OFFICER_ID, Role::Officer, Some(GENERAL), valid()),
            W::OfficerOtherExpired => (
                13,
                Role::Officer,
                Some(GENERAL),
                certificate(None, date(2026, 1, 31)),
            ),
            W::OfficerNoOffice => (14, Role::Officer, None, valid()),
            W::AdminWithCert => (15, Role::Admin, Some(ENFORCEMENT), valid()),
            W::LeaderWithCert => (16, Role::Leader, Some(ENFORCEMENT), valid()),
        };
        Subject::User(Actor {
            user_id: id,
            username: format!("user{id}"),
            role,
            office: office.map(str::to_owned),
            certificate: cert,
        })
    }
}

/// What is acted on.
#[derive(Debug, Clone, Copy)]
enum R {
    /// No record (a page, a list, a form).
    NoRecord,
    /// An unpublished case of 执法股.
    Case,
    /// A case of no office.
    Unscoped,
    /// A published result of 执法股.
    Published,
    /// An unpublished result of 执法股.
    Unpublished,
    /// A complaint of 执法股 handled by the baseline officer and leader.
    Complaint,
    /// A complaint of 执法股 handled only by the 综合股 officer.
    ComplaintOthers,
}

impl R {
    fn record(self) -> Option<Record> {
        match self {
            R::NoRecord => None,
            R::Case => Some(Record::in_office(ENFORCEMENT)),
            R::Unscoped => Some(Record::default()),
            R::Published => Some(Record::in_office(ENFORCEMENT).with_published(true)),
            R::Unpublished => Some(Record::in_office(ENFORCEMENT)),
            R::Complaint => {
                Some(Record::in_office(ENFORCEMENT).with_handlers([OFFICER_ID, LEADER_ID]))
            }
            R::ComplaintOthers => {
                Some(Record::in_office(ENFORCEMENT).with_handlers([OTHER_OFFICER_ID]))
            }
        }
    }
}

const OK: Option<DenyCode> = None;
const UNAUTH: Option<DenyCode> = Some(DenyCode::Unauthenticated);
const FORBID: Option<DenyCode> = Some(DenyCode::Forbidden);
const EXPIRED: Option<DenyCode> = Some(DenyCode::CertificateExpired);
const NOCERT: Option<DenyCode> = Some(DenyCode::NoCertificate);
const NOTYET: Option<DenyCode> = Some(DenyCode::CertificateNotYetValid);
const OTHER: Option<DenyCode> = Some(DenyCode::OtherOffice);
const NOTHAND: Option<DenyCode> = Some(DenyCode::NotHandler);

#[rustfmt::skip]
const TABLE: &[(W, A, R, Option<DenyCode>)] = &[
    // ── Baseline: every role × every action ───────────────────────────────────────────────
    // Public pages need no sign-in and are the same for everyone.
    (W::Anonymous, A::ViewPublished, R::Published, OK),       // a published result is public
    (W::Public,    A::ViewPublished, R::Published, OK),       // … to signed-in public users
    (W::Officer,   A::ViewPublished, R::Published, OK),       // … and to staff
    (W::Leader,    A::ViewPublished, R::Published, OK),
    (W::Legal,     A::ViewPublished, R::Published, OK),
    (W::Admin,     A::ViewPublished, R::Published, OK),
    (W::Auditor,   A::ViewPublished, R::Published, OK),
    (W::Security,  A::ViewPublished, R::Published, OK),
    (W::Anonymous, A::ViewCatalog, R::NoRecord, OK),          // the list is public (§一–§四)
    (W::Public,    A::ViewCatalog, R::NoRecord, OK),
    (W::Officer,   A::ViewCatalog, R::NoRecord, OK),
    (W::Leader,    A::ViewCatalog, R::NoRecord, OK),
    (W::Legal,     A::ViewCatalog, R::NoRecord, OK),
    (W::Admin,     A::ViewCatalog, R::NoRecord, OK),
    (W::Auditor,   A::ViewCatalog, R::NoRecord, OK),
    (W::Security,  A::ViewCatalog, R::NoRecord, OK),
    (W::Anonymous, A::Search, R::NoRecord, OK),               // search is public
    (W::Public,    A::Search, R::NoRecord, OK),
    (W::Officer,   A::Search, R::NoRecord, OK),
    (W::Leader,    A::Search, R::NoRecord, OK),
    (W::Legal,     A::Search, R::NoRecord, OK),
    (W::Admin,     A::Search, R::NoRecord, OK),
    (W::Auditor,   A::Search, R::NoRecord, OK),
    (W::Security,  A::Search, R::NoRecord, OK),
    (W::Anonymous, A::RouteMatter, R::NoRecord, OK),          // "who is responsible" is public (§二)
    (W::Public,    A::RouteMatter, R::NoRecord, OK),
    (W::Officer,   A::RouteMatter, R::NoRecord, OK),
    (W::Leader,    A::RouteMatter, R::NoRecord, OK),
    (W::Legal,     A::RouteMatter, R::NoRecord, OK),
    (W::Admin,     A::RouteMatter, R::NoRecord, OK),
    (W::Auditor,   A::RouteMatter, R::NoRecord, OK),
    (W::Security,  A::RouteMatter, R::NoRecord, OK),
    (W::Anonymous, A::ReportViolation, R::NoRecord, OK),      // anyone may complain, even anonymously
    (W::Public,    A::ReportViolation, R::NoRecord, OK),
    (W::Officer,   A::ReportViolation, R::NoRecord, OK),
    (W::Leader,    A::ReportViolation, R::NoRecord, OK),
    (W::Legal,     A::ReportViolation, R::NoRecord, OK),
    (W::Admin,     A::ReportViolation, R::NoRecord, OK),
    (W::Auditor,   A::ReportViolation, R::NoRecord, OK),
    (W::Security,  A::ReportViolation, R::NoRecord, OK),
    // The rules calculator is for staff.
    (W::Anonymous, A::AssessRules, R::NoRecord, OK),          // published law (art. 34): open to all
    (W::Public,    A::AssessRules, R::NoRecord, OK),          // likewise for a signed-in member of the public
    (W::Officer,   A::AssessRules, R::NoRecord, OK),
    (W::Leader,    A::AssessRules, R::NoRecord, OK),
    (W::Legal,     A::AssessRules, R::NoRecord, OK),
    (W::Admin,     A::AssessRules, R::NoRecord, OK),
    (W::Auditor,   A::AssessRules, R::NoRecord, OK),
    (W::Security,  A::AssessRules, R::NoRecord, OK),
    // Administration is the admin's alone.
    (W::Anonymous, A::ImportCatalog, R::NoRecord, UNAUTH),
    (W::Public,    A::ImportCatalog, R::NoRecord, FORBID),
    (W::Officer,   A::ImportCatalog, R::NoRecord, FORBID),
    (W::Leader,    A::ImportCatalog, R::NoRecord, FORBID),
    (W::Legal,     A::ImportCatalog, R::NoRecord, FORBID),
    (W::Admin,     A::ImportCatalog, R::NoRecord, OK),        // admin: catalog versions, import
    (W::Auditor,   A::ImportCatalog, R::NoRecord, FORBID),
    (W::Security,  A::ImportCatalog, R::NoRecord, FORBID),
    (W::Anonymous, A::ManageUsers, R::NoRecord, UNAUTH),
    (W::Public,    A::ManageUsers, R::NoRecord, FORBID),
    (W::Officer,   A::ManageUsers, R::NoRecord, FORBID),
    (W::Leader,    A::ManageUsers, R::NoRecord, FORBID),      // leaders approve, they do not manage accounts
    (W::Legal,     A::ManageUsers, R::NoRecord, FORBID),
    (W::Admin,     A::ManageUsers, R::NoRecord, OK),          // admin: users
    (W::Auditor,   A::ManageUsers, R::NoRecord, FORBID),
    (W::Security,  A::ManageUsers, R::NoRecord, FORBID),
    (W::Anonymous, A::ManageOffices, R::NoRecord, UNAUTH),
    (W::Public,    A::ManageOffices, R::NoRecord, FORBID),
    (W::Officer,   A::ManageOffices, R::NoRecord, FORBID),
    (W::Leader,    A::ManageOffices, R::NoRecord, FORBID),
    (W::Legal,     A::ManageOffices, R::NoRecord, FORBID),
    (W::Admin,     A::ManageOffices, R::NoRecord, OK),        // admin: offices (股室)
    (W::Auditor,   A::ManageOffices, R::NoRecord, FORBID),
    (W::Security,  A::ManageOffices, R::NoRecord, FORBID),
    // The audit log: read by those who oversee, verified by admin and legal.
    (W::Anonymous, A::ViewAudit, R::NoRecord, UNAUTH),
    (W::Public,    A::ViewAudit, R::NoRecord, FORBID),
    (W::Officer,   A::ViewAudit, R::NoRecord, FORBID),        // the overseen do not read the oversight log
    (W::Leader,    A::ViewAudit, R::NoRecord, OK),
    (W::Legal,     A::ViewAudit, R::NoRecord, OK),
    (W::Admin,     A::ViewAudit, R::NoRecord, FORBID),       // 三员分立: the auditor reads the record
    (W::Auditor,   A::ViewAudit, R::NoRecord, OK),
    (W::Security,  A::ViewAudit, R::NoRecord, FORBID),
    (W::Anonymous, A::VerifyAudit, R::NoRecord, UNAUTH),
    (W::Public,    A::VerifyAudit, R::NoRecord, FORBID),
    (W::Officer,   A::VerifyAudit, R::NoRecord, FORBID),
    (W::Leader,    A::VerifyAudit, R::NoRecord, FORBID),      // leaders read the log but do not verify it
    (W::Legal,     A::VerifyAudit, R::NoRecord, OK),
    (W::Admin,     A::VerifyAudit, R::NoRecord, FORBID),     // 三员分立: the auditor verifies it
    (W::Auditor,   A::VerifyAudit, R::NoRecord, OK),
    (W::Security,  A::VerifyAudit, R::NoRecord, FORBID),
    // Enforcement: officers only; admin manages but does not enforce.
    (W::Anonymous, A::CreateCase, R::Case, UNAUTH),
    (W::Public,    A::CreateCase, R::Case, FORBID),
    (W::Officer,   A::CreateCase, R::Case, OK),               // own office, certificate valid today
    (W::Leader,    A::CreateCase, R::Case, FORBID),           // leaders approve filing, officers file
    (W::Legal,     A::CreateCase, R::Case, FORBID),
    (W::Admin,     A::CreateCase, R::Case, FORBID),           // admin never enforces
    (W::Auditor,   A::CreateCase, R::Case, FORBID),
    (W::Security,  A::CreateCase, R::Case, FORBID),
    (W::Anonymous, A::ActOnCase, R::Case, UNAUTH),
    (W::Public,    A::ActOnCase, R::Case, FORBID),
    (W::Officer,   A::ActOnCase, R::Case, OK),                // own office, certificate valid today
    (W::Leader,    A::ActOnCase, R::Case, FORBID),            // leaders may view a case, not act on it
    (W::Legal,     A::ActOnCase, R::Case, FORBID),            // legal may view a case, not act on it
    (W::Admin,     A::ActOnCase, R::Case, FORBID),            // admin never enforces
    (W::Auditor,   A::ActOnCase, R::Case, FORBID),
    (W::Security,  A::ActOnCase, R::Case, FORBID),
    (W::Anonymous, A::ViewCase, R::Case, UNAUTH),
    (W::Public,    A::ViewCase, R::Case, FORBID),             // an unpublished case is not public
    (W::Officer,   A::ViewCase, R::Case, OK),                 // own office's case
    (W::Leader,    A::ViewCase, R::Case, OK),                 // a 综合股 leader views a 执法股 case: any office
    (W::Legal,     A::ViewCase, R::Case, OK),                 // legal views any office's case
    (W::Admin,     A::ViewCase, R::Case, FORBID),             // 三员分立: no administrator reads cases
    (W::Auditor,   A::ViewCase, R::Case, FORBID),
    (W::Security,  A::ViewCase, R::Case, FORBID),
    (W::Anonymous, A::ApproveCase, R::Case, UNAUTH),
    (W::Public,    A::ApproveCase, R::Case, FORBID),
    (W::Officer,   A::ApproveCase, R::Case, FORBID),          // no one approves their own work
    (W::Leader,    A::ApproveCase, R::Case, OK),              // approval is the leader's (分管领导)
    (W::Legal,     A::ApproveCase, R::Case, FORBID),
    (W::Admin,     A::ApproveCase, R::Case, FORBID),          // admin never enforces
    (W::Auditor,   A::ApproveCase, R::Case, FORBID),
    (W::Security,  A::ApproveCase, R::Case, FORBID),
    (W::Anonymous, A::LegalReview, R::Case, UNAUTH),
    (W::Public,    A::LegalReview, R::Case, FORBID),
    (W::Officer,   A::LegalReview, R::Case, FORBID),
    (W::Leader,    A::LegalReview, R::Case, FORBID),
    (W::Legal,     A::LegalReview, R::Case, OK),              // legal review is 法制股's (art. 58)
    (W::Admin,     A::LegalReview, R::Case, FORBID),          // admin never enforces
    (W::Auditor,   A::LegalReview, R::Case, FORBID),
    (W::Security,  A::LegalReview, R::Case, FORBID),
    // A complainant's identity: only the complaint's handlers.
    (W::Anonymous, A::ViewComplaintIdentity, R::Complaint, UNAUTH),
    (W::Public,    A::ViewComplaintIdentity, R::Complaint, FORBID),
    (W::Officer,   A::ViewComplaintIdentity, R::Complaint, OK),      // listed as a handler
    (W::Leader,    A::ViewComplaintIdentity, R::Complaint, OK),      // listed as a handler
    (W::Legal,     A::ViewComplaintIdentity, R::Complaint, NOTHAND), // may handle, but not this one
    (W::Admin,     A::ViewComplaintIdentity, R::Complaint, FORBID),  // admin never handles complaints
    (W::Auditor,   A::ViewComplaintIdentity, R::Complaint, FORBID),
    (W::Security,  A::ViewComplaintIdentity, R::Complaint, FORBID),
    // Complaints: the office's officers and the leaders handle them.
    (W::Anonymous, A::HandleComplaint, R::Complaint, UNAUTH),
    (W::Public,    A::HandleComplaint, R::Complaint, FORBID),
    (W::Officer,   A::HandleComplaint, R::Complaint, OK),       // own office's complaint
    (W::Leader,    A::HandleComplaint, R::Complaint, OK),       // leaders: any office
    (W::Legal,     A::HandleComplaint, R::Complaint, FORBID),
    (W::Admin,     A::HandleComplaint, R::Complaint, FORBID),   // admin manages, never handles
    (W::Auditor,   A::HandleComplaint, R::Complaint, FORBID),
    (W::Security,  A::HandleComplaint, R::Complaint, FORBID),
    (W::OfficerOther, A::HandleComplaint, R::Complaint, OTHER), // another office's complaint
    (W::OfficerExpired, A::HandleComplaint, R::Complaint, OK),  // not enforcement: no certificate needed
    (W::Officer,   A::HandleComplaint, R::NoRecord, FORBID),    // which complaint? fail closed
    // Inspection tasks: the office's officers and the leaders.
    (W::Anonymous, A::ConductInspection, R::Case, UNAUTH),
    (W::Public,    A::ConductInspection, R::Case, FORBID),
    (W::Officer,   A::ConductInspection, R::Case, OK),       // own office's task
    (W::Leader,    A::ConductInspection, R::Case, OK),
    (W::Legal,     A::ConductInspection, R::Case, FORBID),
    (W::Admin,     A::ConductInspection, R::Case, FORBID),
    (W::Auditor,   A::ConductInspection, R::Case, FORBID),
    (W::Security,  A::ConductInspection, R::Case, FORBID),
    (W::OfficerOther, A::ConductInspection, R::Case, OTHER), // another office's task
    (W::Officer,   A::ConductInspection, R::NoRecord, FORBID), // which task? fail closed
    // Inspections.
    (W::Anonymous, A::PlanInspections, R::NoRecord, UNAUTH),
    (W::Public,    A::PlanInspections, R::NoRecord, FORBID),
    (W::Officer,   A::PlanInspections, R::NoRecord, OK),
    (W::Leader,    A::PlanInspections, R::NoRecord, OK),
    (W::Legal,     A::PlanInspections, R::NoRecord, FORBID),
    (W::Admin,     A::PlanInspections, R::NoRecord, FORBID),
    (W::Auditor,   A::PlanInspections, R::NoRecord, FORBID),
    (W::Security,  A::PlanInspections, R::NoRecord, FORBID),
    (W::Anonymous, A::ApproveInspection, R::NoRecord, UNAUTH),
    (W::Public,    A::ApproveInspection, R::NoRecord, FORBID),
    (W::Officer,   A::ApproveInspection, R::NoRecord, FORBID),
    (W::Leader,    A::ApproveInspection, R::NoRecord, OK),    // 检查审批表 is the leader's
    (W::Legal,     A::ApproveInspection, R::NoRecord, FORBID),
    (W::Admin,     A::ApproveInspection, R::NoRecord, FORBID),
    (W::Auditor,   A::ApproveInspection, R::NoRecord, FORBID),
    (W::Security,  A::ApproveInspection, R::NoRecord, FORBID),
    // Oversight of enforcement (§三(一)).
    (W::Anonymous, A::ReviewEnforcement, R::Case, UNAUTH),
    (W::Public,    A::ReviewEnforcement, R::Case, FORBID),
    (W::Officer,   A::ReviewEnforcement, R::Case, FORBID),    // the overseen do not review themselves
    (W::Leader,    A::ReviewEnforcement, R::Case, FORBID),
    (W::Legal,     A::ReviewEnforcement, R::Case, OK),        // case-file review is 法制股's
    (W::Admin,     A::ReviewEnforcement, R::Case, FORBID),
    (W::Auditor,   A::ReviewEnforcement, R::Case, FORBID),
    (W::Security,  A::ReviewEnforcement, R::Case, FORBID),
    // Security settings and sign-in delays (三员分立): the 安全管理员 alone.
    (W::Anonymous, A::ManageSecurity, R::NoRecord, UNAUTH),
    (W::Public,    A::ManageSecurity, R::NoRecord, FORBID),
    (W::Officer,   A::ManageSecurity, R::NoRecord, FORBID),
    (W::Leader,    A::ManageSecurity, R::NoRecord, FORBID),
    (W::Legal,     A::ManageSecurity, R::NoRecord, FORBID),
    (W::Admin,     A::ManageSecurity, R::NoRecord, FORBID),     // the 系统管理员 does not release delays
    (W::Auditor,   A::ManageSecurity, R::NoRecord, FORBID),     // the 审计管理员 only reads what was done
    (W::Security,  A::ManageSecurity, R::NoRecord, OK),

    // ── Certificates: enforcement needs one valid today ───────────────────────────────────
    (W::OfficerExpired, A::CreateCase, R::NoRecord, EXPIRED),          // expired 2026-01-31
    (W::OfficerExpired, A::ActOnCase, R::Case, EXPIRED),               // expired: no enforcement act
    (W::OfficerExpired, A::ViewCase, R::Case, OK),                     // viewing is not enforcement
    (W::OfficerExpired, A::PlanInspections, R::NoRecord, OK),          // planning is not enforcement
    (W::OfficerExpired, A::AssessRules, R::NoRecord, OK),              // the calculator is not enforcement
    (W::OfficerExpiredYesterday, A::ActOnCase, R::Case, EXPIRED),      // the day after the last day
    (W::OfficerLastDay, A::ActOnCase, R::Case, OK),                    // valid_until is inclusive
    (W::OfficerFirstDay, A::CreateCase, R::NoRecord, OK),              // valid_from is inclusive
    (W::OfficerNotYet, A::CreateCase, R::NoRecord, NOTYET),            // not yet in force
    (W::OfficerNotYet, A::ActOnCase, R::Case, NOTYET),
    (W::OfficerNoCert, A::CreateCase, R::NoRecord, NOCERT),            // no certificate on record
    (W::OfficerNoCert, A::ActOnCase, R::Case, NOCERT),
    (W::OfficerNoCert, A::ViewCase, R::Case, OK),                      // viewing needs no certificate
    (W::AdminWithCert, A::CreateCase, R::NoRecord, FORBID),            // a certificate does not make admin enforce
    (W::AdminWithCert, A::ActOnCase, R::Case, FORBID),
    (W::LeaderWithCert, A::CreateCase, R::NoRecord, FORBID),           // role first: leaders do not file

    // ── Offices: an officer acts only on their own office's records ───────────────────────
    (W::OfficerOther, A::ActOnCase, R::Case, OTHER),                   // 综合股 officer, 执法股 case
    (W::OfficerOther, A::ViewCase, R::Case, OTHER),                    // … may not even view it
    (W::OfficerOther, A::CreateCase, R::Case, OTHER),                  // … nor file under 执法股
    (W::OfficerOther, A::PlanInspections, R::Case, OTHER),             // … nor plan for 执法股
    (W::OfficerOther, A::CreateCase, R::NoRecord, OK),                 // no record: nothing to compare
    (W::OfficerOther, A::ActOnCase, R::Unscoped, OK),                  // a record of no office binds no one
    (W::OfficerNoOffice, A::ActOnCase, R::Case, OTHER),                // an officer of no office is of no record's office
    (W::OfficerOtherExpired, A::ActOnCase, R::Case, OTHER),            // office is checked before the certificate
    (W::OfficerOther, A::ViewPublished, R::Published, OK),             // published records are everyone's
    (W::Leader, A::ApproveCase, R::Unscoped, OK),                      // leaders are bound to no office
    (W::Legal, A::ReviewEnforcement, R::Unscoped, OK),

    // ── Records: required where the action is about one; publication ──────────────────────
    (W::Officer, A::ActOnCase, R::NoRecord, FORBID),                   // act on which case? fail closed
    (W::Leader, A::ViewCase, R::NoRecord, FORBID),                     // view which case? fail closed
    (W::Anonymous, A::ActOnCase, R::NoRecord, UNAUTH),                 // sign-in is checked first
    (W::Anonymous, A::ViewPublished, R::Unpublished, FORBID),          // unpublished: refused, signing in won't help
    (W::Officer, A::ViewPublished, R::Unpublished, FORBID),            // staff see it through ViewCase instead
    (W::Anonymous, A::ViewPublished, R::NoRecord, OK),                 // the public pages themselves

    // ── Handlers: the record says who handles a complaint ────────────────────────────────
    (W::Officer, A::ViewComplaintIdentity, R::ComplaintOthers, NOTHAND), // same office, not a handler
    (W::Leader, A::ViewComplaintIdentity, R::ComplaintOthers, NOTHAND),  // a leader who does not handle it
    (W::OfficerOther, A::ViewComplaintIdentity, R::ComplaintOthers, OK), // a handler, whatever the office
    (W::Officer, A::ViewComplaintIdentity, R::NoRecord, NOTHAND),        // no complaint named: fail closed
    (W::Admin, A::ViewComplaintIdentity, R::ComplaintOthers, FORBID),    // role first
    (W::Anonymous, A::ViewComplaintIdentity, R::ComplaintOthers, UNAUTH),
];

#[test]
fn the_table_holds() {
    let mut failures = Vec::new();
    for (i, &(who, action, rec, expected)) in TABLE.iter().enumerate() {
        let got = authorize(&who.subject(), action, rec.record().as_ref(), TODAY);
        let got_code = got.as_ref().err().map(|denied| denied.code);
        if got_code != expected {
            failures.push(format!(
                "row {i}: {who:?} {action:?} {rec:?}: expected {expected:?}, got {got:?}"
            ));
        }
        if let Err(denied) = &got {
            assert!(
                !denied.message.is_ascii(),
                "row {i}: message must be Chinese: {}",
                denied.message
            );
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} rows failed:\n{}",
        failures.len(),
        TABLE.len(),
        failures.join("\n")
    );
}

#[test]
fn the_table_covers_every_role_and_action() {
    let baseline = [
        W::Anonymous,
        W::Public,
        W::Officer,
        W::Leader,
        W::Legal,
        W::Admin,
        W::Auditor,
        W::Security,
    ];
    for who in baseline {
        for &action in all_actions() {
            assert!(
                TABLE.iter().any(|&(w, a, _, _)| w == who && a == action),
                "no row for {who:?} × {action:?}"
            );
        }
    }
}

#[test]
fn anonymous_is_unauthenticated_exactly_where_sign_in_is_required() {
    for &action in all_actions() {
        let got = authorize(&Subject::Anonymous, action, None, TODAY)
            .err()
            .map(|d| d.code);
        if action.requires_sign_in() {
            assert_eq!(got, UNAUTH, "{action:?}");
        } else {
            assert_eq!(got, OK, "{action:?}");
        }
    }
}

#[test]
fn messages_name_the_reason() {
    let deny = |who: W, action, rec: R| {
        authorize(&who.subject(), action, rec.record().as_ref(), TODAY)
            .unwrap_err()
            .message
    };
    assert_eq!(
        deny(W::OfficerExpired, A::ActOnCase, R::Case),
        "执法证已于 2026-01-31 过期，不能实施执法行为"
    );
    assert_eq!(
        deny(W::OfficerNotYet, A::CreateCase, R::NoRecord),
        "执法证自 2026-06-01 起生效，此前不能实施执法行为"
    );
    assert_eq!(
        deny(W::OfficerOther, A::ActOnCase, R::Case),
        "该记录属于“执法股”，您属于“综合股”，无权办理案件"
    );
    assert_eq!(
        deny(W::Anonymous, A::ViewAudit, R::NoRecord),
        "请先登录，再查看审计日志"
    );
    assert_eq!(deny(W::Public, A::ViewCase, R::Case), "公众无权查看案件");
    assert!(deny(W::Admin, A::CreateCase, R::NoRecord).contains("不参与执法办案"));
    assert!(deny(W::Admin, A::ViewCase, R::Case).contains("三员分立"));
    assert!(deny(W::Auditor, A::HandleComplaint, R::Complaint).contains("三员分立"));
    assert!(deny(W::Legal, A::ViewComplaintIdentity, R::Complaint).contains("承办"));
}

#[test]
fn deny_codes_have_stable_identifiers() {
    let codes = [
        (DenyCode::Unauthenticated, "unauthenticated"),
        (DenyCode::Forbidden, "forbidden"),
        (DenyCode::CertificateExpired, "certificate_expired"),
        (
            DenyCode::CertificateNotYetValid,
            "certificate_not_yet_valid",
        ),
        (DenyCode::Suspended, "enforcement_suspended"),
        (DenyCode::Revoked, "enforcement_revoked"),
        (DenyCode::NoCertificate, "no_certificate"),
        (DenyCode::OtherOffice, "other_office"),
        (DenyCode::NotHandler, "not_handler"),
    ];
    for (code, text) in codes {
        assert_eq!(code.as_str(), text);
    }
}
