"""The local portal's ticket form and custom fields, checked on every new request like Zendesk does.

Zendesk answers a custom field it does not know, or a drop-down value that is not one of the field's
option tags, with ``422 RecordInvalid`` (``details.base[]``: ``description``, ``error``,
``field_key`` = the field id). End users read the fields with ``GET /api/v2/ticket_fields`` and the
forms with ``GET /api/v2/ticket_forms`` (Ticket Fields / Ticket Forms API reference); the collector
uses them to check its profile before it sends anything.
"""

from __future__ import annotations

from dataclasses import dataclass

FORM_ID = 360001
FORM_NAME = "Suporte TOTVS RM"


@dataclass(frozen=True)
class Field:
    id: int
    title: str
    type: str  # "text" or "tagger" (Zendesk's name for a drop-down)
    options: tuple[tuple[str, str], ...] = ()  # (label, tag)

    @property
    def tags(self) -> set[str]:
        return {tag for _label, tag in self.options}


FIELDS: dict[int, Field] = {f.id: f for f in (
    Field(1001, "Versão do RM", "text"),
    Field(1002, "Release", "text"),
    Field(1003, "Banco de dados", "tagger", (("SQL Server", "rm_db_sqlserver"), ("Oracle", "rm_db_oracle"),
                                            ("Não sei", "rm_db_desconhecido"))),
    Field(1004, "Ambiente", "tagger", (("Local", "rm_local"), ("Três camadas", "rm_3camadas"),
                                       ("Não sei", "rm_topologia_desconhecida"))),
    Field(1005, "TOTVS Cloud", "tagger", (("Sim", "rm_cloud_sim"), ("Não", "rm_cloud_nao"))),
    Field(1006, "Coligada", "text"),
    Field(1007, "Filial", "text"),
    Field(1008, "Usuários afetados", "tagger", (("Um usuário", "rm_afeta_um"), ("Alguns", "rm_afeta_alguns"),
                                                ("Todos", "rm_afeta_todos"))),
    Field(1009, "Produto", "text"),
)}


class FieldError(ValueError):
    def __init__(self, description: str, field_key: str):
        super().__init__(description)
        self.field_key = field_key


def check_form(form_id) -> int | None:
    if form_id is None:
        return None
    if not isinstance(form_id, int) or isinstance(form_id, bool) or form_id != FORM_ID:
        raise FieldError(f"Formulário de chamado {form_id!r} não existe.", "ticket_form_id")
    return form_id


def check_fields(values: list[dict]) -> list[dict]:
    """The ``custom_fields`` as stored; an unknown id or an unknown drop-down tag is a FieldError."""
    out: list[dict] = []
    for item in values:
        field = FIELDS.get(item["id"]) if isinstance(item["id"], int) else None
        if field is None:
            raise FieldError(f"Campo personalizado {item['id']!r} não existe.", str(item["id"]))
        value = item.get("value")
        if value is None or value == "":
            out.append({"id": field.id, "value": None})
            continue
        if field.type == "tagger":
            if not isinstance(value, str) or value not in field.tags:
                raise FieldError(f"{field.title}: {value!r} não é uma opção válida.", str(field.id))
        elif not isinstance(value, str | int | float) or isinstance(value, bool):
            raise FieldError(f"{field.title}: valor inválido.", str(field.id))
        out.append({"id": field.id, "value": value})
    return out


def field_json(field: Field, base: str) -> dict:
    shaped = {"id": field.id, "url": f"{base}/api/v2/ticket_fields/{field.id}.json", "type": field.type,
              "title": field.title, "title_in_portal": field.title, "active": True, "required": False,
              "visible_in_portal": True, "editable_in_portal": True, "required_in_portal": False}
    if field.type == "tagger":
        shaped["custom_field_options"] = [{"id": field.id * 100 + i, "name": label, "raw_name": label,
                                           "value": tag, "default": False}
                                          for i, (label, tag) in enumerate(field.options, 1)]
    return shaped


def form_json(base: str) -> dict:
    return {"id": FORM_ID, "url": f"{base}/api/v2/ticket_forms/{FORM_ID}.json", "name": FORM_NAME,
            "display_name": FORM_NAME, "active": True, "default": True, "end_user_visible": True,
            "ticket_field_ids": sorted(FIELDS)}
