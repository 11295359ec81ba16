// The dashboard's printing panel: when each desk prints badges (on
// arrival, on a button, never), on which CUPS printer and fallback, and
// the latest jobs with their state and CUPS's reason. Uses dashboard.js.
"use strict";

const P = {
  fr: {
    printing: "Impression des badges", printjobs: "Derniers badges envoyés aux imprimantes",
    defaults: (p, m) => `Par défaut (desk.yaml) : ${m}${p ? " sur " + p : ", sans imprimante"}.`,
    desk: "Poste", colprinter: "Imprimante", colfallback: "Secours", colmode: "Quand", colby: "Choisi par", coltime: "Heure", colperson: "Personne", colstate: "État",
    default: "par défaut", none: "aucune", mode_on_checkin: "à l'arrivée", mode_button: "sur le bouton", mode_off: "jamais",
    job_queued: "en file d'attente", job_printing: "en cours", job_done: "imprimé", job_failed: "ÉCHEC", reprint: "réimpression :",
    nodesks: "Aucun poste connecté pour l'instant.", nojobs: "Aucun badge imprimé pour l'instant.",
    counts: (q, f) => `${q} en attente · ${f} en échec`, organiser: "l'organisateur", noprinters: "CUPS ne liste aucune imprimante sur cet ordinateur.",
  },
  en: {
    printing: "Badge printing", printjobs: "Latest badges sent to the printers",
    defaults: (p, m) => `Default (desk.yaml): ${m}${p ? " on " + p : ", no printer"}.`,
    desk: "Desk", colprinter: "Printer", colfallback: "Fallback", colmode: "When", colby: "Chosen by", coltime: "Time", colperson: "Person", colstate: "State",
    default: "default", none: "none", mode_on_checkin: "on arrival", mode_button: "on the button", mode_off: "never",
    job_queued: "queued", job_printing: "printing", job_done: "printed", job_failed: "FAILED", reprint: "reprint:",
    nodesks: "No desk logged in yet.", nojobs: "No badge printed yet.",
    counts: (q, f) => `${q} waiting · ${f} failed`, organiser: "the organiser", noprinters: "CUPS lists no printer on this computer.",
  },
};
const p = (k) => P[lang][k] ?? k;
let printerNames = null;

function select(options, value, onChange) {
  const s = document.createElement("select");
  for (const [v, label] of options) {
    const o = document.createElement("option");
    o.value = v; o.textContent = label;
    s.append(o);
  }
  s.value = value;
  s.addEventListener("change", () => onChange(s.value));
  return s;
}

// setDesk sends one of a desk's choices, then shows the panel again.
async function setDesk(desk, field, value) {
  const resp = await fetch("/api/admin/print/settings", { method: "PUT", headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ desk, [field]: value }) });
  if (resp.status === 401 || resp.status === 403) { showLogin(); return; }
  $("printerror").textContent = resp.ok ? "" : (await resp.json().catch(() => ({}))).error || t("serverdown");
  refreshPrinting();
}

function deskRow(d, defaults) {
  const tr = document.createElement("tr"), printers = (printerNames || []).map((n) => [n, n]);
  const keep = (v) => (v && !(printerNames || []).includes(v) ? [[v, v]] : []); // a printer CUPS no longer lists stays shown
  const modes = [["", `${p("default")} (${p("mode_" + defaults.mode)})`], ...["on_checkin", "button", "off"].map((m) => [m, p("mode_" + m)])];
  const cells = [cell("td", d.desk),
    select(modes, d.mode, (v) => setDesk(d.desk, "mode", v)),
    select([["", `${p("default")}${defaults.printer ? " (" + defaults.printer + ")" : ""}`], ...keep(d.printer), ...printers], d.printer, (v) => setDesk(d.desk, "printer", v)),
    select([["", p("none")], ...keep(d.fallback), ...printers], d.fallback, (v) => setDesk(d.desk, "fallback", v)),
    cell("td", d.updated_by === "organiser" ? p("organiser") : d.updated_by || "")];
  for (const c of cells) tr.append(c.tagName === "TD" ? c : wrap(c));
  return tr;
}

function wrap(el) {
  const td = document.createElement("td");
  td.append(el);
  return td;
}

function jobRowOf(j) {
  const tr = document.createElement("tr");
  tr.className = j.state;
  const state = `${p("job_" + j.state)}${j.reason ? " (" + j.reason + ")" : ""}${j.reprint_reason ? " · " + p("reprint") + " " + j.reprint_reason : ""}`;
  tr.append(cell("td", hhmm.format(new Date(j.at))), cell("td", [j.first_name, j.last_name].filter(Boolean).join(" ")),
    cell("td", j.desk), cell("td", j.printer), cell("td", state, "state"));
  return tr;
}

function head(...names) {
  const tr = document.createElement("tr");
  tr.append(...names.map((n) => cell("th", p(n))));
  return tr;
}

// refreshPrinting reads the desks' choices and the jobs; the panel stays
// hidden when the service does not print.
async function refreshPrinting() {
  let settings, jobs;
  try {
    [settings, jobs] = await Promise.all([get("/api/admin/print/settings"), get("/api/admin/print/jobs")]);
    if (!printerNames || !printerNames.length) printerNames = (await get("/api/printers")).printers || []; // again while CUPS lists none
  } catch (e) {
    if (e.message === "login") showLogin();
    printerNames = printerNames || []; // CUPS away: the desks' choices still show
    if (!settings) return;
  }
  $("printing-section").hidden = false;
  const d = settings.defaults;
  $("printdefaults").textContent = p("defaults")(d.printer, p("mode_" + d.mode)) + (printerNames.length ? "" : " " + p("noprinters"));
  const desks = settings.desks || [], tbl = document.createElement("table");
  tbl.append(head("desk", "colmode", "colprinter", "colfallback", "colby"), ...desks.map((x) => deskRow(x, d)));
  $("printdesks").replaceChildren(desks.length ? tbl : cell("p", p("nodesks")));
  const list = (jobs && jobs.jobs) || [], jt = document.createElement("table");
  jt.append(head("coltime", "colperson", "desk", "colprinter", "colstate"), ...list.map(jobRowOf));
  $("printjoblist").replaceChildren(list.length ? jt : cell("p", p("nojobs")));
  $("printcounts").textContent = p("counts")(list.filter((j) => j.state === "queued" || j.state === "printing").length, list.filter((j) => j.state === "failed").length);
}

for (const el of document.querySelectorAll("[data-p]")) el.textContent = p(el.dataset.p);
setInterval(() => { if (!$("board").hidden && !document.activeElement.closest("#printdesks")) refreshPrinting(); }, 3000);
