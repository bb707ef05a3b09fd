"""Drive Material for MkDocs' built-in search (the engine this site used before issue 10), for comparison."""

from __future__ import annotations

PENDING_META = ("正在初始化", "键入以开始搜索")


def run_search(page, query: str, timeout: float = 20_000) -> tuple[str, list[list[str]]]:
    """Type ``query`` into Material's search box; return (meta text, [[hrefs of one result], …])."""
    box = page.locator("input.md-search__input")
    box.click()
    box.fill("")
    box.press("End")  # Material searches on keyup: an empty box resets the result list
    page.wait_for_function(
        "() => (document.querySelector('.md-search-result__meta') || {}).textContent.includes('键入以开始搜索')", timeout=timeout
    )
    box.fill(query)
    box.press("End")
    page.wait_for_function(
        """(pending) => {
            const m = document.querySelector('.md-search-result__meta');
            return m && !pending.some(p => m.textContent.includes(p));
        }""",
        arg=list(PENDING_META),
        timeout=timeout,
    )
    meta = page.inner_text(".md-search-result__meta")
    groups = page.eval_on_selector_all(
        "li.md-search-result__item",
        "els => els.map(li => Array.from(li.children).filter(c => c.tagName === 'A').map(a => a.href))",
    )
    return meta, groups
