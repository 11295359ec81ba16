// The desk page: scan or type a badge code, see the answer at once, in
// colour, word, icon and sound. Everything shown of a person goes through
// textContent, never HTML.
//
// Each scan is one object with its own nonce. The big card shows the latest
// scan only; every scan also has its row in the list of recent scans, where
// an answer that arrives late is shown, with its own undo. A scan whose
// answer is unknown (network error, server restarting, session ended) stays
// pending and is sent again with the same nonce until it is answered; the
// pending codes and nonces (nothing personal) survive a reload. A person
// checked in from a search is named by the handle the server gave this
// session (never their badge code): such a scan is retried in memory only.
"use strict";

const looks = { // colour, icon, sound (Hz) of each outcome
  checked_in: ["green", "✔", 880], already_checked_in: ["amber", "⟳", 520], unknown_code: ["red", "✖", 220],
  cancelled: ["red", "✖", 220], not_registered_today: ["amber", "!", 440], health_pass_required: ["blue", "?", 660],
  not_a_badge: ["red", "✖", 180], notrecorded: ["red", "⚠", 150], undone: ["purple", "↶", 600], pending: ["grey", "…", 0],
  not_registered_for_session: ["amber", "!", 440], session_full: ["red", "✖", 200], not_checked_in_today: ["amber", "!", 400],
  left_session: ["purple", "→", 700],
};

const $ = (id) => document.getElementById(id);
const PENDING_KEY = "desk.pending"; // [{code, nonce, pass, force, at, session, exit}] of scans not yet answered
const REPEAT_MS = 2000; // a scanner repeating the same read within this is one scan
let session = null, current = null, clearTimer = null, audio = null;
const scans = []; // newest first

function nonce() {
  const b = new Uint8Array(16);
  crypto.getRandomValues(b);
  return Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
}

// normalizeCode mirrors checkin.NormalizeCode: the code, or "" for input
// that is not a badge code (which is never kept or retried).
function normalizeCode(input) {
  const s = input.replace(/[\u0000-\u001f\u007f-\u009f \u00a0-]/g, "").toUpperCase();
  return /^[BCDEFGHJKLNPRSTUVX]{20}$/.test(s) ? s : "";
}

function beep(hz) {
  if (!hz) return;
  try {
    audio = audio || new AudioContext();
    const o = audio.createOscillator(), g = audio.createGain();
    o.frequency.value = hz; o.connect(g); g.connect(audio.destination);
    g.gain.setValueAtTime(0.2, audio.currentTime); o.start(); o.stop(audio.currentTime + 0.18);
  } catch (e) { /* no sound device: the card still says it */ }
}

function online(ok) {
  $("connection").textContent = ok ? t("online") : t("offline");
  $("connection").classList.toggle("offline", !ok);
}

// api sends a request; it throws only when no answer came (network).
async function api(method, path, body) {
  const resp = await fetch(path, { method, headers: { "Content-Type": "application/json" }, body: body && JSON.stringify(body) });
  online(true);
  return { status: resp.status, body: await resp.json().catch(() => ({})) };
}

// --- scans ----------------------------------------------------------------

function savePending() {
  const keep = scans.filter((s) => s.code && (s.state === "pending" || s.state === "held"))
    .map((s) => ({ code: s.code, nonce: s.nonce, pass: s.pass, force: s.force, at: s.at, session: s.session, room: s.room, exit: s.exit }));
  localStorage.setItem(PENDING_KEY, JSON.stringify(keep));
}

// submit makes a new scan of input (or of opts.person, a search result's
// handle) and sends it, at the door chosen now (or opts.door, the door of
// the scan it answers). The health-pass box belongs to this scan: it is
// read, then cleared for the next person.
function submit(input, opts = {}) {
  const person = opts.person || "", code = person ? "" : normalizeCode(input), at = opts.door || door();
  const pass = opts.pass !== undefined ? opts.pass : $("pass").checked;
  const last = scans[0], same = last && last.code === code && last.pass === pass && last.session === at.session && last.room === at.room && last.exit === at.exit;
  if (!opts.force && !opts.pass && code && same && Date.now() - last.at < REPEAT_MS) {
    current = last; // a scanner repeating itself: the same answer again, not a second request
    draw(last);
    return;
  }
  $("pass").checked = false;
  const scan = { nonce: nonce(), code, person, input: code || person ? "" : input, pass, force: !!opts.force, state: "pending", at: Date.now(), tries: 0,
    session: at.session, room: at.room || "", exit: at.exit };
  scans.unshift(scan);
  if (scans.length > 30) scans.pop().row?.remove();
  current = scan;
  savePending();
  draw(scan);
  send(scan);
}

// send posts a scan and files its answer; without an answer it retries
// with the same nonce, so the server records it once whatever happens.
async function send(scan) {
  const body = { nonce: scan.nonce, health_pass_verified: scan.pass, force: scan.force,
    scanned_at: new Date(scan.at).toISOString() }; // a scan sent late is recorded when it was made
  if (!resolveRoom(scan)) return retry(scan); // the room's session is not known yet
  if (scan.person) body.person = scan.person; else body.code = scan.code || scan.input;
  if (scan.session) body.session = scan.session;
  if (scan.exit) body.exit = true;
  let res;
  try {
    res = await api("POST", "/api/checkins", body);
  } catch (e) {
    online(false);
    return retry(scan);
  }
  if (res.status === 401) { scan.state = "held"; savePending(); draw(scan); showLogin(true); return; }
  scan.slow = res.status === 429; // the desk is over its rate: the card says to slow down
  const storage = ["disk_full", "read_only", "disk_error"].includes(res.body.error_code); // known NOT recorded
  if (res.status >= 500 && !storage || res.status === 429) return retry(scan);
  if (res.status !== 200) { answer(scan, "notrecorded", null, errorText(res.body)); return; }
  answer(scan, res.body.outcome, res.body);
}

function retry(scan) {
  if (!scan.code && !scan.person) { // not a badge code: nothing to record, nothing kept to retry
    answer(scan, "not_a_badge", null, "");
    return;
  }
  scan.tries++;
  scan.state = "pending";
  draw(scan);
  setTimeout(() => { if (scan.state === "pending") send(scan); }, Math.min(500 * 2 ** scan.tries, 8000));
}

function answer(scan, outcome, result, error) {
  scan.state = "done";
  scan.answeredAt = Date.now();
  scan.outcome = outcome;
  scan.result = result;
  scan.error = error || "";
  savePending();
  const c = result && result.check_in;
  if (outcome === "left_session" && c) { // the person left: their entry is no longer undone from here (undo would erase it)
    for (const other of scans) if (other !== scan && other.result && other.result.check_in && other.result.check_in.id === c.id) { other.left = true; draw(other); }
  }
  draw(scan);
  if (scan.session) refreshCount(scan.session); // the count moved, here or at another desk
  if (scan === current) {
    beep(looks[outcome][2]);
    refocus();
  } else {
    const who = result && result.registrant ? fullName(result.registrant) : "";
    $("late").textContent = `${t("late")} ${who} — ${t(outcome)}`;
    $("late").hidden = false;
  }
}

// resendHeld sends again the scans that waited for a login or a reload.
function resendHeld() {
  for (const s of scans.slice().reverse()) if (s.state === "held" || s.state === "pending") { s.state = "pending"; send(s); }
}

function restorePending() {
  let kept = [];
  try { kept = JSON.parse(localStorage.getItem(PENDING_KEY) || "[]"); } catch (e) { kept = []; }
  for (const k of kept) {
    if (!normalizeCode(k.code || "") || scans.some((s) => s.nonce === k.nonce)) continue;
    scans.unshift({ nonce: k.nonce, code: k.code, input: "", pass: !!k.pass, force: !!k.force, state: "held", at: k.at || Date.now(), tries: 0,
      session: typeof k.session === "string" ? k.session : "", room: typeof k.room === "string" ? k.room : "", exit: !!k.exit });
    draw(scans[0]);
  }
}

const fullName = (r) => [r.first_name, r.last_name].filter(Boolean).join(" ");

// detail says enough for staff to act: when and where the person came,
// which days they are registered for, what to do next.
function detail(scan) {
  const b = scan.result || {}, r = b.registrant, c = b.check_in;
  if (scan.state !== "done") return scan.slow ? t("slowdown") : t("waiting");
  if (scan.error) return scan.error;
  const atSession = scan.session ? sessionDetail(scan) : null;
  if (atSession !== null) return atSession;
  switch (scan.outcome) {
    case "already_checked_in": return c ? `${t("at")} ${clock(c.at)}, ${t("desk")} ${c.desk}` : "";
    case "not_registered_today": return r && r.days && r.days.length ? `${t("registeredfor")} ${r.days.map(dayLabel).join(", ")}` : t("nodays");
    case "health_pass_required": return t("tick");
    case "not_a_badge": return b.hint === "health_pass" ? t("health_pass") : t("searchinstead");
    case "unknown_code": case "cancelled": return t("searchinstead");
    case "checked_in": return [c && c.forced ? t("forced") : "", passState(c)].filter(Boolean).join(" · ");
  }
  return "";
}

// undoable: a desk may undo its own check-in for a few minutes, counted
// from the answer on this device's clock (the server has the last word).
// passState says whether the arrival was recorded with the pass checked
// (nothing when the policy is off).
function passState(c) {
  if (!c || c.health_pass_verified === undefined || c.health_pass_verified === null) return "";
  return c.health_pass_verified ? t("passyes") : t("passno");
}

function undoable(scan) {
  return scan.outcome === "checked_in" && !scan.undone && !scan.left && !!(scan.result && scan.result.check_in) &&
    Date.now() - scan.answeredAt < (session ? session.undo_seconds : 300) * 1000;
}

// draw shows a scan in its row of the recent list, and on the card when
// it is the latest scan.
function draw(scan) {
  const outcome = scan.undone ? "undone" : scan.state === "done" ? scan.outcome : "pending";
  const r = scan.result && scan.result.registrant;
  if (!scan.row) {
    scan.row = document.createElement("li");
    $("recent").prepend(scan.row);
  }
  const li = scan.row;
  li.className = looks[outcome][0];
  li.dataset.outcome = outcome;
  li.dataset.nonce = scan.nonce;
  const time = document.createElement("span"), what = document.createElement("span");
  time.textContent = clock(new Date(scan.at).toISOString(), true);
  const where = scan.session ? sessionById(scan.session) : null;
  what.textContent = `${looks[outcome][1]} ${t(outcome)}${r ? " · " + fullName(r) : ""}${where ? " · " + where.name : ""}`;
  li.replaceChildren(time, what);
  if (undoable(scan)) {
    const b = document.createElement("button");
    b.type = "button"; b.className = "rowundo"; b.textContent = t("undo");
    b.addEventListener("click", () => undo(scan));
    li.append(b);
  }
  if (scan === current) card(scan, outcome);
}

function card(scan, outcome) {
  const [colour, icon] = looks[outcome], r = scan.result && scan.result.registrant, c = scan.result && scan.result.check_in;
  const el = $("card");
  el.className = colour;
  el.dataset.outcome = outcome;
  el.dataset.nonce = scan.nonce;
  $("icon").textContent = icon;
  $("word").textContent = t(outcome);
  $("who").textContent = r ? fullName(r) : "";
  $("org").textContent = r ? [r.organisation, r.category].filter(Boolean).join(" · ") : "";
  $("where").textContent = scan.session ? sessionLine(scan.session, scan.result && scan.result.session) : "";
  $("detail").textContent = outcome === "undone" ? "" : detail(scan);
  $("undo").hidden = !undoable(scan);
  $("passlater").hidden = !(undoable(scan) && c && c.health_pass_verified === false);
  $("force").hidden = !forceable(scan, outcome);
  $("admitpass").hidden = outcome !== "health_pass_required";
  $("late").hidden = true;
  el.hidden = false;
  clearTimeout(clearTimer);
  if (outcome !== "pending") clearTimer = setTimeout(() => { if (current === scan) el.hidden = true; }, 15000);
  printCard(scan, outcome);
}

async function undo(scan) {
  const c = scan.result && scan.result.check_in;
  if (!c) return;
  let res;
  try { res = await api("POST", `/api/checkins/${c.id}/undo`); } catch (e) { online(false); return; }
  if (res.status !== 200) { scan.error = errorText(res.body); draw(scan); return; }
  scan.undone = true;
  current = scan;
  draw(scan);
  if (scan.session) refreshCount(scan.session);
  beep(looks.undone[2]);
  refocus();
}

// admitWithPass answers the blue card: the same person again, with the
// pass checked (and admitted anyway if that was asked).
function admitWithPass() {
  const scan = current;
  if (!scan || scan.outcome !== "health_pass_required") return;
  if (scan.walkin) return walkInWithPass(scan);
  submit(scan.code, { pass: true, force: scan.force, person: scan.person, door: doorOf(scan) });
}

async function passLater() {
  const scan = current, c = scan && scan.result && scan.result.check_in;
  if (!c) return;
  try { await api("POST", `/api/checkins/${c.id}/health_pass`, { verified: true }); } catch (e) { online(false); return; }
  c.health_pass_verified = true;
  draw(scan);
  refocus();
}

// --- focus and keys ---------------------------------------------------------

const typing = (el) => el && (el.tagName === "INPUT" && !["checkbox", "radio", "button", "submit"].includes(el.type) || el.tagName === "TEXTAREA");
let lastActivity = Date.now();

// refocus gives the scan field the focus back, unless staff are typing
// somewhere else (a search, a walk-in).
function refocus() {
  const a = document.activeElement;
  if (!$("desk").hidden && (!typing(a) || a === $("scan"))) $("scan").focus();
}

// onScanKey: Enter submits the scan field; Tab does too when the field
// holds a whole code (scanners set to end with Tab), else Tab moves on.
// Space in an empty field answers a blue card.
function onScanKey(ev) {
  const input = $("scan");
  if (ev.key === " " && input.value === "" && current && current.outcome === "health_pass_required" && !$("card").hidden) {
    ev.preventDefault();
    admitWithPass();
    return;
  }
  if (ev.key !== "Enter" && !(ev.key === "Tab" && !ev.shiftKey && normalizeCode(input.value))) return;
  ev.preventDefault();
  const value = input.value;
  input.value = "";
  if (value.trim()) submit(value);
}

// onKeyAnywhere: a scanner types wherever the focus is. A character typed
// on a button, a checkbox or the page moves the focus to the scan field
// (where the browser then puts it), so that the code and its Enter never
// press a button.
function onKeyAnywhere(ev) {
  lastActivity = Date.now();
  if ($("desk").hidden || typing(ev.target) || ev.ctrlKey || ev.altKey || ev.metaKey) return;
  if (ev.key.length === 1 && ev.key !== " ") $("scan").focus(); // the character itself then lands in the scan field
}

// burstCode finds a scanner's read typed into another text field: the
// last characters typed within a few milliseconds of each other, if they
// make a badge code. It removes them from the field and returns the code.
const bursts = new WeakMap();
function trackBurst(ev) {
  if (ev.key.length !== 1) return;
  const b = bursts.get(ev.target) || { text: "", at: 0 };
  const now = performance.now();
  b.text = now - b.at < 60 ? b.text + ev.key : ev.key;
  b.at = now;
  bursts.set(ev.target, b);
}
function burstCode(el) {
  const b = bursts.get(el);
  if (!b || performance.now() - b.at > 200 || !normalizeCode(b.text) || !el.value.endsWith(b.text)) return "";
  el.value = el.value.slice(0, -b.text.length);
  bursts.delete(el);
  return b.text;
}

// guardField keeps a form's Enter from submitting it (forms submit on
// their own buttons) and turns a scanner's read typed into it into a scan.
function guardField(el, onCode) {
  el.addEventListener("keydown", (ev) => {
    trackBurst(ev);
    if (ev.key !== "Enter") return;
    ev.preventDefault();
    const code = burstCode(el);
    if (code) onCode(code);
  });
}

// Idle: after a few seconds without a key or a click, the scan field takes
// back a focus that is nowhere (the page, or a button that went away). A
// button staff moved to keeps it: they may be deciding, and a scanner
// typing there is sent to the scan field anyway.
setInterval(() => {
  const a = document.activeElement;
  if (Date.now() - lastActivity > 4000 && (!a || a === document.body || !a.offsetParent)) refocus();
}, 1000);
