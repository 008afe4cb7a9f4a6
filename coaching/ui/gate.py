"""Who is looking, in which language, on which database: resolved once per script run by
app.py, then read by every page through `context()`.

Anything that fails to parse or to load stops the run with a message and fails closed: a
settings file that does not parse never falls back to personal mode, and personal mode
(no sign-in) serves only a browser on this machine. Messages shown here, before anyone has
signed in, name no file paths, process ids or database internals; those go to the server log.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

# A colour that Streamlit's chart theme replaces, in the browser, with the body text colour of
# the theme the viewer sees (light or dark): the theme's own axis labels are a grey that reads
# at 3.7:1 on white, under the 4.5:1 text needs. Internal to Streamlit, like PagesManager below;
# tests/e2e/test_looks.py measures the colours drawn, in both themes.
from streamlit.elements.lib.streamlit_plotly_theme import GRAY_90 as THEMED_TEXT_COLOUR
from streamlit.runtime.pages_manager import PagesManager

from coaching import access, assessments, demo, people, sessions
from coaching.charts import Look
from coaching.db import Database, DatabaseError, is_motherduck, on_ephemeral_disk, resolve_path
from coaching.errors import KoersError
from coaching.framework import LANGUAGES, Framework, FrameworkError, load_framework, resolve_framework_path
from coaching.i18n import DEFAULT_LANGUAGE, has_key, t, t_count
from coaching.people import Identity
from coaching.settings import SettingsError, check_files
from coaching.ui import cached, navigation
from coaching.ui.text import plain

PROJECT = Path(__file__).resolve().parents[2]
_CONTEXT = "koers.context"
_DEMO = "koers.demo"
_FLASH = "koers.flash"

log = logging.getLogger("koers.gate")


@dataclass(frozen=True)
class Context:
    db: Database
    framework: Framework
    identity: Identity  # whose data the screens show and change (Kate, in the demo)
    viewer: Identity  # the person at the keyboard; their language and settings
    team_mode: bool

    @property
    def language(self) -> str:
        return self.viewer.language

    def t(self, key: str, **params: object) -> str:
        return t(self.language, key, **params)

    def t_count(self, key: str, count: int, **params: object) -> str:
        return t_count(self.language, key, count, **params)

    def explain(self, error: KoersError) -> str:
        """An error in the user's language (see `explain`)."""
        return explain(self.language, error)

    def today(self) -> dt.date:
        return dt.date.today()

    @property
    def look(self) -> Look:
        """How charts are drawn for the viewer: dates in their language, text in their theme's."""
        return Look(self.language, THEMED_TEXT_COLOUR)


def explain(language: str, error: KoersError) -> str:
    """`field` (a catalog key) and `fields` (a list of them) are written in the language; a
    `count` of 1 takes the key's singular (`key_one`) where the catalog has one."""
    # Messages are shown as markdown: the words in them that came from a user (a title) are
    # shown as typed.
    params = {name: plain(value) if isinstance(value, str) and name != "field" else value
              for name, value in error.params.items()}
    if isinstance(params.get("field"), str):
        params["field"] = t(language, params["field"])
    if isinstance(params.get("fields"), list):
        params["fields"] = t(language, "error.and").join(t(language, key) for key in params["fields"])
    if params.get("count") == 1 and has_key(language, f"{error.key}_one"):
        return t(language, f"{error.key}_one", **params)
    return t(language, error.key, **params)


def _healthy(db: Database) -> bool:
    """A database that failed mid-run is closed and opened again by the next run."""
    if db.broken:
        db.close()
        return False
    return True


@st.cache_resource(show_spinner=False, validate=_healthy)
def _database(path: str, framework_path: str) -> Database:
    # One connection per process, keyed by the path so that a test (or a change of the
    # `db` secret) gets its own. A failed open is not cached: the next run tries again.
    db = Database(path)
    if not db.read_only:
        assessments.fill_missing_scores(db, load_framework(Path(framework_path)))
    return db


def browser_language() -> str:
    locale = (st.context.locale or "").lower()
    return "nl" if locale.startswith("nl") else DEFAULT_LANGUAGE


def secrets_files() -> list[str]:
    """Where Streamlit looks for settings (its `secrets.files` option)."""
    return list(st.get_option("secrets.files"))


def _secrets() -> dict:
    """The deployment's settings. A settings file that does not parse raises SettingsError;
    only when there is no settings file at all is the answer empty (personal mode)."""
    found = check_files(secrets_files(), PROJECT)
    try:
        return st.secrets.to_dict()
    except (FileNotFoundError, st.errors.StreamlitSecretNotFoundError) as error:
        if found:  # it parsed above, so Streamlit failed on something else: do not guess
            log.error("the settings could not be read: %s", error)
            raise SettingsError(file=found[0].name, line="?") from None
        return {}


def start() -> Context:
    """Read the settings, check who may be served, open the database, load the framework and
    find out who is looking; or stop the run with a message in the browser's language."""
    language = st.session_state.get("koers.language") or browser_language()  # the browser's only at first
    try:
        secrets = _secrets()
    except SettingsError as error:
        _stop(language, error, ":material/settings_alert:")
    team_mode = "auth" in secrets
    if not team_mode and not _from_this_machine():
        _personal_mode_elsewhere(language)
    framework_path = resolve_framework_path(secrets=secrets)
    try:
        framework = load_framework(framework_path)
    except FrameworkError as error:
        log.error("the framework file %s cannot be used: %s", error.path, error.problem)
        st.error(t(language, "error.framework", file=error.path.name, problem=error.problem), icon=":material/error:")
        _halt()
    try:
        db = _database(resolve_path(secrets=secrets), str(framework_path))
    except DatabaseError as error:
        _stop(language, error, ":material/database:")
    try:
        viewer = _team_member(db, language, secrets) if team_mode else cached.local_leader(db)
    except DatabaseError as error:
        _stop(language, error, ":material/database:")
    st.session_state["koers.language"] = viewer.language
    identity = viewer
    if _demo_wanted():
        try:
            identity = demo.ensure_demo(db, framework, dt.date.today(), viewer if team_mode else None, viewer.language)
        except DatabaseError as error:  # Kate cannot be made (a read-only file): say so, and show no demo
            flash(error)
            leave_demo()
            st.query_params.pop("demo", None)
    context = Context(db=db, framework=framework, identity=identity, viewer=viewer, team_mode=team_mode)
    st.session_state[_CONTEXT] = context
    return context


def _from_this_machine() -> bool:
    peer = st.context.ip_address
    # Streamlit gives a str for a remote address and None for loopback; anything else means
    # no browser connection at all (AppTest), where the headers are empty too.
    return access.from_this_machine(peer if isinstance(peer, str) else None, dict(st.context.headers))


def _personal_mode_elsewhere(language: str) -> None:
    """What a browser on another machine sees of personal mode: how to turn on team mode."""
    st.title(t(language, "exposed.title"))
    st.write(t(language, "exposed.body"))
    st.info(t(language, "exposed.how"), icon=":material/lock:")
    log.warning("personal mode refused a browser that is not on this machine")
    _halt()


def _stop(language: str, error: KoersError, icon: str) -> None:
    st.error(explain(language, error), icon=icon)
    _halt()


def _halt() -> None:
    """Stop this run with only the message on screen. Declaring a (hidden) navigation first
    keeps Streamlit from listing the files of pages/ in the sidebar, and its stand-ins keep a
    deep link (/goals) from opening a "page not found" dialog over the message."""
    st.navigation(navigation.stand_ins(_nothing), position="hidden")
    st.stop()


def _nothing() -> None:
    pass


def _team_member(db: Database, language: str, secrets: dict) -> Identity:
    """The signed-in person, checked on every run: registered, active, with a verified
    address. Anyone else sees why not and whom to ask, and nothing more."""
    if not st.user.is_logged_in:
        st.title(t(language, "login.title"))
        st.write(t(language, "login.body"))
        st.button(t(language, "login.button"), on_click=st.login, type="primary", icon=":material/login:")
        _halt()
    email = str(st.user.get("email") or "")
    if st.user.get("email_verified") is False:
        _turned_away(db, language, "login.unverified", email)
    settings = secrets.get("koers") if isinstance(secrets.get("koers"), dict) else {}
    admins = settings.get("admins", [])
    found = cached.sign_in(db, email, admins if isinstance(admins, list) else [], str(st.user.get("name") or ""))
    if found.status != "active" or not found.identity.roles:
        _turned_away(db, language, "login.deactivated" if found.status == "deactivated" else "login.unknown", email)
    return found.identity


def _turned_away(db: Database, language: str, key: str, email: str) -> None:
    st.title(t(language, "login.title"))
    st.warning(t(language, key, email=email), icon=":material/person_off:")
    contacts = people.administrators(db)
    if contacts:
        st.write(t(language, "login.ask", names=", ".join(f"{name} ({address})" for name, address in contacts[:3])))
    st.button(t(language, "login.logout"), on_click=st.logout, icon=":material/logout:")
    _halt()


def context() -> Context:
    """The context app.py resolved for this run.

    A page can run without app.py once: when the very first request to a fresh server is a
    deep link (/profile), Streamlit still guesses from our `pages/` folder that this is an old
    folder-style app and runs the page file alone. Tell it that app.py navigates, and rerun."""
    found = st.session_state.get(_CONTEXT)
    if found is None:
        PagesManager.uses_pages_directory = False
        st.rerun()
    return found


def show_failure(error: KoersError) -> None:
    """A service failed in the middle of a page (the database, most likely): say so in the
    viewer's language instead of showing a traceback."""
    found = st.session_state.get(_CONTEXT)
    language = found.language if found else st.session_state.get("koers.language", DEFAULT_LANGUAGE)
    st.error(explain(language, error), icon=":material/error:")


def storage_warning(ctx: Context) -> str | None:
    """For whoever runs this Koers: the database lives on a disk that will not persist."""
    if ctx.team_mode and not ctx.viewer.has("admin"):
        return None
    if is_motherduck(ctx.db.path) or not on_ephemeral_disk(Path(ctx.db.path)):
        return None
    return ctx.t("error.ephemeral_disk")


# -- live mode: a coach sharing their screen in a session ------------------------------------


def live() -> sessions.Live | None:
    """The pairing on screen in live mode, or None. Kept in the database per coach
    (sessions.start_live), so that a reload or a typed address stays live; only a coach in
    team mode is ever in it."""
    context = st.session_state.get(_CONTEXT)
    if context is None or not context.team_mode or not context.viewer.has("coach"):
        return None
    return cached.live(context.db, context.viewer)


def enter_demo() -> None:
    st.session_state[_DEMO] = True


def leave_demo() -> None:
    st.session_state[_DEMO] = False


def in_demo() -> bool:
    return bool(st.session_state.get(_DEMO))


def _demo_wanted() -> bool:
    """Whether this run shows the demo. The choice lives in the session and in the address
    (?demo=1), so that a refresh, which starts a new session, stays in the demo: a coach
    sharing the demo never shows real data by surprise. Moving between pages drops the
    address's parameters, so it is written back on every run."""
    if _DEMO not in st.session_state:
        st.session_state[_DEMO] = st.query_params.get("demo") == "1"
    wanted = bool(st.session_state[_DEMO])
    if wanted and st.query_params.get("demo") != "1":
        st.query_params["demo"] = "1"
    elif not wanted and "demo" in st.query_params:
        del st.query_params["demo"]
    return wanted


def set_language(language: str) -> None:
    ctx = context()
    if language in LANGUAGES and language != ctx.viewer.language:
        try:
            people.set_language(ctx.db, ctx.viewer, language)
        except KoersError as error:
            flash(error)
        st.session_state["koers.language"] = language


# -- messages from callbacks ------------------------------------------------------------
# A widget callback runs before the page is drawn, so it leaves what went wrong (or right)
# here, and the page shows it at the top.


def flash(error_or_key: KoersError | str, kind: str = "error", **params: object) -> None:
    st.session_state.setdefault(_FLASH, []).append((error_or_key, kind, params))


def show_flash() -> None:
    ctx = context()
    for message, kind, params in st.session_state.pop(_FLASH, []):
        if isinstance(message, KoersError):
            text = ctx.explain(message)
        else:
            text = ctx.t(message, **{name: plain(value) if isinstance(value, str) else value for name, value in params.items()})
        if kind == "success":
            st.success(text, icon=":material/check_circle:")
        elif kind == "info":
            st.info(text, icon=":material/info:")
        else:
            st.error(text, icon=":material/error:")
            # Also where the eye is: on a phone the top of the page may be a long way up.
            st.toast(text, icon=":material/error:")


def submit(action, *args, success: str | None = None, **kwargs) -> None:
    """Run a service call when a form is submitted, then rerun: the page is drawn anew from
    what is stored, with the outcome (done, or what went wrong) at the top."""
    attempt(action, *args, success=success, **kwargs)
    st.rerun()


def attempt(action, *args, success: str | None = None, **kwargs) -> bool:
    """Run a service call from a callback; turn a KoersError into a message for the page."""
    try:
        action(*args, **kwargs)
    except KoersError as error:
        flash(error)
        return False
    if success:
        flash(success, kind="success")
    return True
