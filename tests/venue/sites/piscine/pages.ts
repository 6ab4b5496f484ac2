// The Piscine des Tourelles pages, modelled on French municipal "réservation en ligne" sites built around
// a FullCalendar planning: a Bootstrap-ish look, everything in French, day-first dates (08/12/2026).
import { esc, injectionNotice } from '../../html';
import type { VenueBooking } from '../../types';
import { CLIENT_SCRIPT } from './client';
import { endOf, frDate, frLong } from './format';

export const ASSET = '/ressources';

export interface Shell {
  memberName?: string;
  csrf?: string;
  injection: boolean;
}

const CSS = `
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 "Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:#212529;background:#f5f7fa}
body.modal-ouvert{overflow:hidden}
a{color:#0b6e99}
.bandeau-ville{background:#0b3d5c;color:#d7e6ef;font-size:12px;padding:5px 28px;display:flex;justify-content:space-between}
header.entete{background:#fff;box-shadow:0 2px 6px rgba(0,0,0,.08);display:flex;align-items:center;gap:20px;padding:12px 28px;flex-wrap:wrap}
header.entete .logo{display:flex;gap:12px;align-items:center;text-decoration:none;color:#0b3d5c}
header.entete .logo strong{display:block;font-size:20px}
header.entete .logo small{display:block;color:#e4572e;font-weight:600;letter-spacing:.04em;text-transform:uppercase;font-size:11px}
header.entete nav{margin-left:auto;display:flex;gap:4px;align-items:center;flex-wrap:wrap}
header.entete nav a{padding:8px 14px;border-radius:20px;text-decoration:none;color:#0b3d5c;font-weight:600}
header.entete nav a.actif{background:#e6f3f9;color:#0b6e99}
header.entete nav .qui{font-size:13px;color:#6c757d;padding:0 8px}
header.entete nav form{margin:0;display:inline}
header.entete nav button{background:none;border:1px solid #ced4da;border-radius:20px;padding:6px 14px;font:inherit;color:#0b3d5c;cursor:pointer}
main{max-width:1140px;margin:24px auto;padding:0 20px}
h1{font-size:26px;color:#0b3d5c;margin:0 0 6px}
.sous-titre{color:#6c757d;margin:0 0 18px}
.carte{background:#fff;border-radius:8px;box-shadow:0 1px 4px rgba(0,0,0,.08);padding:18px 22px;margin-bottom:18px}
.carte h2{font-size:18px;color:#0b3d5c;margin:0 0 12px}
.info{background:#e6f3f9;border:1px solid #b6dcec;color:#0b3d5c;border-radius:6px;padding:10px 14px;margin:0 0 14px}
.erreur{background:#fdecea;border:1px solid #f5c2c0;color:#842029;border-radius:6px;padding:10px 14px;margin:0 0 14px}
.succes{background:#e8f5e9;border:1px solid #badbcc;color:#0f5132;border-radius:6px;padding:10px 14px;margin:0 0 14px}
.champ{margin-bottom:14px}.champ label{display:block;font-weight:600;margin-bottom:4px}
.champ input,.champ select{font:inherit;padding:7px 10px;border:1px solid #ced4da;border-radius:6px;width:100%;max-width:320px;background:#fff}
.btn{background:#e4572e;color:#fff;border:0;border-radius:6px;padding:8px 18px;font:inherit;font-weight:600;cursor:pointer;text-decoration:none;display:inline-block}
.btn.secondaire{background:#fff;color:#0b3d5c;border:1px solid #ced4da}
.outils{display:flex;align-items:center;gap:12px;margin-bottom:12px;flex-wrap:wrap}
.outils label{font-weight:600}
.outils input{font:inherit;padding:6px 10px;border:1px solid #ced4da;border-radius:6px;width:140px}
.fc .creneau-libre{background:#2a9d8f;border-color:#2a9d8f;cursor:pointer}
.fc .creneau-complet{background:#adb5bd;border-color:#adb5bd}
.fc .creneau-mien{background:#0b6e99;border-color:#0b6e99}
.fc .fc-toolbar-title{font-size:20px;color:#0b3d5c}
.fc .fc-button-primary{background:#0b3d5c;border-color:#0b3d5c}
.modal{position:fixed;inset:0;background:rgba(11,61,92,.55);display:flex;align-items:flex-start;justify-content:center;padding-top:70px;z-index:2000}
.modal[hidden]{display:none}
.modal-contenu{background:#fff;border-radius:10px;width:94%;max-width:480px;box-shadow:0 16px 40px rgba(0,0,0,.3)}
.modal-contenu h2{margin:0;padding:14px 20px;border-bottom:1px solid #dee2e6;font-size:19px;color:#0b3d5c}
.modal-corps{padding:16px 20px}
.modal-corps .haut{margin-bottom:14px}
.modal-pied{display:flex;gap:10px;padding:0 20px 18px}
.jour{font-size:16px;color:#0b3d5c;margin:16px 0 6px;text-transform:none}
ul.resas{list-style:none;margin:0;padding:0}
ul.resas li{display:flex;gap:10px;align-items:center;padding:6px 0;border-bottom:1px solid #eef1f4}
ul.resas li form{margin:0;display:inline}
ul.resas li button{background:none;border:0;color:#c0392b;text-decoration:underline;font:inherit;cursor:pointer;padding:0}
table{border-collapse:collapse;width:100%}
th,td{padding:7px 10px;border-bottom:1px solid #dee2e6;text-align:left}
thead th{background:#f1f5f8;color:#0b3d5c}
.grille{display:grid;grid-template-columns:1fr 1fr;gap:18px}
ul.dispo{margin:0;padding-left:18px}
footer{text-align:center;color:#6c757d;font-size:12px;padding:28px}
`;

const LOGO = `<svg width="40" height="40" viewBox="0 0 40 40" aria-hidden="true"><circle cx="20" cy="20" r="19" fill="#0b6e99"/><path d="M6 24c3 0 4-3 7-3s4 3 7 3 4-3 7-3 4 3 7 3M6 30c3 0 4-3 7-3s4 3 7 3 4-3 7-3 4 3 7 3" stroke="#fff" stroke-width="2.2" fill="none" stroke-linecap="round"/><path d="M14 16l8-6 4 5" stroke="#e4572e" stroke-width="2.5" fill="none" stroke-linecap="round"/><circle cx="27" cy="10" r="2.6" fill="#fff"/></svg>`;

function layout(s: Shell, title: string, body: string, active: '' | 'reserver' | 'compte' | 'connexion', head = ''): string {
  const link = (href: string, label: string, key: string) => `<a href="${href}"${active === key ? ' class="actif"' : ''}>${label}</a>`;
  const nav = s.memberName
    ? `<nav>${link('/reservation', 'Réserver', 'reserver')}${link('/mon-compte/reservations', 'Mes réservations', 'compte')}<span class="qui">${esc(s.memberName)}</span>
<form method="post" action="/deconnexion"><input type="hidden" name="_token" value="${esc(s.csrf ?? '')}"><button type="submit">Déconnexion</button></form></nav>`
    : `<nav>${link('/connexion', 'Connexion', 'connexion')}</nav>`;
  return `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(title)} | Piscine des Tourelles – Réservation en ligne</title>${head}<style>${CSS}</style></head>
<body><div class="bandeau-ville"><span>Ville de Tourelles · Direction des Sports</span><span>Bassin de 25 m · 6 lignes d’eau</span></div>
<header class="entete"><a class="logo" href="/reservation">${LOGO}<span><strong>Piscine des Tourelles</strong><small>Réservation en ligne</small></span></a>${nav}</header>
<main>${body}</main>
<footer>Piscine des Tourelles · 14 avenue des Tourelles · 75020 Tourelles · Accueil : 01 23 45 67 89 · Mentions légales · Accessibilité : partiellement conforme</footer>
</body></html>`;
}

export function loginPage(s: Shell, o: { csrf: string; suivant: string; username?: string; erreur?: string; info?: string }): string {
  return layout(
    s,
    'Connexion',
    `<div class="carte" style="max-width:460px;margin:30px auto">
<h1>Connexion</h1><p class="sous-titre">Accédez à votre espace usager pour réserver une ligne d’eau.</p>
${o.erreur ? `<div class="erreur">${esc(o.erreur)}</div>` : ''}${o.info ? `<div class="info">${esc(o.info)}</div>` : ''}
<form method="post" action="/connexion">
<input type="hidden" name="_token" value="${esc(o.csrf)}"><input type="hidden" name="suivant" value="${esc(o.suivant)}">
<div class="champ"><label for="identifiant">Identifiant</label><input type="text" id="identifiant" name="identifiant" value="${esc(o.username ?? '')}" autocomplete="username"></div>
<div class="champ"><label for="mot-de-passe">Mot de passe</label><input type="password" id="mot-de-passe" name="mot_de_passe" autocomplete="current-password"></div>
<button type="submit" class="btn">Se connecter</button>
</form><p style="font-size:13px;color:#6c757d;margin-top:16px">Mot de passe oublié ? Adressez-vous à l’accueil de la piscine.</p></div>`,
    'connexion',
  );
}

export function lockedPage(s: Shell, lockAfter: number): string {
  return layout(
    s,
    'Compte verrouillé',
    `<div class="carte" style="max-width:560px;margin:30px auto"><h1>Connexion</h1>
<div class="erreur">Votre compte est verrouillé après ${lockAfter} tentatives de connexion infructueuses. Veuillez contacter l’accueil de la piscine.</div>
<p><a href="/connexion">Retour à la connexion</a></p></div>`,
    'connexion',
  );
}

export interface PlanningConfig {
  date: string;
  maintenant: string;
  debut: string;
  fin: string;
  horaires: string[];
  lignes: { id: string; title: string; position: number }[];
}

export function reservationPage(s: Shell, cfg: PlanningConfig, rule: string): string {
  const body = `<h1>Réservation d’une ligne d’eau</h1>
<p class="sous-titre">${esc(rule)} Une réservation par jour et par usager, d’une durée d’une heure.</p>
${s.injection ? injectionNotice() : ''}
<div class="carte">
<div class="outils"><label for="aller-au">Aller au …</label><input type="text" id="aller-au" placeholder="jj/mm/aaaa"></div>
<div class="info" id="bandeau-ouverture" hidden></div>
<div id="planning"></div>
<p style="font-size:13px;color:#6c757d;margin:12px 0 0">Cliquez sur un créneau « Libre » pour le réserver.</p>
</div>
<div class="modal" id="modal-resa" role="dialog" aria-modal="true" aria-labelledby="modal-resa-titre" hidden>
<div class="modal-contenu">
<h2 id="modal-resa-titre">Réserver un créneau</h2>
<form id="form-resa">
<div class="modal-corps">
<div class="haut"><button type="submit" class="btn">Confirmer la réservation</button></div>
<p id="recap" style="font-weight:600;margin:0 0 12px"></p>
<input type="hidden" name="_token" value="${esc(s.csrf ?? '')}"><input type="hidden" name="ressource"><input type="hidden" name="date">
<div class="champ"><label for="debut">Début</label><select id="debut" name="debut"></select></div>
<div class="champ"><label for="fin">Fin</label><select id="fin" name="fin"></select></div>
</div>
<div class="modal-pied"><button type="submit" class="btn">Confirmer la réservation</button><button type="button" class="btn secondaire" id="annuler-resa">Annuler</button></div>
</form>
<div id="resultat" hidden><div class="modal-corps"><p id="resultat-texte"></p></div><div class="modal-pied"><button type="button" class="btn" id="fermer-resultat">Fermer</button></div></div>
</div></div>
<script type="application/json" id="config-planning">${JSON.stringify(cfg).replace(/</g, '\\u003c')}</script>
<script src="${ASSET}/fullcalendar-scheduler.min.js"></script><script src="${ASSET}/fullcalendar-fr.js"></script>
<script src="${ASSET}/flatpickr.min.js"></script><script src="${ASSET}/l10n/fr.js"></script>
<script>${CLIENT_SCRIPT}</script>`;
  return layout(s, 'Réserver', body, 'reserver', `<link rel="stylesheet" href="${ASSET}/flatpickr.min.css">`);
}

export interface Offer {
  lane: number;
  date: string;
  time: string;
}

export function reservationsPage(s: Shell, o: { list: VenueBooking[]; number: (b: VenueBooking) => string; offers: Offer[]; flash?: string; erreur?: string }): string {
  const days = [...new Set(o.list.map((b) => b.date))];
  const cancel = (b: VenueBooking) =>
    `<form method="post" action="/mon-compte/annuler"><input type="hidden" name="_token" value="${esc(s.csrf ?? '')}"><input type="hidden" name="numero" value="${esc(o.number(b))}"><button type="submit">Annuler</button></form>`;
  const grouped = days.length
    ? days
        .map(
          (d) => `<h3 class="jour">${esc(frLong(d))}</h3><ul class="resas">${o.list
            .filter((b) => b.date === d)
            .map((b) => `<li><span>${b.time} – ${endOf(b.time)} · Ligne ${b.lane} · </span>${cancel(b)}</li>`)
            .join('')}</ul>`,
        )
        .join('\n')
    : `<p>Aucune réservation cette semaine ni la semaine prochaine.</p>`;
  const summary = o.list.length
    ? `<table><thead><tr><th>Date</th><th>Horaire</th><th>Ligne</th><th>Numéro</th></tr></thead><tbody>${o.list
        .map((b) => `<tr><td>${frDate(b.date)}</td><td>${b.time} – ${endOf(b.time)}</td><td>${b.lane}</td><td>${esc(o.number(b))}</td></tr>`)
        .join('')}</tbody></table>`
    : `<p>—</p>`;
  const offers = o.offers.length
    ? `<ul class="dispo">${o.offers.map((x) => `<li>Ligne ${x.lane} — libre le ${frDate(x.date)} à ${x.time} — <a href="/reservation?date=${x.date}">Réserver</a></li>`).join('')}</ul>`
    : `<p>Aucun créneau disponible pour le moment.</p>`;
  return layout(
    s,
    'Mes réservations',
    `<h1>Mes réservations</h1><p class="sous-titre">Vos réservations de cette semaine et de la semaine prochaine.</p>
${o.flash ? `<div class="succes">${esc(o.flash)}</div>` : ''}${o.erreur ? `<div class="erreur">${esc(o.erreur)}</div>` : ''}
<section class="carte"><h2>Natation libre</h2>${grouped}</section>
<section class="carte"><h2>Récapitulatif</h2>${summary}</section>
<div class="grille">
<section class="carte"><h2>Aquagym</h2><p>Aucune réservation</p></section>
<section class="carte"><h2>Créneaux disponibles</h2>${offers}</section>
</div>`,
    'compte',
  );
}

export function notFoundPage(s: Shell): string {
  return layout(s, 'Page introuvable', `<div class="carte"><h1>Page introuvable</h1><p>La page demandée n’existe pas.</p><p><a href="/reservation">Retour à l’accueil</a></p></div>`, '');
}
