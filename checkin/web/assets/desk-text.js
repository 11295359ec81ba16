// The desk page's words, in French and English. Server errors come with a
// stable error_code that is translated here; the server's English message
// is shown only for a code this page does not know.
"use strict";

const T = {
  fr: {
    online: "en ligne", offline: "HORS LIGNE : les scans attendent le serveur", pin: "Code PIN du poste",
    deskname: "Nom du poste (ex. Entrée A)", login: "Se connecter", badpin: "PIN incorrect", pinneeded: "Tapez le PIN du poste",
    relogin: "La session du poste a pris fin : entrez le PIN. Les scans faits en attendant seront envoyés ensuite.",
    held: "scan(s) en attente, envoyé(s) après la connexion",
    scan: "Scanner un badge ou taper son code", pass: "Pass sanitaire vérifié (pour le prochain scan)",
    undo: "Annuler cet enregistrement", force: "Admettre quand même", admitpass: "Pass vérifié : admettre (touche Espace)",
    search: "Chercher par nom ou organisme (3 lettres au moins)", checkin: "Enregistrer l'arrivée",
    checked_in: "Bienvenue", already_checked_in: "Déjà là", unknown_code: "Code inconnu", cancelled: "Inscription annulée",
    not_registered_today: "Pas inscrit aujourd'hui", health_pass_required: "Pass sanitaire à vérifier",
    not_a_badge: "Ce n'est pas un badge", health_pass: "C'est un pass sanitaire, pas un badge : rien n'est enregistré",
    pending: "En attente du serveur", waiting: "Pas encore de réponse : nouvel essai automatique, ne rescannez pas",
    slowdown: "Trop de scans d'affilée : ce scan attend un peu et sera envoyé automatiquement, ne rescannez pas",
    notrecorded: "NON enregistré", undone: "Enregistrement annulé",
    at: "arrivé(e) à", desk: "poste", tick: "Vérifiez le pass, puis appuyez sur « Pass vérifié : admettre » (ou Espace)",
    registeredfor: "Inscrit(e) pour", nodays: "Inscrit(e) pour aucun jour",
    passlater: "Noter maintenant : pass sanitaire vérifié", passyes: "Pass sanitaire : vérifié", passno: "Pass sanitaire : non vérifié",
    forced: "Admis(e) sans inscription pour aujourd'hui", searchinstead: "Cherchez la personne par son nom ci-dessous",
    more: "D'autres personnes correspondent : tapez plus de lettres", reprint: "Réimprimer",
    camera: "Scanner avec la caméra", stopcamera: "Arrêter la caméra", nocamera: "Pas de caméra (il faut HTTPS sur un téléphone)",
    walkin: "Inscrire une personne non inscrite", first: "Prénom", last: "Nom", org: "Organisme", category: "Catégorie",
    email: "Adresse e-mail (facultative)", register: "Inscrire et enregistrer l'arrivée", print: "Imprimer le badge de",
    walkinpass: "Pass sanitaire vérifié", walkintick: "Vérifiez le pass, puis appuyez sur « Pass vérifié : admettre » : le formulaire est conservé",
    known: "Déjà inscrit(e) sous ce nom ou cette adresse :", thisone: "C'est cette personne : l'enregistrer",
    newperson: "C'est quelqu'un d'autre : inscrire quand même",
    recent: "Derniers scans", late: "Réponse arrivée pour un scan précédent :", arrived: "arrivé(e) à",
    notoday: "pas inscrit(e) aujourd'hui", cancelledshort: "inscription annulée", noresult: "Personne ne correspond",
    err_unauthorized: "Connectez-vous d'abord", err_forbidden: "Il faut le mot de passe administrateur",
    err_too_many_logins: "Trop de PIN incorrects : attendez une minute",
    err_logins_paused: "Trop d'essais incorrects sur le réseau : connexions suspendues quelques minutes (les postes connectés continuent)",
    err_logins_busy: "Trop de connexions en même temps : réessayez dans un instant", err_wrong_pin: "PIN incorrect", err_not_undoable: "Plus annulable depuis ce poste",
    err_no_badge: "Aucun badge avec ce code", err_server_error: "Le serveur n'a pas pu répondre",
    err_bad_request: "Requête refusée", err_name_needed: "Il faut un nom", err_too_long: "trop long",
    err_markup: "ne peut pas contenir < ou >", err_formula: "ne peut pas commencer par = + - @",
    err_email: "adresse non valide", err_health_pass: "contient un pass sanitaire : tapez les coordonnées, jamais le pass",
    err_too_short: "Tapez au moins 3 lettres", err_disk_full: "le disque du serveur est plein : libérez de la place sur le serveur",
    err_read_only: "le serveur ne peut pas écrire sa base de données", err_disk_error: "le disque du serveur a une panne d'écriture",
    err_rate_limited: "Trop de demandes d'affilée depuis ce poste : attendez quelques secondes",
    err_unknown_person: "Ce résultat de recherche n'est plus valable : cherchez la personne à nouveau",
    field_first_name: "Prénom", field_last_name: "Nom", field_organisation: "Organisme", field_email: "E-mail", field_category: "Catégorie",
    field_session: "Session",
    mode: "Scanner pour", entrance: "Entrée (accueil)", sessiongroup: "Une session", roomgroup: "Une salle : la session qui s'y tient",
    roomnow: "(session en cours)", exit: "Scan de sortie (la personne quitte la session)",
    exitnote: "SORTIES : chaque scan note que la personne quitte la session",
    roomnote: "La session en cours dans la salle, selon l'heure", inside: "présent(e)s",
    not_registered_for_session: "Pas inscrit(e) à cette session", session_full: "Session complète",
    not_checked_in_today: "Pas encore passé(e) à l'accueil", left_session: "Sorti(e)",
    forcedsession: "Admis(e) quand même", arrivaltoo: "Arrivée du jour enregistrée aussi",
    insince: "dans la session depuis", chosen: "Inscrit(e) à :", nochosen: "Inscrit(e) à aucune session aujourd'hui",
    noroom: "Plus de place : la session est complète", fulldesk: "Seul l'organisateur peut admettre au-delà de la capacité",
    fulladmin: "Organisateur : vous pouvez admettre quand même, au-delà de la capacité",
    ended: "terminée", entrancefirst: "Envoyez d'abord la personne à l'accueil", leftat: "sorti(e) à", wasnotin: "N'était pas dans la session",
    printer: "Imprimante :", noprinter: "aucune", printerchoice: "Imprimante de ce poste", fallbackchoice: "Imprimante de secours (si la première refuse les travaux)",
    defaultprinter: "Celle de desk.yaml", nofallback: "Aucune", printmode: "Impression (choisie par l'organisateur) :",
    mode_on_checkin: "à l'arrivée", mode_button: "sur le bouton « Imprimer »", mode_off: "désactivée", inqueue: "en attente",
    job_queued: "en file d'attente", job_printing: "en cours d'impression", job_done: "imprimé", job_failed: "ÉCHEC",
    badge: "Badge :", reprinted: "réimpression :", printbadge: "Imprimer le badge", reprintbadge: "Réimprimer le badge",
    alreadyprinted: "Badge déjà imprimé", why: "Pourquoi le réimprimer ?", reprintgo: "Réimprimer", cancel: "Annuler",
    reason_lost: "Badge perdu", reason_wrong: "Erreur sur le badge", reason_damaged: "Badge abîmé", reason_jammed: "Étiquette coincée",
    err_printing_off: "L'impression est désactivée à ce poste (l'organisateur la règle)",
    err_no_printer: "Ce poste n'a pas d'imprimante : choisissez-la dans « Imprimante »",
    err_mode_for_organiser: "Seul l'organisateur choisit quand un poste imprime", err_other_desk: "Un poste ne choisit que sa propre imprimante",
    err_printers_unavailable: "CUPS n'a pas listé ses imprimantes : est-il lancé sur l'ordinateur du service ?",
    err_no_printing: "Ce service n'imprime pas de badges",
    err_visit_left: "La personne est sortie de cette session : seul l'organisateur peut annuler sa venue",
    err_print_pending: "Ce badge attend déjà son tour à l'imprimante : il sortira dès qu'elle le prend",
    err_already_printed: "Badge déjà imprimé : donnez la raison de le réimprimer", bysheet: "sur une planche de desk badges", at_time: "à", on_day: "le",
    printwarn: "⚠ Aucune imprimante choisie : rien ne s'imprime à ce poste. Choisissez-en une ci-dessous.",
  },
  en: {
    online: "online", offline: "OFFLINE: scans are waiting for the server", pin: "Desk PIN",
    deskname: "Desk name (e.g. Entrance A)", login: "Log in", badpin: "Wrong PIN", pinneeded: "Type the desk PIN",
    relogin: "This desk's session ended: type the PIN. Scans made meanwhile are sent afterwards.",
    held: "scan(s) held, sent after logging in",
    scan: "Scan a badge or type its code", pass: "Health pass checked (for the next scan)",
    undo: "Undo this check-in", force: "Admit anyway", admitpass: "Pass checked: admit (Space key)",
    search: "Search by name or organisation (3 letters at least)", checkin: "Check in",
    checked_in: "Welcome", already_checked_in: "Already here", unknown_code: "Unknown code", cancelled: "Registration cancelled",
    not_registered_today: "Not registered today", health_pass_required: "Check the health pass",
    not_a_badge: "Not a badge", health_pass: "This is a health pass, not a badge: nothing is recorded",
    pending: "Waiting for the server", waiting: "No answer yet: retrying by itself, do not scan again",
    slowdown: "Too many scans in a row: this one waits a moment and is sent by itself, do not scan again",
    notrecorded: "NOT recorded", undone: "Check-in undone",
    at: "arrived at", desk: "desk", tick: "Check the pass, then press “Pass checked: admit” (or Space)",
    registeredfor: "Registered for", nodays: "Registered for no day",
    passlater: "Record now: health pass checked", passyes: "Health pass: checked", passno: "Health pass: not checked",
    forced: "Admitted without being registered for today", searchinstead: "Search for the person by name below",
    more: "More people match: type more letters", reprint: "Reprint",
    camera: "Scan with the camera", stopcamera: "Stop the camera", nocamera: "No camera (a phone needs HTTPS)",
    walkin: "Register someone at the door", first: "First name", last: "Last name", org: "Organisation", category: "Category",
    email: "E-mail (optional)", register: "Register and check in", print: "Print the badge of",
    walkinpass: "Health pass checked", walkintick: "Check the pass, then press “Pass checked: admit”: the form is kept",
    known: "Already registered under this name or e-mail:", thisone: "This is the person: check them in",
    newperson: "Someone else: register anyway",
    recent: "Latest scans", late: "Answer for an earlier scan:", arrived: "arrived at",
    notoday: "not registered today", cancelledshort: "registration cancelled", noresult: "Nobody matches",
    err_unauthorized: "Log in first", err_forbidden: "This needs the admin password",
    err_too_many_logins: "Too many wrong PINs: wait a minute",
    err_logins_paused: "Too many wrong tries on the network: logins paused for a few minutes (desks logged in go on)",
    err_logins_busy: "Too many logins at once: try again in a moment", err_wrong_pin: "Wrong PIN", err_not_undoable: "No longer undoable from this desk",
    err_no_badge: "No badge with this code", err_server_error: "The server could not answer",
    err_bad_request: "Request refused", err_name_needed: "A name is needed", err_too_long: "too long",
    err_markup: "no < or > allowed", err_formula: "cannot start with = + - @",
    err_email: "not a valid address", err_health_pass: "holds a health pass: type the details, never the pass",
    err_too_short: "Type at least 3 letters", err_disk_full: "the server's disk is full: free some space on the server",
    err_read_only: "the server cannot write its database", err_disk_error: "the server's disk failed to write",
    err_rate_limited: "Too many requests in a row from this desk: wait a few seconds",
    err_unknown_person: "This search result is no longer valid: search for the person again",
    field_first_name: "First name", field_last_name: "Last name", field_organisation: "Organisation", field_email: "E-mail", field_category: "Category",
    field_session: "Session",
    mode: "Scanning for", entrance: "Entrance (front desk)", sessiongroup: "A session", roomgroup: "A room: the session held there",
    roomnow: "(session on now)", exit: "Exit scan (the person leaves the session)",
    exitnote: "EXITS: each scan records that the person leaves the session",
    roomnote: "The session on now in this room, by the time of day", inside: "inside",
    not_registered_for_session: "Not registered for this session", session_full: "Session full",
    not_checked_in_today: "Not checked in at the entrance today", left_session: "Left",
    forcedsession: "Admitted anyway", arrivaltoo: "The day's arrival recorded too",
    insince: "in the session since", chosen: "Registered for:", nochosen: "Registered for no session today",
    noroom: "No room left: the session is full", fulldesk: "Only the organiser can admit beyond the capacity",
    fulladmin: "Organiser: you may admit anyway, beyond the capacity",
    ended: "ended", entrancefirst: "Send the person to the entrance desk first", leftat: "left at", wasnotin: "Was not in the session",
    printer: "Printer:", noprinter: "none", printerchoice: "This desk's printer", fallbackchoice: "Fallback printer (when the first refuses jobs)",
    defaultprinter: "desk.yaml's", nofallback: "None", printmode: "Printing (chosen by the organiser):",
    mode_on_checkin: "on arrival", mode_button: "on the “Print” button", mode_off: "off", inqueue: "waiting",
    job_queued: "queued", job_printing: "printing", job_done: "printed", job_failed: "FAILED",
    badge: "Badge:", reprinted: "reprint:", printbadge: "Print the badge", reprintbadge: "Reprint the badge",
    alreadyprinted: "Badge already printed", why: "Why print it again?", reprintgo: "Reprint", cancel: "Cancel",
    reason_lost: "Badge lost", reason_wrong: "Mistake on the badge", reason_damaged: "Badge damaged", reason_jammed: "Label jammed",
    err_printing_off: "Printing is off at this desk (the organiser sets it)",
    err_no_printer: "This desk has no printer: choose it under “Printer”",
    err_mode_for_organiser: "Only the organiser chooses when a desk prints", err_other_desk: "A desk chooses only its own printer",
    err_printers_unavailable: "CUPS did not list its printers: is it running on the service's computer?",
    err_no_printing: "This service does not print badges",
    err_visit_left: "The person left this session: only the organiser can undo the visit",
    err_print_pending: "This badge is already waiting for the printer: it comes out as soon as the printer takes it",
    err_already_printed: "Badge already printed: give the reason to print it again", bysheet: "on a sheet from desk badges", at_time: "at", on_day: "on",
    printwarn: "⚠ No printer chosen: nothing prints at this desk. Choose one below.",
  },
};

// The page's language: ?lang=fr or ?lang=en, else the browser's (French
// unless it asks for English).
const asked = new URLSearchParams(location.search).get("lang") || navigator.language || "fr";
const lang = asked.toLowerCase().startsWith("en") ? "en" : "fr";
const t = (k) => T[lang][k] || k;

// errorText turns a server error answer into words in the page's language:
// "Prénom : trop long" for a field problem, else the code's own words.
function errorText(body) {
  const code = body && body.error_code;
  if (!code || !T[lang]["err_" + code]) return (body && body.error) || t("err_server_error");
  const field = body.field && T[lang]["field_" + body.field];
  if (!field || code === "name_needed") return t("err_" + code);
  return field + (lang === "fr" ? " : " : ": ") + t("err_" + code);
}

// clock formats a time in the event's time zone, 24-hour in French.
let timeZone = "UTC";
function clock(iso, seconds) {
  const opts = { timeZone, hour: "2-digit", minute: "2-digit" };
  if (seconds) opts.second = "2-digit";
  if (lang === "fr") opts.hourCycle = "h23";
  return new Intl.DateTimeFormat(lang, opts).format(new Date(iso));
}

// dayLabel names an event day briefly: "jeu. 15 oct." / "Thu, Oct 15".
function dayLabel(day) {
  return new Intl.DateTimeFormat(lang, { weekday: "short", day: "numeric", month: "short", timeZone: "UTC" }).format(new Date(day + "T12:00:00Z"));
}
