// The organiser's live dashboard: counts of the day, refreshed whenever a
// desk checks someone in (server-sent events), and every 30 s anyway.
"use strict";

const $ = (id) => document.getElementById(id);

async function get(path) {
  const resp = await fetch(path);
  if (resp.status === 401 || resp.status === 403) throw new Error("login");
  return resp.json();
}

function rows(table, counts) {
  table.replaceChildren();
  for (const c of counts) {
    const tr = document.createElement("tr");
    for (const v of [c.name || "—", `${c.arrived} / ${c.expected}`]) {
      const td = document.createElement("td");
      td.textContent = v;
      tr.append(td);
    }
    table.append(tr);
  }
}

function curve(buckets) {
  const svg = $("curve"), ns = "http://www.w3.org/2000/svg";
  svg.replaceChildren();
  const top = Math.max(1, ...buckets.map((b) => b.arrivals)), w = 600 / Math.max(buckets.length, 1);
  buckets.forEach((b, i) => {
    const h = (b.arrivals / top) * 140, r = document.createElementNS(ns, "rect");
    r.setAttribute("x", i * w + 1); r.setAttribute("width", Math.max(w - 2, 1));
    r.setAttribute("y", 150 - h); r.setAttribute("height", h); r.setAttribute("fill", "#1f4e8c");
    const title = document.createElementNS(ns, "title");
    title.textContent = `${new Date(b.start).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })}: ${b.arrivals}`;
    r.append(title);
    svg.append(r);
  });
}

async function refresh() {
  let st, latest;
  try {
    [st, latest] = await Promise.all([get("/api/stats"), get("/api/arrivals")]);
  } catch (e) {
    if (e.message === "login") { $("board").hidden = true; $("login").hidden = false; }
    else { $("connection").textContent = "hors ligne / offline"; }
    return;
  }
  $("connection").textContent = "en direct / live";
  $("login").hidden = true; $("board").hidden = false;
  $("arrived").textContent = st.arrived;
  $("expected").textContent = st.expected;
  $("extra").textContent = `admis sans inscription : ${st.forced} · pass sanitaire vérifié : ${st.health_pass_checked}`;
  rows($("categories"), st.by_category || []);
  rows($("organisations"), st.by_organisation || []);
  curve(st.per_ten_minutes || []);
  const ul = $("latest");
  ul.replaceChildren();
  for (const a of latest.arrivals || []) {
    const li = document.createElement("li");
    li.textContent = `${new Date(a.at).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })} · ${a.first_name} ${a.last_name}${a.organisation ? " · " + a.organisation : ""} · ${a.desk}`;
    ul.append(li);
  }
}

function listen() {
  const es = new EventSource("/api/events");
  es.addEventListener("change", refresh);
  es.onerror = () => { $("connection").textContent = "hors ligne / offline"; };
}

$("login").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  const resp = await fetch("/api/login", { method: "POST", headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ password: $("password").value }) });
  $("password").value = "";
  if (resp.status !== 200) { $("loginerror").textContent = "Mot de passe incorrect / wrong password"; return; }
  $("loginerror").textContent = "";
  listen();
  refresh();
  pairing();
});

function pairing() {
  fetch("/api/pairing").then((r) => { if (r.ok) { $("pairing").src = "/api/pairing"; $("pairing").hidden = false; } });
}

refresh().then(() => { if (!$("board").hidden) { listen(); pairing(); } });
setInterval(refresh, 30000);
