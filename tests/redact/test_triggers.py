"""The anchored trigger passes find every literal (or something overlapping it), and only literals."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from collector.redact.hits import ChunkScan
from collector.redact.triggers import Trigger, TriggerScanner


def found(literals, text: bytes, follow=b"", case_sensitive=False):
    hits = []

    def handler(cs, trigger, start, end):
        hits.append((trigger.literal, start, end))

    scanner = TriggerScanner([(Trigger(lit, follow, case_sensitive), handler) for lit in literals])
    scanner.run(ChunkScan(text, "logs", "", lambda k, v: "", {}))
    return scanner, sorted(hits, key=lambda h: (h[1], h[0]))


def test_literal_anchored_in_the_middle_at_the_very_start_of_the_text():
    _, hits = found([b"token"], b"token=1 xtoken tokenx")
    assert [h[1] for h in hits] == [0, 9, 15]


def test_follow_filters_in_c():
    _, hits = found([b"token"], b"CancellationToken) token=abc token :x", follow=rb"[ \t]*[=:]")
    assert [h[1] for h in hits] == [19, 29]


def test_case_insensitive_by_default_and_sensitive_on_request():
    _, hits = found([b"senha"], b"SENHA Senha senha")
    assert len(hits) == 3
    _, hits = found([b"eyJ"], b"eyJ EYJ eyj", case_sensitive=True)
    assert [h[1] for h in hits] == [0]


def test_shared_anchor_bytes_share_a_pass():
    scanner, _ = found([b"token", b"key", b"akia", b"k_live_"], b"")
    assert scanner.passes == 1


@settings(max_examples=300, deadline=None, database=None)
@given(literals=st.lists(st.binary(min_size=1, max_size=4).map(lambda b: bytes(97 + x % 3 for x in b)),
                         min_size=1, max_size=5, unique=True),
       text=st.binary(max_size=200).map(lambda b: bytes(97 + x % 3 for x in b)))
def test_every_occurrence_is_reported_or_overlapped_and_every_report_is_real(literals, text):
    _, hits = found(literals, text)
    for literal, start, end in hits:
        assert text[start:end] == literal
    for literal in literals:
        at = text.find(literal)
        while at >= 0:
            end = at + len(literal)
            assert any(s < end and at < e for _, s, e in hits), (literal, at)
            at = text.find(literal, at + 1)
