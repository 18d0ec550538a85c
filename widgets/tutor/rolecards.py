"""Printable role cards for live role-play, made from the same content as the scenario widget.

For each scenario in ``data/scenarios``: a customer card (what happened, what they want, how to
play it, the opening line), an adviser card (the brief and the policy clauses to apply) and an
observer checklist (what to look for, the best route and the law behind it). Each sits on its
own printed page. Every piece of content text is escaped before it goes into the HTML.

``after-sales rolecards [OUTDIR]`` (or ``make rolecards``) writes one HTML file per scenario
and an ``index.html`` listing them; open one in a browser and print it.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from ..activities.scenario_content import ScenarioSpec, load_scenarios, policy_clauses
from ..scoring.scenario import best_path

#: Added to every observer checklist: the syllabus's tip for observed role-play.
EMPATHY_LINE = "Shows empathy and a solution-focused attitude, not just a scripted response"

_STYLE = """
body { font-family: Arial, Helvetica, sans-serif; font-size: 12pt; line-height: 1.4; color: #000; background: #fff; margin: 1.5rem; }
.card { border: 2px solid #000; border-radius: 6px; padding: 1rem 1.25rem; margin: 0 0 1.5rem; max-width: 44rem; }
.card h2 { margin: 0 0 0.25rem; font-size: 16pt; }
.card h3 { margin: 0.8rem 0 0.25rem; font-size: 12.5pt; }
.role { font-weight: bold; text-transform: uppercase; letter-spacing: 0.05em; margin: 0; }
.setting { font-style: italic; margin: 0 0 0.5rem; }
.opening { border-left: 4px solid #000; padding: 0.2rem 0.6rem; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #000; padding: 0.35rem 0.5rem; text-align: left; vertical-align: top; }
td.tick { width: 3.5rem; }
td.notes { width: 40%; }
.notes-lines { height: 6rem; border: 1px solid #000; }
.footer { font-size: 9.5pt; margin-top: 0.75rem; }
@media print {
  body { margin: 0; }
  .card { page-break-after: always; break-after: page; border-width: 1px; }
  .no-print { display: none; }
}
"""


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _list(items, tag: str = "ul") -> str:
    return f"<{tag}>" + "".join(f"<li>{_e(item)}</li>" for item in items) + f"</{tag}>"


def best_route_lines(spec: ScenarioSpec) -> list[str]:
    """The best move at each step of the best route, then its ending, as lines of text."""
    graph = spec.graph
    current = graph.start
    lines = []
    for index in best_path(graph):
        step = graph.step(current)
        lines.append(f"{step.heading}: {step.choices[index].label}")
        current = step.choices[index].next
    ending = graph.ending(current)
    lines.append(f"Ending: {ending.title} (score {ending.score} of {graph.maximum})")
    return lines


def customer_card(spec: ScenarioSpec) -> str:
    """The customer's role card as an HTML section."""
    first = spec.graph.step(spec.graph.start)
    cues = f"<h3>How to play it</h3>{_list(spec.customer_cues)}" if spec.customer_cues else ""
    return (
        '<section class="card customer-card">'
        '<p class="role">Role card: customer</p>'
        f'<h2>{_e(spec.title)}</h2><p class="setting">{_e(spec.setting)}</p>'
        f"<h3>Who you are and what happened</h3><p>{_e(spec.customer_brief)}</p>"
        f"<h3>Your mood at the start</h3><p>{_e(first.mood.capitalize())}</p>"
        f'<h3>Start the conversation with</h3><p class="opening">{_e(first.customer_says)}</p>'
        f"{cues}"
        '<p class="footer">Stay in role. React to how the adviser treats you: calm down when you are listened to; get more upset when you are not.</p>'
        "</section>"
    )


def adviser_card(spec: ScenarioSpec, clauses: list[dict[str, str]] | None = None) -> str:
    """The adviser's role card (the brief and the policy clauses) as an HTML section."""
    clauses = policy_clauses(spec.policy) if clauses is None else clauses
    items = "".join(
        f"<li><strong>{_e(c['ref'])}</strong>"
        + (f": {_e(c['heading'])}. " if c.get("heading") else "")
        + (_e(c["text"]) if c.get("text") else "")
        + "</li>"
        for c in clauses
    )
    return (
        '<section class="card adviser-card">'
        '<p class="role">Role card: adviser</p>'
        f'<h2>{_e(spec.title)}</h2><p class="setting">{_e(spec.setting)}</p>'
        f"<h3>The customer</h3><p>{_e(spec.customer)}</p>"
        f"<h3>Your brief</h3><p>{_e(spec.adviser_brief)}</p>"
        f"<h3>The policy you have been given</h3><ul>{items}</ul>"
        '<p class="footer">Listen first. Apply the policy and the law before you suggest what to do. '
        "Agree only what you have the authority to agree; hand over the rest with a record.</p>"
        "</section>"
    )


def observer_checklist(spec: ScenarioSpec) -> str:
    """The observer's checklist, the best route and the law behind the scenario, as an HTML section."""
    rows = "".join(
        f'<tr><td>{_e(item)}</td><td class="tick"></td><td class="notes"></td></tr>'
        for item in (*spec.checklist, EMPATHY_LINE)
    )
    law = f"<h3>The law behind it</h3><p>{_e(spec.law_note)}</p>" if spec.law_note else ""
    return (
        '<section class="card observer-card">'
        '<p class="role">Observer checklist</p>'
        f'<h2>{_e(spec.title)}</h2><p class="setting">{_e(spec.setting)}</p>'
        '<table><thead><tr><th scope="col">Look for</th><th scope="col">Seen ✓</th><th scope="col">Notes</th></tr></thead>'
        f"<tbody>{rows}</tbody></table>"
        f"<h3>The best route in the activity</h3>{_list(best_route_lines(spec), 'ol')}"
        f"{law}"
        '<h3>One thing the adviser did well, one thing to improve</h3><div class="notes-lines"></div>'
        '<p class="footer">A summary for training, not legal advice.</p>'
        "</section>"
    )


def role_cards_html(spec: ScenarioSpec, clauses: list[dict[str, str]] | None = None) -> str:
    """A whole printable page for one scenario: customer card, adviser card, observer checklist."""
    return (
        '<!DOCTYPE html>\n<html lang="en-GB"><head><meta charset="utf-8">'
        f"<title>Role cards: {_e(spec.title)}</title><style>{_STYLE}</style></head><body>"
        f'<main><h1 class="no-print">Role cards: {_e(spec.title)}</h1>'
        '<p class="no-print">Print this page: each card comes out on its own sheet. Give the customer card and the '
        "adviser card to the two players and the checklist to the observer.</p>"
        f"{customer_card(spec)}{adviser_card(spec, clauses)}{observer_checklist(spec)}</main></body></html>\n"
    )


def write_role_cards(outdir: str | Path, directory: Path | None = None) -> list[Path]:
    """Write one HTML file per scenario, and an index, into ``outdir``; return the paths written."""
    scenarios = load_scenarios(directory)  # before the folder is made: content with problems writes nothing
    target = Path(outdir)
    target.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    links = []
    for scenario_id, spec in sorted(scenarios.items()):
        path = target / f"{scenario_id}.html"
        path.write_text(role_cards_html(spec), encoding="utf-8")
        written.append(path)
        links.append(f'<li><a href="{_e(path.name)}">{_e(spec.title)}</a> ({_e(spec.setting)})</li>')
    index = target / "index.html"
    index.write_text(
        '<!DOCTYPE html>\n<html lang="en-GB"><head><meta charset="utf-8"><title>Role cards</title>'
        f"<style>{_STYLE}</style></head><body><main><h1>Role cards for live role-play</h1>"
        f"<p>One page per scenario: a customer card, an adviser card and an observer checklist.</p><ul>{''.join(links)}</ul>"
        "</main></body></html>\n",
        encoding="utf-8",
    )
    return [index, *written]
