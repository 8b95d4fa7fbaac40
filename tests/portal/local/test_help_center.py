"""Knowledge base: our Portuguese articles, accent-tolerant search, pages served for the browser."""

from __future__ import annotations

import requests

from collector.portal.local import help_center


def _search(portal, query, **params):
    r = requests.get(f"{portal.url}/api/v2/help_center/articles/search",
                     params={"query": query, "locale": "pt-br", **params}, timeout=10)
    assert r.status_code == 200
    return r.json()["results"]


def test_articles_are_ours_and_in_portuguese():
    articles = help_center.articles()
    assert 5 <= len(articles) <= 8
    assert len({a.id for a in articles}) == len(articles)
    assert all(a.title and len(a.text) > 200 for a in articles)


def test_search_tolerates_accents_and_case(portal):
    with_accents = _search(portal, "Conexão com o BANCO")
    without = _search(portal, "conexao banco")
    assert with_accents and [r["id"] for r in with_accents] == [r["id"] for r in without]
    assert with_accents[0]["title"] == "Erro de conexão com o banco de dados (SQL Server ou Oracle)"


def test_search_results_have_zendesk_fields(portal):
    (first, *_) = _search(portal, "rmerror")
    assert {"id", "title", "html_url", "snippet", "body", "url", "locale"} <= set(first)
    assert first["title"].startswith("Como gerar e localizar o arquivo RMError")
    assert "<em>RMError</em>" in first["snippet"]


def test_html_url_opens_a_page(portal):
    (first, *_) = _search(portal, "versão do RM")
    page = requests.get(first["html_url"], timeout=10)
    assert page.status_code == 200 and "text/html" in page.headers["Content-Type"]
    assert first["title"] in page.text


def test_no_match_and_other_locale_are_empty(portal):
    assert _search(portal, "xyzzy") == []
    assert _search(portal, "rmerror", locale="en-us") == []


def test_missing_query_is_400(portal):
    assert requests.get(f"{portal.url}/api/v2/help_center/articles/search", timeout=10).status_code == 400


def test_home_and_new_request_pages(portal):
    home = requests.get(portal.url + "/", timeout=10)
    assert home.status_code == 200 and "Modo demonstração" in home.text
    assert requests.get(portal.url + "/hc/pt-br/requests/new", timeout=10).status_code == 200
    assert requests.get(portal.url + "/hc/pt-br/nada", timeout=10).status_code == 404


def test_new_request_form_files_a_ticket_with_attachments(portal, customer):
    acc = portal.accounts["end-user"]
    r = requests.post(portal.url + "/hc/pt-br/requests/new",
                      data={"email": acc["email"], "secret": acc["token"], "subject": "Manual",
                            "description": "Enviado pelo navegador"},
                      files=[("attachments", ("RMError.txt", b"erro", "text/plain")),
                             ("attachments", ("tela.png", b"\x89PNG", "image/png"))], timeout=10)
    assert r.status_code == 200 and "criado com 2 anexos" in r.text
    (req,) = customer.get(f"{portal.url}/api/v2/requests").json()["requests"]
    comments = customer.get(f"{portal.url}/api/v2/requests/{req['id']}/comments").json()["comments"]
    assert [a["file_name"] for a in comments[0]["attachments"]] == ["RMError.txt", "tela.png"]


def test_new_request_form_refuses_bad_credentials(portal):
    r = requests.post(portal.url + "/hc/pt-br/requests/new",
                      data={"email": "cliente@portal.local", "secret": "errado", "subject": "x", "description": "y"},
                      timeout=10)
    assert r.status_code == 401 and "incorretos" in r.text
