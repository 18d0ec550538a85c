"""The feedback table's columns: what each must hold, friendly labels, and an empty, typed table."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

# --------------------------------------------------------------------------
# The column specification
# --------------------------------------------------------------------------

#: Where the committed dataset lives, relative to this module.
DATA_DIR = Path(__file__).resolve().parents[2] / "data" / "feedback"
DEFAULT_PATH = DATA_DIR / "feedback.csv"

CHANNELS = (
    "post-purchase survey",
    "follow-up call",
    "email",
    "online review",
    "social media",
    "comment card",
)
PRODUCT_CATEGORIES = (
    "cooking",
    "laundry",
    "fridges and freezers",
    "TV and audio",
    "small appliances",
)
#: How a learner may name each product range in a written answer (rubric phrasings: ``word*`` is a
#: stem). Lesson 08's "find the problem" point accepts these for whichever range the log shows dropping.
PRODUCT_PHRASINGS: dict[str, tuple[str, ...]] = {
    "cooking": ("cooking", "cooker*", "oven*", "hob*"),
    "laundry": ("laundry", "washing machine*", "dryer*", "tumble dryer*", "washer*", "drier*"),
    "fridges and freezers": ("fridges and freezers", "fridge*", "freezer*"),
    "TV and audio": ("tv and audio", "tv*", "television*", "sound bar*", "soundbar*", "speaker*"),
    "small appliances": ("small appliance*", "kettle*", "toaster*", "microwave*"),
}
TOUCHPOINTS = ("delivery", "installation", "return", "repair", "complaint", "follow-up")
COMPLAINT_CATEGORIES = (
    "late delivery",
    "faulty item",
    "rude staff",
    "refund delay",
    "wrong item",
    "poor communication",
)


@dataclass(frozen=True)
class ColumnSpec:
    """What one column of the feedback table must hold.

    ``kind`` is one of ``"id"`` (non-blank text), ``"text"`` (free text, may be
    blank), ``"date"``, ``"category"`` (one of ``allowed``), ``"int"``,
    ``"float"`` or ``"bool"``. ``minimum``/``maximum`` bound numbers;
    ``blank_ok`` says whether an empty cell is acceptable and ``unique``
    whether a value may appear only once.
    """

    kind: str
    dtype: str
    meaning: str
    allowed: tuple[str, ...] | None = None
    minimum: float | None = None
    maximum: float | None = None
    blank_ok: bool = False
    unique: bool = False
    example: str = ""

    def allowed_text(self) -> str:
        """Human-readable description of the allowed values."""
        if self.allowed is not None:
            text = ", ".join(self.allowed)
            return text + (" (or blank)" if self.blank_ok else "")
        if self.kind == "bool":
            return "True or False (yes/no and 1/0 are also read)"
        if self.kind == "date":
            return "YYYY-MM-DD (DD/MM/YYYY is also read)"
        if self.kind in ("int", "float"):
            low = _fmt_number(self.minimum) if self.minimum is not None else None
            high = _fmt_number(self.maximum) if self.maximum is not None else None
            whole = "whole number" if self.kind == "int" else "number"
            if low is not None and high is not None:
                return f"{whole} {low}–{high}"
            if low is not None:
                return f"{whole}, {low} or more"
            return whole
        if self.kind == "id":
            return "any text, must not be blank" + (", must be unique" if self.unique else "")
        return "any text (may be blank)"


#: Column name → specification. The loader, the generator's tests and the data
#: dictionary all follow this order.
COLUMNS: dict[str, ColumnSpec] = {
    "response_id": ColumnSpec(
        "id", "str", "Unique reference for one piece of feedback.", unique=True, example="R-00042"
    ),
    "customer_ref": ColumnSpec(
        "id", "str", "Pseudonymous customer reference (no name, email or phone).", example="C-04821"
    ),
    "date": ColumnSpec("date", "datetime64[us]", "Date the feedback was received.", example="2025-11-03"),
    "channel": ColumnSpec("category", "category", "How the feedback reached us.", allowed=CHANNELS, example="email"),
    "product_category": ColumnSpec(
        "category",
        "category",
        "Which product range the order was for.",
        allowed=PRODUCT_CATEGORIES,
        example="laundry",
    ),
    "touchpoint": ColumnSpec(
        "category",
        "category",
        "Which stage of after-sales service the feedback is about.",
        allowed=TOUCHPOINTS,
        example="delivery",
    ),
    "csat": ColumnSpec(
        "int",
        "int64",
        "Satisfaction score: 1 = very dissatisfied, 5 = very satisfied.",
        minimum=1,
        maximum=5,
        example="4",
    ),
    "recommend": ColumnSpec(
        "int",
        "int64",
        "How likely to recommend us, 0 = not at all, 10 = extremely (used for NPS).",
        minimum=0,
        maximum=10,
        example="9",
    ),
    "response_hours": ColumnSpec(
        "float",
        "float64",
        "Hours between the customer contacting us and our first reply; "
        "blank where we made the contact (a survey or follow-up call).",
        minimum=0,
        blank_ok=True,
        example="18.5",
    ),
    "resolved_first_contact": ColumnSpec(
        "bool",
        "bool",
        "True if the issue was sorted out at the first contact, False if the customer "
        "had to come back; blank where there was nothing to resolve.",
        blank_ok=True,
        example="True",
    ),
    "complaint_category": ColumnSpec(
        "category",
        "category",
        "Main complaint, if there was one; blank when there was no complaint.",
        allowed=COMPLAINT_CATEGORIES,
        blank_ok=True,
        example="faulty item",
    ),
    "proactive_followup": ColumnSpec(
        "bool", "bool", "True if we contacted the customer first to check all was well.", example="False"
    ),
    "repeat_purchase_90d": ColumnSpec(
        "bool", "bool", "True if the customer bought from us again within 90 days.", example="True"
    ),
    "comment": ColumnSpec(
        "text",
        "str",
        "The customer's own words (short, synthetic); may be blank.",
        blank_ok=True,
        example="Driver rang ahead and was really polite.",
    ),
}

#: Direct identifiers that appear only in ``feedback_raw.csv``.
PERSONAL_COLUMNS = ("name", "email", "phone")

#: Friendly names for chart labels and lesson text.
COLUMN_LABELS = {
    "channel": "how the feedback reached us",
    "product_category": "product range",
    "touchpoint": "stage of service",
    "month": "month",
    "complaint_category": "type of complaint",
    "resolved_first_contact": "sorted out first time",
    "proactive_followup": "we checked in first",
}

#: Friendly headings for the columns of :func:`kpi_table`.
KPI_LABELS = {
    "responses": "Responses",
    "csat_pct": "CSAT (% scoring 4–5)",
    "nps": "NPS (−100 to +100)",
    "fcr_pct": "Sorted first time (%)",
    "median_response_hours": "Median reply time (hours)",
    "p90_response_hours": "90% replied within (hours)",
    "pct_within_24h": "Replied within 24 hours (%)",
    "repeat_purchase_pct": "Bought again within 90 days (%)",
}

#: Columns each purpose actually needs: for the data-minimisation activity.
PURPOSE_COLUMNS = {
    "kpi report": [
        "date",
        "channel",
        "product_category",
        "touchpoint",
        "csat",
        "recommend",
        "response_hours",
        "resolved_first_contact",
        "repeat_purchase_90d",
    ],
    "complaint review": ["date", "product_category", "touchpoint", "complaint_category", "csat", "comment"],
    "follow-up study": ["proactive_followup", "csat", "recommend", "repeat_purchase_90d"],
}

#: Complaint themes for :func:`complaint_themes`: theme → keywords. A comment
#: belongs to a theme when it contains one of its keywords as whole words.
THEMES: dict[str, tuple[str, ...]] = {
    "Late or missed delivery": (
        "late",
        "delayed",
        "delay",
        "missed",
        "no-show",
        "didn't turn up",
        "hasn't arrived",
        "never arrived",
    ),
    "Faulty or broken product": (
        "faulty",
        "fault",
        "broken",
        "broke",
        "stopped working",
        "leaking",
        "error code",
        "won't start",
    ),
    "Staff attitude": ("rude", "unhelpful", "dismissive", "attitude", "sarcastic", "couldn't care less"),
    "Refund problems": ("refund", "refunded", "money back"),
    "Wrong item sent": ("wrong", "incorrect", "not what i ordered", "different model"),
    "Poor communication": (
        "nobody",
        "no one",
        "call back",
        "ring back",
        "chase",
        "chasing",
        "no reply",
        "never replied",
        "kept in the dark",
        "no update",
        "no updates",
    ),
}

_MAX_ROW_MESSAGES = 20
_TRUE_WORDS = ("true", "t", "yes", "y", "1", "1.0")
_FALSE_WORDS = ("false", "f", "no", "n", "0", "0.0")


def _fmt_number(value) -> str:
    """Show 7.0 as '7' and 3.5 as '3.5'."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return "blank"
    value = float(value)
    return str(int(value)) if value.is_integer() else f"{value:g}"


def describe_columns() -> pd.DataFrame:
    """The column specification as a table (the data dictionary in pandas form)."""
    return pd.DataFrame(
        {
            "column": list(COLUMNS),
            "meaning": [s.meaning for s in COLUMNS.values()],
            "type": [s.dtype for s in COLUMNS.values()],
            "allowed values": [s.allowed_text() for s in COLUMNS.values()],
            "example": [s.example for s in COLUMNS.values()],
        }
    )


def empty_feedback() -> pd.DataFrame:
    """A zero-row feedback table with every column correctly typed."""
    return pd.DataFrame({name: _empty_series(spec, 0) for name, spec in COLUMNS.items()})


def _empty_series(spec: ColumnSpec, n: int, index=None) -> pd.Series:
    """A column of ``n`` missing values of the right kind."""
    if spec.kind == "category":
        return pd.Series(pd.Categorical([None] * n, categories=list(spec.allowed)), index=index)
    if spec.kind == "date":
        return pd.Series(np.full(n, np.datetime64("NaT"), dtype="datetime64[us]"), index=index)
    if spec.kind in ("id", "text"):
        return pd.Series([np.nan] * n, dtype="str", index=index)
    if n == 0 and spec.kind in ("int", "bool"):
        return pd.Series([], dtype=spec.dtype, index=index)
    return pd.Series(np.full(n, np.nan), index=index)
