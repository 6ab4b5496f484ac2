// In-page helpers shared by teach's recorder and replay's grid/container resolver, as JavaScript source: how an
// element is named, which ancestor of a click is the meaningful element, where a cell sits in its grid (by a
// table's structure or, for grids drawn with positioned boxes such as FullCalendar, by geometry), and which
// look-alike controls are equivalent. Kept as text (never a serialized TS function) so no bundler helper leaks
// into the page.

/** Function declarations (no side effects) available to the recorder and the resolver. */
export const DOM_HELPERS = String.raw`
  var MAX = 300;
  function norm(s) { return String(s || '').replace(/\s+/g, ' ').trim().slice(0, MAX); }
  var TEXTY = ['text', 'email', 'search', 'tel', 'url', 'number', 'password', 'date', 'time', 'datetime-local', 'month', 'week', ''];
  function typeOf(el) { return ((el.getAttribute && el.getAttribute('type')) || '').toLowerCase(); }
  function isField(el) { return !!el && ((el.tagName === 'INPUT' && TEXTY.indexOf(typeOf(el)) >= 0) || el.tagName === 'TEXTAREA'); }
  function isSecret(el) { return el.tagName === 'INPUT' && typeOf(el) === 'password'; }
  function role(el) {
    var r = el.getAttribute('role');
    if (r) return r.split(/\s+/)[0];
    var t = el.tagName, type = typeOf(el);
    if (t === 'BUTTON' || t === 'SUMMARY') return 'button';
    if (t === 'A' && el.hasAttribute('href')) return 'link';
    if (t === 'SELECT') return el.multiple || el.size > 1 ? 'listbox' : 'combobox';
    if (t === 'TEXTAREA') return 'textbox';
    if (t === 'OPTION') return 'option';
    if (t === 'INPUT') {
      if (['button', 'submit', 'reset', 'image'].indexOf(type) >= 0) return 'button';
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
    var out = '';
    for (var i = 0; i < node.childNodes.length; i++) {
      var c = node.childNodes[i];
      if (c.nodeType === 3) out += c.textContent;
      else if (c.nodeType === 1) {
        if (c.getAttribute('aria-hidden') === 'true' || c.hidden || c.tagName === 'SCRIPT' || c.tagName === 'STYLE') continue;
        out += c.tagName === 'IMG' ? ' ' + (c.getAttribute('alt') || '') + ' ' : ' ' + visibleText(c) + ' ';
      }
    }
    return out;
  }
  function labelText(el) {
    if (el.labels && el.labels.length) return norm(Array.prototype.map.call(el.labels, function (l) { return visibleText(l); }).join(' '));
    var wrap = el.closest && el.closest('label');
    return wrap ? norm(visibleText(wrap)) : '';
  }
  function name(el) {
    var aria = el.getAttribute('aria-label');
    if (aria && aria.trim()) return norm(aria);
    var lb = el.getAttribute('aria-labelledby');
    if (lb) {
      var t = lb.split(/\s+/).map(function (id) { var x = document.getElementById(id); return x ? visibleText(x) : ''; }).join(' ');
      if (t.trim()) return norm(t);
    }
    var r = role(el);
    if (['textbox', 'checkbox', 'radio', 'combobox', 'listbox', 'spinbutton', 'searchbox', 'slider', 'switch'].indexOf(r) >= 0) {
      var l = labelText(el);
      if (l) return l;
    }
    if (el.tagName === 'INPUT' && ['submit', 'button', 'reset'].indexOf(typeOf(el)) >= 0) return norm(el.value || (typeOf(el) === 'submit' ? 'Submit' : ''));
    if (el.tagName === 'INPUT' && typeOf(el) === 'image') return norm(el.getAttribute('alt'));
    if (['button', 'link', 'tab', 'menuitem', 'option', 'cell', 'gridcell', 'heading', 'menuitemradio', 'menuitemcheckbox', 'treeitem', 'switch', 'columnheader', 'rowheader'].indexOf(r) >= 0) {
      var v = norm(visibleText(el));
      if (v) return v;
    }
    return norm(el.getAttribute('title') || el.getAttribute('placeholder'));
  }
  function isVisible(el) {
    if (!el || !el.getBoundingClientRect) return false;
    var r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) return false;
    return el.checkVisibility ? el.checkVisibility({ visibilityProperty: true }) : true;
  }
  /** What the user reads in an element (CSS-hidden parts left out). */
  function textOf(el) { return norm(el.innerText !== undefined ? el.innerText : el.textContent); }
  var MEANINGFUL_TAGS = ['A', 'BUTTON', 'INPUT', 'SELECT', 'TEXTAREA', 'SUMMARY', 'LABEL', 'OPTION', 'TD', 'TH'];
  var ITEM_ROLES = ['button', 'link', 'menuitem', 'menuitemradio', 'menuitemcheckbox', 'tab', 'option', 'gridcell', 'cell', 'switch', 'treeitem', 'checkbox', 'radio', 'row', 'columnheader', 'rowheader'];
  function cursorOf(el) { try { return getComputedStyle(el).cursor; } catch (e) { return ''; } }
  /**
   * The innermost meaningful element of a click: the nearest ancestor that is interactive, takes focus,
   * has an onclick, is a table cell or grid item, or is where a click cursor begins (the outermost of a run
   * of elements showing the hand, since children inherit it).
   */
  function meaningful(start) {
    var el = start;
    while (el && el.nodeType === 1 && el !== document.body && el !== document.documentElement) {
      if (MEANINGFUL_TAGS.indexOf(el.tagName) >= 0) return el;
      var r = el.getAttribute('role');
      if (r && ITEM_ROLES.indexOf(r.split(/\s+/)[0]) >= 0) return el;
      if (el.hasAttribute('tabindex') || el.hasAttribute('onclick') || el.isContentEditable) return el;
      var p = el.parentElement;
      if (cursorOf(el) === 'pointer' && (!p || cursorOf(p) !== 'pointer')) return el;
      el = p;
    }
    return null;
  }
  /** Same control twice (a toolbar repeated at the bottom): same role and name and the same href, or the same form, type, name and value. */
  function equivalent(a, b) {
    if (a === b) return true;
    if (a.tagName !== b.tagName || role(a) !== role(b) || name(a) !== name(b)) return false;
    var ha = a.getAttribute('href'), hb = b.getAttribute('href');
    if (ha !== null || hb !== null) {
      if (ha === null || hb === null || !ha || ha === '#' || /^javascript:/i.test(ha)) return false;
      return a.href === b.href;
    }
    if (!a.form || a.form !== b.form) return false;
    return typeOf(a) === typeOf(b) && (a.getAttribute('name') || '') === (b.getAttribute('name') || '') && (a.getAttribute('value') || '') === (b.getAttribute('value') || '') && a.className === b.className;
  }
  /** What a page looks like, in two words: its title and its main heading (the first visible h1, else h2). */
  function pageSig() {
    var out = { title: norm(document.title) };
    var hs = document.querySelectorAll('h1');
    if (!hs.length) hs = document.querySelectorAll('h2');
    for (var i = 0; i < hs.length; i++) if (isVisible(hs[i])) { var t = textOf(hs[i]); if (t) { out.heading = t.slice(0, 200); break; } }
    return out;
  }
  // ---- grids -------------------------------------------------------------------------------
  function colStart(cell) {
    var n = 0, row = cell.parentElement;
    for (var i = 0; i < row.cells.length && row.cells[i] !== cell; i++) n += row.cells[i].colSpan || 1;
    return n;
  }
  function cellAt(row, col) {
    var n = 0;
    for (var i = 0; i < row.cells.length; i++) {
      var span = row.cells[i].colSpan || 1;
      if (col >= n && col < n + span) return row.cells[i];
      n += span;
    }
    return null;
  }
  function headerRowOf(table) {
    if (table.tHead && table.tHead.rows.length) return table.tHead.rows[0];
    return table.rows.length ? table.rows[0] : null;
  }
  /** Texts that may name a table: its caption, its corner cell, its aria-label, the nearest heading before it. */
  function tableHeadings(table) {
    var out = [];
    if (table.caption) out.push(textOf(table.caption));
    var head = headerRowOf(table);
    if (head && head.cells.length) out.push(textOf(head.cells[0]));
    if (table.getAttribute('aria-label')) out.push(norm(table.getAttribute('aria-label')));
    var hs = document.querySelectorAll('h1,h2,h3,h4,h5,h6,[role=heading]');
    var before = null;
    for (var i = 0; i < hs.length; i++) {
      if (hs[i].compareDocumentPosition(table) & Node.DOCUMENT_POSITION_FOLLOWING) before = hs[i];
    }
    if (before) out.push(textOf(before));
    return out.filter(function (t) { return !!t; });
  }
  function shortLabel(t, max) { return !!t && t.length <= max; }
  /** By a table's structure: the header row's cell above and the row's first cell. */
  function tableCellOf(el) {
    var cell = el.closest('td,th');
    if (!cell) return null;
    var row = cell.parentElement, table = cell.closest('table');
    if (!row || row.tagName !== 'TR' || !table) return null;
    var head = headerRowOf(table);
    if (!head || head === row || row.cells[0] === cell) return null;
    var headCell = cellAt(head, colStart(cell));
    if (!headCell || headCell === cell) return null;
    var column = textOf(headCell), rowText = textOf(row.cells[0]);
    if (!shortLabel(column, 60) || !shortLabel(rowText, 60)) return null;
    return { kind: 'table', table: table, cell: cell, row: rowText, column: column };
  }
  function columnHeaders() { return document.querySelectorAll('th,[role=columnheader]'); }
  function rowHeaders() { return document.querySelectorAll('th,td,[role=rowheader]'); }
  /** Do two elements share an ancestor below the body (one widget), rather than only the page itself? */
  function sharesWidget(a, b) {
    for (var p = a.parentElement; p && p !== document.body && p !== document.documentElement; p = p.parentElement) if (p.contains(b)) return true;
    return false;
  }
  /** By geometry: the column header above the element and the row header at its left (FullCalendar's time grid). */
  function pointCellOf(el) {
    var r = el.getBoundingClientRect();
    var cx = r.left + r.width / 2, top = r.top + Math.min(4, r.height / 2);
    var col = null, colRect = null, colEl = null, row = null, rowRect = null, rowEl = null;
    var hs = columnHeaders();
    for (var i = 0; i < hs.length; i++) {
      var h = hs[i];
      if (h.contains(el) || el.contains(h) || !isVisible(h) || /^(presentation|none)$/.test(h.getAttribute('role') || '')) continue;
      var t = textOf(h);
      if (!shortLabel(t, 60)) continue;
      var hr = h.getBoundingClientRect();
      // The narrowest header over the element (a header row's own cell, not a cell wrapping the whole header table).
      if (hr.left <= cx && hr.right >= cx && hr.bottom <= r.top + 2 && (!colRect || hr.width < colRect.width - 1 || (Math.abs(hr.width - colRect.width) <= 1 && hr.bottom > colRect.bottom))) { col = t; colRect = hr; colEl = h; }
    }
    var rs = rowHeaders();
    for (var j = 0; j < rs.length; j++) {
      var x = rs[j];
      if (x.contains(el) || el.contains(x) || !isVisible(x) || /^(presentation|none)$/.test(x.getAttribute('role') || '')) continue;
      var tx = textOf(x);
      if (!shortLabel(tx, 30)) continue;
      var xr = x.getBoundingClientRect();
      if (xr.right <= r.left + 2 && xr.top <= top && xr.bottom >= top && xr.height <= Math.max(r.height * 1.5, 80) && (!rowRect || xr.left < rowRect.left)) { row = tx; rowRect = xr; rowEl = x; }
    }
    if (!col || !row) return null;
    // The headers and the element must belong to one widget: a popup drawn over a table (a date picker's
    // calendar appended to the body) is not in that table's grid.
    if (!sharesWidget(el, colEl) || !sharesWidget(el, rowEl)) return null;
    return { kind: 'point', row: row, column: col };
  }
  /** Where a clicked element sits in a grid, with the grid's heading when the page holds several alike. */
  function gridOf(el) {
    var t = tableCellOf(el);
    if (t) {
      var alike = [];
      var tables = document.querySelectorAll('table');
      for (var i = 0; i < tables.length; i++) if (findTableCells(tables[i], t.row, t.column).length) alike.push(tables[i]);
      var within;
      if (alike.length > 1) {
        var mine = tableHeadings(t.table);
        for (var k = 0; k < mine.length && within === undefined; k++) {
          var cand = mine[k], n = 0;
          for (var j = 0; j < alike.length; j++) if (tableHeadings(alike[j]).indexOf(cand) >= 0) n++;
          if (n === 1) within = cand;
        }
      }
      var out = { kind: 'table', row: t.row, column: t.column };
      if (within !== undefined) out.within = within;
      if (alike.length > 1 && within === undefined) out.ambiguous = true;
      if (el !== t.cell) { var rr = role(el); if (rr) { out.inner = { role: rr }; var nn = name(el); if (nn) out.inner.name = nn; } }
      return out;
    }
    return pointCellOf(el);
  }
  function findTableCells(table, row, column) {
    var head = headerRowOf(table);
    if (!head) return [];
    var cols = [];
    for (var i = 0; i < head.cells.length; i++) if (textOf(head.cells[i]) === column) cols.push(colStart(head.cells[i]));
    if (!cols.length) return [];
    var out = [];
    for (var r = 0; r < table.rows.length; r++) {
      var tr = table.rows[r];
      if (tr === head || !tr.cells.length || textOf(tr.cells[0]) !== row) continue;
      for (var c = 0; c < cols.length; c++) { var cell = cellAt(tr, cols[c]); if (cell && cell !== tr.cells[0]) out.push(cell); }
    }
    return out;
  }
  // ---- containers ---------------------------------------------------------------------------
  /** The short texts a container shows (its leaf elements'), outside one element's own subtree. */
  function leafTexts(container, skip) {
    var out = [];
    var all = container.getElementsByTagName('*');
    for (var i = 0; i < all.length && out.length < 16; i++) {
      var n = all[i];
      if ((skip && skip.contains(n)) || n.tagName === 'SCRIPT' || n.tagName === 'STYLE') continue;
      var hasChildText = false;
      for (var c = 0; c < n.children.length; c++) if (norm(n.children[c].textContent)) { hasChildText = true; break; }
      if (hasChildText) continue;
      var t = textOf(n);
      if (t && t.length <= 80 && isVisible(n) && out.indexOf(t) < 0) out.push(t);
    }
    return out;
  }
  function startsWithWord(t, f) {
    if (t === f) return true;
    if (t.indexOf(f) !== 0) return false;
    return !/[\p{L}\p{N}]/u.test(t.charAt(f.length));
  }
  /** The smallest containers whose texts start with every fragment. */
  function containersFor(texts) {
    var sets = texts.map(function (f) {
      var hits = [];
      var all = document.body.getElementsByTagName('*');
      for (var i = 0; i < all.length; i++) {
        var e = all[i];
        if (e.tagName === 'SCRIPT' || e.tagName === 'STYLE') continue;
        var t = norm(e.textContent);
        if (!startsWithWord(t, f)) continue;
        var deeper = false;
        for (var c = 0; c < e.children.length; c++) if (startsWithWord(norm(e.children[c].textContent), f)) { deeper = true; break; }
        if (!deeper) hits.push(e);
      }
      return hits;
    });
    var found = [];
    (sets[0] || []).forEach(function (a) {
      var p = a;
      while (p && p !== document.documentElement) {
        var ok = true;
        for (var s = 1; s < sets.length && ok; s++) ok = sets[s].some(function (b) { return p.contains(b); });
        if (ok) { if (found.indexOf(p) < 0) found.push(p); break; }
        p = p.parentElement;
      }
    });
    return found.filter(function (c) { return !found.some(function (d) { return d !== c && c.contains(d); }); });
  }
`;

/**
 * Resolves a `cell` or `scoped` spec (templates already rendered) in the page: tags what it finds with
 * a `data-lanebot-pick-<spec key>` attribute so a Playwright locator can act on it. Returns how many were tagged and how.
 */
export const RESOLVE_SCRIPT = String.raw`(function (arg) {
  ${DOM_HELPERS}
  var picked = [];
  var how = '';
  if (arg.by === 'cell') {
    var tables = document.querySelectorAll('table');
    var hits = [];
    for (var t = 0; t < tables.length; t++) {
      var cells = findTableCells(tables[t], arg.row, arg.column);
      if (!cells.length) continue;
      if (arg.within !== undefined && tableHeadings(tables[t]).indexOf(arg.within) < 0) continue;
      hits = hits.concat(cells);
    }
    if (hits.length) { picked = hits; how = 'table'; }
    else {
      var cols = Array.prototype.filter.call(columnHeaders(), function (h) { return isVisible(h) && textOf(h) === arg.column; });
      var rows = Array.prototype.filter.call(rowHeaders(), function (h) { return isVisible(h) && textOf(h) === arg.row; });
      if (cols.length && rows.length) {
        rows[0].scrollIntoView({ block: 'center', inline: 'nearest' });
        cols.forEach(function (c) {
          rows.forEach(function (r) {
            var cr = c.getBoundingClientRect(), rr = r.getBoundingClientRect();
            var x = cr.left + cr.width / 2, y = rr.top + rr.height / 2;
            if (x < 0 || y < 0 || x > innerWidth || y > innerHeight) return;
            var hit = document.elementFromPoint(x, y);
            var m = hit && meaningful(hit);
            if (m && m !== c && m !== r && !m.contains(c) && !m.contains(r) && picked.indexOf(m) < 0) picked.push(m);
          });
        });
        how = 'point';
      }
    }
  } else if (arg.by === 'scoped') {
    picked = containersFor(arg.texts);
    how = 'scope';
  }
  // One attribute per spec: a new lookup of the same spec untags what the last one tagged (a page polled for a
  // postcondition would otherwise gather attributes); lookups of other specs never touch it.
  var reg = window.__lanebotPicks || (window.__lanebotPicks = {});
  (reg[arg.attr] || []).forEach(function (e) { e.removeAttribute(arg.attr); });
  reg[arg.attr] = picked;
  picked.forEach(function (e) { e.setAttribute(arg.attr, ''); });
  return { count: picked.length, how: how };
})`;

/** Whether every element a locator matched is the same control (the first visible one may then be taken). */
export const EQUIVALENT_SCRIPT = String.raw`(function (els) {
  ${DOM_HELPERS}
  for (var i = 1; i < els.length; i++) if (!equivalent(els[0], els[i])) return false;
  return true;
})`;

/** The page's signature (title and main heading), as the recorder saw it. */
export const PAGE_SIGNATURE_SCRIPT = String.raw`(function () {
  ${DOM_HELPERS}
  return pageSig();
})`;
