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


def test_bad_arguments_are_named():
    with pytest.raises(TypeError, match="question_id must be a string, got int 0"):
        self_check(0, 1028)
    with pytest.raises(ValueError, match="question_id must be a non-empty string"):
        self_check(" ", 1028)
    with pytest.raises(TypeError, match="strict must be True or False, got str 'yes'"):
        self_check("00-sevens", 1028, strict="yes")


def test_an_answer_of_the_wrong_type_gets_a_note(capsys, monkeypatch):
    import numpy as np

    self_check("00-sevens", "1028")
    out = capsys.readouterr().out
    assert out.startswith("✗ Not yet") and "should be a number, got str '1028'" in out
    self_check("00-sevens", len)  # forgot to call it
    assert "should be a number, got builtin_function_or_method" in capsys.readouterr().out
    self_check("00-sevens", np.int64(1028))
    assert capsys.readouterr().out.startswith("✓")
    monkeypatch.setitem(QUESTIONS, "t-str", Question("adam", "hint"))
    self_check("t-str", 3)
    assert "should be a string, got int 3" in capsys.readouterr().out


def test_an_array_answer_to_a_non_number_question_is_just_wrong(monkeypatch):
    import numpy as np

    monkeypatch.setitem(QUESTIONS, "t-tuple", Question((1, 2), "hint"))
    assert right("t-tuple", (1, 2))
    assert not right("t-tuple", np.array([1, 2, 3]))  # no "truth value is ambiguous"
