"""course_utils.selfcheck: ✓ or ✗ with a hint, never the answer."""

import pytest

from course_utils.selfcheck import QUESTIONS, Question, self_check


def test_right_wrong_and_missing_answers(capsys):
    self_check("00-sevens", 1028)
    assert capsys.readouterr().out.startswith("✓ Correct")
    self_check("00-sevens", 1027)
    out = capsys.readouterr().out
    assert out.startswith("✗") and "Hint" in out and "1028" not in out
    self_check("00-sevens", None)
    assert "No answer yet" in capsys.readouterr().out
    self_check("00-sevens", "many")
    assert capsys.readouterr().out.startswith("✗")


def right(question_id, answer) -> bool:
    try:
        self_check(question_id, answer, strict=True)
    except AssertionError:
        return False
    return True


def test_strict_mode_raises_for_wrong_answers():
    with pytest.raises(AssertionError, match="self-check 00-sevens: ✗ Not yet"):
        self_check("00-sevens", 7, strict=True)
    with pytest.raises(AssertionError, match="No answer yet"):
        self_check("00-sevens", None, strict=True)


def test_numbers_within_tolerance(monkeypatch):
    monkeypatch.setitem(QUESTIONS, "t-num", Question(0.5, "hint", tolerance=0.01))
    monkeypatch.setitem(QUESTIONS, "t-str", Question("Adam", "hint"))
    assert right("t-num", 0.505) and not right("t-num", 0.52)
    assert not right("t-num", float("nan"))
    assert right("t-str", " adam ") and not right("t-str", "sgd")


def test_unknown_question_lists_the_known_ones():
    with pytest.raises(KeyError, match="not a known self-check; known: .*00-sevens"):
        self_check("99-nothing", 1)


def test_no_hint_gives_the_answer_away():
    for question_id, question in QUESTIONS.items():
        assert str(question.expected) not in question.hint, question_id
