"""Self-checks for exercises: tell the learner ✓ or ✗ with a hint, never the answer itself.

In a notebook::

    cu.self_check("00-sevens", my_count)

prints ``✓ Correct: …`` or ``✗ Not yet. Hint: …``. The solutions call it with
``strict=True``, so a solution that stops being right fails the test run.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from numbers import Number


@dataclass(frozen=True)
class Question:
    """One self-check: the expected answer, how close is close enough, and a hint."""

    expected: object
    hint: str
    tolerance: float = 0.0
    praise: str = "well done."


QUESTIONS: dict[str, Question] = {
    "00-sevens": Question(1028, "compare y_test with 7 and count the True values (np.sum)."),
    "00-white-share": Question(
        0.807,
        "(x_train == 0) is True for white pixels; the mean of a boolean array is a share.",
        tolerance=0.005,
    ),
    "01-nand-epochs": Question(9, "train_perceptron returns a result whose .epochs says it."),
    "02-mnist-iterations": Question(
        1875, "iterations per epoch = samples ÷ batch size, rounded up."
    ),
    "03-params": Question(
        235_146, "each dense layer has inputs × outputs weights plus one bias per output."
    ),
    "04-weight-bytes": Question(
        407_080, "count_params() gives the parameters; float32 takes 4 bytes each."
    ),
    "05-sigmoid-stack": Question(
        0.25**5,
        "each sigmoid layer multiplies the gradient by at most 0.25; five layers do it five times.",
        tolerance=1e-7,
    ),
    "06-wrong-no": Question(
        1.6094,
        "the loss is -log of the probability given to the TRUE class (natural log).",
        tolerance=5e-4,
    ),
    "07-cosine-lr": Question(
        0.0015,
        "put epoch = 5 into 0.003 · ½(1 + cos(π·epoch/10)); cos(π/2) = 0.",
        tolerance=1e-7,
    ),
    "08-patience-stop": Question(
        14,
        "patience counts the epochs without a new best; training stops when that count "
        "reaches patience (no restart of the count after epoch 12).",
    ),
    "09-70b-gigabytes": Question(
        140, "parameters × 2 bytes in bfloat16, then ÷ 1e9 for gigabytes.", tolerance=0.5
    ),
    "10-labelled-digits": Question(
        100, "the small labelled set has the same number of digits for each of the classes 5-9."
    ),
}


def _matches(answer: object, question: Question) -> bool:
    expected = question.expected
    if isinstance(expected, Number) and not isinstance(expected, bool):
        try:
            value = float(answer)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return False
        return math.isfinite(value) and abs(value - float(expected)) <= question.tolerance
    if isinstance(expected, str):
        return isinstance(answer, str) and answer.strip().lower() == expected.lower()
    return answer == expected


def self_check(question_id: str, answer: object, *, strict: bool = False) -> None:
    """Check a learner's answer to an exercise and print ✓ or ✗ with a hint.

    Args:
        question_id: the id the exercise gives, e.g. ``"00-sevens"``.
        answer: the learner's answer (a number, a string, ...). ``None`` means "not yet".
            Numbers count as right within the question's tolerance.
        strict: raise instead of printing ✗ (used by the solutions, which tests run).

    Raises:
        KeyError: if ``question_id`` is not a known question (the message lists them).
        AssertionError: with ``strict=True``, if the answer is not right.
    """
    if question_id not in QUESTIONS:
        known = ", ".join(sorted(QUESTIONS))
        raise KeyError(f"question_id {question_id!r} is not a known self-check; known: {known}")
    question = QUESTIONS[question_id]
    if answer is not None and _matches(answer, question):
        print(f"✓ Correct: {question.praise}")
        return
    message = f"{'… No answer yet' if answer is None else '✗ Not yet'}. Hint: {question.hint}"
    if strict:
        raise AssertionError(f"self-check {question_id}: {message}")
    print(message)
