//! A deterministic, realistic county for tests, benchmarks and `qingdan demo load`: 安化县
//! (region 430923) enterprises with valid 统一社会信用代码 (from `qingdan_registry::generate`,
//! each checked by [`Uscc::parse`]), Chinese names, wall-material certificates (some expired),
//! construction projects with their flags, the bureau's officers (some certificates expired,
//! some absent) and leaders, declared conflicts of interest, and inspections already made this
//! year when the plan day is later than 1 January. The same [`DemoParams`] give the same county.

use crate::officers::Relation;
use crate::plan::{Plan, PlanError, plan};
use crate::snapshot::{EnterpriseEntry, ProjectEntry, Snapshot, Validity, Visit};
use crate::systems::SystemCode;
use jiff::ToSpan;
use jiff::civil::Date;
use qingdan_cases::{By, Person};
use qingdan_registry::{Certificate, Enterprise, PartyKind, Project, Uscc};

pub use crate::systems::{OFFICES, responsible_office as office_for};

/// How big a county to make.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoParams {
    /// The generator's seed.
    pub seed: u64,
    /// The plan day (the year is its year).
    pub as_of: Date,
    /// How many enterprises.
    pub enterprises: usize,
    /// How many construction projects.
    pub projects: usize,
    /// How many officers (spread over [`OFFICES`]).
    pub officers: usize,
}

/// A generated county.
#[derive(Debug, Clone)]
pub struct DemoCounty {
    /// The parameters it was made from.
    pub params: DemoParams,
    /// Enterprises (and other organisations).
    pub enterprises: Vec<Enterprise>,
    /// Construction projects.
    pub projects: Vec<Project>,
    /// 新型墙体材料产品认定证书.
    pub certificates: Vec<Certificate>,
    /// Officers and leaders.
    pub people: Vec<Person>,
    /// Declared conflicts of interest.
    pub relations: Vec<Relation>,
    /// What the planner reads.
    pub snapshot: Snapshot,
}

impl DemoCounty {
    /// The seed (64 hex digits) the demo draws with, derived from the parameters.
    pub fn draw_seed(&self) -> String {
        let mut s = self.params.seed ^ 0x5EED_D4A7_0000_0000;
        (0..4)
            .map(|_| format!("{:016x}", splitmix64(&mut s)))
            .collect()
    }

    /// The year's plan, drawn with [`DemoCounty::draw_seed`].
    pub fn plan(&self) -> Result<Plan, PlanError> {
        plan(&self.snapshot, &self.draw_seed())
    }
}

fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            return 0;
        }
        (splitmix64(&mut self.0) % n as u64) as usize
    }
    /// True with probability `percent`/100.
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// 安化县的乡镇.
const TOWNS: [&str; 23] = [
    "东坪",
    "梅城",
    "小淹",
    "江南",
    "烟溪",
    "柘溪",
    "马路",
    "冷市",
    "大福",
    "清塘",
    "仙溪",
    "长塘",
    "羊角塘",
    "龙塘",
    "乐安",
    "滔溪",
    "南金",
    "古楼",
    "高明",
    "田庄",
    "奎溪",
    "渠江",
    "平口",
];
const BRANDS: [&str; 24] = [
    "鑫磊", "华泰", "宏达", "永固", "金石", "资江", "雪峰", "楚天", "湘中", "恒基", "瑞丰", "福临",
    "兴旺", "天元", "昌盛", "宏远", "建业", "润达", "益安", "长城", "新源", "明珠", "黑茶", "梅山",
];
const SURNAMES: [&str; 20] = [
    "李", "王", "张", "刘", "陈", "杨", "黄", "赵", "周", "吴", "谌", "龚", "夏", "曾", "彭", "蒋",
    "罗", "熊", "贺", "邓",
];
const GIVEN: [&str; 20] = [
    "伟", "芳", "军", "敏", "勇", "丽", "强", "霞", "斌", "红", "建国", "志明", "海燕", "文华",
    "小兵", "春生", "德胜", "玉兰", "湘平", "益民",
];
const BUILDINGS: [&str; 14] = [
    "安置小区",
    "中学教学楼",
    "人民医院住院楼",
    "商住楼",
    "黑茶产业园厂房",
    "保障性住房",
    "农贸市场",
    "幼儿园",
    "污水处理厂",
    "敬老院",
    "文化广场",
    "县道改扩建",
    "物流园仓库",
    "卫生院综合楼",
];

fn suffix(kind: PartyKind) -> &'static str {
    match kind {
        PartyKind::WallMaterialProducer => "新型建材有限公司",
        PartyKind::CementProducer => "水泥有限公司",
        PartyKind::ReadyMixConcrete => "商品混凝土有限公司",
        PartyKind::ReadyMixMortar => "干混砂浆有限公司",
        PartyKind::CementProductPlant => "水泥制品有限公司",
        PartyKind::PowerUser => "茶业有限公司",
        PartyKind::PowerSupplier => "电力有限责任公司",
        PartyKind::Builder => "置业有限公司",
        PartyKind::Other => "实业有限公司",
    }
}

/// The kind of the `i`-th enterprise (a fixed mix, so every kind occurs in small counties).
fn kind_of(r: usize) -> PartyKind {
    match r {
        0..=29 => PartyKind::WallMaterialProducer,
        30..=32 => PartyKind::CementProducer,
        33..=40 => PartyKind::ReadyMixConcrete,
        41..=44 => PartyKind::ReadyMixMortar,
        45..=54 => PartyKind::CementProductPlant,
        55..=78 => PartyKind::PowerUser,
        79 => PartyKind::PowerSupplier,
        80..=97 => PartyKind::Builder,
        _ => PartyKind::Other,
    }
}

/// Makes the county.
pub fn generate(params: DemoParams) -> DemoCounty {
    let mut rng = Rng(params.seed ^ 0xA0C4_0923_0000_0001);
    let as_of = params.as_of;
    let year = as_of.year();
    let jan1 = as_of.first_of_year();

    // Enterprises: codes of 安化县 enterprises (91, region 430923), each re-parsed.
    let codes: Vec<Uscc> = qingdan_registry::generate(params.seed, params.enterprises * 2 + 64)
        .filter(|c| c.as_str().starts_with("91430923"))
        .filter_map(|c| Uscc::parse(c.as_str()).ok())
        .take(params.enterprises)
        .collect();
    let mut enterprises = Vec::with_capacity(codes.len());
    let mut entries = Vec::with_capacity(codes.len());
    let mut certificates = Vec::new();
    for (i, uscc) in codes.into_iter().enumerate() {
        let kind = kind_of(rng.below(100));
        let town = rng.pick(&TOWNS);
        let name = format!("安化县{town}{}{}", rng.pick(&BRANDS), suffix(kind));
        let contact = format!("{}{}", rng.pick(&SURNAMES), rng.pick(&GIVEN));
        let mut wall_certificate = None;
        if kind == PartyKind::WallMaterialProducer && rng.chance(85) {
            // Three-year certificates issued over the last three years; some have lapsed.
            let from = jan1.checked_sub((rng.below(3 * 365) as i64).days());
            let until = from
                .as_ref()
                .map_err(Clone::clone)
                .and_then(|f| f.checked_add(3.years()))
                .and_then(|d| d.checked_sub(1.day()));
            if let (Ok(from), Ok(until)) = (from, until) {
                let from = from.min(as_of);
                wall_certificate = Some(Validity { from, until });
                certificates.push(Certificate {
                    number: format!("湘墙认字〔{}〕第{:04}号", from.year(), i + 1),
                    enterprise_uscc: uscc,
                    product: ["烧结页岩多孔砖", "蒸压加气混凝土砌块", "混凝土小型空心砌块"]
                        [rng.below(3)]
                    .to_string(),
                    valid_from: from,
                    valid_until: until,
                });
            }
        }
        entries.push(EnterpriseEntry {
            uscc,
            name: name.clone(),
            kind,
            wall_certificate,
            complained: rng.chance(3),
            incident: rng.chance(1),
            failed_spot_check: rng.chance(2),
        });
        enterprises.push(Enterprise {
            uscc,
            name,
            kind,
            address: format!("湖南省益阳市安化县{town}镇{}号", 1 + rng.below(300)),
            contact: Some(contact),
            phone: Some(format!("0737-72{:05}", rng.below(100_000))),
        });
    }
    let builders: Vec<Uscc> = enterprises
        .iter()
        .filter(|e| e.kind == PartyKind::Builder)
        .map(|e| e.uscc)
        .collect();

    // Projects.
    let mut projects = Vec::with_capacity(params.projects);
    let mut project_entries = Vec::with_capacity(params.projects);
    let mut prior = Vec::new();
    let days_before = (as_of - jan1).get_days().max(0) as usize;
    for i in 0..params.projects {
        let builder = match builders.len() {
            0 => enterprises.first().map(|e| e.uscc),
            n => builders.get(rng.below(n)).copied(),
        };
        let Some(builder) = builder else { break };
        let town = rng.pick(&TOWNS);
        let code = format!("{}-430923-47-01-{:06}", year - rng.below(2) as i16, i + 1);
        let name = format!(
            "{town}{}{}项目",
            rng.pick(&BUILDINGS),
            ["", "（一期）", "（二期）"][rng.below(3)]
        );
        let started_on = jan1.checked_sub((rng.below(700) as i64).days()).ok();
        let entry = ProjectEntry {
            code: code.clone(),
            name: name.clone(),
            builder,
            uses_cement: rng.chance(95),
            no_site_mixing_zone: rng.chance(60),
            refund_applied: rng.chance(10),
            wall_complaint: rng.chance(2),
            cement_complaint: rng.chance(3),
        };
        // Inspections already made this year, before the plan day.
        if days_before > 0
            && entry.uses_cement
            && rng.chance(15)
            && let Ok(on) = jan1.checked_add((rng.below(days_before) as i64).days())
        {
            prior.push(Visit {
                system: SystemCode::NoSiteMixing,
                target: code.clone(),
                on,
                complaint: entry.cement_complaint,
            });
        }
        projects.push(Project {
            code,
            name,
            builder_uscc: builder,
            location: format!("安化县{town}镇"),
            no_site_mixing_zone: entry.no_site_mixing_zone,
            started_on,
            applies_for_fund_refund: entry.refund_applied,
        });
        project_entries.push(entry);
    }
    if days_before > 0 {
        for e in entries
            .iter()
            .filter(|e| e.kind == PartyKind::WallMaterialProducer)
        {
            if e.wall_certificate.is_some_and(|v| v.contains(as_of))
                && rng.chance(5)
                && let Ok(on) = jan1.checked_add((rng.below(days_before) as i64).days())
            {
                prior.push(Visit {
                    system: SystemCode::WallCert,
                    target: e.uscc.as_str().to_string(),
                    on,
                    complaint: false,
                });
            }
        }
    }

    // People: officers spread over the offices, two bureau-wide leaders, one legal reviewer.
    let mut people = Vec::new();
    for i in 0..params.officers {
        let office = OFFICES[i % OFFICES.len()].0;
        let certificate = match rng.below(100) {
            // 5%: no certificate yet.
            0..=4 => None,
            // 10%: expired before the plan day.
            5..=14 => as_of
                .checked_sub((1 + rng.below(200) as i64).days())
                .ok()
                .map(|d| {
                    qingdan_personnel::Certificate::until(
                        format!("湘执{:010}", 4_309_230_000u64 + i as u64),
                        d,
                    )
                }),
            _ => as_of
                .checked_add((200 + rng.below(900) as i64).days())
                .ok()
                .map(|d| {
                    qingdan_personnel::Certificate::until(
                        format!("湘执{:010}", 4_309_230_000u64 + i as u64),
                        d,
                    )
                }),
        };
        people.push(Person {
            username: format!("officer{:03}", i + 1),
            role: Some(By::Officer),
            office: Some(office.to_string()),
            certificate,
        });
    }
    for i in 0..2 {
        people.push(Person {
            username: format!("leader{}", i + 1),
            role: Some(By::Leader),
            office: None,
            certificate: None,
        });
    }
    people.push(Person {
        username: "legal1".to_string(),
        role: Some(By::Legal),
        office: Some("法制安全股".to_string()),
        certificate: None,
    });

    // Conflicts of interest: a few officers related to a few enterprises.
    let mut relations = Vec::new();
    let officers = params.officers;
    if officers > 0 && !entries.is_empty() {
        for _ in 0..(entries.len() / 50).max(1) {
            let e = &entries[rng.below(entries.len())];
            relations.push(Relation {
                officer: format!("officer{:03}", 1 + rng.below(officers)),
                target: e.uscc.as_str().to_string(),
                nature: ["近亲属在该企业任职", "曾在该企业任职", "持有该企业股份"][rng.below(3)]
                    .to_string(),
            });
        }
    }

    DemoCounty {
        params,
        enterprises,
        projects,
        certificates,
        people,
        relations,
        snapshot: Snapshot {
            year,
            as_of,
            enterprises: entries,
            projects: project_entries,
            prior,
        },
    }
}
