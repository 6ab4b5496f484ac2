// The in-page recorder of teach mode: runs in every page before its scripts and describes each element the
// user acts on to the recording binding — any element, role or not (a cell with a delegated handler, a
// FullCalendar event), with where it sits in a grid, how many look-alikes it has and the containers that tell
// it apart — and reports whether a click changed anything. It also carries the "Was that the booking?" overlay
// Lanebot shows in the recording window. It never reads a password field's value.
import { DOM_HELPERS } from './page-dom';

/** The name of the binding the recorder reports through. */
export const BINDING = '__lanebotRecord';

/** The overlay's host element (an open shadow root, so the site's styles and scripts leave it alone). */
export const OVERLAY_TAG = 'lanebot-overlay';

/** How long after a click the page is watched for a change (a request, a navigation, the DOM). */
export const EFFECT_WINDOW_MS = 800;

/** Runs in every page before its scripts: describes the element a user acted on. Never reads a password field. */
export const RECORDER_SCRIPT = String.raw`(() => {
  if (window.__lanebotRecorder) return;
  Object.defineProperty(window, '__lanebotRecorder', { value: true });
  ${DOM_HELPERS}
  var host = null;
  function ours(e) { return !!host && (e.target === host || (e.composedPath && e.composedPath().indexOf(host) >= 0)); }
  /** For an element with no name, id or label of its own: a CSS path from the nearest ancestor with an id, if it is unique. */
  function cssPath(el) {
    if (el.id || name(el) || el.getAttribute('name') || el.getAttribute('data-testid')) return undefined;
    var sel = el.tagName.toLowerCase(), t = typeOf(el);
    if (t) sel += '[type="' + t + '"]';
    if (el.readOnly) sel += '[readonly]';
    for (var p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      if (p.id && /^[A-Za-z][\w-]*$/.test(p.id)) {
        var full = '#' + p.id + ' ' + sel;
        try { return document.querySelectorAll(full).length === 1 ? full : undefined; } catch (e) { return undefined; }
      }
    }
    return undefined;
  }
  function describe(el) {
    var type = typeOf(el);
    return {
      path: cssPath(el),
      tag: el.tagName.toLowerCase(), type: type || undefined, role: role(el) || undefined, name: name(el) || undefined,
      label: labelText(el) || undefined, text: isField(el) ? undefined : (norm(visibleText(el)).slice(0, 200) || undefined),
      id: el.id || undefined, nameAttr: el.getAttribute('name') || undefined,
      valueAttr: type === 'radio' || type === 'checkbox' ? el.getAttribute('value') || undefined : undefined,
      placeholder: el.getAttribute('placeholder') || undefined, testId: el.getAttribute('data-testid') || undefined,
      ariaLabel: el.getAttribute('aria-label') || undefined,
    };
  }
  /** Visible elements that look the same as el (same role and name; same tag and text when it has no role). */
  function lookalikes(el, within) {
    var r = role(el), n = name(el), t = r ? '' : textOf(el);
    var sel = r ? el.tagName.toLowerCase() + ',[role="' + r + '"]' : el.tagName.toLowerCase();
    var all = (within || document).querySelectorAll(sel);
    var out = [];
    for (var i = 0; i < all.length; i++) {
      var x = all[i];
      if (x !== el && !isVisible(x)) continue;
      if (r ? (role(x) === r && name(x) === n) : (!role(x) && textOf(x) === t)) out.push(x);
    }
    return out;
  }
  /** How many look alike, whether they are all the same control, and the containers in which el is alone. */
  function distinctness(el) {
    var same = lookalikes(el);
    var out = { count: same.length, equivalent: same.every(function (x) { return equivalent(el, x); }) };
    if (same.length > 1 && !out.equivalent) {
      var scopes = [];
      for (var p = el.parentElement, depth = 0; p && p !== document.body && depth < 10 && scopes.length < 3; p = p.parentElement, depth++) {
        if (lookalikes(el, p).length !== 1) continue;
        var texts = leafTexts(p, el);
        if (texts.length) scopes.push({ texts: texts });
      }
      out.scopes = scopes;
    }
    return out;
  }
  var seq = 0;
  function send(ev) {
    try { window.${BINDING}(Object.assign({ seq: seq++, url: location.href, t: Date.now() }, ev)); } catch (e) {}
  }
  // A new top-level document without a referrer was typed in (or opened from a bookmark): a navigate step.
  if (window.top === window) send({ kind: 'load', referrer: document.referrer || '' });
  var recorded = new WeakMap();
  var dirty = new WeakSet();
  function flushFill(el) {
    if (!isField(el)) return;
    if (isSecret(el)) {
      if (!dirty.has(el)) return;
      dirty.delete(el);
      send({ kind: 'fill', el: describe(el), secret: true, page: pageSig() });
      return;
    }
    if (recorded.get(el) === el.value) return;
    recorded.set(el, el.value);
    send({ kind: 'fill', el: describe(el), value: String(el.value).slice(0, 500), page: pageSig() });
  }
  document.addEventListener('input', function (e) { if (!ours(e) && isField(e.target)) dirty.add(e.target); }, true);
  document.addEventListener('change', function (e) {
    if (ours(e)) return;
    var el = e.target;
    if (!el || !el.tagName) return;
    var type = typeOf(el);
    if (el.tagName === 'INPUT' && (type === 'radio' || type === 'checkbox')) {
      if (type === 'radio' && !el.checked) return;
      send({ kind: 'check', el: describe(el), checked: !!el.checked, page: pageSig() });
    } else if (el.tagName === 'SELECT') {
      var o = el.selectedOptions && el.selectedOptions[0];
      send({ kind: 'select', el: describe(el), value: o ? norm(o.label || o.textContent) : String(el.value), page: pageSig() });
    } else {
      flushFill(el);
    }
  }, true);
  document.addEventListener('keydown', function (e) {
    if (ours(e) || e.key !== 'Enter' || !isField(e.target) || e.target.tagName === 'TEXTAREA') return;
    flushFill(e.target);
    send({ kind: 'press', el: describe(e.target), key: 'Enter', page: pageSig() });
  }, true);
  // When the page changed (the overlay left out) and when a pointer went down: a click's effect may begin at its
  // mousedown or focus (a date picker opens there), before the click event itself, and ends where the next one begins.
  var changes = [], downs = [], downTarget = null;
  function stamp(list, t) { list.push(t); if (list.length > 300) list.shift(); }
  new MutationObserver(function (list) {
    for (var i = 0; i < list.length; i++) {
      var m = list[i];
      if (host && (m.target === host || Array.prototype.indexOf.call(m.addedNodes, host) >= 0 || Array.prototype.indexOf.call(m.removedNodes, host) >= 0)) continue;
      if (m.type === 'attributes' && /^data-lanebot-pick/.test(m.attributeName || '')) continue;
      stamp(changes, Date.now());
      return;
    }
  }).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  // Clicks still being watched: the next press ends their window (what follows it is the next click's doing).
  var pending = [];
  function settle(w, until, gone) {
    var i = pending.indexOf(w);
    if (i < 0) return;
    pending.splice(i, 1);
    clearTimeout(w.timer);
    var changed = gone || changes.some(function (c) { return c >= w.from && c < until; });
    send({ kind: 'effect', of: w.of, changed: changed });
  }
  function down(e) {
    if (ours(e)) return;
    var now = Date.now();
    pending.slice().forEach(function (w) { settle(w, now, false); });
    stamp(downs, now);
    downTarget = e.target;
  }
  document.addEventListener('pointerdown', down, true);
  document.addEventListener('mousedown', down, true);
  window.addEventListener('pagehide', function () { pending.slice().forEach(function (w) { settle(w, Infinity, true); }); });
  function lastDown() { return downs.length ? downs[downs.length - 1] : 0; }
  /** Watches the page for a moment after a click: did anything change (or the page go) before the next press? */
  function watchEffect(of) {
    var now = Date.now();
    var w = { of: of, from: lastDown() && now - lastDown() < 1500 ? lastDown() : now };
    w.timer = setTimeout(function () { settle(w, Infinity, false); }, ${EFFECT_WINDOW_MS});
    pending.push(w);
  }
  document.addEventListener('click', function (e) {
    if (ours(e)) return;
    var raw = e.target && e.target.nodeType === 1 ? e.target : e.target && e.target.parentElement;
    // A widget that moves things under the pointer between mousedown and mouseup (a date picker opening) makes
    // the browser send the click to a common ancestor: the element pressed is the one the user meant.
    if ((raw === document.body || raw === document.documentElement) && downTarget && downTarget.nodeType === 1 && Date.now() - lastDown() < 1500 && document.contains(downTarget)) raw = downTarget;
    if (!raw || !raw.closest) return;
    var el = meaningful(raw) || raw;
    if (el === document.body || el === document.documentElement) return;
    // Choosing a radio, a checkbox or typing into a field is recorded by its change, not its click; a read-only
    // field (a date picker's) only opens something, so its click is kept.
    if (el.tagName === 'LABEL' || el.tagName === 'SELECT' || el.tagName === 'OPTION' || (el.tagName === 'TEXTAREA' && !el.readOnly)) return;
    if (el.tagName === 'INPUT' && ((isField(el) && !el.readOnly) || ['radio', 'checkbox'].indexOf(typeOf(el)) >= 0)) return;
    if (document.activeElement && document.activeElement !== el) flushFill(document.activeElement);
    var ev = { kind: 'click', el: describe(el), page: pageSig(), distinct: distinctness(el) };
    var g = gridOf(el);
    if (g) ev.grid = g;
    var mine = seq;
    send(ev);
    watchEffect(mine);
  }, true);

  // ---- the overlay: "Was that the booking?" -------------------------------------------------------
  function ask(q) {
    hideAsk();
    host = document.createElement('${OVERLAY_TAG}');
    host.style.cssText = 'position:fixed;right:16px;bottom:16px;z-index:2147483647;';
    var root = host.attachShadow({ mode: 'open' });
    var box = document.createElement('div');
    box.setAttribute('role', 'dialog');
    box.setAttribute('aria-label', 'Lanebot');
    box.style.cssText = 'font:14px/1.4 system-ui,sans-serif;background:#fff;color:#111;border:2px solid #2563eb;border-radius:10px;padding:12px 14px;box-shadow:0 8px 30px rgba(0,0,0,.25);max-width:340px;';
    var p = document.createElement('p');
    p.style.margin = '0 0 10px';
    p.textContent = q.text;
    box.appendChild(p);
    [['Yes', 'yes'], ['Not yet', 'no']].forEach(function (b) {
      var btn = document.createElement('button');
      btn.type = 'button';
      btn.textContent = b[0];
      btn.style.cssText = 'margin-right:8px;padding:5px 12px;font:inherit;cursor:pointer;';
      btn.addEventListener('click', function (e) { e.stopPropagation(); send({ kind: 'answer', answer: b[1], ask: q.id }); hideAsk(); });
      box.appendChild(btn);
    });
    root.appendChild(box);
    document.documentElement.appendChild(host);
  }
  function hideAsk() { if (host) { host.remove(); host = null; } }
  if (window.top === window) {
    Object.defineProperty(window, '__lanebotAsk', { value: ask });
    Object.defineProperty(window, '__lanebotHideAsk', { value: hideAsk });
  }
})();`;
