// The desk page: scan or type a badge code, see the answer at once, in
// colour, word, icon and sound. Everything shown of a person goes through
// textContent, never HTML.
"use strict";

const T = {
  fr: {
    online: "en ligne", offline: "HORS LIGNE : rien n'est enregistré", pin: "Code PIN du poste",
    deskname: "Nom du poste (facultatif)", login: "Se connecter", badpin: "PIN incorrect",
    scan: "Scanner un badge ou taper son code", pass: "Pass sanitaire vérifié", undo: "Annuler cet enregistrement",
    force: "Admettre quand même", search: "Chercher par nom ou organisme (3 lettres au moins)", checkin: "Enregistrer",
    checked_in: "Bienvenue", already_checked_in: "Déjà là", unknown_code: "Code inconnu", cancelled: "Inscription annulée",
    not_registered_today: "Pas inscrit aujourd'hui", health_pass_required: "Pass sanitaire à vérifier",
    not_a_badge: "Ce n'est pas un badge", health_pass: "C'est un pass sanitaire, pas un badge",
    at: "enregistré à", desk: "poste", tick: "Cochez « Pass sanitaire vérifié » puis scannez à nouveau",
    undone: "Enregistrement annulé", lost: "Connexion perdue : cet enregistrement n'est PAS fait",
    passlater: "Pass sanitaire vérifié", passdone: "Pass sanitaire noté comme vérifié", reprint: "Réimprimer le badge",
    camera: "Scanner avec la caméra", stopcamera: "Arrêter la caméra", nocamera: "Pas de caméra (il faut HTTPS sur un téléphone)",
    walkin: "Inscrire une personne non inscrite", first: "Prénom", last: "Nom", org: "Organisme",
    email: "Adresse e-mail (facultative)", register: "Inscrire, enregistrer et imprimer le badge", print: "Imprimer le badge",
  },
  en: {
    online: "online", offline: "OFFLINE: nothing is recorded", pin: "Desk PIN", deskname: "Desk name (optional)",
    login: "Log in", badpin: "Wrong PIN", scan: "Scan a badge or type its code", pass: "Health pass checked",
    undo: "Undo this check-in", force: "Admit anyway", search: "Search by name or organisation (3 letters at least)",
    checkin: "Check in", checked_in: "Welcome", already_checked_in: "Already here", unknown_code: "Unknown code",
    cancelled: "Registration cancelled", not_registered_today: "Not registered today",
    health_pass_required: "Check the health pass", not_a_badge: "Not a badge", health_pass: "This is a health pass, not a badge",
    at: "checked in at", desk: "desk", tick: "Tick “Health pass checked”, then scan again",
    undone: "Check-in undone", lost: "Connection lost: this check-in is NOT recorded",
    passlater: "Health pass checked", passdone: "Health pass recorded as checked", reprint: "Reprint the badge",
    camera: "Scan with the camera", stopcamera: "Stop the camera", nocamera: "No camera (a phone needs HTTPS)",
    walkin: "Register someone at the door", first: "First name", last: "Last name", org: "Organisation",
    email: "E-mail (optional)", register: "Register, check in and print the badge", print: "Print the badge",
  },
};
// The page's language: ?lang=fr or ?lang=en, else the browser's (French
// unless it asks for English).
const asked = new URLSearchParams(location.search).get("lang") || navigator.language || "fr";
const lang = asked.toLowerCase().startsWith("en") ? "en" : "fr";
const t = (k) => T[lang][k] || k;

const looks = { // colour, icon, sound (Hz) of each outcome
  checked_in: ["green", "✔", 880], already_checked_in: ["amber", "⟳", 520], unknown_code: ["red", "✖", 220],
  cancelled: ["red", "✖", 220], not_registered_today: ["amber", "!", 440], health_pass_required: ["blue", "?", 660],
  not_a_badge: ["red", "✖", 180], lost: ["red", "⚠", 150], undone: ["blue", "↶", 600],
};

const $ = (id) => document.getElementById(id);
let lastCode = "", lastAt = 0, lastCheckIn = null, pending = null, clearTimer = null;

function nonce() {
  const b = new Uint8Array(16);
  crypto.getRandomValues(b);
  return Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
}

function beep(hz) {
  try {
    const ctx = new AudioContext(), o = ctx.createOscillator(), g = ctx.createGain();
    o.frequency.value = hz; o.connect(g); g.connect(ctx.destination);
    g.gain.setValueAtTime(0.2, ctx.currentTime); o.start(); o.stop(ctx.currentTime + 0.18);
  } catch (e) { /* no sound device: the card still says it */ }
}

function online(ok) {
  $("connection").textContent = ok ? t("online") : t("offline");
  $("connection").classList.toggle("offline", !ok);
}

async function api(method, path, body) {
  let resp;
  try {
    resp = await fetch(path, { method, headers: { "Content-Type": "application/json" }, body: body && JSON.stringify(body) });
  } catch (e) {
    online(false);
    throw e;
  }
  online(true);
  if (resp.status === 401 && path !== "/api/login") { showLogin(); throw new Error("login"); }
  return { status: resp.status, body: await resp.json().catch(() => ({})) };
}

function show(outcome, r, detail) {
  const [colour, icon, hz] = looks[outcome] || looks.not_a_badge;
  const card = $("card");
  card.className = colour;
  card.dataset.outcome = outcome;
  $("icon").textContent = icon;
  $("word").textContent = t(outcome);
  $("who").textContent = r ? `${r.first_name} ${r.last_name}` : "";
  $("org").textContent = r ? [r.organisation, r.category].filter(Boolean).join(" · ") : "";
  $("detail").textContent = detail || "";
  $("undo").hidden = outcome !== "checked_in";
  $("passlater").hidden = !(outcome === "checked_in" && lastCheckIn && lastCheckIn.health_pass_verified === false);
  $("force").hidden = outcome !== "not_registered_today";
  card.hidden = false;
  beep(hz);
  clearTimeout(clearTimer);
  clearTimer = setTimeout(() => { card.hidden = true; }, 8000);
}

async function checkIn(code, force) {
  pending = { code, nonce: nonce() };
  let res;
  try {
    res = await api("POST", "/api/checkins", { code, nonce: pending.nonce, force: !!force, health_pass_verified: $("pass").checked });
  } catch (e) {
    if (e.message !== "login") show("lost", null, t("lost"));
    return;
  }
  const b = res.body;
  if (res.status !== 200) { show("not_a_badge", null, b.error || ""); return; }
  let detail = "";
  if (b.outcome === "already_checked_in" && b.check_in) {
    detail = `${t("at")} ${new Date(b.check_in.at).toLocaleTimeString(lang, { hour: "2-digit", minute: "2-digit" })}, ${t("desk")} ${b.check_in.desk}`;
  } else if (b.outcome === "health_pass_required") {
    detail = t("tick");
  } else if (b.hint === "health_pass") {
    detail = t("health_pass");
  }
  lastCheckIn = b.outcome === "checked_in" ? b.check_in : null;
  show(b.outcome, b.registrant, detail);
  if (b.outcome === "checked_in") $("pass").checked = false;
}

function onScan(ev) {
  if (ev.key !== "Enter" && ev.key !== "Tab") return;
  ev.preventDefault();
  const input = $("scan"), code = input.value.trim();
  input.value = "";
  if (!code) return;
  const now = Date.now();
  if (code === lastCode && now - lastAt < 2000) return; // a scanner repeating itself
  lastCode = code; lastAt = now;
  checkIn(code, false);
}

// scanned takes a code from the camera: the same one seen again within
// 3 s is the same badge still in front of the lens.
function scanned(code) {
  const now = Date.now();
  if (code === lastCode && now - lastAt < 3000) return;
  lastCode = code; lastAt = now;
  checkIn(code, false);
}

// The camera: the browser's BarcodeDetector where there is one, else a
// frame every 400 ms decoded by the service (POST /api/decode).
let stream = null;
async function camera() {
  const video = $("video");
  if (stream) {
    stream.getTracks().forEach((tr) => tr.stop());
    stream = null; video.hidden = true; $("camera").textContent = t("camera");
    return;
  }
  try {
    stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } });
  } catch (e) {
    show("not_a_badge", null, t("nocamera"));
    return;
  }
  video.srcObject = stream; video.hidden = false; $("camera").textContent = t("stopcamera");
  await video.play();
  const detector = "BarcodeDetector" in window ? new BarcodeDetector({ formats: ["qr_code"] }) : null;
  const canvas = $("frame"), ctx = canvas.getContext("2d");
  const tick = async () => {
    if (!stream) return;
    try {
      if (detector) {
        const found = await detector.detect(video);
        if (found.length) scanned(found[0].rawValue);
      } else if (video.videoWidth) {
        canvas.width = video.videoWidth; canvas.height = video.videoHeight;
        ctx.drawImage(video, 0, 0);
        const blob = await new Promise((r) => canvas.toBlob(r, "image/jpeg", 0.85));
        const resp = await fetch("/api/decode", { method: "POST", headers: { "Content-Type": "image/jpeg" }, body: blob });
        const b = await resp.json();
        if (b.found && b.code) scanned(b.code);
        else if (b.found && lastCode !== "not-a-badge") {
          lastCode = "not-a-badge"; lastAt = Date.now();
          show(b.outcome, null, b.hint === "health_pass" ? t("health_pass") : "");
        }
      }
    } catch (e) { /* the next frame will do */ }
    setTimeout(tick, 400);
  };
  tick();
}

async function search() {
  const q = $("search").value.trim(), list = $("results");
  list.replaceChildren();
  if (q.length < 3) return;
  let res;
  try { res = await api("GET", "/api/registrants?q=" + encodeURIComponent(q)); } catch (e) { return; }
  for (const r of res.body.registrants || []) {
    const li = document.createElement("li"), name = document.createElement("span"), b = document.createElement("button");
    name.textContent = `${r.first_name} ${r.last_name}${r.organisation ? " · " + r.organisation : ""}`;
    b.type = "button"; b.textContent = t("checkin");
    b.addEventListener("click", () => { checkIn(r.code, false); $("scan").focus(); });
    const p = document.createElement("a");
    p.href = "/api/badges/" + encodeURIComponent(r.code); p.target = "_blank"; p.rel = "noopener"; p.textContent = t("reprint");
    li.append(name, b, p);
    list.append(li);
  }
}

function showLogin() {
  $("desk").hidden = true; $("login").hidden = false; $("pin").focus();
}

function showDesk(session) {
  $("login").hidden = true; $("desk").hidden = false;
  $("passlabel").hidden = session.policy === "off";
  $("scan").focus();
}

async function enter() {
  let res;
  try { res = await api("GET", "/api/session"); } catch (e) { return; }
  if (res.status === 200) showDesk(res.body); else showLogin();
}

function setup() {
  document.documentElement.lang = lang;
  for (const el of document.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
  $("login").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    let res;
    try { res = await api("POST", "/api/login", { pin: $("pin").value, desk: $("deskname").value }); } catch (e) { return; }
    $("pin").value = "";
    if (res.status !== 200) { $("loginerror").textContent = res.body.error || t("badpin"); return; }
    $("loginerror").textContent = "";
    enter();
  });
  $("scan").addEventListener("keydown", onScan);
  $("camera").addEventListener("click", camera);
  $("scanform").addEventListener("submit", (ev) => ev.preventDefault());
  $("searchform").addEventListener("submit", (ev) => ev.preventDefault());
  $("search").addEventListener("input", search);
  $("undo").addEventListener("click", async () => {
    if (!lastCheckIn) return;
    try { await api("POST", `/api/checkins/${lastCheckIn.id}/undo`); } catch (e) { return; }
    lastCheckIn = null;
    show("undone", null, "");
    $("scan").focus();
  });
  $("walkinform").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    let res;
    try {
      res = await api("POST", "/api/walkins", { first_name: $("wfirst").value, last_name: $("wlast").value,
        organisation: $("worg").value, email: $("wemail").value, nonce: nonce(), health_pass_verified: $("pass").checked });
    } catch (e) { if (e.message !== "login") show("lost", null, t("lost")); return; }
    if (res.status !== 200) { show("not_a_badge", null, res.body.error || ""); return; }
    lastCheckIn = res.body.outcome === "checked_in" ? res.body.check_in : null;
    show(res.body.outcome, res.body.registrant, "");
    if (res.body.badge) {
      $("badgelink").href = res.body.badge;
      $("badgelink").hidden = false;
      window.open(res.body.badge, "_blank", "noopener");
    }
    for (const id of ["wfirst", "wlast", "worg", "wemail"]) $(id).value = "";
  });
  $("passlater").addEventListener("click", async () => {
    if (!lastCheckIn) return;
    try { await api("POST", `/api/checkins/${lastCheckIn.id}/health_pass`, { verified: true }); } catch (e) { return; }
    lastCheckIn.health_pass_verified = true;
    $("passlater").hidden = true;
    $("detail").textContent = t("passdone");
    $("scan").focus();
  });
  $("force").addEventListener("click", () => { if (pending) checkIn(pending.code, true); $("scan").focus(); });
  // The scan field keeps the focus, unless staff are searching or clicking.
  $("scan").addEventListener("blur", () => setTimeout(() => {
    const a = document.activeElement;
    if (!$("desk").hidden && (!a || a === document.body || a.tagName === "BUTTON" && !$("walkin").contains(a))) $("scan").focus();
  }, 300));
}

setup();
enter();
setInterval(() => { fetch("/api/session").then(() => online(true), () => online(false)); }, 5000);
