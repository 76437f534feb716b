//! Search benchmark over 100,000 generated Chinese documents (no criterion: plain timing).
//!
//! Run with `cargo bench -p qingdan-search`. The corpus and queries are generated
//! deterministically (splitmix64, fixed seed) from a vocabulary of real words of the regulatory
//! domain with a Zipf-like frequency distribution.

use std::hint::black_box;
use std::time::{Duration, Instant};

use qingdan_search::{Doc, Index, SearchOptions};

const DOCS: usize = 100_000;
const QUERIES_PER_CLASS: usize = 500;
const SEED: u64 = 0x5143_444e_2024_0001;

/// Words of the regulatory domain, most frequent first (rank decides the Zipf weight).
const VOCAB: &[&str] = &[
    "管理",
    "负责",
    "监督",
    "工作",
    "检查",
    "组织",
    "实施",
    "企业",
    "部门",
    "规定",
    "职责",
    "行政",
    "建设",
    "服务",
    "信息",
    "安全",
    "标准",
    "制度",
    "项目",
    "资金",
    "电力",
    "水泥",
    "节能",
    "审批",
    "许可",
    "登记",
    "备案",
    "处罚",
    "投诉",
    "举报",
    "协调",
    "指导",
    "推进",
    "落实",
    "依法",
    "执行",
    "统计",
    "规划",
    "政策",
    "措施",
    "散装",
    "专项",
    "基金",
    "工业",
    "产业",
    "经济",
    "运行",
    "发展",
    "改革",
    "市场",
    "质量",
    "技术",
    "创新",
    "人员",
    "培训",
    "考核",
    "评估",
    "验收",
    "调查",
    "分析",
    "报告",
    "公开",
    "档案",
    "应急",
    "预案",
    "事故",
    "隐患",
    "排查",
    "整改",
    "通报",
    "约谈",
    "督办",
    "监督检查",
    "行政处罚",
    "投诉举报",
    "建设工程",
    "中小企业",
    "信息安全",
    "墙体材料",
    "专项基金",
    "无线电",
    "预拌混凝土",
    "散装水泥",
    "节能降耗",
    "行政许可",
    "安全生产",
    "质量监督",
    "资源综合利用",
    "新型墙体材料",
    "节能监察",
    "电力设施",
    "电力需求侧管理",
    "无线电频率",
    "无线电台站",
    "频率规划",
    "信息化",
    "软件产业",
    "集成电路",
    "电子信息",
    "工业互联网",
    "两化融合",
    "智能制造",
    "技术改造",
    "固定资产投资",
    "淘汰落后产能",
    "清洁生产",
    "循环经济",
    "能源消费",
    "能耗限额",
    "产品质量",
    "民营经济",
    "融资担保",
    "中小企业发展专项资金",
    "减轻企业负担",
    "涉企收费",
    "营商环境",
    "企业服务",
    "政务服务",
    "一网通办",
    "行政审批",
    "事中事后监管",
    "双随机一公开",
    "信用监管",
    "失信惩戒",
    "联合惩戒",
    "行政强制",
    "行政复议",
    "行政诉讼",
    "听证",
    "罚款",
    "没收违法所得",
    "责令改正",
    "责令停产停业",
    "吊销许可证",
    "立案",
    "调查取证",
    "案件审理",
    "结案",
    "移送",
    "工业园区",
    "产业集群",
    "招商引资",
    "项目备案",
    "节能审查",
    "能效标识",
    "绿色制造",
    "绿色工厂",
    "危险化学品",
    "民用爆炸物品",
    "烟花爆竹",
    "盐业",
    "食盐专营",
    "国防科技工业",
    "军民融合",
    "网络安全",
    "数据安全",
    "个人信息保护",
    "关键信息基础设施",
    "等级保护",
    "电信",
    "通信管线",
    "基站",
    "电磁环境",
    "干扰查处",
    "设台审批",
    "频率占用费",
    "船舶电台",
    "业余无线电",
    "墙改基金",
    "散装水泥专项资金",
    "预拌砂浆",
    "混凝土搅拌站",
    "粉尘污染",
    "运输车辆",
    "征收",
    "减免",
    "返退",
    "使用管理",
    "绩效评价",
    "审计",
    "财政",
    "预算",
    "政府采购",
    "统计调查",
    "数据报送",
    "运行监测",
    "预警",
    "调度",
    "煤电油气运",
    "有序用电",
    "电网",
    "供电",
    "电价",
    "峰谷",
    "应急管理",
    "消防",
    "环境保护",
    "生态环境",
    "住房城乡建设",
    "市场监管",
    "发展改革",
    "财政部门",
    "税务",
    "海关",
    "公安机关",
    "县级以上人民政府",
    "乡镇人民政府",
    "街道办事处",
    "社区",
    "经营者",
    "生产者",
    "使用者",
    "申请人",
    "当事人",
];

const PUNCT: &[&str] = &["，", "，", "，", "。", "、", "；", "："];

/// splitmix64: tiny, deterministic, good enough for generating test data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }
}

/// Draws word ranks with probability proportional to 1 / (rank + 1) (Zipf, s = 1).
struct Zipf {
    cumulative: Vec<u64>,
}

impl Zipf {
    fn new(n: usize) -> Self {
        let mut acc = 0u64;
        let cumulative = (0..n)
            .map(|r| {
                acc += 1_000_000 / (r as u64 + 1);
                acc
            })
            .collect();
        Self { cumulative }
    }

    fn draw(&self, rng: &mut Rng) -> usize {
        let total = self.cumulative.last().copied().unwrap_or(1).max(1);
        let x = rng.next() % total;
        self.cumulative.partition_point(|&c| c <= x)
    }
}

fn text(rng: &mut Rng, zipf: &Zipf, target_chars: usize, punctuate: bool) -> String {
    let mut s = String::new();
    let mut len = 0;
    while len < target_chars {
        let w = VOCAB[zipf.draw(rng)];
        s.push_str(w);
        len += w.chars().count();
        if punctuate && rng.below(4) == 0 {
            s.push_str(PUNCT[rng.below(PUNCT.len())]);
            len += 1;
        } else if punctuate && rng.below(60) == 0 {
            s.push_str(&format!("（电话0737-{:07}）", rng.below(10_000_000)));
            len += 17;
        }
    }
    s.chars().take(target_chars).collect()
}

fn corpus(rng: &mut Rng, zipf: &Zipf) -> Vec<Doc> {
    let kinds = ["duty", "item", "boundary", "system", "service"];
    (0..DOCS)
        .map(|i| {
            let title_len = rng.range(8, 20);
            let body_len = rng.range(60, 300);
            Doc {
                kind: kinds[i % kinds.len()].to_string(),
                reference: format!("{}.{}.{}", i / 1000, (i / 10) % 100, i % 10),
                title: text(rng, zipf, title_len, false),
                body: text(rng, zipf, body_len, true),
            }
        })
        .collect()
}

/// Query classes: (name, generator).
fn queries(rng: &mut Rng) -> Vec<(&'static str, String)> {
    let two_char: Vec<&str> = VOCAB
        .iter()
        .copied()
        .filter(|w| w.chars().count() == 2)
        .collect();
    let frequent = &two_char[..20];
    let rare = &VOCAB[VOCAB.len() - 60..];
    let four_char: Vec<&str> = VOCAB
        .iter()
        .copied()
        .filter(|w| w.chars().count() == 4)
        .collect();
    let mut out = Vec::new();
    for _ in 0..QUERIES_PER_CLASS {
        out.push((
            "frequent 2-char",
            frequent[rng.below(frequent.len())].to_string(),
        ));
        out.push(("rare word", rare[rng.below(rare.len())].to_string()));
        // Half real 4-character words, half two frequent words glued into a phrase.
        let phrase = if rng.below(2) == 0 {
            four_char[rng.below(four_char.len())].to_string()
        } else {
            format!(
                "{}{}",
                frequent[rng.below(frequent.len())],
                frequent[rng.below(frequent.len())]
            )
        };
        out.push(("4-char phrase", phrase));
        out.push((
            "two terms",
            format!(
                "{} {}",
                VOCAB[rng.below(VOCAB.len())],
                frequent[rng.below(frequent.len())]
            ),
        ));
        let w: Vec<char> = frequent[rng.below(frequent.len())].chars().collect();
        out.push(("1-char", w[rng.below(w.len())].to_string()));
    }
    out
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

fn row(name: &str, times: &mut [Duration], totals: &[usize]) {
    times.sort_unstable();
    let us = |d: Duration| d.as_secs_f64() * 1e6;
    let mean_total = totals.iter().sum::<usize>() as f64 / totals.len() as f64;
    println!(
        "| {:<16} | {:>7} | {:>9.0} | {:>8.0} | {:>8.0} | {:>8.0} |",
        name,
        times.len(),
        mean_total,
        us(percentile(times, 0.50)),
        us(percentile(times, 0.99)),
        us(times.last().copied().unwrap_or_default()),
    );
}

fn main() {
    let mut rng = Rng(SEED);
    let zipf = Zipf::new(VOCAB.len());

    let t = Instant::now();
    let docs = corpus(&mut rng, &zipf);
    let text_bytes: usize = docs.iter().map(|d| d.title.len() + d.body.len()).sum();
    let gen_time = t.elapsed();

    let t = Instant::now();
    let index = Index::build(docs);
    let build_time = t.elapsed();

    println!(
        "corpus: {} docs, {} vocabulary words, {:.1} MB of title+body text (generated in {:.2} s)",
        index.len(),
        VOCAB.len(),
        text_bytes as f64 / 1e6,
        gen_time.as_secs_f64()
    );
    println!(
        "build: {:.2} s, index heap estimate {:.0} MB",
        build_time.as_secs_f64(),
        index.heap_size_estimate() as f64 / 1e6
    );

    let queries = queries(&mut rng);
    let opts = SearchOptions::default();
    // Warm-up.
    for (_, q) in queries.iter().take(200) {
        black_box(index.search(q, &opts));
    }

    let classes = [
        "frequent 2-char",
        "rare word",
        "4-char phrase",
        "two terms",
        "1-char",
    ];
    let mut times: Vec<Vec<Duration>> = vec![Vec::new(); classes.len()];
    let mut totals: Vec<Vec<usize>> = vec![Vec::new(); classes.len()];
    for (class, q) in &queries {
        let t = Instant::now();
        let r = black_box(index.search(black_box(q), &opts));
        let elapsed = t.elapsed();
        let c = classes
            .iter()
            .position(|k| k == class)
            .unwrap_or(classes.len() - 1);
        times[c].push(elapsed);
        totals[c].push(r.total);
    }

    println!();
    println!("| query class      | queries | mean hits |  p50 µs  |  p99 µs  |  max µs  |");
    println!("|------------------|--------:|----------:|---------:|---------:|---------:|");
    for (i, class) in classes.iter().enumerate() {
        row(class, &mut times[i], &totals[i]);
    }
    let mut all_times: Vec<Duration> = times.concat();
    let all_totals: Vec<usize> = totals.concat();
    row("overall", &mut all_times, &all_totals);
}
