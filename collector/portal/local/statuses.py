"""Ticket statuses of the support portal: Zendesk's system statuses plus *Validação Cliente*."""

from __future__ import annotations

from dataclasses import dataclass

from collector.portal.statuses import STATUS_LABELS  # noqa: F401  (re-exported)

# Zendesk system statuses (``closed`` has no custom status of its own: it keeps the solved one).
STATUSES = ("new", "open", "pending", "hold", "solved", "closed")


@dataclass(frozen=True)
class CustomStatus:
    id: int
    status_category: str
    agent_label: str
    end_user_label: str
    description: str
    end_user_description: str
    default: bool


NEW_ID, OPEN_ID, PENDING_ID, HOLD_ID, SOLVED_ID, VALIDATION_ID = 1, 2, 3, 4, 5, 6

CUSTOM_STATUSES = (
    CustomStatus(NEW_ID, "new", "Novo", "Novo", "Chamado recém-aberto",
                 "Recebemos seu chamado", True),
    CustomStatus(OPEN_ID, "open", "Aberto", "Em atendimento", "O analista está trabalhando no chamado",
                 "Nossa equipe está trabalhando no seu chamado", True),
    CustomStatus(PENDING_ID, "pending", "Pendente", "Pendente", "Aguardando retorno do cliente",
                 "Precisamos de uma resposta sua", True),
    CustomStatus(HOLD_ID, "hold", "Em espera", "Em espera", "Aguardando terceiros",
                 "Aguardando uma ação interna", True),
    CustomStatus(SOLVED_ID, "solved", "Resolvido", "Resolvido", "Solução enviada",
                 "Seu chamado foi resolvido", True),
    CustomStatus(VALIDATION_ID, "pending", "Validação Cliente", "Validação Cliente",
                 "Aguardando o cliente validar a solução",
                 "Valide a solução proposta; sem retorno, o chamado será fechado", False),
)
BY_ID = {status.id: status for status in CUSTOM_STATUSES}
DEFAULT_FOR_CATEGORY = {status.status_category: status.id for status in CUSTOM_STATUSES if status.default}
DEFAULT_FOR_CATEGORY["closed"] = SOLVED_ID


def custom_status_for(status: str) -> int:
    return DEFAULT_FOR_CATEGORY[status]
