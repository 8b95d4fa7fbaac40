"""Manual hand-off (SPEC §1): when the API cannot be used, prepare everything for the portal's form.

``collector submit --manual BUNDLE`` writes a folder with

- the files to drag into the portal's form (screenshots and recordings as themselves, the rest as
  ``diagnostico.zip`` or parts — exactly what the API path would attach);
- ``chamado.txt``: subject and ticket text, to paste (also put on the clipboard when there is one);
- ``chamado.eml``: a draft for the e-mail channel (``X-Unsent: 1`` makes Outlook open it as a draft to
  send). E-mail servers refuse large messages, so the files are attached only when they add up to at
  most :data:`EML_ATTACH_LIMIT`; otherwise the draft lists them and asks to attach them by hand;

and reports the portal's new-request address (the GUI opens it and the folder for the user).
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from email.message import EmailMessage
from email.policy import SMTP
from pathlib import Path

from collector.bundle.reader import Bundle
from collector.bundle.split import PART_LIMIT
from collector.portal.outbox import body_with_marker, stage_payload
from collector.portal.settings import PortalSettings

log = logging.getLogger(__name__)

EML_ATTACH_LIMIT = 20 * 1024 * 1024
TEXT_FILE = "chamado.txt"
EML_FILE = "chamado.eml"
FILES_DIR = "anexos"


@dataclass(frozen=True)
class ManualHandoff:
    folder: Path
    files: list[Path]  # to drag into the form, in the folder FILES_DIR
    subject: str
    text: str  # the ticket text (body)
    text_file: Path
    eml_file: Path
    eml_has_attachments: bool
    form_url: str | None
    clipboard: bool


def default_folder(bundle_path: Path) -> Path:
    name = bundle_path.name[:-4] if bundle_path.suffix.lower() == ".zip" else bundle_path.name
    return bundle_path.resolve().parent / f"{name}-envio-manual"


def prepare(bundle_path: str | Path, settings: PortalSettings, *, out_dir: str | Path | None = None,
            subject: str | None = None, clipboard: bool = True, part_limit: int = PART_LIMIT) -> ManualHandoff:
    bundle_path = Path(bundle_path)
    folder = Path(out_dir) if out_dir else default_folder(bundle_path)
    with Bundle(bundle_path) as bundle:
        files_dir = folder / FILES_DIR
        if files_dir.exists():  # a second run replaces the first: never mix two bundles' files
            shutil.rmtree(files_dir)
        files_dir.mkdir(parents=True)
        items = stage_payload(bundle, files_dir, part_limit)
        title = bundle.subject(subject)
        body = body_with_marker(bundle.ticket_text, bundle.bundle_id)
    files = [files_dir / item.name for item in items]
    text_file = folder / TEXT_FILE
    text_file.write_text(f"Assunto: {title}\n\n{body}", encoding="utf-8")
    eml_file = folder / EML_FILE
    attach = sum(f.stat().st_size for f in files) <= EML_ATTACH_LIMIT
    eml_file.write_bytes(_eml(title, body, files, settings.support_email, attach))
    copied = copy_to_clipboard(body) if clipboard else False
    return ManualHandoff(folder, files, title, body, text_file, eml_file, attach, settings.request_form_url(),
                         copied)


def _eml(subject: str, body: str, files: list[Path], to: str | None, attach: bool) -> bytes:
    message = EmailMessage()
    message["Subject"] = subject
    if to:
        message["To"] = to
    message["X-Unsent"] = "1"
    if not attach:
        names = "\n".join(f"- {f.name}" for f in files)
        body += ("\n---\nOs arquivos são grandes demais para um e-mail: anexe-os pelo portal ou envie-os "
                 f"separadamente:\n{names}\n")
    message.set_content(body)
    if attach:
        for file in files:
            maintype, subtype = _mime(file.name)
            message.add_attachment(file.read_bytes(), maintype=maintype, subtype=subtype, filename=file.name)
    return message.as_bytes(policy=SMTP)


def _mime(name: str) -> tuple[str, str]:
    from collector.portal.client import content_type_for

    maintype, _, subtype = content_type_for(name).partition("/")
    return maintype, subtype


def _clipboard_commands() -> list[tuple[list[str], str]]:
    if sys.platform == "win32":
        return [(["clip.exe"], "utf-16")]
    if sys.platform == "darwin":
        return [(["pbcopy"], "utf-8")]
    commands = []
    if os.environ.get("WAYLAND_DISPLAY"):
        commands.append((["wl-copy"], "utf-8"))
    if os.environ.get("DISPLAY"):
        commands += [(["xclip", "-selection", "clipboard"], "utf-8"), (["xsel", "--clipboard", "--input"], "utf-8")]
    return commands


def copy_to_clipboard(text: str) -> bool:
    """Put text on the system clipboard with the platform's tool. False when there is none (a
    server without a desktop): the text is in chamado.txt anyway. The GUI uses Qt's clipboard."""
    for command, encoding in _clipboard_commands():
        if not shutil.which(command[0]):
            continue
        try:
            subprocess.run(command, input=text.encode(encoding), check=True, timeout=5,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            return True
        except (OSError, subprocess.SubprocessError) as exc:
            log.debug("clipboard via %s failed: %s", command[0], exc)
    return False
