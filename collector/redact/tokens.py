"""Well-known token formats: credentials that announce themselves by a vendor prefix.

Each entry is our own pattern, written from the vendor's public description of its format:

- AWS access key ids: IAM "unique identifier prefixes" (``AKIA`` long-term, ``ASIA`` temporary),
  20 upper case letters and digits.
- Google: API keys ``AIza`` + 35 URL-safe characters; OAuth access tokens ``ya29.``; OAuth client
  secrets ``GOCSPX-``.
- Slack token types (``xoxb-`` bot, ``xoxp-`` user, ``xoxa-``, ``xoxr-`` refresh, ``xoxe-``,
  ``xapp-`` app-level) and incoming webhooks ``hooks.slack.com/services/T.../B.../...``; Discord and
  Microsoft Teams webhook URLs.
- GitHub "authentication token formats" (``ghp_`` ``gho_`` ``ghu_`` ``ghs_`` ``ghr_``, fine-grained
  ``github_pat_``); GitLab token prefixes (``glpat-``, ``gldt-``, ``glrt-``, ``glcbt-``, ``glptt-``...);
  npm (``npm_``); PyPI API tokens (``pypi-`` + a macaroon starting ``AgEIcHlwaS5vcmc``);
  CircleCI personal tokens (``CCIPAT_``).
- Payment: Stripe secret/restricted keys (``sk_live_`` ``rk_live_`` ``sk_test_`` ``rk_test_``) and
  webhook secrets (``whsec_``); Square (``sq0atp-`` ``sq0csp-``); Braintree/PayPal access tokens
  (``access_token$production$``).
- AI: OpenAI keys (``sk-``, ``sk-proj-``, ``sk-svcacct-``, ``sk-admin-``), Anthropic
  (``sk-ant-api03-``, ``sk-ant-admin01-``), Hugging Face (``hf_``).
- Mail/SMS: SendGrid (``SG.`` + 22 + ``.`` + 43), Mailgun (``key-`` + 32), Twilio API key SIDs
  (``SK`` + 32 hex), Brevo (``xkeysib-``), Telegram bot tokens (``<bot id>:AA...``).
- Others: Shopify (``shpat_`` ``shpss_`` ``shpca_`` ``shppa_``), DigitalOcean (``dop_v1_`` ``doo_v1_``
  ``dor_v1_``), Atlassian API tokens (``ATATT``), New Relic (``NRAK-``), Postman (``PMAK-``),
  Databricks (``dapi``), Doppler (``dp.pt.``...), Alibaba Cloud access key ids (``LTAI``),
  Microsoft Entra client secrets (3 characters, a digit, ``Q~``, 31+ more), Linear (``lin_api_``).

A token is masked whole (prefix included: a prefix plus a few characters is all it takes to find
the rest in a leak search), only when it starts a word.
"""

from __future__ import annotations

import re

from collector.redact.hits import ChunkScan
from collector.redact.triggers import Handler, Trigger

_W = rb"[A-Za-z0-9_-]"
# (literal searched case-sensitively, what must follow it (checked in C), the whole token)
_TOKENS: tuple[tuple[bytes, bytes, bytes], ...] = (
    (b"AKIA", rb"[A-Z0-9]{16}", rb"AKIA[A-Z0-9]{16}"),
    (b"ASIA", rb"[A-Z0-9]{16}", rb"ASIA[A-Z0-9]{16}"),
    (b"AIza", rb"[A-Za-z0-9_-]{35}", rb"AIza[A-Za-z0-9_-]{35}"),
    (b"ya29.", rb"[A-Za-z0-9_-]{20}", rb"ya29\.[A-Za-z0-9_.-]{20,}"),
    (b"GOCSPX-", rb"[A-Za-z0-9_-]{20}", rb"GOCSPX-[A-Za-z0-9_-]{20,}"),
    (b"xox", rb"[abposre]-[0-9A-Za-z]", rb"xox[abposre]-[0-9A-Za-z-]{10,}"),
    (b"xapp-", rb"[0-9]-", rb"xapp-[0-9]-[A-Za-z0-9-]{10,}"),
    (b"hooks.slack.com/", rb"(?:services|workflows|triggers)/", rb"hooks\.slack\.com/(?:services|workflows|triggers)/[A-Za-z0-9/_-]{16,}"),
    (b"/api/webhooks/", rb"[0-9]{5,}/", rb"/api/webhooks/[0-9]+/[A-Za-z0-9_-]{20,}"),
    (b"webhook.office.com/", rb"webhookb2/", rb"webhook\.office\.com/webhookb2/[A-Za-z0-9@/_.-]{20,}"),
    *((b"gh" + c + b"_", rb"[A-Za-z0-9]{30}", rb"gh[pousr]_[A-Za-z0-9]{30,}") for c in (b"p", b"o", b"u", b"s", b"r")),
    (b"github_pat_", rb"[A-Za-z0-9_]{40}", rb"github_pat_[A-Za-z0-9_]{40,}"),
    *((b"gl" + p + b"-", rb"[A-Za-z0-9_-]{15}", rb"gl[a-z]{2,5}-[A-Za-z0-9_.-]{15,}")
      for p in (b"pat", b"dt", b"rt", b"cbt", b"ptt", b"ft", b"imt", b"agent", b"oas", b"soat", b"ffct")),
    (b"npm_", rb"[A-Za-z0-9]{36}", rb"npm_[A-Za-z0-9]{36}"),
    (b"pypi-AgE", rb"[A-Za-z0-9_-]{40}", rb"pypi-AgE[A-Za-z0-9_-]{40,}"),
    (b"CCIPAT_", rb"[A-Za-z0-9_]{20}", rb"CCIPAT_[A-Za-z0-9_]{20,}"),
    (b"k_live_", rb"[0-9A-Za-z]{16}", rb"[sr]k_live_[0-9A-Za-z]{16,}"),
    (b"k_test_", rb"[0-9A-Za-z]{16}", rb"[sr]k_test_[0-9A-Za-z]{16,}"),
    (b"whsec_", rb"[0-9A-Za-z+/]{20}", rb"whsec_[0-9A-Za-z+/=]{20,}"),
    (b"sq0", rb"(?:atp|csp)-[0-9A-Za-z_-]{20}", rb"sq0(?:atp|csp)-[0-9A-Za-z_-]{20,}"),
    (b"access_token$production$", rb"[0-9a-z]{8}", rb"access_token\$production\$[0-9a-z$]{16,}"),
    (b"sk-", rb"[A-Za-z0-9_-]{20}", rb"sk-[A-Za-z0-9_-]{20,}"),
    (b"hf_", rb"[A-Za-z0-9]{30}", rb"hf_[A-Za-z0-9]{30,}"),
    (b"SG.", rb"[A-Za-z0-9_-]{22}\.", rb"SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}"),
    (b"key-", rb"[0-9a-z]{32}", rb"key-[0-9a-z]{32}"),
    (b"SK", rb"[0-9a-f]{32}(?![0-9a-zA-Z])", rb"SK[0-9a-f]{32}"),
    (b"xkeysib-", rb"[a-f0-9]{32}", rb"xkeysib-[a-f0-9]{64}-[A-Za-z0-9]{16}"),
    (b"shp", rb"(?:at|ss|ca|pa)_[a-fA-F0-9]{32}", rb"shp(?:at|ss|ca|pa)_[a-fA-F0-9]{32}"),
    (b"ATATT", rb"[A-Za-z0-9_=-]{20}", rb"ATATT[A-Za-z0-9_=-]{20,}"),
    (b"NRAK-", rb"[A-Z0-9]{27}", rb"NRAK-[A-Z0-9]{27}"),
    (b"PMAK-", rb"[a-f0-9]{24}-", rb"PMAK-[a-f0-9]{24}-[a-f0-9]{34}"),
    (b"dapi", rb"[a-f0-9]{32}", rb"dapi[a-f0-9]{32}(?:-[0-9])?"),
    (b"dp.", rb"(?:pt|st|ct|sa|scim|audit)\.[A-Za-z0-9]{40}", rb"dp\.(?:pt|st|ct|sa|scim|audit)\.[A-Za-z0-9]{40,}"),
    (b"LTAI", rb"[A-Za-z0-9]{12}", rb"LTAI[A-Za-z0-9]{12,20}"),
    (b"lin_api_", rb"[A-Za-z0-9]{40}", rb"lin_api_[A-Za-z0-9]{40}"),
)
# found from a literal in the middle: (literal, follow, whole token, how far back the token starts)
_MIDDLE: tuple[tuple[bytes, bytes, bytes, int], ...] = (
    (b":AA", rb"[A-Za-z0-9_-]{33}", rb"[0-9]{8,10}:AA[A-Za-z0-9_-]{33}", 10),  # Telegram bot token
    (b"_v1_", rb"[a-f0-9]{64}", rb"do[opr]_v1_[a-f0-9]{64}", 3),  # DigitalOcean
    (b"Q~", rb"[A-Za-z0-9_~.-]{31}", rb"[A-Za-z0-9_~.-]{3}[0-9]Q~[A-Za-z0-9_~.-]{31,34}", 4),  # Entra secret
)


class KnownTokenRule:
    names = ("api-token",)

    def __init__(self) -> None:
        self._whole = {lit: re.compile(whole) for lit, _f, whole in _TOKENS}
        self._middle = {lit: (re.compile(whole), back) for lit, _f, whole, back in _MIDDLE}

    def triggers(self) -> list[tuple[Trigger, Handler]]:
        out = [(Trigger(lit, follow, case_sensitive=True), self._token) for lit, follow, _w in _TOKENS]
        out += [(Trigger(lit, follow, case_sensitive=True), self._middle_token) for lit, follow, _w, _b in _MIDDLE]
        return out

    def _token(self, cs: ChunkScan, trigger: Trigger, start: int, end: int) -> None:
        text = cs.text
        if trigger.literal in (b"k_live_", b"k_test_"):
            start -= 1
            if start < 0:
                return
        if trigger.literal == b"/api/webhooks/":
            if not cs.low[max(0, start - 16):start].endswith((b"discord.com", b"discordapp.com")):
                return
        elif start > 0 and (text[start - 1:start].isalnum() or text[start - 1] == 0x5F):
            return  # inside a longer word
        m = self._whole[trigger.literal].match(text, start)
        if m:
            cs.mask(m.start(), m.end(), "api-token")

    def _middle_token(self, cs: ChunkScan, trigger: Trigger, start: int, end: int) -> None:
        regex, back = self._middle[trigger.literal]
        for s in range(max(0, start - back), start):
            m = regex.match(cs.text, s)
            if m and (s == 0 or not (cs.text[s - 1:s].isalnum() or cs.text[s - 1] in b"_~.-")):
                cs.mask(m.start(), m.end(), "api-token")
                return
