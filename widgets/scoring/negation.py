"""Is a mention of an idea in a written answer negated ("never a survey", "surveys do not help")?

Used by :mod:`widgets.scoring.rubric`: ``answer`` is its prepared answer (words, their spans in the
text, and sentence bounds), read here without importing it.
"""

from __future__ import annotations

from .words import BARE_NEGATORS, NEGATOR_PHRASES, SUBJECTS, VERB_FORMS, is_negator, subject_then_verb

#: Words before a mention that a negator may reach across ("should not use a KPI like response time").
NEGATION_WINDOW = 6
#: Words after a mention that may come before its negated verb ("surveys are also not useful").
AFTER_WINDOW = 4
AUXILIARIES = frozenset(
    "is are was were be do does did would will can could should shall may might must has have had".split()
)
ADVERBS = frozenset("also really just even simply still actually usually often always".split())
POST_NEGATORS = frozenset({"not", "never"})
#: "I don't think ...", "we do not believe ...": a negated opinion covers the clause after it.
OPINION_VERBS = frozenset({"think", "believe", "feel", "reckon"})
PREPOSITIONS = frozenset("with by from of after in on about".split())
#: Words that start another clause, so a negation before them does not reach past them.
CLAUSE_STARTS = frozenset("if when because so but then which who whose while unless until although though".split())


def negated(answer, start: int, end: int | None = None) -> str | None:
    """The negating word(s) that reject the mention at ``start`` (to ``end``), if any.

    Before the mention: a negator in the few words before it, in the same clause ("should not use a
    KPI like response time"). The window restarts at "or" and "nor", so "never a survey or a
    follow-up call" rejects both; it stops at a comma, a colon, a bracket or the start of another
    clause ("if they are not happy, we call them" and "not happy we call them" keep the call).
    After the mention: the mention is the subject of a negated verb ("surveys do not help",
    "online reviews don't count", "a check call would not make her feel valued").
    """
    sentence_start, sentence_end = answer.sentences[answer.sentence_of[start]]
    budget = NEGATION_WINDOW
    i = start - 1
    while i >= sentence_start and budget > 0:
        if any(mark in answer.text[answer.spans[i][1] : answer.spans[i + 1][0]] for mark in ",:()"):
            break  # a comma, colon or bracket ends the negated phrase
        word = answer.words[i]
        if is_negator(word):
            if word == "not" and i + 1 < len(answer.words) and answer.words[i + 1] in ("only", "just"):
                return None
            return word
        if i + 1 < start and (word, answer.words[i + 1]) in NEGATOR_PHRASES:
            return f"{word} {answer.words[i + 1]}"
        if word == "because" and answer.words[i + 1] == "of":
            pass  # "because of a follow-up call" is a phrase in the negated clause, not a clause of its own
        elif word in CLAUSE_STARTS or (
            word in SUBJECTS
            and answer.words[i + 1] in VERB_FORMS
            and (i + 1 < start or (i > sentence_start and answer.words[i - 1] in ("and", "but", "then")))
        ):
            # "I don't think it matters how ..." negates the clause it introduces.
            if i >= sentence_start + 2 and answer.words[i - 1] in OPINION_VERBS and is_negator(answer.words[i - 2]):
                return answer.words[i - 2]
            break  # another clause: "if they are not happy we call them", "... no more and she tells her friends"
        budget = NEGATION_WINDOW if word in ("or", "nor") else budget - 1
        i -= 1
    if end is None:
        return None
    # The mention as the subject of a negated verb: "<mention> (also) (do/is/would) not ...".
    j = end
    limit = end + AFTER_WINDOW
    while j < sentence_end and j < limit:
        if any(mark in answer.text[answer.spans[j - 1][1] : answer.spans[j][0]] for mark in ",:()"):
            return None
        word = answer.words[j]
        if word in POST_NEGATORS or word.endswith("n't") or word in BARE_NEGATORS - {"without"}:
            # "not only", "not just"; "tells her friends not to go there" negates what they are told to do.
            told = any(
                w.startswith(("tell", "told", "ask", "warn")) for w in answer.words[max(0, start - 3) : start + 1]
            )
            follows = answer.words[j + 1] if j + 1 < sentence_end else ""
            return None if follows in ("only", "just") or (follows == "to" and told) else word
        if j == end and word in SUBJECTS and word not in ("it", "they", "we", "you", "i", "he", "she"):
            j += 1  # "satisfied customers are not more likely ..."
            continue
        if j == end and word in PREPOSITIONS:
            # "Following up with a call is not needed": skip a short phrase to its verb.
            k = j + 1
            while k < min(sentence_end, j + 4) and answer.words[k] not in AUXILIARIES:
                k += 1
            if subject_then_verb(answer.words[j + 1 : k + 1]):
                return None  # a clause of its own, not a phrase: "phones about it she is not ..."
            if k < sentence_end and answer.words[k] in AUXILIARIES:
                j, limit = k, k + AFTER_WINDOW
                continue
            return None
        if word not in AUXILIARIES and word not in ADVERBS and not (j == end and word in ("or", "and")):
            return None
        if word in ("or", "and"):
            # "a survey or a check call would not ...": the negation covers both items of the list.
            k = j + 1
            while k < sentence_end and k < j + 4 and answer.words[k] not in AUXILIARIES:
                k += 1
            j, limit = k, k + AFTER_WINDOW
            continue
        j += 1
    return None
