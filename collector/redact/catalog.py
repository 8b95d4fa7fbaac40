"""Every rule name that can appear in counts, in priority order, with what it masks.

The descriptions are in Portuguese: the review page and the manifest show them to the user. When
two rules report exactly the same span, the one listed first names it.
"""

from __future__ import annotations

RULES = {
    "private-key": "chave privada",
    "alias-password": "senha no Alias.dat",
    "config-secret-key": "valor de chave sensível em .config/XML/JSON",
    "connection-string-password": "Password=/Pwd= em string de conexão",
    "password-assignment": "senha=valor em texto livre",
    "bearer-token": "credencial Bearer",
    "basic-auth": "credencial Basic",
    "jwt": "token JWT",
    "api-token": "token de API",
    "url-credentials": "senha em URL (usuario:senha@host)",
    "known-secret": "senha conhecida (Alias.dat) encontrada no texto",
    "cpf": "CPF (pseudônimo)",
    "cnpj": "CNPJ (pseudônimo)",
    "email": "e-mail (pseudônimo)",
    "mac-address": "endereço MAC (pseudônimo)",
    "ipv4": "endereço IPv4 (pseudônimo)",
    "hostname": "nome de máquina (pseudônimo)",
    "username": "nome de usuário (pseudônimo)",
}

SECRET_RULES = frozenset(list(RULES)[:11])
PERSONAL_RULES = frozenset(list(RULES)[11:])
PRIORITY = {name: i for i, name in enumerate(RULES)}
