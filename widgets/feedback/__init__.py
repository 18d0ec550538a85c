"""The synthetic customer-feedback dataset: loading, KPIs, charts and privacy helpers.

Everything here is a plain function over a :class:`pandas.DataFrame`: no
widgets, no global state, no row-by-row Python loops over the data. The lesson
notebooks call these helpers so that learners see the *results* of a service
review (CSAT, NPS, first-contact resolution, response times, complaint themes)
without having to write pandas themselves, and tutors can point the same
helpers at their own export (pseudonymised first, see lesson 07) through :func:`load_feedback`.

The dataset is synthetic. See ``data/feedback/data-dictionary.md`` for the
columns and ``lessons/tutor-notes/feedback-dataset.md`` for how it was made.

KPI definitions used throughout (the usual UK customer-service conventions):

CSAT
    Percentage of responses that scored 4 or 5 on the 1–5 satisfaction scale.
NPS
    Net Promoter Score: percentage of promoters (9–10 on the 0–10 "would you
    recommend us?" scale) minus percentage of detractors (0–6). Runs from −100
    to +100 and is a score, not a percentage.
First contact resolution (FCR)
    Percentage of the contacts that needed resolving which were sorted out at the
    first contact. Rows with nothing to resolve leave ``resolved_first_contact``
    blank and are not counted.
Response time
    Hours from the customer contacting us to our first reply; blank where we made
    the contact (a survey, a follow-up call), so it is not counted there.

One module per job: :mod:`.schema` (the columns), :mod:`.read` (a file into rows
of text: encodings, delimiters, quotes), :mod:`.load` (checking those rows),
:mod:`.kpis`, :mod:`.charts`, :mod:`.privacy` (pseudonymise, minimise), :mod:`.review` (lesson 09's
review pack) and :mod:`.finding` (the drop lesson 08's learners look for). pandas is imported when this package is first imported, never by
``import widgets``.

Charts are drawn with matplotlib's object API (:class:`matplotlib.figure.Figure`,
no ``pyplot``), which works under the headless "Agg" backend and shows exactly
once when returned as the last value of a notebook cell.
"""

from .schema import (
    CHANNELS,
    COLUMNS,
    COLUMN_LABELS,
    COMPLAINT_CATEGORIES,
    ColumnSpec,
    DATA_DIR,
    DEFAULT_PATH,
    KPI_LABELS,
    PERSONAL_COLUMNS,
    PRODUCT_CATEGORIES,
    PRODUCT_PHRASINGS,
    PURPOSE_COLUMNS,
    THEMES,
    TOUCHPOINTS,
    describe_columns,
    empty_feedback,
)
from .load import (
    FEEDBACK_FILE_VARIABLE,
    LoadedFeedback,
    feedback_file,
    load_feedback,
    load_lesson_feedback,
)
from .kpis import (
    FILTERS,
    complaint_themes,
    csat,
    filter_feedback,
    filter_values,
    first_contact_resolution,
    headline_kpis,
    kpi_table,
    month_label,
    nps,
    repeat_purchase_by,
    response_time_summary,
)
from .privacy import (
    minimise,
    pseudonymise,
)
from .review import review_pack
from .finding import Drop, biggest_drop
from .charts import (
    PALETTE,
    RESPONSE_BANDS,
    RESPONSE_BAND_LABELS,
    plot_complaint_themes,
    plot_csat_by,
    plot_monthly_trend,
    plot_response_time_vs_csat,
)

__all__ = [
    "CHANNELS",
    "COLUMNS",
    "COLUMN_LABELS",
    "COMPLAINT_CATEGORIES",
    "ColumnSpec",
    "DATA_DIR",
    "DEFAULT_PATH",
    "Drop",
    "FEEDBACK_FILE_VARIABLE",
    "FILTERS",
    "KPI_LABELS",
    "LoadedFeedback",
    "PALETTE",
    "PERSONAL_COLUMNS",
    "PRODUCT_CATEGORIES",
    "PRODUCT_PHRASINGS",
    "PURPOSE_COLUMNS",
    "RESPONSE_BANDS",
    "RESPONSE_BAND_LABELS",
    "THEMES",
    "TOUCHPOINTS",
    "biggest_drop",
    "complaint_themes",
    "csat",
    "describe_columns",
    "empty_feedback",
    "feedback_file",
    "filter_feedback",
    "filter_values",
    "first_contact_resolution",
    "headline_kpis",
    "kpi_table",
    "load_feedback",
    "load_lesson_feedback",
    "minimise",
    "month_label",
    "nps",
    "plot_complaint_themes",
    "plot_csat_by",
    "plot_monthly_trend",
    "plot_response_time_vs_csat",
    "pseudonymise",
    "repeat_purchase_by",
    "response_time_summary",
    "review_pack",
]
