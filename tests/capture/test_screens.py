"""Screenshots on a real X screen (Xvfb) with known pixels drawn by a real X client."""

from __future__ import annotations

import hashlib

import pytest

from collector.capture import screens
from collector.capture.monitors import Monitor
from collector.core.errors import UsageError
from tests.capture.helpers import TWO_MONITORS, decode_png, pattern_spec, wait_for_pixel

RED, GREEN, BLUE, YELLOW = (255, 0, 0), (0, 200, 0), (0, 0, 255), (255, 255, 0)
BACKGROUND = (40, 40, 40)


def test_one_png_per_monitor_full_size_with_the_pixels_where_they_are_on_screen(screen_app, x_display, tmp_path):
    spec = pattern_spec([((0, 0, 4, 4), RED), ((1916, 1076, 4, 4), GREEN), ((700, 300, 10, 20), BLUE)])
    with screen_app("pattern", spec):
        wait_for_pixel(x_display, 1919, 1079, GREEN)
        shots = screens.capture_screenshots(tmp_path, prefix="t")
    assert len(shots) == 1
    shot = shots[0]
    assert shot.path == tmp_path / "t-monitor1.png"
    assert (shot.width, shot.height) == (1920, 1080) == (shot.monitor.width, shot.monitor.height)
    pixels = decode_png(shot.path)
    assert pixels.shape == (1080, 1920, 3)  # uncropped, full resolution
    assert tuple(pixels[0, 0]) == RED  # corners: nothing cut off
    assert tuple(pixels[1079, 1919]) == GREEN
    assert tuple(pixels[1075, 1915]) == BACKGROUND
    assert tuple(pixels[300, 700]) == BLUE and tuple(pixels[319, 709]) == BLUE
    assert tuple(pixels[320, 709]) == BACKGROUND and tuple(pixels[300, 710]) == BACKGROUND
    data = shot.path.read_bytes()
    assert shot.size == len(data) and shot.sha256 == hashlib.sha256(data).hexdigest()
    assert shot.as_dict()["path"] == "t-monitor1.png"
    assert not list(tmp_path.glob(".*.tmp"))  # the temporary files are gone


def test_an_injected_two_monitor_layout_over_a_wide_screen(wide_display, monkeypatch, tmp_path):
    """Xvfb cannot show two monitors to mss: a 3840x1080 screen with an injected layout (SPEC §7)."""
    monkeypatch.setenv("DISPLAY", wide_display)
    from tests.capture.helpers import run_screen_app

    spec = pattern_spec([((0, 0, 8, 8), RED), ((1912, 1072, 8, 8), YELLOW), ((1920, 0, 8, 8), BLUE),
                         ((1920 + 500, 600, 30, 30), GREEN)], size=(3840, 1080))
    with run_screen_app(wide_display, "pattern", spec):
        wait_for_pixel(wide_display, 2449, 629, GREEN)
        shots = screens.capture_screenshots(tmp_path, layout=TWO_MONITORS, prefix="w")
        only_second = screens.capture_screenshots(tmp_path / "two", [2], layout=TWO_MONITORS, prefix="w")
    assert [(s.monitor.index, s.width, s.height) for s in shots] == [(1, 1920, 1080), (2, 1920, 1080)]
    left, right = decode_png(shots[0].path), decode_png(shots[1].path)
    assert tuple(left[0, 0]) == RED and tuple(left[1079, 1919]) == YELLOW  # the seam is not crossed
    assert tuple(right[0, 0]) == BLUE  # monitor 2's origin is the wide screen's x=1920
    assert tuple(right[600, 500]) == GREEN and tuple(right[629, 529]) == GREEN
    assert tuple(right[599, 500]) == BACKGROUND
    assert [s.path.name for s in only_second] == ["w-monitor2.png"]
    assert (decode_png(only_second[0].path) == right).all()


def test_the_real_layout_of_the_session(x_display):
    monitors = screens.list_monitors()
    assert [(m.index, m.left, m.top, m.width, m.height, m.primary) for m in monitors] == [
        (1, 0, 0, 1920, 1080, True)]
    layout = screens.layout_dict()
    assert layout["virtual_desktop"] == {"left": 0, "top": 0, "width": 1920, "height": 1080}
    assert layout["monitors"][0]["width"] == 1920 and layout["primary"] == 1


def test_an_unknown_monitor_is_a_usage_error(x_display, tmp_path):
    with pytest.raises(UsageError, match="monitor 2 não existe; monitores disponíveis: 1"):
        screens.capture_screenshots(tmp_path, [2])
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("display", [None, ":4242"])
def test_no_display_is_one_clear_error(monkeypatch, tmp_path, display):
    if display is None:
        monkeypatch.delenv("DISPLAY", raising=False)
    else:
        monkeypatch.setenv("DISPLAY", display)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    with pytest.raises(screens.NoScreenError) as err:
        screens.capture_screenshots(tmp_path)
    message = str(err.value)
    assert message.startswith("Nenhuma tela disponível para capturar")
    assert "\n" not in message and err.value.exit_code == 1
    with pytest.raises(screens.NoScreenError):
        screens.list_monitors()


def test_an_unwritable_destination_is_one_clear_error(x_display, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(screens.CaptureError, match="Não foi possível criar a pasta"):
        screens.capture_screenshots(blocker / "sub")


def test_a_region_outside_the_screen_is_a_capture_error(x_display, tmp_path):
    outside = [Monitor(1, 5000, 5000, 100, 100, primary=True)]
    with pytest.raises(screens.CaptureError, match="Não foi possível ler a tela"):
        screens.capture_screenshots(tmp_path, layout=outside)
