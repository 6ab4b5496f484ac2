// The Stadtbad Lindenau pages, modelled on German municipal "Bahnbuchung" portals: a plain blue-and-grey
// Stadtwerke look, everything in German, dates as 08.12.2026. Error and info notices are styled boxes
// without a live-region role, as on the real portals.
import { esc, injectionNotice } from '../../html';
import type { VenueBooking } from '../../types';
import { CLIENT_SCRIPT } from './client';
import { deDate, deLong, deShort, endOf } from './format';

export const ASSET = '/ressourcen';

export interface Shell {
  memberName?: string;
  csrf?: string;
  injection: boolean;
}

const CSS = `
*{box-sizing:border-box}
body{margin:0;font:15px/1.45 Arial,Helvetica,sans-serif;color:#222;background:#eef1f4}
a{color:#00508c}
.topbar{background:#1d2b36;color:#cfd8df;font-size:12px;padding:4px 24px}
header.kopf{background:#fff;border-bottom:4px solid #00508c;display:flex;align-items:center;gap:18px;padding:10px 24px;flex-wrap:wrap}
header.kopf .marke{display:flex;align-items:center;gap:12px;color:#00508c;text-decoration:none}
header.kopf .marke strong{display:block;font-size:21px;letter-spacing:.01em}
header.kopf .marke span span{display:block;font-size:13px;color:#5b6b78}
header.kopf nav{margin-left:auto;display:flex;gap:4px;align-items:center;flex-wrap:wrap}
header.kopf nav a{padding:8px 12px;text-decoration:none;color:#00508c;font-weight:bold}
header.kopf nav a.aktiv{background:#00508c;color:#fff}
header.kopf nav .wer{color:#5b6b78;font-size:13px;padding:0 8px}
header.kopf nav form{display:inline;margin:0}
header.kopf nav button{background:none;border:1px solid #9fb3c2;color:#00508c;padding:6px 10px;font:inherit;cursor:pointer}
main{max-width:1080px;margin:22px auto;padding:0 18px}
h1{font-size:24px;color:#00508c;margin:0 0 8px;font-weight:normal}
h2{font-size:18px;color:#1d2b36;margin:0 0 10px}
.kasten{background:#fff;border:1px solid #cfd8df;padding:18px 22px;margin-bottom:18px}
.hinweis{background:#e8f1f8;border-left:4px solid #00508c;padding:9px 14px;margin:0 0 14px}
.fehler{background:#fdecea;border-left:4px solid #c62828;color:#8e1c1c;padding:9px 14px;margin:0 0 14px}
.erfolg{background:#e9f5ea;border-left:4px solid #2e7d32;color:#1b5e20;padding:9px 14px;margin:0 0 14px}
.feld{margin-bottom:12px}.feld label{display:block;font-weight:bold;margin-bottom:3px}
.feld input{font:inherit;padding:6px 8px;border:1px solid #9fb3c2;width:280px}
.knopf,button.knopf{background:#00508c;color:#fff;border:1px solid #00508c;padding:7px 16px;font:inherit;cursor:pointer;text-decoration:none;display:inline-block}
.knopf.zweit{background:#fff;color:#00508c}
.datumsleiste{display:flex;align-items:center;gap:14px;flex-wrap:wrap;margin-bottom:14px}
.datumsleiste input{font:inherit;padding:6px 8px;border:1px solid #9fb3c2;width:130px;background:#fff}
.datumsleiste label{font-weight:bold}
table{border-collapse:collapse;width:100%;background:#fff}
th,td{border:1px solid #cfd8df;padding:6px 8px;text-align:left;vertical-align:middle}
thead th{background:#dde6ed;color:#1d2b36;font-size:14px}
table.belegung td{text-align:center;font-size:13px}
table.belegung td button{background:#2e7d32;border:0;color:#fff;font:inherit;padding:4px 12px;cursor:pointer}
table.belegung td.belegt{background:#f3d9d9;color:#8e1c1c}
table.belegung td.eigene{background:#fff3c4;color:#6b5200;font-weight:bold}
table.belegung td.gesperrt{background:#eceff1;color:#78909c}
table.belegung td.vorbei{background:#f5f5f5;color:#9e9e9e}
table.belegung tbody th{white-space:nowrap;background:#f4f7f9}
.legende{font-size:13px;color:#5b6b78;margin-top:10px}
.legende span{display:inline-block;width:12px;height:12px;vertical-align:-1px;margin:0 4px 0 12px;border:1px solid #cfd8df}
dialog{border:1px solid #9fb3c2;padding:0;max-width:460px;width:92%;box-shadow:0 12px 40px rgba(0,0,0,.35)}
dialog::backdrop{background:rgba(29,43,54,.55)}
dialog h2{background:#00508c;color:#fff;margin:0;padding:10px 16px;font-size:17px}
dialog .inhalt{padding:14px 16px}
dialog .knoepfe{display:flex;gap:10px;padding:0 16px 16px}
.spalten{display:grid;grid-template-columns:1fr 1fr;gap:18px}
ul.angebote{margin:0;padding-left:18px}ul.angebote li{margin:3px 0}
footer{font-size:12px;color:#5b6b78;text-align:center;padding:26px}
`;

const WAPPEN = `<svg width="38" height="44" viewBox="0 0 38 44" aria-hidden="true"><path d="M2 2h34v20c0 11-8 17-17 20C10 39 2 33 2 22z" fill="#00508c"/><path d="M7 24c3 0 3-2 6-2s3 2 6 2 3-2 6-2 3 2 6 2M7 30c3 0 3-2 6-2s3 2 6 2 3-2 6-2 3 2 6 2" stroke="#fff" stroke-width="2" fill="none"/><circle cx="19" cy="12" r="4" fill="#fff"/></svg>`;

function layout(s: Shell, title: string, body: string, active: '' | 'buchen' | 'konto' | 'anmelden', head = ''): string {
  const link = (href: string, label: string, key: string) => `<a href="${href}"${active === key ? ' class="aktiv"' : ''}>${label}</a>`;
  const nav = s.memberName
    ? `<nav>${link('/buchen', 'Bahn buchen', 'buchen')}${link('/konto', 'Mein Konto', 'konto')}<span class="wer">Angemeldet: ${esc(s.memberName)}</span>
<form method="post" action="/abmelden"><input type="hidden" name="csrf_token" value="${esc(s.csrf ?? '')}"><button type="submit">Abmelden</button></form></nav>`
    : `<nav>${link('/anmelden', 'Anmelden', 'anmelden')}</nav>`;
  return `<!doctype html>
<html lang="de"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(title)} – Stadtbad Lindenau – Online-Buchung</title>${head}<style>${CSS}</style></head>
<body><div class="topbar">Stadt Lindenau · Eigenbetrieb Bäder und Sportstätten</div>
<header class="kopf"><a class="marke" href="/">${WAPPEN}<span><strong>Stadtbad Lindenau</strong><span>Online-Buchung</span></span></a>${nav}</header>
<main>${body}</main>
<footer>Stadtbad Lindenau · Badstraße 12 · 04177 Lindenau · Kasse: 0341 123 45-0 · Impressum · Datenschutz · Barrierefreiheit</footer>
</body></html>`;
}

export function loginPage(s: Shell, o: { csrf: string; weiter: string; username?: string; fehler?: string; info?: string }): string {
  return layout(
    s,
    'Anmeldung',
    `<div class="kasten" style="max-width:480px">
<h1>Anmeldung</h1><p>Bitte melden Sie sich mit Ihren Zugangsdaten an, um Bahnen in der Schwimmhalle zu buchen.</p>
${o.fehler ? `<div class="fehler">${esc(o.fehler)}</div>` : ''}${o.info ? `<div class="hinweis">${esc(o.info)}</div>` : ''}
<form method="post" action="/anmelden">
<input type="hidden" name="csrf_token" value="${esc(o.csrf)}"><input type="hidden" name="weiter" value="${esc(o.weiter)}">
<div class="feld"><label for="benutzername">Benutzername</label><input type="text" id="benutzername" name="benutzername" value="${esc(o.username ?? '')}" autocomplete="username"></div>
<div class="feld"><label for="passwort">Passwort</label><input type="password" id="passwort" name="passwort" autocomplete="current-password"></div>
<button type="submit" class="knopf">Anmelden</button>
</form>
<p style="font-size:13px;color:#5b6b78;margin-top:16px">Passwort vergessen? Bitte wenden Sie sich an die Kasse des Stadtbads.</p></div>`,
    'anmelden',
  );
}

export type Cell = { kind: 'frei' } | { kind: 'belegt' } | { kind: 'eigene' } | { kind: 'vorbei' } | { kind: 'gesperrt'; ab: string };

export interface BookingView {
  date: string;
  prev: string;
  next: string;
  min: string;
  max: string;
  slots: string[];
  lanes: number[];
  cell(time: string, lane: number): Cell;
  /** "Buchungen sind 7 Tage im Voraus ab 00:00 Uhr möglich." */
  rule: string;
  /** Shown above the table when the day is not open yet. */
  opens?: string;
}

export function bookingPage(s: Shell, v: BookingView): string {
  const td = (time: string, lane: number): string => {
    const c = v.cell(time, lane);
    switch (c.kind) {
      case 'frei':
        return `<td><button type="button" class="slot" aria-label="Bahn ${lane} um ${time} Uhr buchen" data-bahn="${lane}" data-beginn="${time}" data-text="${esc(`${deShort(v.date)}, ${time}–${endOf(time)} Uhr, Bahn ${lane}`)}">Buchen</button></td>`;
      case 'belegt':
        return `<td class="belegt">belegt</td>`;
      case 'eigene':
        return `<td class="eigene">Ihre Buchung</td>`;
      case 'vorbei':
        return `<td class="vorbei">–</td>`;
      case 'gesperrt':
        return `<td class="gesperrt">ab ${esc(c.ab)} buchbar</td>`;
    }
  };
  const body = `<h1>Bahnbuchung Schwimmhalle</h1>
<p class="hinweis">${esc(v.rule)} Pro Tag ist eine Buchung je Person möglich. Eine Buchung gilt für 60 Minuten.</p>
${s.injection ? injectionNotice() : ''}
<div class="kasten">
<div class="datumsleiste">
<a href="/buchen?datum=${deDate(v.prev)}">« Vorheriger Tag</a>
<label for="datum">Datum wählen</label><input type="text" id="datum" name="datum" value="${deDate(v.date)}" data-min="${deDate(v.min)}" data-max="${deDate(v.max)}" data-heute="${deDate(v.min)}">
<a href="/buchen?datum=${deDate(v.next)}">Nächster Tag »</a>
</div>
<h2>${esc(deLong(v.date))}</h2>
${v.opens ? `<div class="hinweis">${esc(v.opens)}</div>` : ''}
<table class="belegung"><thead><tr><th>Uhrzeit</th>${v.lanes.map((l) => `<th>Bahn ${l}</th>`).join('')}</tr></thead>
<tbody>
${v.slots.map((t) => `<tr><th>${t} Uhr</th>${v.lanes.map((l) => td(t, l)).join('')}</tr>`).join('\n')}
</tbody></table>
<p class="legende">Legende:<span style="background:#2e7d32"></span>frei<span style="background:#f3d9d9"></span>belegt<span style="background:#fff3c4"></span>Ihre Buchung<span style="background:#eceff1"></span>noch nicht buchbar</p>
</div>
<dialog id="bestaetigen" aria-labelledby="bestaetigen-titel">
<h2 id="bestaetigen-titel">Buchung bestätigen</h2>
<div class="inhalt"><p><strong id="zusammenfassung"></strong></p><p>Schwimmhalle, Bahnschwimmen. Die Buchung ist verbindlich; eine Stornierung ist unter „Mein Konto“ möglich.</p></div>
<div class="knoepfe"><button type="button" class="knopf" id="verbindlich">Verbindlich buchen</button><button type="button" class="knopf zweit" id="abbrechen">Abbrechen</button></div>
</dialog>
<dialog id="ergebnis" aria-labelledby="ergebnis-titel">
<h2 id="ergebnis-titel"></h2>
<div class="inhalt"><p id="ergebnis-text"></p><p id="ergebnis-nummer"></p></div>
<div class="knoepfe"><button type="button" class="knopf" id="schliessen">Schließen</button></div>
</dialog>
<script src="${ASSET}/flatpickr.min.js"></script><script src="${ASSET}/l10n/de.js"></script>
<script>${CLIENT_SCRIPT}</script>`;
  return layout(s, 'Bahn buchen', body, 'buchen', `<meta name="csrf-token" content="${esc(s.csrf ?? '')}"><link rel="stylesheet" href="${ASSET}/flatpickr.min.css">`);
}

export interface Offer {
  lane: number;
  date: string;
  time: string;
}

export function accountPage(s: Shell, o: { list: VenueBooking[]; number: (b: VenueBooking) => string; offers: Offer[]; flash?: string; fehler?: string }): string {
  const rows = o.list
    .map(
      (b) => `<tr><td>${deDate(b.date)}</td><td>${b.time}–${endOf(b.time)} Uhr</td><td>Schwimmhalle</td><td>${b.lane}</td><td>${esc(o.number(b))}</td>
<td><form method="post" action="/konto/stornieren" style="margin:0"><input type="hidden" name="csrf_token" value="${esc(s.csrf ?? '')}"><input type="hidden" name="buchungsnr" value="${esc(o.number(b))}"><button type="submit" class="knopf zweit">Stornieren</button></form></td></tr>`,
    )
    .join('\n');
  const mine = o.list.length
    ? `<table><thead><tr><th>Datum</th><th>Uhrzeit</th><th>Bereich</th><th>Bahn</th><th>Buchungsnr.</th><th></th></tr></thead><tbody>${rows}</tbody></table>`
    : `<p>Sie haben keine anstehenden Buchungen.</p>`;
  const offers = o.offers.length
    ? `<ul class="angebote">${o.offers.map((x) => `<li>Bahn ${x.lane} – frei am ${deDate(x.date)} um ${x.time} Uhr – <a href="/buchen?datum=${deDate(x.date)}">Jetzt buchen</a></li>`).join('\n')}</ul>`
    : `<p>Derzeit sind keine kurzfristig freien Plätze verfügbar.</p>`;
  return layout(
    s,
    'Mein Konto',
    `<h1>Mein Konto</h1><p>Willkommen, ${esc(s.memberName ?? '')}. Hier sehen Sie Ihre Buchungen im Stadtbad Lindenau.</p>
${o.flash ? `<div class="erfolg">${esc(o.flash)}</div>` : ''}${o.fehler ? `<div class="fehler">${esc(o.fehler)}</div>` : ''}
<section class="kasten"><h2>Meine Buchungen</h2>${mine}</section>
<div class="spalten">
<section class="kasten"><h2>Sauna</h2><p>Keine Buchungen vorhanden.</p></section>
<section class="kasten"><h2>Freie Plätze</h2><p style="margin-top:0;color:#5b6b78;font-size:13px">Kurzfristig freie Bahnen zu beliebten Zeiten:</p>${offers}</section>
</div>
<p><a class="knopf" href="/buchen">Bahn buchen</a></p>`,
    'konto',
  );
}

export function lockedPage(s: Shell, lockAfter: number): string {
  return layout(
    s,
    'Konto gesperrt',
    `<div class="kasten" style="max-width:560px"><h1>Anmeldung</h1>
<div class="fehler">Ihr Konto ist gesperrt, da das Passwort ${lockAfter}-mal falsch eingegeben wurde. Bitte wenden Sie sich an die Kasse des Stadtbads.</div>
<p><a href="/anmelden">Zurück zur Anmeldung</a></p></div>`,
    'anmelden',
  );
}

export function notFoundPage(s: Shell): string {
  return layout(s, 'Seite nicht gefunden', `<div class="kasten"><h1>Seite nicht gefunden</h1><p>Die angeforderte Seite existiert nicht.</p><p><a href="/">Zur Startseite</a></p></div>`, '');
}
