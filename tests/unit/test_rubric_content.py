"""The real rubrics in data/written on answers they were not written from.

Good answers in the learner's own words (not the model answer's) must earn every mark; answers
that use the right words to say the wrong thing must earn nothing.
"""

import pytest

from widgets.content import load_kind

WRITTEN = load_kind("written")

OWN_WORDS = {
    "two-feedback-methods": "I would use a questionnaire emailed to the customer the day after the installation, because they can answer while the visit is still fresh. It is cheap and quick to send to everyone, but lots of people ignore surveys. I would also use a phone call from an adviser a few days later. This is more personal and the adviser can ask why the customer is unhappy. The downside is it is expensive in staff time. Harbour can use what customers say to improve the installation service, which makes customers happier.",
    "repeat-business-word-of-mouth": "The data showed that 55% of customers whose problem was fixed at the first contact bought again, compared with 20% who had to come back. This shows good care makes customers loyal, so Harbour gets repeat business. Customers who were contacted first had an NPS of +34, which means more promoters who recommend Harbour to friends. If care is poor, customers become detractors and leave bad reviews, which means Harbour loses sales.",
    "proactive-follow-up-plan": "Meadow & Vine could text Ellie a week after the delivery with a link to a short survey about the delivery team and the sofa, as she ticked the box to get texts about her order. This helps Ellie because if something is wrong, like a loose cushion, she can tell them quickly. It also helps the business because they find out if the delivery team did a good job, so they can improve, and Ellie is more likely to shop there again.",
    "role-play-reply": "I am so sorry about that, you must have been freezing and it is really frustrating when nobody answers. Thank you for letting me know. I will give you a refund for last night straight away. I am also going to report the heating to maintenance and record the missed calls, so it gets fixed for the next guests. I will call you next week to let you know what we have done.",
    "seven-cs-rewrite": "Dear Mrs Jones,\nI apologise that our engineer missed your broadband installation yesterday. We have rebooked it for Monday 10 March between 9am and 1pm. If this time does not work for you, please call us on 0800 123 456 and we will find another slot.\nThank you for your patience.\nKind regards,\nAlex",
    "draw-your-own-process": "Phone shop, after the customer has bought a phone.\nCustomer contacts the shop because the screen is faulty\n-> the adviser records the fault on the system\n-> a technician investigates and finds a loose connector\n-> the phone is repaired for free\n-> the shop follows up with a text a week later\n-> every month the manager reviews all the repairs\n-> feedback loop back to the start: the review shows one model keeps failing, so the shop changes supplier.",
    "mock-review-purpose": "The purpose of reviewing is to look at feedback and complaints to see what problems keep happening. Then the business can make changes like training staff and check if things got better. This improves customer satisfaction because customers have fewer problems.",
    "mock-faulty-kettle": "I would listen to Priya and apologise. I would check the returns policy: she is within 30 days so she gets a full refund if she has proof of purchase like her receipt. The Consumer Rights Act 2015 gives her the short-term right to reject faulty goods within 30 days. A refund the law gives her is within my authority, so I can authorise it myself. I would log the fault on the system.",
    "mock-loyalty-reputation": "Post-transaction service matters because customers who are treated well after they buy stay loyal and keep coming back. It also affects the company's reputation, since people post reviews online and tell their friends. For example, when my mum's washing machine broke, the shop sent an engineer the next day and phoned to check it was working, so she recommends them to everyone.",
    "mock-follow-up-action": "I would send Priya an email three days after the refund to apologise again and ask her to fill in a short survey about how her return was handled. This shows her that Harbour cares, so she trusts them again. It also helps Harbour improve its returns process and makes her more likely to come back.",
    "explain-review-purpose": "Reviewing means looking at all the complaints, returns and survey results together to spot trends, such as one product that keeps breaking. The aim is to find out why problems happen and put the cause right instead of blaming people. It also shows whether the team is hitting its targets and whether last month's changes worked. Because problems are fixed at the source, customers are more satisfied, so they stay loyal and recommend the shop.",
    "write-a-service-standard": "Standard: we will reply to every email from a customer within 24 hours on working days, for at least 90% of emails. We will measure this with the response time KPI, and the customer service manager will check it every week.",
    "loyalty-reputation-explain": "When a business looks after customers after they have paid, they feel valued, so they choose to stay with it even if a rival is cheaper. That is real loyalty, not just being tied into a contract. Loyal customers come back and tell their friends. Reputation is what people in general think of the business, and it is built by reviews and word of mouth. For example, my phone network replaced my broken phone in a day and I renewed with them.",
    "my-after-sales-example": "My aunt bought a sofa from a furniture store and one leg broke after two weeks. She needed a replacement leg (explicit need) and wanted to feel that the store took her seriously (implicit need). She rang the store (contact), they took her details and logged it (record), sent someone to look at it (investigate) and fitted a new leg (resolve). Nobody called afterwards to check she was happy, so she felt forgotten and left a bad review.",
    "problem-in-the-data": "The problem is with washing machines and dryers (laundry). It starts in October 2025. On the monthly chart satisfaction for laundry goes from 66% down to 23%, while other ranges stay about the same, and the complaint themes show lots of faulty products. It could be a faulty batch from one supplier, so Harbour should check the repair records. It lasts six months, so it is not just a few unhappy customers.",
}

WRONG_THINGS = {
    "mock-faulty-kettle": "I would not give her a refund and I would not look at the policy. I would tell her to calm down and offer a credit note.",
    "proactive-follow-up-plan": "They should not phone Ellie or send a survey, because she might be annoyed. Wait for her to complain.",
    "role-play-reply": "Never apologise, it is not our fault. Calm down, sir.",
    "mock-feedback-methods": "Not surveys, and not calls either.",
    "mock-review-purpose": "Reviewing is not about customer satisfaction and it does not use feedback.",
}


@pytest.mark.parametrize("question_id", sorted(OWN_WORDS))
def test_a_good_answer_in_other_words_earns_every_mark(question_id):
    result = WRITTEN[question_id].score(OWN_WORDS[question_id])
    missed = [p.text for p in result.points if not p.earned]
    assert result.complete, missed


@pytest.mark.parametrize("question_id", sorted(WRONG_THINGS))
def test_the_right_words_saying_the_wrong_thing_earn_nothing(question_id):
    result = WRITTEN[question_id].score(WRONG_THINGS[question_id])
    assert result.score == 0, [(p.text, [e.quote for e in p.evidence]) for p in result.points if p.marks]
    assert any(p.notes for p in result.points), "the learner is told why"


def _point(question_id, answer, starts):
    result = WRITTEN[question_id].score(answer)
    return next(p for p in result.points if p.text.startswith(starts))


@pytest.mark.parametrize(
    "answer, earned",
    [
        ("I understand. I am sorry, thank you for telling me, I will take the night off your bill.", False),
        ("I understand, sir. Sorry for any inconvenience caused.", False),
        ("I understand how cold the room was all night. I am sorry, thank you for telling me.", True),
        ("A night with no heating and nobody on the phone must have been miserable. Sorry.", True),
    ],
)
def test_empathy_in_the_role_play_is_not_earned_by_the_stock_word_understand(answer, earned):
    """S001:13: a scripted "I understand" is the response the syllabus warns against."""
    assert _point("role-play-reply", answer, "Shows empathy").earned is earned


@pytest.mark.parametrize(
    "answer",
    [
        "Dear Ms Patel, I am sorry the engineer did not come. A new visit is on 14 April, 8 to 12. If that does not suit, call us.",
        "Dear Ms Patel, I am sorry the engineer did not come. He can come tomorrow morning instead. If that does not suit, let us know.",
    ],
)
def test_a_concrete_date_need_not_be_a_weekday(answer):
    """Coverage audit problem 1: "on 14 April" and "tomorrow morning" are concrete."""
    assert _point("seven-cs-rewrite", answer, "Concrete").earned


def test_an_engineer_who_will_come_is_ownership_without_saying_i_have_booked():
    answer = "Dear Ms Patel, I am sorry our engineer did not arrive. An engineer will come on Friday 7 March between 8am and 12pm."
    assert _point("seven-cs-rewrite", answer, "Solution-focused").earned
