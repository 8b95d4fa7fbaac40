"""``collector record``: a screen recording until the duration elapses or Ctrl+C."""

from __future__ import annotations

import argparse
import json
import re
import signal
import sys
from datetime import datetime
from pathlib import Path

HELP = "grava a tela (MP4 H.264 ou WebM VP9) até a duração pedida ou Ctrl+C"

_UNITS = {"h": 3600, "m": 60, "s": 1}
_DURATION = re.compile(r"(\d+(?:[.,]\d+)?)\s*([hms])")


def parse_duration(text: str) -> float:
    """Seconds from ``90``, ``90s``, ``10m``, ``1h``, ``1m30s``, ``1,5m``, ``05:00`` or ``1:00:00``."""
    value = text.strip().lower().replace(" ", "")
    seconds: float | None = None
    if re.fullmatch(r"\d+(?:[.,]\d+)?", value):
        seconds = float(value.replace(",", "."))
    elif re.fullmatch(r"\d+(?::\d{1,2}){1,2}", value):
        seconds = 0.0
        for part in value.split(":"):
            seconds = seconds * 60 + int(part)
    elif value and _DURATION.sub("", value) == "":
        seconds = sum(float(n.replace(",", ".")) * _UNITS[u] for n, u in _DURATION.findall(value))
    if seconds is None:
        raise argparse.ArgumentTypeError(f"duração inválida: {text!r} (exemplos: 30s, 10m, 1m30s, 05:00)")
    if seconds <= 0:
        raise argparse.ArgumentTypeError("a duração deve ser maior que zero")
    return seconds


def _positive(text: str, problem: str) -> float:
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        raise argparse.ArgumentTypeError(f"número inválido: {text!r}") from None
    if not value > 0:
        raise argparse.ArgumentTypeError(problem)
    return value


def _fps(text: str) -> float:
    value = _positive(text, "use de 1 a 60 quadros por segundo")
    if value > 60:
        raise argparse.ArgumentTypeError("use de 1 a 60 quadros por segundo")
    return value


def _megabytes(text: str) -> int:
    return int(_positive(text, "o tamanho deve ser maior que zero") * 2**20)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--monitor", type=int, metavar="N", help="monitor a gravar (padrão: o principal)")
    parser.add_argument("--duration", type=parse_duration, default=600.0, metavar="D",
                        help="para depois de D (ex.: 90s, 5m; padrão e máximo sugerido: 10m)")
    parser.add_argument("--fps", type=_fps, default=5.0, metavar="N", help="quadros por segundo (padrão: 5)")
    parser.add_argument("--codec", choices=["h264", "vp9"], default="h264",
                        help="h264 em MP4 (padrão, abre em qualquer lugar) ou vp9 em WebM (livre de royalties)")
    parser.add_argument("--max-size", type=_megabytes, default=45 * 2**20, metavar="MB",
                        help="para ao chegar a este tamanho em MB (padrão: 45)")
    parser.add_argument("--out", metavar="ARQUIVO", help="arquivo de saída (padrão: gravacao-DATA-HORA na pasta atual)")
    parser.add_argument("--json", action="store_true", help="resultado em JSON")


def _output_path(out: str | None, extension: str, codec: str) -> Path:
    from collector.core.errors import UsageError

    if not out:
        return Path.cwd() / f"gravacao-{datetime.now():%Y%m%d-%H%M%S}{extension}"
    path = Path(out)
    if path.is_dir():
        return path / f"gravacao-{datetime.now():%Y%m%d-%H%M%S}{extension}"
    if not path.suffix:
        path = path.with_suffix(extension)
    elif path.suffix.lower() != extension:
        raise UsageError(f"a extensão {path.suffix} não combina com o codec {codec}: use {extension}.")
    if path.exists():
        raise UsageError(f"o arquivo {path} já existe; escolha outro nome com --out.")
    return path


def _mb(size: int) -> str:
    return f"{size / 2**20:.1f} MB".replace(".", ",")


def _fps_text(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")


def run(args: argparse.Namespace) -> int:
    from collector.capture.encoder import codec_for
    from collector.capture.recorder import Recorder, format_clock
    from collector.core.errors import CollectorError

    path = _output_path(args.out, codec_for(args.codec).extension, args.codec)
    interactive = sys.stderr.isatty()

    def show(status) -> None:
        state = "Pausado" if status.state == "paused" else "Gravando"
        print(f"\r{state} {format_clock(status.elapsed)} · {_mb(status.size)} · "
              f"{_fps_text(status.achieved_fps)} quadros/s   ", end="", file=sys.stderr, flush=True)

    recorder = Recorder(path, monitor=args.monitor, fps=args.fps, codec=args.codec, max_duration=args.duration,
                        max_bytes=args.max_size, on_progress=show if interactive else None)
    recorder.start()
    m = recorder.monitor
    assert m is not None  # a started recorder has its monitor
    print(f"Gravando o monitor {m.index} ({m.width}x{m.height}) em {path} — Ctrl+C para parar.",
          file=sys.stderr, flush=True)
    previous = signal.signal(signal.SIGTERM, lambda *_: recorder.stop(wait=False))
    try:
        while not recorder.wait(0.2):
            pass
    except KeyboardInterrupt:
        print("\nParando e terminando o arquivo...", file=sys.stderr, flush=True)
        recorder.stop()
    finally:
        signal.signal(signal.SIGTERM, previous)
    if interactive:
        print(file=sys.stderr)
    result = recorder.result
    assert result is not None  # set when the recording thread ends, before wait() returns True
    for warning in result.warnings:
        print(f"aviso: {warning}", file=sys.stderr)
    if result.frames_captured and result.achieved_fps < 0.9 * result.requested_fps:
        print(f"aviso: este computador gravou {_fps_text(result.achieved_fps)} quadros/s dos "
              f"{_fps_text(result.requested_fps)} pedidos; o tempo do vídeo está correto.", file=sys.stderr)
    if args.json:
        print(json.dumps(dict(result.as_dict(), path=str(result.path)), ensure_ascii=False, indent=2))
    elif result.frames_encoded:
        reasons = {"user": "parada pelo usuário", "max_duration": "duração atingida",
                   "max_size": "tamanho máximo atingido", "disk_full": "disco cheio", "error": "erro"}
        print(result.path)
        print(f"  {format_clock(result.duration)} · {_mb(result.size)} · {result.width}x{result.height} · "
              f"{_fps_text(result.achieved_fps)} quadros/s · {reasons.get(result.stop_reason, result.stop_reason)}")
    if not result.ok:
        raise CollectorError(result.error or "A gravação falhou.")
    return 0
