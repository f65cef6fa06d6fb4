"""Tools for developers and teachers; notebooks never import these.

- :mod:`course_utils.tools.bench`: ``python3 course.py bench`` (the quickstart recipe vs the
  course recipe, timed);
- :mod:`course_utils.tools.notebooks`: the notebook executor (``course.py execute``) and the
  learner handouts without solutions (``course.py handout``).
"""
