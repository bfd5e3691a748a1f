"""The web app in a real browser: Debian's headless Chromium driven by Playwright (no
browser download). The app runs on the in-memory store in a server thread; each test
signs in as a person from the small accounts world and does what that person would do.
Screenshots go to docs/screenshots/ (the README shows them)."""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from practicegraph.api import create_app
from tests.accounts_world import build
from tests.fakes import HashingEmbedder

pytestmark = pytest.mark.slow

CHROMIUM = "/usr/bin/chromium"
SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    store, accounts, _ = build(tmp_path_factory.mktemp("web") / "accounts.sqlite")
    app = create_app(store=store, embedder=HashingEmbedder(), accounts=accounts, public_read=True)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    # localhost: a secure context, so the Secure session cookie and the service worker work
    yield f"http://localhost:{server.server_port}", store
    server.shutdown()


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: .ci/run installs Debian's chromium")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport=PHONE, service_workers="allow")
    yield context.new_page()
    context.close()


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def sign_in(page, base: str, username: str, password: str, then: str = "/search") -> None:
    page.goto(f"{base}/signin?next={then}")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"**{then}*")
    assert page.get_by_role("button", name=f"Sign out {username}").is_visible()


def test_public_search_then_a_person(site, page):
    base, _ = site
    page.goto(f"{base}/search")
    page.get_by_label("Who has developed practice in").fill("think pair share questioning")
    page.keyboard.press("Enter")
    result = page.locator(".person-result").filter(has_text="Tara")
    result.wait_for()
    assert "Hill Primary" in result.inner_text()  # where to reach her
    assert "Ben" not in page.locator(".people").inner_text()  # his practice is his school's only
    shot(page, "search")
    result.get_by_role("link", name="Tara").click()
    page.get_by_role("heading", name="Tara").wait_for()
    assert "School: Hill Primary" in page.inner_text("main")
    assert "Think pair share" in page.inner_text("main")
    shot(page, "person")


def test_search_by_keyboard_alone(site, page):
    base, _ = site
    page.goto(f"{base}/search")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to the page"
    page.keyboard.press("Enter")
    for _ in range(10):  # on to the search box, past the header
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "q":
            break
    assert page.evaluate("document.activeElement.id") == "q"
    page.keyboard.type("think pair share")
    page.keyboard.press("Enter")
    page.locator(".person-result").first.wait_for()
    page.keyboard.press("Tab")  # the search box, the button, then the filters, then the first person
    for _ in range(12):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent") == "Tara":
            break
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Tara").wait_for()


def test_sign_in_with_a_wrong_password_says_so(site, page):
    base, _ = site
    page.goto(f"{base}/signin")
    page.get_by_label("Username").fill("tara")
    page.get_by_label("Password").fill("not-her-password")
    page.get_by_role("button", name="Sign in").click()
    assert page.locator("#signin-error").inner_text() == "Wrong username or password."
    assert page.get_by_label("Username").input_value() == "tara"


def test_peer_visit_keeps_what_was_typed_when_refused(site, page):
    base, store = site
    sign_in(page, base, "tara", "tara-password-1", then="/record/visit")
    form = page.locator("form.record-form")
    assert "If you change nothing: only the two of you (you and the teacher you visited)" in form.inner_text()
    page.get_by_label("Who was visited").fill("nobody-by-that-id")
    page.get_by_label("Round").fill("2")
    page.get_by_label("Focus of the visit").fill("Questioning with mini whiteboards in Grade 5")
    page.get_by_label("What worked well").fill("Every learner answered at once")
    page.get_by_role("button", name="Save").click()
    error = page.locator("#f-observed-error")
    error.wait_for()
    assert "unknown person id" in error.inner_text().lower()
    assert page.get_by_label("Focus of the visit").input_value() == "Questioning with mini whiteboards in Grade 5"
    assert page.get_by_label("What worked well").input_value() == "Every learner answered at once"
    assert page.get_by_label("Round").input_value() == "2"
    shot(page, "visit-error")
    page.get_by_label("Who was visited").fill("mo")
    page.get_by_role("button", name="Save").click()
    page.locator("#done").wait_for()
    assert "Sent and saved" in page.locator("#done").inner_text()


def test_adaptation_appears_in_the_lineage(site, page):
    base, _ = site
    sign_in(page, base, "tara", "tara-password-1", then="/practices/p-public")
    page.get_by_role("link", name="I adapted this").click()
    page.get_by_label("A name for your version").fill("Think pair share with number cards")
    page.get_by_label("Your version, in a few sentences").fill("Pairs hold up number cards before sharing.")
    page.get_by_label("What I changed").fill("number cards instead of talk for the first round")
    page.get_by_label("Why").fill("sixty learners: talk got too loud")
    page.get_by_label("My context").fill("Grade 4, 60 learners, one room")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("status").filter(has_text="Your adaptation is recorded").wait_for()
    sources = page.locator("#lineage-ancestors")
    assert "Think pair share" in sources.inner_text()
    assert "adapted: number cards instead of talk" in sources.inner_text()
    assert page.locator("#lineage-drawing svg .node").count() == 2
    page.goto(f"{base}/practices/p-public")
    went = page.locator("#lineage-descendants").inner_text()
    assert "Think pair share with number cards" in went and "adapted: number cards" in went
    shot(page, "lineage")


def test_a_pair_reflection_is_not_seen_by_another_teacher(site, page, browser):
    base, _ = site
    sign_in(page, base, "tara", "tara-password-1", then="/record/visit")
    page.get_by_label("Who was visited").fill("mo")
    page.get_by_label("Date of the visit").fill("2025-04-02")
    page.get_by_label("Focus of the visit").fill("zebrafinch counting games outdoors")
    page.get_by_label("Reflection", exact=True).fill("Mo worried about the inspection")
    page.get_by_role("button", name="Save").click()
    page.locator("#done").wait_for()
    page.goto(f"{base}/search?q=zebrafinch+counting+games")
    assert "outdoors" in page.inner_text("main")  # the pair sees the visit (its focus, as evidence)
    other = browser.new_context(viewport=PHONE).new_page()
    sign_in(other, base, "ben", "ben-password-1")
    other.goto(f"{base}/search?q=zebrafinch+counting+games")
    seen = other.inner_text("main")
    assert "outdoors" not in seen and "inspection" not in seen
    other.goto(f"{base}/people/mo?q=zebrafinch+counting+games")
    seen = other.inner_text("main")
    assert "outdoors" not in seen and "inspection" not in seen
    assert "Nothing you can see links them to that question." in seen
    other.context.close()


def test_offline_visit_is_sent_once_when_the_connection_returns(site, page):
    base, store = site
    sign_in(page, base, "tara", "tara-password-1", then="/record/visit")
    page.evaluate("navigator.serviceWorker.ready")
    page.reload()  # now controlled by the service worker, which has the form
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    before = store.counts().get("Observation", 0)
    page.context.set_offline(True)
    page.reload()
    page.get_by_label("Who was visited").fill("mo")
    page.get_by_label("Date of the visit").fill("2025-05-06")
    page.get_by_label("Focus of the visit").fill("Reading aloud in pairs with no signal")
    page.get_by_role("button", name="Save").click()
    item = page.locator(".outbox-item")
    item.wait_for()
    assert "Saved on this phone" in item.inner_text()
    record_id = item.get_attribute("data-record-id")
    shot(page, "offline-saved")
    page.context.set_offline(False)
    page.locator(".outbox-item.state-sent").wait_for()
    assert "Sent" in item.inner_text()
    assert record_id in store.record_index([record_id])
    page.reload()  # a second chance to send must not send again
    page.locator(".outbox-item.state-sent").wait_for()
    assert store.counts().get("Observation", 0) == before + 1
    assert page.locator(".outbox-item").count() == 1
    shot(page, "offline-sent")


MEETINGS = [{"type": "meeting", "id": f"m-{i}", "cluster": "k1", "date": d, "venue": "s1",
             "attendees": people, "agenda": [{"text": t, "tag": tag} for t, tag in agenda]}
            for i, (d, people, agenda) in enumerate([
                ("2025-01-10", ["tara", "lee"], [("group work", "content"), ("timetable", "admin")]),
                ("2025-02-07", ["tara", "lee", "old"], [("reading aloud", "content"), ("exams", "admin")]),
                ("2025-03-14", ["tara", "lee", "old"], [("questioning", "content"), ("think pair share", "content")]),
                ("2025-04-11", ["lee"], [("fees", "admin")])])]
SPREAD = [{"type": "practice", "id": "p-pub-2", "title": "Think pair share, outdoors", "description": "outdoors",
           "visibility": "public", "developers": [{"person": "ben", "date": "2025-02-01"}]},
          {"type": "adaptation", "id": "ad-2", "practice": "p-pub-2", "source": "p-public", "mode": "adaptive",
           "what_changed": "outdoors", "date": "2025-02-01"}]


@pytest.fixture(scope="module")
def research_site(tmp_path_factory):
    """The app with cluster meetings and a public adaptation, read through the research
    endpoints (cluster health, a practice's cascade)."""
    from practicegraph.ingest.pipeline import ingest
    from practicegraph.ingest.validate import Item

    store, accounts, _ = build(tmp_path_factory.mktemp("web-research") / "accounts.sqlite")
    ingest(store, HashingEmbedder(), [Item(r, i) for i, r in enumerate(MEETINGS + SPREAD)])
    app = create_app(store=store, embedder=HashingEmbedder(), accounts=accounts, public_read=True)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://localhost:{server.server_port}"
    server.shutdown()


def test_cluster_health_charts(research_site, page):
    sign_in(page, research_site, "tara", "tara-password-1")
    page.goto(f"{research_site}/clusters/k1")
    page.locator("#agenda-chart svg .bar.content").first.wait_for()
    assert page.locator("#agenda-chart svg .bar.content").count() == 4
    assert page.locator("#attendance-chart svg .dot").count() == 4
    assert "River cluster" in page.inner_text("h1")
    assert page.locator("#meetings-table tbody tr").count() == 4
    shot(page, "cluster-health")


def test_diffusion_view(research_site, page):
    page.goto(f"{research_site}/practices/p-public")
    page.get_by_role("link", name="How it spread").click()
    page.locator("#reach-list li").first.wait_for()
    assert "2 practices in this family" in page.inner_text("#reach-list")
    assert page.locator("#adoption-table tbody tr").count() == 1
    shot(page, "diffusion")


def test_an_offline_record_the_server_refuses_needs_attention_with_why(site, page):
    base, store = site
    sign_in(page, base, "tara", "tara-password-1", then="/record/visit")
    page.context.set_offline(True)
    page.evaluate("window.dispatchEvent(new Event('offline'))")
    page.get_by_label("Who was visited").fill("someone-not-known")
    page.get_by_label("Focus of the visit").fill("Story circles")
    page.get_by_role("button", name="Save").click()
    item = page.locator(".outbox-item")
    item.wait_for()
    record_id = item.get_attribute("data-record-id")
    page.context.set_offline(False)
    page.locator(".outbox-item.state-attention").wait_for()
    assert "Needs attention: observed: Unknown person id 'someone-not-known'" in item.inner_text()
    assert store.record_index([record_id]) == {}
    page.get_by_role("button", name="Open to fix").click()
    assert page.get_by_label("Focus of the visit").input_value() == "Story circles"
    page.get_by_label("Who was visited").fill("mo")
    page.get_by_role("button", name="Save").click()  # online now: the server takes it, with the same id
    page.locator("#done").wait_for()
    assert record_id in store.record_index([record_id])
