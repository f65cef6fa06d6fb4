"""Tools for developers and teachers; notebooks never import these.

- :mod:`course_utils.tools.bench`: ``python3 course.py bench`` (the quickstart recipe vs the
  course recipe, timed);
- :mod:`course_utils.tools.notebooks`: the notebook executor (``course.py execute``) and the
  learner handouts without solutions (``course.py handout``);
- :mod:`course_utils.tools.stored_runs`: the stamp ``course.py execute`` stores in each notebook
  (mode, versions, a hash of each code cell) and its reader (``tests/test_stored_runs.py``);
- :mod:`course_utils.tools.translate`: ``course.py translate``, the Chinese edition
  (``notebooks-zh/`` generated from ``notebooks/`` and ``translations/zh/``) and the checks of
  ``tests/test_translations.py``;
- :mod:`course_utils.tools.verify`: ``course.py verify``, the full-mode and sabotage re-runs on
  scratch copies.
"""
