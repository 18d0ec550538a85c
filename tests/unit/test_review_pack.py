"""Lesson 09's review pack, worked out from whatever feedback log it is given (widgets.feedback.review)."""

from widgets.feedback import load_feedback, review_pack
from widgets.feedback.review import halfway_month

HEADINGS = (
    "response_id,customer_ref,date,channel,product_category,touchpoint,csat,recommend,response_hours,"
    "resolved_first_contact,complaint_category,proactive_followup,repeat_purchase_90d,comment"
)


def log(*rows: str):
    loaded = load_feedback("\n".join([HEADINGS, *rows]) + "\n")
    assert loaded.rows_excluded == 0, loaded.summary()
    return loaded.frame


def test_a_small_log_gives_every_section_from_its_own_figures():
    frame = log(
        "R-1,C-1,2026-01-10,post-purchase survey,cooking,delivery,5,10,,,,True,True,Great",
        "R-2,C-2,2026-01-20,email,cooking,repair,2,3,60,False,faulty item,False,False,Broke",
        "R-3,C-3,2026-02-10,email,laundry,repair,4,9,5,True,,False,True,Fine",
        "R-4,C-4,2026-03-10,social media,laundry,complaint,1,0,2,False,late delivery,False,False,Late",
        "R-5,C-5,2026-04-10,email,cooking,repair,4,8,10,True,,True,True,Ok",
    )
    assert review_pack(frame).splitlines() == [
        "Service review: January 2026 to April 2026, 5 responses",
        "Overall: CSAT 60.0%, NPS +0.0, sorted first time 50.0%, median reply 7.5 hours",
        "",
        "1. Reply time",
        "  replied within 48 hours     CSAT 66.7%, NPS +0.0 (3 responses)",
        "  replied after 48 hours      CSAT 0.0%, NPS -100.0 (1 response)",
        "",
        "2. Channels",
        "  post-purchase survey        no reply time (we got in touch), CSAT 100.0% (1 response)",
        "  email                       replied within 24 hours 66.7%, CSAT 66.7% (3 responses)",
        "  social media                replied within 24 hours 100.0%, CSAT 0.0% (1 response)",
        "",
        "3. Sorted out first time, and buying again",
        "  sorted first time           bought again within 90 days 100.0% (2 responses)",
        "  had to come back            bought again within 90 days 0.0% (2 responses)",
        "",
        "4. Proactive follow-up",
        "  we got in touch first       CSAT 100.0%, NPS +50.0, bought again 100.0% (2 responses)",
        "  we did not                  CSAT 33.3%, NPS -33.3, bought again 33.3% (3 responses)",
        "",
        "5. Product ranges: CSAT before March 2026 -> from March 2026",
        "  cooking                     50.0% -> 100.0%",
        "  laundry                     100.0% -> 0.0%",
        "",
        "6. Complaint types recorded by advisers, before and from March 2026",
        "  late delivery                 0 ->   1",
        "  faulty item                   1 ->   0",
    ]


def test_a_tutors_log_with_empty_groups_says_so_instead_of_failing():
    # No slow replies, nobody who had to come back, no proactive calls, no complaints,
    # and laundry only in the second half: each gap is named, and the pack still prints.
    frame = log(
        "R-1,C-1,2026-01-10,email,cooking,delivery,5,10,3,True,,False,True,Great",
        "R-2,C-2,2026-02-10,email,cooking,repair,4,9,5,True,,False,True,Fine",
        "R-3,C-3,2026-03-10,email,laundry,repair,1,0,2,True,,False,False,Late",
    )
    lines = review_pack(frame).splitlines()
    assert "  replied after 48 hours      no responses" in lines
    assert "  had to come back            no responses" in lines
    assert "  we got in touch first       no responses" in lines
    assert "  laundry                     no responses -> 0.0%" in lines
    assert lines[-1] == "  no complaints recorded"


def test_the_pack_splits_the_year_at_its_middle_month():
    months = [f"2025-{m:02d}-15" for m in range(4, 13)] + [f"2026-{m:02d}-15" for m in range(1, 4)]
    frame = log(
        *(f"R-{n},C-{n},{day},email,cooking,repair,4,9,5,True,,False,True,Fine" for n, day in enumerate(months))
    )
    assert f"{halfway_month(frame):%d %B %Y}" == "01 October 2025"  # 12 months: the 7th starts the second half
