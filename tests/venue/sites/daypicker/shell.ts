// The one HTML document the "daypicker" site serves for every /app/* page: an empty root, the club's
// stylesheet, react-day-picker's stylesheet and the bundle. Nothing a member reads is in it.

const CSS = `
:root{--navy:#0f2a44;--teal:#0e8a7e;--teal-dark:#0a6b62;--ink:#1c2733;--muted:#62717f;--line:#e2e8ee;--bg:#f5f7fa;--rdp-accent-color:#0e8a7e;--rdp-accent-background-color:#e3f4f2}
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 "Inter",system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:var(--bg)}
a{color:var(--teal-dark)}
button{font:inherit;cursor:pointer}
.topbar{display:flex;align-items:center;gap:28px;padding:0 28px;height:60px;background:var(--navy);color:#fff}
.brand{display:flex;align-items:center;gap:10px;color:#fff;text-decoration:none;font-weight:700;font-size:17px;letter-spacing:.01em}
.brand-mark{display:inline-grid;place-items:center;width:30px;height:30px;border-radius:8px;background:var(--teal);color:#fff;font-weight:800}
.brand-mark.big{width:44px;height:44px;font-size:22px;border-radius:12px;margin:0 auto 12px}
.nav{display:flex;gap:4px}
.nav-link{color:#cfe0ee;text-decoration:none;padding:8px 14px;border-radius:8px;font-weight:500}
.nav-link:hover{background:rgba(255,255,255,.08);color:#fff}
.nav-link.active{background:rgba(255,255,255,.14);color:#fff}
.account{margin-left:auto;display:flex;align-items:center;gap:10px;font-size:14px}
.avatar{display:inline-grid;place-items:center;width:30px;height:30px;border-radius:50%;background:#2d4a66;font-size:12px;font-weight:700}
.link-button{background:none;border:0;color:#cfe0ee;padding:6px 8px;border-radius:6px}
.link-button:hover{color:#fff;background:rgba(255,255,255,.08)}
.page{max-width:1180px;margin:0 auto;padding:28px}
h1{font-size:26px;margin:0 0 4px}
h2{font-size:17px;margin:0 0 12px}
.muted{color:var(--muted)}.small{font-size:13px}
.loading{font-style:italic}
.card{background:#fff;border:1px solid var(--line);border-radius:14px;padding:20px;box-shadow:0 1px 2px rgba(16,24,40,.05)}
.book-layout{display:grid;grid-template-columns:340px 1fr;gap:24px;margin-top:18px;align-items:start}
.calendar-card .rdp-root{--rdp-day-height:40px;--rdp-day-width:40px;--rdp-day_button-height:38px;--rdp-day_button-width:38px}
.sessions h2{font-size:19px}
.notice{background:#fff8e6;border:1px solid #f3dca0;color:#7a5a00;border-radius:10px;padding:10px 14px;margin-bottom:14px}
.session-grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(200px,1fr));gap:12px}
.session-card{background:#fff;border:1px solid var(--line);border-radius:12px;padding:12px 14px;display:flex;flex-direction:column;gap:2px}
.session-title{font-weight:600}
.session-time{color:var(--muted);font-size:14px}
.session-foot{display:flex;align-items:center;justify-content:space-between;margin-top:8px}
.session-spaces{font-size:13px;color:var(--teal-dark);font-weight:600}
.status-full .session-spaces,.status-started .session-spaces{color:#a0aab4}
.status-booked{border-color:var(--teal);background:#f0faf8}
button.book{background:var(--teal);color:#fff;border:0;border-radius:8px;padding:6px 16px;font-weight:600}
button.book:hover{background:var(--teal-dark)}
button.book:disabled{background:#e6ebf0;color:#a0aab4;cursor:not-allowed}
.primary{background:var(--teal);color:#fff;border:0;border-radius:10px;padding:10px 18px;font-weight:600}
.primary:hover{background:var(--teal-dark)}.primary:disabled{opacity:.6}
.ghost{background:#fff;color:var(--ink);border:1px solid #cfd8e1;border-radius:10px;padding:8px 14px}
.ghost:hover{background:#f2f5f8}.ghost:disabled{color:#a0aab4;cursor:not-allowed}
.danger{background:#c8372d;color:#fff;border:0;border-radius:10px;padding:10px 18px;font-weight:600}
.wide{width:100%}
.icon-button{background:none;border:0;font-size:20px;line-height:1;color:var(--muted);padding:2px 6px;border-radius:6px}
.panel-backdrop{position:fixed;inset:0;background:rgba(15,42,68,.35);z-index:40}
.side-panel{position:fixed;top:0;right:0;bottom:0;width:380px;background:#fff;z-index:50;padding:24px;box-shadow:-12px 0 40px rgba(15,42,68,.25);display:flex;flex-direction:column;gap:14px}
.panel-head{display:flex;align-items:center;justify-content:space-between}
.panel-head h2{margin:0;font-size:20px}
.summary{display:grid;grid-template-columns:90px 1fr;gap:8px 12px;margin:0;padding:14px;background:var(--bg);border-radius:10px}
.summary dt{color:var(--muted)}.summary dd{margin:0;font-weight:600}
.panel-actions{display:flex;flex-direction:column;gap:8px;margin-top:auto}
.panel-actions.row{flex-direction:row;justify-content:flex-end;margin-top:18px}
.modal{position:fixed;top:22%;left:50%;transform:translateX(-50%);background:#fff;border-radius:14px;padding:24px;width:420px;z-index:50;box-shadow:0 20px 50px rgba(15,42,68,.3)}
.toast-region{position:fixed;bottom:24px;left:50%;transform:translateX(-50%);display:flex;flex-direction:column;gap:8px;z-index:60}
.toast{display:flex;align-items:center;gap:14px;min-width:320px;padding:12px 14px 12px 18px;border-radius:12px;color:#fff;box-shadow:0 10px 30px rgba(0,0,0,.25);font-weight:500}
.toast-success{background:#123b35}.toast-error{background:#7d1f1a}
.toast .icon-button{color:#fff;margin-left:auto}
.auth{min-height:100vh;display:grid;place-items:center;background:linear-gradient(160deg,#0f2a44 0%,#14506b 60%,#0e8a7e 100%)}
.auth-card{width:380px;background:#fff;border-radius:16px;padding:32px;text-align:center;box-shadow:0 20px 60px rgba(0,0,0,.3)}
.auth-card form{text-align:left;display:flex;flex-direction:column;gap:6px;margin-top:18px}
.auth-card label{font-weight:600;font-size:14px;margin-top:8px}
.auth-card input{font:inherit;padding:10px 12px;border:1px solid #cfd8e1;border-radius:10px}
.auth-card input:focus{outline:2px solid var(--teal);border-color:var(--teal)}
.auth-card .primary{margin-top:16px}
.form-error{background:#fdecea;color:#8a1c14;border-radius:10px;padding:10px 12px;margin-top:12px;text-align:left}
.form-info{background:#e8f4fd;color:#0f4c75;border-radius:10px;padding:10px 12px;margin-top:12px;text-align:left}
.schedule-layout{display:grid;grid-template-columns:1fr 360px;gap:24px;margin-top:18px;align-items:start}
.booking-list{list-style:none;margin:0;padding:0}
.booking-row{display:flex;align-items:center;justify-content:space-between;gap:12px;padding:12px 0;border-bottom:1px solid var(--line);font-weight:500}
.pager{display:flex;align-items:center;justify-content:space-between;margin-top:14px}
.offer-list{list-style:none;margin:0;padding:0;font-size:14px}
.offer-list li{padding:10px 0;border-bottom:1px solid var(--line)}
`;

export function shellPage(): string {
  return `<!doctype html>
<html lang="en-US"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Harbour Sports Club</title><link rel="stylesheet" href="/app/assets/day-picker.css"><style>${CSS}</style></head>
<body><noscript>You need to enable JavaScript to run this app.</noscript><div id="root"></div>
<script src="/app/assets/app.js" defer></script></body></html>`;
}
