"""The validated-knowledge cache: fast when nothing changed, never stale, never in the way."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot.knowledge import cache
from bot.knowledge.errors import KnowledgeLoadError
from bot.knowledge.loader import DEFAULT_DIR, load_folder
from bot.knowledge.record import Record, as_data

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(cache.ENV_CACHE, str(tmp_path / "cache"))
    return Path(shutil.copytree(DEFAULT_DIR, tmp_path / "knowledge"))


def test_second_load_comes_from_the_cache_and_equals_the_first(folder: Path):
    first = load_folder(folder)
    assert list((folder.parent / "cache").glob("*.pickle"))
    second = load_folder(folder)
    assert [as_data(n.model) for n in second] == [as_data(n.model) for n in first]
    assert [n.lines for n in second] == [n.lines for n in first]
    assert [n.path for n in second] == [n.path for n in first]


def test_an_edited_file_is_validated_again(folder: Path):
    load_folder(folder)
    path = folder / "2024-youyang.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("standard: 755", "standard: 7.55"),
                    encoding="utf-8")
    with pytest.raises(KnowledgeLoadError) as err:
        load_folder(folder)
    assert any("2024-youyang.yaml" in str(e) for e in err.value.errors)


def test_an_unusable_cache_is_ignored(folder: Path, monkeypatch: pytest.MonkeyPatch):
    blocker = folder.parent / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv(cache.ENV_CACHE, str(blocker))
    assert len(load_folder(folder)) == 5
    monkeypatch.setenv(cache.ENV_CACHE, str(folder.parent / "cache"))
    load_folder(folder)
    for entry in (folder.parent / "cache").glob("*.pickle"):
        entry.write_bytes(b"damaged")
    assert len(load_folder(folder)) == 5


def test_cache_off(folder: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv(cache.ENV_CACHE, "off")
    load_folder(folder)
    assert not (folder.parent / "cache").exists()


def loaded_after_a_cached_run(folder: Path, argv: list[str], names: tuple[str, ...]) -> list[bool]:
    """Which of ``names`` a second run of ``python -m bot <argv>`` imports, the knowledge cached
    by the first."""
    env = {**os.environ, cache.ENV_CACHE: str(folder.parent / "cache"), "YIBAO_KNOWLEDGE_DIR": str(folder)}
    probe = (
        "import sys, io, contextlib, bot.__main__ as m\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    m.main({argv!r})\n"
        f"print(*(name in sys.modules for name in {names!r}))\n"
    )
    run = [sys.executable, "-c", probe]
    subprocess.run(run, env=env, cwd=ROOT, check=True, capture_output=True, timeout=60)  # fills the cache
    second = subprocess.run(run, env=env, cwd=ROOT, check=True, capture_output=True, text=True,
                            timeout=60)
    return [word == "True" for word in second.stdout.split()]


def test_a_cached_answer_imports_neither_pydantic_nor_yaml_nor_the_bot_stack(folder: Path):
    argv = ["answer", "--region", "酉阳", "--identity", "低保", "--paid-on", "2023-11-01", "--json"]
    names = ("pydantic", "yaml", "telegram", "aiohttp")
    assert loaded_after_a_cached_run(folder, argv, names) == [False] * len(names)


def test_a_cached_free_text_question_imports_neither_pydantic_nor_the_bot_stack(folder: Path):
    argv = ["ask", "--today", "2023-11-10", "乌鲁木齐低保户交多少钱"]
    names = ("pydantic", "bot.knowledge.models", "telegram", "aiohttp")
    assert loaded_after_a_cached_run(folder, argv, names) == [False] * len(names)


def test_records_are_read_only_and_compare_by_content(folder: Path):
    notices = load_folder(folder)
    model = notices[0].model
    assert isinstance(model, Record)
    with pytest.raises(AttributeError):
        model.kind = "other"  # type: ignore[misc]
    assert model == load_folder(folder)[0].model and hash(model) == hash(load_folder(folder)[0].model)


def test_a_file_edited_to_add_a_duplicate_key_is_validated_again(folder: Path):
    load_folder(folder)  # cached now
    path = folder / "2024-wulumuqi.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  - standard: 380\n", "  - standard: 380\n    standard: 308\n", 1),
                    encoding="utf-8")
    with pytest.raises(KnowledgeLoadError) as err:
        load_folder(folder)
    assert [e.field for e in err.value.errors] == ["standards[0].standard"]
    assert "written twice" in str(err.value)
    path.write_text(text, encoding="utf-8")
    assert len(load_folder(folder)) == 5  # put back: the cached knowledge serves again


@pytest.mark.parametrize("own", ["loader.py", "parse.py"])
def test_the_key_covers_the_loader(folder: Path, monkeypatch: pytest.MonkeyPatch, own: str):
    """A loader that refuses more (duplicate keys) must not be bypassed by what an older
    loader cached: its source is part of the key."""
    files = sorted(folder.glob("*.yaml"))
    before = cache.key(files)
    loader_py = Path(cache.__file__).with_name(own)
    real_read = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes",
                        lambda self: real_read(self) + b"#" if self == loader_py else real_read(self))
    assert cache.key(files) != before
