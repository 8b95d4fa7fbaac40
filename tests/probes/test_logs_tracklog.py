"""The byte-level cutting of TRACKLOG files (collector.probes.tracklog)."""

import os
import random
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from collector.probes.tracklog import LogReader, line_timestamp
from collector.redact.encoding import is_binary, sniff_bytes
from tests.fixtures.rmlogs import BRT, LogEntry, make_entries, tracklog_line, window_bytes, write_log

START = datetime(2026, 11, 1, tzinfo=BRT)
END = datetime(2026, 11, 28, tzinfo=BRT)


def _cut_bytes(path, start, end, **kw):
    size = path.stat().st_size
    with open(path, "rb") as f:
        reader = LogReader(f, size, **kw)
        cut = reader.cut(start.timestamp(), end.timestamp())
        if cut is None:
            return b"", reader, None
        assert not isinstance(cut, str)
        f.seek(cut.start)
        return f.read(cut.size), reader, cut


# -- timestamps ------------------------------------------------------------------------------------

def test_timestamp_with_glued_source_context():
    ts = datetime(2026, 11, 27, 14, 3, 22, 517000, tzinfo=BRT).timestamp()
    assert line_timestamp(b"RM.Lib.Data2026-11-27 14:03:22.517 -03:00  [ERR] falhou") == ts
    assert line_timestamp(b"2026-11-27 14:03:22.517 -03:00 [INF] ok\r\n") == ts
    assert line_timestamp(b"\xef\xbb\xbf2026-11-27 14:03:22.517 -03:00 [INF] BOM") == ts
    assert line_timestamp(b"RM.Lib.Http22026-11-27 14:03:22.517 -03:00 [INF] digit-ending context") == ts


def test_timestamp_offsets():
    base = datetime(2026, 11, 27, 17, 3, 22, tzinfo=ZoneInfo("UTC")).timestamp()
    assert line_timestamp(b"2026-11-27 17:03:22.000 Z [INF]") == base
    assert line_timestamp(b"2026-11-27 14:03:22.000 -0300 [INF]") == base
    assert line_timestamp(b"2026-11-27T14:03:22.000-03:00 [INF]") == base
    assert line_timestamp(b"2026-11-27 14:03:22,000 -03:00 [INF] log4net comma") == base


def test_naive_timestamps_use_the_given_zone_or_local_time():
    sp = ZoneInfo("America/Sao_Paulo")
    assert line_timestamp(b"2026-11-27 14:03:22.000 [INF]", sp) == datetime(2026, 11, 27, 14, 3, 22, tzinfo=sp).timestamp()
    assert line_timestamp(b"2026-11-27 14:03:22.000 [INF]") == datetime(2026, 11, 27, 14, 3, 22).timestamp()


@pytest.mark.parametrize("line", [
    b"   em RM.Lib.Data.DbServices.ExecuteReader(String sql) na linha 42",
    b"System.Data.SqlClient.SqlException (0x80131904): Tempo limite",
    b"WHERE DATA >= '2026-11-27 00:00:00'",
    b"2026-13-45 14:03:22.517 -03:00 [INF] impossible date",
    b"",
    b"\x00\x01\x02",
])
def test_lines_without_a_timestamp(line):
    assert line_timestamp(line) is None


def test_binary_detection():
    assert is_binary(b"MZ\x90\x00\x03\x00\x00\x00")
    assert is_binary(random.Random(1).randbytes(8192))
    assert is_binary(bytes(range(1, 32)) * 20)
    assert not is_binary("Cálculo da folha concluído\r\n".encode("cp1252"))
    assert not is_binary("Cálculo da folha concluído\r\n".encode())
    assert not is_binary("\ufeffTexto".encode("utf-16-le"))
    assert not is_binary(b"")
    assert not is_binary(b"2026-11-28 09:00:00 [ERR] falha\r\n" + b"\x00" * 3000)  # NUL padding
    assert not is_binary(b"2026-11-28 [INF] a\x00b\r\n" * 20)  # a stray NUL per line
    assert sniff_bytes(b"\xff\xfeT\x00").encoding == "utf-16-le"
    assert sniff_bytes("RMError sem BOM\r\n".encode("utf-16-le")).encoding == "utf-16-le"


# -- cutting ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("encoding", ["utf-8", "cp1252"])
def test_cut_holds_exactly_the_lines_of_the_window(tmp_path, encoding):
    entries = make_entries(START, END, every=timedelta(minutes=3), seed=3)
    path = tmp_path / "RM.Host.log"
    write_log(path, entries, encoding)
    rnd = random.Random(7)
    for _ in range(60):
        a = START + timedelta(seconds=rnd.uniform(-2 * 86400, 28 * 86400))
        b = a + timedelta(seconds=rnd.choice([60, 3600, 86400, 5 * 86400]))
        got, _, _ = _cut_bytes(path, a, b)
        assert got == window_bytes(entries, a, b, encoding), (a, b)


def test_window_edges_exactly_on_entries_are_inclusive(tmp_path):
    entries = make_entries(START, START + timedelta(hours=5), every=timedelta(minutes=1), seed=4)
    path = tmp_path / "a.log"
    write_log(path, entries)
    a, b = entries[40].ts, entries[90].ts
    got, _, cut = _cut_bytes(path, a, b)
    assert got == window_bytes(entries, a, b)
    assert got.startswith(entries[40].text.encode())
    assert got.endswith(entries[90].text.encode())       # with its continuation lines
    assert cut.first_ts == a.timestamp() and cut.last_ts == b.timestamp()


def test_bom_at_start_and_window_covering_everything(tmp_path):
    entries = make_entries(START, START + timedelta(hours=2), seed=5)
    path = tmp_path / "bom.log"
    write_log(path, entries, bom=True)
    got, _, cut = _cut_bytes(path, START - timedelta(days=1), END)
    assert cut.start == 0
    assert got == path.read_bytes()


def test_nothing_in_the_window(tmp_path):
    entries = make_entries(START, START + timedelta(days=1), seed=6)
    path = tmp_path / "a.log"
    write_log(path, entries)
    assert _cut_bytes(path, END, END + timedelta(hours=1))[0] == b""
    assert _cut_bytes(path, START - timedelta(days=3), START - timedelta(days=2))[0] == b""
    gap_start = entries[10].ts + timedelta(milliseconds=1)
    gap_end = entries[11].ts - timedelta(milliseconds=1)
    assert _cut_bytes(path, gap_start, gap_end)[0] == b""


def test_reads_only_what_the_window_needs(tmp_path):
    entries = make_entries(START, END, every=timedelta(seconds=45), seed=8, exception_rate=0.02)
    path = tmp_path / "big.log"
    size = write_log(path, entries)
    assert size > 6 * 1024 * 1024
    a = datetime(2026, 11, 15, 10, 0, tzinfo=BRT)
    got, reader, _ = _cut_bytes(path, a, a + timedelta(hours=1))
    assert got == window_bytes(entries, a, a + timedelta(hours=1))
    assert reader.bytes_read < size // 30  # a few bisection probes, not the file


def test_ten_megabyte_lines(tmp_path):
    entries = make_entries(START, START + timedelta(hours=6), every=timedelta(minutes=2), seed=9)
    huge = "x" * (10 * 1024 * 1024)
    for i in (20, 60, 100):  # before, inside and after the window
        e = entries[i]
        entries[i] = LogEntry(e.ts, tracklog_line(e.ts, "INF", "SQL: " + huge) + "\r\n" + huge + "\r\n")
    path = tmp_path / "long.log"
    write_log(path, entries)
    for a, b in ((entries[40].ts, entries[80].ts), (entries[59].ts, entries[61].ts),
                 (entries[100].ts, entries[-1].ts), (entries[0].ts, entries[20].ts)):
        got, reader, _ = _cut_bytes(path, a, b)
        assert got == window_bytes(entries, a, b)


def test_long_entry_at_the_end_of_the_file(tmp_path):
    entries = make_entries(START, START + timedelta(hours=3), seed=10)
    last = entries[-1]
    entries[-1] = LogEntry(last.ts, last.text + ("   em Frame\r\n" * 400_000))  # > BACK_SCAN of stack
    path = tmp_path / "tail.log"
    write_log(path, entries)
    a = entries[-30].ts
    got, _, _ = _cut_bytes(path, a, END)
    assert got == window_bytes(entries, a, END)


def test_small_disorder_is_tolerated(tmp_path):
    entries = make_entries(START, START + timedelta(days=2), every=timedelta(seconds=30), seed=11,
                           disorder=timedelta(seconds=20))
    path = tmp_path / "async.log"
    write_log(path, entries)
    offsets, pos = [], 0
    for e in entries:
        offsets.append(pos)
        pos += len(e.text.encode())
    slack = timedelta(seconds=20)
    rnd = random.Random(12)
    for _ in range(30):
        a = START + timedelta(seconds=rnd.uniform(0, 86400))
        b = a + timedelta(hours=rnd.uniform(1, 20))
        with open(path, "rb") as f:
            cut = LogReader(f, pos).cut(a.timestamp(), b.timestamp())
        kept = {i for i, off in enumerate(offsets) if cut.start <= off < cut.end}
        assert all(i in kept for i, e in enumerate(entries) if a <= e.ts <= b)  # nothing of the window lost
        assert all(a - slack <= entries[i].ts <= b + slack for i in kept)      # extras only near the edges
        assert cut.start in offsets and (cut.end in offsets or cut.end == pos)


def test_unsorted_file_is_reported(tmp_path):
    older = make_entries(START, START + timedelta(hours=1), seed=13)
    newer = make_entries(START + timedelta(days=3), START + timedelta(days=3, hours=1), seed=14)
    path = tmp_path / "concat.log"
    write_log(path, newer + older)
    with open(path, "rb") as f:
        reader = LogReader(f, path.stat().st_size)
        assert reader.cut(START.timestamp(), END.timestamp()) == "unsorted"


def test_appended_while_reading_does_not_move_the_cut(tmp_path):
    entries = make_entries(START, START + timedelta(hours=4), seed=15)
    path = tmp_path / "live.log"
    write_log(path, entries)
    size = path.stat().st_size
    with open(path, "rb") as f:
        reader = LogReader(f, size)                               # size taken once, as the probe does
        later = make_entries(START + timedelta(hours=4, minutes=1), START + timedelta(hours=5), seed=16)
        with open(path, "ab") as w:
            w.write("".join(e.text for e in later).encode())
        cut = reader.cut(entries[50].ts.timestamp(), END.timestamp())
        assert cut.end == size
        f.seek(cut.start)
        assert f.read(cut.size) == window_bytes(entries, entries[50].ts, END)


def test_naive_timestamps_in_a_zone(tmp_path):
    sp = ZoneInfo("America/Sao_Paulo")
    entries = make_entries(datetime(2026, 11, 20, tzinfo=sp), datetime(2026, 11, 22, tzinfo=sp), naive=True, seed=17)
    path = tmp_path / "naive.log"
    write_log(path, entries)
    a, b = datetime(2026, 11, 21, 3, tzinfo=sp), datetime(2026, 11, 21, 9, tzinfo=sp)
    got, _, _ = _cut_bytes(path, a, b, tz=sp)
    assert got == window_bytes(entries, a, b)


def test_keep_newest_cuts_at_an_entry_then_a_line_then_bytes(tmp_path):
    entries = make_entries(START, START + timedelta(hours=10), seed=18)
    path = tmp_path / "a.log"
    size = write_log(path, entries)
    with open(path, "rb") as f:
        reader = LogReader(f, size)
        start, how = reader.keep_newest(0, size, 5000)
        assert how == "entry" and size - start <= 5000
        f.seek(start)
        assert line_timestamp(f.read(200)) is not None
        assert reader.keep_newest(0, size, size) == (0, None)

    lines = tmp_path / "stack.txt"
    lines.write_bytes(b"   em Frame\r\n" * 1000)
    with open(lines, "rb") as f:
        reader = LogReader(f, os.path.getsize(lines))
        start, how = reader.keep_newest(0, reader.size, 100)
        assert how == "line" and start % 13 == 0

    one = tmp_path / "one.txt"
    one.write_bytes(b"y" * 1000)
    with open(one, "rb") as f:
        assert LogReader(f, 1000).keep_newest(0, 1000, 100) == (900, "bytes")


# -- randomized checks against simple reference implementations -----------------------------------

def test_lines_match_a_reference_split(monkeypatch):
    import io

    from collector.probes import tracklog

    monkeypatch.setattr(tracklog, "FIRST_READ", 64)
    monkeypatch.setattr(tracklog, "CHUNK", 256)
    monkeypatch.setattr(tracklog, "PREFIX", 32)   # reads never shorter than a prefix, as in production
    rnd = random.Random(21)
    for _ in range(400):
        lengths = [rnd.choice([0, 1, 63, 64, 65, 255, 256, 257, 700]) if rnd.random() < 0.3 else rnd.randint(0, 90)
                   for _ in range(rnd.randint(0, 40))]
        data = b"".join(b"a" * n + b"\n" for n in lengths)
        if data and rnd.random() < 0.5:
            data = data[:-1] + b"zz"                       # no newline at the end
        size = len(data)
        starts = ([0] + [i + 1 for i, c in enumerate(data) if c == 10 and i + 1 < size]) if size else []
        start = rnd.randint(0, size)
        limit = rnd.randint(start, size)
        reader = LogReader(io.BytesIO(data), size)
        expected = []
        for s in starts:
            if start <= s < limit:
                end = data.find(b"\n", s)
                end = size if end < 0 else end + 1
                expected.append((s, data[s:min(end, s + tracklog.PREFIX)]))
        assert list(reader.lines(start, limit)) == expected


def test_cut_matches_a_reference_on_odd_files(monkeypatch):
    import io

    from collector.probes import tracklog

    monkeypatch.setattr(tracklog, "FIRST_READ", 64)
    monkeypatch.setattr(tracklog, "CHUNK", 256)
    monkeypatch.setattr(tracklog, "BLOCK", 128)
    monkeypatch.setattr(tracklog, "PREFIX", 64)
    rnd = random.Random(22)
    for _ in range(150):
        t = START
        entries = []
        for _ in range(rnd.randint(1, 60)):
            t += timedelta(seconds=rnd.choice([0, 1, 30, 600, 7200]))
            text = tracklog_line(t, "INF", "m" * rnd.choice([1, 10, 300, 1000]), rnd.choice(["", "RM.Lib"]))
            text += "\r\n" + "".join("   em X" + "y" * rnd.choice([0, 500]) + "\r\n"
                                     for _ in range(rnd.choice([0, 0, 1, 5])))
            entries.append(LogEntry(t, text))
        data = "".join(e.text for e in entries).encode()
        span = (entries[-1].ts - START).total_seconds()
        for _ in range(5):
            a = START + timedelta(seconds=rnd.uniform(-100, span + 100))
            b = a + timedelta(seconds=rnd.choice([0, 1, 60, 3600, span]))
            for slack in (0, 60):
                cut = LogReader(io.BytesIO(data), len(data)).cut(a.timestamp(), b.timestamp(), slack=slack)
                got = b"" if cut is None else data[cut.start:cut.end]
                assert got == window_bytes(entries, a, b)
