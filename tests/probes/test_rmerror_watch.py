"""collector.probes.rmerror_watch: new RMError files in the collection's folders become offers, once,
after they stop changing; the log window around them; a deleted folder never stops the watch."""

from __future__ import annotations

import os
import shutil
import threading
import time
from datetime import timedelta

from collector.probes import rmerror_watch


def _write(path, text="Mensagem: erro\r\n", age: float = 0.0):
    path.write_text(text, encoding="cp1252")
    if age:
        stamp = time.time() - age
        os.utime(path, (stamp, stamp))
    return path


def test_new_files_are_offered_once_when_they_stop_changing(tmp_path):
    desk, root = tmp_path / "Desktop", tmp_path / "RM"
    (root / "Bin").mkdir(parents=True)
    desk.mkdir()
    _write(desk / "RMError_antigo.txt", age=3600)
    watcher = rmerror_watch.RmErrorWatcher(rmerror_watch.context([("Área de Trabalho", str(desk))], [str(root)]))
    assert watcher.scan() == []  # what was there before is not offered

    new = _write(desk / "rmerror 2026.txt", age=5)  # the pattern is case-insensitive
    deep = _write(root / "Bin" / "RMError.log", age=5)  # the installation's subfolders too
    _write(desk / "outro.txt", age=5)  # not an RMError name
    assert watcher.scan() == []  # just appeared: maybe still being written
    offers = watcher.scan()
    assert sorted(o.path for o in offers) == sorted([new, deep])
    assert watcher.scan() == []  # once

    _write(new, "Mensagem: erro\r\nmais uma linha\r\n", age=1)  # RM wrote it again: a new error
    watcher.scan()
    assert [o.path for o in watcher.scan()] == [new]


def test_the_offer_carries_the_log_window_around_the_file(tmp_path):
    path = _write(tmp_path / "RMError.txt", age=120)
    offer = rmerror_watch.Offer(path, path.stat().st_mtime, path.stat().st_size)
    assert offer.when.tzinfo is not None
    assert offer.when - offer.log_since == rmerror_watch.LOGS_BEFORE == timedelta(hours=1)


def test_a_vanished_folder_does_not_stop_the_watch(tmp_path):
    folder = tmp_path / "Downloads"
    folder.mkdir()
    watcher = rmerror_watch.RmErrorWatcher(rmerror_watch.context([("Downloads", str(folder))]))
    watcher.scan()
    shutil.rmtree(folder)
    assert watcher.scan() == []
    folder.mkdir()
    _write(folder / "RMError.txt", age=5)
    assert watcher.scan() == [] and len(watcher.scan()) == 1


def test_the_loop_runs_off_the_caller_until_stopped(tmp_path):
    folder = tmp_path / "Desktop"
    folder.mkdir()
    watcher = rmerror_watch.RmErrorWatcher(rmerror_watch.context([("Desktop", str(folder))]))
    offers, stop = [], threading.Event()
    thread = threading.Thread(target=watcher.run, args=(offers.append, stop), kwargs={"interval": 0.05})
    thread.start()
    try:
        time.sleep(0.2)
        _write(folder / "RMError_x.txt", age=5)
        deadline = time.monotonic() + 10
        while not offers and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        stop.set()
        thread.join(5)
    assert [o.path.name for o in offers] == ["RMError_x.txt"] and not thread.is_alive()
