import json
import threading

from collector.core import paths, settings_file


def test_sections_are_written_whole_and_the_rest_is_kept():
    paths.settings_file().parent.mkdir(parents=True, exist_ok=True)
    paths.settings_file().write_text(json.dumps({"portal": {"url": "https://x"}, "other": 1}), encoding="utf-8-sig")
    settings_file.write_section("background", {"notifications": False})
    assert settings_file.read() == {"portal": {"url": "https://x"}, "other": 1,
                                    "background": {"notifications": False}}
    assert settings_file.section("portal") == {"url": "https://x"}
    assert settings_file.section("missing") == {}


def test_a_damaged_file_reads_as_empty_and_concurrent_sections_both_survive():
    paths.settings_file().parent.mkdir(parents=True, exist_ok=True)
    paths.settings_file().write_text("{not json", encoding="utf-8")
    assert settings_file.read() == {}
    writers = [threading.Thread(target=settings_file.write_section, args=(f"s{i}", {"i": i})) for i in range(8)]
    for w in writers:
        w.start()
    for w in writers:
        w.join()
    assert settings_file.read() == {f"s{i}": {"i": i} for i in range(8)}
