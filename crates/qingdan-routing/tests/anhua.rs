//! The Anhua list's eight boundaries (§二) as routing tests: every case example, the list's own
//! wording of each division, everyday paraphrases, the precedence cases of boundary 8, and
//! texts the list does not cover.
//!
//! Each row is `(text, department, boundary_no, why)`: `why` names the sentence of the
//! 职责分工 or 案例 the row proves.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]

use std::sync::OnceLock;

use qingdan_core::Catalog;
use qingdan_routing::{MAX_CHARS, Resolution, Router, RoutingError};

type Row = (
    &'static str,
    Option<&'static str>,
    Option<u32>,
    &'static str,
);

const GXJ: Option<&str> = Some("县工信局");
const FGJ: Option<&str> = Some("县发改局");
const SWJ: Option<&str> = Some("县商务局");
const JTJ: Option<&str> = Some("县交通运输局");
const ZJJ: Option<&str> = Some("县住建局");
const GTJ: Option<&str> = Some("县国土局");
const NONE: Option<&str> = None;

fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| {
        qingdan_core::parse_list(include_str!("../../../data/seeds/anhua.txt"))
            .expect("the Anhua list imports")
    })
}

fn router() -> &'static Router {
    static ROUTER: OnceLock<Router> = OnceLock::new();
    ROUTER.get_or_init(|| Router::new(catalog()))
}

/// Runs every row and reports all failures at once.
fn check(rows: &[Row]) {
    let mut failures = Vec::new();
    for &(text, department, boundary, why) in rows {
        let r = router().resolve(text).expect("a routable text");
        if r.department.as_deref() != department || r.boundary_no != boundary {
            failures.push(format!(
                "「{text}」 expected {department:?} §二.{boundary:?} ({why})\n    got {:?} §二.{:?} rule {:?}\n    {}",
                r.department, r.boundary_no, r.rule, r.explanation
            ));
        }
        assert_consistent(&r, text);
    }
    assert!(
        failures.is_empty(),
        "{} of {} rows failed:\n{}",
        failures.len(),
        rows.len(),
        failures.join("\n")
    );
}

/// A department always comes with its boundary and is one of that boundary's parties.
fn assert_consistent(r: &Resolution, text: &str) {
    assert!(!r.explanation.is_empty(), "「{text}」 has no explanation");
    if let Some(department) = &r.department {
        let no = r.boundary_no.expect("a department comes with its boundary");
        let b = catalog().boundary(no).expect("the boundary exists");
        let party = b
            .parties
            .iter()
            .find(|p| &p.department == department)
            .expect("the department is a party of the boundary");
        assert_eq!(r.division.as_deref(), Some(party.division.as_str()));
        assert_eq!(r.matter.as_deref(), Some(b.matter.as_str()));
        assert_eq!(r.basis.as_deref(), Some(b.basis.as_str()));
        assert!(
            r.explanation.contains(department.as_str()),
            "「{text}」: {}",
            r.explanation
        );
    }
}

#[test]
#[rustfmt::skip] // one row per line: the table is the specification
fn boundary_1_economic_regulation() {
    check(&[
        ("县工信局负责制定全县工业经济发展目标", GXJ, Some(1), "案例：县工信局负责制定全县工业经济发展目标"),
        ("全县工业经济发展目标由谁来定", GXJ, Some(1), "案例：县工信局负责制定全县工业经济发展目标"),
        ("今年全县工业要增长多少，目标谁来定", GXJ, Some(1), "案例：县工信局负责制定全县工业经济发展目标"),
        ("规上工业增加值的年度目标任务谁下达", GXJ, Some(1), "案例：县工信局负责制定全县工业经济发展目标"),
        ("协调解决工业经济运行发展中的有关问题", GXJ, Some(1), "县工信局：协调解决工业经济运行发展中的有关问题"),
        ("工业运行出了问题找谁协调", GXJ, Some(1), "县工信局：协调解决工业经济运行发展中的有关问题"),
        ("调节全县经济运行是哪个部门的事", GXJ, Some(1), "县工信局：调节经济运行"),
        ("工业企业停产了，生产经营遇到困难找谁", GXJ, Some(1), "县工信局：协调解决工业经济运行发展中的有关问题"),
        ("负责组织重要物资的紧急调度", GXJ, Some(1), "县工信局：负责组织重要物质的紧急调度"),
        ("抗洪急需紧急调运一批物资", GXJ, Some(1), "县工信局：负责组织重要物质的紧急调度"),
        ("救灾物资调配归哪个部门", GXJ, Some(1), "县工信局：负责组织重要物质的紧急调度"),
        ("冬季电煤保供由谁来调度", GXJ, Some(1), "县工信局：负责组织重要物质的紧急调度"),
        ("县发改局负责制定全县国民经济和社会发展计划", FGJ, Some(1), "案例：县发改局负责制定全县国民经济和社会发展计划"),
        ("全县国民经济和社会发展计划由哪个部门制定", FGJ, Some(1), "案例：县发改局负责制定全县国民经济和社会发展计划"),
        ("经济社会发展年度计划谁来编", FGJ, Some(1), "案例：县发改局负责制定全县国民经济和社会发展计划"),
        ("全县十四五规划纲要由谁编制", FGJ, Some(1), "案例：县发改局负责制定全县国民经济和社会发展计划（五年规划）"),
        ("负责监测全县宏观经济运行", FGJ, Some(1), "县发改局：负责监测全县宏观经济运行"),
        ("全县宏观经济形势由谁监测", FGJ, Some(1), "县发改局：负责监测全县宏观经济运行"),
        ("ＧＤＰ增速的监测分析归哪个部门", FGJ, Some(1), "县发改局：负责监测全县宏观经济运行"),
        ("全县经济运行情况的监测分析", FGJ, Some(1), "县发改局：负责监测全县宏观经济运行"),
        ("今年工业增速多少谁负责", GXJ, Some(1), "案例：县工信局负责制定全县工业经济发展目标"),
        ("企业缺电缺煤找谁协调", GXJ, Some(1), "县工信局：负责组织重要物质的紧急调度"),
        ("疫情期间口罩紧急调配", GXJ, Some(1), "县工信局：负责组织重要物质的紧急调度"),
    ]);
}

#[test]
#[rustfmt::skip] // one row per line: the table is the specification
fn boundary_2_industrial_planning() {
    check(&[
        ("工业行业和通信业发展专项规划由谁负责编制", GXJ, Some(2), "县工信局：工业行业和通信业发展专项规划由县工信局负责编制"),
        ("工业发展专项规划谁来编", GXJ, Some(2), "县工信局：工业行业和通信业发展专项规划由县工信局负责编制"),
        ("全县通信业发展规划找哪个部门", GXJ, Some(2), "县工信局：工业行业和通信业发展专项规划由县工信局负责编制"),
        ("编制全县信息化发展规划", GXJ, Some(2), "案例：县工信局编制工业和信息化发展规划"),
        ("工业十四五规划由哪个部门编制", GXJ, Some(2), "工业的五年规划是工业专项规划，不是总体规划"),
        ("5G基站建设规划谁编制", GXJ, Some(2), "县工信局：……通信业发展专项规划由县工信局负责编制"),
        ("工业和信息化发展规划与国民经济和社会发展总体规划的衔接平衡", FGJ, Some(2), "案例：县发改局负责……衔接平衡"),
        ("工业规划和全县总体规划怎么衔接", FGJ, Some(2), "县发改局：……衔接平衡由县发改局负责"),
        ("工业规划跟国民经济规划对接由谁负责", FGJ, Some(2), "县发改局：……衔接平衡由县发改局负责"),
        ("通信业专项规划与总体规划不一致，谁来协调", FGJ, Some(2), "县发改局：……衔接平衡由县发改局负责"),
    ]);
}

#[test]
#[rustfmt::skip] // one row per line: the table is the specification
fn boundary_3_new_industrialisation() {
    check(&[
        ("承担加速推进县新型工业化领导小组办公室的日常工作", GXJ, Some(3), "县工信局：承担……领导小组办公室的日常工作"),
        ("新型工业化领导小组办公室设在哪个部门", GXJ, Some(3), "县工信局：承担……领导小组办公室的日常工作"),
        ("推进新型工业化领导小组的日常工作谁负责", GXJ, Some(3), "县工信局：承担……领导小组办公室的日常工作"),
        ("新工办在哪个单位", GXJ, Some(3), "县工信局：承担……领导小组办公室的日常工作"),
        ("负责新型工业化有关的生产力布局与规划", FGJ, Some(3), "县发改局：负责新型工业化有关的生产力布局与规划"),
        ("新型工业化的生产力布局由谁规划", FGJ, Some(3), "县发改局：负责新型工业化有关的生产力布局与规划"),
        ("推进新型工业化的重大项目审批找谁", FGJ, Some(3), "县发改局：重大项目的审批、核准、上报"),
        ("全县产业布局怎么定，哪个部门管", FGJ, Some(3), "县发改局：生产力布局与规划"),
    ]);
}

#[test]
#[rustfmt::skip] // one row per line: the table is the specification
fn boundary_4_investment_projects() {
    check(&[
        ("某企业申报国家固定资产投资项目，该项目由省经信委审批、核准", GXJ, Some(4), "案例：如该项目由省经信委审批、核准，则由县工信局……服务"),
        ("省经信委批的项目找谁申报", GXJ, Some(4), "县工信局：……省经信委审批、核准的项目由县工信局负责申报"),
        ("这个技改项目需要省工信厅核准", GXJ, Some(4), "县工信局：……省经信委审批、核准的项目由县工信局负责申报"),
        ("工业和信息化部审批的项目，县里由哪个部门申报", GXJ, Some(4), "县工信局：按规定权限由国家工业和信息化部……审批、核准的项目"),
        ("项目要报工信部立项", GXJ, Some(4), "县工信局：按规定权限由国家工业和信息化部……审批、核准的项目"),
        ("某企业申报国家固定资产投资项目，该项目由省发改委审批、核准", FGJ, Some(4), "案例：如该项目由省发改委审批、核准，则由县发改局……服务"),
        ("省发改委立项的项目", FGJ, Some(4), "案例：如该项目由省发改委审批、核准，则由县发改局……服务"),
        ("项目要报国家发改委核准", FGJ, Some(4), "县发改局：需国家发改委审批、核准的工业投资管理职能，由县发改局承担"),
        ("国家发展改革委审批的工业投资项目县里谁负责", FGJ, Some(4), "县发改局：需国家发改委审批、核准的工业投资管理职能"),
        ("工业与信息化领域新建项目的核准、备案和审核", FGJ, Some(4), "县发改局：牵头……新建项目的核准、备案和审核"),
        ("新上一个工业项目去哪备案", FGJ, Some(4), "县发改局：牵头……新建项目的核准、备案和审核"),
        ("企业新建厂房项目核准找谁", FGJ, Some(4), "县发改局：牵头……新建项目的核准、备案和审核"),
        ("固定资产投资项目备案", FGJ, Some(4), "县发改局：牵头……新建项目的核准、备案和审核"),
        ("办厂要立项找哪个部门", FGJ, Some(4), "县发改局：牵头……新建项目的核准、备案和审核"),
    ]);
}

#[test]
#[rustfmt::skip] // one row per line: the table is the specification
fn boundary_5_energy_saving() {
    check(&[
        ("承担工业企业的节能考核和节能监察工作", GXJ, Some(5), "县工信局：承担工业企业的节能考核和节能监察工作"),
        ("工厂能耗超标谁来查", GXJ, Some(5), "县工信局：承担工业企业的节能考核和节能监察工作"),
        ("钢厂用电能耗太高", GXJ, Some(5), "县工信局：承担工业企业的节能考核和节能监察工作"),
        ("对工业企业进行节能监察", GXJ, Some(5), "县工信局：承担工业企业的节能考核和节能监察工作"),
        ("厂里搞节能改造找哪个部门", GXJ, Some(5), "县工信局：负责工业、通信业能源节约……工作"),
        ("工业固废综合利用归谁管", GXJ, Some(5), "县工信局：负责工业、通信业……资源综合利用工作"),
        ("工业节能政策由谁组织实施", GXJ, Some(5), "县工信局：组织实施工业能源节约和资源综合利用政策"),
        ("负责节能减排的综合协调工作", FGJ, Some(5), "县发改局：负责节能减排的综合协调工作"),
        ("全县节能减排工作由谁统筹", FGJ, Some(5), "县发改局：负责节能减排的综合协调工作"),
        ("发展循环经济的规划谁来拟订", FGJ, Some(5), "县发改局：组织拟订……循环经济发展……的规划"),
        ("资源综合利用规划由哪个部门组织拟订", FGJ, Some(5), "县发改局：组织拟订……资源综合利用的规划"),
    ]);
}

#[test]
#[rustfmt::skip] // one row per line: the table is the specification
fn boundary_6_logistics() {
    check(&[
        ("某企业要剥离外包内部物流业务", GXJ, Some(6), "案例：某企业要剥离外包内部物流业务，可向工信部门申请指导支持"),
        ("想把厂里的运输外包出去", GXJ, Some(6), "案例：剥离外包内部物流业务 → 工信部门"),
        ("企业内部物流剥离出来交给社会", GXJ, Some(6), "县工信局：促进企业内部物流社会化"),
        ("工厂仓储交给第三方物流公司", GXJ, Some(6), "县工信局：负责指导生产企业的物流外包工作"),
        ("把配送业务外包给别人做", GXJ, Some(6), "县工信局：负责指导生产企业的物流外包工作"),
        ("我们厂想把物流交给专业公司", GXJ, Some(6), "县工信局：负责指导生产企业的物流外包工作"),
        ("要建设物流中心项目，应向哪个部门申请备案", FGJ, Some(6), "案例：要建设物流中心项目，应向发改部门申请备案"),
        ("建物流园要备案吗", FGJ, Some(6), "案例：要建设物流中心项目，应向发改部门申请备案"),
        ("投资建设一个冷链物流中心", FGJ, Some(6), "案例：要建设物流中心项目，应向发改部门申请备案"),
        ("物流基地项目立项找谁", FGJ, Some(6), "案例：要建设物流中心项目，应向发改部门申请备案"),
        ("想在县里搞个物流产业园", FGJ, Some(6), "案例：要建设物流中心项目，应向发改部门申请备案"),
        ("要开展连锁经营、特许经营、流通配送、电子商务业务", SWJ, Some(6), "案例：……可向商务部门申请指导扶持"),
        ("我想开网店", SWJ, Some(6), "案例：电子商务业务 → 商务部门"),
        ("网上销售农产品要找哪个部门扶持", SWJ, Some(6), "案例：电子商务业务 → 商务部门"),
        ("开一家连锁加盟店", SWJ, Some(6), "案例：连锁经营、特许经营 → 商务部门"),
        ("发展农村电商找谁", SWJ, Some(6), "县商务局：负责物流配送、电子商务等现代流通方式的发展"),
        ("搞城乡物流配送", SWJ, Some(6), "县商务局：负责物流配送……的发展"),
        ("做微商卖黑茶", SWJ, Some(6), "案例：电子商务业务 → 商务部门"),
        ("在淘宝上卖茶叶要找谁扶持", SWJ, Some(6), "案例：电子商务业务 → 商务部门"),
        ("要开展道路运输业务，应申办道路运输经营许可证", JTJ, Some(6), "案例：要开展道路运输业务，应向交通运输部门申办《道路运输经营许可证》"),
        ("办道路运输证", JTJ, Some(6), "案例：……申办《道路运输经营许可证》"),
        ("跑运输要办什么证", JTJ, Some(6), "案例：要开展道路运输业务……"),
        ("开物流公司拉货需要什么许可", JTJ, Some(6), "案例：要开展道路运输业务……"),
        ("货车办营运证去哪", JTJ, Some(6), "案例：……申办《道路运输经营许可证》"),
        ("想买辆货车跑长途运输需要什么手续", JTJ, Some(6), "案例：要开展道路运输业务……"),
        ("拟定现代物流业发展战略和规划", FGJ, Some(6), "县发改局：拟定现代物流业发展战略和规划"),
        ("全县物流发展规划谁来定", FGJ, Some(6), "县发改局：牵头负责全县物流发展工作"),
        ("全县物流发展工作谁牵头", FGJ, Some(6), "县发改局：牵头负责全县物流发展工作"),
        ("物流产业布局怎么安排", FGJ, Some(6), "县发改局：协调物流发展重大布局"),
    ]);
}

#[test]
#[rustfmt::skip] // one row per line: the table is the specification
fn boundary_7_wall_materials() {
    check(&[
        ("非粘土砖的生产过程及成品相关性能由谁监管", GXJ, Some(7), "案例：工信部门负责对该产品生产过程及成品相关性能的监管"),
        ("非黏土砖的产品质量谁来监管", GXJ, Some(7), "案例：工信部门负责对该产品生产过程及成品相关性能的监管"),
        ("空心砖厂生产过程的监管", GXJ, Some(7), "案例：工信部门负责对该产品生产过程……的监管"),
        ("页岩砖性能不达标找谁", GXJ, Some(7), "案例：工信部门负责对……成品相关性能的监管"),
        ("新型墙材出厂检测归哪个部门", GXJ, Some(7), "县工信局：组织实施国家有关生产新型墙体材料的产品标准"),
        ("新型墙体材料产品目录由谁公布", GXJ, Some(7), "县工信局：会同有关部门确定并公布新型墙体材料的产品目录"),
        ("粘土砖总量控制计划谁制定", GXJ, Some(7), "县工信局：制定……粘土砖总量控制计划"),
        ("墙改办是哪个单位的", GXJ, Some(7), "县工信局：指导墙体材料革新（县墙体材料改革办公室）"),
        ("非粘土砖用于建筑工程，在设计、施工、监理、验收各环节由谁监管", ZJJ, Some(7), "案例：建设部门是负责对建筑工程使用该产品在设计、施工、监理、验收各环节的监管"),
        ("用新型墙材的建筑工程竣工验收谁管", ZJJ, Some(7), "案例：建设部门……验收各环节的监管"),
        ("砌块墙体的设计和监理由哪个部门管", ZJJ, Some(7), "案例：建设部门……设计、施工、监理……的监管"),
        ("加气砖砌墙施工不规范找谁", ZJJ, Some(7), "案例：建设部门……施工……的监管"),
        ("新型墙体材料的应用技术规范由谁组织实施", ZJJ, Some(7), "县住建局：组织实施国家有关使用新型墙体材料的应用技术规范"),
        ("控制向非新型墙体材料的粘土制品生产企业供地", GTJ, Some(7), "县国土局：控制向……粘土制品生产企业供地"),
        ("红砖厂乱挖土谁管", GTJ, Some(7), "县国土局：限制现有粘土实心砖生产企业的取土范围和规模"),
        ("给粘土砖厂批地归哪个部门", GTJ, Some(7), "县国土局：控制向……粘土制品生产企业供地"),
        ("实心黏土砖厂取土范围谁来限制", GTJ, Some(7), "县国土局：限制……取土范围和规模"),
        ("砖厂烧红砖占用耕地", GTJ, Some(7), "县国土局：控制向……粘土制品生产企业供地（不是使用粘土砖）"),
        ("依法查处建设单位违法使用粘土砖的行为", GXJ, Some(7), "县工信局：依法查处建设单位违法使用粘土砖的行为"),
        ("工地上还在用红砖", GXJ, Some(7), "县工信局：依法查处建设单位违法使用粘土砖的行为"),
        ("开发商盖楼用实心黏土砖", GXJ, Some(7), "县工信局：依法查处建设单位违法使用粘土砖的行为"),
        ("建设单位违规使用粘土实心砖", GXJ, Some(7), "县工信局：依法查处建设单位违法使用粘土砖的行为"),
        ("施工单位违规使用实心黏土砖", ZJJ, Some(7), "县住建局：依法查处建筑工程违法使用墙体材料情况的设计、施工、监理行为"),
        ("设计图纸里用了粘土砖谁来查", ZJJ, Some(7), "县住建局：依法查处……违法使用墙体材料情况的设计……行为"),
        ("监理单位放任工地使用红砖", ZJJ, Some(7), "县住建局：依法查处……违法使用墙体材料情况的……监理行为"),
    ]);
}

#[test]
#[rustfmt::skip] // one row per line: the table is the specification
fn boundary_8_bulk_cement() {
    check(&[
        ("若该工程应当使用散装水泥而使用袋装水泥施工", GXJ, Some(8), "案例：……使用袋装水泥施工，县散装办……进行行政处罚"),
        ("工地用袋装的水泥", GXJ, Some(8), "案例：……使用袋装水泥施工，县散装办……进行行政处罚"),
        ("工程没用散装水泥", GXJ, Some(8), "案例：应当使用散装水泥而使用袋装水泥 → 县散装办"),
        ("施工方违规使用袋装水泥", GXJ, Some(8), "县工信局：检查违法使用袋装水泥行为"),
        ("袋裝水泥歸誰管", GXJ, Some(8), "县工信局：检查违法使用袋装水泥行为（繁体）"),
        ("小区工地用的是一袋一袋的水泥", GXJ, Some(8), "县工信局：检查违法使用袋装水泥行为"),
        ("工地水泥不是散装的", GXJ, Some(8), "案例：应当使用散装水泥而使用袋装水泥 → 县散装办"),
        ("若该工程虽然使用散装水泥，但使用散装水泥进行现场搅拌混凝土施工", ZJJ, Some(8), "案例：……现场搅拌混凝土施工，县住建部门……予以行政处罚"),
        ("工地上自己拌混凝土", ZJJ, Some(8), "县住建局：检查违法进行现场搅拌混凝土行为"),
        ("施工现场搅拌砼", ZJJ, Some(8), "县住建局：检查违法进行现场搅拌混凝土行为"),
        ("工地上支了台搅拌机拌混凝土", ZJJ, Some(8), "县住建局：检查违法进行现场搅拌混凝土行为"),
        ("混凝土在工地现场拌制", ZJJ, Some(8), "县住建局：检查违法进行现场搅拌混凝土行为"),
        ("现场 搅伴 混凝土", ZJJ, Some(8), "县住建局：检查违法进行现场搅拌混凝土行为（空格、错字）"),
    ]);
}

/// Boundary 8's case draws the line between the two departments; these rows walk along it.
#[test]
#[rustfmt::skip] // one row per line: the table is the specification
fn boundary_8_precedence() {
    check(&[
        ("工地用袋装水泥现场搅拌混凝土", GXJ, Some(8), "案例：应当使用散装水泥而使用袋装水泥 → 县散装办，即使也现场搅拌"),
        ("现场搅拌的混凝土用的是袋装水泥", GXJ, Some(8), "案例：使用袋装水泥 → 县散装办"),
        ("没有现场搅拌混凝土，但用了袋装水泥", GXJ, Some(8), "案例：使用袋装水泥 → 县散装办（搅拌被否定）"),
        ("袋装水泥能不能在工地现场搅拌混凝土", GXJ, Some(8), "案例：使用袋装水泥 → 县散装办"),
        ("用散装水泥在现场搅拌混凝土", ZJJ, Some(8), "案例：虽然使用散装水泥，但……现场搅拌混凝土 → 县住建部门"),
        ("现场搅拌混凝土，没用袋装水泥", ZJJ, Some(8), "案例：……现场搅拌混凝土 → 县住建部门（袋装被否定）"),
        ("现场搅拌混凝土，不是用的袋装水泥", ZJJ, Some(8), "案例：……现场搅拌混凝土 → 县住建部门（袋装被否定）"),
        ("现场搅拌混凝土要不要查袋装水泥", ZJJ, Some(8), "只提到袋装水泥而未说使用：现场搅拌优先"),
        ("在禁止现场搅拌混凝土的区域内现场搅拌混凝土", ZJJ, Some(8), "案例：某“禁止现场搅拌混凝土”区域内……"),
    ]);
    let r = router().resolve("工地用袋装水泥现场搅拌混凝土").unwrap();
    assert_eq!(r.rule.as_deref(), Some("b8-bagged-use"));
    assert!(r.explanation.contains("县散装水泥办公室"), "{}", r.explanation);
    assert!(r.explanation.contains("县住建局"), "names the department considered: {}", r.explanation);
    let r = router().resolve("用散装水泥在现场搅拌混凝土").unwrap();
    assert_eq!(r.rule.as_deref(), Some("b8-site-mixing"));
    assert!(r.explanation.contains("虽然使用散装水泥"), "quotes the case: {}", r.explanation);
}

#[test]
fn the_bureau_is_named_for_bagged_cement() {
    let r = router().resolve("工地用袋装的水泥").unwrap();
    assert_eq!(r.rule.as_deref(), Some("b8-bagged-use"));
    assert!(r.explanation.contains("县散装办"), "{}", r.explanation);
    assert!(
        r.explanation.contains("县散装水泥办公室"),
        "{}",
        r.explanation
    );
    assert_eq!(
        r.example.as_deref(),
        catalog().boundary(8).map(|b| b.example.as_str())
    );
}

#[test]
fn other_departments_considered_are_named() {
    // Outsourcing road transport: the firm's own logistics decide it, transport is mentioned.
    let r = router().resolve("把运输业务外包出去").unwrap();
    assert_eq!(
        r.department.as_deref(),
        Some("县工信局"),
        "{}",
        r.explanation
    );
    assert!(r.explanation.contains("县交通运输局"), "{}", r.explanation);
    // A project approved by the provincial 经信委 is not the 县发改局's general filing.
    let r = router().resolve("省经信委核准的工业项目要备案吗").unwrap();
    assert_eq!(
        r.department.as_deref(),
        Some("县工信局"),
        "{}",
        r.explanation
    );
    assert!(r.explanation.contains("县发改局"), "{}", r.explanation);
}

#[test]
fn equally_specific_rules_for_two_departments_decide_nothing() {
    let r = router().resolve("电子商务和道路运输归谁管").unwrap();
    assert_eq!(r.department, None);
    assert_eq!(r.rule.as_deref(), Some("ambiguous"));
    assert_eq!(r.boundary_no, Some(6), "both rules belong to boundary 6");
    assert!(
        r.explanation.contains("县商务局") && r.explanation.contains("县交通运输局"),
        "{}",
        r.explanation
    );
    assert!(r.explanation.contains("不作推断"), "{}", r.explanation);
}

#[test]
fn a_near_quotation_of_a_division_routes_by_similarity() {
    // No rule covers the land-law wording of 县国土局's row; the bigram fallback does.
    check(&[(
        "按照土地管理法律法规的规定和土地利用总体规划的要求",
        GTJ,
        Some(7),
        "县国土局：按照土地管理法律法规的规定和土地利用总体规划的要求……",
    )]);
    let r = router()
        .resolve("按照土地管理法律法规的规定和土地利用总体规划的要求")
        .unwrap();
    assert_eq!(r.rule.as_deref(), Some("division-similarity"));
    assert!(r.explanation.contains("文字相似度"), "{}", r.explanation);
}

#[test]
fn a_matter_without_a_decisive_cue_gets_the_boundary_but_no_department() {
    check(&[
        (
            "物流管理归谁管",
            NONE,
            Some(6),
            "管理事项：物流管理（四个部门分工）",
        ),
        (
            "散装水泥推广应用监管",
            NONE,
            Some(8),
            "管理事项：散装水泥推广应用监管",
        ),
        ("推进新型工业化", NONE, Some(3), "管理事项：推进新型工业化"),
    ]);
    let r = router().resolve("物流管理归谁管").unwrap();
    for d in ["县工信局", "县发改局", "县商务局", "县交通运输局"] {
        assert!(r.explanation.contains(d), "{}", r.explanation);
    }
}

#[test]
fn nonsense_is_refused_not_routed() {
    for text in [
        "asdf",
        "？？？",
        "123456",
        "😀😀😀",
        "hello world",
        "水",
        "a水b",
    ] {
        assert_eq!(
            router().resolve(text),
            Err(RoutingError::Unrecognizable),
            "{text}"
        );
    }
    assert!(
        RoutingError::Unrecognizable
            .to_string()
            .contains("无法识别")
    );
}

#[test]
fn texts_the_list_does_not_cover_get_no_department() {
    let rows: Vec<Row> = [
        "我家的猫走丢了",
        "办理结婚证",
        "食品安全投诉",
        "今天天气怎么样",
        "孩子上学报名找谁",
        "医保报销流程",
        "邻居装修太吵了",
        "网购的衣服是假货要投诉",
        "快递丢了找谁",
        "办理身份证",
        "水泥",
        "物流",
        "规划",
        "交通事故怎么处理",
        "工信局的电话是多少",
        "我想买房子",
        "不知道散装水泥归谁管",
        "负责全县发展工作",
        "网上开店要营业执照吗",
        "物流公司丢了我的货",
        "工地扬尘太大",
        "砖厂污染环境",
        "网店卖假货",
        "明年经济形势怎么样",
        "工业园区规划谁做",
        "要建个仓库",
    ]
    .into_iter()
    .map(|t| (t, NONE, None, "清单的职责边界没有涉及"))
    .collect();
    check(&rows);
    let r = router().resolve("我家的猫走丢了").unwrap();
    assert!(
        r.explanation
            .starts_with("清单的职责边界中没有涉及该事项的规定"),
        "{}",
        r.explanation
    );
    assert!(
        r.explanation.contains("建议咨询安化县工业和信息化局"),
        "{}",
        r.explanation
    );
    assert_eq!(r.rule, None);
}

#[test]
fn errors() {
    assert_eq!(router().resolve(""), Err(RoutingError::Empty));
    assert_eq!(router().resolve(" \u{3000}\n\t"), Err(RoutingError::Empty));
    let long = "水".repeat(MAX_CHARS + 1);
    assert_eq!(
        router().resolve(&long),
        Err(RoutingError::TooLong { max: 500 })
    );
    assert!(router().resolve(&"水".repeat(MAX_CHARS)).is_ok());
    assert_eq!(RoutingError::Empty.to_string(), "请输入要查询的事项");
    assert_eq!(
        RoutingError::TooLong { max: 500 }.to_string(),
        "查询内容过长，最多 500 个字"
    );
    assert_eq!(RoutingError::TooLong { max: 500 }.code(), "too_long");
}

#[test]
fn resolution_serializes_with_the_contract_fields() {
    let r = router().resolve("施工现场搅拌砼").unwrap();
    let json = serde_json::to_value(&r).unwrap();
    for key in [
        "department",
        "matter",
        "boundary_no",
        "basis",
        "explanation",
        "example",
        "division",
        "rule",
    ] {
        assert!(json.get(key).is_some(), "missing {key}: {json}");
    }
    assert_eq!(json["department"], "县住建局");
    assert_eq!(json["boundary_no"], 8);
    let none = serde_json::to_value(router().resolve("办理结婚证").unwrap()).unwrap();
    assert!(none["department"].is_null());
}

#[test]
fn router_is_send_and_sync() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Router>();
    assert_send_sync::<Resolution>();
}
