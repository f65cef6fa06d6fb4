"""Test settings: fast mode, no windows for plots, and no network for any test."""

import os
import socket

import pytest
from browser_helpers import browser, lab, lab_zh  # noqa: E402, F401  (browser tests' fixtures)

import course_utils  # noqa: F401  (first, as in a notebook: it sets TensorFlow's quiet mode)

# Set before any notebook kernel starts: kernels inherit this process' environment.
os.environ.setdefault("COURSE_FAST", "1")
os.environ.setdefault("MPLBACKEND", "Agg")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")


@pytest.fixture(autouse=True)
def no_network(monkeypatch, request):
    """Make any attempt to open an internet connection fail the unit test at once."""
    if request.node.get_closest_marker("allow_loopback") is None:

        def refuse(address, *args, **kwargs):
            raise AssertionError(f"a test tried to reach the network: {address}")

        monkeypatch.setattr(socket, "create_connection", refuse)
