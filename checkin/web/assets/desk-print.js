// The desk page's label printer: the desk chooses its CUPS printer and a
// fallback (the organiser chooses when it prints, on the dashboard); the
// card offers to print or reprint the badge of the person it shows, and
// says where that badge is (queued, printing, printed, failed with CUPS's
// words); a badge printed before needs a reason. Uses desk-text.js and
// desk.js.
"use strict";

let printing = null; // GET /api/print/settings' desk, null while unknown, false when the service does not print
let printJobs = [], printers = [], target = null; // target: the person on the card {person, first_name, last_name}
let printTick = 0;

// printsHere tells whether this desk prints badges (a mode and a printer).
function printsHere() {
  return !!printing && printing.effective.mode !== "off" && !!printing.effective.printer;
}

async function loadPrinting() {
  let res;
  try { res = await api("GET", "/api/print/settings"); } catch (e) { return; }
  if (res.status === 404) { printing = false; $("printer").hidden = true; return; }
  if (res.status !== 200) return;
  printing = res.body.desk;
  $("printer").hidden = false;
  drawPrinting();
  if (!printers.length) loadPrinters();
}

async function loadPrinters() {
  let res;
  try { res = await api("GET", "/api/printers"); } catch (e) { return; }
  if (res.status !== 200) { $("printerror").textContent = errorText(res.body); return; }
  printers = res.body.printers || [];
  drawPrinting();
}

// fillPrinters lists CUPS's queues in a select, with "" first (the
// default, or none), keeping a chosen queue CUPS no longer lists.
function fillPrinters(select, chosen, first) {
  const names = printers.includes(chosen) || !chosen ? printers : [chosen, ...printers];
  const opts = [["", first], ...names.map((n) => [n, n])].map(([value, label]) => {
    const o = document.createElement("option");
    o.value = value; o.textContent = label;
    return o;
  });
  select.replaceChildren(...opts);
  select.value = chosen;
}

function drawPrinting() {
  if (!printing) return;
  const e = printing.effective, waiting = printJobs.filter((j) => j.state === "queued" || j.state === "printing").length;
  fillPrinters($("printerchoice"), printing.printer, `${t("defaultprinter")}${e.printer && !printing.printer ? " (" + e.printer + ")" : ""}`);
  fillPrinters($("fallbackchoice"), printing.fallback, t("nofallback"));
  $("printmode").textContent = `${t("printmode")} ${t("mode_" + e.mode)}`;
  const noPrinter = e.mode !== "off" && !e.printer; // the desk should print, but nothing will
  $("printwarn").hidden = !noPrinter;
  if (noPrinter && !$("printer").dataset.opened) { $("printer").open = true; $("printer").dataset.opened = "1"; }
  $("printersummary").textContent = [`${t("printer")} ${e.printer || t("noprinter")}`, t("mode_" + e.mode),
    waiting ? `${waiting} ${t("inqueue")}` : ""].filter(Boolean).join(" · ");
  $("printjobs").replaceChildren(...printJobs.map(jobRow));
  drawPrintCard();
}

// reasonText puts desk's own words about a job in the page's language;
// CUPS's words (after the colon) stay as CUPS wrote them.
function reasonText(reason) {
  if (!reason || lang !== "fr") return reason || "";
  return reason.replace(/^the printer is not accepting jobs/, "l'imprimante refuse les travaux")
    .replace(/^printer (\S+) stopped/, "imprimante $1 arrêtée")
    .replace(/^CUPS ended the job without printing it/, "CUPS a arrêté le travail sans l'imprimer")
    .replace(/^check-in undone before the badge printed/, "arrivée annulée avant l'impression du badge");
}

function jobRow(j) {
  const li = document.createElement("li");
  li.className = "job " + j.state;
  li.textContent = `${clock(j.at)} · ${fullName(j)} · ${t("job_" + j.state)}${j.reason ? " (" + reasonText(j.reason) + ")" : ""} · ${j.printer}` +
    (j.reprint_reason ? ` · ${t("reprinted")} ${j.reprint_reason}` : "");
  return li;
}

async function choosePrinter() {
  $("printerror").textContent = "";
  let res;
  try { res = await api("PUT", "/api/print/settings", { printer: $("printerchoice").value, fallback: $("fallbackchoice").value }); } catch (e) { online(false); return; }
  if (res.status === 401) { showLogin(true); return; }
  if (res.status !== 200) { $("printerror").textContent = errorText(res.body); return; }
  printing = res.body;
  drawPrinting();
}

// refreshPrinting reads the desk's jobs every 2 s, and its settings (the
// organiser may change the mode) every 10 s.
async function refreshPrinting() {
  if (printing === false || $("desk").hidden) return;
  if (printTick++ % 5 === 0 || printing === null) await loadPrinting();
  if (!printing) return;
  let res;
  try { res = await api("GET", "/api/print/jobs"); } catch (e) { return; }
  if (res.status !== 200) return;
  printJobs = res.body.jobs || [];
  drawPrinting();
}
setInterval(refreshPrinting, 2000);

// --- the card -------------------------------------------------------------------

// printCard follows the card: the person it shows becomes the one a print
// is for; other answers hide the print line.
function printCard(scan, outcome) {
  const r = scan.result && scan.result.registrant;
  const next = r && r.person && ["checked_in", "already_checked_in"].includes(outcome) ? r : null;
  if (!next || !target || next.person !== target.person) hideReprint();
  target = next;
  drawPrintCard();
  if (target && outcome === "checked_in" && printing && printing.effective.mode === "on_checkin") setTimeout(refreshPrinting, 300);
}

// jobOf is the latest job of the person on the card, by their handle
// (two people may share a name).
function jobOf(r) {
  return printJobs.find((j) => j.person === r.person);
}

function drawPrintCard() {
  const show = !!target && printsHere();
  $("printcard").hidden = !show;
  if (!show) return;
  const j = jobOf(target), before = !j && target.badge_printed_at; // printed before: nothing prints on arrival
  $("printstate").textContent = j ? `${t("badge")} ${t("job_" + j.state)}${j.reason ? " (" + reasonText(j.reason) + ")" : ""} · ${j.printer}` :
    before ? `${t("alreadyprinted")} ${whenText(target.badge_printed_at)}` : "";
  $("printstate").className = j ? j.state : before ? "done" : "";
  const waiting = j && (j.state === "queued" || j.state === "printing"); // it will print: no second badge
  $("printbadge").hidden = waiting;
  $("printbadge").textContent = j && j.state === "done" || printing.effective.mode === "on_checkin" ? t("reprintbadge") : t("printbadge");
}

// whenText is "à 09:12" today (the server's day), "le 14 oct. à 09:12"
// another day.
function whenText(iso) {
  const day = (d) => new Intl.DateTimeFormat("en-CA", { timeZone }).format(d);
  const d = new Date(iso), at = `${t("at_time")} ${clock(iso)}`;
  if (day(d) === day(new Date(Date.now() + clockOffset))) return at;
  return `${t("on_day")} ${new Intl.DateTimeFormat(lang, { day: "numeric", month: "short", timeZone }).format(d)} ${at}`;
}

// askPrint prints a person's badge; a badge printed before asks why. One
// request at a time: a double press prints one badge.
let printBusy = false;
async function askPrint(r, reason) {
  if (printBusy) return;
  target = r;
  let res;
  printBusy = true;
  try { res = await api("POST", "/api/print", reason ? { person: r.person, reason } : { person: r.person }); } catch (e) { online(false); return; } finally { printBusy = false; }
  if (res.status === 401) { showLogin(true); return; }
  if (res.status === 409 && res.body.error_code === "already_printed") {
    $("printcard").hidden = false;
    const where = res.body.printed_on ? `${t("desk")} ${res.body.printed_on}` : t("bysheet");
    $("reprintwhy").textContent = `${t("alreadyprinted")} ${whenText(res.body.printed_at)}, ${where}. ${t("why")}`;
    $("reprintform").hidden = false;
    $("reprintreason").focus();
    return;
  }
  if (res.status !== 202) { $("printcard").hidden = false; $("printstate").textContent = errorText(res.body); return; }
  hideReprint();
  printJobs.unshift(res.body.job);
  drawPrinting();
  refocus();
}

function hideReprint() {
  $("reprintform").hidden = true;
  $("reprintreason").value = "";
}

function sendReprint() {
  const reason = $("reprintreason").value.trim();
  if (!reason || !target || $("reprintform").hidden) { $("reprintreason").focus(); return; }
  askPrint(target, reason);
}

document.addEventListener("DOMContentLoaded", () => {
  $("printerchoice").addEventListener("change", choosePrinter);
  $("fallbackchoice").addEventListener("change", choosePrinter);
  $("printbadge").addEventListener("click", () => target && askPrint(target));
  $("reprintform").addEventListener("submit", (ev) => { ev.preventDefault(); sendReprint(); });
  $("reprintcancel").addEventListener("click", () => { hideReprint(); refocus(); });
  $("reprintreason").addEventListener("keydown", (ev) => { // a scanner's read typed here is a scan, not a reason
    trackBurst(ev);
    if (ev.key !== "Enter") return;
    const code = burstCode(ev.target);
    if (code) { ev.preventDefault(); submit(code); }
  });
});
