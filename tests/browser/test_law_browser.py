"""The law boxes and Harbour's policies as a learner sees them in JupyterLab: readable, cited, never markup."""

import pytest

from harness import axe_violations, open_and_run_all, write_notebook

pytestmark = pytest.mark.browser

CONSUMER_RIGHTS = "lessons/11-consumer-rights-after-the-sale.ipynb"
DATA_EQUALITY_POLICY = "lessons/12-data-equality-and-policy-after-the-sale.ipynb"


def test_lesson_11_shows_the_consumer_law_summaries(page, lab):
    open_and_run_all(page, lab, CONSUMER_RIGHTS, ".asl-task", 11)
    boxes = page.locator(".jp-OutputArea-output section.asl-law")
    assert boxes.count() == 5
    goods = boxes.filter(has_text="Applies in the whole UK.").first
    goods.scroll_into_view_if_needed()
    assert goods.is_visible()
    assert axe_violations(page, ".jp-OutputArea-output section.asl-law") == []


def test_lesson_12_shows_cited_law_summaries_and_the_returns_policy(page, lab):
    open_and_run_all(page, lab, DATA_EQUALITY_POLICY, ".asl-task", 10)
    boxes = page.locator(".jp-OutputArea-output section.asl-law")
    assert boxes.count() == 3
    equality = boxes.filter(has_text="Equality Act 2010: customers")
    equality.scroll_into_view_if_needed()
    assert equality.is_visible()
    text = equality.inner_text()
    assert "Applies in England, Wales and Scotland." in text
    assert "age (customers aged 18 and over only)" in text
    assert "(EqA 2010 s.20(7))" in text
    assert "Simplification:" in text

    returns = page.locator(".jp-OutputArea-output section.asl-policy").filter(has_text="returns policy")
    returns.scroll_into_view_if_needed()
    row = returns.locator("tr", has=page.locator("th", has_text="R4"))
    assert row.is_visible()
    assert "More generous than the law" in row.inner_text()
    assert axe_violations(page, ".jp-OutputArea-output section.asl-policy") == []
    assert axe_violations(page, ".jp-OutputArea-output section.asl-law") == []


def test_markup_in_a_summary_is_shown_as_text(page, lab):
    data = lab.root / "hostile-data" / "law"
    data.mkdir(parents=True)
    (data / "x.toml").write_text(
        '[[summary]]\nid = "hostile"\ntitle = "<img src=x onerror=alert(1)> Title"\nnations = ["Wales"]\n'
        'simplification = "<b>bold?</b>"\n[[summary.points]]\ntext = "<script>window.hacked = 1</script> Point"\n'
        'sources = [{ act = "CRA 2015", ref = "s.9" }]\n',
        encoding="utf-8",
    )
    path = write_notebook(
        lab,
        "hostile-law.ipynb",
        f"import os\nos.environ['AFTER_SALES_DATA_DIR'] = {str(lab.root / 'hostile-data')!r}\n"
        "from widgets import law_summary\nlaw_summary('hostile')",
    )
    open_and_run_all(page, lab, path, ".asl-law", 1)
    box = page.locator(".jp-OutputArea-output section.asl-law")
    assert "<img src=x onerror=alert(1)> Title" in box.inner_text()
    assert "<script>window.hacked = 1</script> Point" in box.inner_text()
    assert box.locator("img, script, b").count() == 0
    assert page.evaluate("() => window.hacked") is None
