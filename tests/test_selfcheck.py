"""course_utils.selfcheck: ✓ or ✗ with a hint, never the answer."""

import pytest

from course_utils.selfcheck import QUESTIONS, Question, self_check


def test_right_wrong_and_missing_answers(capsys):
    assert self_check("00-sevens", 1028) is True
    assert "✓" in capsys.readouterr().out
    assert self_check("00-sevens", 1027) is False
    out = capsys.readouterr().out
    assert out.startswith("✗") and "Hint" in out and "1028" not in out
    assert self_check("00-sevens", None) is False
    assert "No answer yet" in capsys.readouterr().out
    assert self_check("00-sevens", "many") is False


def test_numbers_within_tolerance(monkeypatch):
    monkeypatch.setitem(QUESTIONS, "t-num", Question(0.5, "hint", tolerance=0.01))
    monkeypatch.setitem(QUESTIONS, "t-str", Question("Adam", "hint"))
    assert self_check("t-num", 0.505) and not self_check("t-num", 0.52)
    assert not self_check("t-num", float("nan"))
    assert self_check("t-str", " adam ") and not self_check("t-str", "sgd")


def test_unknown_question_lists_the_known_ones():
    with pytest.raises(KeyError, match="not a known self-check; known: .*00-sevens"):
        self_check("99-nothing", 1)


def test_no_hint_gives_the_answer_away():
    for question_id, question in QUESTIONS.items():
        assert str(question.expected) not in question.hint, question_id
