from collector.core.sizes import human_size


def test_human_sizes():
    assert [human_size(n) for n in (5, 2048, 34_000, 20 * 2**20, int(1.5 * 2**20), 200 * 2**20, 2**31)] == [
        "5 bytes", "2 KB", "33 KB", "20 MB", "1,5 MB", "200 MB", "2 GB"]
    assert human_size(int(2.5 * 2**30)) == "2,5 GB"


def test_the_language_gives_the_decimal_point():
    assert human_size(int(1.5 * 2**20), ".") == "1.5 MB" and human_size(int(2.5 * 2**30), ".") == "2.5 GB"
    assert human_size(512, ".") == "512 bytes"
