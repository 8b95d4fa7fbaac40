"""The portal's "new request" page: what the manual hand-off opens in the browser (drop files there)."""

from __future__ import annotations

import html
import mimetypes

from flask import Blueprint, request

from collector.core.words import count
from collector.portal.local import tickets
from collector.portal.local.api_uploads import store_file
from collector.portal.local.help_center import page
from collector.portal.local.web import state
from collector.portal.settings import HELP_CENTER

bp = Blueprint("pages", __name__)

FORM = """
<p>Descreva o problema e arraste para o campo de anexos os arquivos que o Coletor preparou.
Use o e-mail da sua conta e o token de API (ou a senha).</p>
<form method="post" enctype="multipart/form-data">
<label>E-mail <input name="email" type="email" required value="{email}"></label>
<label>Token de API ou senha <input name="secret" type="password" required></label>
<label>Assunto <input name="subject" required value="{subject}"></label>
<label>Descrição <textarea name="description" rows="10" required>{description}</textarea></label>
<label>Anexos <input name="attachments" type="file" multiple></label>
<button type="submit">Enviar</button>
</form>"""


def _form(message: str = "", status: int = 200):
    values = {k: html.escape(request.form.get(k, "")) for k in ("email", "subject", "description")}
    notice = f'<p class="demo">{html.escape(message)}</p>' if message else ""
    return page("Enviar uma solicitação", notice + FORM.format(**values), status)


@bp.get(f"{HELP_CENTER}/requests/new")
def new_request_form():
    return _form()


@bp.post(f"{HELP_CENTER}/requests/new")
def new_request_submit():
    st = state()
    email, secret = request.form.get("email", "").strip(), request.form.get("secret", "")
    user = st.accounts.authenticate_token(email, secret) or st.accounts.authenticate_password(email, secret)
    if user is None:
        return _form("E-mail, token ou senha incorretos.", 401)
    tokens = []
    for upload in request.files.getlist("attachments"):
        if not upload.filename:
            continue
        name = upload.filename.replace("\\", "/").rsplit("/", 1)[-1]
        content_type = upload.mimetype or mimetypes.guess_type(name)[0] or "application/octet-stream"
        tokens.append(store_file(st, user, name, content_type, upload.stream))
    data = {"subject": request.form.get("subject", ""),
            "comment": {"body": request.form.get("description", ""), "uploads": tokens}}
    try:
        with st.db.tx() as conn:
            ticket_id = tickets.create_ticket(conn, user, data, st.db.now())
    except tickets.RecordInvalid as exc:
        return _form(exc.description, 422)
    return page("Solicitação enviada",
                f"<p>Chamado <strong>#{ticket_id}</strong> criado com {count(len(tokens), 'anexo', 'anexos')}.</p>"
                f'<p><a href="{HELP_CENTER}">Voltar à Central de Ajuda</a></p>')
