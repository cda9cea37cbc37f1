"""Item-writing rules for the question bank (after the NBME's guide): a single best answer among
options homogeneous in length and form, so that no cue but knowledge points to it."""
import re

import pytest

# Single-answer questions give away their answer when the right option is, far more often than
# the one in four that chance gives, the longest (or, overcorrected, the shortest) option.
MAX_SHARE = 0.30
HEDGES = re.compile(r"\b(usually|may|might|(?<!how )(?<!more )(?<!less )often|likely|probably|"
                    r"possibly|perhaps|sometimes|tends? to|mostly|mainly|generally|typically)\b",
                    re.I)


@pytest.fixture(scope="module")
def single_answer(kb):
    return [q for q in kb.questions.values() if q.type == "multiple_choice"]


def right_and_others(q):
    right = next(a["answer"] for a in q.answers if a["correct"])
    return right, [a["answer"] for a in q.answers if not a["correct"]]


def test_the_right_option_is_seldom_the_longest(single_answer):
    longest = [q.id for q in single_answer
               if len(right_and_others(q)[0]) > max(map(len, right_and_others(q)[1]))]
    share = len(longest) / len(single_answer)
    assert share <= MAX_SHARE, (f"the right option is the strictly longest in {len(longest)} of "
                                f"{len(single_answer)} questions ({share:.0%}): {longest}")


def test_the_right_option_is_seldom_the_shortest(single_answer):
    shortest = [q.id for q in single_answer
                if len(right_and_others(q)[0]) < min(map(len, right_and_others(q)[1]))]
    share = len(shortest) / len(single_answer)
    assert share <= MAX_SHARE, (f"the right option is the strictly shortest in {len(shortest)} of "
                                f"{len(single_answer)} questions ({share:.0%}): {shortest}")


def test_no_hedge_marks_the_right_option_alone(single_answer):
    """'usually', 'may', 'often' only in the right option cue it: a careful distractor hedges too."""
    cued = [q.id for q in single_answer if HEDGES.search(right_and_others(q)[0])
            and not any(HEDGES.search(other) for other in right_and_others(q)[1])]
    assert not cued, f"a hedge word in the right option only: {cued}"


def test_no_all_or_none_of_the_above(kb):
    found = [q.id for q in kb.questions.values() for a in q.answers
             if re.search(r"\b(all|none|both) of the (above|options)\b", str(a.get("answer", "")), re.I)]
    assert not found, f"'all/none of the above' options: {found}"


def test_crippled_is_named_as_the_odi_s_dated_label(kb):
    """The ODI's band 'crippled' is a dated word: a question that uses it says so."""
    for q in kb.questions.values():
        texts = [q.question, q.explanation, *(str(v) for a in q.answers for v in a.values())]
        for text in texts:
            for m in re.finditer(r"crippled", text, re.I):
                around = text[max(0, m.start() - 120):m.end() + 120]
                assert re.search(r"dated", around, re.I), f"{q.id}: '{around}'"
