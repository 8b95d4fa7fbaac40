"""Uploads: streamed to disk, attached to comments, served back byte-for-byte, tokens that expire."""

from __future__ import annotations

import hashlib
import os

import requests

from tests.portal.local.conftest import new_request


def _chunks(data: bytes, size: int = 256 * 1024):
    for i in range(0, len(data), size):
        yield data[i:i + size]


def test_streamed_upload_round_trips_with_equal_sha256(portal, customer):
    data = os.urandom(6 * 1024 * 1024 + 17)
    r = customer.post(f"{portal.url}/api/v2/uploads", params={"filename": "bundle.zip"}, data=_chunks(data),
                      headers={"Content-Type": "application/zip"})  # chunked transfer encoding
    assert r.status_code == 201, r.text
    upload = r.json()["upload"]
    assert set(upload) == {"token", "attachment", "attachments"}
    att = upload["attachment"]
    assert (att["file_name"], att["content_type"], att["size"]) == ("bundle.zip", "application/zip", len(data))
    assert {"id", "content_url"} <= set(att) and upload["attachments"] == [att]
    req = new_request(customer, comment={"body": "com anexo", "uploads": [upload["token"]]})
    comments = customer.get(f"{portal.url}/api/v2/requests/{req['id']}/comments").json()["comments"]
    served = comments[0]["attachments"][0]
    assert served["id"] == att["id"]
    got = customer.get(served["content_url"])
    assert got.status_code == 200
    assert got.headers["Content-Type"].startswith("application/zip")
    assert hashlib.sha256(got.content).hexdigest() == hashlib.sha256(data).hexdigest()
    assert not list((portal.files_dir / "tmp").glob("*.part"))


def test_content_type_guessed_when_absent_and_token_groups_files(portal, customer):
    first = customer.post(f"{portal.url}/api/v2/uploads?filename=tela.png", data=b"\x89PNG....",
                          headers={"Content-Type": ""}).json()["upload"]
    assert first["attachment"]["content_type"] == "image/png"
    second = customer.post(f"{portal.url}/api/v2/uploads.json",
                           params={"filename": "log.txt", "token": first["token"]}, data=b"linha",
                           headers={"Content-Type": "text/plain"}).json()["upload"]
    assert second["token"] == first["token"]
    assert [a["file_name"] for a in second["attachments"]] == ["tela.png", "log.txt"]


def test_missing_filename_is_400(portal, customer):
    assert customer.post(f"{portal.url}/api/v2/uploads", data=b"x").status_code == 400


def test_upload_needs_authentication(portal):
    r = requests.post(f"{portal.url}/api/v2/uploads?filename=a.txt", data=b"x", timeout=10)
    assert r.status_code == 401


def test_delete_unused_upload(portal, customer):
    up = customer.post(f"{portal.url}/api/v2/uploads?filename=a.txt", data=b"x").json()["upload"]
    assert customer.delete(f"{portal.url}/api/v2/uploads/{up['token']}").status_code == 204
    assert customer.delete(f"{portal.url}/api/v2/uploads/{up['token']}").status_code == 404
    assert customer.get(up["attachment"]["content_url"]).status_code == 404
    r = customer.post(f"{portal.url}/api/v2/requests",
                      json={"request": {"comment": {"body": "b", "uploads": [up["token"]]}}})
    assert r.status_code == 404
    assert customer.get(f"{portal.url}/api/v2/requests").json()["requests"] == []  # nothing filed


def test_token_expires_after_60_minutes_of_portal_clock(portal, customer, clock):
    up = customer.post(f"{portal.url}/api/v2/uploads?filename=a.txt", data=b"x").json()["upload"]
    clock.advance(minutes=59)
    still = customer.post(f"{portal.url}/api/v2/uploads?filename=b.txt&token={up['token']}", data=b"y")
    assert still.status_code == 201
    clock.advance(minutes=1)
    # unattached after its lifetime: deleted and 404 (Zendesk), for a comment naming it too
    r = customer.post(f"{portal.url}/api/v2/requests",
                      json={"request": {"comment": {"body": "b", "uploads": [up["token"]]}}})
    assert (r.status_code, r.json()["error"]) == (404, "RecordNotFound")
    assert customer.get(f"{portal.url}/api/v2/requests").json()["requests"] == []  # nothing filed
    again = customer.post(f"{portal.url}/api/v2/uploads?filename=c.txt&token={up['token']}", data=b"z")
    assert again.status_code == 404
    assert customer.get(up["attachment"]["content_url"]).status_code == 404


def test_expire_uploads_helper_and_sweep(portal, customer):
    up = customer.post(f"{portal.url}/api/v2/uploads?filename=a.txt", data=b"x").json()["upload"]
    assert portal.expire_uploads() == 1
    portal.run_rules()
    assert customer.get(up["attachment"]["content_url"]).status_code == 404
    assert [p.name for p in portal.files_dir.iterdir() if p.is_file()] == []


def test_token_attaches_once(portal, customer):
    up = customer.post(f"{portal.url}/api/v2/uploads?filename=a.txt", data=b"x").json()["upload"]
    req = new_request(customer, comment={"body": "1", "uploads": [up["token"]]})
    r = customer.put(f"{portal.url}/api/v2/requests/{req['id']}",
                     json={"request": {"comment": {"body": "2", "uploads": [up["token"]]}}})
    assert r.status_code == 200
    comments = customer.get(f"{portal.url}/api/v2/requests/{req['id']}/comments").json()["comments"]
    assert [len(c["attachments"]) for c in comments] == [1, 0]


def test_upload_over_50_mb_is_refused(portal, customer):
    limit = 50 * 1024 * 1024
    r = customer.post(f"{portal.url}/api/v2/uploads?filename=big.bin", data=b"\0" * (limit + 1))
    assert r.status_code == 413
    chunked = customer.post(f"{portal.url}/api/v2/uploads?filename=big.bin",
                            data=_chunks(b"\0" * (limit + 1), 4 * 1024 * 1024))
    assert chunked.status_code == 413
    assert not [p for p in portal.files_dir.iterdir() if p.is_file()]
    assert not list((portal.files_dir / "tmp").glob("*.part"))
    exact = customer.post(f"{portal.url}/api/v2/uploads?filename=ok.bin", data=b"\0" * limit)
    assert exact.status_code == 201


def test_attachments_are_private_to_the_ticket(portal, customer, agent, admin):
    up = customer.post(f"{portal.url}/api/v2/uploads?filename=a.txt", data=b"segredo").json()["upload"]
    url = up["attachment"]["content_url"]
    other_user_token = admin.post(f"{portal.url}/api/v2/api_tokens",
                                  json={"token": {"description": "x"}}).json()["api_token"]["token"]
    assert other_user_token
    outsider = admin.post(f"{portal.url}/api/v2/users",
                          json={"user": {"email": "outro@cliente.com.br", "role": "end-user"}}).json()["user"]
    token = admin.post(f"{portal.url}/api/v2/api_tokens",
                       json={"token": {"user_id": outsider["id"]}}).json()["api_token"]["token"]
    assert requests.get(url, auth=("outro@cliente.com.br/token", token), timeout=10).status_code == 404
    assert requests.get(url, timeout=10).status_code == 401
    assert agent.get(url).content == b"segredo"
