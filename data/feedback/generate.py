"""Generate the synthetic customer-feedback dataset for the after-sales lessons.

Run from the repository root::

    python data/feedback/generate.py

It writes ``feedback.csv`` (pseudonymised: what learners analyse) and
``feedback_raw.csv`` (the same rows plus made-up names, emails and phone
numbers, for the UK GDPR activity) next to this file. Everything is
synthetic: the retailer, "Harbour Home & Electrical", is fictional; emails use
the reserved example.com / example.co.uk domains and phone numbers sit in
Ofcom's drama range 07700 900000–900999, which is never allocated.

The same seed always gives the same rows, so the committed files can be
rebuilt byte for byte. All columns are drawn with vectorised numpy, so a
million rows take a few seconds (used by ``benchmarks/bench_kpis.py``).

The relationships built in on purpose are described in
``lessons/tutor-notes/feedback-dataset.md`` (tutors only).

The rows keep to the lessons' own definitions: ``response_hours`` is blank
where Harbour made the contact (post-purchase surveys and follow-up calls:
nobody was waiting for a reply); ``resolved_first_contact`` is blank where
there was nothing to resolve (a delivery, installation or follow-up without a
complaint); comments fit the stage of service and the channel (no engineer in
a delivery comment, no home visit on an in-store comment card); every
follow-up call and every repair is followed up proactively, as lesson 06 says.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
CLEAN_PATH = HERE / "feedback.csv"
RAW_PATH = HERE / "feedback_raw.csv"

ROWS = 600
SEED = 2026
START = np.datetime64("2025-04-01")
DAYS = 365  # 1 April 2025 to 31 March 2026
FAULT_START = np.datetime64("2025-10-01")  # the faulty batch of washing machines reaches customers
PROBLEM_CATEGORY = 1  # index of "laundry" in CATEGORIES

CHANNELS = ("post-purchase survey", "follow-up call", "email", "online review", "social media", "comment card")
BUSINESS_STARTED = (0, 1)  # survey and follow-up call: Harbour got in touch, so there is no reply time
# Typical (median) hours to first reply for each channel the customer starts.
CHANNEL_MEDIAN_HOURS = (np.nan, np.nan, 20.0, 30.0, 5.0, 75.0)  # cards are typed up before anyone replies

CATEGORIES = ("cooking", "laundry", "fridges and freezers", "TV and audio", "small appliances")
CATEGORY_P = (0.20, 0.22, 0.18, 0.20, 0.20)
ITEM_NOUNS = (
    ("oven", "hob", "cooker"),
    ("washing machine", "tumble dryer", "washer dryer"),
    ("fridge freezer", "fridge", "chest freezer"),
    ("TV", "soundbar", "smart speaker"),
    ("kettle", "toaster", "vacuum cleaner"),
)

TOUCHPOINTS = ("delivery", "installation", "return", "repair", "complaint", "follow-up")
TOUCHPOINT_P = (0.32, 0.14, 0.12, 0.12, 0.12, 0.18)
TOUCHPOINT_P_FAULTY = (0.15, 0.10, 0.20, 0.25, 0.20, 0.10)  # laundry after FAULT_START
COMPLAINT_BASE_P = (0.20, 0.22, 0.30, 0.35, 1.00, 0.10)
NEEDS_RESOLVING = (2, 3, 4)  # return, repair and complaint always need something sorting out

# Channel given touchpoint (rows as TOUCHPOINTS, columns as CHANNELS; each row sums to 1).
# Comment cards are filled in at the store counter, so only returns and complaints made
# in store arrive that way; follow-up calls are mostly about the follow-up itself.
CHANNEL_GIVEN_TOUCHPOINT = np.array(
    [
        [0.42, 0.05, 0.20, 0.18, 0.15, 0.00],  # delivery
        [0.38, 0.15, 0.15, 0.17, 0.15, 0.00],  # installation
        [0.25, 0.00, 0.20, 0.15, 0.10, 0.30],  # return
        [0.25, 0.30, 0.20, 0.13, 0.12, 0.00],  # repair
        [0.05, 0.05, 0.35, 0.20, 0.20, 0.15],  # complaint
        [0.35, 0.55, 0.05, 0.03, 0.02, 0.00],  # follow-up
    ]
)

COMPLAINTS = ("late delivery", "faulty item", "rude staff", "refund delay", "wrong item", "poor communication")
# Row = touchpoint, column = complaint; each row sums to 1.
COMPLAINT_GIVEN_TOUCHPOINT = np.array(
    [
        [0.55, 0.10, 0.05, 0.00, 0.20, 0.10],  # delivery
        [0.15, 0.20, 0.25, 0.00, 0.10, 0.30],  # installation
        [0.05, 0.15, 0.10, 0.50, 0.10, 0.10],  # return
        [0.10, 0.50, 0.10, 0.00, 0.05, 0.25],  # repair (no refund to wait for)
        [0.20, 0.20, 0.15, 0.15, 0.10, 0.20],  # complaint
        [0.05, 0.10, 0.15, 0.10, 0.05, 0.55],  # follow-up
    ]
)

# Comment phrase banks (UK English, all invented).
POSITIVE = (  # fit any stage of service
    "Brilliant service from start to finish.",
    "Quick reply and sorted straight away, thank you.",
    "Really helpful staff on the phone.",
    "Easy to book and everything went smoothly.",
    "Lovely team, would happily shop here again.",
    "Kept me updated by text the whole way through.",
)
# Praise that only fits one stage of service (same order as TOUCHPOINTS).
POSITIVE_BY_TOUCHPOINT = (
    ("Driver rang ahead and was really polite.", "Arrived on time, not late like last time."),
    ("Engineer was friendly and tidied up after himself.", "Fitted it neatly and showed me how it works."),
    ("Swapped it with no fuss at all.", "Refund was back on my card in two days."),
    ("Engineer was friendly and tidied up after himself.", "Fixed first time and explained what was wrong."),
    ("Listened properly and put it right.", "Manager called me back the same day to apologise."),
    ("Nice to get a call checking everything was okay.", "Good to be asked, thank you."),
)
NEUTRAL = (
    "It was fine, nothing special.",
    "Got there in the end.",
    "Service was okay but took a while.",
    "Average experience overall.",
    "Did the job, I suppose.",
    "Not bad, could be quicker.",
)
NEGATIVE = (
    "Really disappointed with the whole thing.",
    "Would not recommend based on this.",
    "Took far too long to sort out.",
    "Not the service I expected from you.",
    "Very frustrating experience.",
)
PROACTIVE = (
    " Nice that you rang to check everything was okay.",
    " Appreciated the follow-up call afterwards.",
    " Good to get a message checking in.",
)
COMPLAINT_PHRASES = (
    (  # late delivery
        "Delivery was two days late and no one told me.",
        "Missed the delivery slot completely.",
        "Driver didn't turn up and I'd taken the day off work.",
        "Order was delayed three times.",
        "Still waiting, it never arrived on the promised day.",
    ),
    (),  # faulty item: built from the product nouns below
    (  # rude staff
        "The person on the phone was rude and dismissive.",
        "Installer was sarcastic when I asked a question.",
        "Staff in store were unhelpful and couldn't care less.",
        "Didn't like the attitude of the driver.",
    ),
    (  # refund delay
        "Still waiting for my refund after three weeks.",
        "Had to chase my refund twice.",
        "Returned it ages ago and no money back yet.",
        "Refund took far longer than you said.",
    ),
    (  # wrong item
        "Sent the wrong colour entirely.",
        "Delivered a different model to the one I paid for.",
        "Not what I ordered, had to send it back.",
        "Wrong part was fitted and had to be redone.",
    ),
    (  # poor communication
        "Nobody called me back when they said they would.",
        "Kept in the dark about what was happening.",
        "Had to keep chasing for an update.",
        "Emailed twice and got no reply.",
        "No one could tell me when the engineer was coming.",
    ),
)
# Phrases that only make sense at some stages of service (phrase -> touchpoint indices).
# A row whose stage does not fit is given one of the other phrases of the same kind.
PHRASE_FITS = {
    "Installer was sarcastic when I asked a question.": (1, 3, 4),
    "Staff in store were unhelpful and couldn't care less.": (2, 4),
    "Didn't like the attitude of the driver.": (0, 4),
    "Delivery was two days late and no one told me.": (0, 4),
    "Missed the delivery slot completely.": (0, 1, 4),
    "Driver didn't turn up and I'd taken the day off work.": (0, 4),
    "Wrong part was fitted and had to be redone.": (1, 3, 4),
    "No one could tell me when the engineer was coming.": (1, 3, 4),
    "Still waiting for my refund after three weeks.": (2, 4, 5),
    "Had to chase my refund twice.": (2, 4, 5),
    "Returned it ages ago and no money back yet.": (2, 4, 5),
    "Refund took far longer than you said.": (2, 4, 5),
    " is leaking and the engineer couldn't fix it.": (3, 4),
}
FAULTY_OPENERS = ("My ", "The new ", "Our ")
FAULTY_ENDINGS = (
    " stopped working after a fortnight.",
    " was faulty out of the box.",
    " broke within a month.",
    " is leaking and the engineer couldn't fix it.",
    " shows an error code and won't start.",
)

# Made-up personal data, only for feedback_raw.csv.
FIRST_NAMES = (
    "Amelia",
    "Oliver",
    "Isla",
    "George",
    "Ava",
    "Harry",
    "Mia",
    "Jack",
    "Sophie",
    "Noah",
    "Grace",
    "Leo",
    "Freya",
    "Arthur",
    "Priya",
    "Mohammed",
    "Chloe",
    "Oscar",
    "Zara",
    "Alfie",
    "Ruby",
    "Theo",
    "Erin",
    "Callum",
    "Aisha",
    "Dylan",
    "Niamh",
    "Rhys",
    "Hannah",
    "Kwame",
)
SURNAMES = (
    "Smith",
    "Jones",
    "Taylor",
    "Brown",
    "Williams",
    "Wilson",
    "Evans",
    "Thomas",
    "Roberts",
    "Walker",
    "Wright",
    "Hughes",
    "Patel",
    "Khan",
    "Campbell",
    "Murray",
    "Davies",
    "Edwards",
    "Clarke",
    "Okafor",
    "Lewis",
    "Morgan",
    "Kaur",
    "Reid",
    "Hall",
    "Green",
    "Ahmed",
    "Price",
    "Kelly",
    "Ward",
)
EMAIL_DOMAINS = ("example.com", "example.co.uk")


def _pick(rng: np.random.Generator, probs, size: int) -> np.ndarray:
    """Indices drawn with fixed probabilities."""
    return rng.choice(len(probs), size=size, p=np.asarray(probs) / np.sum(probs))


def _pick_rows(rng: np.random.Generator, prob_rows: np.ndarray) -> np.ndarray:
    """One index per row, each row with its own probabilities (inverse CDF)."""
    cumulative = np.cumsum(prob_rows, axis=1)
    cumulative[:, -1] = 1.0
    u = rng.random(len(prob_rows))[:, None]
    return (u > cumulative).sum(axis=1)


def _phrases(bank, idx) -> np.ndarray:
    return np.asarray(bank, dtype=object)[idx]


def _refs(prefix: str, numbers: np.ndarray, width: int) -> pd.Series:
    """'C-' + zero-padded numbers, built with numpy's vectorised string functions."""
    digits = np.strings.zfill(np.asarray(numbers).astype(f"U{width}"), width)
    return pd.Series(np.strings.add(prefix, digits), dtype="str")


def generate(rows: int = ROWS, seed: int = SEED, personal_data: bool = True):
    """Return ``(clean_df, raw_df)`` for ``rows`` responses from ``seed``.

    ``clean_df`` has exactly the columns of ``widgets.feedback.COLUMNS``
    with the same dtypes that ``load_feedback`` produces. ``raw_df`` adds
    ``name``, ``email`` and ``phone`` after ``customer_ref`` (``None`` when
    ``personal_data`` is False, to save time in benchmarks).
    """
    rng = np.random.default_rng(seed)
    n = int(rows)

    # When: sorted, so response_id follows date order.
    days = np.sort(rng.integers(0, DAYS, size=n))
    dates = (START + days).astype("datetime64[us]")
    later = dates >= FAULT_START

    category = _pick(rng, CATEGORY_P, n)
    faulty_batch = (category == PROBLEM_CATEGORY) & later

    touch_probs = np.where(faulty_batch[:, None], np.array(TOUCHPOINT_P_FAULTY), np.array(TOUCHPOINT_P))
    touchpoint = _pick_rows(rng, touch_probs / touch_probs.sum(axis=1, keepdims=True))
    channel = _pick_rows(rng, CHANNEL_GIVEN_TOUCHPOINT[touchpoint])

    # How long we took to reply: log-normal around the channel's typical time;
    # complaints and repairs take longer. Blank (NaN) where Harbour started the contact.
    median = np.asarray(CHANNEL_MEDIAN_HOURS)[channel] * np.where(np.isin(touchpoint, (3, 4)), 1.4, 1.0)
    spread = np.exp(rng.normal(0.0, 0.9, n))
    hours = np.clip(np.round(median * spread, 1), 0.1, None)
    slow = hours > 48  # NaN compares False: no reply time, so not slow
    medium = (hours > 24) & ~slow

    # Complaints: likelier when slow, and far likelier for the faulty batch.
    p_complaint = np.asarray(COMPLAINT_BASE_P)[touchpoint] + 0.15 * slow + 0.35 * faulty_batch
    has_complaint = rng.random(n) < np.clip(p_complaint, 0, 1)
    complaint = _pick_rows(rng, COMPLAINT_GIVEN_TOUCHPOINT[touchpoint])
    complaint = np.where(faulty_batch & (rng.random(n) < 0.75), 1, complaint)
    complaint = np.where(has_complaint, complaint, -1)

    p_fcr = 0.78 - 0.25 * slow - 0.15 * np.isin(touchpoint, (3, 4)) - 0.25 * faulty_batch
    resolved = rng.random(n) < np.clip(p_fcr, 0.05, 0.95)
    # First contact resolution only means something where there was something to resolve.
    needs_resolving = has_complaint | np.isin(touchpoint, NEEDS_RESOLVING)

    # Proactive follow-up: Harbour rings after every repair (lesson 06), every follow-up call
    # is one, and feedback about the follow-up itself followed one. Otherwise about one customer in
    # five had been checked on before giving this feedback (fewer of those who post in public).
    p_proactive = np.where(
        (channel == 1) | np.isin(touchpoint, (3, 5)), 1.0, np.where(np.isin(channel, (3, 4)), 0.12, 0.2)
    )
    proactive = rng.random(n) < p_proactive

    # Satisfaction: a hidden score on 1-5, rounded.
    latent = (
        4.25
        - 1.30 * has_complaint
        - 0.90 * slow
        - 0.35 * medium
        + 0.55 * proactive
        + 0.45 * resolved
        - 0.60 * faulty_batch
        + rng.normal(0.0, 0.75, n)
    )
    csat = np.clip(np.rint(latent), 1, 5).astype("int64")
    recommend = np.clip(np.rint(2.2 * csat - 1.2 + rng.normal(0.0, 1.3, n)), 0, 10).astype("int64")

    p_repeat = 0.14 + 0.24 * np.where(needs_resolving, resolved, True) + 0.08 * (csat >= 4) + 0.05 * proactive
    repeat = rng.random(n) < p_repeat

    # Customers: a pool larger than the number of responses, yet drawn with
    # replacement, so some customers appear more than once.
    pool_size = max(1, int(n * 1.5))
    width = max(5, len(str(pool_size * 4)))
    pool_numbers = rng.choice(10**width, size=pool_size, replace=False)
    who = rng.integers(0, pool_size, n)
    customer_ref = _refs("C-", pool_numbers[who], width)
    response_id = _refs("R-", np.arange(1, n + 1), max(5, len(str(n))))

    comment = _comments(rng, n, csat, has_complaint, complaint, category, proactive, touchpoint)

    clean = pd.DataFrame(
        {
            "response_id": response_id.astype("str"),
            "customer_ref": customer_ref.astype("str"),
            "date": dates,
            "channel": pd.Categorical.from_codes(channel, categories=list(CHANNELS)),
            "product_category": pd.Categorical.from_codes(category, categories=list(CATEGORIES)),
            "touchpoint": pd.Categorical.from_codes(touchpoint, categories=list(TOUCHPOINTS)),
            "csat": csat,
            "recommend": recommend,
            "response_hours": hours.astype("float64"),
            "resolved_first_contact": pd.Series(resolved, dtype="boolean").where(needs_resolving, pd.NA),
            "complaint_category": pd.Categorical.from_codes(complaint, categories=list(COMPLAINTS)),
            "proactive_followup": proactive,
            "repeat_purchase_90d": repeat,
            "comment": comment,
        }
    )
    if not personal_data:
        return clean, None

    # Personal data is drawn last so it never changes the clean columns.
    first = rng.integers(0, len(FIRST_NAMES), pool_size)
    last = rng.integers(0, len(SURNAMES), pool_size)
    number = rng.integers(1, 100, pool_size)
    domain = rng.integers(0, len(EMAIL_DOMAINS), pool_size)
    phone = rng.integers(0, 1000, pool_size)
    first_s = _phrases(FIRST_NAMES, first)
    last_s = _phrases(SURNAMES, last)
    names = first_s + " " + last_s
    emails = (
        pd.Series(first_s).str.lower()
        + "."
        + pd.Series(last_s).str.lower()
        + pd.Series(number).astype("str")
        + "@"
        + pd.Series(_phrases(EMAIL_DOMAINS, domain))
    ).to_numpy(dtype=object)
    phones = ("07700 900" + pd.Series(phone).astype("str").str.zfill(3)).to_numpy(dtype=object)

    raw = clean.copy()
    raw.insert(2, "name", pd.Series(names[who], dtype="str"))
    raw.insert(3, "email", pd.Series(emails[who], dtype="str"))
    raw.insert(4, "phone", pd.Series(phones[who], dtype="str"))
    return clean, raw


def _fitting(bank, touchpoint: np.ndarray, pick: np.ndarray) -> np.ndarray:
    """One phrase of ``bank`` per row, chosen only among those that fit the row's stage of service."""
    out = np.full(len(touchpoint), "", dtype=object)
    for stage in range(len(TOUCHPOINTS)):  # six stages, not rows
        fits = [p for p in bank if stage in PHRASE_FITS.get(p, range(len(TOUCHPOINTS)))] or list(bank)
        rows = touchpoint == stage
        out[rows] = _phrases(fits, pick[rows] % len(fits))
    return out


def _comments(rng, n, csat, has_complaint, complaint, category, proactive, touchpoint) -> pd.Series:
    """Short comments picked from the phrase banks by vectorised indexing, fitting the stage of service."""
    praise_bank = np.array([list(POSITIVE) + list(extra) for extra in POSITIVE_BY_TOUCHPOINT], dtype=object)
    praise = praise_bank[touchpoint, rng.integers(0, praise_bank.shape[1], n)]
    general = np.where(
        csat >= 4,
        praise,
        np.where(
            csat == 3,
            _phrases(NEUTRAL, rng.integers(0, len(NEUTRAL), n)),
            _phrases(NEGATIVE, rng.integers(0, len(NEGATIVE), n)),
        ),
    )
    # Complaint sentence for every row (used only where there is a complaint).
    pick = rng.integers(0, 5, n)
    about = np.full(n, "", dtype=object)
    for k, bank in enumerate(COMPLAINT_PHRASES):  # six complaint kinds, not rows
        if bank:
            mask = complaint == k
            about[mask] = _fitting(bank, touchpoint[mask], pick[mask])
    nouns = np.array([noun for nouns in ITEM_NOUNS for noun in nouns], dtype=object)
    noun = nouns[category * 3 + rng.integers(0, 3, n)]
    faulty = (
        _phrases(FAULTY_OPENERS, rng.integers(0, len(FAULTY_OPENERS), n))
        + noun
        + _fitting(FAULTY_ENDINGS, touchpoint, rng.integers(0, len(FAULTY_ENDINGS), n))
    )
    about = np.where(complaint == 1, faulty, about)
    closing = np.where(csat <= 2, " " + _phrases(NEGATIVE, rng.integers(0, len(NEGATIVE), n)), "")
    thanks = _phrases(PROACTIVE, rng.integers(0, len(PROACTIVE), n))
    add_thanks = proactive & (csat >= 4) & (touchpoint != 5) & (rng.random(n) < 0.6)

    text = np.where(has_complaint, about + np.where(rng.random(n) < 0.5, closing, ""), general)
    text = np.where(add_thanks, text + thanks, text)
    blank = rng.random(n) < 0.12  # many people skip the comment box
    return pd.Series(np.where(blank, None, text), dtype="str")


def write_csv(frame: pd.DataFrame, path) -> None:
    """Write a frame as the committed CSV format (UTF-8, LF, ISO dates)."""
    frame.to_csv(path, index=False, lineterminator="\n", date_format="%Y-%m-%d", encoding="utf-8")


def to_csv_text(frame: pd.DataFrame) -> str:
    """The exact text :func:`write_csv` would write."""
    return frame.to_csv(index=False, lineterminator="\n", date_format="%Y-%m-%d")


def main(argv=None) -> int:
    clean, raw = generate()
    write_csv(clean, CLEAN_PATH)
    write_csv(raw, RAW_PATH)
    print(f"wrote {len(clean)} rows to {CLEAN_PATH.name} and {RAW_PATH.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
