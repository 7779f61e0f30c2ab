// Meldpunt live dashboard: loads GET /dashboard/summary, then applies GET /streams/events from the
// position the summary reflects. The browser's EventSource resumes with Last-Event-ID by itself after
// a disconnect (or a restart of notification-service), so nothing is missed. The session cookie is
// HttpOnly: this script never sees a credential. Everything shown is already filtered by the reader rule.
(function () {
  'use strict';
  const root = document.getElementById('dashboard');
  const TYPES = root.dataset.types.split(' ').filter(Boolean);
  const CLOSED = new Set(['CLOSED', 'REJECTED']);
  const RUNNING = new Set(['PENDING', 'OVERDUE']);
  const state = { incidents: new Map(), obligations: new Map(), position: 0, dueSoonLeadMs: 12 * 3600e3, feed: [] };
  let source = null;

  function el(tag, text, cls) {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }

  function isoDurationMs(d) {
    const m = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?$/.exec(d || '');
    return m ? ((+m[1] || 0) * 3600 + (+m[2] || 0) * 60 + (+m[3] || 0)) * 1000 : 12 * 3600e3;
  }

  async function load() {
    setConnection('loading', '');
    const r = await fetch('/dashboard/summary', { credentials: 'same-origin', headers: { Accept: 'application/json' } });
    if (r.status === 401) { setConnection('signed out', 'down'); return; }
    const s = await r.json();
    state.incidents = new Map(s.incidents.items.map(i => [i.id, i]));
    state.obligations = new Map([...s.dueSoon, ...s.overdue].map(o => [o.id, o]));
    state.dueSoonLeadMs = isoDurationMs(s.dueSoonLead);
    state.position = s.position;
    render();
    connect(s.position);
  }

  function connect(position) {
    if (source) source.close();
    // lastEventId in the URL is only the first start; on a reconnect the browser sends the
    // Last-Event-ID header with the last id it received, and the service prefers the header.
    source = new EventSource('/streams/events?lastEventId=' + encodeURIComponent(position));
    source.onopen = () => setConnection('live', 'live');
    source.onerror = () => setConnection(source.readyState === EventSource.CLOSED ? 'signed out' : 'reconnecting', 'down');
    TYPES.forEach(t => source.addEventListener(t, onEvent));
    source.addEventListener('reset', () => { source.close(); load(); });
    source.addEventListener('end', e => setConnection('reconnecting (' + JSON.parse(e.data).reason + ')', 'down'));
  }

  function setConnection(text, cls) {
    const c = document.getElementById('connection');
    c.textContent = text;
    c.className = 'state ' + cls;
  }

  function onEvent(e) {
    const ce = JSON.parse(e.data);
    state.position = Number(e.lastEventId);
    const type = e.type;
    const data = ce.data || {};
    if (data.incident) {
      const i = data.incident;
      const known = state.incidents.get(i.id);
      if (!known || (known.version || 0) <= (i.version || 0)) {
        if (CLOSED.has(i.status)) state.incidents.delete(i.id); else state.incidents.set(i.id, i);
      }
    }
    if (data.obligation) {
      const o = data.obligation;
      if (RUNNING.has(o.state) && o.dueAt) state.obligations.set(o.id, o); else state.obligations.delete(o.id);
    }
    state.feed.unshift({ position: e.lastEventId, type, time: ce.time, subject: ce.subject, reference: reference(data) });
    state.feed.length = Math.min(state.feed.length, 300);
    render();
  }

  function reference(data) {
    if (data.incident) return data.incident.reference;
    if (data.obligation) return data.obligation.incidentReference;
    if (data.investigation) return data.investigation.incidentReference;
    return '';
  }

  function render() {
    document.getElementById('position').textContent = state.position;
    renderIncidents();
    renderObligations();
    renderFeed();
  }

  function renderIncidents() {
    const items = [...state.incidents.values()];
    document.getElementById('open-count').textContent = items.length;
    tally('by-status', items, i => i.status);
    tally('by-severity', items, i => i.severity || 'UNKNOWN');
    const body = document.querySelector('#incidents tbody');
    body.replaceChildren(...items.map(i => {
      const tr = el('tr');
      tr.dataset.incident = i.id;
      tr.append(el('td', i.reference),
        i.title ? el('td', i.title) : el('td', 'redacted (TLP:' + i.tlp + ')', 'redacted'),
        i.affectedOrganization && i.affectedOrganization.name ? el('td', i.affectedOrganization.name)
          : el('td', 'redacted', 'redacted'),
        el('td', i.status), el('td', i.severity || ''));
      const tlp = el('td');
      tlp.append(el('span', 'TLP:' + i.tlp, 'tlp tlp-' + i.tlp));
      tr.append(tlp);
      return tr;
    }));
  }

  function tally(id, items, key) {
    const counts = {};
    items.forEach(i => { counts[key(i)] = (counts[key(i)] || 0) + 1; });
    document.querySelector('#' + id + ' tbody').replaceChildren(...Object.keys(counts).sort().map(k => {
      const tr = el('tr');
      tr.dataset.key = k;
      tr.append(el('td', k), el('td', counts[k]));
      return tr;
    }));
  }

  function renderObligations() {
    const now = Date.now();
    const items = [...state.obligations.values()].sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt));
    document.querySelector('#obligations tbody').replaceChildren(...items.map(o => {
      const left = Date.parse(o.dueAt) - now;
      const tr = el('tr', undefined, o.state === 'OVERDUE' || left <= 0 ? 'overdue' : left <= state.dueSoonLeadMs ? 'due-soon' : '');
      tr.dataset.obligation = o.id;
      tr.append(el('td', o.incidentReference), el('td', o.kind),
        o.recipient ? el('td', o.recipient) : el('td', 'redacted', 'redacted'),
        el('td', new Date(o.dueAt).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' })), el('td', countdown(left), 'countdown'));
      return tr;
    }));
  }

  function countdown(ms) {
    const late = ms <= 0;
    let s = Math.floor(Math.abs(ms) / 1000);
    const d = Math.floor(s / 86400); s %= 86400;
    const h = Math.floor(s / 3600); s %= 3600;
    const m = Math.floor(s / 60); s %= 60;
    const text = (d ? d + 'd ' : '') + String(h).padStart(2, '0') + ':' + String(m).padStart(2, '0') + ':' + String(s).padStart(2, '0');
    return late ? 'overdue by ' + text : text;
  }

  function renderFeed() {
    const f = new FormData(document.getElementById('feed-filters'));
    const family = f.get('family');
    const ref = (f.get('incident') || '').trim();
    const shown = state.feed.filter(x => (!family || x.type.startsWith(family + '.')) && (!ref || (x.reference || '').includes(ref)));
    document.getElementById('feed').replaceChildren(...shown.map(x => {
      const li = el('li');
      li.dataset.position = x.position;
      li.append(el('span', x.type, 'type'), document.createTextNode(' ' + (x.reference || x.subject) + ' '),
        el('small', x.time ? new Date(x.time).toLocaleTimeString() : ''));
      return li;
    }));
  }

  document.getElementById('feed-filters').addEventListener('input', renderFeed);
  setInterval(renderObligations, 1000);
  load();
})();
