"""The read-only database probe (issue 7): SQL Server through pyodbc, Oracle through oracledb (thin).

Modules: ``target`` (which alias, which password), ``connstr`` (connection strings and DSNs for every
``DbServer`` form of SPEC §3), ``drivers`` (the best installed ODBC driver), ``errors`` (driver errors
→ one Portuguese sentence, secrets scrubbed), ``queries`` (the fixed, read-only query sets),
``execute`` (each query under its own timeout), ``facts`` (rows → facts), ``sqlserver``/``oracle``
(the two sessions), ``report`` (bundle files and the ticket line) and ``probe`` (``DatabaseProbe``).

Nothing here imports pyodbc or oracledb at module level: they load inside the probe's child process.
"""
