// Browser scripts of the MRBS site, as MRBS ships them: flatpickr turns every date input into a US-format
// text field, the login form is built by script some time after the page has loaded, the end-time list
// follows the start time, and "my entries" arrive as DataTables-style JSON after the page has loaded.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** flatpickr 4.6.13 (MIT), the datepicker MRBS bundles; served from node_modules so nothing leaves 127.0.0.1. */
export const FLATPICKR_JS = readFileSync(require.resolve('flatpickr/dist/flatpickr.min.js'), 'utf8');
export const FLATPICKR_CSS = readFileSync(require.resolve('flatpickr/dist/flatpickr.min.css'), 'utf8');

/** Every `<input type=date>` becomes flatpickr's read-only text field showing n/j/Y ("12/8/2026"); the
 * original input turns hidden and keeps yyyy-mm-dd for the server. */
export const DATEPICKER_JS = `document.body.classList.add('js');document.body.classList.remove('non_js');
document.querySelectorAll('input[type=date]').forEach(function (el) {
  var formId = el.getAttribute('data-submit');
  flatpickr(el, {
    altInput: true, altFormat: 'n/j/Y', dateFormat: 'Y-m-d', locale: { firstDayOfWeek: 0 },
    onChange: function (sel, str, inst) {
      if (formId) document.getElementById(formId).submit();
      if (el.id === 'start_date') { var end = document.getElementById('end_date'); if (end && end._flatpickr) end._flatpickr.setDate(str, false); }
    }
  });
});
document.querySelectorAll('nav.js_hidden, .js_hidden').forEach(function (el) { el.classList.remove('js_hidden'); });`;

/** The login form is not in the page: a script writes it in, 500–900 ms after the load event. */
export function lateLoginJs(formHtml: string): string {
  return `window.addEventListener('load', function () {
  setTimeout(function () {
    var box = document.getElementById('logon_container');
    box.innerHTML = ${JSON.stringify(formHtml).replace(/<\//g, '<\\/')};
    var u = document.getElementById('username'); if (u) u.focus();
  }, 500 + Math.floor(Math.random() * 401));
});`;
}

/** Keeps the booking's length when the start changes, and labels each end time with the length it gives. */
export const EDIT_ENTRY_JS = `(function () {
  var start = document.getElementById('start_seconds'), end = document.getElementById('end_seconds');
  if (!start || !end) return;
  function dur(s) { if (s % 3600 === 0 || s > 3600) { var h = s / 3600; return (Math.round(h * 10) / 10) + (h === 1 ? ' hour' : ' hours'); } var m = Math.round(s / 60); return m + (m === 1 ? ' minute' : ' minutes'); }
  function hm(s) { var h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60); return (h < 10 ? '0' : '') + h + ':' + (m < 10 ? '0' : '') + m; }
  var length = Number(end.value) - Number(start.value);
  function relabel() {
    var s = Number(start.value);
    Array.prototype.forEach.call(end.options, function (o) {
      var e = Number(o.value);
      o.hidden = e <= s; o.disabled = e <= s;
      o.textContent = hm(e) + (e > s ? ' (' + dur(e - s) + ')' : '');
    });
  }
  start.addEventListener('change', function () {
    var want = Number(start.value) + (length > 0 ? length : 3600);
    var ok = Array.prototype.some.call(end.options, function (o) { return Number(o.value) === want; });
    if (ok) end.value = String(want);
    relabel();
  });
  end.addEventListener('change', function () { length = Number(end.value) - Number(start.value); });
  relabel();
})();`;

/** "My upcoming entries": the table arrives empty; its rows come from ajax/my_entries.php after load. */
export const REPORT_JS = `window.addEventListener('load', function () {
  var table = document.getElementById('report_table'), body = table.tBodies[0], info = document.getElementById('report_table_info');
  var proc = document.getElementById('report_table_processing');
  proc.style.display = 'block';
  fetch('ajax/my_entries.php', { credentials: 'same-origin', headers: { 'X-Requested-With': 'XMLHttpRequest' } })
    .then(function (r) { return r.json(); })
    .then(function (data) {
      var rows = data.aaData || [];
      proc.style.display = 'none';
      if (!rows.length) {
        body.innerHTML = '<tr class="odd"><td valign="top" colspan="3" class="dataTables_empty">No entries found.</td></tr>';
        info.textContent = 'Showing 0 to 0 of 0 entries';
        return;
      }
      body.innerHTML = rows.map(function (r, i) {
        return '<tr class="' + (i % 2 ? 'even' : 'odd') + '">' + r.map(function (c) { return '<td>' + c + '</td>'; }).join('') + '</tr>';
      }).join('');
      info.textContent = 'Showing 1 to ' + rows.length + ' of ' + rows.length + ' entries';
    })
    .catch(function () { proc.style.display = 'none'; });
});`;
