"""The fixed, read-only query sets. Every statement here is a constant ``SELECT``: nothing takes user
input and nothing writes (a test checks both).

A query may list alternatives, tried in order when the previous one fails for a reason another
statement avoids (a view that this version lacks or that this user may not read): e.g. Oracle's size
from ``dba_data_files`` (whole database, needs a DBA grant) falls back to ``user_segments`` (the RM
schema). ``min_major`` skips a query on older servers; ``optional`` failures are reported as
``unsupported`` rather than errors.

Values that pyodbc cannot fetch natively (``sql_variant`` from SERVERPROPERTY, ``datetimeoffset``)
are converted to text on the server.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Query:
    name: str
    sql: tuple[str, ...]           # alternatives, in order
    description: str               # Portuguese, shown in the per-query status
    many: bool = False             # a list of rows (else the first row)
    max_rows: int = 1
    min_major: int | None = None   # SQL Server major version needed (15 = 2019, 16 = 2022)
    optional: bool = False
    table: str | None = None       # the table read, to name it in messages when the driver does not


#: the coligadas (companies) and filiais (branches) of RM — portable SQL, same on both servers
COLIGADAS = Query(
    "coligadas",
    ("SELECT CODCOLIGADA, NOME FROM GCOLIGADA ORDER BY CODCOLIGADA",),
    "coligadas (GCOLIGADA)", many=True, max_rows=2000, table="GCOLIGADA")
FILIAIS = Query(
    "filiais",
    ("SELECT CODCOLIGADA, CODFILIAL, NOME FROM GFILIAL ORDER BY CODCOLIGADA, CODFILIAL",),
    "filiais (GFILIAL)", many=True, max_rows=5000, table="GFILIAL")

RM_QUERIES = (COLIGADAS, FILIAIS)

SQLSERVER_QUERIES = (
    Query("server", ("""
SELECT CAST(SERVERPROPERTY('ProductVersion') AS nvarchar(128)) AS product_version,
       CAST(SERVERPROPERTY('ProductLevel') AS nvarchar(128)) AS product_level,
       CAST(SERVERPROPERTY('ProductUpdateLevel') AS nvarchar(128)) AS product_update_level,
       CAST(SERVERPROPERTY('Edition') AS nvarchar(128)) AS edition,
       CAST(SERVERPROPERTY('EngineEdition') AS int) AS engine_edition,
       CAST(SERVERPROPERTY('Collation') AS nvarchar(128)) AS server_collation,
       CAST(SERVERPROPERTY('ServerName') AS nvarchar(256)) AS server_name,
       @@VERSION AS version_text
""".strip(),), "versão e edição do servidor"),
    Query("database", ("""
SELECT d.name, d.collation_name, d.compatibility_level, d.recovery_model_desc, d.state_desc,
       d.is_read_committed_snapshot_on, d.snapshot_isolation_state_desc
FROM sys.databases AS d
WHERE d.database_id = DB_ID()
""".strip(),), "collation e nível de compatibilidade do banco"),
    Query("size", ("""
SELECT CAST(SUM(CAST(f.size AS bigint)) * 8 / 1024.0 AS decimal(18, 1)) AS size_mb,
       CAST(SUM(CASE WHEN f.type_desc = 'ROWS' THEN CAST(f.size AS bigint) ELSE 0 END) * 8 / 1024.0
            AS decimal(18, 1)) AS data_mb,
       CAST(SUM(CASE WHEN f.type_desc = 'LOG' THEN CAST(f.size AS bigint) ELSE 0 END) * 8 / 1024.0
            AS decimal(18, 1)) AS log_mb
FROM sys.database_files AS f
""".strip(),), "tamanho do banco"),
    Query("time", ("""
SELECT CONVERT(nvarchar(40), SYSDATETIMEOFFSET(), 127) AS server_time,
       DATEPART(TZOFFSET, SYSDATETIMEOFFSET()) AS utc_offset_minutes
""".strip(),), "data, hora e fuso do servidor"),
    Query("timezone", ("SELECT CURRENT_TIMEZONE() AS timezone_name",),
          "nome do fuso horário do servidor", min_major=16, optional=True),
    *RM_QUERIES,
)

ORACLE_QUERIES = (
    Query("server", (
        "SELECT banner_full AS banner FROM v$version WHERE banner LIKE 'Oracle%'",   # 18c+
        "SELECT banner FROM v$version WHERE banner LIKE 'Oracle%'",
    ), "versão e edição do servidor"),
    Query("version", (
        "SELECT version_full AS version FROM product_component_version WHERE product LIKE 'Oracle%'",
        "SELECT version FROM product_component_version WHERE product LIKE 'Oracle%'",
    ), "versão completa (com o release update)", optional=True),
    Query("nls", ("SELECT parameter, value FROM nls_database_parameters ORDER BY parameter",),
          "conjunto de caracteres e parâmetros NLS do banco", many=True, max_rows=100),
    Query("compatibility", (
        "SELECT value FROM database_compatible_level",
        "SELECT value FROM v$parameter WHERE name = 'compatible'",
    ), "parâmetro COMPATIBLE", optional=True),
    Query("size", (
        "SELECT ROUND(SUM(bytes) / 1048576, 1) AS size_mb, 'database' AS scope FROM dba_data_files",
        "SELECT ROUND(SUM(bytes) / 1048576, 1) AS size_mb, 'schema' AS scope FROM user_segments",
    ), "tamanho do banco (ou do esquema do RM)"),
    Query("time", ("""
SELECT TO_CHAR(SYSTIMESTAMP, 'YYYY-MM-DD"T"HH24:MI:SS.FF3TZH:TZM') AS server_time,
       DBTIMEZONE AS db_timezone
FROM dual
""".strip(),), "data, hora e fuso do servidor"),
    *RM_QUERIES,
)

#: statements run once per Oracle session before the queries (a read-only transaction)
ORACLE_SESSION_SETUP = ("SET TRANSACTION READ ONLY",)


def all_statements() -> list[str]:
    """Every statement this package can send (the read-only test walks them)."""
    out = [sql for q in (*SQLSERVER_QUERIES, *ORACLE_QUERIES) for sql in q.sql]
    return [*out, *ORACLE_SESSION_SETUP]
