"""Self-checks for every notebook's exercises: ✓ or ✗ with a hint, never the answer itself.

In a notebook::

    cu.self_check("00-sevens", my_count)

prints ``✓ Correct: …`` or ``✗ Not yet. Hint: …``. The solutions call it with
``strict=True``, so a solution that stops being right fails the test run.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from numbers import Number

from course_utils import validate


@dataclass(frozen=True)
class Question:
    """One self-check: the expected answer, how close is close enough, and a hint."""

    expected: object
    hint: str
    tolerance: float = 0.0
    praise: str = "well done."


QUESTIONS: dict[str, Question] = {
    "00-sevens": Question(1028, "compare y_test with 7 and count the True values (np.sum)."),
    "00-first-sevens": Question(
        99, "compare y_test[:1000] with 7 and count the True values (np.sum)."
    ),
    "00-white-share": Question(
        0.807,
        "(x_train == 0) is True for white pixels; the mean of a boolean array is a share.",
        tolerance=0.005,
    ),
    "01-nand-epochs": Question(
        9, "count the epochs train_perceptron ran: len(errors), the last one without a mistake."
    ),
    "02-mnist-iterations": Question(
        1875, "iterations per epoch = samples ÷ batch size, rounded up."
    ),
    "03-params": Question(
        235_146, "each dense layer has inputs × outputs weights plus one bias per output."
    ),
    "04-optimizer-bytes": Question(
        814_172,
        "add up v.numpy().nbytes over model.optimizer.variables: Adam keeps two float32 numbers "
        "per parameter, plus a step counter and its learning rate.",
        tolerance=12,
    ),
    "05-shrink-per-layer": Question(
        4.6,
        "build the sigmoid network with 2 and with 8 hidden layers (seed 42 before each, the "
        "256 validation digits of section 3), take the first-layer gradient norm of each; "
        "the factor per extra layer is (norm with 2 / norm with 8) ** (1 / 6).",
        tolerance=0.35,
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
    "10-freeze-conv1-trainable": Question(
        8645,
        "conv2 (3·3·16 weights per filter, 32 filters, plus 32 biases) and the 5-class head "
        "(800·5 weights + 5 biases) learn; conv1 does not.",
    ),
}


def _wants_number(question: Question) -> bool:
    return isinstance(question.expected, Number) and not isinstance(question.expected, bool)


def _matches(answer: object, question: Question) -> bool:
    expected = question.expected
    if _wants_number(question):
        try:
            value = validate.number("answer", answer)
        except (TypeError, ValueError):
            return False
        return math.isfinite(value) and abs(value - float(expected)) <= question.tolerance
    if isinstance(expected, str):
        return isinstance(answer, str) and answer.strip().lower() == expected.lower()
    try:
        return bool(answer == expected)
    except (TypeError, ValueError):  # e.g. an array compared with a tuple
        return False


def _type_note(answer: object, question: Question) -> str:
    """A word on the answer's type when it cannot be right whatever its value."""
    if answer is None:
        return ""
    if _wants_number(question) and not validate.is_number(answer):
        return f" The answer should be a number, got {validate.describe(answer)}."
    if isinstance(question.expected, str) and not isinstance(answer, str):
        return f" The answer should be a string, got {validate.describe(answer)}."
    return ""


def self_check(question_id: str, answer: object, *, strict: bool = False) -> None:
    """Check a learner's answer to an exercise and print ✓ or ✗ with a hint.

    Args:
        question_id: the id the exercise gives, e.g. ``"00-sevens"``.
        answer: the learner's answer (a number, a string, ...). ``None`` means "not yet".
            Numbers count as right within the question's tolerance.
        strict: raise instead of printing ✗ (used by the solutions, which tests run).

    Raises:
        TypeError: if ``question_id`` is not a string or ``strict`` not True/False.
        KeyError: if ``question_id`` is not a known question (the message lists them).
        AssertionError: with ``strict=True``, if the answer is not right.
    """
    validate.text("question_id", question_id)
    validate.flag("strict", strict)
    if question_id not in QUESTIONS:
        known = ", ".join(sorted(QUESTIONS))
        raise KeyError(f"question_id {question_id!r} is not a known self-check; known: {known}")
    question = QUESTIONS[question_id]
    if answer is not None and _matches(answer, question):
        print(f"✓ Correct: {question.praise}")
        return
    start = "… No answer yet" if answer is None else "✗ Not yet"
    message = f"{start}.{_type_note(answer, question)} Hint: {question.hint}"
    if strict:
        raise AssertionError(f"self-check {question_id}: {message}")
    print(message)
