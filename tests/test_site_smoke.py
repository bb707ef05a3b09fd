"""End-to-end harness proof: the real build, served on 127.0.0.1, opened in real Chromium."""

from __future__ import annotations


def test_home_page_title_and_zero_foreign_requests(base_url, watched):
    response = watched.page.goto(base_url)
    assert response.status == 200
    watched.page.wait_for_load_state("networkidle")
    assert "根河市“十四五”生态环境保护规划" in watched.page.title()
    assert watched.foreign(base_url.rstrip("/")) == []
    assert watched.console_errors == []
    assert watched.page.locator("html").get_attribute("lang") == "zh"


def test_build_contains_every_generated_page(site_dir, plan):
    for ch in plan.chapters:
        assert (site_dir / "plan" / ch.id / "index.html").is_file()
    for ind in plan.indicators:
        assert (site_dir / "indicators" / ind.id / "index.html").is_file()
    for d in plan.departments:
        assert (site_dir / "departments" / d.id / "index.html").is_file()
