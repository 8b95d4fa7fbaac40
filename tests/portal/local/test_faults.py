"""Fault injection against the local portal on 127.0.0.1: each fault is observable by a real client."""

from __future__ import annotations

import os

import pytest
import requests

from tests.portal.local.conftest import new_request


def test_500_burst_then_recovers_without_processing(portal, customer):
    portal.faults.fail_next(3, status=500)
    payload = {"request": {"comment": {"body": "não deve ser criado"}}}
    codes = [customer.post(f"{portal.url}/api/v2/requests", json=payload) for _ in range(3)]
    assert [r.status_code for r in codes] == [500, 500, 500]
    assert all("X-Rate-Limit-Remaining" in r.headers for r in codes)
    assert customer.get(f"{portal.url}/api/v2/requests").json()["requests"] == []
    assert customer.post(f"{portal.url}/api/v2/requests", json=payload).status_code == 201
    assert portal.faults.played["fail"] == 3


def test_429_and_503_carry_retry_after(portal, customer):
    portal.faults.rate_limit_next(1, retry_after=7)
    portal.faults.fail_next(1, status=503)
    first = customer.get(f"{portal.url}/api/v2/users/me")
    second = customer.get(f"{portal.url}/api/v2/users/me")
    assert (first.status_code, first.headers["Retry-After"]) == (429, "7")
    assert (second.status_code, second.headers["Retry-After"]) == (503, "1")
    assert customer.get(f"{portal.url}/api/v2/users/me").status_code == 200


def test_faults_can_target_a_path_and_method(portal, customer):
    portal.faults.fail_next(1, status=500, path="/api/v2/uploads", method="POST")
    assert customer.get(f"{portal.url}/api/v2/users/me").status_code == 200
    assert customer.post(f"{portal.url}/api/v2/uploads?filename=a.txt", data=b"x").status_code == 500
    assert customer.post(f"{portal.url}/api/v2/uploads.json?filename=a.txt", data=b"x").status_code == 201


@pytest.mark.parametrize(("status", "error"), [(401, "Couldn't authenticate you"), (422, "RecordInvalid")])
def test_injected_permanent_errors_have_zendesk_bodies(portal, customer, status, error):
    portal.faults.fail_next(1, status=status)
    r = customer.get(f"{portal.url}/api/v2/users/me")
    assert (r.status_code, r.json()["error"]) == (status, error)


def test_slow_response_times_out_the_client_but_the_work_is_done(portal, customer):
    portal.faults.delay_next(1, seconds=1.5, path="/api/v2/requests", method="POST")
    payload = {"request": {"comment": {"body": "bundle 7"}}}
    with pytest.raises(requests.ReadTimeout):
        customer.post(f"{portal.url}/api/v2/requests", json=payload, timeout=(5, 0.3))
    assert len(customer.get(f"{portal.url}/api/v2/requests").json()["requests"]) == 1


def test_commit_then_drop_files_the_ticket_and_resets_the_connection(portal, customer):
    portal.faults.commit_then_drop(1, path="/api/v2/requests", method="POST")
    payload = {"request": {"comment": {"body": "bundle 8"}}}
    with pytest.raises(requests.ConnectionError):
        customer.post(f"{portal.url}/api/v2/requests", json=payload, timeout=10)
    assert portal.faults.played["drop"] == 1
    assert [r["description"] for r in customer.get(f"{portal.url}/api/v2/requests").json()["requests"]] \
        == ["bundle 8"]


def test_delayed_commit_appears_after_the_client_gave_up(portal, customer):
    import time

    portal.faults.delay_commit(1, seconds=1.2, path="/api/v2/requests", method="POST")
    payload = {"request": {"comment": {"body": "bundle 9"}}}
    with pytest.raises(requests.ReadTimeout):
        customer.post(f"{portal.url}/api/v2/requests", json=payload, timeout=(5, 0.5))
    assert customer.get(f"{portal.url}/api/v2/requests").json()["requests"] == []  # not yet
    deadline = time.monotonic() + 10
    while not customer.get(f"{portal.url}/api/v2/requests").json()["requests"]:
        assert time.monotonic() < deadline
        time.sleep(0.1)


def test_connection_reset_in_the_middle_of_an_upload_body(portal, customer):
    data = os.urandom(4 * 1024 * 1024)
    portal.faults.reset_upload_after(1024 * 1024)
    with pytest.raises(requests.ConnectionError):
        customer.post(f"{portal.url}/api/v2/uploads?filename=big.bin", data=data, timeout=30)
    assert portal.faults.played["reset"] == 1
    # the half-sent file left nothing behind, and the next attempt goes through whole
    assert [p for p in portal.files_dir.iterdir() if p.is_file()] == []
    r = customer.post(f"{portal.url}/api/v2/uploads?filename=big.bin", data=data, timeout=30)
    assert r.status_code == 201 and r.json()["upload"]["attachment"]["size"] == len(data)


def test_reset_only_hits_uploads(portal, customer):
    portal.faults.reset_upload_after(10)
    new_request(customer, body="x" * 5000)  # not an upload: untouched
    with pytest.raises(requests.ConnectionError):
        customer.post(f"{portal.url}/api/v2/uploads?filename=a.bin", data=b"y" * 5000, timeout=30)


def test_expired_upload_token_fault(portal, customer):
    up = customer.post(f"{portal.url}/api/v2/uploads?filename=a.txt", data=b"x").json()["upload"]
    portal.expire_uploads()
    r = customer.post(f"{portal.url}/api/v2/uploads?filename=b.txt&token={up['token']}", data=b"y")
    assert r.status_code == 404


def test_rate_limit_remaining_can_be_forced_low(portal, customer):
    portal.faults.rate_limit_remaining = 3
    assert customer.get(f"{portal.url}/api/v2/users/me").headers["X-Rate-Limit-Remaining"] == "3"
    portal.faults.clear()
    assert int(customer.get(f"{portal.url}/api/v2/users/me").headers["X-Rate-Limit-Remaining"]) > 3
