//! A complaint from intake to answer.
//!
//! Steps (§三(一)三.(五): the bureau investigates on a citizen's complaint and "调查结果应及时反馈"
//! to the complainant; §三(三)(四)(五): a complaint puts its target first in the inspection plan):
//!
//! ```text
//! received ──accept──▶ handling ──answer──▶ answered
//!     │                    │
//!     └──────refer─────────┴──▶ referred   (another department is responsible, §二)
//! ```
//! A matter that the routing rules give to another department is referred on intake, and the
//! complainant is told which department and why.

use crate::code::TrackingCode;
use crate::mask::{mask_contact, mask_name};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// What the public typed.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Intake {
    /// 反映事项: what happened, where, who.
    pub text: String,
    /// 地点 (optional).
    #[serde(default)]
    pub place: Option<String>,
    /// 涉及单位或项目 (optional).
    #[serde(default)]
    pub about: Option<String>,
    /// 姓名 (optional: anonymous complaints are accepted).
    #[serde(default)]
    pub name: Option<String>,
    /// 联系方式: a mobile or landline number or an e-mail address (optional).
    #[serde(default)]
    pub contact: Option<String>,
}

/// Who complained: kept apart from the complaint, shown only to those handling it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Identity {
    /// 姓名.
    pub name: Option<String>,
    /// 联系方式.
    pub contact: Option<String>,
}

impl Identity {
    /// The masked form, for everyone else.
    pub fn masked(&self) -> Identity {
        Identity {
            name: self.name.as_deref().map(mask_name),
            contact: self.contact.as_deref().map(mask_contact),
        }
    }

    /// Neither name nor contact given.
    pub fn is_anonymous(&self) -> bool {
        self.name.is_none() && self.contact.is_none()
    }
}

/// Where the complaint goes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Destination {
    /// One of the bureau's offices handles it.
    Office {
        /// The office (股室).
        office: String,
        /// Why (the list's duty or boundary that gives it to the bureau).
        basis: String,
    },
    /// Another department is responsible (§二's boundaries).
    Elsewhere {
        /// The department.
        department: String,
        /// Why.
        basis: String,
    },
}

/// Where a complaint is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// 已登记: waiting for an officer of the office.
    Received,
    /// 办理中.
    Handling,
    /// 已答复.
    Answered,
    /// 已转交: another department is responsible.
    Referred,
}

impl Status {
    /// Chinese label.
    pub fn label(self) -> &'static str {
        match self {
            Status::Received => "已登记，待受理",
            Status::Handling => "办理中",
            Status::Answered => "已答复",
            Status::Referred => "已转交主管部门",
        }
    }

    /// The stable code (`received` …).
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Received => "received",
            Status::Handling => "handling",
            Status::Answered => "answered",
            Status::Referred => "referred",
        }
    }
}

/// A complaint, without the complainant's identity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Complaint {
    /// 查询码.
    pub code: TrackingCode,
    /// 登记日期.
    pub received_on: Date,
    /// 反映事项.
    pub text: String,
    /// 地点.
    pub place: Option<String>,
    /// 涉及单位或项目.
    pub about: Option<String>,
    /// The handling office, when it is the bureau's.
    pub office: Option<String>,
    /// Why it went where it went.
    pub basis: String,
    /// Where it is.
    pub status: Status,
    /// The officer handling it.
    pub handler: Option<String>,
    /// The registered enterprise or project it is about, once linked.
    #[serde(default)]
    pub target: Option<String>,
    /// The leader who assigned the handler, if one did.
    #[serde(default)]
    pub assigned_by: Option<String>,
    /// 受理日期.
    pub accepted_on: Option<Date>,
    /// The department it was referred to.
    pub referred_to: Option<String>,
    /// The answer to the complainant (办理结果).
    pub result: Option<String>,
    /// 答复日期.
    pub answered_on: Option<Date>,
    /// Whether the complainant gave neither name nor contact.
    pub anonymous: bool,
}

/// A step.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(tag = "action", rename_all = "snake_case", deny_unknown_fields)]
pub enum Command {
    /// 受理: the acting officer takes it, or a leader assigns it to `handler`.
    Accept {
        /// The officer (default: the actor).
        #[serde(default)]
        handler: Option<String>,
    },
    /// 答复: the result, told to the complainant.
    Answer {
        /// What was found and done.
        result: String,
    },
    /// 转交: another department is responsible.
    Refer {
        /// The department.
        department: String,
        /// Why.
        reason: String,
    },
    /// 关联监管对象: the registered enterprise or project the complaint is about, so that it is
    /// inspected first (§三(三)三、§三(四)三、§三(五)三).
    Link {
        /// Its 统一社会信用代码 or 项目编号.
        target: String,
    },
}

impl Command {
    /// `accept`, `answer`, `refer`, `link`.
    pub fn action(&self) -> &'static str {
        match self {
            Command::Accept { .. } => "accept",
            Command::Answer { .. } => "answer",
            Command::Refer { .. } => "refer",
            Command::Link { .. } => "link",
        }
    }
}

/// The role of whoever looks or acts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ViewerRole {
    /// 执法人员.
    Officer,
    /// 分管领导.
    Leader,
    /// Anyone else (法制股, 管理员, the public).
    Other,
}

/// Whoever looks or acts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Viewer {
    /// User name.
    pub username: String,
    /// Role.
    pub role: ViewerRole,
    /// Office.
    pub office: Option<String>,
}

impl Viewer {
    /// Whether they handle the complaint's office: an officer of it, or a leader (leaders are
    /// not bound to an office, as everywhere in the access policy).
    fn of_office(&self, c: &Complaint) -> bool {
        match self.role {
            ViewerRole::Leader => true,
            ViewerRole::Officer => self.office.is_some() && self.office == c.office,
            ViewerRole::Other => false,
        }
    }
}

/// Who handles the complaint and so may see who made it (the access policy's
/// `ViewComplaintIdentity` handler list): its handler and the leader who assigned it. Before it
/// is accepted nobody does; everyone else sees [`Identity::masked`].
pub fn handlers(c: &Complaint) -> Vec<&str> {
    c.handler
        .iter()
        .chain(&c.assigned_by)
        .map(String::as_str)
        .collect()
}

/// A refusal: stable code, Chinese message, the field at fault.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ComplaintError {
    /// Stable code.
    pub code: &'static str,
    /// Chinese reason.
    pub message: String,
    /// The field, if one.
    pub field: Option<&'static str>,
}

fn refuse(
    code: &'static str,
    field: Option<&'static str>,
    message: impl Into<String>,
) -> ComplaintError {
    ComplaintError {
        code,
        message: message.into(),
        field,
    }
}

fn trimmed(s: &Option<String>) -> Option<String> {
    s.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

fn valid_contact(c: &str) -> bool {
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    if let Some((user, domain)) = c.split_once('@') {
        return !user.is_empty()
            && domain.contains('.')
            && !domain.starts_with('.')
            && !c.contains(' ');
    }
    if c.len() == 11 && digits(c) && c.starts_with('1') {
        return true;
    }
    match c.split_once('-') {
        Some((area, number)) => {
            digits(area)
                && area.starts_with('0')
                && (3..=4).contains(&area.len())
                && digits(number)
                && (7..=8).contains(&number.len())
        }
        None => digits(c) && (7..=12).contains(&c.len()),
    }
}

const TEXT_MIN: usize = 10;
const TEXT_MAX: usize = 2000;

impl Intake {
    /// Checks the fields and splits the identity off.
    pub fn validate(&self) -> Result<(Intake, Identity), ComplaintError> {
        let text = self.text.trim().to_string();
        let n = text.chars().count();
        if n < TEXT_MIN {
            return Err(refuse(
                "text_too_short",
                Some("text"),
                format!(
                    "请写明反映的事项（时间、地点、单位或项目、情况），至少 {TEXT_MIN} 个字，现有 {n} 个字"
                ),
            ));
        }
        if n > TEXT_MAX {
            return Err(refuse(
                "text_too_long",
                Some("text"),
                format!("反映事项不超过 {TEXT_MAX} 个字，现有 {n} 个字；材料可在受理后提交"),
            ));
        }
        for (field, value, max, what) in [
            ("place", &self.place, 200, "地点"),
            ("about", &self.about, 200, "涉及单位或项目"),
            ("name", &self.name, 50, "姓名"),
        ] {
            if let Some(v) = trimmed(value)
                && v.chars().count() > max
            {
                return Err(refuse(
                    "too_long",
                    Some(field),
                    format!("{what}不超过 {max} 个字"),
                ));
            }
        }
        let contact = trimmed(&self.contact);
        if let Some(c) = &contact
            && !valid_contact(c)
        {
            return Err(refuse(
                "bad_contact",
                Some("contact"),
                format!(
                    "联系方式“{c}”无法识别：请填写手机号（11 位）、带区号的固定电话（如 0737-7222333）或电子邮箱"
                ),
            ));
        }
        let identity = Identity {
            name: trimmed(&self.name),
            contact,
        };
        let intake = Intake {
            text,
            place: trimmed(&self.place),
            about: trimmed(&self.about),
            name: None,
            contact: None,
        };
        Ok((intake, identity))
    }
}

/// Registers a complaint: validated intake, its code, today, and where the routing rules send it.
pub fn receive(
    intake: &Intake,
    code: TrackingCode,
    today: Date,
    to: Destination,
) -> Result<(Complaint, Identity), ComplaintError> {
    let (intake, identity) = intake.validate()?;
    let (office, basis, status, referred_to, result, answered_on) = match to {
        Destination::Office { office, basis } => {
            (Some(office), basis, Status::Received, None, None, None)
        }
        Destination::Elsewhere { department, basis } => (
            None,
            basis.clone(),
            Status::Referred,
            Some(department.clone()),
            Some(format!(
                "经查，此事项由{department}负责（{basis}），本局已将您反映的情况转交该部门，请向其了解办理结果。"
            )),
            Some(today),
        ),
    };
    Ok((
        Complaint {
            code,
            received_on: today,
            text: intake.text,
            place: intake.place,
            about: intake.about,
            office,
            basis,
            status,
            handler: None,
            target: None,
            assigned_by: None,
            accepted_on: None,
            referred_to,
            result,
            answered_on,
            anonymous: identity.is_anonymous(),
        },
        identity,
    ))
}

/// An officer as the step needs them (the handler a leader names).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Officer {
    /// User name.
    pub username: String,
    /// Office.
    pub office: Option<String>,
    /// Whether their role is officer.
    pub is_officer: bool,
}

/// Takes one step. `handler` is the named handler as the database knows them (for `accept`
/// naming someone else).
pub fn apply(
    c: &Complaint,
    command: &Command,
    actor: &Viewer,
    handler: Option<&Officer>,
    today: Date,
) -> Result<Complaint, ComplaintError> {
    let basis = "《安化县工业和信息化局责任清单》三（一）三（五）";
    if !actor.of_office(c) {
        return Err(refuse(
            "not_your_office",
            None,
            match &c.office {
                Some(o) => format!("此投诉由{o}办理，您不是该股室的执法人员或分管领导"),
                None => "此投诉已转交其他部门，本局不再办理".to_string(),
            },
        ));
    }
    let mut next = c.clone();
    match command {
        Command::Accept { handler: named } => {
            if c.status != Status::Received {
                return Err(refuse(
                    "not_received",
                    None,
                    format!("此投诉{}，不能再受理", c.status.label()),
                ));
            }
            let who = match named.as_deref() {
                None | Some("") => {
                    if actor.role != ViewerRole::Officer {
                        return Err(refuse(
                            "handler_required",
                            Some("handler"),
                            "分管领导受理时须指定承办的执法人员",
                        ));
                    }
                    actor.username.clone()
                }
                Some(name) => {
                    let name = name.trim();
                    let ok = handler.is_some_and(|h| {
                        h.username == name && h.is_officer && h.office == c.office
                    });
                    if !ok {
                        return Err(refuse(
                            "bad_handler",
                            Some("handler"),
                            format!("“{name}”不是本股室的执法人员，不能承办此投诉"),
                        ));
                    }
                    if name != actor.username && actor.role != ViewerRole::Leader {
                        return Err(refuse(
                            "leader_assigns",
                            Some("handler"),
                            "只有分管领导可以指定他人承办",
                        ));
                    }
                    name.to_string()
                }
            };
            next.status = Status::Handling;
            if who != actor.username {
                next.assigned_by = Some(actor.username.clone());
            }
            next.handler = Some(who);
            next.accepted_on = Some(today);
        }
        Command::Answer { result } => {
            if c.status != Status::Handling {
                return Err(refuse(
                    "not_handling",
                    None,
                    format!("此投诉{}，须先受理再答复", c.status.label()),
                ));
            }
            handler_or_leader(c, actor, "答复")?;
            let r = result.trim();
            if r.chars().count() < TEXT_MIN {
                return Err(refuse(
                    "result_too_short",
                    Some("result"),
                    format!(
                        "答复应写明调查核实的情况和处理结果（{basis}：调查结果应及时反馈），至少 {TEXT_MIN} 个字"
                    ),
                ));
            }
            next.status = Status::Answered;
            next.result = Some(r.to_string());
            next.answered_on = Some(today);
        }
        Command::Refer { department, reason } => {
            if !matches!(c.status, Status::Received | Status::Handling) {
                return Err(refuse(
                    "closed",
                    None,
                    format!("此投诉{}，不能转交", c.status.label()),
                ));
            }
            // Before acceptance any officer of the office may refer it (the triage of
            // §三(一)三.(五)); once someone handles it, only they or the leader.
            if c.status == Status::Handling {
                handler_or_leader(c, actor, "转交")?;
            }
            let d = department.trim();
            if d.is_empty() || reason.trim().is_empty() {
                return Err(refuse(
                    "refer_incomplete",
                    Some("department"),
                    "转交须写明主管部门和理由（责任清单二的职责边界）",
                ));
            }
            next.status = Status::Referred;
            next.referred_to = Some(d.to_string());
            next.result = Some(format!(
                "经核查，此事项由{d}负责（{}），本局已转交该部门办理。",
                reason.trim()
            ));
            next.answered_on = Some(today);
        }
        Command::Link { target } => {
            if c.status != Status::Handling {
                return Err(refuse(
                    "not_handling",
                    None,
                    format!("此投诉{}，受理后才能关联监管对象", c.status.label()),
                ));
            }
            handler_or_leader(c, actor, "关联监管对象")?;
            let t = target.trim();
            if t.is_empty() || t.chars().count() > 64 {
                return Err(refuse(
                    "invalid_input",
                    Some("target"),
                    "请填写被投诉企业的统一社会信用代码或建设项目编号",
                ));
            }
            next.target = Some(t.to_string());
        }
    }
    Ok(next)
}

/// A complaint being handled is moved on only by its handler or a leader: another officer of
/// the office may read it, not answer, refer or link it for someone else.
fn handler_or_leader(c: &Complaint, actor: &Viewer, what: &str) -> Result<(), ComplaintError> {
    let is_handler = c.handler.as_deref() == Some(actor.username.as_str());
    if is_handler || actor.role == ViewerRole::Leader {
        return Ok(());
    }
    Err(refuse(
        "not_handler",
        None,
        format!("只有承办人或分管领导可以{what}"),
    ))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "tests fail loudly")]
    use super::*;
    use jiff::civil::date;

    fn code() -> TrackingCode {
        TrackingCode::from_random(&[1; 11])
    }

    fn intake() -> Intake {
        Intake {
            text: "东坪镇某工地仍在使用袋装水泥，已持续一周".into(),
            place: Some("东坪镇".into()),
            about: None,
            name: Some("张三丰".into()),
            contact: Some("13812345678".into()),
        }
    }

    fn office() -> Destination {
        Destination::Office {
            office: "县散装水泥办公室".into(),
            basis: "责任清单一.6".into(),
        }
    }

    fn viewer(name: &str, role: ViewerRole, office: &str) -> Viewer {
        Viewer {
            username: name.into(),
            role,
            office: Some(office.into()),
        }
    }

    #[test]
    fn intake_rows() {
        let cases: [(&str, Option<&str>, Option<&str>); 6] = [
            // (text, contact, refusal code)
            ("太短了", None, Some("text_too_short")),
            (
                "东坪镇某工地仍在使用袋装水泥",
                Some("12345"),
                Some("bad_contact"),
            ),
            ("东坪镇某工地仍在使用袋装水泥", Some("0737-7222333"), None),
            ("东坪镇某工地仍在使用袋装水泥", Some("li@example.cn"), None),
            ("东坪镇某工地仍在使用袋装水泥", Some("13812345678"), None),
            ("东坪镇某工地仍在使用袋装水泥", None, None),
        ];
        for (text, contact, want) in cases {
            let i = Intake {
                text: text.into(),
                contact: contact.map(Into::into),
                ..Intake::default()
            };
            assert_eq!(
                i.validate().err().map(|e| e.code),
                want,
                "{text} {contact:?}"
            );
        }
    }

    #[test]
    fn identity_is_split_off_and_masked() {
        let (c, id) = receive(&intake(), code(), date(2026, 3, 2), office()).unwrap();
        assert!(!c.anonymous);
        let json = serde_json::to_string(&c).unwrap();
        assert!(
            !json.contains("张三丰") && !json.contains("13812345678"),
            "{json}"
        );
        assert_eq!(
            id.masked(),
            Identity {
                name: Some("张**".into()),
                contact: Some("138****5678".into())
            }
        );
    }

    #[test]
    fn a_matter_for_another_department_is_referred_on_intake() {
        let (c, _) = receive(
            &intake(),
            code(),
            date(2026, 3, 2),
            Destination::Elsewhere {
                department: "县住建局".into(),
                basis: "责任清单二 第1项".into(),
            },
        )
        .unwrap();
        assert_eq!(c.status, Status::Referred);
        assert!(c.result.unwrap().contains("县住建局"));
    }

    /// Once accepted, a complaint is answered, referred and linked only by its handler or a
    /// leader; before acceptance any officer of the office may refer it.
    #[test]
    fn another_officer_cannot_move_a_complaint_someone_handles() {
        let today = date(2026, 3, 3);
        let (c, _) = receive(&intake(), code(), date(2026, 3, 2), office()).unwrap();
        let a = viewer("a", ViewerRole::Officer, "县散装水泥办公室");
        let colleague = viewer("d", ViewerRole::Officer, "县散装水泥办公室");
        let leader = viewer("b", ViewerRole::Leader, "县散装水泥办公室");
        let refer = Command::Refer {
            department: "县住建局".into(),
            reason: "现场搅拌混凝土属住建部门查处".into(),
        };
        assert!(
            apply(&c, &refer, &colleague, None, today).is_ok(),
            "triage before acceptance"
        );
        let handled = apply(&c, &Command::Accept { handler: None }, &a, None, today).unwrap();
        let link = Command::Link {
            target: "91430923MA4L0E3F32".into(),
        };
        let answer = Command::Answer {
            result: "经现场核查，该工地已停止使用袋装水泥，已责令改正并立案处罚".into(),
        };
        for (command, what) in [(&refer, "转交"), (&link, "关联监管对象"), (&answer, "答复")]
        {
            let e = apply(&handled, command, &colleague, None, today).unwrap_err();
            assert_eq!(e.code, "not_handler", "{what}");
            assert!(e.message.contains(what), "{}", e.message);
            assert!(
                apply(&handled, command, &a, None, today).is_ok(),
                "the handler may {what}"
            );
            assert!(
                apply(&handled, command, &leader, None, today).is_ok(),
                "a leader may {what}"
            );
        }
    }

    #[test]
    fn only_the_handler_and_the_assigning_leader_handle_it() {
        let (c, _) = receive(&intake(), code(), date(2026, 3, 2), office()).unwrap();
        assert!(handlers(&c).is_empty(), "nobody before it is accepted");
        let leader = viewer("b", ViewerRole::Leader, "县散装水泥办公室");
        let a = Officer {
            username: "a".into(),
            office: Some("县散装水泥办公室".into()),
            is_officer: true,
        };
        let c = apply(
            &c,
            &Command::Accept {
                handler: Some("a".into()),
            },
            &leader,
            Some(&a),
            date(2026, 3, 3),
        )
        .unwrap();
        assert_eq!(handlers(&c), ["a", "b"]);
    }

    #[test]
    fn steps_in_order_and_refusals() {
        let today = date(2026, 3, 3);
        let (c, _) = receive(&intake(), code(), date(2026, 3, 2), office()).unwrap();
        let a = viewer("a", ViewerRole::Officer, "县散装水泥办公室");
        let other = viewer("c", ViewerRole::Officer, "县无线电管理办公室");
        let leader = viewer("b", ViewerRole::Leader, "县散装水泥办公室");
        let answer = Command::Answer {
            result: "经现场核查，该工地已停止使用袋装水泥，已责令改正并立案处罚".into(),
        };
        assert_eq!(
            apply(&c, &answer, &a, None, today).unwrap_err().code,
            "not_handling"
        );
        assert_eq!(
            apply(&c, &Command::Accept { handler: None }, &other, None, today)
                .unwrap_err()
                .code,
            "not_your_office"
        );
        assert_eq!(
            apply(&c, &Command::Accept { handler: None }, &leader, None, today)
                .unwrap_err()
                .code,
            "handler_required"
        );
        let stranger = Officer {
            username: "c".into(),
            office: Some("县无线电管理办公室".into()),
            is_officer: true,
        };
        assert_eq!(
            apply(
                &c,
                &Command::Accept {
                    handler: Some("c".into())
                },
                &leader,
                Some(&stranger),
                today
            )
            .unwrap_err()
            .code,
            "bad_handler"
        );
        // A leader of another office may assign it too (leaders are not bound to an office).
        let other_leader = viewer("z", ViewerRole::Leader, "法制安全股");
        let a_officer = Officer {
            username: "a".into(),
            office: Some("县散装水泥办公室".into()),
            is_officer: true,
        };
        let assigned = apply(
            &c,
            &Command::Accept {
                handler: Some(" a ".into()),
            },
            &other_leader,
            Some(&a_officer),
            today,
        )
        .unwrap();
        assert_eq!(assigned.handler.as_deref(), Some("a"));
        let c = apply(&c, &Command::Accept { handler: None }, &a, None, today).unwrap();
        assert_eq!(
            (c.status, c.handler.as_deref()),
            (Status::Handling, Some("a"))
        );
        let linked = apply(
            &c,
            &Command::Link {
                target: " AH-2026-001 ".into(),
            },
            &a,
            None,
            today,
        )
        .unwrap();
        assert_eq!(linked.target.as_deref(), Some("AH-2026-001"));
        let short = Command::Answer {
            result: "已处理".into(),
        };
        assert_eq!(
            apply(&c, &short, &a, None, today).unwrap_err().code,
            "result_too_short"
        );
        let done = apply(&c, &answer, &a, None, today).unwrap();
        assert_eq!(done.status, Status::Answered);
        assert_eq!(done.answered_on, Some(today));
        assert_eq!(
            apply(
                &done,
                &Command::Link { target: "X".into() },
                &a,
                None,
                today
            )
            .unwrap_err()
            .code,
            "not_handling"
        );
        assert_eq!(
            apply(&done, &Command::Accept { handler: None }, &a, None, today)
                .unwrap_err()
                .code,
            "not_received"
        );
    }
}
