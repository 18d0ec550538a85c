"""The English word list is kept as text between kernels, and a bad or missing cache is never trusted."""

from __future__ import annotations

import pytest

from widgets.scoring import words


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv(words.CACHE_VARIABLE, str(tmp_path / "cache"))
    words.english_words.cache_clear()
    yield tmp_path / "cache"
    words.english_words.cache_clear()


def test_the_cached_list_is_the_package_list(cache):
    from_package = words._read_word_list(words._word_list_source())
    first = words.english_words()
    assert first == from_package
    (kept,) = cache.glob("english-words-*.txt")
    words.english_words.cache_clear()
    assert words.english_words() == from_package
    assert kept.read_text(encoding="utf-8").split("\n", 1)[0] == str(len(from_package))


def test_a_cut_short_cache_is_read_from_the_package_again(cache):
    words.english_words()
    (kept,) = cache.glob("english-words-*.txt")
    kept.write_text(kept.read_text(encoding="utf-8")[:1000], encoding="utf-8")
    words.english_words.cache_clear()
    assert len(words.english_words()) == len(words._read_word_list(words._word_list_source()))
    assert len(kept.read_text(encoding="utf-8").splitlines()) > 100_000  # and written whole again


def test_a_folder_that_cannot_be_written_still_gives_the_list(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv(words.CACHE_VARIABLE, str(blocker / "cache"))
    words.english_words.cache_clear()
    try:
        assert "service" in words.english_words()
    finally:
        words.english_words.cache_clear()
