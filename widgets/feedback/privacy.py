"""UK GDPR helpers for the data-protection activities: pseudonymisation and data minimisation."""

from __future__ import annotations

import hmac
from hashlib import sha256
from typing import Iterable

import numpy as np
import pandas as pd

from .schema import PERSONAL_COLUMNS, PURPOSE_COLUMNS

# --------------------------------------------------------------------------
# UK GDPR: pseudonymisation and data minimisation
# --------------------------------------------------------------------------


def pseudonymise(
    raw_df: pd.DataFrame, secret: str, identifiers: Iterable[str] = PERSONAL_COLUMNS, ref_column: str = "person_ref"
) -> pd.DataFrame:
    """Replace direct identifiers with a salted-hash reference.

    The identifier columns (by default ``name``, ``email`` and ``phone``) are
    tidied (trimmed, lower case, phone digits only), joined, and hashed with
    HMAC-SHA256 keyed by ``secret``. The columns are removed and one column,
    ``ref_column``, holds ``"P-"`` and the first 12 hex digits of the hash.
    The same person always gets the same reference for the same secret, so
    analysis can still link their responses; without the secret nobody can
    rebuild the reference from a guessed email address. Whoever holds the
    secret (or the raw file) can still re-identify people, which is why UK GDPR
    treats pseudonymised data as personal data.

    Hashing is done once per distinct person, not per row. Raises ValueError
    if ``secret`` is empty, because an unsalted hash of an email address can
    be reversed by guessing.
    """
    if not isinstance(secret, str) or not secret:
        raise ValueError("choose a secret (a salt) to pseudonymise with; keep it apart from the data")
    present = [c for c in identifiers if c in raw_df.columns]
    out = raw_df.drop(columns=present)
    if not present:
        return out.copy()
    parts = []
    for column in present:  # loops over the few identifier columns
        values = raw_df[column].fillna("").astype("str").str.strip().str.lower()
        if column == "phone":
            values = values.str.replace(r"\D", "", regex=True)
        parts.append(values)
    joined = parts[0]
    for part in parts[1:]:
        joined = joined + "|" + part
    codes, uniques = pd.factorize(joined, use_na_sentinel=False)
    key = secret.encode("utf-8")
    refs = np.array(
        ["P-" + hmac.new(key, str(u).encode("utf-8"), sha256).hexdigest()[:12].upper() for u in uniques],
        dtype=object,
    )
    position = list(raw_df.columns).index(present[0])
    out = out.copy()
    out.insert(
        min(position, len(out.columns)),
        ref_column,
        pd.Series(refs[codes] if len(codes) else [], index=raw_df.index, dtype="str"),
    )
    return out


def minimise(df: pd.DataFrame, keep: Iterable[str] | None = None) -> pd.DataFrame:
    """Keep only the columns needed for the purpose; drop everything else.

    ``keep`` is a list of column names (for example ``PURPOSE_COLUMNS["kpi
    report"]``); ``None`` keeps the columns needed for the KPI report. Raises
    ValueError naming any column in ``keep`` that the table does not have.
    Returns a new table in the order given.
    """
    keep = list(PURPOSE_COLUMNS["kpi report"] if keep is None else ([keep] if isinstance(keep, str) else keep))
    absent = [c for c in keep if c not in df.columns]
    if absent:
        raise ValueError(f"the table has no column(s): {', '.join(absent)}")
    return df.loc[:, keep].copy()
