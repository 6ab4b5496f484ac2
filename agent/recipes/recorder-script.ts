// The in-page recorder of teach mode: runs in every page before its scripts and describes each element the
// user acts on to the recording binding. It never reads a password field's value.

/** The name of the binding the recorder reports through. */
export const BINDING = '__lanebotRecord';

/** Runs in every page before its scripts: describes the element a user acted on. Never reads a password field. */
export const RECORDER_SCRIPT = `(() => {
  if (window.__lanebotRecorder) return;
  Object.defineProperty(window, '__lanebotRecorder', { value: true });
  const MAX = 300;
  const norm = (s) => String(s || '').replace(/\\s+/g, ' ').trim().slice(0, MAX);
  const TEXTY = ['text', 'email', 'search', 'tel', 'url', 'number', 'password', 'date', 'time', 'datetime-local', 'month', 'week', ''];
  const typeOf = (el) => (el.getAttribute && el.getAttribute('type') || '').toLowerCase();
  const isField = (el) => !!el && ((el.tagName === 'INPUT' && TEXTY.includes(typeOf(el))) || el.tagName === 'TEXTAREA');
  const isSecret = (el) => el.tagName === 'INPUT' && typeOf(el) === 'password';
  function role(el) {
    const r = el.getAttribute('role');
    if (r) return r.split(/\\s+/)[0];
    const t = el.tagName, type = typeOf(el);
    if (t === 'BUTTON' || t === 'SUMMARY') return 'button';
    if (t === 'A' && el.hasAttribute('href')) return 'link';
    if (t === 'SELECT') return el.multiple || el.size > 1 ? 'listbox' : 'combobox';
    if (t === 'TEXTAREA') return 'textbox';
    if (t === 'OPTION') return 'option';
    if (t === 'INPUT') {
      if (['button', 'submit', 'reset', 'image'].includes(type)) return 'button';
      if (type === 'checkbox') return 'checkbox';
      if (type === 'radio') return 'radio';
      if (type === 'number') return 'spinbutton';
      if (type === 'range') return 'slider';
      if (type === 'search') return 'searchbox';
      return 'textbox';
    }
    if (/^H[1-6]$/.test(t)) return 'heading';
    if (t === 'TD') return 'cell';
    return '';
  }
  function visibleText(node) {
    let out = '';
    for (const c of node.childNodes) {
      if (c.nodeType === 3) out += c.textContent;
      else if (c.nodeType === 1) {
        if (c.getAttribute('aria-hidden') === 'true' || c.hidden || c.tagName === 'SCRIPT' || c.tagName === 'STYLE') continue;
        out += c.tagName === 'IMG' ? ' ' + (c.getAttribute('alt') || '') + ' ' : ' ' + visibleText(c) + ' ';
      }
    }
    return out;
  }
  function labelText(el) {
    if (el.labels && el.labels.length) return norm(Array.from(el.labels).map((l) => visibleText(l)).join(' '));
    const wrap = el.closest && el.closest('label');
    return wrap ? norm(visibleText(wrap)) : '';
  }
  function name(el) {
    const aria = el.getAttribute('aria-label');
    if (aria && aria.trim()) return norm(aria);
    const lb = el.getAttribute('aria-labelledby');
    if (lb) {
      const t = lb.split(/\\s+/).map((id) => { const x = document.getElementById(id); return x ? visibleText(x) : ''; }).join(' ');
      if (t.trim()) return norm(t);
    }
    const r = role(el);
    if (['textbox', 'checkbox', 'radio', 'combobox', 'listbox', 'spinbutton', 'searchbox', 'slider', 'switch'].includes(r)) {
      const l = labelText(el);
      if (l) return l;
    }
    if (el.tagName === 'INPUT' && ['submit', 'button', 'reset'].includes(typeOf(el))) return norm(el.value || (typeOf(el) === 'submit' ? 'Submit' : ''));
    if (el.tagName === 'INPUT' && typeOf(el) === 'image') return norm(el.getAttribute('alt'));
    if (['button', 'link', 'tab', 'menuitem', 'option', 'cell', 'gridcell', 'heading', 'menuitemradio', 'menuitemcheckbox', 'treeitem', 'switch'].includes(r)) {
      const t = norm(visibleText(el));
      if (t) return t;
    }
    return norm(el.getAttribute('title') || el.getAttribute('placeholder'));
  }
  function describe(el) {
    const type = typeOf(el);
    return {
      tag: el.tagName.toLowerCase(), type: type || undefined, role: role(el) || undefined, name: name(el) || undefined,
      label: labelText(el) || undefined, text: isField(el) ? undefined : (norm(visibleText(el)).slice(0, 200) || undefined),
      id: el.id || undefined, nameAttr: el.getAttribute('name') || undefined,
      valueAttr: type === 'radio' || type === 'checkbox' ? el.getAttribute('value') || undefined : undefined,
      placeholder: el.getAttribute('placeholder') || undefined, testId: el.getAttribute('data-testid') || undefined,
    };
  }
  let seq = 0;
  const send = (ev) => { try { window.${BINDING}(Object.assign({ seq: seq++, url: location.href }, ev)); } catch (e) {} };
  // A new top-level document without a referrer was typed in (or opened from a bookmark): a navigate step.
  if (window.top === window) send({ kind: 'load', referrer: document.referrer || '' });
  const recorded = new WeakMap();
  const dirty = new WeakSet();
  function flushFill(el) {
    if (!isField(el)) return;
    if (isSecret(el)) {
      if (!dirty.has(el)) return;
      dirty.delete(el);
      send({ kind: 'fill', el: describe(el), secret: true });
      return;
    }
    if (recorded.get(el) === el.value) return;
    recorded.set(el, el.value);
    send({ kind: 'fill', el: describe(el), value: String(el.value).slice(0, 500) });
  }
  document.addEventListener('input', (e) => { if (isField(e.target)) dirty.add(e.target); }, true);
  document.addEventListener('change', (e) => {
    const el = e.target;
    if (!el || !el.tagName) return;
    const type = typeOf(el);
    if (el.tagName === 'INPUT' && (type === 'radio' || type === 'checkbox')) {
      if (type === 'radio' && !el.checked) return;
      send({ kind: 'check', el: describe(el), checked: !!el.checked });
    } else if (el.tagName === 'SELECT') {
      const o = el.selectedOptions && el.selectedOptions[0];
      send({ kind: 'select', el: describe(el), value: o ? norm(o.label || o.textContent) : String(el.value) });
    } else {
      flushFill(el);
    }
  }, true);
  document.addEventListener('keydown', (e) => {
    if (e.key !== 'Enter' || !isField(e.target) || e.target.tagName === 'TEXTAREA') return;
    flushFill(e.target);
    send({ kind: 'press', el: describe(e.target), key: 'Enter' });
  }, true);
  const CLICKABLE = 'button, a[href], summary, [role=button], [role=link], [role=menuitem], [role=menuitemradio], [role=tab], [role=option], [role=gridcell], [role=switch], [role=treeitem], input[type=submit], input[type=button], input[type=image], input[type=reset], label, input, select, textarea';
  document.addEventListener('click', (e) => {
    const raw = e.target && e.target.nodeType === 1 ? e.target : e.target && e.target.parentElement;
    if (!raw || !raw.closest) return;
    const el = raw.closest(CLICKABLE);
    if (!el) return;
    // Choosing a radio, a checkbox or focusing a field is recorded by its change, not its click.
    if (el.tagName === 'LABEL' || el.tagName === 'SELECT' || el.tagName === 'TEXTAREA' || el.tagName === 'OPTION') return;
    if (el.tagName === 'INPUT' && (isField(el) || ['radio', 'checkbox'].includes(typeOf(el)))) return;
    if (document.activeElement && document.activeElement !== el) flushFill(document.activeElement);
    send({ kind: 'click', el: describe(el) });
  }, true);
})();`;
