"""No content or lesson text repeats a statement of law that the November 2026 audit found wrong.

Every claim the pack presents as true is searched: lesson prose, tutor notes, explanations, the `why` of every
option and card, chart labels, summaries, policies, scenarios (briefs, law notes, feedback, endings)
and written answers (prompts, model answers, marking points, why and hint). Left out: the label of
a choice option marked wrong or scoring 0 points (a wrong option states a mistake on purpose), what
the customer says in a scenario, a written answer's exemplars (learners' answers, weak on purpose)
and its `ideas` (words the marker looks for), and words in double quotes in lesson prose and tutor
notes (speech, or a misconception a "Watch out" box or a wrong-answers table names).
"""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CONTENT_FOLDERS = ("questions", "sorting", "ordering", "flowcharts", "law", "policies", "scenarios", "written")
#: Fields whose text is not the pack's own claim: speech, learners' sample answers, marker patterns.
NOT_CLAIMS = frozenset({"customer_says", "customer_brief", "customer_cues", "exemplars", "ideas"})

#: (audit finding, pattern that states the mistake, what the pack should say instead)
MISTAKES = (
    (
        "F1",
        r"not faulty[^.]*can only be returned|can only be returned if the shop",
        "bought online, by phone or on the doorstep, the customer has 14 days to cancel (Consumer Contracts Regulations 2013)",
    ),
    (
        "F3",
        r"one chance to repair|gets one repair or replacement|(retailer|shop|business) (chooses|decides)( whether)? (to )?(the remedy|repair)",
        "after 30 days the customer chooses a repair or a replacement (CRA 2015 s.23)",
    ),
    (
        "F2",
        r"\b(age|disability)\b[^.;]*marriage and civil partnership",
        "marriage and civil partnership is not protected for customers; age protects customers aged 18 and over (EqA 2010 s.28)",
    ),
    (
        "F7",
        r"ignores both the policy and the law",
        "a refund beyond the law is not unlawful; it needs someone with the authority to agree it",
    ),
    (
        "F18",
        r"\(e\.g\. an ombudsman\)",
        "name a certified ADR provider (ADR Regulations 2015 reg 19(2)); only some sectors have an ombudsman",
    ),
    ("F20", r"notice tone more than words", "tone can change how your words are heard"),
    (
        "F22",
        r"(Consumer Rights Act|CRA)[^.]*England, Wales and Scotland|Scotland is similar",
        "CRA 2015 Part 1 applies UK-wide; the Equality Act 2010 does not apply in Northern Ireland",
    ),
    (
        "F9",
        r"marketing[^.]*breaks data protection rules",
        "the marketing consent rule and the soft opt-in come from PECR 2003",
    ),
    (
        "F15",
        r"happier than (if nothing had gone wrong|before the problem)|more loyal than (one who never|if nothing)",
        "a recovery restores satisfaction and keeps the customer (the 'recovery paradox' is rare)",
    ),
    (
        "M4",
        r"(?<!leisure )\bservices (booked )?for a (specific|set) date",
        "only accommodation, catering, car hire, transport of goods or leisure services for a specific date cannot be"
        " cancelled (CCR 2013 reg 28(1)(b)); an installation booked for a date can",
    ),
    (
        "M6",
        r"\bif (the survey says )?(he|she|they|the customer) (was|were|is|are) (happy|satisfied)\b[^.]*\b(request|ask|invit)"
        r"|only (ask|invite)[^.]{0,40}(happy|satisfied) customers[^.]{0,30}review",
        "invite every customer to review in the same way, whatever their survey score; never make putting a problem"
        " right depend on a review (DMCCA 2024 Sch 20; CMA fake-reviews guidance, April 2025)",
    ),
    (
        "M7",
        r"agreed to (receive )?service (messages|emails)"
        r"|must use (the|their|personal) (details|data) in the way (the customer|they|she|he) agreed",
        "a follow-up uses personal data in ways the customer would expect and was told about (UK GDPR Arts 5, 6(1)(b),"
        " (f)); no consent is needed for service messages; marketing needs consent or the soft opt-in (PECR 2003)",
    ),
    (
        "M8",
        r"\banonymi[sz](e|ed|ing|ation)\b[^.]{0,60}\b(no|remove|without|strip)\w* (the )?names",
        "removing names and contact details leaves pseudonymised data, which is still personal data (UK GDPR Art 4(5),"
        " Recital 26); replace the customer reference, check the comments and follow the data protection policy",
    ),
    (
        "L4",
        r"\bgoodwill,? not a legal right|(change-of-mind )?returns? (is|are) (only )?(a )?goodwill\b"
        r"|as a goodwill gesture\. A shop|\bshould keep to (it|the policy)",
        "there is no legal right under consumer law; the shop's published policy decides, and the shop must keep to"
        " what it promised",
    ),
    (
        "L6",
        r"(done|fixed|completed|carried out) within 10 working days",
        "Harbour's clause R4 says the repair or replacement is arranged within 10 working days; quote it as written (C5)",
    ),
    (
        "L9",
        r"fee is allowed only[^.]*\((requests?|a request) that (are|is) manifestly unfounded or excessive\)",
        "a reasonable fee is allowed for a manifestly unfounded or excessive request, or for extra copies"
        " (UK GDPR Arts 12(5), 15(3))",
    ),
    (
        "L10",
        r"(?<!usually )\b(answered|answers|answer) within (a|one) month(?!, the usual)",
        "a subject access request is usually answered within one month; it can be extended for complex requests and"
        " paused while identity is checked (UK GDPR Arts 12(3), 12A)",
    ),
    (
        "L14",
        r"the ombudsman is the scheme to name|phones and broadband[^.]*\) have an \W*ombudsman|or the ombudsman, in sectors",
        "name the sector's approved scheme, often an ombudsman (in phones and broadband it may be CISAS, an"
        " adjudication scheme)",
    ),
    (
        "L19",
        r"(app|content) that (wipes|crashes|deletes)[^.]*(was|is) not supplied with reasonable care",
        "s.46 needs damage that would not have happened had the business used reasonable care and skill: say it is"
        " assumed in the case (CRA 2015 s.46(1)(b))",
    ),
)


def claims_in(value, path: str, inside_wrong_option: bool = False):
    """Yield (where, text) for every string a learner reads as true."""
    if isinstance(value, dict):
        wrong = value.get("correct") is False or value.get("points") == 0
        for key, item in value.items():
            if (wrong and key == "label") or key in NOT_CLAIMS:
                continue  # a wrong option states a mistake on purpose
            yield from claims_in(item, f"{path}.{key}", wrong)
    elif isinstance(value, list):
        for i, item in enumerate(value, 1):
            yield from claims_in(item, f"{path}[{i}]")
    elif isinstance(value, str):
        yield path, " ".join(value.split())


def all_claims():
    for folder in CONTENT_FOLDERS:
        for path in sorted((ROOT / "data" / folder).glob("*.toml")):
            if path.name == "lexicon.toml":
                continue  # the marker's shared word lists, not statements
            with path.open("rb") as stream:
                yield from claims_in(tomllib.load(stream), path.relative_to(ROOT).as_posix())
    for path in sorted((ROOT / "lessons").glob("*.ipynb")):
        for i, cell in enumerate(json.loads(path.read_text(encoding="utf-8"))["cells"]):
            if cell["cell_type"] == "markdown":
                text = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
                # Quoted words in lesson prose are speech or a misconception being named ("... is wrong").
                text = re.sub(r'"[^"\n]*"', '""', text)
                yield f"lessons/{path.name} cell {i}", " ".join(text.split())
    for path in sorted((ROOT / "lessons" / "tutor-notes").glob("*.md")):
        if path.name == "legal-sources.md":
            continue  # generated from data/law/ and data/policies/, searched above
        for i, paragraph in enumerate(re.split(r"\n\s*\n", path.read_text(encoding="utf-8")), 1):
            text = re.sub(r'"[^"\n]*"', '""', paragraph)
            yield f"lessons/tutor-notes/{path.name} paragraph {i}", " ".join(text.split())


CLAIMS = list(all_claims())


@pytest.mark.parametrize("finding, pattern, instead", MISTAKES, ids=[m[0] for m in MISTAKES])
def test_no_text_repeats_a_mistake_the_audit_found(finding, pattern, instead):
    hits = [f"{where}: {m.group(0)!r}" for where, text in CLAIMS for m in [re.search(pattern, text, re.I)] if m]
    assert not hits, f"audit {finding}: say instead that {instead}.\n" + "\n".join(hits)


def test_the_search_reaches_every_kind_of_text():
    places = {where.split(":")[0].split(".")[0].split("[")[0].split(" ")[0] for where, _ in CLAIMS}
    assert any(p.startswith("data/law/") for p in places) and any(p.startswith("lessons/11-") for p in places)
    assert len(CLAIMS) > 500


@pytest.mark.parametrize(
    "text, finding",
    [
        ("After 30 days the retailer gets one chance to repair or replace.", "F3"),
        ("Customers are protected because of age, disability or marriage and civil partnership.", "F2"),
        ("Goods that are not faulty can only be returned if the shop's policy allows it.", "F1"),
        ("Some sales cannot be cancelled: ... and services for a specific date such as a hotel room.", "M4"),
        ("It depends how the visit went. If the survey says he was happy, one polite request is fine.", "M6"),
        ("Follow-ups use personal data: a business must use the details in the way the customer agreed to.", "M7"),
        ("(the guests gave their email address when booking and agreed to service messages)", "M7"),
        ("as long as it is **anonymised** first (no names, email addresses or phone numbers: see lesson 06).", "M8"),
        ("1. Anonymise the export first: no names, email addresses or phone numbers.", "M8"),
        ("The business's own returns policy: goodwill, not a legal right", "L4"),
        ("A change-of-mind return is goodwill, not a legal right for goods bought in person", "L4"),
        ("The shop's own returns policy decides, and a shop should keep to the policy it publishes.", "L4"),
        ("You can choose a repair or a replacement, done within 10 working days (clause R4).", "L6"),
        ("A fee is allowed only in narrow cases (requests that are manifestly unfounded or excessive), which", "L9"),
        (
            "Customers can ask to see the data held about them (a subject access request, answered within a month)",
            "L10",
        ),
        ("the rights of access, rectification and erasure, answered within one month.", "L10"),
        (
            "In sectors that have an ombudsman (energy, phones and broadband, financial services), the ombudsman is the scheme to name.",
            "L14",
        ),
        (
            "Only a few sectors (energy, phones and broadband, financial services) have an **ombudsman**; most shops do not.",
            "L14",
        ),
        ("because an app that wipes a gallery when it crashes was not supplied with reasonable care and skill.", "L19"),
    ],
)
def test_each_pattern_catches_the_sentence_the_audit_quoted(text, finding):
    pattern = next(p for f, p, _ in MISTAKES if f == finding)
    assert re.search(pattern, text, re.I)


# --------------------------------------------------------------------------- installation faults (Dec 2026 audit H1, H2, M1, M2, L21)

INSTALLATION = re.compile(r"\binstall|\bfitt(ing|er)\b|\bhose\b", re.I)
SHORT_TERM = re.compile(r"short-term right to reject|30-day right|money back|full refund", re.I)
#: A sentence that joins the two must say the right is not there for an installation fault, or that
#: the fault is in the goods themselves.
LIMITED = re.compile(
    r"\bnot\b|\bno\b|does not apply|itself|in themselves|goodwill"
    r"|delivery \(or installation|delivered and installed",  # when the 30 days start, for a fault in the goods
    re.I,
)


def more_generous_policy_texts() -> set[str]:
    """A policy may give more than the law (Harbour's R6 refund), labelled as more generous."""
    texts = set()
    for path in sorted((ROOT / "data" / "policies").glob("*.toml")):
        with path.open("rb") as stream:
            for policy in tomllib.load(stream).get("policy", []):
                for clause in policy.get("clauses", []):
                    if clause.get("versus_law") == "more-generous":
                        texts.add(" ".join(clause["text"].split()))
    return texts


def sentences(text: str):
    return re.split(r"(?<=[.!?])\s+", text)


def test_no_text_gives_an_installation_fault_the_30_day_right_to_reject():
    """CRA 2015 s.19(4): a fault caused by the installation (s.15) gives repair or replacement first."""
    hits = []
    generous = more_generous_policy_texts()
    for where, text in CLAIMS:
        if text in generous:
            continue
        for sentence in sentences(text):
            if INSTALLATION.search(sentence) and SHORT_TERM.search(sentence) and not LIMITED.search(sentence):
                hits.append(f"{where}: {sentence}")
    assert not hits, (
        "a fault caused by the installation gives a repair or replacement first, not the 30-day right"
        " to reject (CRA 2015 s.19(4)); a fault in the goods themselves still does:\n" + "\n".join(hits)
    )


@pytest.mark.parametrize(
    "sentence",
    [
        "Two weeks from delivery and installation: inside the 30-day short-term right to reject, so she could have her money back.",
        "Because Brightwater installed it, an installation fault gives her a full refund within 30 days.",
    ],
)
def test_the_installation_check_catches_the_sentences_the_audit_quoted(sentence):
    assert INSTALLATION.search(sentence) and SHORT_TERM.search(sentence) and not LIMITED.search(sentence)


def test_an_installation_fault_and_a_fault_in_the_goods_are_sorted_to_different_rights():
    """Both directions: a fitting fault is repair or replacement first; the goods' own fault within 30 days is still the short-term right."""
    with (ROOT / "data" / "sorting" / "lesson-11.toml").open("rb") as stream:
        task = next(t for t in tomllib.load(stream)["task"] if t["id"] == "which-right-applies")
    cards = {card["label"]: card["accept"] for card in task["cards"]}
    hose = next(label for label in cards if "trapped the drain hose" in label)
    fridge = next(label for label in cards if "fridge itself" in label)
    assert cards[hose] == ["repair-replace"]
    assert cards[fridge] == ["short-term-reject"]


def test_the_law_summary_says_an_installation_fault_has_no_30_day_right_and_goods_faults_do():
    with (ROOT / "data" / "law" / "summaries.toml").open("rb") as stream:
        goods = next(s for s in tomllib.load(stream)["summary"] if s["id"] == "cra-goods")
    points = [p["text"] for p in goods["points"]]
    installed = next(p for p in points if p.startswith("If the business installs the goods"))
    assert "does not apply" in installed and "repair or a replacement" in installed
    assert any(p.startswith("Short-term right to reject: for 30 days") and "full refund" in p for p in points)


def test_harbours_installation_clause_is_not_labelled_as_what_the_law_says():
    with (ROOT / "data" / "policies" / "harbour.toml").open("rb") as stream:
        returns = next(p for p in tomllib.load(stream)["policy"] if p["id"] == "harbour-returns")
    r6 = next(c for c in returns["clauses"] if c["id"] == "r6")
    assert r6["versus_law"] == "more-generous" and "no 30-day right to reject" in r6["law_note"]


# --------------------------------------------------------------------------- December 2026 audit, M3 onwards

#: A refund that waits for the goods to come back (CCR 2013 reg 34(5)) ...
REFUND_WAITS_FOR_GOODS = re.compile(
    r"(wait until|once|of getting|until)[^.]{0,40}(goods|item|it)[^.]{0,10} (are |is )?back\b"
    r"|proof (they were|you|it was) sent",
    re.I,
)
#: ... must say that it does not wait if the business offered to collect them (reg 34(6)).
COLLECTION_SAID = re.compile(r"\bcollect", re.I)


def test_a_refund_that_waits_for_the_goods_says_a_collection_does_not_wait():
    """M3: CCR 2013 reg 34(4)-(6): if the business offered to collect, the 14 days run from the cancellation."""
    hits = [
        f"{where}: {text}"
        for where, text in CLAIMS
        if REFUND_WAITS_FOR_GOODS.search(text) and not COLLECTION_SAID.search(text)
    ]
    assert not hits, (
        "a business that offered to collect the goods refunds within 14 days of being told of the"
        " cancellation, not of getting them back (CCR 2013 reg 34(6)):\n" + "\n".join(hits)
    )


@pytest.mark.parametrize(
    "text",
    [
        "For goods, it may wait until it has the goods back or proof they were sent back, whichever comes first.",
        "We refund the price and the standard delivery charge within 14 days of getting the item back, or proof you sent it.",
    ],
)
def test_the_refund_check_catches_the_sentences_the_audit_quoted(text):
    assert REFUND_WAITS_FOR_GOODS.search(text) and not COLLECTION_SAID.search(text)


#: A card that offers to sell something (a quote, a discount, an offer) ...
SELLS = re.compile(r"\b(a quote|discount|special offer|% off)\b", re.I)
#: ... is marketing, whatever else the call is for (DPA 2018 s.122(5); PECR 2003 reg 21).
NOT_MARKETING = re.compile(
    r"\bnot (a )?(marketing|sales campaign)\b|does not depend on (his|her|their) marketing", re.I
)


def sorting_cards():
    for path in sorted((ROOT / "data" / "sorting").glob("*.toml")):
        with path.open("rb") as stream:
            for task in tomllib.load(stream)["task"]:
                for card in task["cards"]:
                    yield path.name, task["id"], card


def test_no_card_that_sells_something_is_called_not_marketing():
    """M5: a service call that offers a quote for new tyres is, in that part, a marketing call."""
    hits = [
        f"{name} {task}: {card['label']}"
        for name, task, card in sorting_cards()
        if SELLS.search(card["label"]) and NOT_MARKETING.search(card.get("why", ""))
    ]
    assert not hits, "offering to sell something is marketing, even inside a service message:\n" + "\n".join(hits)


def test_the_tyre_safety_call_is_good_and_the_tyre_quote_depends_on_his_marketing_choices():
    cards = {card["label"]: card for _, task, card in sorting_cards() if task == "proactive-follow-up-choices"}
    safety = next(c for label, c in cards.items() if "legal limit" in label)
    quote = next(c for label, c in cards.items() if "quote" in label and "tyres" in label)
    assert safety["accept"] == ["good"] and not SELLS.search(safety["label"])
    assert quote["accept"] == ["depends"] and "Telephone Preference Service" in quote["why"]


def test_the_sells_check_catches_the_card_the_audit_quoted():
    label = "A call the next day to tell him the mechanic found his front tyres near the legal limit, with a quote to replace them"
    why = "It is service advice about the work on his car, not a sales campaign, so it does not depend on his marketing choices."
    assert SELLS.search(label) and NOT_MARKETING.search(why)


def test_review_invitations_go_to_every_customer_not_only_the_happy_ones():
    """M6: asking only satisfied customers for reviews hides the bad ones (CMA fake-reviews guidance, 2025)."""
    asks = [card for _, _, card in sorting_cards() if re.search(r"\bask\w*\b[^.]*\breview\b", card["label"], re.I)]
    assert len(asks) >= 2
    for card in asks:
        if re.search(r"\bonly\b", card["label"], re.I):
            assert card["accept"] == ["poor"], card["label"]
        else:
            assert card["accept"] == ["good"] and "every customer" in card["why"], card["label"]


def test_the_six_month_presumption_is_tied_to_the_remedies_it_applies_to():
    """L1: CRA 2015 s.19(14) presumes a fault was there at delivery for s.19(3)(b)-(c) and (4), not the short-term right."""
    with (ROOT / "data" / "law" / "summaries.toml").open("rb") as stream:
        goods = next(s for s in tomllib.load(stream)["summary"] if s["id"] == "cra-goods")
    presumption = [p["text"] for p in goods["points"] if "presumed" in p["text"]]
    assert presumption
    for text in presumption:
        assert text.startswith("For a repair, a replacement, a price reduction or the final right to reject"), text


def law_summary(summary_id: str) -> dict:
    with (ROOT / "data" / "law" / "summaries.toml").open("rb") as stream:
        return next(s for s in tomllib.load(stream)["summary"] if s["id"] == summary_id)


def test_harassment_of_customers_leaves_out_the_characteristics_the_act_leaves_out():
    """L2: EqA 2010 s.26(5) and s.29(8): no harassment claim for religion or belief, sexual orientation, or pregnancy and maternity."""
    equality = law_summary("equality-act-services")
    note = equality["simplification"]
    assert all(c in note for c in ("religion or belief", "sexual orientation", "pregnancy and maternity")), note
    harassment = next(p["text"] for p in equality["points"] if p["text"].startswith("Harassment"))
    examples = re.search(r"such as ([^,]+(, [^,]+)* or \w+)", harassment).group(1)
    assert not re.search(r"religion|belief|orientation|pregnan|maternity|marriage", examples), examples


def test_discrimination_arising_from_disability_states_the_knowledge_defence():
    """L3: EqA 2010 s.15(2): no s.15 discrimination if the business did not know, and could not reasonably know, of the disability."""
    point = next(
        p["text"]
        for p in law_summary("equality-act-services")["points"]
        if p["text"].startswith("Discrimination arising")
    )
    assert "justify" in point and re.search(r"did not know and could not reasonably have been expected to know", point)


def test_a_chart_with_the_14_day_question_says_the_period_can_be_longer():
    """L5: CCR 2013 reg 31: the cancellation period runs up to 12 months longer if the right was not explained."""
    with (ROOT / "data" / "flowcharts" / "processes.toml").open("rb") as stream:
        charts = tomllib.load(stream)["chart"]
    asking = [c for c in charts if any(re.search(r"within 14 days", n["label"], re.I) for n in c["nodes"])]
    assert asking
    for chart in asking:
        assert re.search(
            r"up to 12 months, if the business did not explain the right to cancel", chart.get("note", "")
        ), chart["id"]


def harbour_clause_texts() -> list[str]:
    with (ROOT / "data" / "policies" / "harbour.toml").open("rb") as stream:
        policies = tomllib.load(stream)["policy"]
    return [" ".join(c["text"].split()) for p in policies if p["business"].startswith("Harbour") for c in p["clauses"]]


def test_a_question_that_quotes_harbours_policy_quotes_it_as_written():
    """L7: the mock paper's Question 6 quoted a different Harbour policy (refunds up to £150, repair first)."""
    clauses = harbour_clause_texts()
    hits, quoted = [], 0
    for folder in ("questions", "written"):
        for path in sorted((ROOT / "data" / folder).glob("*.toml")):
            with path.open("rb") as stream:
                records = tomllib.load(stream)
            for record in records.get("question", []) + records.get("written", []):
                prompt = record.get("prompt", "")
                if "Harbour" not in prompt or "policy" not in prompt:
                    continue
                for quote in re.findall(r'"([^"]{30,})"', prompt):
                    quoted += 1
                    if not any(" ".join(quote.split()) in clause for clause in clauses):
                        hits.append(f"{path.name} {record['id']}: {quote}")
    assert quoted, "no question quotes Harbour's policy any more: check the test still looks in the right place"
    assert not hits, "quote Harbour's policy as data/policies/harbour.toml words it:\n" + "\n".join(hits)


def test_lost_pay_is_not_treated_as_goodwill_only():
    """L8: a customer's losses from missed deliveries may be owed by law as damages (CRA 2015 s.19(9)-(11), s.28)."""
    asking = []
    for path in sorted((ROOT / "data" / "questions").glob("*.toml")):
        with path.open("rb") as stream:
            asking += [
                q for q in tomllib.load(stream)["question"] if re.search(r"days? off work|lost pay", q["prompt"])
            ]
    assert asking
    for question in asking:
        assert re.search(r"by law, or only as goodwill", question["explanation"]), question["id"]


def test_a_clause_that_gives_more_than_the_law_is_not_labelled_as_what_the_law_says():
    """L11: Harbour's R5 pays for the engineer's report, which the law leaves to the customer after 6 months."""
    hits = []
    for path in sorted((ROOT / "data" / "policies").glob("*.toml")):
        with path.open("rb") as stream:
            for policy in tomllib.load(stream)["policy"]:
                for clause in policy["clauses"]:
                    note = clause.get("law_note", "")
                    if clause["versus_law"] == "restates-law" and re.search(r"own choice|pays for", note):
                        hits.append(f"{path.name} {policy['id']}/{clause['id']}: {note}")
    assert not hits, "label a clause that gives more than the law more-generous:\n" + "\n".join(hits)


#: A lesson story that shows a business sending a marketing message as good practice ...
STORY_MARKETING = {
    "L12": re.compile(r"\breminder arrives\b[^.]*\blink to book\b", re.I),
    "L13": re.compile(r"\bsends\b[^.]*\b(offer|discount|double points)\b", re.I),
}
#: ... says the customer agreed to it (PECR 2003 reg 22: consent or the soft opt-in).
AGREED = re.compile(r"\bagreed\b|\bconsent|\bopted in\b|soft opt-in", re.I)


@pytest.mark.parametrize("finding", sorted(STORY_MARKETING))
def test_a_story_that_shows_a_marketing_message_says_the_customer_agreed(finding):
    hits = [
        f"{where}: {sentence}"
        for where, text in CLAIMS
        if where.startswith("lessons/") and " cell " in where
        for sentence in sentences(text)
        if STORY_MARKETING[finding].search(sentence) and not AGREED.search(sentence)
    ]
    assert not hits, (
        f"audit {finding}: a marketing text or email shown as good practice needs the customer's consent or the"
        " soft opt-in (PECR 2003 reg 22): say so in the story:\n" + "\n".join(hits)
    )


def scenario_endings():
    for path in sorted((ROOT / "data" / "scenarios").glob("*.toml")):
        with path.open("rb") as stream:
            for scenario in tomllib.load(stream)["scenario"]:
                for ending in scenario["endings"]:
                    yield scenario["id"], ending


def test_agreeing_more_than_your_authority_allows_scores_the_same_everywhere():
    """L15: a lawful outcome that breaks the authority limits scores 1, not 0 (the same as walking out)."""
    scores = {f"{sid}/{e['id']}": e["score"] for sid, e in scenario_endings() if "beyond your authority" in e["title"]}
    assert len(scores) >= 3 and set(scores.values()) == {1}, scores


def test_the_best_reply_about_the_sisters_refund_does_not_guess_where_she_bought_it():
    """L16: the customer brief never says the sister bought from Harbour; the best reply must not assume it."""
    with (ROOT / "data" / "scenarios" / "returns.toml").open("rb") as stream:
        scenario = next(s for s in tomllib.load(stream)["scenario"] if s["id"] == "change-of-mind-in-store-or-online")
    assert "Harbour" not in scenario["customer_brief"] and "from you" not in scenario["customer_brief"]
    step = next(s for s in scenario["steps"] if s["id"] == "sister-online")
    best = max(step["choices"], key=lambda c: c["points"])
    assert re.search(r"\bif she bought hers from us\b", best["label"], re.I), best["label"]
    assert not re.search(r"\bshe sent hers back after three weeks, inside our\b", best["label"], re.I)


def test_an_ending_where_details_reach_someone_else_treats_it_as_a_data_breach():
    """L17: an unauthorised disclosure is a personal data breach: recorded, and assessed for reporting to the ICO (Art 33)."""
    disclosed = [
        (sid, e)
        for sid, e in scenario_endings()
        if re.search(r"gave out his details|details given to someone", e["outcome"] + e["title"], re.I)
    ]
    assert disclosed
    for sid, ending in disclosed:
        assert re.search(r"records the breach", ending["outcome"]) and "ICO" in ending["outcome"], (
            f"{sid}/{ending['id']}"
        )


def test_asking_a_customer_to_bring_rejected_goods_back_says_the_business_collects():
    """L18: CRA 2015 s.20(7)(b), (8): the customer makes rejected goods available for collection; the trader bears the cost."""
    hits = []
    for path in sorted((ROOT / "data" / "scenarios").glob("*.toml")):
        with path.open("rb") as stream:
            for scenario in tomllib.load(stream)["scenario"]:
                for step in scenario["steps"]:
                    for choice in step["choices"]:
                        if re.search(r"bring it (in|back)|into one of our shops", choice["label"], re.I):
                            if not re.search(r"collect", choice["feedback"], re.I):
                                hits.append(f"{path.name} {scenario['id']}/{step['id']}: {choice['label']}")
    assert not hits, (
        "say that the business collects rejected goods at its own cost (CRA 2015 s.20(7)-(8)):\n" + "\n".join(hits)
    )


def test_a_rubric_that_credits_a_free_night_says_the_law_gives_a_price_reduction():
    """L20: CRA 2015 s.56: a night that cannot be re-run gives a price reduction; a voucher is goodwill on top."""
    hits, checked = [], 0
    for path in sorted((ROOT / "data" / "written").glob("*.toml")):
        if path.name == "lexicon.toml":
            continue
        with path.open("rb") as stream:
            for record in tomllib.load(stream).get("written", []):
                for point in record["points"]:
                    if any("free night" in p for idea in point["ideas"].values() for p in idea):
                        checked += 1
                        if "law gives a price reduction" not in point["hint"]:
                            hits.append(f"{path.name} {record['id']}: {point['hint']}")
    assert checked, "no rubric credits a free night any more: check the test still looks in the right place"
    assert not hits, "say in the hint that the law gives a price reduction; a voucher is extra goodwill:\n" + "\n".join(
        hits
    )
