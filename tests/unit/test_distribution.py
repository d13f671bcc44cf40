"""The pieces that let the package and the book's notebooks work outside a clone."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
import yaml
from IPython.core.inputtransformer2 import TransformerManager

from coproduction.book.downloads import SETUP_TAG, add_setup_cell, setup_source, wheel_name
from coproduction.book.sphinx_ext import launch_buttons_follow_repository, offer_wheel
from coproduction.resources import copy_example, example, packaged

ROOT = Path(__file__).resolve().parents[2]
DATA_FILES = sorted(packaged().rglob("*.yaml")) + [ROOT / "_config.yml", ROOT / "_toc.yml"]


def test_the_package_data_is_where_the_package_is():
    assert packaged("case_data", "frameworks", "modes.yaml").is_file()
    assert len(list(packaged("exercises", "bank").glob("chapter-*.yaml"))) == 7
    assert len(DATA_FILES) > 30


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_yaml_file_reads_the_same_with_the_pure_python_and_the_libyaml_parser(path):
    text = path.read_text(encoding="utf-8")
    pure = yaml.load(text, Loader=yaml.SafeLoader)
    assert pure is not None
    if hasattr(yaml, "CSafeLoader"):
        assert yaml.load(text, Loader=yaml.CSafeLoader) == pure


def test_a_missing_data_file_names_the_fix():
    with pytest.raises(FileNotFoundError, match="reinstall"):
        packaged("case_data", "no-such-file.yaml")


def test_copying_an_example_never_writes_over_work(tmp_path):
    target = copy_example("library-at-home", tmp_path / "my-case")
    assert (target / "case.yaml").read_text() == (
        example("library-at-home") / "case.yaml"
    ).read_text()
    (target / "case.yaml").write_text("id: my-case\n")
    with pytest.raises(FileExistsError, match="already exists"):
        copy_example("library-at-home", target)
    assert (target / "case.yaml").read_text() == "id: my-case\n"
    with pytest.raises(ValueError, match="library-at-home"):
        example("nothing")


def test_the_cases_command_copies_the_example_case(tmp_path, capsys):
    from coproduction.cases.__main__ import main

    assert main(["example", str(tmp_path / "mine")]) == 0
    assert main(["check", str(tmp_path / "mine")]) == 0
    assert main(["example", str(tmp_path / "mine")]) == 2
    assert "already exists" in capsys.readouterr().err


class RecordingShell:
    """Stands in for IPython: records the line magics a cell runs."""

    def __init__(self):
        self.calls: list[tuple[str, str]] = []

    def run_line_magic(self, name, line, _stack_depth=1):
        self.calls.append((name, line))


NO_PACKAGE = type("Finder", (), {"find_spec": staticmethod(lambda name: None)})


def _python(cell_source: str) -> str:
    """The cell as IPython runs it (the %pip line becomes a call)."""
    return TransformerManager().transform_cell(cell_source)


@pytest.mark.parametrize("base", ["", "https://example.org/book/"])
def test_the_set_up_cell_is_valid_ipython(base):
    source = setup_source(wheel_name(), base)
    compile(_python(source), "setup", "exec")
    assert "run_line_magic('pip'" in _python(source)
    if base:
        assert f'"https://example.org/book/{wheel_name()}"' in source
    else:
        assert "_source = str(_wheels[-1]) if _wheels else None" in source


def test_the_set_up_cell_installs_only_when_the_package_is_missing(tmp_path):
    shell = RecordingShell()
    calls = shell.calls
    code = _python(setup_source(wheel_name())).replace("get_ipython()", "shell")
    exec(code, {"shell": shell})  # coproduction is importable here: nothing happens
    assert calls == []
    import importlib.util

    code_missing = code.replace("importlib.util.find_spec", "fake.find_spec")
    (tmp_path / wheel_name()).write_bytes(b"")
    import os

    here = os.getcwd()
    os.chdir(tmp_path)
    try:
        exec(code_missing, {"shell": shell, "fake": NO_PACKAGE})
        with pytest.raises(ModuleNotFoundError, match="download menu"):
            (tmp_path / wheel_name()).unlink()
            exec(code_missing, {"shell": shell, "fake": NO_PACKAGE})
    finally:
        os.chdir(here)
    assert calls == [("pip", 'install --quiet "{_source}"')]
    assert importlib.util.find_spec("coproduction") is not None


def test_the_set_up_cell_goes_after_the_title_once(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# A chapter"), nbformat.v4.new_code_cell("1 + 1")]
    path = tmp_path / "page.ipynb"
    nbformat.write(nb, path)
    assert add_setup_cell(path, wheel_name())
    assert not add_setup_cell(path, wheel_name())
    cells = nbformat.read(path, as_version=4).cells
    assert [c.cell_type for c in cells] == ["markdown", "code", "code"]
    assert SETUP_TAG in cells[1].metadata["tags"] and cells[2].source == "1 + 1"
    nbformat.validate(nbformat.read(path, as_version=4))


def test_launch_buttons_appear_only_with_a_repository_address():
    buttons = {"binderhub_url": "https://mybinder.org", "notebook_interface": "jupyterlab"}
    unset = {"repository_url": "", "launch_buttons": dict(buttons)}
    launch_buttons_follow_repository(unset)
    assert "launch_buttons" not in unset
    published = {"repository_url": "https://github.com/a/b", "launch_buttons": dict(buttons)}
    launch_buttons_follow_repository(published)
    assert published["launch_buttons"] == buttons


def test_the_config_names_binder_behind_the_repository_setting():
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    assert config["launch_buttons"]["binderhub_url"]
    assert config["repository"]["url"] == ""
    assert (ROOT / "binder" / "postBuild").stat().st_mode & 0o111


def test_notebook_pages_offer_the_wheel_in_their_download_menu():
    menu = {"label": "download-buttons", "buttons": [{"label": "download-notebook-button"}]}
    context = {"ipynb_source": "chapters/a.ipynb", "header_buttons": [menu]}
    offer_wheel(context, "../" + wheel_name())
    labels = [b["label"] for b in menu["buttons"]]
    assert labels == ["download-notebook-button", "download-package-button"]
    assert menu["buttons"][1]["url"] == "../" + wheel_name()
    text_page = {"header_buttons": [{"label": "download-buttons", "buttons": []}]}
    offer_wheel(text_page, wheel_name())
    assert text_page["header_buttons"][0]["buttons"] == []


def test_in_the_browser_the_set_up_cell_installs_from_the_sites_own_index(tmp_path):
    shell = RecordingShell()
    calls = shell.calls
    code = _python(setup_source(wheel_name())).replace("get_ipython()", "shell")
    code = code.replace("importlib.util.find_spec", "fake.find_spec")
    code = code.replace('sys.platform == "emscripten"', "True")
    exec(code, {"shell": shell, "fake": NO_PACKAGE})
    assert calls == [("pip", "install coproduction")]


def test_chapters_link_to_the_browser_notebooks_only_when_they_are_built(tmp_path):
    from types import SimpleNamespace

    from coproduction.book.sphinx_ext import LITE_READY, _lite_changed, _on_page_context_lite

    app = SimpleNamespace(srcdir=str(tmp_path))
    env = SimpleNamespace(found_docs={"intro", "chapters/01-a", "chapters/02-b"})

    def context():
        return {"ipynb_source": "x.ipynb", "pathto": lambda p, _: "../" + p}

    page = context()
    _on_page_context_lite(app, "chapters/01-a", "page.html", page, None)
    assert "header_buttons" not in page
    assert _lite_changed(app, env) == ["chapters/01-a", "chapters/02-b"]
    assert _lite_changed(app, env) == []
    (tmp_path / LITE_READY).parent.mkdir()
    (tmp_path / LITE_READY).write_text("{}")
    assert _lite_changed(app, env) == ["chapters/01-a", "chapters/02-b"]
    page = context()
    _on_page_context_lite(app, "chapters/01-a", "page.html", page, None)
    (button,) = page["header_buttons"]
    assert button["url"] == "../lite/notebooks/index.html?path=chapters/01-a.ipynb"
    assert button["text"] == "Run in the browser"
    other = context()
    _on_page_context_lite(app, "back/glossary", "page.html", other, None)
    assert "header_buttons" not in other
