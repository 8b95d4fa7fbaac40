"""``collector portal serve|user add``: the local portal (SPEC §4.5) run standalone, and its accounts."""

from __future__ import annotations

import argparse
import sqlite3
from pathlib import Path

from collector.commands import portal_macro
from collector.core.errors import CollectorError, UsageError

HELP = ("portal local de demonstração: servir (serve), contas (user add) e clientes OAuth (client add); "
        "macro de pedido de diagnóstico em qualquer portal (macro install)")

ROLES = ("end-user", "agent", "admin")


def configure(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="portal_command", metavar="AÇÃO")
    serve = sub.add_parser("serve", help="roda o portal local até Ctrl+C",
                           description="Roda o portal local (API do Zendesk) em 127.0.0.1 até Ctrl+C.")
    serve.add_argument("--port", type=int, default=0, metavar="N",
                       help="porta em 127.0.0.1 (padrão: uma porta livre qualquer)")
    serve.add_argument("--data", type=Path, metavar="DIR", help="pasta de dados do portal")
    user = sub.add_parser("user", help="contas do portal local")
    user_sub = user.add_subparsers(dest="user_command", metavar="AÇÃO")
    add = user_sub.add_parser("add", help="adiciona uma conta e mostra seu token de API",
                              description="Adiciona uma conta ao portal local e mostra seu token de API.")
    add.add_argument("email", metavar="EMAIL")
    add.add_argument("--role", choices=ROLES, default="end-user", help="papel da conta (padrão: end-user)")
    add.add_argument("--name", help="nome exibido")
    add.add_argument("--password", action="store_true",
                     help="pede também uma senha (mínimo 12 caracteres, com maiúsculas, minúsculas, "
                          "números e símbolos)")
    add.add_argument("--data", type=Path, metavar="DIR", help="pasta de dados do portal")
    client = sub.add_parser("client", help="clientes OAuth do portal local")
    client_sub = client.add_subparsers(dest="client_command", metavar="AÇÃO")
    cadd = client_sub.add_parser("add", help="registra um cliente OAuth público (PKCE, sem segredo)",
                                 description="Registra um cliente OAuth público (PKCE, sem segredo) com seus "
                                             "endereços de retorno, comparados exatamente como no Zendesk.")
    cadd.add_argument("identifier", metavar="IDENTIFICADOR", help="o client_id (identificador único)")
    cadd.add_argument("--redirect", action="append", required=True, metavar="URL",
                      help="endereço de retorno (http://127.0.0.1:PORTA/...); pode repetir")
    cadd.add_argument("--name", help="nome mostrado na página de autorização")
    cadd.add_argument("--scope", action="append", metavar="ESCOPO", help="escopos (padrão: read e write)")
    cadd.add_argument("--data", type=Path, metavar="DIR", help="pasta de dados do portal")
    portal_macro.configure(sub)


def default_data_dir() -> Path:
    from collector.core.paths import data_dir

    return data_dir() / "local-portal"


def _open(data: Path | None):
    from collector.portal.local import LocalPortal

    folder = data or default_data_dir()
    try:
        portal = LocalPortal(folder)
    except OSError as exc:
        raise CollectorError(f"não foi possível usar a pasta do portal local {folder}: "
                             f"{exc.strerror or exc}") from None
    except sqlite3.DatabaseError as exc:
        raise CollectorError(f"o banco do portal local em {folder} está ilegível: {exc}") from None
    if portal.accounts_file is not None:
        print(f"Contas iniciais (admin, agente e cliente) gravadas em {portal.accounts_file} "
              "(legível só pelo seu usuário).")
    return portal


def _serve(args) -> int:
    if not 0 <= args.port <= 65535:
        raise UsageError(f"porta inválida: {args.port}")
    portal = _open(args.data)
    try:
        url = portal.start(port=args.port)
    except OSError as exc:
        portal.close()
        raise CollectorError(f"não foi possível abrir a porta {args.port} em 127.0.0.1: "
                             f"{exc.strerror or exc}") from None
    print(f"Portal local em {url}", flush=True)
    print(f"Contas e tokens: {portal.accounts_path}", flush=True)
    print("Ctrl+C para encerrar.", flush=True)
    try:
        portal.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        portal.close()
    print("Portal local encerrado.", flush=True)
    return 0


def _ask_password() -> str:
    import getpass

    from collector.portal.local.accounts import password_problems

    first = getpass.getpass("Senha: ")
    problems = password_problems(first)
    if problems:
        raise UsageError("senha fraca: precisa ter " + ", ".join(problems) + ".")
    if getpass.getpass("Repita a senha: ") != first:
        raise UsageError("as senhas não conferem.")
    return first


def _user_add(args) -> int:
    from collector.portal.local.accounts import AccountError

    password = _ask_password() if args.password else None
    portal = _open(args.data)
    try:
        user, token = portal.add_user(args.email, args.role, name=args.name, password=password)
    except AccountError as exc:
        raise CollectorError(str(exc).rstrip(".")) from None
    finally:
        portal.close()
    print(f"Conta {user.email} ({user.role}) criada no portal local {portal.data_dir}.")
    print(f"Token de API (guarde agora; ele não será mostrado de novo): {token}")
    return 0


def _client_add(args) -> int:
    portal = _open(args.data)
    try:
        client = portal.oauth.add_client(args.identifier, args.name or args.identifier, args.redirect,
                                         tuple(args.scope or ("read", "write")))
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    finally:
        portal.close()
    print(f"Cliente OAuth público {client.identifier!r} registrado no portal local {portal.data_dir}.")
    for uri in client.redirect_uris:
        print(f"  retorno: {uri}")
    return 0


def run(args) -> int:
    if args.portal_command == "serve":
        return _serve(args)
    if args.portal_command == "user" and getattr(args, "user_command", None) == "add":
        return _user_add(args)
    if args.portal_command == "client" and getattr(args, "client_command", None) == "add":
        return _client_add(args)
    if args.portal_command == "macro":
        return portal_macro.run(args)
    raise UsageError("use: collector portal serve [--port N] [--data DIR] | "
                     "collector portal user add EMAIL --role end-user|agent|admin [--data DIR] | "
                     "collector portal client add ID --redirect URL... [--data DIR] | "
                     "collector portal macro install ARQUIVO")
