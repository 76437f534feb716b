//! In a real browser: headless Chromium, driven over WebDriver, reads the pages the way a
//! person does — typing Chinese into the search box and pressing 搜索, following links, on a
//! desktop and on a phone-sized screen. Needs `chromium` and `chromium-driver`; fails (never
//! skips) without them. Screenshots land in `target/browser-screenshots/`.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]

mod support;

use std::path::PathBuf;

use support::webdriver::{Browser, base64_decode};
use support::{Db, Server, enc};

/// Saves a screenshot of the viewport as `target/browser-screenshots/{name}.png` and checks it
/// is as wide as the viewport.
fn screenshot(browser: &Browser, name: &str) -> PathBuf {
    let dir = support::bin()
        .parent()
        .and_then(|debug| debug.parent())
        .expect("the binary lives in target/<profile>/")
        .join("browser-screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    let png = browser.screenshot_png();
    let width = u32::from_be_bytes(png[16..20].try_into().unwrap());
    let viewport = browser.execute(
        "return Math.round(window.innerWidth * window.devicePixelRatio);",
        &[],
    );
    assert_eq!(
        u64::from(width),
        viewport.as_u64().unwrap(),
        "{name}: screenshot width"
    );
    let path = dir.join(format!("{name}.png"));
    std::fs::write(&path, png).unwrap();
    path
}

/// The HTTP status the browser got for the current page.
fn page_status(browser: &Browser) -> u64 {
    browser
        .execute(
            "return performance.getEntriesByType('navigation')[0].responseStatus;",
            &[],
        )
        .as_u64()
        .expect("navigation timing reports the status")
}

/// (document width, viewport width) in CSS pixels.
fn widths(browser: &Browser) -> (f64, f64) {
    let v = browser.execute(
        "return [document.documentElement.scrollWidth, window.innerWidth];",
        &[],
    );
    (v[0].as_f64().unwrap(), v[1].as_f64().unwrap())
}

/// One search result as the reader sees it.
#[derive(Debug)]
struct Hit {
    kind: String,
    title: String,
    href: String,
}

/// Reads the result page for `query`: the count line, and every hit with its highlighted
/// snippet. Each snippet is visible and highlights (`<mark>`) part of the query.
fn read_hits(browser: &Browser, query: &str) -> Vec<Hit> {
    let total = browser.find("p.total").text();
    assert!(
        total.contains("共找到") && total.contains(query),
        "count line: {total}"
    );
    assert!(browser.try_find("p.error").is_none());
    let hits: Vec<Hit> = browser
        .find_all("ol.hits li.hit")
        .iter()
        .map(|li| {
            let title = li.find("a.hit-title");
            let snippet = li.find("p.snippet");
            assert!(snippet.is_displayed(), "snippet of {}", title.text());
            let marks = snippet.find_all("mark");
            assert!(
                !marks.is_empty(),
                "{query}: no highlight in the snippet of {}",
                title.text()
            );
            for mark in &marks {
                let t = mark.text();
                assert!(
                    t.chars().count() >= 2 && query.contains(t.as_str()),
                    "{query}: highlighted {t:?} in the snippet of {}",
                    title.text()
                );
            }
            Hit {
                kind: li.find("span.badge").text(),
                title: title.text(),
                href: title.attr("href").unwrap(),
            }
        })
        .collect();
    let has = |kind: &str, title: &str| {
        hits.iter()
            .any(|h| h.kind == kind && h.title.contains(title))
    };
    assert!(has("具体工作事项", "工作事项 6.4"), "{query}: {hits:#?}");
    assert!(has("监管制度", "三(五)"), "{query}: {hits:#?}");
    assert!(has("监管制度", "三(六)"), "{query}: {hits:#?}");
    assert!(
        has("职责边界", "散装水泥推广应用监管"),
        "{query}: {hits:#?}"
    );
    hits
}

#[test]
fn a_reader_at_a_desktop_finds_who_handles_bulk_cement() {
    let server = Server::start(Db::Sqlite);
    let browser = Browser::start();
    browser.set_window_size(1280, 900);

    // 1. The home page: the list's four parts, each with its size.
    browser.goto(&server.url("/"));
    assert!(browser.title().contains("责任清单"), "{}", browser.title());
    let cards = browser.find_all(".cards section.card.part");
    let expected = [
        ("一、部门职责", "11 项职责，56 个具体工作事项"),
        ("二、与相关部门的职责边界", "8 个与相关部门共管的事项"),
        ("三、事中事后监管制度", "8 项监管制度"),
        ("四、公共服务事项", "3 项公共服务"),
    ];
    assert_eq!(cards.len(), expected.len());
    for (card, (heading, count)) in cards.iter().zip(expected) {
        assert!(card.is_displayed(), "{heading}");
        let r = card.rect();
        assert!(r.width > 250.0 && r.height > 100.0, "{heading}: {r:?}");
        assert_eq!(card.find("h2").text(), heading);
        assert_eq!(card.find("p.muted").text(), count);
    }
    screenshot(&browser, "desktop-home");

    // 2. Typing 散装水泥 into the header box and pressing 搜索.
    let q = browser.find("header form.searchbox input#q");
    q.send_keys("散装水泥");
    assert_eq!(q.property("value"), "散装水泥", "Chinese typed as is");
    q.submit();
    browser.wait_for_url(&server.url(&format!("/search?q={}", enc("散装水泥"))));
    assert!(browser.title().starts_with("搜索"), "{}", browser.title());
    read_hits(&browser, "散装水泥");
    assert_eq!(
        browser.find("input#q").property("value"),
        "散装水泥",
        "the header box keeps the query"
    );
    screenshot(&browser, "desktop-search");

    // …then the shorter 水泥 in the page's own big box.
    let q2 = browser.find("form.searchbox.big input#q2");
    assert_eq!(q2.property("value"), "散装水泥");
    q2.clear();
    q2.send_keys("水泥");
    q2.submit();
    browser.wait_for_url(&server.url(&format!("/search?q={}", enc("水泥"))));
    let hits = read_hits(&browser, "水泥");

    // 3. The boundary hit leads to the two departments, side by side.
    let boundary = hits.iter().position(|h| h.kind == "职责边界").unwrap();
    assert_eq!(hits[boundary].href, "/boundaries/8");
    browser.find_all("ol.hits li.hit a.hit-title")[boundary].click();
    browser.wait_for_url(&server.url("/boundaries/8"));
    assert_eq!(browser.find("h1").text(), "散装水泥推广应用监管");
    let parties = browser.find_all(".parties .party");
    let names: Vec<String> = parties.iter().map(|p| p.find("h2").text()).collect();
    assert_eq!(names, ["县工信局", "县住建局"]);
    let (left, right) = (parties[0].rect(), parties[1].rect());
    assert!(
        (left.y - right.y).abs() < 0.5,
        "same row: {left:?} {right:?}"
    );
    assert!(
        right.x >= left.x + left.width,
        "side by side: {left:?} {right:?}"
    );
    let basis = browser.find("section.basis");
    assert_eq!(basis.find("h2").text(), "相关依据");
    assert!(basis.text().contains("第二十三条"), "{}", basis.text());
    screenshot(&browser, "desktop-boundary");

    // An empty search shows the hint, not an error.
    let q = browser.find("input#q");
    assert_eq!(q.property("value"), "");
    q.submit();
    browser.wait_for_url(&server.url("/search?q="));
    assert_eq!(page_status(&browser), 200);
    assert!(browser.try_find("p.error").is_none());
    assert!(browser.try_find("p.total").is_none());
    let hint = browser.find("main p.muted").text();
    assert!(hint.contains("可以搜索职责"), "{hint}");

    // Only punctuation: HTTP 400, but a readable Chinese page with the box to try again.
    let q2 = browser.find("input#q2");
    q2.send_keys("，，");
    q2.submit();
    browser.wait_for_url(&server.url(&format!("/search?q={}", enc("，，"))));
    assert_eq!(page_status(&browser), 400);
    let error = browser.find("p.error");
    assert!(error.is_displayed());
    assert_eq!(error.text(), "搜索词只含标点或空白，请输入文字");
    assert!(browser.find("input#q2").is_displayed());
    assert!(browser.find_all("li.hit").is_empty());

    // 4. Public services: three, each with a phone number to tap.
    browser.goto(&server.url("/services"));
    let services = browser.find_all("section.card.service");
    assert_eq!(services.len(), 3);
    for s in &services {
        let tel = s.find("a.tel");
        let href = tel.attr("href").unwrap();
        assert!(href.starts_with("tel:0737"), "{href}");
        assert!(tel.is_displayed() && tel.text().starts_with("0737-"));
    }

    // 5. A supervision system, section by section; the table of contents jumps to each.
    browser.goto(&server.url("/systems/5"));
    let sections: Vec<String> = browser
        .find_all("section.section h2")
        .iter()
        .map(|h| h.text())
        .collect();
    assert_eq!(
        sections,
        [
            "一、监督检查对象",
            "二、监督检查内容",
            "三、监督检查方式和措施",
            "四、监督检查程序",
            "五、监督检查处理",
        ]
    );
    let last = browser.find_all("nav.toc a").pop().unwrap();
    assert_eq!(last.text(), "五、监督检查处理");
    let anchor = last.attr("href").unwrap();
    last.click();
    browser.wait_for_url(&server.url(&format!("/systems/5{anchor}")));
}

#[test]
fn a_reader_on_a_phone_never_scrolls_sideways() {
    let server = Server::start(Db::Sqlite);
    let browser = Browser::start();
    browser.set_window_size(390, 844);

    // 6. The duties table becomes stacked cards.
    browser.goto(&server.url("/duties"));
    let (doc, viewport) = widths(&browser);
    assert!(viewport <= 400.0, "phone-sized viewport: {viewport}");
    assert!(
        doc <= viewport + 1.0,
        "/duties scrolls sideways: {doc} > {viewport}"
    );
    assert_eq!(browser.find_all("section.duty").len(), 11);
    assert!(!browser.find("table.items thead").is_displayed());
    assert!(!browser.find("table.items th").is_displayed());
    let offices = browser.find_all("table.items td.office");
    assert_eq!(offices.len(), 56);
    let row = browser.find("table.items tbody tr");
    let (reference, office) = (row.find("td.ref").rect(), row.find("td.office").rect());
    assert!(row.find("td.office").is_displayed());
    assert!(
        office.y >= reference.y + reference.height - 0.5 && (office.x - reference.x).abs() < 1.0,
        "cells stacked: {reference:?} then {office:?}"
    );
    assert!(row.rect().width <= viewport);
    for office in [&offices[0], &offices[30], &offices[55]] {
        assert!(office.is_displayed());
        assert!(office.rect().x + office.rect().width <= viewport + 1.0);
    }
    screenshot(&browser, "phone-duties");

    // No other page scrolls sideways either.
    for (path, name) in [
        ("/".to_string(), "phone-home"),
        ("/boundaries/8".into(), "phone-boundary"),
        ("/systems/5".into(), "phone-system"),
        ("/services".into(), "phone-services"),
        (format!("/search?q={}", enc("散装水泥")), "phone-search"),
    ] {
        browser.goto(&server.url(&path));
        let (doc, viewport) = widths(&browser);
        assert!(
            doc <= viewport + 1.0,
            "{path} scrolls sideways: {doc} > {viewport}"
        );
        screenshot(&browser, name);
    }
    // The header search box fits on the screen and works there too.
    let q = browser.find("input#q");
    let r = q.rect();
    assert!(r.x >= 0.0 && r.x + r.width <= 390.0, "{r:?}");
    q.clear();
    q.send_keys("节能");
    q.submit();
    browser.wait_for_url(&server.url(&format!("/search?q={}", enc("节能"))));
    assert!(browser.find("p.total").text().contains("共找到"));
    assert!(!browser.find_all("li.hit mark").is_empty());
}

#[test]
fn base64_decoder() {
    assert_eq!(base64_decode("TWFu"), b"Man");
    assert_eq!(base64_decode("TWE="), b"Ma");
    assert_eq!(base64_decode("TQ=="), b"M");
    assert_eq!(base64_decode(""), b"");
    assert_eq!(base64_decode("5pWj6KOF\n5rC05rOl"), "散装水泥".as_bytes());
    assert_eq!(base64_decode("+/+/"), [0xfb, 0xff, 0xbf]);
}

/// An administrator signs in with the one-time password, is asked to change it, changes it,
/// creates an officer through the form, and signs out; a wrong password is refused in Chinese.
#[test]
fn an_administrator_signs_in_changes_the_password_and_creates_an_officer() {
    let server = Server::start(Db::Sqlite);
    let one_time = server
        .admin_password
        .clone()
        .expect("first start prints the password");
    let browser = Browser::start();

    // A staff page while signed out leads to the sign-in page.
    browser.goto(&server.url("/admin/users"));
    browser.wait_until(
        "the sign-in page",
        std::time::Duration::from_secs(10),
        |b| b.current_url().contains("/login"),
    );

    browser.find("#username").send_keys("admin");
    browser.find("#password").send_keys("not-the-password");
    browser.find("form.login button").click();
    browser.wait_until("an error", std::time::Duration::from_secs(10), |b| {
        page_text(b, "main").contains("用户名或密码错误")
    });
    assert!(browser.find("p.error").text().contains("用户名或密码错误"));

    browser.find("#username").clear();
    browser.find("#username").send_keys("admin");
    browser.find("#password").send_keys(&one_time);
    browser.find("form.login button").click();
    // A one-time password leads straight to changing it.
    browser.wait_until(
        "the password page",
        std::time::Duration::from_secs(10),
        |b| b.current_url().ends_with("/account/password"),
    );
    assert!(
        browser.find("header.site").text().contains("系统管理员"),
        "the header names the user"
    );
    assert!(browser.find("p.notice").text().contains("由管理员设置"));
    browser.find("#current").send_keys(&one_time);
    browser.find("#new").send_keys("Anhua-gongxin-2026");
    browser.find("#again").send_keys("Anhua-gongxin-2026");
    browser.find("form.login button").click();
    browser.wait_until("done", std::time::Duration::from_secs(10), |b| {
        page_text(b, "main").contains("密码已修改")
    });

    // Create an officer of the bulk-cement office with a certificate.
    browser.goto(&server.url("/admin/users"));
    browser.find("#username").send_keys("zhangsan");
    browser.find("#display_name").send_keys("张三");
    browser.find("#role option[value='officer']").click();
    browser.find("#office option:nth-child(3)").click();
    browser.find("#password").send_keys("Zhifa-2026-anhua");
    browser.find("#certificate").send_keys("湘工信执-0001");
    browser.execute(
        "document.getElementById('certificate_valid_until').value = '2027-12-31';",
        &[],
    );
    browser.find("form.rules button").click();
    browser.wait_until("created", std::time::Duration::from_secs(10), |b| {
        page_text(b, "main").contains("已创建用户")
    });
    assert!(
        browser
            .find("p.notice")
            .text()
            .contains("已创建用户 zhangsan（执法人员）")
    );
    let table = browser.find("table.users").text();
    assert!(
        table.contains("张三") && table.contains("湘工信执-0001（至 2027-12-31）"),
        "{table}"
    );

    // Disable the officer (their sessions end), and add an office.
    browser
        .find("form.status[action='/admin/users/zhangsan/status'] button")
        .click();
    browser.wait_until("disabled", std::time::Duration::from_secs(10), |b| {
        page_text(b, "main").contains("已停用用户 zhangsan")
    });
    assert!(browser.find("table.users").text().contains("已停用"));
    browser.find("#office_name").send_keys("县节能监察股");
    browser.find("form[action='/admin/offices'] button").click();
    browser.wait_until("office added", std::time::Duration::from_secs(10), |b| {
        page_text(b, "main").contains("已新增股室 县节能监察股")
    });
    assert!(browser.find("#office").text().contains("县节能监察股"));

    // Sign out: the header offers 登录 again and the staff page is closed.
    browser.find("header.site form.inline button").click();
    browser.wait_until("signed out", std::time::Duration::from_secs(10), |b| {
        page_text(b, "header.site").contains("登录")
    });
    browser.goto(&server.url("/admin/users"));
    browser.wait_until(
        "the sign-in page",
        std::time::Duration::from_secs(10),
        |b| b.current_url().contains("/login"),
    );
    screenshot(&browser, "desktop-login");
}

/// The visible text of the first element matching `css`, read in one script call (no stale
/// element between finding and reading while a page loads).
fn page_text(browser: &Browser, css: &str) -> String {
    browser
        .execute(
            "const e = document.querySelector(arguments[0]); return e ? e.innerText : '';",
            &[serde_json::Value::String(css.to_string())],
        )
        .as_str()
        .unwrap_or("")
        .to_string()
}

/// An officer computes a fine on the 罚则计算 page, and a citizen asks 找部门 who handles
/// concrete mixed on a building site — both as a person would, through the forms.
#[test]
fn an_officer_computes_a_fine_and_a_citizen_finds_the_department() {
    let server = Server::start(Db::Sqlite);
    let browser = Browser::start();
    let wait = std::time::Duration::from_secs(10);

    browser.goto(&server.url("/rules"));
    browser
        .find("#violation option[value='clay-brick']")
        .click();
    browser.find("#quantity").send_keys("100");
    browser.find("#on").clear();
    browser.execute("document.getElementById('on').value = '2026-03-01';", &[]);
    browser.find("#corrected option[value='false']").click();
    browser.find("input[name='first_offence']").click();
    browser.find("form.rules button").click();
    // The page's lead paragraph also names 裁量档次: wait for the result block itself.
    browser.wait_until("the result", wait, |b| {
        page_text(b, "#result").contains("裁量档次")
    });
    let result = page_text(&browser, "#result");
    assert!(result.contains("3333.33 元"), "{result}");
    assert!(
        result.contains("法定幅度 3000.00 至 5000.00 元"),
        "{result}"
    );
    assert!(result.contains("从轻"), "{result}");
    assert!(result.contains("说明理由"), "{result}");
    assert!(
        result.contains("初次违法"),
        "the reasons name the circumstance: {result}"
    );
    screenshot(&browser, "desktop-rules");

    // A bad quantity is refused in Chinese, and the form keeps what was typed.
    browser.find("#quantity").clear();
    browser.find("#quantity").send_keys("-5");
    browser.find("form.rules button").click();
    browser.wait_until("the error", wait, |b| {
        page_text(b, "main").contains("数量应大于 0")
    });
    assert_eq!(
        browser.find("#quantity").property("value").as_str(),
        Some("-5")
    );

    browser.goto(&server.url("/route"));
    browser.find("#text").send_keys("工地上自己拌混凝土归谁管");
    browser.find("form.searchbox.big button").click();
    browser.wait_until("the answer", wait, |b| {
        page_text(b, "main").contains("请找")
    });
    let answer = page_text(&browser, "#route-result");
    assert!(answer.contains("县住建局"), "{answer}");
    assert!(answer.contains("散装水泥推广应用监管"), "{answer}");
    browser.find("#route-result dd a").click();
    browser.wait_until("the boundary page", wait, |b| {
        b.current_url().ends_with("/boundaries/8")
    });
}

/// Signs in through the form and waits to leave the sign-in page.
fn sign_in(browser: &Browser, server: &Server, user: &str, password: &str, next: &str) {
    browser.goto(&server.url(&format!("/login?next={next}")));
    browser.find("#username").send_keys(user);
    browser.find("#password").send_keys(password);
    browser.find("form.login button").click();
    browser.wait_until("signed in", std::time::Duration::from_secs(10), |b| {
        !b.current_url().contains("/login")
    });
}

fn sign_out(browser: &Browser) {
    browser.find("header.site form.inline button").click();
    browser.wait_until("signed out", std::time::Duration::from_secs(10), |b| {
        page_text(b, "header.site").contains("登录")
    });
}

/// An officer opens a bagged-cement case through the 立案 form; the leader finds it in the
/// approval queue and approves it; the officer records evidence, is refused in Chinese when
/// naming only one officer, and the case page shows the history and the 90-day deadline.
#[test]
fn an_officer_and_a_leader_run_a_case_through_the_pages() {
    let server = Server::start_on(
        support::TestDb::new(Db::Sqlite),
        &["--fixed-time", "2026-03-02T09:00:00+08:00"],
    );
    support::create_staff(
        &server,
        &[
            ("lixiang", "officer", "县散装水泥办公室", Some("2099-12-31")),
            (
                "wangqiang",
                "officer",
                "县散装水泥办公室",
                Some("2099-12-31"),
            ),
            ("fenguan", "leader", "县散装水泥办公室", None),
        ],
    );
    let uscc = qingdan_registry::uscc::generate(3, 1)
        .next()
        .unwrap()
        .to_string();
    let browser = Browser::start();
    let wait = std::time::Duration::from_secs(10);

    sign_in(
        &browser,
        &server,
        "lixiang",
        support::STAFF_PASSWORD,
        "/cases",
    );
    assert!(page_text(&browser, "header.site").contains("案件办理"));
    browser.find("a.button[href='/cases/new']").click();
    browser.wait_until("the filing form", wait, |b| {
        b.current_url().ends_with("/cases/new")
    });
    browser
        .find("#violation option[value='bagged-cement']")
        .click();
    browser
        .find("#party_name")
        .send_keys("安化县某建筑工程有限公司");
    browser.find("#party_uscc").send_keys(&uscc);
    browser.find("#quantity").send_keys("12.5");
    browser.execute("document.getElementById('on').value = '2026-02-20';", &[]);
    browser.find("input[name='facts_clear']").click();
    browser.find("form.rules button").click();
    browser.wait_until("the case page", wait, |b| {
        page_text(b, "main").contains("安工信罚〔2026〕1号")
    });
    assert!(page_text(&browser, "#stage").contains("待立案审批"));
    assert!(page_text(&browser, "#history").contains("立案申请"));
    screenshot(&browser, "desktop-case-opened");
    sign_out(&browser);

    sign_in(
        &browser,
        &server,
        "fenguan",
        support::STAFF_PASSWORD,
        "/cases",
    );
    assert!(page_text(&browser, "#approvals + ul").contains("安工信罚〔2026〕1号"));
    browser.find("ul.queue a").click();
    browser.wait_until("the case", wait, |b| b.current_url().contains("/cases/1"));
    browser
        .find("#step-approve_filing input[name='opinion']")
        .send_keys("同意立案");
    browser.find("#step-approve_filing button").click();
    browser.wait_until("approved", wait, |b| {
        page_text(b, "#stage").contains("调查取证")
    });
    assert!(page_text(&browser, "#history").contains("批准立案：同意立案"));
    let deadlines = page_text(&browser, "#deadlines");
    assert!(
        deadlines.contains("2026-06-01"),
        "90 days, 31 May a Sunday: {deadlines}"
    );
    sign_out(&browser);

    sign_in(
        &browser,
        &server,
        "lixiang",
        support::STAFF_PASSWORD,
        "/cases/1",
    );
    browser
        .find("#step-record_evidence input[name='officers']")
        .send_keys("lixiang");
    browser
        .find("#step-record_evidence input[name='kind']")
        .send_keys("现场检查笔录");
    browser
        .find("#step-record_evidence textarea")
        .send_keys("工地堆放袋装水泥 12.5 吨");
    browser.find("#step-record_evidence button").click();
    // The step form's basis also cites "不得少于两人": wait for the refusal itself.
    browser.wait_until("refused", wait, |b| {
        page_text(b, "p.error[role='alert']").contains("不得少于两人")
    });
    assert_eq!(page_status(&browser), 409);
    browser
        .find("#step-record_evidence input[name='officers']")
        .send_keys("lixiang，wangqiang");
    browser
        .find("#step-record_evidence input[name='kind']")
        .send_keys("现场检查笔录");
    browser
        .find("#step-record_evidence textarea")
        .send_keys("工地堆放袋装水泥 12.5 吨");
    browser.find("#step-record_evidence button").click();
    browser.wait_until("recorded", wait, |b| {
        page_text(b, "main").contains("已办理")
    });
    let history = page_text(&browser, "#history");
    assert!(
        history.contains("lixiang、wangqiang 调查取证：现场检查笔录"),
        "{history}"
    );
    assert!(
        history.contains("被拒绝的操作"),
        "the refusal is in the record: {history}"
    );
    screenshot(&browser, "desktop-case-history");
}

/// A citizen reports bagged cement on the 投诉举报 page without signing in and gets a tracking
/// code; the office's officer sees the complainant masked, accepts the complaint and then sees
/// them in full, and answers; the citizen reads the answer by the code.
#[test]
fn a_citizen_reports_and_an_officer_answers_through_the_pages() {
    let server = Server::start(Db::Sqlite);
    support::create_staff(
        &server,
        &[("sz01", "officer", "县散装水泥办公室", Some("2027-12-31"))],
    );
    let browser = Browser::start();
    let wait = std::time::Duration::from_secs(10);

    browser.goto(&server.url("/complaints/new"));
    browser
        .find("#text")
        .send_keys("东坪镇某小区工地仍在大量使用袋装水泥，已持续一周");
    browser.find("#place").send_keys("东坪镇");
    browser.find("#name").send_keys("张三丰");
    browser.find("#contact").send_keys("13812345678");
    browser.find("#complaint-form button").click();
    browser.wait_until("the tracking code", wait, |b| {
        !page_text(b, "#tracking-code").is_empty()
    });
    let code = page_text(&browser, "#tracking-code");
    assert_eq!(code.len(), 14, "{code}");
    assert!(page_text(&browser, "#received").contains("县散装水泥办公室"));
    screenshot(&browser, "desktop-complaint-received");

    sign_in(
        &browser,
        &server,
        "sz01",
        support::STAFF_PASSWORD,
        "/complaints",
    );
    browser.find("#complaints a").click();
    browser.wait_until("the complaint", wait, |b| {
        !page_text(b, "#complainant").is_empty()
    });
    let who = page_text(&browser, "#complainant");
    assert!(who.contains("张**") && who.contains("138****5678"), "{who}");
    assert!(!who.contains("张三丰"), "masked before acceptance: {who}");
    browser.find("#step-accept button").click();
    browser.wait_until("accepted", wait, |b| {
        page_text(b, "#complainant").contains("张三丰")
    });
    browser
        .find("#result")
        .send_keys("经现场核查，该工地确有使用袋装水泥情况，已责令停止并立案查处。");
    browser.find("#step-answer button").click();
    browser.wait_until("answered", wait, |b| {
        page_text(b, "main").contains("已答复")
    });
    sign_out(&browser);

    browser.goto(&server.url("/complaints/track"));
    browser.find("#code").send_keys(&code.to_lowercase());
    browser.find("form.rules button").click();
    browser.wait_until("the answer", wait, |b| {
        page_text(b, "#track-result").contains("已答复")
    });
    let answer = page_text(&browser, "#track-result");
    assert!(answer.contains("已责令停止"), "{answer}");
    assert!(
        !answer.contains("张"),
        "no identity on the public page: {answer}"
    );
}

/// A demo county is loaded for last year; this year the leader announces the draw seed on the
/// 检查计划 page, an officer makes the plan and sees every frequency rule met, and the public
/// finds the draw with its record and lists on 随机抽查.
#[test]
fn a_leader_fixes_the_seed_an_officer_plans_and_the_public_sees_the_draw() {
    let db = support::TestDb::new(Db::Sqlite);
    let out = db.run(&[
        "demo",
        "load",
        "--enterprises",
        "400",
        "--projects",
        "300",
        "--as-of",
        "2025-06-02",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    let password = stdout
        .split("密码均为 ")
        .nth(1)
        .and_then(|s| s.split('（').next())
        .unwrap()
        .to_string();
    let server = Server::start_on(db, &["--fixed-time", "2026-03-02T09:00:00+08:00"]);
    let browser = Browser::start();
    let wait = std::time::Duration::from_secs(20);

    sign_in(&browser, &server, "leader1", &password, "/plans");
    assert!(page_text(&browser, "#registry-counts").contains("企业 400 家"));
    assert!(page_text(&browser, "#seed").contains("尚未公布"));
    browser.find("#seed-input").send_keys(&"7a".repeat(32));
    browser.find("#seed-form button").click();
    browser.wait_until("the seed", wait, |b| {
        page_text(b, "#seed").contains("已公布")
    });
    sign_out(&browser);

    sign_in(&browser, &server, "officer001", &password, "/plans");
    browser.find("#plan-form button").click();
    browser.wait_until("the plan", wait, |b| b.current_url().contains("/plans/"));
    assert!(
        page_text(&browser, "#verdict").contains("全部频次规则满足"),
        "{}",
        page_text(&browser, "main")
    );
    let rules = page_text(&browser, "#rules");
    assert!(
        rules.contains("满足") && !rules.contains("存在风险"),
        "{rules}"
    );
    screenshot(&browser, "desktop-plan");
    sign_out(&browser);

    browser.goto(&server.url("/draws"));
    let draws = page_text(&browser, "#draws");
    assert!(draws.contains(&"7a".repeat(32)), "{draws}");
    assert!(draws.contains("候选名单"), "{draws}");
}

/// An officer opens a §三(五) inspection of a registered project on 检查任务 naming two
/// officers; the officer cannot approve it (the leader's step) and is told why; the leader
/// approves it with the 检查审批表's number; the next step is the site visit.
#[test]
fn an_officer_opens_an_inspection_and_the_leader_approves_it() {
    let db = support::TestDb::new(Db::Sqlite);
    let builder = qingdan_registry::uscc::generate(5, 1)
        .next()
        .unwrap()
        .to_string();
    let csv = format!(
        "项目编号,项目名称,建设单位统一社会信用代码,建设地点,是否在禁止现场搅拌区域,是否申请基金返退\r\nAH-2026-001,东坪镇安置小区二期,{builder},东坪镇,是,否\r\n"
    );
    let file = support::write(db.dir.path(), "项目.csv", &csv);
    let out = db.run(&[
        "registry",
        "import",
        "--kind",
        "projects",
        file.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let server = Server::start_on(db, &["--fixed-time", "2026-03-02T09:00:00+08:00"]);
    support::create_staff(
        &server,
        &[
            ("sz01", "officer", "县散装水泥办公室", Some("2027-12-31")),
            ("sz02", "officer", "县散装水泥办公室", Some("2027-12-31")),
            ("fenguan", "leader", "县散装水泥办公室", None),
        ],
    );
    let browser = Browser::start();
    let wait = std::time::Duration::from_secs(10);

    sign_in(&browser, &server, "sz01", support::STAFF_PASSWORD, "/tasks");
    browser
        .find("#system option[value='no-site-mixing']")
        .click();
    browser.find("#target").send_keys("AH-2026-001");
    browser.find("#officers").send_keys("sz01，sz02");
    browser.find("#open-form button").click();
    browser.wait_until("the task", wait, |b| b.current_url().contains("/tasks/"));
    assert!(page_text(&browser, "#task-state").contains("东坪镇安置小区二期"));
    let url = browser.current_url();
    browser
        .find("#step-approval input[name='record_approval_form']")
        .send_keys("安工信检审〔2026〕1号");
    browser.find("#step-approval button").click();
    browser.wait_until("refused", wait, |b| {
        !page_text(b, "p.error[role='alert']").is_empty()
    });
    assert_eq!(page_status(&browser), 409);
    sign_out(&browser);

    sign_in(
        &browser,
        &server,
        "fenguan",
        support::STAFF_PASSWORD,
        "/tasks",
    );
    browser.goto(&url);
    browser
        .find("#step-approval input[name='record_approval_form']")
        .send_keys("安工信检审〔2026〕1号");
    browser.find("#step-approval button").click();
    browser.wait_until("approved", wait, |b| {
        !b.find_all("#step-site-visit").is_empty()
    });
    assert!(page_text(&browser, "#history").contains("task.step"));
    screenshot(&browser, "desktop-task");
}
