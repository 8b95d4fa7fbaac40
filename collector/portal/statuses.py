"""The support portal's status words and the support guide's automatic rules (SPEC §4.5), shared by
the client's *previsão* and the local portal. Plain data: importing it pulls no web framework."""

from __future__ import annotations

from datetime import timedelta

# The end user's words for each Zendesk system status.
STATUS_LABELS = {
    "new": "Novo",
    "open": "Em atendimento",
    "pending": "Pendente",
    "hold": "Em espera",
    "solved": "Resolvido",
    "closed": "Fechado",
}
# The custom status (category *pending*) the guide's first rule moves a ticket to.
VALIDATION_LABEL = "Validação Cliente"

PENDING_TO_VALIDATION = timedelta(days=7)  # Pendente without a customer reply → Validação Cliente
VALIDATION_TO_CLOSED = timedelta(days=5)   # Validação Cliente without interaction → Fechado
SOLVED_TO_CLOSED = timedelta(days=5)       # Resolvido → Fechado
