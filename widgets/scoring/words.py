"""The English the rubric marker knows: grammar words, reasons, negators, clauses, and misspellings.

Used by :mod:`widgets.scoring.rubric`. Plain word lists and small pure functions:

* :data:`FUNCTION_WORDS` (a sentence has one), :data:`CONNECTIVES` (reasons an "explain" point
  needs), :data:`NEGATORS` (words that turn a mention into a rejection), :data:`SUBJECTS` and
  :data:`VERB_FORMS` (a subject followed by a verb is a clause: "Customers come back");
* :func:`read_as`: the word a misspelt word is read as ("servey" as "survey"), with the edits
  allowed scaled to the word's length (:func:`allowed_edits`), measured with rapidfuzz's optimal
  string alignment distance (a swap of two neighbouring letters is one edit). rapidfuzz was chosen
  over jellyfish for speed (about 0.1 µs a comparison with an early exit at the allowed edits,
  against about 1.3 µs for jellyfish's Damerau-Levenshtein, measured on the development machine);
* :func:`is_english`: whether a word is a correctly spelt English word, so a real word is never
  "corrected" into a term. The list is pyspellchecker's English word-frequency list (about 160,000
  words, read once on first use and kept as text between kernels: :func:`english_words`), with British
  spellings accepted by their endings.
"""

from __future__ import annotations

import gzip
import importlib.util
import json
import os
from functools import lru_cache
from pathlib import Path
from typing import Sequence

from rapidfuzz.distance import OSA

#: Sounds dyslexic learners often spell as they hear them: (as heard, as written).
SOUNDS = (("shun", "tion"), ("shon", "tion"), ("chun", "tion"))

#: Words this long or shorter must be spelt exactly (so "call" never matches "all").
SHORT_WORD = 4

NEGATORS = frozenset(
    "not no never without nor cannot can't don't doesn't didn't won't wouldn't shouldn't isn't aren't "
    "wasn't weren't mustn't needn't haven't hasn't avoid avoids nothing nobody unlikely".split()
)
NEGATOR_PHRASES = (("instead", "of"), ("rather", "than"), ("apart", "from"))
#: Negators as learners often type them, without the apostrophe ("dont", "didnt", "wont").
BARE_NEGATORS = frozenset(
    "dont doesnt didnt wont wouldnt shouldnt couldnt isnt arent wasnt werent mustnt neednt havent hasnt hadnt "
    "cant cannot never without".split()
)

#: English words that carry grammar rather than topic; a sentence has at least one.
FUNCTION_WORDS = frozenset(
    """a an the this that these those it its they them their he she his her we our us you your i me my
    is are was were be been being am do does did has have had can could will would should may might must shall
    to of in on at by for from with about into after before during within over under than as if then when
    while because so which who whom whose where also not no never all each every any some
    more most very just only there here out up off through until once both either neither such""".split()
)
#: Reasons an "explain" point needs: single words and short phrases.
CONNECTIVES = (
    ("because",),
    ("so",),
    ("since",),
    ("therefore",),
    ("thus",),
    ("hence",),
    ("otherwise",),
    ("which", "means"),
    ("this", "means"),
    ("that", "means"),
    ("it", "means"),
    ("means", "that"),
    ("as", "a", "result"),
    ("leads", "to"),
    ("lead", "to"),
    ("leading", "to"),
    ("led", "to"),
    ("in", "order", "to"),
    ("so", "that"),
    ("this", "shows"),
    ("which", "shows"),
    ("results", "in"),
    ("which", "helps"),
    ("this", "helps"),
    ("which", "makes"),
    ("this", "makes"),
    # The same links in the grammar of English as an additional language: "This make them come back."
    ("this", "make"),
    ("this", "give"),
    ("this", "gives"),
    ("which", "gives"),
    ("this", "will"),
    ("that", "way"),
    ("which", "leads"),
    ("which", "causes"),
    ("which", "costs"),
    ("which", "brings"),
    ("this", "brings"),
    ("helps",),
    ("means",),
    ("more", "likely"),
    # A consequence in the future: "Customers will be more satisfied." (after the action it follows)
    ("will", "be", "more"),
    ("will", "be", "happier"),
    ("less", "likely"),
    ("due", "to"),
    ("this", "is", "why"),
    ("that", "is", "why"),
    ("why",),
    # A purpose is a reason: "to see if customers are happy", "to find out what went wrong".
    ("to", "see"),
    ("to", "find", "out"),
    ("to", "make", "sure"),
    ("to", "check"),
    ("to", "know"),
    # An effect is a link: "this will make customers happier", "which stops bad reviews".
    ("will", "make"),
    ("will", "improve"),
    ("will", "help"),
    ("will", "stop"),
    ("will", "mean"),
    ("would", "make"),
    ("would", "improve"),
    ("would", "help"),
    ("would", "mean"),
    ("brings", "in"),
    ("bring", "in"),
    ("free", "advertising"),
    ("that", "loses"),
    ("that", "looses"),
    ("which", "loses"),
    ("this", "stops"),
    ("which", "stops"),
    ("that", "stops"),
    # "because" as learners often write it
    ("cos",),
    ("coz",),
    ("cuz",),
    ("becos",),
    ("becoz",),
    ("becuz",),
    # A condition is a reason too: "if fewer things go wrong, customers are happier".
    ("if",),
    ("when",),
)

#: Who does things in an answer about after-sales service; a subject followed by a verb is a clause.
SUBJECTS = frozenset(
    """customer customers people staff business businesses shop shops company companies firm store stores
    adviser advisers advisor advisors manager managers team teams client clients buyer buyers shopper
    shoppers user users someone everyone nobody friends they we it he she you i""".split()
)
_BASE_VERBS = """come go buy return stay tell recommend leave feel get like love want need use fix repair replace
refund ring call phone email text send reply answer ask say complain trust choose keep give take make see know
think find check follow shop spend pay help improve lose hate write post share review rate miss wait expect
receive become stop start visit order book apologise apologize listen explain solve sort spread talk remember
forget switch move look hear learn grow prefer enjoy appreciate value notice deal handle renew rebook arrange
offer record log investigate resolve contact reject care matter work try show mean earn win bring cost last""".split()
_IRREGULAR_VERBS = """came went bought told left felt got kept gave took made saw knew thought found paid lost spent
wrote said chose sent brought won meant heard is are was were has have had do does did can will""".split()


def _verb_forms(base: str) -> set[str]:
    forms = {base, base + "s", base + "es", base + "ed", base + "d", base + "ing"}
    if base.endswith("e"):
        forms.add(base[:-1] + "ing")
    if base.endswith("y"):
        forms.update({base[:-1] + "ies", base[:-1] + "ied"})
    if len(base) > 2 and base[-1] not in "aeiouwy" and base[-2] in "aeiou" and base[-3] not in "aeiou":
        forms.update({base + base[-1] + "ed", base + base[-1] + "ing"})
    return forms


#: Words that can start a sentence with no subject: "Please rebook online.", "Thank you.", "Call us."
IMPERATIVE_STARTS = frozenset(_BASE_VERBS) | {"please", "thank", "thanks", "sorry", "dear", "hello", "hi"}

#: Verbs as they appear after a subject (base forms with -s, -ed, -ing, and common irregular pasts).
VERB_FORMS = frozenset(_IRREGULAR_VERBS).union(*(_verb_forms(v) for v in _BASE_VERBS))


# --------------------------------------------------------------------------- spelling


def allowed_edits(length: int) -> int:
    """Edits a misspelt word may be from a term word of ``length`` letters: short words stay exact."""
    return 0 if length <= SHORT_WORD else 1 if length <= 7 else 2


#: British spellings the (American) English word list spells differently: (ending, its US ending).
_UK_ENDINGS = (
    ("isation", "ization"),
    ("isations", "izations"),
    ("ise", "ize"),
    ("ises", "izes"),
    ("ised", "ized"),
    ("ising", "izing"),
    ("yse", "yze"),
    ("ysed", "yzed"),
    ("ysing", "yzing"),
    ("tre", "ter"),
    ("tres", "ters"),
    ("lled", "led"),
    ("lling", "ling"),
    ("ller", "ler"),
    ("ogue", "og"),
    ("ence", "ense"),
    ("mme", "m"),
    ("mmes", "ms"),
)


#: Where derived files that are slow to make are kept between kernels (``$AFTER_SALES_CACHE`` overrides).
CACHE_VARIABLE = "AFTER_SALES_CACHE"


def cache_folder() -> Path:
    """``$AFTER_SALES_CACHE``, else ``$XDG_CACHE_HOME/after-sales-lessons`` (``~/.cache`` by default)."""
    override = os.environ.get(CACHE_VARIABLE)
    if override:
        return Path(override).expanduser()
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "after-sales-lessons"


def _word_list_source() -> Path:
    """pyspellchecker's English list (``resources/en.json.gz``), found without importing the package."""
    spec = importlib.util.find_spec("spellchecker")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("pyspellchecker is needed for the English word list: pip install pyspellchecker")
    return Path(next(iter(spec.submodule_search_locations))) / "resources" / "en.json.gz"


def _read_word_list(source: Path) -> frozenset[str]:
    """The words of pyspellchecker's list, lower case, as ``SpellChecker(language="en")`` holds them."""
    return frozenset(word.lower() for word in json.loads(gzip.decompress(source.read_bytes()).decode("utf-8")))


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """The English word list that keeps real words from being "corrected" (loaded on first use).

    It is pyspellchecker's English word-frequency list (about 160,000 words in 0.9); pyspellchecker's
    own suggestions are not used, only the list. Reading it from the package (decompressing and
    parsing 160,000 JSON entries) takes 0.3-0.6 s, once in every kernel that marks an answer, so the
    words are also kept as plain text in :func:`cache_folder`, named after the list's size and
    modification time: the next kernel reads them in about 0.06 s. A cache that is missing, cannot
    be written, or does not hold the count its first line promises is ignored and the list read
    from the package again.
    """
    source = _word_list_source()
    stat = source.stat()
    cached = cache_folder() / f"english-words-{stat.st_size}-{stat.st_mtime_ns}.txt"
    try:
        count, _, text = cached.read_text(encoding="utf-8").partition("\n")
        words = frozenset(text.split("\n"))
        if count.isdigit() and len(words) == int(count) > 0:
            return words
    except (OSError, UnicodeDecodeError):
        pass
    words = _read_word_list(source)
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        scratch = cached.with_name(f"{cached.name}.{os.getpid()}.tmp")
        scratch.write_text(f"{len(words)}\n" + "\n".join(sorted(words)), encoding="utf-8")
        os.replace(scratch, cached)  # whole or not at all, with other kernels writing the same file
    except OSError:
        pass  # a read-only home: every kernel reads the package's list
    return words


def is_english(word: str) -> bool:
    """Is ``word`` (lower case) a correctly spelt English word, British spellings included?"""
    if word in FUNCTION_WORDS:
        return True
    words = english_words()
    if word in words:
        return True
    if word.endswith("'s") and word[:-2] in words:
        return True
    if "our" in word and word.replace("our", "or") in words:  # colour, behaviour, favourite
        return True
    return any(word.endswith(uk) and word[: -len(uk)] + us in words for uk, us in _UK_ENDINGS)


@lru_cache(maxsize=65536)
def read_as(kind: str, target: str, word: str, lenient: bool = False) -> str | None:
    """The word a misspelt ``word`` is read as for a term part (``kind`` 'word' or 'stem'), or None.

    A word is read as a term word when it is within :func:`allowed_edits` of it (an edit is a letter
    added, dropped, changed, or two neighbours swapped: "emial" is one edit from "email"), starts
    with the same letter, and is not itself a correctly spelt English word ("retail" is never read
    as "retain", "all" never as "call"). For a stem the start of the word is compared, and the
    reading keeps the learner's ending: "recomended" is read as "recommended".

    The allowance goes by the shorter of the two words, so a four-letter word stays exact, except
    for one letter left out of a five-letter word ("chek" is "check", "cals" is "calls");
    ``lenient`` goes by the term word alone, for words that can only take marks
    away (negators: "nevr" is "never").
    """
    if target.startswith("ph") and word.startswith("f") and word.isalpha() and not is_english(word):
        heard = "ph" + word[1:]  # "fone" is "phone", "fotos" is "photos"
        if heard == target or (kind == "stem" and heard.startswith(target)):
            return heard
        word = heard
    edits = allowed_edits(len(target) if lenient else min(len(target), len(word)))
    if not edits and kind == "word" and _one_letter_dropped(word, target):
        return target
    if not edits and kind == "stem" and _stem_letter_dropped(word, target):
        return target + word[len(target) - 1 :]
    if not edits or len(word) < SHORT_WORD or word[0] != target[0] or not word.isalpha():
        return None
    spelt = word
    for heard, written in SOUNDS:
        # Spelling by sound ("retenshun", "resolushon") is read with the letters the sound stands for.
        if heard in word and written in target:
            word = word.replace(heard, written)
    if kind == "word":
        # One more edit when only the vowels differ ("bisness", "valewed", "repeet"): the word sounds the same.
        # (Written with vowels where the word has them: "srvyy" is not a spelling of "survey".)
        sounds_same = _consonants(word) == _consonants(target) and _vowels(word) >= _vowels(target) - 1
        allowed = edits + 1 if len(target) > 5 and sounds_same else edits
        if abs(len(word) - len(target)) > allowed or OSA.distance(word, target, score_cutoff=allowed) > allowed:
            return None
        reading = target
    else:
        best = None
        for length in range(max(len(target) - edits, SHORT_WORD), min(len(word), len(target) + edits) + 1):
            distance = OSA.distance(word[:length], target, score_cutoff=edits)
            if distance <= edits and (best is None or distance < best[0]):
                best = (distance, length)
        if word.startswith(target):
            best = (0, len(target)) if word != spelt else None
        if best is None:
            return None
        reading = target + word[best[1] :]
    if reading == spelt or is_english(spelt):
        return None
    return reading


def _consonants(word: str) -> str:
    """A word's consonants in order, doubled ones once: "business" and "bisness" are both "bsns"."""
    out = ""
    for ch in word:
        if ch not in "aeiouwy" and not out.endswith(ch):
            out += ch
    return out


def _vowels(word: str) -> int:
    return sum(1 for ch in word if ch in "aeiou")


def _one_letter_dropped(word: str, target: str) -> bool:
    """A four-letter word that is a five-letter term word with one letter left out ("chek", "evry",
    "staf"), and not itself an English word: the commonest slip in short words. Any other change
    to a short word stays a different word ("all" is never "call", "cost" never "coat")."""
    if len(word) != SHORT_WORD or len(target) != SHORT_WORD + 1 or word[0] != target[0] or not word.isalpha():
        return False
    if not any(target[:i] + target[i + 1 :] == word for i in range(1, len(target))):
        return False
    return not is_english(word)


def _stem_letter_dropped(word: str, stem: str) -> bool:
    """A four-letter word that is a short stem with one letter left out, then its ending: "cals" for
    "call*" ("cal" + "s"). Only for stems of four or five letters, and never an English word."""
    if len(word) != SHORT_WORD or not (SHORT_WORD <= len(stem) <= SHORT_WORD + 1) or word[0] != stem[0]:
        return False
    if not word.isalpha() or word.startswith(stem):
        return False
    dropped = {stem[:i] + stem[i + 1 :] for i in range(1, len(stem))}
    return any(word.startswith(d) and len(word) - len(d) <= 1 for d in dropped) and not is_english(word)


def same_word(word: str, target: str, lenient: bool = False) -> bool:
    """``word`` is ``target``, or a misspelling of it (see :func:`read_as`): "becuase" is "because"."""
    return word == target or (
        len(target) > SHORT_WORD and word[:1] == target[:1] and read_as("word", target, word, lenient) is not None
    )


_CONNECTIVES_BY_FIRST: dict[str, list[tuple[str, ...]]] = {}
for _phrase in CONNECTIVES:
    _CONNECTIVES_BY_FIRST.setdefault(_phrase[0], []).append(_phrase)
_LONG_FIRST_WORDS = tuple(w for w in _CONNECTIVES_BY_FIRST if len(w) > SHORT_WORD)


#: Words that give a consequence only when they start a sentence: "... good reviews. Then more people come."
START_CONNECTIVES = frozenset({"then", "afterwards"})


def has_connective(words: Sequence[str], at_start: bool = False) -> bool:
    """Is there a reason connective in ``words`` (or at their start), misspelt or not?"""
    if at_start and words and words[0] in START_CONNECTIVES:
        return True
    for i in range(min(len(words), 1) if at_start else len(words)):
        word = words[i]
        firsts = [word] if word in _CONNECTIVES_BY_FIRST else [t for t in _LONG_FIRST_WORDS if same_word(word, t)]
        for first in firsts:
            for phrase in _CONNECTIVES_BY_FIRST[first]:
                rest = words[i + 1 : i + len(phrase)]
                if len(rest) == len(phrase) - 1 and all(same_word(w, t) for w, t in zip(rest, phrase[1:])):
                    return True
    return False


def is_negator(word: str) -> bool:
    """A negating word, also as learners type it: "dont", "didnt", "nevr", "witout"."""
    if word in NEGATORS or word.endswith("n't") or word in BARE_NEGATORS:
        return True
    return any(same_word(word, n, lenient=True) for n in BARE_NEGATORS if len(n) > SHORT_WORD)


def subject_then_verb(words: Sequence[str]) -> bool:
    """Does a clause have a subject followed by a verb ("Customers come back", "Staff fixed it")?"""
    for a, b in zip(words, words[1:]):
        if (a in SUBJECTS or any(same_word(a, s) for s in SUBJECTS if len(s) > SHORT_WORD)) and b in VERB_FORMS:
            return True
    return False
