// Convolens dashboard: plain browser JavaScript, no build step. Data comes from the query API (Authorization:
// Bearer <key>) and the /ws/live socket; every time is shown in the tenant's time zone.
(() => {
  'use strict';

  const KEY_STORAGE = 'convolens.key';
  const SECTIONS = ['summary', 'conversations', 'response_times', 'staff_performance', 'satisfaction', 'top_intents',
    'channel_breakdown', 'live_chat', 'bot_performance'];
  const CHANNELS = ['whatsapp', 'sms', 'email', 'webchat', 'messenger', 'telegram', 'voice', 'other'];
  const PERIOD_TEXT = { '24h': 'the last 24 hours', '7d': 'the last 7 days', '30d': 'the last 30 days' };
  const STATUS_ICON = { active: '●', escalated: '▲', resolved: '✓', closed: '○', requested: '…', accepted: '✓',
    missed: '✕', waiting: '…', ended: '■' };
  // what the server is loading (the realtime answer's "loading"), in words
  const LOADING_TEXT = { history: 'Loading history', rollups: 'Recomputing rollups', facts: 'Updating conversation facts' };

  const state = {
    key: null, tenant: null, view: 'overview', period: '24h', channel: '', bot: '',
    metrics: null, metricsAt: 0, feed: new Map(), bots: new Set(), queue: new Map(), activity: [],
    charts: {}, ws: null, wsBackoff: 1000, reconnectTimer: null, signedIn: false, lastSocketError: null,
    agentsTimer: null, chartsTimer: null, loading: [], loadingTimer: null,
  };

  const $ = (sel, root = document) => root.querySelector(sel);
  const $$ = (sel, root = document) => Array.from(root.querySelectorAll(sel));

  function el(tag, attrs = {}, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) {
      if (v == null || v === false) continue;
      if (k === 'class') e.className = v;
      else if (k === 'text') e.textContent = v;
      else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
      else if (k === 'dataset') Object.assign(e.dataset, v);
      else e.setAttribute(k, v === true ? '' : v);
    }
    for (const c of children.flat()) if (c != null) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
    return e;
  }

  // ---------- HTTP ----------
  class ApiError extends Error {
    constructor(status, error, detail) {
      super(detail || error || ('HTTP ' + status));
      this.status = status; this.error = error; this.detail = detail;
    }
  }

  async function api(path, { method = 'GET', body, key = state.key, raw = false } = {}) {
    let response;
    try {
      response = await fetch(path, {
        method, cache: 'no-store',
        headers: Object.assign({ Authorization: 'Bearer ' + key }, body ? { 'Content-Type': 'application/json' } : {}),
        body: body ? JSON.stringify(body) : undefined,
      });
    } catch (e) {
      throw new ApiError(0, 'network', 'The server cannot be reached. Check your connection.');
    }
    if (!response.ok) {
      let error = null, detail = null;
      try { const j = await response.json(); error = j.error; detail = j.detail || j.message; } catch (ignored) { /* not JSON */ }
      throw new ApiError(response.status, error, detail);
    }
    if (raw) return response;
    if (response.status === 204) return null;
    const type = response.headers.get('Content-Type') || '';
    return type.includes('json') ? response.json() : response.text();
  }

  // ---------- time, in the tenant's zone ----------
  const tz = () => (state.tenant && state.tenant.timezone) || 'UTC';
  const formatters = new Map();
  function fmt(date, options) {
    const k = tz() + JSON.stringify(options);
    if (!formatters.has(k)) formatters.set(k, new Intl.DateTimeFormat('en-GB', Object.assign({ timeZone: tz() }, options)));
    return formatters.get(k).format(date);
  }
  const absolute = iso => fmt(new Date(iso), { dateStyle: 'medium', timeStyle: 'medium' });
  const localDate = (date = new Date()) =>
    new Intl.DateTimeFormat('en-CA', { timeZone: tz(), year: 'numeric', month: '2-digit', day: '2-digit' }).format(date);
  function offsetText() {
    const parts = new Intl.DateTimeFormat('en-US', { timeZone: tz(), timeZoneName: 'shortOffset' }).formatToParts(new Date());
    const p = parts.find(x => x.type === 'timeZoneName');
    return p ? p.value.replace('GMT', 'UTC') : '';
  }
  function relative(iso) {
    const s = Math.round((Date.now() - new Date(iso).getTime()) / 1000);
    if (s < 0) return 'in ' + relative(new Date(Date.now() + (Date.now() - new Date(iso).getTime())).toISOString()).replace(' ago', '');
    if (s < 10) return 'just now';
    if (s < 60) return s + ' s ago';
    if (s < 3600) return Math.floor(s / 60) + ' min ago';
    if (s < 86400) return Math.floor(s / 3600) + ' h ago';
    return Math.floor(s / 86400) + ' d ago';
  }
  // the reports' format too (report.Display.duration): "850 ms", "4.2 s", "15 s", "3 min 05 s", "2 h 05 min"
  function duration(ms) {
    if (ms == null) return '–';
    const sign = ms < 0 ? '-' : '';
    ms = Math.abs(Math.round(ms));
    if (ms < 1000) return sign + ms + ' ms';
    if (ms < 9950) return sign + (ms / 1000).toFixed(1) + ' s';
    const s = Math.round(ms / 1000);
    if (s < 60) return sign + s + ' s';
    if (s < 3600) return sign + Math.floor(s / 60) + ' min ' + String(s % 60).padStart(2, '0') + ' s';
    const m = Math.round(ms / 60000);
    return sign + Math.floor(m / 60) + ' h ' + String(m % 60).padStart(2, '0') + ' min';
  }
  const integer = n => (n == null ? '–' : Number(n).toLocaleString('en-US'));
  const percent = r => (r == null ? '–' : (r * 100).toFixed(1) + '%');

  // ---------- sign-in ----------
  function showSignIn(message) {
    state.signedIn = false;
    $('#app').hidden = true;
    $('#signin').hidden = false;
    const err = $('#signin-error');
    err.hidden = !message;
    err.textContent = message || '';
    $('#signin-submit').disabled = false;
    $('#signin-key').focus();
    $$('.base').forEach(b => { b.textContent = location.origin; });
    fetch('/demo/access', { cache: 'no-store' }).then(r => (r.ok ? r.json() : null)).then(demo => {
      if (!demo) return;
      $('#demo-offer').hidden = false;
      $('#demo-tenant').textContent = demo.tenantName + ' · ' + demo.tenantId;
      $('#demo-timezone').textContent = demo.timezone;
      $('#demo-key-text').textContent = demo.key;
      $('#demo-key').onclick = () => { $('#signin-key').value = demo.key; signIn(demo.key); };
    }).catch(() => { /* no demo: nothing to offer */ });
  }

  function signInMessage(e) {
    if (e.status === 401) return 'That key is not valid: it is unknown or was revoked.';
    if (e.status === 403) return 'That key cannot read analytics: it needs the read scope.';
    if (e.status === 400) return 'Use a tenant\'s key: the service admin key has no tenant of its own.';
    if (e.status === 0) return e.message;
    return 'Sign-in failed (' + (e.detail || e.status) + ').';
  }

  async function signIn(key) {
    key = (key || '').trim();
    if (!key) { showSignIn('Enter an API key.'); return; }
    $('#signin-submit').disabled = true;
    let realtime;
    try {
      realtime = await api('/api/analytics/realtime', { key });
    } catch (e) {
      sessionStorage.removeItem(KEY_STORAGE);
      showSignIn(signInMessage(e));
      return;
    }
    state.key = key;
    sessionStorage.setItem(KEY_STORAGE, key);
    let tenant = { id: realtime.tenantId, name: realtime.tenantId, timezone: 'UTC' };
    try { tenant = await api('/api/tenants/' + encodeURIComponent(realtime.tenantId)); } catch (ignored) { /* keep UTC */ }
    state.tenant = { id: tenant.id, name: tenant.name, timezone: tenant.timezone };
    state.signedIn = true;
    formatters.clear();
    $('#signin').hidden = true;
    $('#app').hidden = false;
    $('#tenant-name').textContent = state.tenant.name;
    $('#foot-tz').textContent = tz() + ' (' + offsetText() + ')';
    $('#export-tz').textContent = 'days in ' + tz();
    $('#export-to').value = localDate();
    $('#export-from').value = localDate(new Date(Date.now() - 6 * 86400000));
    tickClock();
    renderMetrics(realtime, false);
    fillChannelFilter();
    loadFeed();
    loadCharts();
    connect();
    showView(viewFromHash());
  }

  function signOut(message) {
    sessionStorage.removeItem(KEY_STORAGE);
    disconnect();
    state.key = null; state.tenant = null; state.metrics = null;
    clearTimeout(state.loadingTimer); state.loading = []; $('#loading').hidden = true;
    state.feed.clear(); state.queue.clear(); state.activity = []; state.bots.clear();
    Object.values(state.charts).forEach(c => c.chart && c.chart.destroy());
    state.charts = {};
    $('#signin-key').value = '';
    showSignIn(message);
  }

  // ---------- views ----------
  function viewFromHash() {
    const v = location.hash.replace('#', '');
    return ['overview', 'livechat', 'reports'].includes(v) ? v : 'overview';
  }

  function showView(view) {
    state.view = view;
    for (const b of $$('.tabs button')) b.setAttribute('aria-selected', String(b.dataset.view === view));
    for (const v of ['overview', 'livechat', 'reports']) $('#view-' + v).hidden = v !== view;
    if (location.hash.replace('#', '') !== view) history.replaceState(null, '', '#' + view);
    if (view === 'livechat') { renderQueue(); renderActivity(); loadAgents(); }
    if (view === 'reports') loadReports();
    if (view === 'overview') Object.values(state.charts).forEach(c => c.chart && c.chart.resize());
  }

  // ---------- connection ----------
  function setConn(s, text) {
    const c = $('#conn');
    c.dataset.state = s;
    $('b', c).textContent = text;
    c.title = s === 'live' ? 'Updates arrive as they happen' : 'Numbers may be out of date until the connection is back';
  }

  function connect() {
    disconnect();
    const ws = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws/live');
    state.ws = ws;
    setConn('connecting', 'Connecting…');
    // the key goes in the first message, not the URL, so that it stays out of access logs
    ws.onopen = () => ws.send(JSON.stringify({ type: 'auth', token: state.key }));
    ws.onmessage = e => {
      let m;
      try { m = JSON.parse(e.data); } catch (ignored) { return; }
      onSocketMessage(m);
    };
    ws.onclose = e => {
      if (state.ws !== ws) return;
      state.ws = null;
      if (e.code === 1008 && state.lastSocketError === 'unauthorized') {
        signOut('Signed out: the key is no longer valid.');
        return;
      }
      const seconds = Math.round(state.wsBackoff / 1000);
      setConn('reconnecting', 'Reconnecting…');
      $('#conn').title = 'Connection lost; trying again in ' + seconds + ' s';
      state.reconnectTimer = setTimeout(connect, state.wsBackoff);
      state.wsBackoff = Math.min(state.wsBackoff * 2, 30000);
    };
  }

  function disconnect() {
    clearTimeout(state.reconnectTimer);
    if (state.ws) { const ws = state.ws; state.ws = null; ws.close(); }
  }

  function onSocketMessage(m) {
    switch (m.type) {
      case 'hello':
        state.wsBackoff = 1000;
        state.lastSocketError = null;
        setConn('live', 'Live');
        if (m.timezone && state.tenant && m.timezone !== state.tenant.timezone) {
          state.tenant.timezone = m.timezone; formatters.clear();
        }
        break;
      case 'metrics': renderMetrics(m.data, true); break;
      case 'conversation': upsertConversation(m.data, !m.snapshot); break;
      case 'livechat': onLivechat(m); break;
      case 'error': state.lastSocketError = m.error; break;
      default: break;
    }
  }

  // ---------- cards ----------
  const TREND = {
    avgResponseTimeMs: { format: duration, previousText: 'vs previous hour' },
    messagesLastHour: { format: integer, previousText: 'vs previous hour' },
    successRate: { format: percent, previousText: 'vs previous 24h', points: true },
  };
  const FORMAT = {
    activeConversations: integer, avgResponseTimeMs: duration, successRate: percent, messagesLastHour: integer,
    livechatWaiting: integer, longestWaitMs: duration, livechatMissedLast30m: integer, agentsOnline: integer,
  };

  function renderMetrics(m, live) {
    if (!m) return;
    state.metrics = m;
    state.metricsAt = Date.now();
    if (Array.isArray(m.loading)) renderLoading(m.loading);
    for (const card of $$('.card[data-metric]')) {
      const metric = card.dataset.metric;
      if (!(metric in m)) continue;
      const value = m[metric];
      const text = (FORMAT[metric] || integer)(value);
      const v = $('.value', card);
      card.dataset.value = value == null ? '' : String(value);
      if (v.textContent !== text) {
        const first = v.textContent === '–';
        v.textContent = text;
        if (live && !first) { card.classList.remove('flash'); void card.offsetWidth; card.classList.add('flash'); }
      }
      if (TREND[metric]) renderTrend(card, metric, value, m.previous ? m.previous[metric] : undefined);
    }
  }

  // ---------- loading notice ----------
  // While the server loads history (or recomputes rollups, or catches up on facts) the numbers are not final: say so,
  // with the server's own count. The socket's metrics carry it; a look every few seconds covers a socket down.
  function renderLoading(loads) {
    const box = $('#loading');
    const wasLoading = state.loading.length > 0;
    state.loading = loads;
    clearTimeout(state.loadingTimer);
    if (!loads.length) {
      box.hidden = true;
      box.textContent = '';
      // what was drawn while loading was partial: draw it again from the complete data
      if (wasLoading && state.signedIn) { loadCharts(); loadFeed(); }
      return;
    }
    box.textContent = '';
    for (const l of loads) {
      box.append(el('div', { class: 'load', dataset: { what: l.what } },
        el('strong', { text: (LOADING_TEXT[l.what] || 'Loading ' + l.what) + ': ' + integer(l.done) + ' of '
          + integer(l.total) + ' ' + l.unit + ', ' + l.percent + '%' }),
        el('progress', { max: String(Math.max(1, l.total)), value: String(l.done) })));
    }
    box.append(el('p', { text: 'Numbers and charts are still filling in; they are complete once this notice is gone.' }));
    box.hidden = false;
    state.loadingTimer = setTimeout(refreshRealtime, 3000);
  }

  async function refreshRealtime() {
    if (!state.signedIn) return;
    try {
      // only the notice: the realtime answer has no "previous", which the socket's numbers bring for the trends
      const r = await api('/api/analytics/realtime');
      if (Array.isArray(r.loading)) renderLoading(r.loading);
    } catch (ignored) {
      state.loadingTimer = setTimeout(refreshRealtime, 3000);
    }
  }

  function renderTrend(card, metric, value, previous) {
    const t = $('.trend', card);
    const spec = TREND[metric];
    t.textContent = '';
    if (value == null || previous == null) {
      t.textContent = previous === undefined ? '' : 'no data for the period before';
      card.dataset.trend = 'none';
      return;
    }
    const delta = value - previous;
    const lowerBetter = card.dataset.lowerBetter === 'true';
    let amount, zero;
    if (spec.points) { amount = Math.abs(delta * 100).toFixed(1) + ' pts'; zero = amount === '0.0 pts'; }
    else if (previous === 0) { amount = delta === 0 ? '0%' : 'new'; zero = delta === 0; }
    else { amount = Math.round(Math.abs(delta / previous) * 100) + '%'; zero = amount === '0%'; }
    // a change that rounds to nothing is shown as no change: an arrow and a colour would claim one
    let arrow = '■', cls = 'flat';
    if (!zero) {
      arrow = delta > 0 ? '▲' : '▼';
      cls = (delta < 0) === lowerBetter ? 'good' : 'bad';
    }
    card.dataset.trend = cls === 'flat' ? 'flat' : (delta > 0 ? 'up' : 'down');
    card.dataset.trendQuality = cls;
    t.append(el('span', { class: (cls === 'flat' ? 'flat' : (delta > 0 ? 'up ' : 'down ') + cls), text: arrow + ' ' + amount }),
      ' ' + spec.previousText);
  }

  // ---------- conversation feed ----------
  async function loadFeed() {
    const st = $('#feed-state');
    try {
      const items = await api('/api/analytics/conversations?limit=100');
      for (const item of items) upsertConversation(item, false, true);
      renderFeed();
    } catch (e) {
      if (e.status === 401) { signOut('Signed out: the key is no longer valid.'); return; }
      showState(st, 'error', 'Conversations could not be loaded', e.message, loadFeed);
      $('#feed').hidden = true;
    }
  }

  function upsertConversation(item, fresh, quiet) {
    if (!item || !item.id) return;
    const before = state.feed.get(item.id);
    item._new = fresh && (!before || before.lastActivityAt !== item.lastActivityAt || before.status !== item.status);
    state.feed.set(item.id, item);
    if (item.botId && !state.bots.has(item.botId)) { state.bots.add(item.botId); fillBotFilter(); }
    if (state.feed.size > 300) {
      const oldest = sortedFeed().slice(200);
      for (const o of oldest) state.feed.delete(o.id);
    }
    if (!quiet) renderFeed();
  }

  const sortedFeed = () => Array.from(state.feed.values()).sort((a, b) =>
    (b.lastActivityAt.localeCompare(a.lastActivityAt)) || a.id.localeCompare(b.id));

  function renderFeed() {
    const list = $('#feed'), st = $('#feed-state');
    const items = sortedFeed().filter(i => (!state.channel || i.channel === state.channel) && (!state.bot || i.botId === state.bot))
      .slice(0, 10);
    list.textContent = '';
    if (!items.length) {
      list.hidden = true;
      const filtered = state.channel || state.bot;
      showState(st, 'empty', filtered ? 'No conversations match the filters' : 'No conversations yet',
        filtered ? 'Try all channels and bots.' : 'Conversations appear here within a second of their first event.');
      return;
    }
    st.hidden = true;
    list.hidden = false;
    for (const i of items) {
      const li = el('li', { dataset: { id: i.id, status: i.status }, class: i._new ? 'new' : null },
        el('span', { class: 'badge ' + i.status, text: (STATUS_ICON[i.status] || '') + ' ' + i.status }),
        el('span', { class: 'who', text: i.userId || i.id, title: 'conversation ' + i.id }),
        el('time', { class: 'when', datetime: i.lastActivityAt, title: absolute(i.lastActivityAt), text: relative(i.lastActivityAt) }),
        el('span', { class: 'meta', text: [i.channel || 'no channel', i.botId || 'no bot',
          i.messageCount + (i.messageCount === 1 ? ' message' : ' messages')].join(' · ') }));
      i._new = false;
      list.append(li);
    }
  }

  // ---------- filters ----------
  function fillChannelFilter() {
    const s = $('#filter-channel');
    s.length = 1;
    for (const c of CHANNELS) s.append(el('option', { value: c, text: c }));
  }
  function fillBotFilter() {
    const s = $('#filter-bot'), current = s.value;
    s.length = 1;
    for (const b of Array.from(state.bots).sort()) s.append(el('option', { value: b, text: b }));
    s.value = current;
  }
  function onFilter() {
    state.channel = $('#filter-channel').value;
    state.bot = $('#filter-bot').value;
    $('#filter-note').hidden = !(state.channel || state.bot);
    renderFeed();
    loadCharts();
  }

  // ---------- charts ----------
  const CHARTS = {
    response: {
      path: '/api/analytics/response-times', file: 'response-times', noun: 'responses',
      series: [['avg', 'Average', '#2f6fed'], ['p50', 'p50', '#12a37c'], ['p95', 'p95', '#e5883a']],
      pick: p => ({ avg: num(p.avg ?? p.avgMs ?? p.average), p50: num(p.p50 ?? p.p50Ms), p95: num(p.p95 ?? p.p95Ms) }),
      csvHeader: ['avg_ms', 'p50_ms', 'p95_ms'], type: 'line',
    },
    volume: {
      path: '/api/analytics/message-volume', file: 'message-volume', noun: 'messages',
      series: [['inbound', 'Inbound', '#2f6fed'], ['outbound', 'Outbound', '#9bb8f5']],
      pick: p => ({ inbound: num(p.inbound ?? p.received), outbound: num(p.outbound ?? p.sent) }),
      csvHeader: ['inbound', 'outbound'], type: 'bar',
    },
  };
  const num = v => (v == null ? null : Number(v));

  /** Accepts a list of points or an object holding one (points/series/data), each with a time and its values. */
  function normalize(body, spec) {
    let points = Array.isArray(body) ? body : (body && (body.points || body.data || body.series)) || [];
    if (points.length && points[0] && Array.isArray(points[0].points)) points = points[0].points;
    return points.map(p => {
      const t = p.period ?? p.time ?? p.bucket ?? p.timestamp ?? p.hour ?? p.date ?? p.start;
      return Object.assign({ t }, spec.pick(p));
    }).filter(r => r.t != null);
  }

  function label(t, period) {
    if (/^\d{4}-\d{2}-\d{2}$/.test(t)) {
      const [y, m, d] = t.split('-').map(Number);
      return new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'short' }).format(Date.UTC(y, m - 1, d));
    }
    const date = new Date(t);
    return period === '24h' ? fmt(date, { hour: '2-digit', minute: '2-digit' })
      : fmt(date, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
  }

  function loadCharts() {
    for (const name of Object.keys(CHARTS)) loadChart(name);
    clearInterval(state.chartsTimer);
    state.chartsTimer = setInterval(() => { if (state.view === 'overview' && state.signedIn) Object.keys(CHARTS).forEach(loadChart); }, 60000);
  }

  async function loadChart(name) {
    const spec = CHARTS[name], fig = $('#chart-' + name), st = $('.state', fig);
    const period = state.period;
    const q = new URLSearchParams({ period });
    if (state.channel) q.set('channel', state.channel);
    if (state.bot) q.set('botId', state.bot);
    fig.dataset.period = period;
    fig.dataset.loading = 'true';
    let rows;
    try {
      rows = normalize(await api(spec.path + '?' + q), spec);
    } catch (e) {
      if (period !== state.period) return;
      delete fig.dataset.loading;
      state.charts[name] = Object.assign(state.charts[name] || {}, { rows: [] });
      fig.classList.add('empty');
      if (e.status === 404) {
        fig.dataset.state = 'unavailable';
        showState(st, 'empty', 'Charts are not available on this server',
          'This build has no ' + spec.path + ' route yet; cards and the feed work without it.');
      } else {
        fig.dataset.state = 'error';
        showState(st, 'error', 'The chart could not be loaded', e.message, () => loadChart(name));
      }
      return;
    }
    if (period !== state.period) return;
    delete fig.dataset.loading;
    fig.dataset.points = String(rows.length);
    const hasData = rows.some(r => spec.series.some(([k]) => r[k] != null && r[k] !== 0));
    state.charts[name] = Object.assign(state.charts[name] || {}, { rows, period });
    if (!hasData) {
      fig.dataset.state = 'empty';
      fig.classList.add('empty');
      showState(st, 'empty', 'No ' + spec.noun + ' in ' + PERIOD_TEXT[period], 'Pick a longer period or wait for traffic.');
      return;
    }
    if (!window.Chart) {
      fig.dataset.state = 'error';
      fig.classList.add('empty');
      showState(st, 'error', 'The chart library did not load', 'Reload the page to try again.', () => location.reload());
      return;
    }
    fig.dataset.state = 'data';
    fig.classList.remove('empty');
    st.hidden = true;
    drawChart(name, spec, rows, period);
  }

  function drawChart(name, spec, rows, period) {
    const canvas = $('#chart-' + name + ' canvas');
    const data = {
      labels: rows.map(r => label(r.t, period)),
      datasets: spec.series.map(([k, text, color]) => ({
        label: text, data: rows.map(r => r[k]), borderColor: color, backgroundColor: color,
        borderWidth: 2, pointRadius: 0, tension: .3, spanGaps: true,
      })),
    };
    const c = state.charts[name];
    if (c.chart && c.chart.config.type === spec.type) {
      c.chart.data = data;
      c.chart.update('none');
      return;
    }
    if (c.chart) c.chart.destroy();
    c.chart = new window.Chart(canvas, {
      type: spec.type, data,
      options: {
        responsive: true, maintainAspectRatio: false, animation: false, interaction: { mode: 'index', intersect: false },
        plugins: { legend: { position: 'bottom', labels: { boxWidth: 12 } },
          tooltip: { callbacks: { label: ctx => ctx.dataset.label + ': ' + (name === 'response' ? duration(ctx.parsed.y) : integer(ctx.parsed.y)) } } },
        scales: {
          x: { ticks: { maxTicksLimit: 8, maxRotation: 0 }, grid: { display: false } },
          y: { beginAtZero: true, ticks: { callback: v => (name === 'response' ? duration(v) : integer(v)) } },
        },
      },
    });
  }

  function chartCsv(name) {
    const spec = CHARTS[name], c = state.charts[name];
    if (!c || !c.rows || !c.rows.length) return;
    const lines = [['period (' + tz() + ')', 'period_utc'].concat(spec.csvHeader).join(',')];
    for (const r of c.rows) {
      const local = /^\d{4}-\d{2}-\d{2}$/.test(r.t) ? r.t : fmt(new Date(r.t), { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
      lines.push(['"' + local + '"', r.t].concat(spec.series.map(([k]) => (r[k] == null ? '' : r[k]))).join(','));
    }
    download(new Blob([lines.join('\n') + '\n'], { type: 'text/csv' }), spec.file + '-' + c.period + '.csv');
  }

  function download(blob, name) {
    const a = el('a', { href: URL.createObjectURL(blob), download: name });
    document.body.append(a);
    a.click();
    setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  }

  function showState(box, kind, title, detail, retry) {
    box.hidden = false;
    box.className = 'state ' + kind;
    box.textContent = '';
    box.append(el('div', { class: 'icon', 'aria-hidden': 'true', text: kind === 'error' ? '⚠' : '◌' }),
      el('strong', { text: title }));
    if (detail) box.append(el('span', { text: detail }));
    if (retry) box.append(el('button', { type: 'button', class: 'secondary small', text: 'Try again', onclick: retry }));
  }

  // ---------- live chat ----------
  function onLivechat(m) {
    const chat = m.data;
    if (m.event === 'requested') state.queue.set(chat.requestId, Object.assign({ room: m.room }, chat));
    else state.queue.delete(chat.requestId);
    const at = (m.event === 'missed' ? chat.missedAt : m.event === 'accepted' ? chat.acceptedAt
      : m.event === 'ended' ? chat.endedAt : chat.requestedAt) || '';
    // one line per request, in the state it is in now (requested, then accepted, then ended; or missed)
    state.activity = state.activity.filter(a => a.chat.requestId !== chat.requestId);
    state.activity.push({ event: m.event, room: m.room, chat, at });
    state.activity.sort((a, b) => b.at.localeCompare(a.at));
    state.activity.length = Math.min(state.activity.length, 25);
    if (!m.snapshot) {
      clearTimeout(state.agentsTimer);
      if (state.view === 'livechat') state.agentsTimer = setTimeout(loadAgents, 3000);
    }
    if (state.view === 'livechat') { renderQueue(); renderActivity(); }
  }

  function renderQueue() {
    const list = $('#queue'), st = $('#queue-state');
    const waiting = Array.from(state.queue.values()).sort((a, b) => (a.requestedAt || '').localeCompare(b.requestedAt || ''));
    list.textContent = '';
    if (!waiting.length) {
      list.hidden = true;
      showState(st, 'empty', 'Nobody is waiting', 'New live-chat requests appear here the moment they arrive.');
      return;
    }
    st.hidden = true; list.hidden = false;
    for (const c of waiting) {
      list.append(el('li', { dataset: { id: c.requestId } },
        el('span', { class: 'badge waiting', text: '… waiting' }),
        el('span', { class: 'who', text: c.conversationId || c.requestId },
          c.room && c.room !== 'tenant' ? el('span', { class: 'room', text: c.room }) : null),
        el('span', { class: 'when wait', dataset: { since: c.requestedAt || '' }, title: c.requestedAt ? absolute(c.requestedAt) : '',
          text: c.requestedAt ? duration(Date.now() - new Date(c.requestedAt).getTime()) : '' }),
        el('span', { class: 'meta', text: ['group ' + (c.groupId || '–'), c.channel || 'no channel', c.botId || 'no bot'].join(' · ') })));
    }
  }

  function renderActivity() {
    const list = $('#lc-activity'), st = $('#lc-activity-state');
    list.textContent = '';
    if (!state.activity.length) {
      list.hidden = true;
      showState(st, 'empty', 'No live-chat activity yet', 'Requests, acceptances, ended chats and misses appear here as they happen.');
      return;
    }
    st.hidden = true; list.hidden = false;
    for (const a of state.activity) {
      const c = a.chat;
      const taken = 'accepted by ' + (c.staffId || 'an agent') + (c.waitMs != null ? ' after ' + duration(c.waitMs) : '');
      const who = a.event === 'accepted' ? taken
        : a.event === 'ended' ? taken + ', ended' + (c.durationMs != null ? ' after ' + duration(c.durationMs) : '')
        : a.event === 'missed' ? 'missed, nobody answered' : 'asked for an agent';
      list.append(el('li', { dataset: { event: a.event } },
        el('span', { class: 'badge ' + a.event, text: (STATUS_ICON[a.event] || '') + ' ' + a.event }),
        el('span', { class: 'who', text: c.conversationId || c.requestId },
          a.room && a.room !== 'tenant' ? el('span', { class: 'room', text: a.room }) : null),
        el('time', { class: 'when', datetime: a.at, title: a.at ? absolute(a.at) : '', text: a.at ? relative(a.at) : '' }),
        el('span', { class: 'meta', text: who + (c.groupId ? ' · group ' + c.groupId : '') })));
    }
  }

  const UNASSIGNED = 'unassigned';
  async function loadAgents() {
    const table = $('#agents'), st = $('#agents-state'), today = localDate();
    $('#agents-day').textContent = fmt(new Date(), { weekday: 'long', day: 'numeric', month: 'long' }) + ' · ' + tz();
    let body;
    try {
      body = await api('/api/analytics/livechat?groupBy=agent&from=' + today + '&to=' + today);
    } catch (e) {
      table.hidden = true;
      showState(st, 'error', 'Agent figures could not be loaded', e.message, loadAgents);
      return;
    }
    // "unassigned" is the API's key for requests no agent took (missed or still waiting): not an agent, so last
    const rows = (body.rows || []).filter(r => r.key != null)
      .sort((a, b) => (a.key === UNASSIGNED) - (b.key === UNASSIGNED));
    state.agentRows = rows;
    const tbody = $('tbody', table);
    tbody.textContent = '';
    if (!rows.length) {
      table.hidden = true;
      showState(st, 'empty', 'No live chats today', 'Agents show up here once they accept or miss a request today.');
      return;
    }
    st.hidden = true; table.hidden = false;
    for (const r of rows) {
      const name = r.key === UNASSIGNED
        ? el('td', { class: 'unassigned', title: 'Requests no agent accepted: missed or still waiting' },
          el('span', { text: 'Unassigned' }), el('small', { text: ' no agent' }))
        : el('td', { text: r.key });
      tbody.append(el('tr', { dataset: { agent: r.key } }, name,
        el('td', { class: 'num', text: integer(r.requests) }), el('td', { class: 'num', text: integer(r.accepted) }),
        el('td', { class: 'num', text: integer(r.missed) }), el('td', { class: 'num', text: duration(r.waitAvgMs) }),
        el('td', { class: 'num', text: duration(r.waitP95Ms) }), el('td', { class: 'num', text: duration(r.durationAvgMs) }),
        el('td', { class: 'num', text: duration(r.agentFirstResponseAvgMs) })));
    }
  }

  function agentsCsv() {
    const rows = state.agentRows || [];
    const head = ['agent', 'requests', 'accepted', 'missed', 'wait_avg_ms', 'wait_p95_ms', 'duration_avg_ms', 'agent_first_response_avg_ms'];
    const lines = [head.join(',')].concat(rows.map(r => ['"' + String(r.key).replace(/"/g, '""') + '"', r.requests, r.accepted, r.missed,
      r.waitAvgMs ?? '', r.waitP95Ms ?? '', r.durationAvgMs ?? '', r.agentFirstResponseAvgMs ?? ''].join(',')));
    download(new Blob([lines.join('\n') + '\n'], { type: 'text/csv' }), 'agents-' + localDate() + '.csv');
  }

  // ---------- reports ----------
  let schedules = [];
  async function loadReports() {
    const st = $('#schedules-state'), table = $('#schedules');
    let body;
    try {
      body = await api('/schedules');
    } catch (e) {
      if (e.status === 404) { $('#reports-unavailable').hidden = false; $('#reports-body').hidden = true; return; }
      table.hidden = true;
      showState(st, 'error', e.status === 403 ? 'This key cannot see report schedules' : 'Schedules could not be loaded',
        e.status === 403 ? scopeHelp(e) : e.message, e.status === 403 ? null : loadReports);
      return;
    }
    $('#reports-unavailable').hidden = true;
    $('#reports-body').hidden = false;
    schedules = Array.isArray(body) ? body : (body.schedules || body.items || []);
    const tbody = $('tbody', table);
    tbody.textContent = '';
    if (!schedules.length) {
      table.hidden = true;
      showState(st, 'empty', 'No scheduled reports', 'Create one to email a weekly or monthly report.');
      return;
    }
    st.hidden = true; table.hidden = false;
    for (const s of schedules) {
      const del = el('button', { type: 'button', class: 'link danger', text: 'Delete', dataset: { action: 'delete' } });
      del.onclick = () => {
        if (del.dataset.confirm) { deleteSchedule(s); return; }
        del.dataset.confirm = 'true'; del.textContent = 'Confirm delete';
        setTimeout(() => { delete del.dataset.confirm; del.textContent = 'Delete'; }, 4000);
      };
      tbody.append(el('tr', { class: 'has-log', dataset: { id: s.id, name: s.name } },
        el('td', { text: s.name }), el('td', { text: s.frequency, dataset: { label: 'Frequency' } }),
        el('td', { text: String(s.format || '').toUpperCase(), dataset: { label: 'Format' } }),
        el('td', { text: (s.recipients || []).join(', '), dataset: { label: 'Recipients' } }),
        el('td', { dataset: { label: 'Next report' }, title: 'at ' + String(s.hour ?? 6).padStart(2, '0') + ':00 ' + (s.timezone || tz()),
          text: s.enabled === false ? '–' : s.nextRunAt ? fmt(new Date(s.nextRunAt), { dateStyle: 'medium', timeStyle: 'short' })
            : String(s.hour ?? 6).padStart(2, '0') + ':00 ' + (s.timezone || tz()) }),
        el('td', { dataset: { label: 'Enabled' } }, el('span', { class: 'pill' + (s.enabled === false ? '' : ' on'), text: s.enabled === false ? 'off' : 'on' })),
        el('td', { class: 'actions' },
          el('button', { type: 'button', class: 'link', text: 'Send now', dataset: { action: 'send' }, onclick: () => sendNow(s) }),
          el('button', { type: 'button', class: 'link', text: 'Edit', onclick: () => editSchedule(s) }), del)));
      tbody.append(el('tr', { class: 'delivery-row', dataset: { for: s.id } },
        el('td', { colspan: '7' },
          el('div', { class: 'send-state', role: 'status', 'aria-live': 'polite', hidden: true }),
          el('details', { class: 'delivery-log' }, el('summary', { text: 'Delivery log' }),
            el('div', { class: 'log-body' }, el('p', { class: 'muted', text: 'Loading…' }))))));
      loadDeliveries(s);
    }
  }

  // ---------- reports: deliveries ----------
  // a delivery is settled once sent or failed; until then the page asks again, so what it shows is what is stored
  const DELIVERY_POLL_MS = 2000;
  const deliveryPolls = new Map();
  const inFlight = d => d && ['pending', 'sending', 'retrying'].includes(d.status);
  const deliveryRow = s => $('#schedules tr.delivery-row[data-for="' + CSS.escape(s.id) + '"]');
  const at = iso => fmt(new Date(iso), { dateStyle: 'medium', timeStyle: 'medium' });

  /** What a missing scope means and how to get a key that has it, from a 403's detail. */
  function scopeHelp(e) {
    const m = /lacks the '([a-z]+)' scope/.exec(e.detail || e.message || '');
    if (e.status !== 403 || !m) return null;
    const tenant = state.tenant ? state.tenant.id : '{tenant}';
    const scopes = m[1] === 'read' ? '["read"]' : '["read","' + m[1] + '"]';
    return 'This needs a key with the \'' + m[1] + '\' scope: a tenant admin creates one with POST /api/tenants/'
      + tenant + '/keys {"scopes":' + scopes + '}, then signs in here with it.';
  }

  async function loadDeliveries(s) {
    let list;
    try {
      list = await api('/schedules/' + encodeURIComponent(s.id) + '/deliveries?limit=20');
    } catch (e) {
      const row = deliveryRow(s);
      if (row) $('.log-body', row).replaceChildren(el('p', { class: 'form-error', text: 'The delivery log could not be loaded: '
        + (scopeHelp(e) || e.message) }));
      return null;
    }
    renderDeliveries(s, list);
    const newest = list[0];
    if (inFlight(newest)) { showSendState(s, newest, null); watchDelivery(s, newest.id); }
    return list;
  }

  function renderDeliveries(s, list) {
    const row = deliveryRow(s);
    if (!row) return;
    const summary = $('summary', row);
    summary.textContent = 'Delivery log (' + list.length + (list.length === 20 ? '+' : '') + ')';
    if (!list.length) { $('.log-body', row).replaceChildren(el('p', { class: 'muted', text: 'Nothing has been sent yet.' })); return; }
    const body = el('tbody');
    for (const d of list) {
      body.append(el('tr', { dataset: { id: d.id, status: d.status } },
        el('td', { text: periodText(d), dataset: { label: 'Period' } }),
        el('td', { dataset: { label: 'Sent by' }, text: d.trigger === 'scheduled' ? 'schedule' : d.trigger === 'resend' ? 'send again' : 'send now' }),
        el('td', { dataset: { label: 'Status' } }, el('span', { class: 'pill ' + d.status, text: d.status })),
        el('td', { class: 'num', text: String(d.attempts), dataset: { label: 'Attempts' } }),
        el('td', { class: d.lastError ? 'error-text' : 'no-error', dataset: { label: 'Last error' }, text: d.status === 'retrying' && d.nextAttemptAt
          ? (d.lastError || '') + ' · next attempt ' + at(d.nextAttemptAt) : (d.lastError || '–') }),
        el('td', { text: d.sentAt ? at(d.sentAt) : '–', dataset: { label: 'Sent at' } })));
    }
    $('.log-body', row).replaceChildren(el('table', { class: 'table log' },
      el('thead', {}, el('tr', {}, ['Period', 'Sent by', 'Status', 'Attempts', 'Last error', 'Sent at'].map(h => el('th', { text: h })))),
      body));
  }

  function periodText(d) {
    return d.periodStart === d.periodEnd ? d.periodStart : d.periodStart + ' – ' + d.periodEnd;
  }

  /**
   * The delivery's real state in the schedule's row, with "Send again" once it is sent. answered: 'existing' when the
   * press found the period's delivery already on its way or sent, 'new' when it claimed one, null to keep what it was.
   */
  function showSendState(s, d, answered) {
    const row = deliveryRow(s);
    if (!row) return;
    const box = $('.send-state', row);
    if (box.dataset.id !== d.id) delete box.dataset.answered;
    // a press that found a delivery on its way, which then went out, reports it sent, not "already sent"
    if (box.dataset.id === d.id && box.dataset.status !== d.status) box.dataset.answered = 'new';
    if (answered) box.dataset.answered = answered;
    answered = box.dataset.answered;
    box.hidden = false;
    box.dataset.status = d.status;
    box.dataset.id = d.id;
    const period = 'the report for ' + periodText(d);
    const who = (d.recipients || []).length + ' recipient' + ((d.recipients || []).length === 1 ? '' : 's');
    let text;
    if (d.status === 'sent') {
      text = (answered === 'existing' ? 'Already sent: ' + period + ' went to ' + who + ' at ' + at(d.sentAt) + '. It was not sent again.'
        : 'Sent: ' + period + ' went to ' + who + ' at ' + at(d.sentAt) + '.');
    } else if (d.status === 'retrying') {
      text = (answered === 'existing' ? 'Not queued again: ' + period + ' is already waiting to be sent. ' : 'Not sent yet: ')
        + 'attempt ' + d.attempts + ' failed (' + (d.lastError || 'unknown error') + '). Next attempt at ' + at(d.nextAttemptAt) + '.';
    } else if (d.status === 'failed') {
      text = 'Failed: ' + period + ' was not sent after ' + d.attempts + ' attempt' + (d.attempts === 1 ? '' : 's')
        + ' (' + (d.lastError || 'unknown error') + '). "Send now" tries again.';
    } else {
      text = (answered === 'existing' ? 'Not queued again: ' : '') + 'Sending ' + period + ' to ' + who + '…';
    }
    box.className = 'send-state ' + (d.status === 'sent' ? 'ok' : d.status === 'failed' || d.status === 'retrying' ? 'error' : '');
    box.replaceChildren(el('span', { class: 'text', text }));
    if (d.status === 'sent') {
      box.append(el('button', { type: 'button', class: 'link', text: 'Send again', dataset: { action: 'resend' },
        title: 'Mails this period\'s report once more to every recipient, although it was already sent',
        onclick: () => sendNow(s, true) }), el('span', { class: 'muted', text: '(mails this period once more to everyone)' }));
    }
  }

  function watchDelivery(s, id) {
    clearTimeout(deliveryPolls.get(s.id));
    deliveryPolls.set(s.id, setTimeout(async () => {
      deliveryPolls.delete(s.id);
      if (!state.signedIn || state.view !== 'reports' || !deliveryRow(s)) return;
      let list;
      try {
        list = await api('/schedules/' + encodeURIComponent(s.id) + '/deliveries?limit=20');
      } catch (e) {
        watchDelivery(s, id);
        return;
      }
      renderDeliveries(s, list);
      const d = list.find(x => x.id === id);
      if (!d) return;
      showSendState(s, d, null);
      if (inFlight(d)) watchDelivery(s, id);
    }, DELIVERY_POLL_MS));
  }

  function editSchedule(s) {
    const d = $('#schedule-dialog');
    d.dataset.id = s ? s.id : '';
    $('#schedule-title').textContent = s ? 'Edit schedule' : 'New schedule';
    $('#s-name').value = s ? s.name : '';
    $('#s-frequency').value = s ? s.frequency : 'weekly';
    $('#s-format').value = s ? s.format : 'pdf';
    $('#s-hour').value = s && s.hour != null ? s.hour : 6;
    $('#s-timezone').value = s && s.timezone ? s.timezone : '';
    $('#s-timezone').placeholder = tz() + ' (the tenant\'s)';
    $('#s-recipients').value = s ? (s.recipients || []).join(', ') : '';
    $('#s-enabled').checked = s ? s.enabled !== false : true;
    const boxes = $('#s-sections');
    boxes.textContent = '';
    const chosen = new Set(s && s.sections ? s.sections : SECTIONS);
    for (const name of SECTIONS) {
      boxes.append(el('label', {}, el('input', { type: 'checkbox', value: name, checked: chosen.has(name) }), name.replace(/_/g, ' ')));
    }
    $('#schedule-error').hidden = true;
    d.showModal();
    $('#s-name').focus();
  }

  async function saveSchedule(event) {
    event.preventDefault();
    const d = $('#schedule-dialog'), id = d.dataset.id, err = $('#schedule-error');
    const body = {
      name: $('#s-name').value.trim(), frequency: $('#s-frequency').value, format: $('#s-format').value,
      sections: $$('#s-sections input:checked').map(i => i.value),
      recipients: $('#s-recipients').value.split(/[,;\s]+/).filter(Boolean),
      enabled: $('#s-enabled').checked, hour: Number($('#s-hour').value),
    };
    if ($('#s-timezone').value.trim()) body.timezone = $('#s-timezone').value.trim();
    $('#schedule-save').disabled = true;
    try {
      await api(id ? '/schedules/' + encodeURIComponent(id) : '/schedules', { method: id ? 'PUT' : 'POST', body });
      d.close();
      loadReports();
    } catch (e) {
      err.hidden = false;
      err.textContent = scopeHelp(e) || (e.error && e.error !== 'bad_request' ? e.error + ': ' : '') + (e.detail || e.message);
    } finally {
      $('#schedule-save').disabled = false;
    }
  }

  async function deleteSchedule(s) {
    try {
      await api('/schedules/' + encodeURIComponent(s.id), { method: 'DELETE' });
      reportStatus('Deleted "' + s.name + '".');
    } catch (e) {
      reportStatus('Could not delete "' + s.name + '": ' + (scopeHelp(e) || e.message), true);
    }
    loadReports();
  }

  async function sendNow(s, resend) {
    const row = deliveryRow(s);
    const box = row && $('.send-state', row);
    if (box) {
      box.hidden = false; box.className = 'send-state'; box.dataset.status = 'asking'; delete box.dataset.id;
      delete box.dataset.answered;
      box.replaceChildren(el('span', { class: 'text', text: resend ? 'Sending the last complete period again…' : 'Sending the last complete period…' }));
    }
    let d;
    try {
      d = await api('/schedules/' + encodeURIComponent(s.id) + '/send' + (resend ? '?resend=true' : ''), { method: 'POST' });
    } catch (e) {
      if (box) {
        box.className = 'send-state error'; box.dataset.status = 'refused';
        box.replaceChildren(el('span', { class: 'text', text: 'Could not send "' + s.name + '": ' + (scopeHelp(e) || e.message) }));
      }
      return;
    }
    showSendState(s, d, d.created === false ? 'existing' : 'new');
    loadDeliveries(s).then(() => { if (inFlight(d)) watchDelivery(s, d.id); });
  }

  function reportStatus(text, error) {
    const p = $('#export-status');
    p.textContent = text;
    p.classList.toggle('error', !!error);
  }

  async function exportReport(event) {
    event.preventDefault();
    const from = $('#export-from').value, to = $('#export-to').value, format = $('#export-format').value;
    if (!from || !to || from > to) { reportStatus('Pick a start day on or before the end day.', true); return; }
    $('#export-download').disabled = true;
    reportStatus('Preparing the ' + format.toUpperCase() + ' report…');
    try {
      const q = new URLSearchParams({ tenantId: state.tenant.id, from, to, format });
      const r = await api('/exports?' + q, { raw: true });
      download(await r.blob(), 'convolens-' + state.tenant.id + '-' + from + '-to-' + to + '.' + format);
      reportStatus('Downloaded the report for ' + from + ' to ' + to + ' (' + tz() + ').');
    } catch (e) {
      if (e.status === 404) { $('#reports-unavailable').hidden = false; $('#reports-body').hidden = true; }
      reportStatus('The report could not be made: ' + e.message, true);
    } finally {
      $('#export-download').disabled = false;
    }
  }

  // ---------- ticking ----------
  function tickClock() {
    if (!state.tenant) return;
    $('#clock').textContent = fmt(new Date(), { hour: '2-digit', minute: '2-digit' }) + ' · ' + tz() + ' (' + offsetText() + ')';
  }
  function tick() {
    if (!state.signedIn) return;
    tickClock();
    for (const t of $$('#feed time.when, #lc-activity time.when')) t.textContent = relative(t.getAttribute('datetime'));
    for (const w of $$('#queue .wait')) if (w.dataset.since) w.textContent = duration(Date.now() - new Date(w.dataset.since).getTime());
    const m = state.metrics;
    if (m && m.longestWaitMs != null && m.livechatWaiting > 0) {
      const v = $('#card-wait .value');
      if (v) v.textContent = duration(m.longestWaitMs + (Date.now() - state.metricsAt));
    }
  }

  // ---------- wiring ----------
  function init() {
    $('#signin-form').addEventListener('submit', e => { e.preventDefault(); signIn($('#signin-key').value); });
    $('#signout').addEventListener('click', () => signOut());
    for (const b of $$('.tabs button')) b.addEventListener('click', () => showView(b.dataset.view));
    window.addEventListener('hashchange', () => state.signedIn && showView(viewFromHash()));
    for (const b of $$('.segmented button')) {
      b.addEventListener('click', () => {
        state.period = b.dataset.period;
        for (const o of $$('.segmented button')) o.setAttribute('aria-pressed', String(o === b));
        loadCharts();
      });
    }
    $('#filter-channel').addEventListener('change', onFilter);
    $('#filter-bot').addEventListener('change', onFilter);
    for (const b of $$('button.csv[data-chart]')) b.addEventListener('click', () => chartCsv(b.dataset.chart));
    $('#agents-csv').addEventListener('click', agentsCsv);
    $('#schedule-new').addEventListener('click', () => editSchedule(null));
    $('#schedule-cancel').addEventListener('click', () => $('#schedule-dialog').close());
    $('#schedule-form').addEventListener('submit', saveSchedule);
    $('#export-form').addEventListener('submit', exportReport);
    setInterval(tick, 1000);
    const saved = sessionStorage.getItem(KEY_STORAGE);
    if (saved) signIn(saved);
    else showSignIn();
  }

  function whenReady() {
    // dates for the export form default to last week, in the tenant's calendar once signed in
    const d = new Date();
    $('#export-to').value = d.toISOString().slice(0, 10);
    $('#export-from').value = new Date(d.getTime() - 6 * 86400000).toISOString().slice(0, 10);
    init();
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', whenReady);
  else whenReady();
})();
