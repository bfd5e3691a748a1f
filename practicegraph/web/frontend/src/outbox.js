// The outbox of the offline forms: records saved on this phone with no connection, sent
// when it returns. Each record keeps the id its form was given, so a send that is retried
// (the answer was lost) is written once by the server. State per record: saved on this
// phone / sending / sent / needs attention (with why).
const KEY = "practicegraph-outbox";
let sending = false;

function load() {
  try { return JSON.parse(localStorage.getItem(KEY)) || []; } catch (e) { return []; }
}
function store(items) { localStorage.setItem(KEY, JSON.stringify(items)); }

function freshId(kind) {
  const bytes = new Uint8Array(8);
  crypto.getRandomValues(bytes);
  return `web-${kind}-` + Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

const WORDS = { saved: "Saved on this phone", sending: "Sending…", sent: "Sent", attention: "Needs attention" };

function render(form) {
  const box = document.getElementById("outbox");
  const list = document.getElementById("outbox-list");
  const items = load().filter((r) => r.kind === form.dataset.offlineForm);
  box.hidden = items.length === 0;
  document.getElementById("connection-state").textContent = navigator.onLine ? "Connected." : "No connection now.";
  list.replaceChildren(...items.map((r) => {
    const li = document.createElement("li");
    li.className = `outbox-item state-${r.state}`;
    li.dataset.recordId = r.id;
    const title = document.createElement("strong");
    title.textContent = `${r.fields.date || r.fields.started || ""} ${r.fields.observed || r.fields.mentee || ""}`.trim();
    const state = document.createElement("span");
    state.className = "state";
    state.textContent = WORDS[r.state] + (r.why ? `: ${r.why}` : "");
    li.append(title, " — ", state);
    if (r.state === "attention") {
      const fix = document.createElement("button");
      fix.type = "button";
      fix.textContent = "Open to fix";
      fix.addEventListener("click", () => reopen(form, r.id));
      li.append(" ", fix);
    }
    return li;
  }));
}

function reopen(form, id) {
  const items = load();
  const r = items.find((x) => x.id === id);
  if (!r) return;
  for (const [k, v] of Object.entries(r.fields)) if (form.elements[k]) form.elements[k].value = v;
  form.elements.record_id.value = r.id; // the same id: it is still sent once
  store(items.filter((x) => x.id !== id));
  render(form);
  form.scrollIntoView();
}

function saveLocally(form) {
  const fields = {};
  for (const [k, v] of new FormData(form).entries()) if (k !== "csrf_token" && k !== "record_id") fields[k] = v;
  const items = load();
  items.push({ id: form.elements.record_id.value, kind: form.dataset.offlineForm, fields, state: "saved", why: "",
    saved: new Date().toISOString() });
  store(items);
  form.reset();
  form.elements.record_id.value = freshId(form.dataset.offlineForm);
}

async function sendOne(r) {
  const token = await fetch("/auth/csrf", { credentials: "same-origin" }).then((x) => x.json());
  const body = new URLSearchParams({ ...r.fields, record_id: r.id, csrf_token: token.csrf_token });
  const res = await fetch(`/record/${r.kind}`, { method: "POST", body, credentials: "same-origin",
    headers: { Accept: "application/json" }, redirect: "manual" });
  if (res.type === "opaqueredirect" || res.status === 401) return { state: "attention", why: "sign in again; then it is sent" };
  const answer = await res.json().catch(() => ({}));
  if (res.ok) return { state: "sent", why: "" };
  const fields = answer.fields ? Object.entries(answer.fields).map(([k, v]) => `${k}: ${v}`).join("; ") : "";
  return { state: "attention", why: fields || answer.message || `the server answered ${res.status}` };
}

async function sendAll(form) {
  if (sending || !navigator.onLine) return;
  sending = true;
  try {
    for (const r of load().filter((x) => x.state === "saved")) {
      let outcome;
      try { outcome = await sendOne(r); } catch (e) { break; } // no connection after all: keep it, try later
      const items = load();
      const mine = items.find((x) => x.id === r.id);
      if (mine) Object.assign(mine, outcome, { sentAt: new Date().toISOString() });
      store(items);
      render(form);
    }
  } finally {
    sending = false;
    render(form);
  }
}

export function startOutbox(form) {
  if (!form.dataset.keepId) form.elements.record_id.value = freshId(form.dataset.offlineForm);
  form.addEventListener("submit", (event) => {
    if (navigator.onLine) return; // the server checks it and answers beside each field
    event.preventDefault();
    saveLocally(form);
    render(form);
    const note = document.getElementById("offline-note");
    note.textContent = "Saved on this phone. It will be sent when the connection returns.";
    note.setAttribute("role", "status");
  });
  window.addEventListener("online", () => { render(form); sendAll(form); });
  window.addEventListener("offline", () => render(form));
  render(form);
  sendAll(form);
}
