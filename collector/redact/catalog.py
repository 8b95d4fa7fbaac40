"""Every rule name that can appear in counts, in priority order, with its category and what it masks.

The descriptions are in Portuguese: the review page and the manifest show them to the user. When
two rules report exactly the same span, the one listed first names it. Each rule declares whether
it masks a *secret* (replaced by ``********``, never recoverable) or *personal* data (a consistent
pseudonym, opt-out per bundle): the category is data, not a position in the list.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Category(StrEnum):
    SECRET = "secret"
    PERSONAL = "personal"


@dataclass(frozen=True)
class Rule:
    name: str
    category: Category
    description: str


CATALOG: tuple[Rule, ...] = (
    Rule("private-key", Category.SECRET, "chave privada"),
    Rule("alias-password", Category.SECRET, "senha no Alias.dat"),
    Rule("config-secret-key", Category.SECRET, "valor de chave sensível em .config/XML/JSON"),
    Rule("connection-string-password", Category.SECRET, "Password=/Pwd= em string de conexão"),
    Rule("password-assignment", Category.SECRET, "senha=valor em texto livre"),
    Rule("bearer-token", Category.SECRET, "credencial Bearer"),
    Rule("basic-auth", Category.SECRET, "credencial Basic"),
    Rule("jwt", Category.SECRET, "token JWT"),
    Rule("api-token", Category.SECRET, "token de API"),
    Rule("url-credentials", Category.SECRET, "senha em URL (usuario:senha@host)"),
    Rule("known-secret", Category.SECRET, "senha conhecida (Alias.dat) encontrada no texto"),
    Rule("cpf", Category.PERSONAL, "CPF (pseudônimo)"),
    Rule("cnpj", Category.PERSONAL, "CNPJ (pseudônimo)"),
    Rule("email", Category.PERSONAL, "e-mail (pseudônimo)"),
    Rule("mac-address", Category.PERSONAL, "endereço MAC (pseudônimo)"),
    Rule("ipv4", Category.PERSONAL, "endereço IPv4 (pseudônimo)"),
    Rule("hostname", Category.PERSONAL, "nome de máquina (pseudônimo)"),
    Rule("username", Category.PERSONAL, "nome de usuário (pseudônimo)"),
)

RULES = {rule.name: rule.description for rule in CATALOG}
SECRET_RULES = frozenset(rule.name for rule in CATALOG if rule.category is Category.SECRET)
PERSONAL_RULES = frozenset(rule.name for rule in CATALOG if rule.category is Category.PERSONAL)
PRIORITY = {rule.name: i for i, rule in enumerate(CATALOG)}
