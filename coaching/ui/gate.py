"""Who is looking, in which language, on which database: resolved once per script run by
app.py, then read by every page through `context()`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from coaching import people
from coaching.db import Database, DatabaseError, resolve_path
from coaching.errors import KoersError
from coaching.framework import LANGUAGES, Framework, FrameworkError, load_framework, resolve_framework_path
from coaching.i18n import DEFAULT_LANGUAGE, t, t_count
from coaching.people import Identity

_CONTEXT = "koers.context"
_DEMO = "koers.demo"
_FLASH = "koers.flash"


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
        """An error in the user's language; a `field` parameter is itself a catalog key."""
        params = dict(error.params)
        if isinstance(params.get("field"), str):
            params["field"] = self.t(params["field"])
        return self.t(error.key, **params)

    def today(self) -> dt.date:
        return dt.date.today()


@st.cache_resource(show_spinner=False)
def _database(path: str) -> Database:
    # One connection per process, keyed by the path so that a test (or a change of the
    # `db` secret) gets its own. A failed open is not cached: the next run tries again.
    return Database(path)


def browser_language() -> str:
    locale = (st.context.locale or "").lower()
    return "nl" if locale.startswith("nl") else DEFAULT_LANGUAGE


def _secrets() -> dict:
    try:
        return {key: st.secrets[key] for key in st.secrets}
    except (FileNotFoundError, KeyError, st.errors.StreamlitAPIException, st.errors.StreamlitSecretNotFoundError):
        return {}


def start() -> Context:
    """Open the database, load the framework and find out who is looking, or stop the run
    with a message in the browser's language."""
    language = st.session_state.get("koers.language", browser_language())
    secrets = _secrets()
    try:
        framework = load_framework(resolve_framework_path(secrets=secrets))
    except FrameworkError as error:
        st.error(t(language, "error.framework", path=str(error.path), problem=error.problem), icon=":material/error:")
        _halt()
    try:
        db = _database(resolve_path(secrets=secrets))
    except DatabaseError as error:
        st.error(t(language, error.key, **error.params), icon=":material/lock:")
        _halt()

    team_mode = "auth" in secrets
    try:
        viewer = _team_member(db, language) if team_mode else people.local_leader(db)
    except DatabaseError as error:
        st.error(t(language, error.key, **error.params), icon=":material/lock:")
        _halt()
    st.session_state["koers.language"] = viewer.language
    identity = viewer
    if st.session_state.get(_DEMO):
        identity = people.demo_leader(db) or viewer
    context = Context(db=db, framework=framework, identity=identity, viewer=viewer, team_mode=team_mode)
    st.session_state[_CONTEXT] = context
    return context


def _halt() -> None:
    """Stop this run with only the message on screen. Declaring a (hidden) navigation first
    keeps Streamlit from listing the files of pages/ in the sidebar."""
    st.navigation([st.Page(_nothing, title="Koers")], position="hidden")
    st.stop()


def _nothing() -> None:
    pass


def _team_member(db: Database, language: str) -> Identity:
    if not st.user.is_logged_in:
        st.title(t(language, "login.title"))
        st.write(t(language, "login.body"))
        st.button(t(language, "login.button"), on_click=st.login, type="primary", icon=":material/login:")
        _halt()
    member = people.by_email(db, str(st.user.get("email") or ""))
    if member is None:
        st.warning(t(language, "login.unknown", email=str(st.user.get("email") or "")), icon=":material/person_off:")
        st.button(t(language, "login.logout"), on_click=st.logout)
        _halt()
    return member


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


def enter_demo() -> None:
    st.session_state[_DEMO] = True


def leave_demo() -> None:
    st.session_state[_DEMO] = False


def in_demo() -> bool:
    return bool(st.session_state.get(_DEMO))


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
        text = ctx.explain(message) if isinstance(message, KoersError) else ctx.t(message, **params)
        if kind == "success":
            st.success(text, icon=":material/check_circle:")
        elif kind == "info":
            st.info(text, icon=":material/info:")
        else:
            st.error(text, icon=":material/error:")


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
