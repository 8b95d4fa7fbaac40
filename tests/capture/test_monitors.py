"""Monitor geometry with injected layouts: several monitors, negative offsets, High-DPI scaling."""

from __future__ import annotations

import pytest

from collector.capture import monitors as mon
from collector.capture.monitors import Monitor
from collector.core.errors import UsageError

# What mss reports on a Windows desktop with a 4K laptop screen at 150 % (primary), a 1080p monitor at
# 100 % to its left and a 1440p one at 125 % to its right, a little higher (per-monitor DPI-aware
# process: physical pixels).
MSS_WINDOWS = [
    {"left": -1920, "top": -200, "width": 1920 + 3840 + 2560, "height": 2360},
    {"left": 0, "top": 0, "width": 3840, "height": 2160, "is_primary": True, "name": r"\\.\DISPLAY1"},
    {"left": -1920, "top": 300, "width": 1920, "height": 1080, "name": r"\\.\DISPLAY2"},
    {"left": 3840, "top": -200, "width": 2560, "height": 1440, "name": r"\\.\DISPLAY3"},
]
SCALES = {1: 1.5, 2: 1.0, 3: 1.25}


@pytest.fixture
def layout() -> list[Monitor]:
    return mon.from_mss(MSS_WINDOWS, SCALES)


def test_from_mss_skips_the_union_and_keeps_positions_sizes_scales(layout):
    assert [(m.index, m.left, m.top, m.width, m.height, m.scale) for m in layout] == [
        (1, 0, 0, 3840, 2160, 1.5), (2, -1920, 300, 1920, 1080, 1.0), (3, 3840, -200, 2560, 1440, 1.25)]
    assert [m.primary for m in layout] == [True, False, False]
    assert layout[1].name == r"\\.\DISPLAY2"


def test_without_a_primary_flag_the_monitor_at_the_origin_is_primary():
    raw = [{"left": -1280, "top": 0, "width": 3200, "height": 1080},
           {"left": -1280, "top": 0, "width": 1280, "height": 1024, "output": "HDMI-1"},
           {"left": 0, "top": 0, "width": 1920, "height": 1080, "output": "eDP-1"}]
    layout = mon.from_mss(raw)
    assert [m.primary for m in layout] == [False, True]
    assert layout[0].name == "HDMI-1" and layout[0].scale is None
    assert mon.primary(layout).index == 2


def test_select_all_by_default_and_the_chosen_ones_in_order(layout):
    assert [m.index for m in mon.select(layout, None)] == [1, 2, 3]
    assert [m.index for m in mon.select(layout, [])] == [1, 2, 3]
    assert [m.index for m in mon.select(layout, [3, 1, 3])] == [3, 1]


@pytest.mark.parametrize("bad", [0, 4, -1])
def test_select_an_unknown_monitor_is_a_usage_error_naming_the_valid_ones(layout, bad):
    with pytest.raises(UsageError) as err:
        mon.select(layout, [1, bad])
    assert str(err.value) == f"monitor {bad} não existe; monitores disponíveis: 1, 2, 3."
    assert err.value.exit_code == 2


def test_virtual_desktop_spans_negative_offsets(layout):
    assert mon.virtual_bounds(layout) == {"left": -1920, "top": -200, "width": 1920 + 3840 + 2560,
                                          "height": 2360}
    assert mon.virtual_bounds([]) == {"left": 0, "top": 0, "width": 0, "height": 0}


def test_monitor_at_a_point_including_negative_coordinates_and_gaps(layout):
    assert mon.monitor_at(layout, 10, 10).index == 1
    assert mon.monitor_at(layout, -5, 400).index == 2
    assert mon.monitor_at(layout, 3840, -200).index == 3  # left/top edges belong to the monitor
    assert mon.monitor_at(layout, 3839, 2159).index == 1  # last pixel of monitor 1
    assert mon.monitor_at(layout, -5, 0) is None  # above monitor 2: a gap in the desktop


def test_the_window_showing_rm_picks_the_monitor_with_most_of_it(layout):
    # 300 px on monitor 2, 500 px on monitor 1
    assert mon.monitor_for_rect(layout, -300, 500, 800, 600).index == 1
    assert mon.monitor_for_rect(layout, -700, 500, 800, 600).index == 2
    assert mon.monitor_for_rect(layout, -5000, -5000, 100, 100) is None


def test_recording_monitor_chosen_else_rm_window_else_primary(layout):
    assert mon.recording_monitor(layout, 3).index == 3
    assert mon.recording_monitor(layout, None, (-1800, 400, 1000, 700)).index == 2
    assert mon.recording_monitor(layout, None, (-9000, 0, 10, 10)).index == 1  # off-screen window
    assert mon.recording_monitor(layout).index == 1
    with pytest.raises(UsageError):
        mon.recording_monitor(layout, 7)


def test_local_coordinates_for_the_cursor(layout):
    assert layout[1].to_local(-1900, 310) == (20, 10)
    assert layout[2].to_local(3840 + 5, -200) == (5, 0)


@pytest.mark.parametrize(("size", "expected"), [
    ((1920, 1080), (1920, 1080)),
    ((1366, 768), (1366, 768)),
    ((1280, 1024), (1280, 1024)),
    ((3840, 2160), (1920, 1080)),
    ((2560, 1440), (1920, 1080)),
    ((2560, 1080), (1920, 810)),
    ((5120, 1440), (1920, 540)),
    ((3440, 1440), (1920, 804)),
    ((1281, 1023), (1280, 1022)),  # yuv420p needs even sides
    ((1080, 1920), (1080, 1920)),  # portrait: only the width is capped
])
def test_recording_size_scales_down_only_above_1920_wide(size, expected):
    assert mon.recording_size(*size) == expected


def test_recording_size_rejects_an_empty_monitor():
    with pytest.raises(ValueError):
        mon.recording_size(0, 1080)


def test_fit_inside_letterboxes_a_changed_resolution():
    assert mon.fit_inside(1280, 1024, 1920, 1080) == (285, 0, 1350, 1080)
    assert mon.fit_inside(2560, 1080, 1920, 1080) == (0, 135, 1920, 810)
    assert mon.fit_inside(1920, 1080, 1920, 1080) == (0, 0, 1920, 1080)


def test_layout_dict_for_the_manifest(layout):
    doc = mon.layout_dict(layout, "per_monitor")
    assert doc["primary"] == 1
    assert doc["dpi_awareness"] == "per_monitor"
    assert doc["virtual_desktop"]["left"] == -1920
    assert doc["monitors"][2] == {"index": 3, "left": 3840, "top": -200, "width": 2560, "height": 1440,
                                  "primary": False, "name": r"\\.\DISPLAY3", "scale": 1.25}
    assert mon.layout_dict([])["primary"] is None


def test_overlap_area():
    m = Monitor(1, 0, 0, 100, 100)
    assert m.overlap(50, 50, 100, 100) == 2500
    assert m.overlap(100, 0, 10, 10) == 0
    assert m.region() == {"left": 0, "top": 0, "width": 100, "height": 100}


def test_control_position_by_capture_exclusion():
    from collector.capture.monitors import Monitor, control_position

    left = Monitor(1, 0, 0, 1920, 1080, primary=True)
    right = Monitor(2, 1920, 0, 1280, 1024)
    # Windows 10 2004+: on the recorded monitor, kept out of the file
    assert control_position([left, right], right, (200, 40), excluded=True) == (1920 + 1280 - 224, 24, False)
    # before build 19041: moved to another monitor, out of the recording
    assert control_position([left, right], right, (200, 40), excluded=False) == (1920 - 224, 24, False)
    assert control_position([left, right], left, (200, 40), excluded=False) == (1920 + 1280 - 224, 24, False)
    # a single monitor and no exclusion: it stays, and the caller says it will appear in the file
    assert control_position([left], left, (200, 40), excluded=False) == (1920 - 224, 24, True)
