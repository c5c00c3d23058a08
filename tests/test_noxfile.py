"""The tests session's choice of Pythons, and its warning when some are missing."""

from __future__ import annotations

import noxfile


def test_all_wanted_pythons_found() -> None:
    assert noxfile.select_pythons(["3.10", "3.13"], lambda version: True) == (["3.10", "3.13"], [])
    assert noxfile.missing_pythons_warning([], ["3.10", "3.13"], "3.11") is None


def test_some_pythons_missing() -> None:
    found, missing = noxfile.select_pythons(["3.10", "3.13"], lambda version: version == "3.13")
    assert (found, missing) == (["3.13"], ["3.10"])
    warning = noxfile.missing_pythons_warning(missing, found, "3.11")
    assert warning is not None and warning.startswith("WARNING: Python 3.10 not found")
    assert "run on 3.13" in warning


def test_no_wanted_python_falls_back_to_the_running_one() -> None:
    found, missing = noxfile.select_pythons(["3.10", "3.13"], lambda version: False)
    assert (found, missing) == (None, ["3.10", "3.13"])
    warning = noxfile.missing_pythons_warning(missing, found, "3.11")
    assert warning is not None
    assert "Python 3.10, 3.13 not found" in warning and "only the running interpreter (3.11)" in warning
