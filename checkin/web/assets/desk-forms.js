// The desk page's forms: login, search for a forgotten badge, walk-ins,
// the camera; and the page's start. Uses desk-text.js and desk.js.
"use strict";

// --- login ------------------------------------------------------------------

// showLogin asks for the PIN. A scanner's read typed meanwhile is held as
// a scan, never typed into the PIN field (and so never a failed login).
function showLogin(ended) {
  $("desk").hidden = true; $("login").hidden = false;
  $("relogin").hidden = !ended;
  $("deskname").value = $("deskname").value || localStorage.getItem("desk.name") || "";
  heldNote();
  ($("deskname").value ? $("pin") : $("deskname")).focus();
}

function heldNote() {
  const n = scans.filter((s) => s.state === "held").length;
  $("held").textContent = n ? `${n} ${t("held")}` : "";
}

function holdScan(code) {
  const scan = { nonce: nonce(), code: normalizeCode(code), input: "", pass: false, force: false, state: "held", at: Date.now(), tries: 0, ...door() };
  if (!scan.code) return;
  scans.unshift(scan);
  current = scan;
  savePending();
  draw(scan);
  heldNote();
}

function onPinKey(ev) {
  trackBurst(ev);
  const b = bursts.get(ev.target);
  if (ev.key.length === 1 && b && normalizeCode(b.text)) { holdScan(b.text); bursts.delete(ev.target); }
  if (ev.key === "Enter" && $("pin").value === "") ev.preventDefault();
}

// A PIN is digits: anything else typed into the field is a scanner's.
function onPinInput(ev) {
  if (ev.data && /\D/.test(ev.data)) ev.preventDefault();
}

async function login(ev) {
  ev.preventDefault();
  const name = $("deskname").value.trim();
  if (!$("pin").value) { $("loginerror").textContent = t("pinneeded"); $("pin").focus(); return; }
  let res;
  try { res = await api("POST", "/api/login", { pin: $("pin").value, desk: name }); } catch (e) { online(false); return; }
  $("pin").value = "";
  if (res.status !== 200) { $("loginerror").textContent = res.status === 401 ? t("badpin") : errorText(res.body); return; }
  $("loginerror").textContent = "";
  localStorage.setItem("desk.name", name);
  enter();
}

function showDesk() {
  $("login").hidden = true; $("desk").hidden = false;
  $("passlabel").hidden = session.policy === "off";
  $("walkinpasslabel").hidden = session.policy === "off";
  $("deskshown").textContent = session.desk;
  $("doorshown").hidden = false;
  if (!$("wcategory").value) $("wcategory").value = session.walk_in_category || "";
  $("scan").focus();
}

async function enter() {
  let res;
  try { res = await api("GET", "/api/session"); } catch (e) { online(false); setTimeout(enter, 2000); return; }
  if (res.status !== 200) { showLogin(scans.length > 0); return; }
  session = res.body;
  timeZone = session.timezone || "UTC";
  setClock(session.now);
  showDesk();
  resendHeld();
  loadSessions();
  loadPrinting();
}

// --- search -------------------------------------------------------------------

let searchSeq = 0;

// search asks for the people matching what is typed; only the answer to
// the latest query is shown, whatever order the answers come in.
async function search() {
  const q = $("search").value.trim(), seq = ++searchSeq;
  if (q.length < 3) { $("results").replaceChildren(); return; }
  let res;
  try { res = await api("GET", "/api/registrants?q=" + encodeURIComponent(q)); } catch (e) { online(false); return; }
  if (seq !== searchSeq) return; // a later query is under way: this answer is stale
  if (res.status !== 200) { // too short, a health pass, or searching too fast: say so, keep nothing
    const li = document.createElement("li");
    li.className = "note";
    li.textContent = errorText(res.body);
    if (res.body.error_code === "health_pass") $("search").value = ""; // a pass scanned into the field: not kept
    $("results").replaceChildren(...(res.status === 400 && res.body.error_code === "too_short" ? [] : [li]));
    return;
  }
  const people = res.body.registrants || [];
  $("results").replaceChildren(...people.map(resultRow));
  if (!people.length || res.body.more) {
    const li = document.createElement("li");
    li.className = "note";
    li.textContent = people.length ? t("more") : t("noresult");
    $("results").append(li);
  }
}

// standing says where a person found stands today: cancelled, arrived
// (when, where), or expected another day (which).
function standing(r) {
  if (r.cancelled) return t("cancelledshort");
  if (r.checked_in) return `${t("arrived")} ${clock(r.checked_in.at)} (${r.checked_in.desk})`;
  if (r.registered_today === false) return `${t("notoday")} · ${r.days && r.days.length ? t("registeredfor") + " " + r.days.map(dayLabel).join(", ") : t("nodays")}`;
  return "";
}

// resultRow shows a person found with where they stand today, and offers
// only what makes sense: check in, admit anyway, or nothing.
function resultRow(r) {
  const li = document.createElement("li"), who = document.createElement("span"), state = document.createElement("span");
  who.className = "who";
  who.textContent = `${fullName(r)}${r.organisation ? " · " + r.organisation : ""}`;
  const c = r.checked_in, today = r.registered_today !== false;
  state.textContent = standing(r);
  state.className = "state";
  li.append(who, state);
  const atSession = !!(door().session || door().room); // a session's door: arrived at the entrance or not, they may come in
  if (!r.cancelled && (!c || atSession)) {
    const b = document.createElement("button"), force = !today && !atSession;
    b.type = "button"; b.textContent = force ? t("force") : t("checkin");
    b.addEventListener("click", () => { submit("", { person: r.person, force }); setTimeout(search, 300); });
    li.append(b);
  }
  if (r.person) {
    const p = document.createElement("a");
    p.href = "/api/badges/" + encodeURIComponent(r.person); p.target = "_blank"; p.rel = "noopener"; p.textContent = t("reprint");
    p.addEventListener("click", (ev) => { if (printsHere()) { ev.preventDefault(); askPrint(r); } }); // on the desk's label printer
    li.append(p);
  }
  return li;
}

// --- walk-ins -------------------------------------------------------------------

const walkFields = ["wfirst", "wlast", "worg", "wemail", "wcategory"];
let walkNonce = null; // one per person typed in: a retry or a re-send reuses it

function walkBody(extra) {
  walkNonce = walkNonce || nonce();
  return Object.assign({ first_name: $("wfirst").value, last_name: $("wlast").value, organisation: $("worg").value,
    email: $("wemail").value, category: $("wcategory").value, nonce: walkNonce, health_pass_verified: $("wpass").checked }, extra);
}

// sendWalkIn registers the person typed in; network errors are retried
// with the same nonce, so a person is registered once.
async function sendWalkIn(body, tries = 0) {
  $("walkinerror").textContent = "";
  $("badgelink").hidden = true;
  $("known").replaceChildren();
  let res;
  try { res = await api("POST", "/api/walkins", body); } catch (e) {
    online(false);
    $("walkinerror").textContent = t("waiting");
    setTimeout(() => sendWalkIn(body, tries + 1), Math.min(500 * 2 ** (tries + 1), 8000));
    return;
  }
  if (res.status === 401) { showLogin(true); return; }
  if (res.status === 409) { offerKnown(res.body.matches || [], body); return; }
  if (res.status !== 200) { $("walkinerror").textContent = errorText(res.body); refocusField(res.body.field); return; }
  if (!res.body.registrant) { // the blue card names the person typed in
    res.body.registrant = { first_name: body.first_name, last_name: body.last_name, organisation: body.organisation, category: body.category };
  }
  const scan = { nonce: body.nonce, code: res.body.registrant.code || "", person: res.body.registrant.person || "", input: "", pass: body.health_pass_verified,
    force: false, state: "done", at: Date.now(), tries: 0, walkin: body };
  scans.unshift(scan);
  current = scan;
  answer(scan, res.body.outcome, res.body);
  if (res.body.outcome === "health_pass_required") { $("walkinerror").textContent = t("walkintick"); return; }
  clearWalkIn();
  if (res.body.badge) showBadgeLink(res.body.badge, res.body.registrant);
  $("scan").focus();
}

// clearWalkIn empties the form for the next person.
function clearWalkIn() {
  for (const id of walkFields) if (id !== "wcategory") $(id).value = "";
  $("wcategory").value = session.walk_in_category || "";
  $("wpass").checked = false;
  $("known").replaceChildren();
  $("walkinerror").textContent = "";
  walkNonce = null;
}

// showBadgeLink offers the walk-in's badge to print, naming whose it is; it
// opens in a new tab only when staff ask (a tab opening by itself would
// take the focus from the scan field).
function showBadgeLink(href, r) {
  if (printsHere()) return; // the card prints it on the desk's label printer
  $("badgelink").href = href;
  $("badgelink").textContent = `${t("print")} ${fullName(r)}`;
  $("badgelink").hidden = false;
}

function walkInWithPass(scan) {
  $("wpass").checked = true;
  sendWalkIn(Object.assign({}, scan.walkin, { health_pass_verified: true }));
}

function refocusField(field) {
  const ids = { first_name: "wfirst", last_name: "wlast", organisation: "worg", email: "wemail", category: "wcategory" };
  if (ids[field]) $(ids[field]).focus();
}

// offerKnown lists the people already registered under that name or
// e-mail: staff check one of them in, or say it is someone else.
function offerKnown(matches, body) {
  const list = $("known");
  const head = document.createElement("li");
  head.textContent = t("known");
  list.replaceChildren(head);
  for (const r of matches) {
    const li = document.createElement("li"), b = document.createElement("button");
    li.textContent = [fullName(r), r.organisation, standing(r)].filter(Boolean).join(" · ") + " ";
    b.type = "button"; b.textContent = t("thisone");
    b.addEventListener("click", () => { clearWalkIn(); $("badgelink").hidden = true; submit("", { person: r.person, force: !r.registered_today }); });
    li.append(b);
    list.append(li);
  }
  const li = document.createElement("li"), b = document.createElement("button");
  b.type = "button"; b.textContent = t("newperson");
  b.addEventListener("click", () => sendWalkIn(Object.assign({}, body, { new_person: true })));
  li.append(b);
  list.append(li);
  list.querySelector("button").focus();
}

// shown files an answer that needs no request (the camera saw something
// that is not a badge) like any scan's.
function shown(result) {
  const scan = { nonce: nonce(), code: "", input: "", pass: false, force: false, state: "done", at: Date.now(), tries: 0 };
  scans.unshift(scan);
  current = scan;
  answer(scan, result.outcome, result);
}

// --- camera ---------------------------------------------------------------------

// scanned takes a code from the camera: the same one seen again within
// 3 s is the same badge still in front of the lens.
let lastSeen = "", lastSeenAt = 0;
function scanned(code) {
  if (code === lastSeen && Date.now() - lastSeenAt < 3000) return;
  lastSeen = code; lastSeenAt = Date.now();
  submit(code);
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
    $("cameraerror").textContent = t("nocamera");
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
        else if (b.found && !(lastSeen === "not-a-badge" && Date.now() - lastSeenAt < 3000)) {
          lastSeen = "not-a-badge"; lastSeenAt = Date.now();
          shown({ outcome: b.outcome, hint: b.hint }); // nothing of what the frame held is kept
        }
      }
    } catch (e) { /* the next frame will do */ }
    setTimeout(tick, 400);
  };
  tick();
}

// --- start ------------------------------------------------------------------------

function setup() {
  document.documentElement.lang = lang;
  for (const el of document.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
  document.addEventListener("keydown", onKeyAnywhere, true);
  document.addEventListener("pointerdown", () => { lastActivity = Date.now(); }, true);
  $("login").addEventListener("submit", login);
  $("pin").addEventListener("keydown", onPinKey);
  $("pin").addEventListener("beforeinput", onPinInput);
  guardField($("deskname"), holdScan);
  $("scan").addEventListener("keydown", onScanKey);
  $("scanform").addEventListener("submit", (ev) => ev.preventDefault());
  $("pass").addEventListener("change", () => $("scan").focus());
  $("camera").addEventListener("click", camera);
  $("searchform").addEventListener("submit", (ev) => ev.preventDefault());
  guardField($("search"), (code) => { submit(code); $("scan").focus(); });
  let searchTimer = null;
  $("search").addEventListener("input", () => { clearTimeout(searchTimer); searchTimer = setTimeout(search, 120); });
  for (const id of walkFields) guardField($(id), (code) => { submit(code); $("scan").focus(); });
  $("walkinform").addEventListener("submit", (ev) => { ev.preventDefault(); sendWalkIn(walkBody({})); });
  $("undo").addEventListener("click", () => undo(current));
  $("passlater").addEventListener("click", passLater);
  $("force").addEventListener("click", () => { if (current) submit(current.code, { force: true, person: current.person, door: doorOf(current) }); });
  $("admitpass").addEventListener("click", admitWithPass);
  setupDoor();
  restorePending();
}

setup();
enter();
setInterval(() => { fetch("/api/session").then(() => online(true), () => online(false)); }, 5000);
