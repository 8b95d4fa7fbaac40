"""Help center: our knowledge-base articles in Portuguese, their search API and a few HTML pages."""

from __future__ import annotations

import functools
import html
import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from flask import Blueprint, jsonify, render_template_string, request

from collector.portal.local.web import bad_request, base_url, not_found
from collector.portal.settings import HELP_CENTER, request_form_url

bp = Blueprint("help_center", __name__)

LOCALE = "pt-br"
ARTICLES_FILE = Path(__file__).with_name("kb") / "articles.json"
PUBLISHED = "2024-03-01T12:00:00Z"


@dataclass(frozen=True)
class Article:
    id: int
    title: str
    body: str
    labels: tuple[str, ...]

    @property
    def slug(self) -> str:
        return re.sub(r"[^a-z0-9]+", "-", normalize(self.title)).strip("-")

    @property
    def text(self) -> str:
        return html.unescape(re.sub(r"<[^>]+>", " ", self.body)).replace("  ", " ").strip()


def normalize(text: str) -> str:
    """Lower case without accents: "Conexão" and "conexao" match."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@functools.cache
def articles() -> tuple[Article, ...]:
    raw = json.loads(ARTICLES_FILE.read_text(encoding="utf-8"))
    return tuple(Article(a["id"], a["title"], a["body"], tuple(a.get("labels", ()))) for a in raw)


STOP_WORDS = frozenset({
    "a", "ao", "aos", "as", "com", "como", "da", "das", "de", "do", "dos", "e", "em", "na", "nas", "no", "nos",
    "o", "os", "ou", "para", "pela", "pelo", "por", "que", "se", "sem", "um", "uma",
})


def _terms(query: str) -> list[str]:
    words = (w.strip(".") for w in re.findall(r"[a-z0-9.]+", normalize(query)))
    return [w for w in words if len(w) >= 2 and w not in STOP_WORDS]


def search(query: str) -> list[tuple[Article, float]]:
    """Articles matching the query, best first (title and labels weigh more than the body)."""
    terms = _terms(query)
    found = []
    for article in articles():
        title, labels, body = normalize(article.title), normalize(" ".join(article.labels)), normalize(article.text)
        score, matched = 0.0, 0
        for term in terms:
            pattern = re.compile(r"\b" + re.escape(term))
            hits = (3 * len(pattern.findall(title)) + 2 * len(pattern.findall(labels))
                    + len(pattern.findall(body)))
            if hits:
                matched += 1
                score += hits
        if matched:
            found.append((article, score * matched / len(terms)))
    found.sort(key=lambda pair: (-pair[1], pair[0].id))
    return found


def snippet(article: Article, query: str, width: int = 160) -> str:
    """A piece of the article around the first match, matches wrapped in ``<em>`` (Zendesk style)."""
    text = article.text
    plain = normalize(text)  # same length as text for Latin letters: NFKD + strip keeps one char each
    if len(plain) != len(text):
        plain = text.lower()
    terms = _terms(query)
    starts = [m.start() for t in terms for m in [re.search(r"\b" + re.escape(t), plain)] if m]
    begin = max(0, min(starts) - width // 3) if starts else 0
    piece_end = min(len(text), begin + width)
    out, pos = [], begin
    for match in sorted((m for t in terms for m in re.finditer(r"\b" + re.escape(t) + r"\w*", plain[begin:piece_end])),
                        key=lambda m: m.start()):
        s, e = begin + match.start(), begin + match.end()
        if s < pos:
            continue
        out.append(html.escape(text[pos:s]))
        out.append("<em>" + html.escape(text[s:e]) + "</em>")
        pos = e
    out.append(html.escape(text[pos:piece_end]))
    prefix = "..." if begin else ""
    suffix = "..." if piece_end < len(text) else ""
    return prefix + "".join(out).strip() + suffix


def _shape(article: Article, base: str) -> dict:
    return {
        "id": article.id, "url": f"{base}/api/v2/help_center/{LOCALE}/articles/{article.id}.json",
        "html_url": f"{base}{HELP_CENTER}/articles/{article.id}-{article.slug}", "title": article.title,
        "body": article.body, "locale": LOCALE, "source_locale": LOCALE, "author_id": None,
        "comments_disabled": True, "draft": False, "promoted": False, "position": 0, "vote_sum": 0,
        "vote_count": 0, "section_id": 1, "label_names": list(article.labels), "outdated": False,
        "created_at": PUBLISHED, "updated_at": PUBLISHED, "edited_at": PUBLISHED,
    }


@bp.get("/api/v2/help_center/articles/search")
def search_articles():
    query = request.args.get("query", "").strip()
    if not query:
        return bad_request("Informe query.", "InvalidParameter")
    locale = request.args.get("locale", LOCALE).lower()
    base = base_url()
    results = []
    if locale in (LOCALE, "pt", "*"):
        for article, score in search(query):
            shaped = _shape(article, base)
            shaped.update({"snippet": snippet(article, query), "result_type": "article", "score": round(score, 3)})
            results.append(shaped)
    return jsonify({"results": results, "count": len(results), "page": 1, "per_page": 25, "page_count": 1,
                    "next_page": None, "previous_page": None})


@bp.get("/api/v2/help_center/articles")
@bp.get("/api/v2/help_center/<locale>/articles")
def list_articles(locale: str = LOCALE):
    base = base_url()
    shaped = [_shape(a, base) for a in articles()] if locale.lower() == LOCALE else []
    return jsonify({"articles": shaped, "count": len(shaped), "page": 1, "per_page": 30, "page_count": 1,
                    "next_page": None, "previous_page": None})


@bp.get("/api/v2/help_center/articles/<int:article_id>")
@bp.get("/api/v2/help_center/<locale>/articles/<int:article_id>")
def show_article(article_id: int, locale: str = LOCALE):
    for article in articles():
        if article.id == article_id and locale.lower() == LOCALE:
            return jsonify({"article": _shape(article, base_url())})
    return not_found()


# ---- HTML pages (demo mode opens them in the browser) --------------------------------------------

PAGE = """<!doctype html>
<html lang="pt-BR"><head><meta charset="utf-8"><title>{{ title }} — Portal local</title>
<style>
body{font-family:system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#222}
header{border-bottom:3px solid #0b6fb8;margin-bottom:1rem} .demo{background:#fff3cd;padding:.5rem 1rem}
a{color:#0b6fb8} code{background:#f2f2f2;padding:0 .2rem} label{display:block;margin-top:.8rem}
input,textarea{width:100%;box-sizing:border-box;padding:.4rem} button{margin-top:1rem;padding:.5rem 1.5rem}
</style></head><body>
<header><p class="demo">Modo demonstração — os chamados ficam neste computador.</p>
<h1><a href="{{ home }}">Central de Ajuda</a> · {{ title }}</h1></header>
{{ content|safe }}
</body></html>"""


def page(title: str, content: str, status: int = 200):
    return render_template_string(PAGE, title=title, content=content, home=HELP_CENTER), status


def not_found_page():
    return page("Página não encontrada", "<p>A página procurada não existe.</p>", 404)


@bp.get("/")
@bp.get(HELP_CENTER)
@bp.get(HELP_CENTER + "/")
def home():
    items = "".join(f'<li><a href="{HELP_CENTER}/articles/{a.id}-{a.slug}">{html.escape(a.title)}</a></li>'
                    for a in articles())
    return page("Portal de suporte (local)",
                f'<p><a href="{request_form_url("")}">Enviar uma solicitação</a></p>'
                f"<h2>Artigos</h2><ul>{items}</ul>")


@bp.get(HELP_CENTER + "/articles/<slug>")
def article_page(slug: str):
    match = re.match(r"^(\d+)", slug)
    for article in articles():
        if match and article.id == int(match.group(1)):
            return page(article.title, f"<h2>{html.escape(article.title)}</h2>{article.body}")
    return not_found_page()
