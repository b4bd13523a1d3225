"""SafeJSONStorage is a drop-in for TinyDB's JSONStorage, but writes by rename."""

from __future__ import annotations

import json
import os

import pytest
from tinydb import Query, TinyDB
from tinydb.storages import JSONStorage

from smp_tui.store import SafeJSONStorage, write_atomically


def _exercise(db: TinyDB) -> None:
    db.insert({"name": "Ann", "n": 1})
    db.insert_multiple([{"name": "Bob", "n": 2}, {"name": "Cy", "n": 3}])
    db.update({"n": 20}, Query().name == "Bob")
    db.upsert({"name": "Di", "n": 4}, Query().name == "Di")
    db.remove(Query().name == "Cy")
    db.table("other").insert({"x": [1, 2, {"y": None}]})


@pytest.mark.parametrize("options", [{}, {"indent": 2, "sort_keys": True}, {"ensure_ascii": False}])
def test_same_file_format_as_json_storage(tmp_path, options):
    stock, safe = tmp_path / "stock.json", tmp_path / "safe.json"
    with TinyDB(stock, **options) as db:
        _exercise(db)
    with TinyDB(safe, storage=SafeJSONStorage, **options) as db:
        _exercise(db)
        assert db.search(Query().n > 3) == [{"name": "Bob", "n": 20}, {"name": "Di", "n": 4}]
    assert safe.read_bytes() == stock.read_bytes()
    with TinyDB(safe, storage=SafeJSONStorage) as db:
        assert len(db) == 3 and db.get(doc_id=1) == {"name": "Ann", "n": 1}


def test_create_dirs_and_encoding(tmp_path):
    path = tmp_path / "a" / "b" / "db.json"
    with pytest.raises(FileNotFoundError):
        TinyDB(path, storage=SafeJSONStorage)
    with TinyDB(path, storage=SafeJSONStorage, create_dirs=True, encoding="utf-16", ensure_ascii=False) as db:
        db.insert({"name": "Zoë"})
    assert json.loads(path.read_text(encoding="utf-16")) == {"_default": {"1": {"name": "Zoë"}}}


def test_read_only_mode_behaves_like_json_storage(tmp_path):
    missing = tmp_path / "missing.json"
    for storage in (JSONStorage, SafeJSONStorage):
        with pytest.raises(FileNotFoundError):
            TinyDB(missing, storage=storage, access_mode="r")
    path = tmp_path / "db.json"
    with TinyDB(path, storage=SafeJSONStorage) as db:
        db.insert({"a": 1})
    for storage in (JSONStorage, SafeJSONStorage):
        with TinyDB(path, storage=storage, access_mode="r") as db:
            assert db.all() == [{"a": 1}]
            with pytest.raises(IOError, match='Access mode is "r"'):
                db.insert({"a": 2})
    assert json.loads(path.read_text()) == {"_default": {"1": {"a": 1}}}


def test_sees_a_file_replaced_by_another_process(tmp_path):
    path = tmp_path / "db.json"
    db = TinyDB(path, storage=SafeJSONStorage)
    db.insert({"a": 1})
    write_atomically(path, b'{"_default": {"1": {"a": 99}}}')
    db.clear_cache()
    assert db.all() == [{"a": 99}]


def test_write_never_leaves_a_partial_file(tmp_path, monkeypatch):
    path = tmp_path / "db.json"
    with TinyDB(path, storage=SafeJSONStorage) as db:
        db.insert({"a": 1})
    before = path.read_bytes()

    def failing_replace(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", failing_replace)
    with TinyDB(path, storage=SafeJSONStorage) as db, pytest.raises(OSError):
        db.insert({"b": 2})
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if "db.json" in p.name] == ["db.json"]  # the temporary file is gone


def test_new_database_leaves_a_valid_file_never_an_empty_one(tmp_path):
    path = tmp_path / "db.json"
    with TinyDB(path, storage=SafeJSONStorage) as db:
        assert db.all() == []
    assert json.loads(path.read_bytes()) == {}
    with TinyDB(path, storage=SafeJSONStorage) as db:
        assert db.all() == []
    assert [p.name for p in tmp_path.iterdir() if "db.json" in p.name] == ["db.json"]


def test_create_dirs_then_close_leaves_a_valid_file(tmp_path):
    """TinyDB's own test_create_dirs, for JSONStorage, with SafeJSONStorage."""
    path = tmp_path / "new" / "db.json"
    with pytest.raises(IOError):
        SafeJSONStorage(path)
    SafeJSONStorage(path, create_dirs=True).close()
    assert json.loads(path.read_bytes()) == {}
    path.write_bytes(b'{"_default": {"1": {"kept": true}}}')
    SafeJSONStorage(path, create_dirs=True).close()  # an existing file is left as it is
    assert json.loads(path.read_bytes()) == {"_default": {"1": {"kept": True}}}
    assert sorted(p.name for p in path.parent.iterdir()) == ["db.json"]
