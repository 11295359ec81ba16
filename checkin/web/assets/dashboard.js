// The organiser's live dashboard: counts of the day, refreshed whenever a
// desk checks someone in (server-sent events), and every 30 s anyway.
// Everything shown of a person goes through textContent, never HTML.
"use strict";

const T = {
  fr: {
    title: "tableau de bord", live: "en direct", offline: "hors ligne", logout: "Se déconnecter",
    password: "Mot de passe administrateur", login: "Se connecter", badpassword: "Mot de passe incorrect", toomany: "Trop d'essais incorrects : attendez une minute", serverdown: "Le serveur n'a pas pu répondre",
    logins_paused: "Trop d'essais incorrects sur le réseau : les connexions sont suspendues quelques minutes", logins_busy: "Trop de connexions en même temps : réessayez dans un instant",
    failedlogins: (n, refused, mins) => `${n} connexion${n > 1 ? "s" : ""} refusée${n > 1 ? "s" : ""} (PIN ou mot de passe faux) dans la dernière heure`
      + (refused ? `, ${refused} autre${refused > 1 ? "s" : ""} bloquée${refused > 1 ? "s" : ""} sans essai` : "")
      + (mins ? ` — connexions suspendues pour ${mins} min (les postes connectés continuent)` : ""),
    logoutdesks: "Déconnecter tous les postes", confirmdesks: "Déconnecter tous les postes d'accueil ? Chacun devra retaper le PIN.",
    desksout: (n) => `${n} poste${n > 1 ? "s" : ""} déconnecté${n > 1 ? "s" : ""}`,
    arrived: "Arrivés :", expected: (n) => `sur ${n} attendus`, forced: "admis sans inscription",
    passchecked: "pass sanitaire vérifié", walkins: "inscrits sur place",
    reportpdf: "Rapport du jour (PDF)", reportcsv: "Tableur du jour (CSV)",
    curve: "Arrivées par tranche de 10 minutes", nocurve: "Aucune arrivée pour l'instant.",
    slot: (from, to, n) => `${from}–${to} : ${n} arrivée${n > 1 ? "s" : ""}`,
    categories: "Catégories", organisations: "Organismes", desks: "Par poste", latest: "Dernières arrivées",
    name: { categories: "Catégorie", organisations: "Organisme", desks: "Poste" },
    nameless: { categories: "(sans catégorie)", organisations: "(sans organisme)", desks: "(sans nom)" },
    colarrived: "Arrivés", colexpected: "Attendus", colpercent: "%",
    showall: (n) => `Tout afficher (${n})`, showtop: (n) => `N'afficher que les ${n} premiers`,
    nolatest: "Personne n'est encore arrivé.", desk: "poste",
    sessions: "Sessions du jour", colwhen: "Horaire", colsession: "Session", colroom: "Salle", colpresent: "Présents",
    colregistered: "Inscrits", colcapacity: "Capacité", coloccupancy: "Occupation", nolimit: "sans limite",
    nearlyfull: "presque complet", full: "complet",
    pairing: "Ouvrir le poste d'accueil sur un téléphone", pairingalt: "QR code de l'adresse du poste d'accueil",
    pairingok: "Visez ce code avec l'appareil photo du téléphone. La première fois, le téléphone demande d'accepter le certificat du service : acceptez-le.",
    pairinghttp: ["Ce service est en HTTP simple : les caméras des téléphones ne fonctionnent qu'en HTTPS. Pour l'activer, mettez ",
      "server.tls: self-signed", " dans desk.yaml, puis relancez ", "desk serve", ". Sans HTTPS, un téléphone ne peut que taper les codes ou chercher par nom."],
  },
  en: {
    title: "dashboard", live: "live", offline: "offline", logout: "Log out",
    password: "Admin password", login: "Log in", badpassword: "Wrong password", toomany: "Too many wrong tries: wait a minute", serverdown: "The server could not answer",
    logins_paused: "Too many wrong tries on the network: logins are paused for a few minutes", logins_busy: "Too many logins at once: try again in a moment",
    failedlogins: (n, refused, mins) => `${n} failed login${n === 1 ? "" : "s"} (wrong PIN or password) in the last hour`
      + (refused ? `, ${refused} more refused unchecked` : "")
      + (mins ? ` — logins paused for ${mins} min (desks already logged in go on)` : ""),
    logoutdesks: "Log out every desk", confirmdesks: "Log out every desk? Each one will have to type the PIN again.",
    desksout: (n) => `${n} desk${n === 1 ? "" : "s"} logged out`,
    arrived: "Arrived:", expected: (n) => `of ${n} expected`, forced: "admitted without registration",
    passchecked: "health pass checked", walkins: "registered at the door",
    reportpdf: "Day report (PDF)", reportcsv: "Day spreadsheet (CSV)",
    curve: "Arrivals per 10 minutes", nocurve: "No arrivals yet.",
    slot: (from, to, n) => `${from}–${to}: ${n} arrival${n === 1 ? "" : "s"}`,
    categories: "Categories", organisations: "Organisations", desks: "By desk", latest: "Latest arrivals",
    name: { categories: "Category", organisations: "Organisation", desks: "Desk" },
    nameless: { categories: "(no category)", organisations: "(no organisation)", desks: "(no name)" },
    colarrived: "Arrived", colexpected: "Expected", colpercent: "%",
    showall: (n) => `Show all (${n})`, showtop: (n) => `Show only the top ${n}`,
    nolatest: "Nobody has arrived yet.", desk: "desk",
    sessions: "Today's sessions", colwhen: "Time", colsession: "Session", colroom: "Room", colpresent: "Present",
    colregistered: "Registered", colcapacity: "Capacity", coloccupancy: "Occupancy", nolimit: "no limit",
    nearlyfull: "nearly full", full: "full",
    pairing: "Open the desk page on a phone", pairingalt: "QR code of the desk page's address",
    pairingok: "Point the phone's camera at this code. The first time, the phone asks to accept the service's certificate: accept it.",
    pairinghttp: ["This service runs on plain HTTP: phone cameras only work over HTTPS. To turn it on, set ",
      "server.tls: self-signed", " in desk.yaml, then restart ", "desk serve", ". Without HTTPS a phone can only type codes or search by name."],
  },
};
// The page's language: ?lang=fr or ?lang=en, else the browser's (French
// unless it asks for English), as on the desk page.
const asked = new URLSearchParams(location.search).get("lang") || navigator.language || "fr";
const lang = asked.toLowerCase().startsWith("en") ? "en" : "fr";
const t = (k) => T[lang][k] ?? k;

const $ = (id) => document.getElementById(id);
const page = document.body.dataset;
const TOP = 10; // rows of a long table shown before "show all"
const expanded = new Set(); // tables whose every row the organiser asked to see
let events = null;

// Times in the event's time zone, 24-hour in French.
function clock(opts) {
  const base = { hour: "2-digit", minute: "2-digit", hourCycle: lang === "fr" ? "h23" : undefined, ...opts };
  try {
    return new Intl.DateTimeFormat(lang, { ...base, timeZone: page.tz || undefined });
  } catch { // an unknown zone name: the browser's own
    return new Intl.DateTimeFormat(lang, base);
  }
}
const hhmm = clock({});
const minutes = clock({ hourCycle: "h23" });
const minuteOf = (d) => Number(minutes.formatToParts(d).find((p) => p.type === "minute").value);
const percent = new Intl.NumberFormat(lang, { style: "percent", maximumFractionDigits: 0 });
const number = new Intl.NumberFormat(lang);

function translate() {
  document.documentElement.lang = lang;
  document.title = `${document.querySelector("h1").textContent} · ${t("title")}`;
  for (const el of document.querySelectorAll("[data-t]")) el.textContent = t(el.dataset.t);
  $("pairing").alt = t("pairingalt");
  $("passtile").hidden = page.policy === "off";
  const note = $("pairing-note");
  if (page.secure === "true") {
    note.textContent = t("pairingok");
    return;
  }
  note.className = "warning";
  note.replaceChildren(...t("pairinghttp").map((s, i) => {
    if (i % 2 === 0) return s;
    const code = document.createElement("code");
    code.textContent = s;
    return code;
  }));
}

async function get(path) {
  const resp = await fetch(path);
  if (resp.status === 401 || resp.status === 403) throw new Error("login");
  if (!resp.ok) throw new Error("offline");
  return resp.json();
}

function cell(tag, text, cls) {
  const c = document.createElement(tag);
  c.textContent = text;
  if (cls) c.className = cls;
  return c;
}

// table shows counts under a heading, the top rows first, the others
// behind a "show all" button that the keyboard reaches like any button.
function table(id, counts, withExpected) {
  const box = $(id), tbl = document.createElement("table"), head = document.createElement("tr");
  head.append(cell("th", t("name")[id]), cell("th", t("colarrived"), "n"));
  if (withExpected) head.append(cell("th", t("colexpected"), "n"), cell("th", t("colpercent"), "n"));
  const thead = document.createElement("thead"), top = document.createElement("tbody"), rest = document.createElement("tbody");
  thead.append(head);
  counts.forEach((c, i) => {
    const tr = document.createElement("tr");
    tr.append(cell("td", c.name || t("nameless")[id]), cell("td", number.format(c.arrived), "n"));
    if (withExpected) tr.append(cell("td", number.format(c.expected), "n"), cell("td", c.expected ? percent.format(c.arrived / c.expected) : "—", "n"));
    (i < TOP ? top : rest).append(tr);
  });
  rest.id = `${id}-rest`;
  rest.hidden = !expanded.has(id);
  tbl.append(thead, top, rest);
  box.replaceChildren(tbl);
  if (counts.length <= TOP) return;
  const more = cell("button", expanded.has(id) ? t("showtop")(TOP) : t("showall")(counts.length), "more");
  more.type = "button";
  more.setAttribute("aria-controls", rest.id);
  more.setAttribute("aria-expanded", String(expanded.has(id)));
  more.addEventListener("click", () => {
    if (expanded.has(id)) expanded.delete(id); else expanded.add(id);
    rest.hidden = !expanded.has(id);
    more.setAttribute("aria-expanded", String(expanded.has(id)));
    more.textContent = expanded.has(id) ? t("showtop")(TOP) : t("showall")(counts.length);
  });
  box.append(more);
}

function svg(tag, attrs, text) {
  const el = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  if (text !== undefined) el.textContent = text;
  return el;
}

// curve draws one bar per ten-minute slot, empty ones too (a "0" in
// grey), with its value above it and the time below every hour (every half hour when short).
function curve(buckets) {
  const chart = $("curve");
  chart.replaceChildren();
  $("chart").hidden = buckets.length === 0;
  $("nocurve").hidden = buckets.length > 0;
  const n = buckets.length, room = $("chart").clientWidth - 48;
  const bw = Math.max(22, Math.min(120, Math.floor(room / Math.max(n, 1))));
  const left = 24, top = 22, plot = 130, axis = top + plot, width = left * 2 + n * bw, height = axis + 30;
  chart.setAttribute("viewBox", `0 0 ${width} ${height}`);
  chart.setAttribute("width", width);
  chart.setAttribute("height", height);
  const most = Math.max(1, ...buckets.map((b) => b.arrivals)), step = n <= 18 ? 30 : 60;
  buckets.forEach((b, i) => {
    const start = new Date(b.start), x = left + i * bw, h = Math.max((b.arrivals / most) * plot, b.arrivals ? 2 : 0);
    const g = svg("g", { class: "slot", "data-arrivals": b.arrivals });
    g.append(svg("title", {}, t("slot")(hhmm.format(start), hhmm.format(new Date(start.getTime() + 600000)), b.arrivals)));
    g.append(svg("rect", { class: b.arrivals ? "bar" : "empty", x: x + 2, width: bw - 4, y: axis - (h || 1), height: h || 1 }));
    g.append(svg("text", { class: b.arrivals ? "value" : "value zero", x: x + bw / 2, y: axis - h - 5, "text-anchor": "middle" }, number.format(b.arrivals)));
    if (minuteOf(start) % step === 0 || i === 0) {
      g.append(svg("line", { class: "axis", x1: x, x2: x, y1: axis, y2: axis + 6 }));
      g.append(svg("text", { class: "hour", x, y: axis + 20, "text-anchor": i === 0 ? "start" : "middle" }, hhmm.format(start)));
    }
    chart.append(g);
  });
  chart.append(svg("line", { class: "axis", x1: left, x2: left + n * bw, y1: axis, y2: axis }));
}

function totals(st) {
  $("arrived").textContent = number.format(st.arrived);
  $("expected-text").textContent = t("expected")(number.format(st.expected));
  $("percent").textContent = st.expected ? `(${percent.format(st.arrived / st.expected)})` : "";
  $("progress").value = st.expected ? Math.min(1, st.arrived / st.expected) : 0;
  $("forced").textContent = number.format(st.forced);
  $("passchecked").textContent = number.format(st.health_pass_checked);
  $("walkins").textContent = number.format(st.walk_ins ?? 0);
}

// sessionsPanel shows each of the day's sessions, by start then room:
// who is in, who registered, its capacity, a bar, and a warning when a
// tenth of the places (at least the last one) are left.
function sessionsPanel(all, day) {
  const list = all.filter((s) => s.day === day).sort((a, b) => a.start.localeCompare(b.start) || a.room.localeCompare(b.room));
  $("sessions-section").hidden = list.length === 0;
  const tbl = document.createElement("table"), head = document.createElement("tr"), body = document.createElement("tbody");
  head.append(cell("th", t("colwhen")), cell("th", t("colsession")), cell("th", t("colroom")), cell("th", t("colpresent"), "n"),
    cell("th", t("colregistered"), "n"), cell("th", t("colcapacity"), "n"), cell("th", t("coloccupancy")));
  for (const s of list) body.append(sessionRow(s));
  const thead = document.createElement("thead");
  thead.append(head);
  tbl.append(thead, body);
  $("sessions").replaceChildren(tbl);
}

function sessionRow(s) {
  const tr = document.createElement("tr"), fill = s.capacity ? s.present / s.capacity : 0;
  const left = s.capacity - s.present; // nearly full: a tenth of the places left (at least the last one), and someone in
  const level = !s.capacity ? "" : left <= 0 ? "full" : s.present > 0 && left <= Math.max(1, Math.ceil(s.capacity / 10)) ? "nearlyfull" : "";
  tr.className = level;
  tr.dataset.session = s.id;
  const bar = document.createElement("progress"), occupancy = cell("td", "", "occupancy");
  bar.max = s.capacity || Math.max(s.registered, s.present, 1);
  bar.value = Math.min(s.present, bar.max);
  bar.className = s.capacity ? "" : "nolimit";
  bar.setAttribute("aria-label", `${s.name}: ${number.format(s.present)}${s.capacity ? " / " + number.format(s.capacity) : ""}`);
  occupancy.append(bar);
  if (level) occupancy.append(cell("span", t(level), "warning " + level));
  tr.append(cell("td", `${s.start}–${s.end}`), cell("td", s.name), cell("td", s.room), cell("td", number.format(s.present), "n"),
    cell("td", number.format(s.registered), "n"), cell("td", s.capacity ? number.format(s.capacity) : t("nolimit"), "n"), occupancy);
  return tr;
}

function latestArrivals(list) {
  const ul = $("latest");
  ul.replaceChildren();
  for (const a of list) {
    const parts = [hhmm.format(new Date(a.at)), `${a.first_name} ${a.last_name}`];
    if (a.organisation) parts.push(a.organisation);
    parts.push(`${t("desk")} ${a.desk}`);
    ul.append(cell("li", parts.join(" · ")));
  }
  $("nolatest").hidden = list.length > 0;
}

// loginWarning says when logins were refused in the last hour, and
// whether they are paused: someone may be guessing the PIN.
function loginWarning(st) {
  const box = $("loginwarn");
  box.hidden = !st.failed_last_hour && !st.refused_last_hour && !st.paused_seconds;
  box.textContent = box.hidden ? "" : t("failedlogins")(st.failed_last_hour, st.refused_last_hour, Math.ceil(st.paused_seconds / 60));
}

function showLogin() {
  $("board").hidden = true;
  $("logout").hidden = true;
  $("login").hidden = false;
  $("connection").textContent = "";
  $("password").focus();
}

async function refresh() {
  let st, latest, logins, sessions;
  try {
    [st, latest, logins, sessions] = await Promise.all([get("/api/stats"), get("/api/arrivals"), get("/api/logins"), get("/api/sessions")]);
  } catch (e) {
    if (e.message === "login") showLogin();
    else { $("connection").textContent = t("offline"); $("connection").className = "offline"; }
    return;
  }
  $("connection").textContent = t("live");
  $("connection").className = "";
  $("login").hidden = true;
  $("board").hidden = false;
  $("logout").hidden = false;
  totals(st);
  curve(st.per_ten_minutes || []);
  table("categories", st.by_category || [], true);
  table("organisations", st.by_organisation || [], true);
  table("desks", st.by_desk || [], false);
  latestArrivals(latest.arrivals || []);
  sessionsPanel(sessions.sessions || [], st.day);
  loginWarning(logins);
  refreshPrinting();
}

function listen() {
  if (events) events.close();
  events = new EventSource("/api/events");
  events.addEventListener("change", refresh);
  events.onerror = () => { $("connection").textContent = t("offline"); $("connection").className = "offline"; };
}

function pairing() {
  fetch("/api/pairing").then((r) => {
    $("pairing").hidden = !r.ok;
    if (r.ok) $("pairing").src = "/api/pairing";
    $("pairing-section").hidden = false;
  });
}

$("login").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  const resp = await fetch("/api/login", { method: "POST", headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ password: $("password").value }) });
  $("password").value = "";
  if (resp.status !== 200) {
    const code = (await resp.json().catch(() => ({}))).error_code;
    const known = { logins_paused: "logins_paused", logins_busy: "logins_busy", too_many_logins: "toomany", wrong_pin: "badpassword" };
    $("loginerror").textContent = t(known[code] || "serverdown");
    return;
  }
  $("loginerror").textContent = "";
  await refresh();
  listen();
  pairing();
});

$("logout").addEventListener("click", async () => {
  if (events) events.close();
  events = null;
  await fetch("/api/logout?role=admin", { method: "POST" }); // a desk logged in in this browser stays logged in
  $("pairing").removeAttribute("src");
  $("pairing-section").hidden = true;
  showLogin();
});

$("logoutdesks").addEventListener("click", async () => {
  if (!confirm(t("confirmdesks"))) return;
  const resp = await fetch("/api/sessions/logout-desks", { method: "POST" });
  if (resp.status === 401 || resp.status === 403) { showLogin(); return; }
  $("logoutdesksdone").textContent = resp.ok ? t("desksout")((await resp.json()).ended) : t("serverdown");
});

translate();
refresh().then(() => { if (!$("board").hidden) { listen(); pairing(); } });
setInterval(() => { if (!$("board").hidden) refresh(); }, 30000);
