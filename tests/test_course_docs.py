"""The glossary covers the course's terms and every notebook points to it; course.py behaves."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = (ROOT / "GLOSSARY.md").read_text(encoding="utf-8")
# The terms ../shared/course-outline.md and the glossary issue name explicitly.
OUTLINE_TERMS = [
    "sample", "feature", "feature vector", "label", "training set", "validation set", "test set",
    "model", "architecture", "parameter", "weight", "bias", "hyperparameter", "epoch", "batch",
    "batch size", "iteration", "loss", "gradient", "gradient descent", "learning rate",
    "activation function", "convergence", "overfitting", "underfitting", "inference",
    "fine-tuning", "pre-training", "instruction tuning", "perceptron", "tensor", "sigmoid",
    "tanh", "ReLU", "Leaky ReLU", "GELU", "Swish", "softmax", "logits", "cross-entropy",
    "sparse categorical cross-entropy", "mean squared error", "mean absolute error", "Huber loss",
    "momentum", "RMSprop", "Adam", "early stopping", "checkpoint", "dropout", "gradient clipping",
    "vanishing gradients", "exploding gradients", "dead ReLU", "confusion matrix", "ONNX",
]  # fmt: skip


def glossary_rows() -> dict[str, tuple[str, str]]:
    rows = {}
    for line in GLOSSARY.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[0] not in ("English", "---"):
            rows[cells[0]] = (cells[1], cells[2])
    return rows


def test_every_outline_term_is_in_the_glossary():
    english = " ; ".join(glossary_rows()).lower()
    missing = [t for t in OUTLINE_TERMS if not re.search(rf"\b{re.escape(t.lower())}\b", english)]
    assert not missing, f"GLOSSARY.md lacks {missing}"


def test_every_glossary_row_has_chinese_and_a_meaning():
    rows = glossary_rows()
    assert len(rows) >= 100
    for term, (chinese, meaning) in rows.items():
        assert re.search(r"[\u4e00-\u9fff]", chinese), f"{term}: no Chinese term"
        assert len(meaning) > 15 and meaning.endswith("."), f"{term}: no one-line meaning"


@pytest.mark.parametrize("path", sorted((ROOT / "notebooks").glob("*.ipynb")), ids=lambda p: p.name)
def test_every_notebook_links_the_glossary(path):
    assert "../GLOSSARY.md" in path.read_text(encoding="utf-8")
