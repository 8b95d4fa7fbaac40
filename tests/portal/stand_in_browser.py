"""A scripted stand-in for the system browser (``$BROWSER``): it does what a person does on the
portal's pages — opens the authorization URL, fills in the sign-in form, allows on the consent page
and follows the redirect to the collector's loopback address.

Environment: ``STANDIN_EMAIL``, ``STANDIN_PASSWORD``; ``STANDIN_MODE`` = ``allow`` (default),
``deny``, ``close`` (the tab is closed before the redirect), ``wrong_state`` (the redirect carries
another state); ``STANDIN_LOG``: a file where the redirect address is written (a test replays it).
"""

from __future__ import annotations

import os
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import requests


class _Forms(HTMLParser):
    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append({"action": attrs.get("action") or "", "fields": {}})
        elif tag == "input" and self.forms and attrs.get("type") == "hidden":
            self.forms[-1]["fields"][attrs["name"]] = attrs.get("value") or ""


def _form(page: requests.Response) -> dict:
    parser = _Forms()
    parser.feed(page.text)
    assert parser.forms, f"no form on {page.url} (HTTP {page.status_code})"
    return parser.forms[0]


def main(url: str) -> int:
    mode = os.environ.get("STANDIN_MODE", "allow")
    with requests.Session() as s:
        page = s.get(url, timeout=30)
        form = _form(page)
        signed = s.post(urljoin(page.url, form["action"]), timeout=30,
                        data={**form["fields"], "email": os.environ["STANDIN_EMAIL"],
                              "password": os.environ["STANDIN_PASSWORD"]})
        consent = _form(signed)
        decision = "deny" if mode == "deny" else "allow"
        answer = s.post(urljoin(signed.url, consent["action"]), data={**consent["fields"], "decision": decision},
                        allow_redirects=False, timeout=30)
        target = answer.headers["Location"]
        if mode == "wrong_state":
            parts = urlsplit(target)
            query = dict(parse_qsl(parts.query))
            query["state"] = "outro-pedido"
            target = urlunsplit(parts._replace(query=urlencode(query)))
        if os.environ.get("STANDIN_LOG"):
            with open(os.environ["STANDIN_LOG"], "a", encoding="utf-8") as log:
                log.write(target + "\n")
        if mode == "close":
            return 0
        done = s.get(target, timeout=30)
        return 0 if "pode fechar esta aba" in done.text.lower() else 1


def command(folder: Path) -> Path:
    """An executable that runs this script: what ``$BROWSER`` names (``webbrowser`` runs it with the URL)."""
    path = folder / "navegador"
    path.write_text(f"#!/bin/sh\nexec '{sys.executable}' '{Path(__file__).resolve()}' \"$@\"\n", encoding="utf-8")
    path.chmod(0o755)
    return path


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
