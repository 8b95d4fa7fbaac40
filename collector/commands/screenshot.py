"""``collector screenshot``: one full-resolution PNG per monitor, uncropped."""

from __future__ import annotations

import argparse
import json

HELP = "captura a tela inteira: um PNG por monitor, em resolução máxima, sem recortes"


def _non_negative(text: str) -> float:
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        raise argparse.ArgumentTypeError(f"número inválido: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError("o valor não pode ser negativo")
    return value


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--monitor", type=int, action="append", metavar="N",
                        help="monitor a capturar, de 1 em diante (repita para vários; padrão: todos)")
    parser.add_argument("--out", metavar="PASTA", default=".", help="onde salvar os PNGs (padrão: pasta atual)")
    parser.add_argument("--delay", type=_non_negative, default=0.0, metavar="S",
                        help="espera S segundos antes de capturar")
    parser.add_argument("--list", action="store_true", help="só mostra os monitores, sem capturar")
    parser.add_argument("--json", action="store_true", help="resultado em JSON, com a disposição dos monitores")


def run(args: argparse.Namespace) -> int:
    from collector.capture import screens

    layout = screens.list_monitors()
    if args.list:
        if args.json:
            print(json.dumps(screens.layout_dict(layout), ensure_ascii=False, indent=2))
        else:
            for m in layout:
                print(_describe(m))
        return 0
    shots = screens.capture_screenshots(args.out, args.monitor, delay=args.delay, layout=layout)
    if args.json:
        doc = {"schema": "collector.screenshot/1", "layout": screens.layout_dict(layout),
               "shots": [dict(s.as_dict(), path=str(s.path)) for s in shots]}
        print(json.dumps(doc, ensure_ascii=False, indent=2))
    else:
        for shot in shots:
            print(f"{shot.path}\t{shot.width}x{shot.height}\tmonitor {shot.monitor.index}"
                  + (" (principal)" if shot.monitor.primary else ""))
    return 0


def _describe(m) -> str:
    scale = f", escala {round(m.scale * 100)} %" if m.scale else ""
    primary = ", principal" if m.primary else ""
    name = f" {m.name}" if m.name else ""
    return f"monitor {m.index}:{name} {m.width}x{m.height} em ({m.left}, {m.top}){scale}{primary}"
