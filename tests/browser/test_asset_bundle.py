"""The app's scripts run as one bundle (dashboard/asset_bundle.py): a script that fails must still
leave the others running, as it did when each was a file of its own."""
from __future__ import annotations

import pytest

from dashboard import asset_bundle

pytestmark = pytest.mark.browser


def test_a_failing_script_leaves_the_others_running(browser, tmp_path):
    (tmp_path / "a.js").write_text("(function () { window.ran = ['a']; })();\n")
    (tmp_path / "b.js").write_text("(function () { window.ran.push('b'); null.boom; })();\n")
    (tmp_path / "c.js").write_text("(function () { 'use strict'; window.ran.push('c'); })();\n")
    body = asset_bundle.bundle("js", (("a.js", "0"), ("b.js", "0"), ("c.js", "0")), str(tmp_path))
    page = browser.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.set_content("<html><body></body></html>")
    page.add_script_tag(content=body.bodies["identity"].decode())
    page.wait_for_timeout(50)  # the error is rethrown in a task of its own
    assert page.evaluate("window.ran") == ["a", "b", "c"]
    assert len(errors) == 1 and "null" in errors[0], "the failing script's error is still reported"
    page.close()
