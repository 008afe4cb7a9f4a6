"""The fault tests that drive Chromium use the browser fixtures of tests/e2e: one headless
Chromium per session (failing, not skipping, without it when CI=true), a fresh database per
test, Koers on it with `streamlit run`, and pages that are saved to tests/e2e/artifacts/ when
the test fails (which needs the report hook as well)."""

from tests.e2e.conftest import (  # noqa: F401 - fixtures and a hook, found by name
    browser,
    db_file,
    koers,
    new_page,
    page,
    pytest_runtest_makereport,
)
