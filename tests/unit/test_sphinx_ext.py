from types import SimpleNamespace

from coproduction.sphinx_ext import dedupe_scripts


def _js(filename, **attributes):
    return SimpleNamespace(filename=filename, attributes=attributes)


def test_identical_inline_scripts_are_kept_once_whatever_their_empty_filename():
    a = _js(None, body="const THEBE_JS_URL = 1")
    b = _js("", body="const THEBE_JS_URL = 1")
    c = _js("_static/x.js")
    assert dedupe_scripts([a, c, b]) == [a, c]


def test_different_scripts_are_all_kept_in_order():
    scripts = [_js("a.js"), _js("a.js", defer="defer"), _js(None, body="x"), _js(None, body="y")]
    assert dedupe_scripts(scripts) == scripts
