// The desk's door: the entrance (the default), one of today's sessions, or
// a room, which scans into the session held there now. The choice is kept
// on this device; the header shows it big, with the session's live count.
// Uses desk-text.js; desk.js asks door() for each new scan.
"use strict";

const MODE_KEY = "desk.mode"; // {kind: "entrance"|"session"|"room", id, room, exit}
let mode = { kind: "entrance", exit: false };
let todaySessions = []; // today's sessions, by start then room
const counts = {}; // by session id: {present, registered, capacity}
let clockOffset = 0; // the server's clock minus this device's, in ms
let loaded = false; // today's sessions have been read

function loadMode() {
  try {
    const m = JSON.parse(localStorage.getItem(MODE_KEY) || "null");
    if (m && ["entrance", "session", "room"].includes(m.kind)) mode = { kind: m.kind, id: m.id, room: m.room, exit: !!m.exit };
  } catch (e) { /* a broken value: the entrance */ }
}

const saveMode = () => localStorage.setItem(MODE_KEY, JSON.stringify(mode));
const minutesOf = (hhmm) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const shortTime = (hhmm) => hhmm.replace(/^0(\d)/, "$1"); // "09:00" -> "9:00"
const span = (s) => `${shortTime(s.start)}–${shortTime(s.end)}`;

// minutesNow is the event's local time now (the server's clock), in
// minutes since midnight.
function minutesNow() {
  const parts = new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" })
    .formatToParts(new Date(Date.now() + clockOffset));
  const part = (type) => Number(parts.find((p) => p.type === type).value);
  return part("hour") * 60 + part("minute");
}

// sessionInRoom is the session held in a room now; between two sessions,
// the nearer in time (one that just ended, for exit scans; one about to
// start, as its doors open).
function sessionInRoom(room) {
  const now = minutesNow();
  const distance = (s) => Math.max(0, minutesOf(s.start) - now, now - minutesOf(s.end) + 1);
  return todaySessions.filter((s) => s.room === room).reduce((best, s) => (!best || distance(s) < distance(best) ? s : best), null);
}

// door is where a scan made now goes: {session: id or "", exit}; in a
// room before today's sessions are read, {room} (send resolves it).
function door() {
  if (mode.kind === "entrance") return { session: "", exit: false };
  if (!loaded) return mode.kind === "session" ? { session: mode.id, exit: mode.exit } : { session: "", room: mode.room, exit: mode.exit };
  const s = mode.kind === "session" ? sessionById(mode.id) : sessionInRoom(mode.room);
  return { session: s ? s.id : "", exit: !!(s && mode.exit) };
}

// resolveRoom gives a scan made in a room before the sessions were read
// the room's session; false while they are still unknown.
function resolveRoom(scan) {
  if (!scan.room || scan.session) return true;
  const s = loaded && sessionInRoom(scan.room);
  if (s) scan.session = s.id;
  return !!s;
}

const sessionById = (id) => todaySessions.find((s) => s.id === id);

// countText is "12 / 30", or "12 présent(e)s" for a session without a limit.
function countText(id) {
  const c = counts[id];
  if (!c) return "";
  return c.capacity ? `${c.present} / ${c.capacity}` : `${c.present} ${t("inside")}`;
}

// hasRoom: the session has a free place, as far as this desk last heard.
function hasRoom(id) {
  const c = counts[id];
  return !c || !c.capacity || c.present < c.capacity;
}

// sessionLine names a session scan's session with its count, for the card.
function sessionLine(id, fallback) {
  const s = sessionById(id) || fallback;
  if (!s) return "";
  return [`${s.room} — ${s.name}`, span(s), countText(s.id)].filter(Boolean).join(" · ");
}

// fillModes lists the choices of the mode control: the entrance, today's
// sessions, their rooms.
// A session ended more than an hour ago is listed last, marked as ended
// (exit scans may still come at its door).
let endedShown = ""; // the sessions listed as ended, to list again when one more is
function fillModes() {
  const now = minutesNow(), over = (s) => now - minutesOf(s.end) > 60;
  const listed = [...todaySessions.filter((s) => !over(s)), ...todaySessions.filter(over)];
  endedShown = todaySessions.filter(over).map((s) => s.id).join(" ");
  const groups = [["sessiongroup", listed.map((s) => ["session:" + s.id, `${span(s)} · ${s.name} (${s.room})${over(s) ? " — " + t("ended") : ""}`])],
    ["roomgroup", [...new Set(todaySessions.map((s) => s.room))].map((r) => ["room:" + r, `${r} ${t("roomnow")}`])]];
  const options = [new Option(t("entrance"), "entrance")];
  for (const [label, list] of groups) {
    if (!list.length) continue;
    const g = document.createElement("optgroup");
    g.label = t(label);
    g.append(...list.map(([v, text]) => new Option(text, v)));
    options.push(g);
  }
  $("mode").replaceChildren(...options);
}

// showDoor shows the door chosen in the mode control and, big, in the
// header's banner.
function showDoor() {
  $("mode").value = mode.kind === "entrance" ? "entrance" : mode.kind === "session" ? "session:" + mode.id : "room:" + mode.room;
  const d = door(), s = sessionById(d.session) || (d.session ? { id: d.session, name: d.session, room: "", start: "", end: "" } : null);
  $("exitlabel").hidden = mode.kind === "entrance";
  $("exit").checked = mode.exit;
  const banner = $("doorshown");
  banner.className = s ? (d.exit ? "session exit" : "session") : "entrance";
  const count = document.createElement("span");
  count.className = "count";
  count.textContent = s ? countText(s.id) : "";
  banner.replaceChildren(s ? `${s.room} — ${s.name} · ${span(s)}${count.textContent ? ", " : ""}` : t("entrance"), count);
  $("doornote").textContent = d.exit ? t("exitnote") : mode.kind === "room" && s ? t("roomnote") : "";
}

// chooseDoor takes the mode control's value. A session that is no longer
// today's falls back to the entrance, which the banner then says.
function chooseDoor(value) {
  if (value.startsWith("session:")) mode = { kind: "session", id: value.slice(8), exit: mode.exit };
  else if (value.startsWith("room:")) mode = { kind: "room", room: value.slice(5), exit: mode.exit };
  else mode = { kind: "entrance", exit: false };
  saveMode();
  showDoor();
  refreshCount();
}

function validMode() {
  if (mode.kind === "session" && !sessionById(mode.id) || mode.kind === "room" && !todaySessions.some((s) => s.room === mode.room)) {
    mode = { kind: "entrance", exit: false };
  }
}

// loadSessions reads today's sessions and their counts.
async function loadSessions() {
  let res;
  try { res = await api("GET", "/api/sessions"); } catch (e) { online(false); return; }
  if (res.status !== 200) return;
  const today = session && session.today;
  todaySessions = (res.body.sessions || []).filter((s) => s.day === today)
    .sort((a, b) => a.start.localeCompare(b.start) || a.room.localeCompare(b.room));
  for (const s of todaySessions) counts[s.id] = { present: s.present, registered: s.registered, capacity: s.capacity };
  loaded = true;
  validMode();
  fillModes();
  showDoor();
}

// refreshCount asks for a session's count (the door's, by default) and
// shows it in the banner and on the card.
async function refreshCount(id) {
  id = id || door().session;
  if (!id) return;
  let res;
  try { res = await api("GET", "/api/stats?session=" + encodeURIComponent(id)); } catch (e) { return; }
  if (res.status !== 200) return;
  counts[id] = { present: res.body.present, registered: res.body.registered, capacity: res.body.capacity };
  showDoor();
  if (current && current.session === id) draw(current);
}

// The server's clock, from GET /api/session.
function setClock(serverNow) {
  const at = Date.parse(serverNow || "");
  clockOffset = Number.isNaN(at) ? 0 : at - Date.now();
}

// modeKeyAt is when a key was last pressed on the mode control: arrows
// there change the choice at once, and must leave the focus on it.
let modeKeyAt = 0;

function setupDoor() {
  loadMode();
  $("mode").addEventListener("keydown", () => { modeKeyAt = Date.now(); });
  $("mode").addEventListener("change", (ev) => {
    chooseDoor(ev.target.value);
    if (Date.now() - modeKeyAt > 300) $("scan").focus(); // chosen in the list: back to scanning
  });
  $("exit").addEventListener("change", () => {
    mode.exit = $("exit").checked;
    saveMode();
    showDoor();
    $("scan").focus();
  });
  // The room's session changes as the day goes on; the count as others scan.
  setInterval(() => {
    if (!session || $("desk").hidden) return;
    if (!loaded) loadSessions();
    else if (mode.kind !== "entrance") { showDoor(); refreshCount(); }
    const now = minutesNow(), ended = todaySessions.filter((s) => now - minutesOf(s.end) > 60).map((s) => s.id).join(" ");
    if (loaded && ended !== endedShown && document.activeElement !== $("mode")) { fillModes(); showDoor(); }
  }, 5000);
}

const doorOf = (scan) => ({ session: scan.session || "", exit: !!scan.exit });

// forceable: "admit anyway" for someone not registered (today, or for the
// session while it has room); past a session's capacity, for the
// organiser only.
function forceable(scan, outcome) {
  if (outcome === "not_registered_today") return true;
  if (outcome === "not_registered_for_session") return hasRoom(scan.session);
  return outcome === "session_full" && !!session && session.role === "admin";
}

// sessionDetail says what to do after a session scan; null for the
// outcomes said as at the entrance.
function sessionDetail(scan) {
  const b = scan.result || {}, c = b.check_in;
  switch (scan.outcome) {
    case "checked_in": return [c && c.forced ? t("forcedsession") : "", b.arrival ? t("arrivaltoo") : "", passState(c)].filter(Boolean).join(" · ");
    case "already_checked_in": return c ? `${t("insince")} ${clock(c.at)}, ${t("desk")} ${c.desk}` : "";
    case "not_registered_for_session": return [chosen(b.registrant), hasRoom(scan.session) ? "" : t("noroom")].filter(Boolean).join(" · ");
    case "session_full": return session && session.role === "admin" ? t("fulladmin") : t("fulldesk");
    case "not_checked_in_today": return t("entrancefirst");
    case "left_session": return c && c.left_at ? `${t("leftat")} ${clock(c.left_at)}` : t("wasnotin");
  }
  return null;
}

// chosen names the sessions of the day a person registered for, so that
// staff can send them to the right room.
function chosen(r) {
  if (!r) return "";
  const list = (r.sessions || []).map(sessionById).filter(Boolean);
  return list.length ? `${t("chosen")} ${list.map((s) => `${s.name} (${s.room}, ${span(s)})`).join(" ; ")}` : t("nochosen");
}
