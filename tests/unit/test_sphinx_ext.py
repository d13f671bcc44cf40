from types import SimpleNamespace

from coproduction.book.sphinx_ext import dedupe_scripts


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


def _fake_app(root, doctrees, cache):
    from types import SimpleNamespace

    env = SimpleNamespace(
        found_docs={"intro", "back/case-ipoa", "front/how-to-use"},
        mystnb_config=SimpleNamespace(execution_cache_path=str(cache)),
    )
    app = SimpleNamespace(
        srcdir=str(root),
        doctreedir=str(doctrees),
        outdir=str(root / "_build" / "html"),
        builder=SimpleNamespace(format="html"),
        env=env,
    )
    return app, env


def _tree(tmp_path):
    root = tmp_path / "book"
    (root / "src" / "coproduction" / "case_data" / "ipoa").mkdir(parents=True)
    (root / "src" / "coproduction").mkdir(parents=True, exist_ok=True)
    (root / "src" / "coproduction" / "case_data" / "ipoa" / "case.yaml").write_text("id: ipoa\n")
    (root / "src" / "coproduction" / "x.py").write_text("X = 1\n")
    (root / "intro.md").write_text("# Intro\n")
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "global.db").write_text("cached outputs")
    return root, tmp_path / "doctrees", cache


def test_changed_case_data_clears_the_execution_cache_and_rereads_every_page(tmp_path):
    from coproduction.book import sphinx_ext

    root, doctrees, cache = _tree(tmp_path)
    app, env = _fake_app(root, doctrees, cache)

    # First build: no stamp yet, so every page is re-read and the cache cleared.
    assert sphinx_ext._on_env_get_outdated(app, env, set(), set(), set()) == sorted(env.found_docs)
    assert not cache.exists()
    sphinx_ext._on_build_finished(app, None)

    # Nothing changed: nothing extra to re-read, and the cache is kept.
    cache.mkdir()
    assert sphinx_ext._on_env_get_outdated(app, env, set(), set(), set()) == []
    assert cache.exists()
    sphinx_ext._on_build_finished(app, None)

    # A prose-only change elsewhere does not count; a data change does.
    (root / "intro.md").write_text("# Intro, edited\n")
    assert sphinx_ext._on_env_get_outdated(app, env, set(), set(), set()) == []
    (root / "src" / "coproduction" / "case_data" / "ipoa" / "case.yaml").write_text(
        "id: ipoa  # edited\n"
    )
    assert sphinx_ext._on_env_get_outdated(app, env, set(), set(), set()) == sorted(env.found_docs)
    assert not cache.exists()


def test_a_cache_filled_in_parallel_under_the_current_inputs_is_kept(tmp_path):
    from coproduction.book import sphinx_ext
    from coproduction.book.build import check_inputs

    root, doctrees, cache = _tree(tmp_path)
    app, env = _fake_app(root, doctrees, cache)
    sphinx_ext._on_env_get_outdated(app, env, set(), set(), set())
    sphinx_ext._on_build_finished(app, None)

    # The data change; the parallel step clears the cache and refills it under the new
    # inputs; the build then re-reads every page but keeps that fresh cache.
    (root / "src" / "coproduction" / "case_data" / "ipoa" / "case.yaml").write_text(
        "id: ipoa  # edited\n"
    )
    cache.mkdir(exist_ok=True)
    (cache / "global.db").write_text("stale outputs")
    assert check_inputs(root, cache) is True
    (cache / "global.db").write_text("fresh outputs")
    assert sphinx_ext._on_env_get_outdated(app, env, set(), set(), set()) == sorted(env.found_docs)
    assert (cache / "global.db").read_text() == "fresh outputs"
    sphinx_ext._on_build_finished(app, None)
    assert check_inputs(root, cache) is False, "the build records the inputs beside the cache"


def test_failed_build_does_not_record_the_inputs_as_built(tmp_path):
    from coproduction.book import sphinx_ext

    root, doctrees, cache = _tree(tmp_path)
    app, env = _fake_app(root, doctrees, cache)
    sphinx_ext._on_env_get_outdated(app, env, set(), set(), set())
    sphinx_ext._on_build_finished(app, RuntimeError("a cell failed"))
    assert sphinx_ext._on_env_get_outdated(app, env, set(), set(), set()) == sorted(env.found_docs)


def test_package_code_changes_the_digest(tmp_path):
    from coproduction.book.sphinx_ext import inputs_digest

    root, _, _ = _tree(tmp_path)
    before = inputs_digest(root)
    (root / "src" / "coproduction" / "x.py").write_text("X = 2\n")
    assert inputs_digest(root) != before


def test_executed_notebooks_are_copied_beside_the_page_sources(tmp_path):
    from coproduction.book.sphinx_ext import copy_executed_notebooks

    executed = tmp_path / "jupyter_execute"
    (executed / "chapters").mkdir(parents=True)
    (executed / "chapters" / "05-assemblage.ipynb").write_text("{}")
    (executed / "chapters" / "05-assemblage.glue.json").write_text("{}")
    sources = tmp_path / "html" / "_sources"
    copied = copy_executed_notebooks(executed, sources)
    assert copied == [sources / "chapters" / "05-assemblage.ipynb"]
    assert copied[0].read_text() == "{}"


def test_a_widget_front_end_is_an_input_of_executed_pages(tmp_path):
    """Pages embed a widget's JavaScript and CSS in their saved state."""
    from coproduction.book.sphinx_ext import inputs_digest

    root, _, _ = _tree(tmp_path)
    before = inputs_digest(root)
    (root / "src" / "coproduction" / "widget.css").write_text(".cpi { color: inherit; }\n")
    after_css = inputs_digest(root)
    (root / "src" / "coproduction" / "widget.js").write_text("export default {};\n")
    assert len({before, after_css, inputs_digest(root)}) == 3
