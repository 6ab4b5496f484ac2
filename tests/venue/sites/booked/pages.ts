// HTML of the "booked" site, modelled on LibreBooking (Booked Scheduler): the navbar with its dropdown
// menus, the placeholder-only login form, the dashboard's accordion widgets, the schedule's per-day tables
// of role-less slot cells, and the reservation page with its duplicated toolbar buttons and result modal.
import { esc } from '../../html';
import { CHROME_SCRIPT, EDIT_SCRIPT, RESERVATION_SCRIPT, SCHEDULE_SCRIPT } from './client';
import { dashboardDate, dayHeader, slotEnd, stamp, time12, usDate } from './format';

export const APP_TITLE = 'Lakeside Aquatic Center';
export const SCHEDULE_NAME = 'Lap Pool';

const CSS = `
*{box-sizing:border-box}
body{margin:0;font-family:-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;font-size:14px;line-height:1.45;color:#212529;background:#eef1f5}
a{color:#0d6efd;text-decoration:none}a:hover{text-decoration:underline}
.navbar{background:#fff;border-bottom:1px solid #d8dee6;box-shadow:0 1px 4px rgba(0,0,0,.06);position:relative;z-index:20}
.navbar .container-fluid{display:flex;align-items:center;gap:16px;padding:6px 18px}
.navbar-brand{display:flex;align-items:center;gap:8px;font-weight:700;color:#0b4f8a;font-size:17px}
.navbar-brand:hover{text-decoration:none}
.navbar-nav{display:flex;list-style:none;margin:0;padding:0;gap:2px}
.navbar-nav.me-auto{margin-right:auto}
.nav-item{position:relative}
.nav-link{display:block;padding:8px 12px;color:#0d6efd;border-radius:4px}
.nav-link:hover{background:#f1f5fb;text-decoration:none}
.nav-link.active{color:#0a3f75;font-weight:600}
.dropdown-toggle::after{content:"";display:inline-block;margin-left:6px;vertical-align:3px;border-top:5px solid;border-right:4px solid transparent;border-left:4px solid transparent}
.dropdown-menu{display:none;position:absolute;top:100%;left:0;min-width:210px;margin:2px 0 0;padding:6px 0;list-style:none;background:#fff;border:1px solid rgba(0,0,0,.15);border-radius:6px;box-shadow:0 6px 16px rgba(0,0,0,.15)}
.dropdown-menu.show{display:block}
.dropdown-menu-end{left:auto;right:0}
.dropdown-item{display:block;padding:5px 16px;color:#212529;white-space:nowrap}
.dropdown-item:hover{background:#e9ecef;text-decoration:none}
.navbar-text{display:block;color:#6c757d;padding:8px}
#page{padding:18px 20px;max-width:1400px;margin:0 auto}
.btn{display:inline-block;font:inherit;font-size:14px;padding:6px 12px;border-radius:4px;border:1px solid transparent;cursor:pointer;line-height:1.4;text-decoration:none}
.btn:hover{text-decoration:none;filter:brightness(.95)}
.btn-primary{background:#0d6efd;color:#fff}.btn-success{background:#198754;color:#fff}.btn-danger{background:#dc3545;color:#fff}
.btn-warning{background:#ffc107;color:#212529}.btn-default{background:#fff;color:#212529;border-color:#ced4da}
.btn-xs{padding:1px 8px;font-size:12px}
.btn-outline{background:#fff;color:#0d6efd;border-color:#0d6efd}
.form-control{display:block;width:100%;padding:6px 10px;font:inherit;font-size:14px;color:#212529;background:#fff;border:1px solid #ced4da;border-radius:4px}
.form-control.inline{display:inline-block;width:auto}
.alert{padding:10px 14px;border-radius:4px;margin-bottom:14px;border:1px solid transparent}
.alert-danger{background:#f8d7da;border-color:#f5c2c7;color:#842029}
.alert-success{background:#d1e7dd;border-color:#badbcc;color:#0f5132}
.alert-warning{background:#fff3cd;border-color:#ffecb5;color:#664d03}
footer.footer{text-align:center;color:#6c757d;font-size:12px;padding:26px 0 18px}
/* login */
#page-login{max-width:420px;margin:48px auto}
.default-box{background:#fff;border:1px solid #d8dee6;border-radius:6px;box-shadow:0 2px 8px rgba(0,0,0,.06);padding:24px}
.login-icon{text-align:center;margin-bottom:18px;font-weight:700;color:#0b4f8a;font-size:20px}
.input-group{display:flex;margin-bottom:14px}
.input-group-text{display:flex;align-items:center;padding:0 10px;background:#e9ecef;border:1px solid #ced4da;border-right:0;border-radius:4px 0 0 4px;color:#6c757d}
.input-group .form-control{border-radius:0 4px 4px 0}
.btn-block{display:block;width:100%;padding:8px}
.form-check{margin:12px 0}
#login-footer{margin-top:14px;text-align:center;font-size:13px}
/* dashboard */
#dashboardList{display:grid;grid-template-columns:1fr 1.35fr 1.15fr;gap:16px;align-items:start}
.accordion-item{background:#fff;border:1px solid #d8dee6;border-radius:6px;box-shadow:0 .125rem .25rem rgba(0,0,0,.075);margin-bottom:16px;overflow:hidden}
.accordion-button{display:flex;align-items:center;width:100%;padding:11px 14px;font:inherit;font-weight:700;color:#0d6efd;background:#f7f9fc;border:0;border-bottom:1px solid #e3e8ef;text-align:left;cursor:pointer}
.accordion-button::after{content:"";margin-left:auto;width:9px;height:9px;border-right:2px solid #6c757d;border-bottom:2px solid #6c757d;transform:rotate(45deg)}
.accordion-button.collapsed::after{transform:rotate(-45deg)}
.badge{display:inline-block;min-width:20px;padding:2px 7px;margin-left:6px;font-size:11px;font-weight:700;color:#fff;background:#0d6efd;border-radius:10px;text-align:center}
.collapse{display:none}.collapse.show{display:block}
.accordion-body{padding:12px 14px}
.accordion-body ul{margin:0;padding-left:18px}.accordion-body li{margin-bottom:8px}
.noresults{text-align:center;font-style:italic;color:#6c757d;font-size:15px;margin:10px 0}
.timespan{background:#fff3cd;border-bottom:1px solid #e9d9a6;padding:3px 8px;font-style:italic;font-weight:500;margin-top:6px}
a.reservation.row{display:grid;grid-template-columns:1fr 1fr;gap:0 10px;padding:6px 8px;border-bottom:1px solid #eef0f3;color:#212529}
a.reservation.row:hover{background:#f1f5fb;text-decoration:none}
a.reservation.row .col-date{grid-column:1 / -1;font-weight:600;color:#0b4f8a}
a.reservation.row .col-ref{color:#6c757d;font-size:12px}
.availability-header{font-weight:700;margin:4px 0 6px;padding:3px 8px;background:#e7f1ff;border-radius:3px}
.availability-schedule{margin:8px 0 4px;font-size:13px;color:#495057}
.availabilityItem{display:flex;align-items:center;gap:8px;padding:4px 2px;border-bottom:1px dotted #e3e8ef;font-size:13px}
.availabilityItem .resourceName{min-width:58px;font-weight:600}
.availabilityItem .availability{flex:1}
.availabilityItem .sep{color:#adb5bd}
/* schedule */
.schedule-top{display:flex;align-items:center;justify-content:space-between;gap:12px;margin-bottom:10px;flex-wrap:wrap}
#schedule-title select{width:auto;display:inline-block;font-weight:600}
.schedule-dates{font-size:15px}
.schedule-dates a{margin:0 8px}
.schedule-legend{display:flex;gap:6px;justify-content:center;margin:8px 0 12px;flex-wrap:wrap}
.legend{padding:2px 10px;border:1px solid #c7ccd3;font-size:12px;border-radius:2px}
#reservations table.reservations{width:100%;border-collapse:collapse;table-layout:fixed;margin-bottom:14px;background:#fff}
table.reservations td{border:1px solid #c7ccd3;height:30px;font-size:12px;padding:2px 3px;overflow:hidden;white-space:nowrap;text-overflow:ellipsis}
table.reservations td.resdate{width:160px;font-weight:700;background:#dde5ef}
table.reservations tr.today td.resdate{background:#ffe69c}
table.reservations td.reslabel{background:#dde5ef;text-align:center;font-weight:600}
table.reservations td.resourcename{background:#f4f6f9;font-weight:600}
.reservable{background:#fff}.reservable.clickres:hover{background:#cfe8ff;cursor:pointer}
.reserved{background:#f4a6a6;color:#4a1010;text-align:center}
.reserved.mine{background:#9fd39f;color:#0e3d0e}
.reserved.clickres:hover{cursor:pointer;filter:brightness(.95)}
.pasttime{background:#d3d6da}
.restricted{background:#ffe7c2}
.unreservable{background:#b8bcc2}
.pending{background:#f7e36f}
/* reservation */
#reservation-box{max-width:860px;margin:0 auto}
.reservation-top{display:flex;align-items:center;justify-content:space-between;border-bottom:1px solid #e3e8ef;padding-bottom:10px;margin-bottom:14px}
.reservation-top h3,.reservationHeader h3{margin:0;font-size:20px}
.reservationButtons{display:flex;gap:6px}
.reservation-section{display:grid;grid-template-columns:130px 1fr;gap:10px 14px;align-items:center;margin-bottom:12px}
.reservation-section label,.reservation-section .label{font-weight:700}
.date-time{display:flex;gap:8px;align-items:center}
.date-time .dateinput{width:140px}.date-time .timeinput{width:140px}
.reservation-bottom{display:flex;justify-content:flex-end;gap:6px;border-top:1px solid #e3e8ef;padding-top:12px;margin-top:14px}
.modal{position:fixed;inset:0;z-index:1050;display:flex;align-items:flex-start;justify-content:center;padding-top:90px}
.modal[hidden],.modal-backdrop[hidden]{display:none}
.modal-backdrop{position:fixed;inset:0;background:rgba(0,0,0,.5);z-index:1040}
.modal-dialog{background:#fff;border-radius:6px;width:480px;box-shadow:0 12px 40px rgba(0,0,0,.35)}
.modal-header{padding:12px 16px;border-bottom:1px solid #dee2e6}.modal-title{margin:0;font-size:18px}
.modal-body{padding:16px;text-align:center}.modal-body .error{color:#b02a37;margin-top:8px}.modal-body .error div{white-space:pre-line}.modal-body .reservation-message{font-weight:600;font-size:16px}
.modal-footer{padding:10px 16px;border-top:1px solid #dee2e6;display:flex;justify-content:center;gap:8px}
.modal-footer:empty{display:none}
`;

const LOGO = `<svg width="30" height="30" viewBox="0 0 32 32" aria-hidden="true"><rect width="32" height="32" rx="6" fill="#0b4f8a"/><path d="M5 13c3 0 3-2 6-2s3 2 6 2 3-2 6-2 3 2 4 2M5 19c3 0 3-2 6-2s3 2 6 2 3-2 6-2 3 2 4 2M5 25c3 0 3-2 6-2s3 2 6 2 3-2 6-2 3 2 4 2" stroke="#fff" stroke-width="2" fill="none" stroke-linecap="round"/></svg>`;

const USER_ICON = `<svg width="14" height="14" viewBox="0 0 16 16" fill="currentColor"><circle cx="8" cy="5" r="3.2"/><path d="M1.5 15c.6-3.6 3.2-5.5 6.5-5.5s5.9 1.9 6.5 5.5z"/></svg>`;
const LOCK_ICON = `<svg width="14" height="14" viewBox="0 0 16 16" fill="currentColor"><path d="M4.5 7V5a3.5 3.5 0 0 1 7 0v2h1a1 1 0 0 1 1 1v6a1 1 0 0 1-1 1h-9a1 1 0 0 1-1-1V8a1 1 0 0 1 1-1zm1.6 0h3.8V5a1.9 1.9 0 0 0-3.8 0z"/></svg>`;

type Active = 'dashboard' | 'schedule' | 'reservation' | '';

function navbar(memberName: string | undefined, active: Active): string {
  const item = (href: string, label: string, on: boolean) => `<li class="nav-item"><a class="nav-link${on ? ' active' : ''}" href="${href}"${on ? ' aria-current="page"' : ''}>${label}</a></li>`;
  const menu = (id: string, label: string, links: [string, string][], end = false) =>
    `<li class="nav-item dropdown" id="${id}"><a class="nav-link dropdown-toggle" href="#" role="button" data-bs-toggle="dropdown" aria-expanded="false">${label}</a>
<ul class="dropdown-menu${end ? ' dropdown-menu-end' : ''}">${links.map(([href, l]) => `<li><a class="dropdown-item" href="${href}">${l}</a></li>`).join('')}</ul></li>`;
  const brand = `<a class="navbar-brand" href="${memberName ? '/Web/dashboard.php' : '/Web/index.php'}">${LOGO}<span>${APP_TITLE}</span></a>`;
  if (!memberName) {
    return `<nav class="navbar" role="navigation"><div class="container-fluid">${brand}<ul class="navbar-nav me-auto"></ul>
<ul class="navbar-nav">${item('/Web/index.php', 'Log In', false)}${item('/Web/help.php', 'Help', false)}</ul></div></nav>`;
  }
  return `<nav class="navbar" role="navigation"><div class="container-fluid">${brand}
<ul class="navbar-nav me-auto">
${item('/Web/dashboard.php', 'Dashboard', active === 'dashboard')}
${menu('navMyAccountDropdown', 'My Account', [['/Web/profile.php', 'Profile'], ['/Web/password.php', 'Change Password'], ['/Web/notification-preferences.php', 'Notification Preferences']])}
${menu('navScheduleDropdown', 'Schedule', [['/Web/schedule.php', 'Bookings'], ['/Web/calendar.php?ct=mine', 'My Calendar'], ['/Web/calendar.php', 'Resource Calendar'], ['/Web/search-availability.php', 'Find A Time'], ['/Web/search-reservations.php', 'Search Reservations']])}
</ul>
<ul class="navbar-nav">
${menu('navHelpDropdown', 'Help', [['/Web/help.php', 'Help'], ['/Web/help.php?ht=about', 'About']], true)}
<li class="nav-item"><span class="navbar-text">${esc(memberName)}</span></li>
${item('/Web/logout.php', 'Sign Out', false)}
</ul></div></nav>`;
}

export function shell(o: { title: string; memberName?: string; active?: Active; body: string; scripts?: string }): string {
  return `<!DOCTYPE html>
<html lang="en" dir="ltr"><head><title>${esc(APP_TITLE)} - ${esc(o.title)}</title><meta http-equiv="Content-Type" content="text/html; charset=utf-8"/>
<meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"/><style>${CSS}</style></head>
<body>${navbar(o.memberName, o.active ?? '')}
<div id="page">${o.body}</div>
<footer class="footer">&copy; 2026 ${APP_TITLE} &middot; Lane reservations</footer>
${CHROME_SCRIPT}${o.scripts ?? ''}
</body></html>`;
}

// ---- login ---------------------------------------------------------------------------------

export function loginPage(o: { csrf: string; resume: string; email?: string; error?: string; info?: string }): string {
  return shell({
    title: 'Log In',
    body: `<div id="page-login">
${o.error ? `<div id="loginError" class="alert alert-danger">${esc(o.error)}</div>` : ''}${o.info ? `<div class="alert alert-success">${esc(o.info)}</div>` : ''}
<form role="form" name="login" id="login" class="default-box" method="post" action="/Web/index.php">
<div class="login-icon">${LOGO}<div>${APP_TITLE}</div></div>
<div class="input-group"><span class="input-group-text" aria-hidden="true">${USER_ICON}</span><input type="text" required class="form-control" id="email" name="email" placeholder="Username or Email" value="${esc(o.email ?? '')}" autofocus/></div>
<div class="input-group"><span class="input-group-text" aria-hidden="true">${LOCK_ICON}</span><input type="password" required id="password" name="password" class="form-control" value="" placeholder="Password"/></div>
<button type="submit" class="btn btn-primary btn-block" name="login" value="submit">Log In</button>
<input type="hidden" name="resume" value="${esc(o.resume)}"/>
<div class="form-check"><input id="rememberMe" type="checkbox" name="persistLogin" value="true"/> <label for="rememberMe">Remember Me</label></div>
<input type="hidden" id="csrf_token" name="CSRF_TOKEN" value="${esc(o.csrf)}"/>
<div id="login-footer"><a href="/Web/forgot.php">I Forgot My Password</a></div>
</form></div>`,
  });
}

// ---- dashboard ---------------------------------------------------------------------------

export interface DashRow {
  ref: string;
  title: string;
  owner: string;
  date: string;
  time: string;
  lane: number;
}

export interface AvailabilityLine {
  lane: number;
  rid: number;
  /** "Available Until …" (the lane's next reservation), or undefined for none in the next 30 days. */
  until?: { date: string; time: string };
  /** "Available Beginning At …": a free period coming up. */
  from?: { date: string; time: string };
}

function widget(id: string, title: string, count: number | undefined, body: string): string {
  const cid = `${id}Contents`;
  return `<div class="accordion-item" id="${id}"><div class="accordion-header dashboardHeader">
<button class="accordion-button" type="button" data-bs-toggle="collapse" data-bs-target="#${cid}" aria-expanded="true" aria-controls="${cid}">${esc(title)}${count === undefined ? '' : `<span class="badge">${count}</span>`}</button></div>
<div id="${cid}" class="accordion-collapse collapse show"><div class="accordion-body">${body}</div></div></div>`;
}

function reservationRow(r: DashRow): string {
  const end = slotEnd(r.date, r.time);
  return `<a class="reservation row" id="${esc(r.ref)}" href="/Web/reservation.php?rn=${esc(r.ref)}">
<div class="col-title">${esc(r.title)}</div><div class="col-user">${esc(r.owner)}</div>
<div class="col-date">${esc(dashboardDate(r.date, r.time))} - ${esc(time12(end.time))}</div>
<div class="col-resource">Lane ${r.lane}</div><div class="col-ref">${esc(r.ref)}</div></a>`;
}

function availabilityItem(a: AvailabilityLine): string {
  const text = a.until
    ? `Available Until ${dayHeader(a.until.date)} ${a.until.time}`
    : a.from
      ? `Available Beginning At ${dayHeader(a.from.date)} ${a.from.time}`
      : undefined;
  const href = `/Web/reservation.php?rid=${a.rid}${a.from ? `&sd=${encodeURIComponent(stamp(a.from.date, a.from.time))}&ed=${encodeURIComponent(stamp(slotEnd(a.from.date, a.from.time).date, slotEnd(a.from.date, a.from.time).time))}` : ''}`;
  return `<div class="availabilityItem"><div class="resourceName"><a href="/Web/reservation.php?rid=${a.rid}" resource-id="${a.rid}" class="resourceNameSelector">Lane ${a.lane}</a></div>
<div class="availability">${text ? esc(text) : '<span class="no-data">There are no upcoming reservations in next 30 days</span>'}</div><span class="sep">|</span>
<div class="reserveButton"><a class="btn btn-xs btn-outline" href="${esc(href)}">Reserve</a></div></div>`;
}

export function dashboardPage(o: {
  memberName: string;
  announcements: string[];
  groups: { label: string; rows: DashRow[] }[];
  availableNow: AvailabilityLine[];
  availableSoon: AvailabilityLine[];
}): string {
  const total = o.groups.reduce((n, g) => n + g.rows.length, 0);
  const upcoming = total
    ? `<div>${o.groups.map((g) => `<div class="timespan">${esc(g.label)} (${g.rows.length})</div>${g.rows.map(reservationRow).join('')}`).join('\n')}</div>`
    : '<p class="noresults">There are no upcoming reservations</p>';
  const announcements = `<ul>${o.announcements.map((a) => `<li>${esc(a)}</li>`).join('')}</ul>`;
  const sauna = `<p class="noresults">There are no upcoming reservations in next 30 days</p>`;
  const availability = `<div class="availability-header">Available Now</div><div class="availability-schedule">${SCHEDULE_NAME}</div>
${o.availableNow.map(availabilityItem).join('\n') || '<div class="no-data">None</div>'}
<div class="availability-header" style="margin-top:12px">Available Soon</div><div class="availability-schedule">${SCHEDULE_NAME}</div>
${o.availableSoon.map(availabilityItem).join('\n') || '<div class="no-data">None</div>'}`;
  return shell({
    title: 'Dashboard',
    memberName: o.memberName,
    active: 'dashboard',
    body: `<div id="page-dashboard"><div id="dashboardList">
<div class="dashboard-col">${widget('announcementsDashboard', 'Announcements', o.announcements.length, announcements)}
${widget('groupUpcomingReservationsDashboard', 'Sauna & Spa Reservations', 0, sauna)}</div>
<div class="dashboard-col">${widget('upcomingReservationsDashboard', 'Upcoming Reservations', total, upcoming)}</div>
<div class="dashboard-col">${widget('availabilityDashboard', 'Resource Availability', undefined, availability)}</div>
</div></div>`,
  });
}

// ---- schedule ----------------------------------------------------------------------------

export type CellKind = 'reservable' | 'reserved' | 'mine' | 'pasttime' | 'restricted';

export interface ScheduleDay {
  date: string;
  isToday: boolean;
  rows: { lane: number; rid: number; cells: { time: string; kind: CellKind; label?: string; ref?: string }[] }[];
}

function slotCell(date: string, rid: number, c: { time: string; kind: CellKind; label?: string; ref?: string }): string {
  const end = slotEnd(date, c.time);
  const data = `data-start="${stamp(date, c.time)}" data-end="${stamp(end.date, end.time)}" data-resourceid="${rid}"`;
  const ref = `${date.replaceAll('-', '')}${c.time.replace(':', '')}00${rid}`;
  switch (c.kind) {
    case 'reservable':
      return `<td class="reservable clickres slot" ref="${ref}" ${data}>&nbsp;</td>`;
    case 'reserved':
      return `<td class="reserved clickres slot" resid="${esc(c.ref ?? '')}" id="${esc(c.ref ?? '')}|${date.replaceAll('-', '')}" ${data}>${esc(c.label ?? '')}</td>`;
    case 'mine':
      return `<td class="reserved mine clickres slot" resid="${esc(c.ref ?? '')}" id="${esc(c.ref ?? '')}|${date.replaceAll('-', '')}" ${data}>${esc(c.label ?? '')}</td>`;
    case 'pasttime':
      return `<td class="pasttime slot" ref="${ref}" ${data}>&nbsp;</td>`;
    case 'restricted':
      return `<td class="restricted slot" ref="${ref}" ${data}>&nbsp;</td>`;
  }
}

export function schedulePage(o: { memberName: string; start: string; last: string; prev: string; next: string; slots: string[]; days: ScheduleDay[]; notice?: string }): string {
  const dateNav = `<div class="schedule-dates"><a href="/Web/schedule.php?sd=${o.prev}" class="change-date">&laquo; Previous week</a>
${usDate(o.start)} - ${usDate(o.last)}
<a href="/Web/schedule.php?sd=${o.next}" class="change-date">Next week &raquo;</a></div>`;
  const tables = o.days
    .map(
      (d) => `<table class="reservations">
<thead><tr${d.isToday ? ' class="today"' : ''}><td class="resdate">${esc(dayHeader(d.date))}</td>${o.slots.map((t) => `<td class="reslabel">${time12(t)}</td>`).join('')}</tr></thead>
<tbody>${d.rows
        .map(
          (r) => `<tr class="slots"><td class="resourcename"><a href="/Web/reservation.php?rid=${r.rid}&amp;rd=${d.date}" resourceId="${r.rid}" data-resourceid="${r.rid}" class="resourceNameSelector">Lane ${r.lane}</a></td>${r.cells.map((c) => slotCell(d.date, r.rid, c)).join('')}</tr>`,
        )
        .join('\n')}</tbody></table>`,
    )
    .join('\n');
  return shell({
    title: 'Schedule',
    memberName: o.memberName,
    active: 'schedule',
    body: `<div id="page-schedule">
<div class="schedule-top"><div id="schedule-title" class="schedule_title"><select id="schedules" class="form-control"><option value="1" selected="selected">${SCHEDULE_NAME}</option></select></div>
${dateNav}</div>
${o.notice ?? ''}
<div class="schedule-legend"><div class="legend reservable">Open</div><div class="legend unreservable">Blocked</div><div class="legend reserved">Reserved</div><div class="legend reserved mine">My Reservation</div><div class="legend pending">Pending</div><div class="legend pasttime">Past</div><div class="legend restricted">Restricted</div></div>
<div id="reservations">
${tables}
</div>
<div class="schedule-top">${dateNav}</div>
</div>`,
    scripts: SCHEDULE_SCRIPT,
  });
}

// ---- reservation ---------------------------------------------------------------------------

const MODAL = `<div class="modal" id="reservation-modal" role="dialog" aria-modal="true" aria-labelledby="reservation-modal-title" hidden>
<div class="modal-dialog"><div class="modal-content"><div class="modal-header"><h4 class="modal-title" id="reservation-modal-title"></h4></div>
<div class="modal-body" id="reservation-modal-body"></div><div class="modal-footer" id="reservation-modal-footer"></div></div></div></div>
<div class="modal-backdrop" id="modal-backdrop" hidden></div>`;

function periodOptions(slots: string[], selected: string, end: boolean): string {
  return slots
    .map((t) => {
      const v = end ? slotEnd('2000-01-01', t).time : t;
      return `<option value="${v}:00"${v === selected ? ' selected="selected"' : ''}>${time12(v)}</option>`;
    })
    .join('');
}

export function newReservationPage(o: {
  memberName: string;
  csrf: string;
  rid: number;
  lane: number;
  begin: { date: string; time: string };
  end: { date: string; time: string };
  slots: string[];
  returnUrl: string;
  notice?: string;
}): string {
  const buttons = `<button type="button" class="btn btn-default cancel" data-return="${esc(o.returnUrl)}">Cancel</button>
<button type="button" class="btn btn-success save create"><span aria-hidden="true">&#10004;</span> Create</button>`;
  return shell({
    title: 'New Reservation',
    memberName: o.memberName,
    active: 'reservation',
    body: `<div id="page-reservation"><div id="reservation-box" class="default-box">
<form id="form-reservation" method="post" enctype="application/x-www-form-urlencoded">
<div class="reservation-top"><div class="reservationHeader"><h3>New Reservation</h3></div><div class="reservationButtons">${buttons}</div></div>
${o.notice ?? ''}
<div class="reservation-section"><span class="label">User</span><div id="userName">${esc(o.memberName)}</div></div>
<div class="reservation-section"><span class="label">Resources</span><div id="resourceNames"><a href="#" class="resourceDetails" data-resourceid="${o.rid}">Lane ${o.lane}</a>
<input type="hidden" id="primaryResourceId" name="resourceId" value="${o.rid}"/><input type="hidden" id="scheduleId" name="scheduleId" value="1"/></div></div>
<div class="reservation-section"><label for="BeginDate" class="reservationDate">Begin</label><div class="date-time">
<input type="text" id="BeginDate" class="form-control dateinput" value="${usDate(o.begin.date)}"/><input type="hidden" id="formattedBeginDate" name="beginDate" value="${o.begin.date}"/>
<select id="BeginPeriod" name="beginPeriod" class="form-control timeinput" title="Begin time">${periodOptions(o.slots, o.begin.time, false)}</select></div></div>
<div class="reservation-section"><label for="EndDate" class="reservationDate">End</label><div class="date-time">
<input type="text" id="EndDate" class="form-control dateinput" value="${usDate(o.end.date)}"/><input type="hidden" id="formattedEndDate" name="endDate" value="${o.end.date}"/>
<select id="EndPeriod" name="endPeriod" class="form-control timeinput" title="End time">${periodOptions(o.slots, o.end.time, true)}</select></div></div>
<div class="reservation-section"><span class="label">Reservation Length</span><div id="durationHours">1 hours</div></div>
<div class="reservation-section"><label for="reservationTitle">Title of reservation</label><input type="text" id="reservationTitle" name="reservationTitle" class="form-control" maxlength="300"/></div>
<div class="reservation-section"><label for="description">Description of reservation</label><textarea id="description" name="reservationDescription" class="form-control" rows="2"></textarea></div>
<input type="hidden" id="csrf_token" name="CSRF_TOKEN" value="${esc(o.csrf)}"/>
<div class="reservation-bottom">${buttons}</div>
</form></div></div>${MODAL}`,
    scripts: RESERVATION_SCRIPT,
  });
}

export function existingReservationPage(o: {
  memberName: string;
  csrf: string;
  mine: boolean;
  row: DashRow;
  returnUrl: string;
}): string {
  const r = o.row;
  const end = slotEnd(r.date, r.time);
  const buttons = `<button type="button" class="btn btn-default cancel" data-return="${esc(o.returnUrl)}">Cancel</button>${o.mine ? `
<button type="button" class="btn btn-danger delete"><span aria-hidden="true">&#10006;</span> Delete</button>` : ''}`;
  return shell({
    title: o.mine ? 'Update Reservation' : 'View Reservation',
    memberName: o.memberName,
    active: 'reservation',
    body: `<div id="page-reservation"><div id="reservation-box" class="default-box">
<form id="form-reservation" method="post">
<div class="reservation-top"><div class="reservationHeader"><h3>${o.mine ? 'Editing' : 'Viewing'} Reservation ${esc(r.ref)}</h3></div><div class="reservationButtons">${buttons}</div></div>
<div class="reservation-section"><span class="label">User</span><div>${esc(r.owner)}</div></div>
<div class="reservation-section"><span class="label">Resources</span><div>Lane ${r.lane}</div></div>
<div class="reservation-section"><span class="label">Begin</span><div>${usDate(r.date)} ${time12(r.time)}</div></div>
<div class="reservation-section"><span class="label">End</span><div>${usDate(end.date)} ${time12(end.time)}</div></div>
<div class="reservation-section"><span class="label">Title of reservation</span><div>${esc(r.title)}</div></div>
<div class="reservation-section"><span class="label">Reference Number</span><div id="referenceNumber">${esc(r.ref)}</div></div>
<input type="hidden" name="referenceNumber" value="${esc(r.ref)}"/><input type="hidden" id="csrf_token" name="CSRF_TOKEN" value="${esc(o.csrf)}"/>
<div class="reservation-bottom">${buttons}</div>
</form></div></div>${MODAL}`,
    scripts: EDIT_SCRIPT,
  });
}

export function messagePage(o: { memberName?: string; title: string; message: string }): string {
  return shell({
    title: o.title,
    memberName: o.memberName,
    body: `<div class="default-box" style="max-width:640px;margin:30px auto"><h3 style="margin-top:0">${esc(o.title)}</h3><div class="alert alert-warning">${esc(o.message)}</div>
<a href="${o.memberName ? '/Web/dashboard.php' : '/Web/index.php'}">Return to the last page that you were on</a></div>`,
  });
}
