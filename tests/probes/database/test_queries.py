"""The query sets are constant, read-only statements."""

import re

from collector.probes.database.queries import (
    ORACLE_QUERIES,
    ORACLE_SESSION_SETUP,
    SQLSERVER_QUERIES,
    all_statements,
)

WRITES = re.compile(r"\b(INSERT|UPDATE|DELETE|MERGE|DROP|ALTER|CREATE|TRUNCATE|GRANT|REVOKE|EXEC|EXECUTE|"
                    r"DECLARE|INTO|COMMIT|BEGIN|CALL|LOCK)\b", re.I)


def test_every_statement_is_a_constant_select():
    statements = all_statements()
    assert len(statements) >= 15
    for sql in statements:
        assert isinstance(sql, str)
        if sql in ORACLE_SESSION_SETUP:
            assert sql == "SET TRANSACTION READ ONLY"
            continue
        assert sql.lstrip().upper().startswith("SELECT"), sql
        assert not WRITES.search(sql), sql
        assert ";" not in sql, sql
        assert "?" not in sql and "{" not in sql and "%s" not in sql, sql  # no placeholders to fill


def test_names_are_unique_and_described():
    for queries in (SQLSERVER_QUERIES, ORACLE_QUERIES):
        names = [q.name for q in queries]
        assert len(names) == len(set(names))
        assert all(q.description and q.sql for q in queries)
        assert {"server", "size", "time", "coligadas", "filiais"} <= set(names)


def test_pyodbc_unfriendly_types_are_converted_on_the_server():
    server = next(q for q in SQLSERVER_QUERIES if q.name == "server").sql[0]
    assert server.count("SERVERPROPERTY") == server.count("CAST(SERVERPROPERTY")  # sql_variant
    time_sql = next(q for q in SQLSERVER_QUERIES if q.name == "time").sql[0]
    assert "CONVERT(nvarchar(40), SYSDATETIMEOFFSET(), 127)" in time_sql  # datetimeoffset
