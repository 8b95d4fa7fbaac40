"""Redaction throughput on one core (SPEC §6: ≥ 50 MB/s; sos clean ≈ 2.3 MB/s; naive ≈ 8 MB/s).

Generates ERP-style RM TRACKLOG files (SPEC §3 line template, SQL statements, stack traces,
connection strings, occasional CPFs, e-mails and host names, CRLF), then measures in one run:

- ``Redactor.redact_file`` (the real path: sniff, decode, all rules, encode, write), and
- a naive five-regex pass (line by line, case-insensitive ``re.sub``), the reference of SPEC §4.8,
- ``sos clean`` (Debian's ``sosreport`` package, the reference cleaner of SPEC §4.8) on a copy of the
  same file inside an sos-report-shaped folder (``sos_logs/`` marks it), single job, in place
  (``tests/benchmarks/setup-system`` installs it),

and prints MB/s of both and their ratio, the peak memory of a process that redacts the file, and
the speed on adversarial one-line inputs (repeated triggers, endless tokens) that a careless regex
turns quadratic. Usage::

    .venv/bin/python tests/benchmarks/bench_redact.py [--mb 100] [--repeat 3] [--keep DIR]
"""

from __future__ import annotations

import argparse
import io
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from collector.redact import RedactOptions, Redactor  # noqa: E402

CONTEXTS = ["", "", "", "RM.Lib.Data.DbServices", "RM.Fop.Calculo.FopCalcFolha", "RM.Glb.Security.SecurityService",
            "RM.Lib.Server.RMSServer", "RM.Con.Contabil.ConLancamento"]
LEGACY = ["", "", "LGC", "RMS"]
LEVELS = ["INF"] * 12 + ["DBG"] * 6 + ["VRB"] * 2 + ["WRN"] * 2 + ["ERR", "FTL", "LGC"]
MESSAGES = [
    "Iniciando processo {proc} para coligada {col} filial {fil}",
    "Processo {proc} concluído em {ms} ms",
    "Usuário {user} autenticado no servidor {host}:8050",
    "Carregando dataset {table} ({n} registros)",
    "Cálculo da folha: funcionário CHAPA={chapa} evento {ev} valor {val}",
    "Requisição recebida de {host} na porta 8051 (thread {n})",
    "Cache de metadados atualizado: {n} itens, {ms} ms",
    "JobServer: job {n} enfileirado pelo usuário {user}",
    "Conexão com o banco {db} aberta em {ms} ms",
    "Fechando sessão {guid} do usuário {user}",
]
TABLES = ["PFUNC", "PPESSOA", "GCOLIGADA", "GFILIAL", "PFFINANC", "CLANCA", "TMOV", "TITMMOV", "FLAN", "PEVENTO"]
USERS = ["mestre", "joao.silva", "maria.souza", "rm.integracao", "ana.lima"]
HOSTS = ["APPSRV01", "DBSRV", "RMWEB02", "TSRV-RH"]
KNOWN_SECRETS = ["Senha123!", "Pl4nt@d0-S3nh4-RM!"]


def _ts(rng: random.Random) -> str:
    return (f"2026-11-{rng.randint(20, 28):02d} {rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:"
            f"{rng.randint(0, 59):02d}.{rng.randint(0, 999):03d} -03:00")


def _cpf(rng: random.Random) -> str:
    d = [rng.randint(0, 9) for _ in range(9)]
    for n in (9, 10):
        d.append((sum(d[i] * (n + 1 - i) for i in range(n)) * 10 % 11) % 10)
    s = "".join(map(str, d))
    return f"{s[:3]}.{s[3:6]}.{s[6:9]}-{s[9:]}" if rng.random() < 0.5 else s


def _head(rng: random.Random, level: str | None = None) -> str:
    return f"{rng.choice(CONTEXTS)}{_ts(rng)} {rng.choice(LEGACY)} [{level or rng.choice(LEVELS)}] "


def _sql(rng: random.Random) -> str:
    t = rng.choice(TABLES)
    cols = ", ".join(f"{t}.{c}" for c in rng.sample(["CODCOLIGADA", "CHAPA", "NOME", "CODSITUACAO", "DATAADMISSAO",
                                                     "SALARIO", "CODFUNCAO", "CODSECAO", "IDMOV", "VALOR"], 5))
    return (f"Executando SQL: SELECT {cols} FROM {t} (NOLOCK) INNER JOIN GCOLIGADA ON GCOLIGADA.CODCOLIGADA = "
            f"{t}.CODCOLIGADA WHERE {t}.CODCOLIGADA = @CODCOLIGADA AND {t}.CHAPA = '{rng.randint(1, 99999):05d}' "
            f"AND {t}.DATAADMISSAO >= '2020-01-01' ORDER BY {t}.NOME -- parâmetros: @CODCOLIGADA={rng.randint(1, 9)}")


def _stack(rng: random.Random) -> list[str]:
    frames = ["RM.Lib.Data.DbServices.ExecuteReader(String sql, Object[] parameters)",
              "RM.Fop.Calculo.FopCalcFolha.CalculaEvento(FopCalcContext ctx, Int32 codEvento)",
              "System.Data.SqlClient.SqlConnection.OnError(SqlException exception, Boolean breakConnection)",
              "RM.Lib.Server.RMSServer.ExecuteProcess(RMSProcessParams params, CancellationToken cancellationToken)",
              "System.Threading.Tasks.Task.Execute()"]
    lines = [_head(rng, "ERR") + "Erro ao executar processo FopCalcFolha: System.Data.SqlClient.SqlException "
             "(0x80131904): Timeout expired. The timeout period elapsed prior to completion of the operation."]
    for _ in range(rng.randint(4, 12)):
        f = rng.choice(frames)
        lines.append(f"   at {f} in C:\\build\\RM\\Src\\{f.split('.')[1]}\\{f.split('(')[0].split('.')[-2]}.cs:line "
                     f"{rng.randint(10, 4000)}")
    a, b, c, d, e = (rng.getrandbits(n) for n in (32, 16, 16, 16, 48))
    lines.append(f"ClientConnectionId:{a:08x}-{b:04x}-{c:04x}-{d:04x}-{e:012x}")
    return lines


def _line(rng: random.Random) -> list[str]:
    r = rng.random()
    if r < 0.12:
        return [_head(rng, "DBG") + _sql(rng)]
    if r < 0.16:
        return _stack(rng)
    if r < 0.17:
        return [_head(rng, "DBG") + f"Abrindo conexão: Data Source={rng.choice(HOSTS)}\\RM;Initial Catalog=CORPORERM;"
                f"User ID=rm;Password=Senha{rng.randint(100, 999)}!;Pooling=true;Connect Timeout=30"]
    if r < 0.18:
        return [_head(rng) + f"Validando cadastro do funcionário CPF {_cpf(rng)} na coligada {rng.randint(1, 9)}"]
    if r < 0.185:
        return [_head(rng) + f"E-mail de recibo enviado para {rng.choice(USERS)}@empresa.com.br"]
    if r < 0.187:
        return [_head(rng, "DBG") + f"Chamada REST com Authorization: Bearer {rng.getrandbits(128):032x}"]
    if r < 0.19:
        return [""]  # blank line
    msg = rng.choice(MESSAGES).format(
        proc=rng.choice(["FopCalcFolha", "GlbIntegracao", "MovFaturamento"]), col=rng.randint(1, 9),
        fil=rng.randint(1, 20), ms=rng.randint(1, 90000), user=rng.choice(USERS), host=rng.choice(HOSTS),
        table=rng.choice(TABLES), n=rng.randint(1, 50000), chapa=f"{rng.randint(1, 99999):05d}",
        ev=f"{rng.randint(1, 999):04d}", val=f"{rng.uniform(0, 20000):.2f}", db="CORPORERM",
        guid=f"{rng.getrandbits(128):032x}")
    return [_head(rng) + msg]


def generate(path: Path, megabytes: int, seed: int = 2406) -> int:
    """About ``megabytes`` MB of CRLF log entries (an entry may span lines: stack traces)."""
    rng = random.Random(seed)
    pool = [_line(rng) for _ in range(30000)]
    target = megabytes << 20
    written = 0
    with open(path, "wb") as out:
        while written < target:
            rng.shuffle(pool)
            block = "".join(line + "\r\n" for entry in pool for line in entry).encode("utf-8")
            part = block[: target - written]
            cut = part.rfind(b"\n") + 1
            if not cut:
                break
            part = part[:cut]
            out.write(part)
            written += len(part)
    return written


# SPEC §4.8's reference: five case-insensitive regexes applied line by line
NAIVE = [
    (re.compile(r"(password|pwd)\s*=\s*[^;\"'\s]+", re.I), r"\1=********"),
    (re.compile(r"\b\d{3}\.?\d{3}\.?\d{3}-?\d{2}\b"), "CPF"),
    (re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+"), "EMAIL"),
    (re.compile(r"bearer\s+[\w.~+/=-]+", re.I), "Bearer ********"),
    (re.compile(r"\b([0-9a-f]{2}[:-]){5}[0-9a-f]{2}\b", re.I), "MAC"),
]


def naive_pass(path: Path) -> int:
    n = 0
    with open(path, encoding="utf-8", newline="") as src:
        for line in src:
            for rx, repl in NAIVE:
                line = rx.sub(repl, line)
            n += len(line)
    return n


class _Sink(io.RawIOBase):
    def writable(self) -> bool:
        return True

    def write(self, b) -> int:
        return len(b)


ADVERSARIAL = {
    "base64 blob": lambda rng: __import__("base64").b64encode(rng.randbytes(3 << 20)),
    "keyword soup": lambda rng: b"passwordkeytokensenhachave" * 120000,
    "token=token=...": lambda rng: b"token=" * 500000,
    "Authorization:...": lambda rng: b"Authorization:" * 200000,
    "eyJ without dots": lambda rng: b"eyJ" * 1000000,
    '"token": "...': lambda rng: b'"token": "' * 300000,
    "<password><![CDATA[": lambda rng: b"<password><![CDATA[" * 150000,
    "digits": lambda rng: b"1" * 3000000,
    "@a@a@a": lambda rng: b"@a" * 1500000,
}


def adversarial() -> None:
    rng = random.Random(7)
    for name, make in ADVERSARIAL.items():
        data = make(rng)
        t = time.perf_counter()
        Redactor().redact_file(io.BytesIO(data), _Sink(), allow_binary=True)
        dt = time.perf_counter() - t
        print(f"  {name:22s} {len(data) / 2**20:4.1f} MB, one line: {len(data) / 2**20 / dt:7.1f} MB/s")


def _peak_rss_mb(path: Path) -> float:
    """Peak RSS of a fresh interpreter that only redacts ``path`` (streaming: flat in the file size)."""
    code = (
        "import io, resource, sys\n"
        "from collector.redact import Redactor, RedactOptions\n"
        "class S(io.RawIOBase):\n"
        "    def writable(self): return True\n"
        "    def write(self, b): return len(b)\n"
        "Redactor(RedactOptions(hostnames=['APPSRV01'])).redact_file(sys.argv[1], S())\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"
    )
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, cwd=root,
                         check=True)
    return int(out.stdout.strip()) / 1024


def sos_clean_rate(log: Path, work: Path) -> tuple[float | None, str]:
    """MB/s of ``sos clean`` on a copy of ``log`` (None and why when sos is not installed)."""
    sos = shutil.which("sos")
    if sos is None:
        return None, "sos não instalado (apt-get install sosreport)"
    report = work / "sosreport-bench"
    shutil.rmtree(report, ignore_errors=True)
    (report / "sos_logs").mkdir(parents=True)
    (report / "sos_logs" / "sos.log").write_text("bench\n")
    target = report / "var" / "log" / "rm"
    target.mkdir(parents=True)
    shutil.copyfile(log, target / log.name)
    scratch = Path(tempfile.mkdtemp(prefix="sos-tmp-", dir=work))
    t = time.perf_counter()
    done = subprocess.run([sos, "clean", str(report), "--batch", "-j", "1", "--no-update",
                           "--tmp-dir", str(scratch), "--keywords", "Senha123!", "--domains", "corp.local"],
                          capture_output=True, text=True, check=False)
    dt = time.perf_counter() - t
    shutil.rmtree(report, ignore_errors=True)
    shutil.rmtree(scratch, ignore_errors=True)
    if done.returncode != 0:
        return None, f"sos clean falhou ({done.returncode}): {(done.stderr or done.stdout).strip()[-200:]}"
    return log.stat().st_size / 2**20 / dt, "ok"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", metavar="DIR", help="write the generated log here (and reuse it)")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})  # one core
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="bench-redact-"))
    work.mkdir(parents=True, exist_ok=True)
    log = work / f"TrackLog-{args.mb}MB.log"
    if not log.exists() or log.stat().st_size < (args.mb << 20) * 0.99:
        t = time.perf_counter()
        generate(log, args.mb)
        print(f"generated {log} in {time.perf_counter() - t:.1f} s")
    size = log.stat().st_size
    mb = size / (1 << 20)

    def measure(make) -> tuple[float, object]:
        best, info = float("inf"), None
        for _ in range(args.repeat):
            redactor = make()
            t = time.perf_counter()
            info = redactor.redact_file(log, _Sink(), kind="logs")
            best = min(best, time.perf_counter() - t)
        return mb / best, info

    full, info = measure(lambda: Redactor(RedactOptions(hostnames=HOSTS, usernames=USERS, ipv4=True),
                                          known_secrets=KNOWN_SECRETS))
    print(f"redactor   : {full:6.1f} MB/s  all rules + IPv4 + 4 host names + 5 user names + 2 known secrets"
          f" (target >= 25 MB/s)")
    print(f"             counts: {dict(sorted(info.counts.items()))}")
    default, _ = measure(Redactor)
    print(f"redactor   : {default:6.1f} MB/s  default options (secrets + personal data)")

    t = time.perf_counter()
    naive_pass(log)
    naive = mb / (time.perf_counter() - t)
    print(f"naive 5-re : {naive:6.1f} MB/s  (SPEC §4.8 reference, same file, same run)")
    print(f"ratio      : {full / naive:.1f}x (all rules) / {default / naive:.1f}x (default) the naive pass;"
          f" bar 50 MB/s (default): {'OK' if default >= 50 else 'BELOW'}")
    sos_rate, why = sos_clean_rate(log, work)
    if sos_rate is None:
        print(f"sos clean  :    n/a  {why}")
    else:
        print(f"sos clean  : {sos_rate:6.1f} MB/s  (same file, same run, one job)")
        print(f"ratio      : {default / sos_rate:.1f}x (default) / {full / sos_rate:.1f}x (all rules) sos clean")
    print(f"peak memory: {_peak_rss_mb(log):.0f} MB RSS for a child process redacting the {mb:.0f} MB file")
    print("adversarial:")
    adversarial()

    if not args.keep:
        log.unlink()
        work.rmdir()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
