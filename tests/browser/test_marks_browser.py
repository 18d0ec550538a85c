"""Marks as a learner reads them in JupyterLab: the words beside each option, their contrast, literal text.

These read the screen, not the kernel: the choice marks once read "✓ Right" beside a wrong
option, the mark colours fell below 4.5:1, and MathJax turned "$5 and $10" into italics.
"""

import pytest

from harness import COLOUR_MATHS_JS, axe_violations, open_and_run_all, use_theme, write_notebook

pytestmark = pytest.mark.browser

# Lesson 09's questions 9.9 and 9.11 as the lesson builds them, an ordering task for its marks,
# a question and a content notice whose text MathJax must leave alone, and rendered Markdown
# with real maths: the control that shows MathJax is running on this page.
SETUP = """from widgets import OrderTask, Question, SortTask
from widgets.content import ContentNotice, ContentProblem
from widgets.activities.questions import QuestionSpec, ChoiceOption
from IPython.display import Markdown
after_30 = Question.from_content('cra-after-30-days')
gdpr = Question.from_content('data-protection-follow-up')
stages = OrderTask.from_content('after-sales-stages')
care = SortTask.from_content('reactive-vs-proactive')
money = Question(QuestionSpec(id='b-money', type='choice', prompt='A kettle costs $5 and $10 to post. Is a path like C:\\\\\\\\new a problem?',
                              explanation='x', options=(ChoiceOption('Yes: $5 and $10', True, 'Both \\\\\\\\ stay.'),
                                                        ChoiceOption('No', False, 'No.'))))
terms = Question(QuestionSpec(id='b-terms', type='choice', title='Use the right words', prompt='Tick every sentence that uses the term in **bold** correctly.',
                              multiple=True, explanation='x', options=(ChoiceOption('**Customer retention**: keeping customers', True, 'Right.'),
                                                                       ChoiceOption('**<img src=x onerror=alert(1)>**: a picture', False, 'Not a term.'))))
csat = Question(QuestionSpec(id='b-csat', type='number', title='Work out the CSAT', prompt='What is the CSAT?', answer=62.8, tolerance=0.1,
                             unit='%', explanation='4s and 5s over all responses.', hint='Count only the 4s and 5s.'))
notice = ContentNotice('b-notice', [ContentProblem('prices.toml', 'the prices $5 and $10 need a unit')])"""

CELLS = (
    SETUP,
    "after_30",
    "gdpr",
    "stages",
    "care",
    "money",
    "terms",
    "csat",
    "notice",
    "Markdown('Maths for the control: $x^2 + y^2$')",
)

# Each option found by a part of its label that a learner reads (the law review may reword the rest).
CRA_RIGHT = "within 6 months the fault is presumed"
CRA_PROVE = "The customer must prove the fault"
CRA_REFUND = "The customer gets an immediate full refund"
GDPR_RIGHT = ("Confirm you are speaking to the customer", "Use only the details you need")
VOICEMAIL = "Leave a voicemail that includes their address"
MARKETING = "Add them to the marketing email list"

# Contrast of every mark on screen, from the colours the browser computed: the text colour over
# the effective background (every ancestor's background composited over the page's).
CONTRAST_JS = (
    """(nodes) => {
  const parse = (text) => {
    const m = text.match(/rgba?\\(([^)]+)\\)/);
    if (!m) throw new Error('unexpected colour ' + text);
    const p = m[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number);
    return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 };
  };
"""
    + COLOUR_MATHS_JS
    + """  return nodes.map((node) => {
    const layers = [];
    for (let n = node; n; n = n.parentElement) {
      const bg = parse(getComputedStyle(n).backgroundColor);
      if (bg.a > 0) layers.push(bg);
      if (bg.a === 1) break;
    }
    let bg = { r: 255, g: 255, b: 255, a: 1 };
    for (const layer of layers.reverse()) bg = over(layer, bg);
    const fg = over(parse(getComputedStyle(node).color), bg);
    const [hi, lo] = [lum(fg), lum(bg)].sort((x, y) => y - x);
    const rgb = (c) => `rgb(${Math.round(c.r)}, ${Math.round(c.g)}, ${Math.round(c.b)})`;
    return { text: node.textContent.trim(), ratio: (hi + 0.05) / (lo + 0.05), fg: rgb(fg), bg: rgb(bg),
             weight: getComputedStyle(node).fontWeight, size: getComputedStyle(node).fontSize };
  });
}"""
)


@pytest.fixture
def marks_page(page, lab):
    path = write_notebook(lab, "marks.ipynb", *CELLS)
    open_and_run_all(page, lab, path, ".asl-task", 7)
    return path, page


def option(widget, label):
    """The row of one option, found by the words a learner reads."""
    return widget.locator(".asl-q-option").filter(has=widget.page.locator("label", has_text=label))


def mark_text(widget, label) -> str:
    """The mark beside one option as shown on screen ("" when there is none)."""
    mark = option(widget, label).locator(".asl-mark")
    return mark.inner_text().strip() if mark.count() else ""


def question(page, title):
    return page.locator(".asl-question").filter(has=page.locator(".asl-title", has_text=title))


def test_single_answer_marks_read_the_right_way_round(marks_page, lab):
    path, page = marks_page
    widget = question(page, "after 30 days")
    option(widget, CRA_REFUND).locator("input").check()
    widget.locator(".asl-button-check").click()
    widget.locator(".asl-feedback", has_text="Not this time").wait_for()
    assert mark_text(widget, CRA_REFUND) == "✗ Your choice: not right"
    assert "30 days" in option(widget, CRA_REFUND).locator(".asl-why").inner_text()
    # Nothing beside the other options: the right answer stays hidden until the learner asks.
    assert mark_text(widget, CRA_RIGHT) == "" and mark_text(widget, CRA_PROVE) == ""
    # The mark is part of the option's accessible description, not only something seen.
    described = option(widget, CRA_REFUND).locator("input").get_attribute("aria-describedby")
    assert described and "Your choice: not right" in page.locator(f"#{described.split()[0]}").inner_text()

    widget.get_by_role("button", name="Show solution").click()
    widget.locator(".asl-feedback", has_text="Answer:").wait_for()
    assert mark_text(widget, CRA_REFUND) == "✗ Your choice: not right"  # the same words as after Check
    assert mark_text(widget, CRA_RIGHT) == "! Correct answer you missed"
    assert mark_text(widget, CRA_PROVE) == "– Not chosen: this one is wrong"
    assert lab.kernel_eval(path, "print(after_30.score, after_30.maximum)") == "0 1"


def test_one_wrong_tick_on_the_gdpr_question_is_marked_and_scores_nothing(marks_page, lab):
    path, page = marks_page
    widget = question(page, "Data protection")
    option(widget, VOICEMAIL).locator("input").check()
    widget.locator(".asl-button-check").click()
    widget.locator(".asl-feedback", has_text="0 of 2 marks").wait_for()
    assert mark_text(widget, VOICEMAIL) == "✗ Your choice: not right"
    for label in GDPR_RIGHT:
        assert mark_text(widget, label) == "! Correct answer you missed"
    assert mark_text(widget, MARKETING) == ""  # a wrong option rightly left gets no mark at Check
    assert "Right" not in [mark_text(widget, label) for label in (VOICEMAIL, MARKETING)]
    assert lab.kernel_eval(path, "print(gdpr.score, gdpr.maximum)") == "0 2"

    widget.get_by_role("button", name="Show solution").click()
    widget.locator(".asl-feedback", has_text="Answer:").wait_for()
    assert mark_text(widget, VOICEMAIL) == "✗ Your choice: not right"
    assert mark_text(widget, MARKETING) == "– Not chosen: this one is wrong"
    for label in GDPR_RIGHT:
        assert mark_text(widget, label) == "! Correct answer you missed"


def mark_contrasts(page) -> list[dict]:
    return page.locator(".asl-task .asl-mark").evaluate_all(CONTRAST_JS)


def test_marks_reach_4_5_to_1_in_light_and_dark_themes(marks_page):
    _, page = marks_page
    gdpr = question(page, "Data protection")
    for label in (VOICEMAIL, GDPR_RIGHT[0]):
        option(gdpr, label).locator("input").check()
    gdpr.locator(".asl-button-check").click()
    gdpr.locator(".asl-feedback").wait_for()
    after_30 = question(page, "after 30 days")
    option(after_30, CRA_REFUND).locator("input").check()
    after_30.get_by_role("button", name="Show solution").click()
    for other in (page.locator(".asl-order"), page.locator(".asl-sort")):
        other.locator(".asl-button-check").click()
        other.locator(".asl-feedback").wait_for()
    try:
        for theme in ("JupyterLab Light", "JupyterLab Dark"):
            use_theme(page, theme)
            measured = mark_contrasts(page)
            # Every kind of mark is on screen: chosen right and wrong, missed, left, ordering and sorting marks.
            texts = " | ".join(m["text"] for m in measured)
            for words in (
                "Your choice: correct",
                "Your choice: not right",
                "Correct answer you missed",
                "Not chosen: this one is wrong",
                "order",
                "Not sorted yet",
            ):
                assert words in texts, f"{theme}: no '{words}' mark on screen ({texts})"
            lowest = min(measured, key=lambda m: m["ratio"])
            print(
                f"{theme}: {len(measured)} marks, lowest {lowest['ratio']:.2f}:1 ({lowest['text']!r}, {lowest['fg']} on {lowest['bg']})"
            )
            low = [f"{m['text']!r}: {m['ratio']:.2f}:1 ({m['fg']} on {m['bg']})" for m in measured if m["ratio"] < 4.5]
            assert not low, f"{theme}: marks below 4.5:1:\n" + "\n".join(low)
            assert axe_violations(page, ".asl-question") == [], theme  # and nothing else axe-core can see
    finally:
        use_theme(page, "JupyterLab Light")


def test_dollars_and_backslashes_show_literally(marks_page):
    _, page = marks_page
    # The control: MathJax did typeset the Markdown output on this page.
    page.locator(".jp-RenderedMarkdown mjx-container, .jp-RenderedMarkdown .MathJax").first.wait_for(timeout=30_000)
    widget = question(page, "Quick check")
    notice = page.locator(".jp-OutputArea-output", has_text="could not be loaded")
    page.wait_for_timeout(1000)  # give MathJax time to reach every output if it was going to
    for part in (widget, notice):
        assert part.locator("mjx-container, .MathJax, .MathJax_Preview").count() == 0
    # JupyterLab typesets HTML outputs such as the notice; widgets are protected for any host that
    # typesets them too (Notebook 7, VS Code): MathJax 2 and 3 skip these classes and all inside.
    for root in page.locator(".asl-task").all():
        assert {"tex2jax_ignore", "mathjax_ignore"} <= set(root.get_attribute("class").split())
    assert (
        "A kettle costs $5 and $10 to post. Is a path like C:\\\\new a problem?"
        in widget.locator(".asl-q-prompt").inner_text()
    )
    assert "Yes: $5 and $10" in widget.inner_text() and "the prices $5 and $10 need a unit" in notice.inner_text()


def test_two_stars_show_a_term_in_bold_and_never_run_as_html(marks_page):
    _, page = marks_page
    widget = question(page, "Use the right words")
    assert widget.locator(".asl-q-prompt strong").inner_text() == "bold"
    assert widget.locator(".asl-q-prompt").inner_text() == "Tick every sentence that uses the term in bold correctly."
    assert (
        widget.locator(".asl-q-prompt").evaluate("(p) => getComputedStyle(p).fontWeight") == "400"
    )  # prompts are not all bold
    terms = widget.locator("label strong").all_inner_texts()
    assert sorted(terms) == ["<img src=x onerror=alert(1)>", "Customer retention"]
    assert "**" not in widget.inner_text()
    assert widget.locator("img").count() == 0 and page.dialogs == []


def test_number_near_misses_say_what_the_slip_was(marks_page, lab):
    path, page = marks_page
    widget = page.locator(".asl-question").filter(has=page.locator(".asl-title", has_text="Work out the CSAT"))
    box = widget.get_by_label("Your answer")
    feedback = widget.locator(".asl-feedback")
    for typed, words in (
        ("63", "rounded. Give it to one decimal place"),
        ("0.628", "is a proportion. Multiply by 100"),
        ("62,8", "I read 62,8 as 62.8"),
    ):
        box.fill(typed)
        widget.locator(".asl-button-check").click()
        feedback.filter(has_text=words).wait_for()
        assert "Count only" not in feedback.inner_text()  # a slip is not a wrong method
    assert "Correct" in feedback.inner_text() and "decimal point" in feedback.inner_text()
    assert lab.kernel_eval(path, "print(csat.score)") == "1"
