// geokg workbench: search, ego graph, paths, evidence and timeline, all
// through the read-only JSON API under /v1. Every text from the API goes
// into the page as text (never as HTML), with dir="auto" so Arabic reads
// right to left; Cytoscape.js draws node labels with Canvas fillText, which
// shapes Arabic. What is on screen is kept in the URL (see writeURL).
'use strict';

(() => {
  const $ = (id) => document.getElementById(id);
  const MODALITIES = ['asserted', 'claimed', 'planned', 'hedged', 'denied', 'disputed'];
  const QUADS = ['structural', 'verbal cooperation', 'material cooperation', 'verbal conflict', 'material conflict'];
  const QUAD_COLORS = ['#868e96', '#4c9be8', '#1a5fb4', '#e8890c', '#c0262d'];
  const KINDS = {
    country: ['#1c7ed6', 'round-rectangle'], government: ['#4263eb', 'hexagon'],
    government_body: ['#748ffc', 'hexagon'], military: ['#2f9e44', 'diamond'],
    armed_group: ['#e03131', 'triangle'], political_party: ['#ae3ec9', 'round-pentagon'],
    igo: ['#0c8599', 'round-octagon'], organization: ['#15aabf', 'round-octagon'],
    person: ['#f08c00', 'ellipse'], location: ['#66a80f', 'round-tag'],
    facility: ['#5c940d', 'round-tag'], agreement: ['#6741d9', 'rectangle'], event: ['#c2255c', 'star'],
  };
  const NEIGHBOR_LIMIT = 200;

  // state is what the URL holds; view is what has been loaded for it.
  const state = {
    e: '', x: [], from: '', to: '', hops: 4, k: 3, avoid: [], through: [], psince: '', puntil: '', chrono: false, rank: 'length', sel: '',
    since: '', until: '', lang: 'auto', mods: new Set(MODALITIES), minconf: 0, hide: new Set(),
  };
  const view = {
    types: new Map(), // relation type id -> RelationType
    entities: new Map(), // id -> Entity
    relations: new Map(), // id -> Relation
    expanded: new Set(),
    pageSize: NEIGHBOR_LIMIT, // relations an expansion loads
    next: new Map(), // expanded entity id -> the cursor of its next page of relations
    events: [],
    buckets: [], // events per year
    months: [], // slider positions: 'YYYY-MM'
    kinds: Object.keys(KINDS), // the kinds a route may pass through, from /openapi.json
  };

  // ---- API -----------------------------------------------------------

  class APIError extends Error {
    constructor(status, body) {
      const e = (body && body.error) || {};
      super(e.message || `HTTP ${status}`);
      this.status = status;
      this.code = e.code;
      this.details = e.details || {};
    }
  }

  async function api(path, params) {
    const url = new URL(path, location.origin);
    for (const [k, v] of Object.entries(params || {})) {
      if (Array.isArray(v)) v.forEach((x) => url.searchParams.append(k, x));
      else if (v !== '' && v !== undefined && v !== null) url.searchParams.set(k, v);
    }
    const res = await fetch(url, { headers: { Accept: 'application/json' } });
    const body = await res.json().catch(() => null);
    if (!res.ok) throw new APIError(res.status, body);
    return body;
  }
  const entityPath = (id) => '/v1/entities/' + encodeURIComponent(id);

  // ---- DOM helpers ---------------------------------------------------

  // h builds an element: h('a', {href, className}, 'text', child…).
  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'onclick') el.addEventListener('click', v);
      else if (k in el && !k.includes('-') && k !== 'dir' && k !== 'lang') el[k] = v;
      else el.setAttribute(k, v === true ? '' : v);
    }
    for (const c of children.flat(Infinity)) {
      if (c !== undefined && c !== null && c !== false) el.append(c instanceof Node ? c : String(c));
    }
    return el;
  }
  // bdi isolates a name from the text around it (mixed Arabic and English).
  const bdi = (text, className) => h('bdi', { className, lang: langOf(text) || undefined }, text);
  const langOf = (text) => (/[\u0600-\u06ff]/.test(text || '') ? 'ar' : '');

  function say(message, isError) {
    const s = $('status');
    s.textContent = message;
    s.classList.toggle('error', !!isError);
  }
  function fail(err) {
    say(err.message || String(err), true);
  }
  // run runs a user's request, reporting its failure; the page is
  // aria-busy while any runs.
  let busy = 0;
  function run(job) {
    busy++;
    document.body.setAttribute('aria-busy', 'true');
    return Promise.resolve().then(job).catch(fail).finally(() => {
      if (--busy === 0) document.body.removeAttribute('aria-busy');
    });
  }

  // ---- dates at their precision ---------------------------------------

  const DAY = 86400000;
  // period turns 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD' into its first and last
  // day (epoch days): 2008 covers the year, 2020-06 the month.
  function period(date) {
    const [y, m, d] = date.split('-').map(Number);
    if (d) return [Date.UTC(y, m - 1, d) / DAY, Date.UTC(y, m - 1, d) / DAY];
    if (m) return [Date.UTC(y, m - 1, 1) / DAY, Date.UTC(y, m, 0) / DAY];
    return [Date.UTC(y, 0, 1) / DAY, Date.UTC(y, 11, 31) / DAY];
  }
  // span is the days a relation covers; undated ones hold at any time.
  function span(r) {
    if (!r.date) return null;
    const lo = period(r.date)[0];
    if (r.class === 'structural' && !r.end) return [lo, Infinity];
    return [lo, period(r.end || r.date)[1]];
  }
  const monthFmt = new Intl.DateTimeFormat('en', { month: 'long', year: 'numeric', timeZone: 'UTC' });
  const dayFmt = new Intl.DateTimeFormat('en', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  function showDate(date) {
    const [y, m, d] = date.split('-').map(Number);
    if (d) return dayFmt.format(Date.UTC(y, m - 1, d));
    if (m) return monthFmt.format(Date.UTC(y, m - 1, 1));
    return String(y);
  }
  function dateOf(r) {
    if (!r.date) return h('span', { className: 'meta' }, 'undated');
    const precision = r.precision || ['year', 'month', 'day'][r.date.split('-').length - 1];
    const t = h('time', { datetime: r.date, title: `${precision} precision` }, showDate(r.date));
    if (!r.end) return t;
    return h('span', {}, t, ' – ', h('time', { datetime: r.end }, showDate(r.end)));
  }

  // n things: "1 relation", "2 relations" (other: the plural when it is
  // not one+"s").
  function many(n, one, other = one + 's') {
    return `${n} ${n === 1 ? one : other}`;
  }

  // The counts of an entity, as its card and search results give them.
  function counts(c) {
    return `${many(c.relations, 'relation')} · ${many(c.neighbors, 'neighbour')} · ${many(c.sources, 'source')}`;
  }

  // ---- names -----------------------------------------------------------

  function label(e) {
    if (!e) return '';
    if (state.lang !== 'auto' && e.names && e.names[state.lang]) return e.names[state.lang];
    return e.name || e.id;
  }
  const typeLabel = (t) => (view.types.get(t) || {}).label || t.replaceAll('_', ' ');
  const nameOf = (id, fallback) => label(view.entities.get(id)) || fallback || id;

  // ---- the graph canvas -----------------------------------------------

  const cy = cytoscape({
    container: $('canvas'),
    minZoom: 0.05,
    maxZoom: 4,
    style: [
      { selector: 'node', style: {
        label: 'data(label)', 'background-color': 'data(color)', shape: 'data(shape)',
        width: 26, height: 26, 'font-size': 12, 'text-valign': 'bottom', 'text-margin-y': 4,
        'text-wrap': 'ellipsis', 'text-max-width': 160, 'min-zoomed-font-size': 6,
        'text-background-color': '#fff', 'text-background-opacity': 0.8, 'text-background-padding': 1,
        'border-width': 1, 'border-color': '#343a40',
      } },
      { selector: 'node.expanded', style: { width: 34, height: 34, 'border-width': 3 } },
      { selector: 'node.focus', style: { 'border-color': '#f59f00', 'border-width': 5 } },
      { selector: 'node:selected', style: { 'overlay-color': '#f59f00', 'overlay-opacity': 0.3, 'overlay-padding': 6 } },
      { selector: 'edge', style: {
        width: 'data(width)', 'line-color': 'data(color)', 'target-arrow-color': 'data(color)',
        'target-arrow-shape': 'data(arrow)', 'curve-style': 'bezier', 'control-point-step-size': 14,
        label: 'data(label)', 'font-size': 9, 'color': '#495057', 'text-rotation': 'autorotate',
        'min-zoomed-font-size': 8, 'text-background-color': '#fff', 'text-background-opacity': 0.7,
        'arrow-scale': 0.9,
      } },
      { selector: 'edge[modality = "claimed"]', style: { 'line-style': 'dashed', 'line-dash-pattern': [6, 3] } },
      { selector: 'edge[modality = "planned"]', style: { 'line-style': 'dashed', 'line-dash-pattern': [10, 5], 'target-arrow-fill': 'hollow' } },
      { selector: 'edge[modality = "hedged"]', style: { 'line-style': 'dotted', opacity: 0.75 } },
      { selector: 'edge[modality = "denied"]', style: { 'line-style': 'dotted', 'target-arrow-shape': 'tee', 'line-color': '#c0262d', 'target-arrow-color': '#c0262d', opacity: 0.6 } },
      // Some reports assert it, others deny it.
      { selector: 'edge[modality = "disputed"]', style: { 'line-style': 'dashed', 'line-dash-pattern': [2, 4], 'target-arrow-shape': 'tee', 'target-arrow-color': '#c0262d' } },
      { selector: 'edge.role', style: { opacity: 0.6, 'font-size': 8 } },
      { selector: 'edge.link', style: { 'line-opacity': 0.8, 'font-style': 'italic' } },
      { selector: 'edge.path', style: { 'underlay-color': '#f59f00', 'underlay-opacity': 0.45, 'underlay-padding': 4, 'z-index': 10 } },
      { selector: 'node.path', style: { 'underlay-color': '#f59f00', 'underlay-opacity': 0.45, 'underlay-padding': 6 } },
      { selector: 'edge:selected', style: { 'overlay-color': '#f59f00', 'overlay-opacity': 0.35, 'overlay-padding': 5, 'z-index': 20 } },
      { selector: '.hidden', style: { display: 'none' } },
    ],
  });
  // For the browser console and the browser test.
  // (helpers is filled in below, for the browser test's checks of them.)
  const helpers = {};
  window.workbench = { cy, state, view, helpers };

  function nodeData(e) {
    const [color, shape] = KINDS[e.kind] || ['#adb5bd', 'ellipse'];
    return { id: e.id, label: label(e), kind: e.kind, color, shape };
  }
  // An edge draws one link of a relation (see graph.Link): the relation's
  // own edge its source to its target (id: the relation's); a role edge
  // its source to a participant (class role, id EVENT#ROLE:ENTITY as geokg
  // export names a participation), labelled with the role; a route's link
  // (class link) any other two of its parties that a route steps between,
  // drawn only while the route is. Every edge's relation is
  // data('relation'); filters go by relations, counts and the CSV count
  // relation edges (relationEdges), and GraphML and GEXF write role edges
  // too, as participations.
  function edgeData(r) {
    const t = view.types.get(r.type) || {};
    const quad = r.quad_class || 0;
    const modality = (r.modality === 'asserted' ? '' : ` (${r.modality})`) + (r.draft ? ' (draft)' : '');
    return {
      id: r.id, relation: r.id, source: r.source, target: r.target, type: r.type, modality: r.modality,
      label: typeLabel(r.type) + modality, color: QUAD_COLORS[quad], quad,
      arrow: t.symmetric ? 'none' : 'triangle', confidence: r.confidence,
      width: 1.5 + 1.5 * Math.log2(Math.max(1, r.reports || r.evidence.length)),
    };
  }
  function roleEdgeData(r, p) {
    return Object.assign(edgeData(r), {
      id: `${r.id}#${p.role}:${p.entity}`, role: p.role, target: p.entity, arrow: 'vee', width: 1,
      label: `${typeLabel(r.type)}: ${p.role.replaceAll('_', ' ')}`,
    });
  }
  const relationEdges = () => cy.edges().not('.role, .link');
  const edgesOf = (id) => cy.edges().filter((e) => e.data('relation') === id);

  function addEntity(e) {
    const known = view.entities.get(e.id);
    view.entities.set(e.id, Object.assign(known || {}, e));
    if (cy.getElementById(e.id).empty()) {
      return cy.add({ group: 'nodes', data: nodeData(e) });
    }
    return null;
  }
  function addRelation(r) {
    view.relations.set(r.id, r);
    for (const [id, name] of [[r.source, r.source_name], [r.target, r.target_name]]) {
      if (!view.entities.has(id)) addEntity({ id, name, kind: '', names: {} });
    }
    if (cy.getElementById(r.id).empty()) cy.add({ group: 'edges', data: edgeData(r) });
    for (const p of r.participants || []) {
      if (p.entity === r.source || p.entity === r.target) continue;
      if (!view.entities.has(p.entity)) addEntity({ id: p.entity, name: p.name, kind: '', names: {} });
      const data = roleEdgeData(r, p);
      if (cy.getElementById(data.id).empty()) cy.add({ group: 'edges', data, classes: 'role' });
    }
  }
  // routeEdge is the edge that draws relation r's step between entities a
  // and b of a route (both on the canvas): its own edge or a role edge
  // when they are the ones it joins, else a route's link; added if not
  // there. The relation's other parties are not added: a route that
  // avoids one shows none of it.
  function routeEdge(r, a, b) {
    view.relations.set(r.id, r);
    const fromSource = a === r.source ? b : b === r.source ? a : null;
    const role = (r.participants || []).find((p) => p.entity === fromSource && p.entity !== r.source);
    let data;
    if (fromSource !== null && fromSource === r.target) data = [edgeData(r), ''];
    else if (fromSource !== null && role) data = [roleEdgeData(r, role), 'role'];
    else {
      data = [Object.assign(edgeData(r), { id: `${r.id}|via|${a}|${b}`, source: a, target: b, arrow: 'none', width: 2,
        label: `via ${typeLabel(r.type)}` }), 'link'];
    }
    const known = cy.getElementById(data[0].id);
    return known.nonempty() ? known : cy.add({ group: 'edges', data: data[0], classes: data[1] });
  }

  // layout places what is new on the canvas. A small graph is laid out
  // whole (force-directed); past SMALL_GRAPH nodes, a force-directed layout
  // of everything costs seconds per expansion (it grows with the square of
  // the nodes), so only the expanded entity's new neighbours are laid out,
  // in a ring around it, and the rest stays where the analyst saw it.
  const SMALL_GRAPH = 300;
  function layout(around) {
    const fresh = cy.nodes().filter((n) => !n.scratch('placed'));
    const ring = (center, nodes) => {
      const p = center.position();
      const r = Math.max(120, 42 * Math.sqrt(nodes.length));
      nodes.forEach((n, i) => {
        const a = (2 * Math.PI * i) / Math.max(1, nodes.length);
        n.position({ x: p.x + r * Math.cos(a), y: p.y + r * Math.sin(a) });
      });
      return r;
    };
    const placed = cy.nodes().length - fresh.length;
    if (around && !around.empty()) ring(around, fresh);
    fresh.forEach((n) => n.scratch('placed', true));
    if (around && !around.empty() && placed >= SMALL_GRAPH) {
      // Lay out the new ones with their center pinned, inside their ring.
      const p = around.position();
      const r = 2 * Math.max(120, 42 * Math.sqrt(fresh.length));
      const wasLocked = around.locked();
      around.lock();
      fresh.union(around).union(fresh.edgesWith(fresh.union(around))).layout({
        name: 'cose', animate: false, randomize: false, fit: false, numIter: 200,
        boundingBox: { x1: p.x - r, y1: p.y - r, w: 2 * r, h: 2 * r },
        nodeRepulsion: () => 60000, idealEdgeLength: () => 130, edgeElasticity: () => 60, nodeDimensionsIncludeLabels: false,
      }).run();
      if (!wasLocked) around.unlock();
      cy.fit(cy.elements(':visible'), 30);
      return;
    }
    const big = cy.elements().length > 1500;
    cy.layout({
      name: 'cose', animate: false, randomize: !around, fit: true, padding: 30,
      numIter: big ? 300 : 1000, nodeRepulsion: () => 60000, idealEdgeLength: () => 130, edgeElasticity: () => 60,
      nodeDimensionsIncludeLabels: !big,
    }).run();
  }

  // expand loads the relations around an entity onto the canvas: the
  // first page of them, or the next once it is expanded (view.next holds
  // expanded entities only: place sets it, rebuild clears it with them).
  const neighborhood = (id) => api(entityPath(id) + '/neighbors', { limit: view.pageSize, cursor: view.next.get(id) });
  const expandLabel = (id) => (view.next.has(id) ? `Next ${view.pageSize} relations` : 'Expand');
  function place(res) {
    cy.batch(() => {
      addEntity(res.center);
      res.nodes.forEach(addEntity);
      res.relations.forEach(addRelation);
      cy.getElementById(res.center.id).addClass('expanded');
    });
    view.expanded.add(res.center.id);
    if (!state.x.includes(res.center.id)) state.x.push(res.center.id);
    // The cursor of the next page, and the card's button that asks for it.
    if (res.next_cursor) view.next.set(res.center.id, res.next_cursor); else view.next.delete(res.center.id);
    const button = $('expand');
    if (button && state.e === res.center.id) button.textContent = expandLabel(res.center.id);
  }
  async function expand(id, quiet) {
    const again = view.next.has(id);
    const res = await neighborhood(id);
    place(res);
    applyFilters();
    layout(view.expanded.size > 1 ? cy.getElementById(res.center.id) : null);
    if (!quiet) {
      const more = res.next_cursor ? `; more match: “${expandLabel(res.center.id)}” loads them` : '';
      say(`Expanded ${label(res.center)}: ${again ? 'the next ' : ''}${many(res.relations.length, 'relation')}, ${many(res.nodes.length, 'neighbour')}${more}.`);
    }
    return res.center.id;
  }

  function applyFilters() {
    const [lo, hi] = windowDays();
    cy.batch(() => {
      cy.edges().forEach((edge) => {
        const r = view.relations.get(edge.data('relation'));
        const s = span(r);
        const visible = state.mods.has(r.modality) && r.confidence >= state.minconf && !state.hide.has(r.type) &&
          (!s || (s[0] <= hi && s[1] >= lo));
        edge.toggleClass('hidden', !visible);
      });
      cy.nodes().forEach((n) => {
        const keep = view.expanded.has(n.id()) || n.hasClass('path') || n.id() === state.e ||
          n.connectedEdges().some((e) => !e.hasClass('hidden'));
        n.toggleClass('hidden', !keep);
      });
    });
    renderTypeFilter();
    const hidden = relationEdges().filter('.hidden').length;
    $('window-note').textContent = hidden ? `${hidden} of ${relationEdges().length} relations hidden by the filters` : '';
    drawTimeline();
  }

  // renderTypeFilter lists the relation types on the canvas, with counts,
  // each one a checkbox.
  function renderTypeFilter() {
    const counts = new Map();
    relationEdges().forEach((e) => counts.set(e.data('type'), (counts.get(e.data('type')) || 0) + 1));
    for (const t of state.hide) if (!counts.has(t)) counts.set(t, 0);
    const list = $('type-list');
    list.replaceChildren(...[...counts].sort((a, b) => typeLabel(a[0]).localeCompare(typeLabel(b[0]))).map(([t, n]) => {
      const box = h('input', { type: 'checkbox', id: `type-${t}`, checked: !state.hide.has(t) });
      box.addEventListener('change', () => {
        if (box.checked) state.hide.delete(t); else state.hide.add(t);
        applyFilters();
        writeURL();
      });
      return h('label', { for: `type-${t}` }, box, ` ${typeLabel(t)} (${n})`);
    }));
    $('types-note').textContent = state.hide.size ? `(${state.hide.size} hidden)` : '';
  }

  // download saves what the canvas shows: a PNG of it, or a CSV of its
  // visible relations.
  function download(name, blob) {
    const a = h('a', { href: URL.createObjectURL(blob), download: name });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  }
  function csvOfCanvas() {
    const cell = (v) => (/[",\n]/.test(String(v)) ? `"${String(v).replaceAll('"', '""')}"` : String(v));
    const rows = [['id', 'type', 'source', 'source_name', 'target', 'target_name', 'date', 'end', 'precision', 'modality', 'confidence', 'reports', 'quote', 'article']];
    relationEdges().filter((e) => !e.hasClass('hidden')).forEach((e) => {
      const r = view.relations.get(e.id());
      const ev = r.evidence[0] || {};
      rows.push([r.id, r.type, r.source, nameOf(r.source, r.source_name), r.target, nameOf(r.target, r.target_name), r.date || '', r.end || '',
        r.precision || '', r.modality, r.confidence, r.reports || r.evidence.length, ev.quote || '', ev.article || '']);
    });
    return new Blob(['\ufeff' + rows.map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n'], { type: 'text/csv;charset=utf-8' });
  }

  // GraphML and GEXF of the view: its visible nodes and relations, built
  // as text. xml escapes the five markup characters and drops what XML 1.0
  // cannot hold (C0 controls but tab, newline and return; lone surrogates;
  // U+FFFE and U+FFFF), so any label or quote stays well-formed; Arabic is
  // written as it is, in UTF-8.
  function xml(v) {
    return Array.from(String(v ?? ''), (c) => {
      const cp = c.codePointAt(0);
      if ((cp < 0x20 && cp !== 0x9 && cp !== 0xa && cp !== 0xd) || (cp >= 0xd800 && cp <= 0xdfff) || cp === 0xfffe || cp === 0xffff) return '';
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' }[c] || c;
    }).join('');
  }
  // viewGraph is what the exports write: one row per visible node, per
  // visible relation and per visible participation in one (a role edge,
  // from the event's source to the participant, with its role and event,
  // as geokg export writes them), with the attributes geokg export writes
  // (name, kind, wikidata, name_LANG; type, class, quad_class, intensity,
  // date, end, precision, modality, confidence, evidence_article,
  // evidence_url, evidence_quote, role, event), plus a label and the count
  // of reports. Edges are directed as in geokg export; symmetric says when
  // the type is not.
  function viewGraph() {
    const langs = new Set();
    const nodes = cy.nodes().filter((n) => !n.hasClass('hidden')).map((n) => {
      const e = view.entities.get(n.id()) || {};
      const attrs = { name: label(e) || n.id(), kind: e.kind || '', wikidata: e.wikidata || '' };
      for (const [lang, name] of Object.entries(e.names || {})) { attrs[`name_${lang}`] = name; langs.add(lang); }
      return { id: n.id(), label: attrs.name, attrs };
    });
    const once = (list) => [...new Set(list.filter(Boolean))].join(' ');
    const edges = cy.edges().not('.link').filter((e) => !e.hasClass('hidden')).map((e) => {
      const r = view.relations.get(e.data('relation'));
      const t = view.types.get(r.type) || {};
      const ev = r.evidence || [];
      const role = e.data('role') || '';
      return {
        id: e.id(), source: e.data('source'), target: e.data('target'), label: typeLabel(r.type),
        attrs: { type: r.type, class: r.class || '', quad_class: r.quad_class ?? '', intensity: r.intensity ?? '', date: r.date || '',
          end: r.end || '', precision: r.precision || '', modality: r.modality, confidence: r.confidence, symmetric: !!t.symmetric,
          reports: ev.length, evidence_article: once(ev.map((x) => x.article)), evidence_url: once(ev.map((x) => x.url)),
          evidence_quote: ev.map((x) => (x.quote || '').replace(/[\r\n]+/g, ' ')).join('\n'),
          role, event: role ? r.id : '' },
      };
    });
    const nodeKeys = [['name', 'string'], ['kind', 'string'], ['wikidata', 'string'],
      ...[...langs].sort().map((l) => [`name_${l}`, 'string'])];
    return { nodes, edges, nodeKeys };
  }
  const EDGE_KEYS = [['type', 'string'], ['class', 'string'], ['quad_class', 'int'], ['intensity', 'double'], ['date', 'string'],
    ['end', 'string'], ['precision', 'string'], ['modality', 'string'], ['confidence', 'double'], ['symmetric', 'boolean'],
    ['reports', 'int'], ['evidence_article', 'string'], ['evidence_url', 'string'], ['evidence_quote', 'string'],
    ['role', 'string'], ['event', 'string']];
  function graphmlOfCanvas() {
    const g = viewGraph();
    const out = ['<?xml version="1.0" encoding="UTF-8"?>',
      '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"',
      '  xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">'];
    for (const [k, t] of g.nodeKeys) out.push(`  <key id="n_${xml(k)}" for="node" attr.name="${xml(k)}" attr.type="${t}"/>`);
    out.push('  <key id="e_label" for="edge" attr.name="label" attr.type="string"/>');
    for (const [k, t] of EDGE_KEYS) out.push(`  <key id="e_${k}" for="edge" attr.name="${k}" attr.type="${t}"/>`);
    out.push('  <graph id="geokg-view" edgedefault="directed">');
    for (const n of g.nodes) {
      out.push(`    <node id="${xml(n.id)}">`);
      for (const [k] of g.nodeKeys) if ((n.attrs[k] ?? '') !== '') out.push(`      <data key="n_${xml(k)}">${xml(n.attrs[k])}</data>`);
      out.push('    </node>');
    }
    for (const e of g.edges) {
      out.push(`    <edge id="${xml(e.id)}" source="${xml(e.source)}" target="${xml(e.target)}">`);
      out.push(`      <data key="e_label">${xml(e.label)}</data>`);
      for (const [k] of EDGE_KEYS) if (e.attrs[k] !== '') out.push(`      <data key="e_${k}">${xml(e.attrs[k])}</data>`);
      out.push('    </edge>');
    }
    out.push('  </graph>', '</graphml>', '');
    return new Blob([out.join('\n')], { type: 'application/graphml+xml;charset=utf-8' });
  }
  function gexfOfCanvas() {
    const g = viewGraph();
    const gexfType = (t) => (t === 'int' ? 'integer' : t);
    const out = ['<?xml version="1.0" encoding="UTF-8"?>',
      '<gexf xmlns="http://gexf.net/1.3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"',
      '  xsi:schemaLocation="http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd" version="1.3">',
      `  <meta lastmodifieddate="${new Date().toISOString().slice(0, 10)}"><creator>geokg workbench</creator><description>the current view</description></meta>`,
      '  <graph mode="static" defaultedgetype="directed">', '    <attributes class="node">'];
    g.nodeKeys.forEach(([k, t], i) => out.push(`      <attribute id="${i}" title="${xml(k)}" type="${gexfType(t)}"/>`));
    out.push('    </attributes>', '    <attributes class="edge">');
    EDGE_KEYS.forEach(([k, t], i) => out.push(`      <attribute id="${i}" title="${k}" type="${gexfType(t)}"/>`));
    out.push('    </attributes>', '    <nodes>');
    for (const n of g.nodes) {
      const vals = g.nodeKeys.map(([k], i) => ((n.attrs[k] ?? '') !== '' ? `<attvalue for="${i}" value="${xml(n.attrs[k])}"/>` : '')).join('');
      out.push(`      <node id="${xml(n.id)}" label="${xml(n.label)}">${vals ? `<attvalues>${vals}</attvalues>` : ''}</node>`);
    }
    out.push('    </nodes>', '    <edges>');
    for (const e of g.edges) {
      out.push(`      <edge id="${xml(e.id)}" source="${xml(e.source)}" target="${xml(e.target)}" label="${xml(e.label)}"` +
        ` weight="${e.attrs.reports}"><attvalues>`);
      EDGE_KEYS.forEach(([k], i) => { if (e.attrs[k] !== '') out.push(`        <attvalue for="${i}" value="${xml(e.attrs[k])}"/>`); });
      out.push('      </attvalues></edge>');
    }
    out.push('    </edges>', '  </graph>', '</gexf>', '');
    return new Blob([out.join('\n')], { type: 'application/gexf+xml;charset=utf-8' });
  }

  function focusNode(n) {
    cy.elements().unselect();
    n.select();
    cy.animate({ center: { eles: n } }, { duration: 150 });
  }

  cy.on('tap', 'node', (ev) => run(() => openEntity(ev.target.id(), { expand: true })));
  cy.on('tap', 'edge', (ev) => selectRelation(ev.target.data('relation')));

  // Keyboard on the canvas: arrows walk the entities in label order, Enter
  // expands, E / Shift+E walk the selected entity's relations.
  $('canvas').addEventListener('keydown', (ev) => {
    const nodes = cy.nodes(':visible').toArray().sort((a, b) => a.data('label').localeCompare(b.data('label')));
    if (!nodes.length) return;
    const selected = cy.nodes(':selected');
    const focus = cy.getElementById(state.e);
    const current = selected.nonempty() ? selected[0] : (focus.nonempty() ? focus : null);
    const at = current ? nodes.findIndex((n) => n.id() === current.id()) : -1;
    let handled = true;
    if (['ArrowRight', 'ArrowDown', 'ArrowLeft', 'ArrowUp'].includes(ev.key)) {
      const step = ev.key === 'ArrowRight' || ev.key === 'ArrowDown' ? 1 : -1;
      const n = nodes[(at + step + nodes.length) % nodes.length];
      focusNode(n);
      const e = view.entities.get(n.id());
      say(`${label(e)}${e.kind ? ' (' + e.kind.replaceAll('_', ' ') + ')' : ''}: ${many(n.connectedEdges(':visible').length, 'relation')} on the canvas. Enter expands.`);
    } else if (ev.key === 'Enter' && current) {
      run(() => openEntity(current.id(), { expand: true }));
    } else if ((ev.key === 'e' || ev.key === 'E') && current) {
      const edges = current.connectedEdges(':visible').toArray().sort((a, b) => a.id().localeCompare(b.id()));
      if (!edges.length) return;
      const sel = cy.edges(':selected');
      const i = sel.nonempty() ? edges.findIndex((e) => e.id() === sel[0].id()) : -1;
      const next = edges[(i + (ev.shiftKey ? -1 : 1) + edges.length) % edges.length];
      selectRelation(next.data('relation'), { keepNode: current });
    } else if (ev.key === 'f' || ev.key === 'F') {
      cy.fit(cy.elements(':visible'), 30);
    } else if (ev.key === 'Escape') {
      cy.elements().unselect();
    } else {
      handled = false;
    }
    if (handled) ev.preventDefault();
  });

  // ---- search -----------------------------------------------------------

  async function search(q, kind) {
    const list = $('result-list');
    list.replaceChildren(h('li', { className: 'hint' }, 'Searching…'));
    const res = await api('/v1/entities', { q, kind, limit: 12 });
    // The search answer has no counts: each result's card has them.
    const cards = await Promise.all(res.entities.map((e) => api(entityPath(e.id)).catch(() => null)));
    list.replaceChildren();
    if (!res.entities.length) list.append(h('li', { className: 'hint' }, 'No entity matches ', bdi(q), '.'));
    res.entities.forEach((e, i) => {
      const c = cards[i] && cards[i].counts;
      const other = Object.values(e.names || {}).filter((n) => n !== e.name);
      list.append(h('li', {},
        h('button', { type: 'button', className: 'result', 'data-id': e.id, onclick: () => run(() => openEntity(e.id, { expand: true })) },
          h('span', { className: 'result-name' }, bdi(e.name)), ' ',
          other.length ? h('span', {}, '· ', other.map((n, j) => [j ? ' · ' : '', bdi(n)])) : '', ' ',
          h('span', { className: 'kind' }, (e.kind || '').replaceAll('_', ' ')),
          h('div', { className: 'meta' },
            c ? counts(c) : '',
            ` · matched by ${e.match}`))));
    });
    say(`${res.entities.length} ${res.entities.length === 1 ? 'entity matches' : 'entities match'} “${q}”.`);
  }

  // ---- entity card ------------------------------------------------------

  async function openEntity(id, { expand: doExpand, quiet, push } = {}) {
    const e = await api(entityPath(id));
    addEntity(e);
    state.e = e.id;
    cy.nodes().removeClass('focus');
    renderCard(e);
    if (doExpand && !view.expanded.has(e.id)) await expand(e.id, quiet);
    cy.getElementById(e.id).addClass('focus');
    if (!$('from').value) $('from').value = e.id;
    if (!state.from && !state.to) await loadTimeline();
    writeURL(push !== false);
    return e;
  }

  function renderCard(e) {
    const body = $('card-body');
    const names = h('dl', {});
    for (const [lang, name] of Object.entries(e.names || {})) {
      names.append(h('dt', {}, lang), h('dd', { lang, dir: 'auto' }, name));
    }
    const wordList = (lists) => Object.entries(lists || {}).map(([lang, list]) =>
      h('li', {}, h('span', { className: 'meta' }, lang + ': '), list.map((a, i) => [i ? ' · ' : '', h('bdi', { lang }, a)])));
    const aliases = wordList(e.aliases);
    const demonyms = wordList(e.demonyms);
    const c = e.counts;
    const byType = Object.entries(c.by_type).sort((a, b) => b[1] - a[1])
      .map(([t, n]) => h('li', {}, `${typeLabel(t)}: ${n}`));
    body.replaceChildren(
      h('h3', { dir: 'auto', className: 'card-name' }, e.name),
      h('p', {}, h('span', { className: 'kind' }, e.kind.replaceAll('_', ' ')), ' ', h('code', {}, e.id), ' ',
        e.wikidata ? h('a', { href: `https://www.wikidata.org/wiki/${e.wikidata}`, rel: 'noopener noreferrer', target: '_blank' }, `Wikidata ${e.wikidata}`) : ''),
      names,
      aliases.length ? h('details', {}, h('summary', {}, 'Aliases'), h('ul', {}, aliases)) : '',
      demonyms.length ? h('details', {}, h('summary', {}, 'Demonyms'), h('ul', {}, demonyms)) : '',
      h('p', { className: 'counts' }, counts(c)),
      byType.length ? h('details', {}, h('summary', {}, 'Relations by type'), h('ul', {}, byType)) : '',
      decisionList(e),
      h('div', { className: 'actions' },
        h('button', { type: 'button', id: 'expand', onclick: () => run(() => expand(e.id).then(() => writeURL())) }, expandLabel(e.id)),
        h('button', { type: 'button', onclick: () => { $('from').value = e.id; $('to').focus(); } }, 'Path from here'),
        h('button', { type: 'button', onclick: () => { $('to').value = e.id; $('from').focus(); } }, 'Path to here'),
        h('button', { type: 'button', className: 'avoid-entity', onclick: () => { $('avoid').value = splitList($('avoid').value).concat(e.id).join(', '); } }, 'Avoid in paths'),
        h('button', { type: 'button', onclick: () => { const n = cy.getElementById(e.id); if (n.nonempty()) focusNode(n); $('canvas').focus(); } }, 'Show on canvas')),
    );
  }

  // decisionList shows the analysts' merges and splits that shaped the
  // entity, in the order made; nothing when there are none.
  function decisionList(e) {
    const ds = e.decisions || [];
    if (!ds.length) return '';
    // A merged-away entity no longer exists: it is named, not linked.
    const entity = (id, gone) => (id === e.id || gone ? h('code', {}, id) :
      h('button', { type: 'button', className: 'link', onclick: () => run(() => openEntity(id, { expand: true })) }, h('code', {}, id)));
    const items = ds.map((d) => {
      const what = d.kind === 'undo'
        ? [`decision ${d.undoes} taken back (`, entity(d.entity), ' and ', entity(d.into), ')',
          d.joined && d.joined.length ? ` · to import again: ${d.joined.join(', ')}` : '']
        : d.kind === 'merge'
          ? [entity(d.entity, true), ' merged into ', entity(d.into)]
          : [d.source ? ['what ', h('code', {}, d.source), ' says of '] : '', entity(d.entity), ' moved to ', entity(d.into)];
      return h('li', { className: `decision d-${d.kind}`, 'data-kind': d.kind },
        h('span', { className: `badge d-${d.kind}` }, d.kind), ' ', what,
        d.note ? h('div', { className: 'note', dir: 'auto', lang: langOf(d.note) || undefined }, d.note) : '',
        d.at ? h('div', { className: 'meta' }, h('time', { datetime: d.at }, atFmt(d.at))) : '');
    });
    return h('section', { className: 'decisions', 'aria-label': 'Decisions' },
      h('h4', {}, `Decisions (${ds.length})`), h('ol', {}, items));
  }
  const atFmt = (at) => {
    const t = Date.parse(at);
    return Number.isNaN(t) ? at : new Intl.DateTimeFormat('en', { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' }).format(t) + ' UTC';
  };

  // ---- paths --------------------------------------------------------------

  // pathOptions reads the path finder's constraints: avoid (entities, by
  // name, id or QID), through (kinds), since/until (a window, dates at any
  // precision), chrono (routes in time order) and rank (their order).
  function pathOptions() {
    return {
      avoid: splitList($('avoid').value),
      through: view.kinds.filter((kind) => $(`through-${kind}`) && $(`through-${kind}`).checked),
      psince: $('path-since').value.trim(),
      puntil: $('path-until').value.trim(),
      chrono: $('chronological').checked,
      rank: $('rank').value,
    };
  }
  const splitList = (text) => [...new Set(String(text || '').split(',').map((x) => x.trim()).filter(Boolean))];

  async function findPaths(from, to, hops, k, opts = {}) {
    const { avoid = [], through = [], psince = '', puntil = '', chrono = false, rank = 'length' } = opts;
    const list = $('path-list');
    list.replaceChildren(h('li', { className: 'hint' }, 'Looking…'));
    let res;
    try {
      res = await api('/v1/paths', {
        from, to, max_hops: hops, k, avoid, through, since: psince, until: puntil,
        chronological: chrono ? 'true' : '', rank: rank === 'length' ? '' : rank,
      });
    } catch (err) {
      list.replaceChildren();
      clearRoutes();
      if (err.code === 'conflict' && err.details.candidates && err.details.parameter !== 'avoid') {
        const field = err.details.parameter === 'to' ? $('to') : $('from');
        list.append(h('li', {}, `“${field.value}” names several entities; pick one:`,
          h('ul', {}, err.details.candidates.map((c) => h('li', {},
            h('button', { type: 'button', onclick: () => { field.value = c.id; } }, bdi(c.name), ` (${c.kind || c.id})`))))));
      } else {
        // The API's own words: an avoided end, an unknown entity, a bad date…
        const cands = (err.details.candidates || []).map((c) => h('li', {}, bdi(c.name), ' ', h('code', {}, c.id)));
        list.append(h('li', { className: 'error', role: 'alert', 'data-status': err.status, 'data-parameter': err.details.parameter },
          err.message, cands.length ? h('ul', {}, cands) : ''));
      }
      throw err;
    }
    Object.assign(state, { from: res.from.id, to: res.to.id, hops, k, avoid, through, psince, puntil, chrono, rank });
    clearRoutes();
    cy.batch(() => {
      addEntity(res.from);
      addEntity(res.to);
      for (const p of res.paths) {
        p.nodes.forEach(addEntity);
        p.nodes.forEach((n) => cy.getElementById(n.id).addClass('path'));
        // Each hop is drawn between its two entities: a hop through an
        // event is the event's link between them, not its source–target
        // edge, which may run through an entity the route avoids.
        p.hops.forEach((hop, j) => hop.relations.forEach((r) => routeEdge(r, p.nodes[j].id, p.nodes[j + 1].id).addClass('path')));
      }
    });
    applyFilters();
    layout(cy.getElementById(res.from.id));
    renderPaths(res);
    await loadTimeline();
    // The routes framed, whatever else the canvas holds, once the panels
    // beside and below it have their content (they may have resized it).
    cy.resize();
    const route = cy.elements('.path:visible');
    if (route.nonempty()) cy.fit(route, 40);
    writeURL(true);
    say(res.paths.length
      ? `${many(res.paths.length, 'route')} of ${res.paths[0].length} to ${many(res.paths[res.paths.length - 1].length, 'hop')} from ${label(res.from)} to ${label(res.to)}, shortest first.`
      : `No route of at most ${many(hops, 'hop')} from ${label(res.from)} to ${label(res.to)}.`);
  }

  // clearRoutes takes the routes off the canvas: their marks, and the
  // links drawn for them alone.
  function clearRoutes() {
    cy.elements().removeClass('path');
    cy.edges('.link').remove();
  }

  function hopButton(r) {
    return h('button', { type: 'button', className: 'hop', 'data-relation': r.id, onclick: () => selectRelation(r.id) },
      bdi(nameOf(r.source, r.source_name)), ` —${typeLabel(r.type)}→ `, bdi(nameOf(r.target, r.target_name)), ' ',
      h('span', { className: `badge m-${r.modality}` }, r.modality), ' ', h('span', { className: 'meta' }, dateOf(r)));
  }

  function renderPaths(res) {
    const list = $('path-list');
    list.replaceChildren();
    if (!res.paths.length) list.append(h('li', { className: 'hint' }, 'No route within the hops asked.'));
    res.paths.forEach((p, i) => {
      list.append(h('li', {}, h('span', { className: 'meta' }, `Route ${i + 1}: ${p.length} ${p.length === 1 ? 'hop' : 'hops'}`),
        h('ol', {}, p.hops.map((hop, j) => h('li', { className: 'hop-group' },
          h('span', { className: 'meta' }, bdi(label(p.nodes[j])), ' — ', bdi(label(p.nodes[j + 1])),
            `: ${hop.count} ${hop.count === 1 ? 'relation' : 'relations'}${hop.relations.length < hop.count ? `, the strongest ${hop.relations.length} shown` : ''}`),
          h('ul', {}, hop.relations.map((r) => h('li', {}, hopButton(r)))))))));
    });
  }

  // ---- evidence -------------------------------------------------------------

  function selectRelation(id, { keepNode } = {}) {
    const r = view.relations.get(id);
    if (!r) return;
    state.sel = id;
    cy.elements().unselect();
    edgesOf(id).select();
    if (keepNode) keepNode.select();
    renderEvidence(r);
    writeURL();
    say(`${nameOf(r.source, r.source_name)} ${typeLabel(r.type)} ${nameOf(r.target, r.target_name)}: ${r.reports || r.evidence.length} ${(r.reports || r.evidence.length) === 1 ? 'report' : 'reports'}, ${r.modality}.`);
  }

  function renderEvidence(r) {
    closeReader();
    const t = view.types.get(r.type) || {};
    const reports = r.evidence.map((ev) => {
      let outlet = '';
      try { outlet = ev.url ? new URL(ev.url).host : ''; } catch { outlet = ''; }
      return h('div', { className: 'report' },
        h('blockquote', { dir: 'auto', lang: langOf(ev.quote) || undefined, className: 'quote' }, ev.quote),
        h('p', {},
          ev.title ? h('cite', { dir: 'auto', lang: langOf(ev.title) || undefined }, ev.title) : h('code', {}, ev.article),
          h('br'),
          h('span', { className: 'meta' },
            outlet ? `${outlet} · ` : '',
            ev.published ? ['published ', h('time', { datetime: ev.published }, showDate(ev.published)), ' · '] : '',
            ev.draft ? [h('span', { className: 'badge draft', title: 'a draft geokg annotate wrote, not reviewed by a person' }, 'draft'), ' · '] : '',
            'source ', h('code', {}, ev.article),
            ev.start >= 0 ? ` · characters ${ev.start}–${ev.end}` : '',
            ev.date && ev.date !== r.date ? ` · says ${ev.date}` : '',
            ev.modality && ev.modality !== r.modality ? [' · ', h('span', { className: `badge m-${ev.modality}` }, ev.modality)] : ''),
          ev.url ? [h('br'), h('a', { href: ev.url, rel: 'noopener noreferrer', target: '_blank' }, 'Open the source')] : '',
          ev.start >= 0 && ev.end > ev.start ? [h('br'), h('button', { type: 'button', className: 'read', 'data-article': ev.article,
            onclick: (click) => { const opener = click.currentTarget; run(() => openReader(ev, opener)); } }, 'Read it in the article')] : ''));
    });
    const participants = (r.participants || []).map((p) =>
      h('li', {}, `${p.role.replaceAll('_', ' ')}: `, bdi(nameOf(p.entity, p.name))));
    $('evidence-body').replaceChildren(
      h('h3', { className: 'relation' }, bdi(nameOf(r.source, r.source_name)), ` —${typeLabel(r.type)}→ `, bdi(nameOf(r.target, r.target_name))),
      h('dl', {},
        h('dt', {}, 'Type'), h('dd', {}, h('code', {}, r.type), t.plover ? ` · PLOVER ${t.plover}` : '', t.cameo ? ` · CAMEO ${t.cameo}` : ''),
        h('dt', {}, 'Class'), h('dd', {}, r.class === 'event' ? `event · ${QUADS[r.quad_class || 0]}` : 'structural',
          r.intensity !== undefined ? ` · Goldstein ${r.intensity}` : ''),
        h('dt', {}, 'When'), h('dd', {}, dateOf(r)),
        h('dt', {}, 'Modality'), h('dd', {}, h('span', { className: `badge m-${r.modality}`, 'data-modality': r.modality }, r.modality),
          r.modalities ? ` (${MODALITIES.filter((m) => r.modalities[m]).map((m) => `${r.modalities[m]} ${m}`).join(', ')})` : ''),
        r.joined ? [h('dt', {}, 'One event by'), h('dd', {}, { key: 'the same event key', rule: 'the rule: type, parties, dates', analyst: "an analyst's decision" }[r.joined] || r.joined)] : '',
        h('dt', {}, 'Confidence'), h('dd', { className: 'confidence' }, `${Math.round(r.confidence * 100)} %`),
        h('dt', {}, 'Reports'), h('dd', {}, String(r.reports || r.evidence.length))),
      participants.length ? h('details', { open: true }, h('summary', {}, 'Participants'), h('ul', {}, participants)) : '',
      ...reports,
      h('div', { className: 'actions' }, h('button', { type: 'button', onclick: () => {
        const e = edgesOf(r.id);
        if (e.nonempty()) cy.animate({ center: { eles: e } }, { duration: 150 });
      } }, 'Show on canvas')));
  }

  // ---- source reader ---------------------------------------------------------

  // Each source is fetched once; the promise is kept, and dropped on failure
  // so that a later click tries again.
  const sources = new Map();
  function source(id) {
    if (!sources.has(id)) {
      const p = api('/v1/sources/' + encodeURIComponent(id));
      p.catch(() => sources.delete(id));
      sources.set(id, p);
    }
    return sources.get(id);
  }

  // openReader shows the article's full text with the report's span marked
  // and scrolled into view. Evidence start and end count code points, so the
  // text is cut as an array of code points, never by UTF-16 index; every
  // piece goes in as a text node.
  // cut splits text at code-point offsets start and end: before, the span,
  // after.
  function cut(text, start, end) {
    const chars = Array.from(text);
    return [chars.slice(0, start).join(''), chars.slice(start, end).join(''), chars.slice(end).join('')];
  }
  async function openReader(ev, opener) {
    const doc = await source(ev.article);
    const reader = $('reader');
    const text = $('reader-text');
    const chars = Array.from(doc.text || '');
    const lang = doc.language || langOf(doc.text) || '';
    $('reader-h').replaceChildren('Source: ', h('bdi', { lang: langOf(doc.title) || undefined }, doc.title || doc.id));
    const meta = [doc.published ? ['published ', h('time', { datetime: doc.published }, showDate(doc.published)), ' · '] : '',
      h('code', {}, doc.id), ` · ${chars.length} characters`];
    text.lang = lang;
    // The language decides, not the first letter: an Arabic article that
    // opens with a Latin line still reads right to left.
    text.dir = ['ar', 'fa', 'he', 'ur'].includes(lang.split('-')[0]) ? 'rtl' : 'auto';
    if (!chars.length) {
      text.replaceChildren(h('p', { className: 'hint' }, 'This source has no text.'));
    } else if (ev.end > chars.length) {
      text.replaceChildren(document.createTextNode(chars.join('')));
      meta.push(` · the report's span ${ev.start}–${ev.end} is past the end of the text`);
    } else {
      const [before, marked, after] = cut(doc.text, ev.start, ev.end);
      const mark = h('mark', { id: 'reader-mark' }, marked);
      text.replaceChildren(document.createTextNode(before), mark, document.createTextNode(after));
      if (marked !== ev.quote) meta.push(' · the marked span differs from the quote');
    }
    $('reader-meta').replaceChildren(...meta.flat(Infinity).filter((m) => m !== ''));
    reader.hidden = false;
    reader.dataset.article = doc.id;
    reader.dataset.start = String(ev.start);
    readerOpener = opener || null;
    const mark = $('reader-mark');
    if (mark) {
      text.scrollTop = 0;
      mark.scrollIntoView({ block: 'center', inline: 'nearest' });
    }
    text.focus({ preventScroll: true });
    say(`${doc.title || doc.id}: characters ${ev.start}–${ev.end} marked.`);
  }
  let readerOpener = null;
  function closeReader() {
    const reader = $('reader');
    if (reader.hidden) return;
    reader.hidden = true;
    $('reader-text').replaceChildren();
    if (readerOpener && readerOpener.isConnected) readerOpener.focus();
    readerOpener = null;
  }

  // ---- timeline and window ------------------------------------------------

  function monthIndex(ym) {
    const i = view.months.indexOf(ym);
    return i < 0 ? null : i;
  }
  function windowDays() {
    if (!view.months.length) return [-Infinity, Infinity];
    const lo = state.since ? period(state.since)[0] : -Infinity;
    const hi = state.until ? period(state.until)[1] : Infinity;
    return [lo, hi];
  }

  function setupWindow(stats) {
    if (!stats.first_date || !stats.last_date) return;
    let [y, m] = stats.first_date.split('-').map(Number);
    const [ly, lm] = stats.last_date.split('-').map(Number);
    while (y < ly || (y === ly && m <= lm)) {
      view.months.push(`${y}-${String(m).padStart(2, '0')}`);
      if (++m > 12) { m = 1; y++; }
    }
    for (const id of ['since', 'until']) $(id).max = String(view.months.length - 1);
    syncWindowInputs();
  }
  function syncWindowInputs() {
    const last = view.months.length - 1;
    const s = state.since ? monthIndex(state.since) ?? 0 : 0;
    const u = state.until ? monthIndex(state.until) ?? last : last;
    $('since').value = String(s);
    $('until').value = String(u);
    $('since-out').textContent = view.months.length ? showDate(view.months[s]) : '';
    $('until-out').textContent = view.months.length ? showDate(view.months[u]) : '';
    $('since').setAttribute('aria-valuetext', $('since-out').textContent);
    $('until').setAttribute('aria-valuetext', $('until-out').textContent);
  }
  function onWindowInput(which) {
    let s = Number($('since').value);
    let u = Number($('until').value);
    if (s > u) { if (which === 'since') u = s; else s = u; }
    const last = view.months.length - 1;
    state.since = s > 0 ? view.months[s] : '';
    state.until = u < last ? view.months[u] : '';
    syncWindowInputs();
    applyFilters();
    writeURL();
  }

  let player = null;
  function togglePlay() {
    if (player) { stopPlay(); return; }
    const last = view.months.length - 1;
    let s = Number($('since').value);
    let u = Number($('until').value);
    if (s === 0 && u === last) u = Math.min(last, 11); // a year-wide window to play
    const width = u - s;
    if (u >= last) { s = 0; u = width; }
    $('play').setAttribute('aria-pressed', 'true');
    $('play').textContent = 'Pause';
    player = setInterval(() => {
      s++; u++;
      if (u > last) { stopPlay(); return; }
      state.since = view.months[s];
      state.until = u < last ? view.months[u] : '';
      syncWindowInputs();
      applyFilters();
      writeURL();
    }, 350);
  }
  function stopPlay() {
    clearInterval(player);
    player = null;
    $('play').setAttribute('aria-pressed', 'false');
    $('play').textContent = 'Play';
  }

  async function loadTimeline() {
    const entity = state.from && state.to ? state.from : state.e;
    const withId = state.from && state.to ? state.to : '';
    if (!entity) return;
    const res = await api('/v1/timeline', { entity, with: withId, limit: 500, bucket: 'year' });
    view.events = res.events;
    view.buckets = res.buckets;
    res.events.forEach((r) => view.relations.set(r.id, Object.assign(view.relations.get(r.id) || {}, r)));
    const of = $('timeline-of');
    of.replaceChildren('· ', bdi(label(res.entity)), ...(res.with ? [' with ', bdi(label(res.with))] : []),
      ` · ${many(res.events.length, 'event')}`, res.next_cursor ? ' (first page)' : '');
    drawTimeline();
  }

  function drawTimeline() {
    const strip = $('strip');
    const list = $('events');
    strip.replaceChildren();
    list.replaceChildren();
    const buckets = $('buckets');
    buckets.replaceChildren();
    if (!view.months.length) return;
    const t0 = period(view.months[0])[0];
    const t1 = period(view.months[view.months.length - 1])[1] + 1;
    const x = (d) => `${(100 * (Math.min(Math.max(d, t0), t1) - t0)) / (t1 - t0)}%`;
    const [lo, hi] = windowDays();
    view.events.forEach((r, i) => {
      const s = span(r);
      const inside = s[0] <= hi && s[1] >= lo;
      const end = Math.min(s[1], t1 - 1) + 1;
      const bar = h('div', { className: `span q${r.quad_class || 0} p-${r.precision || 'day'}${inside ? '' : ' out'}`, title: r.date });
      bar.style.left = x(s[0]);
      bar.style.width = `calc(${x(end)} - ${x(s[0])})`;
      bar.style.top = `${3 + (i % 4) * 7}px`;
      strip.append(bar);
      list.append(h('li', { className: inside ? '' : 'out', 'data-relation': r.id },
        h('button', { type: 'button', onclick: () => { addRelation(r); applyFilters(); selectRelation(r.id); } },
          dateOf(r), ' ', bdi(nameOf(r.source, r.source_name)), ` ${typeLabel(r.type)} `, bdi(nameOf(r.target, r.target_name)),
          r.modality !== 'asserted' ? [' ', h('span', { className: `badge m-${r.modality}` }, r.modality)] : '')));
    });
    const brush = h('div', { className: 'brush' });
    brush.style.left = x(Math.max(lo, t0));
    brush.style.width = `calc(${x(Math.min(hi, t1))} - ${x(Math.max(lo, t0))})`;
    strip.append(brush);
    // Per year, the events that happened (asserted ones) stacked by quad
    // class, and beside them the year's reports, on one scale: an event
    // many reports repeat stands out from many events once reported. The
    // title gives every count; the year fades when it is outside the
    // window.
    const byYear = new Map(view.buckets.map((b) => [b.key, b]));
    const max = Math.max(1, ...view.buckets.map((b) => Math.max(b.happened, b.reports)));
    const first = Number(view.months[0].slice(0, 4));
    const last = Number(view.months[view.months.length - 1].slice(0, 4));
    for (let y = first; y <= last; y++) {
      const b = byYear.get(String(y));
      const [ylo, yhi] = period(String(y));
      const year = h('div', { className: `year${ylo <= hi && yhi >= lo ? '' : ' out'}`, 'data-year': y,
        title: b ? `${y}: ${many(b.events, 'event')} (${b.happened} happened), ${many(b.reports, 'report')}` : String(y) });
      const bar = h('div', { className: 'bar' });
      const reports = h('div', { className: 'reports' });
      if (b) {
        Object.assign(year.dataset, { events: b.events, happened: b.happened, reports: b.reports, quads: b.quad_class_counts.join(',') });
        b.quad_class_counts.forEach((n, q) => {
          if (!n) return;
          const seg = h('div', { className: `q${q + 1}` });
          seg.style.height = `${(40 * n) / max}px`;
          bar.append(seg);
        });
        reports.style.height = `${(40 * b.reports) / max}px`;
      }
      year.append(bar, reports);
      buckets.append(year);
    }
  }

  // ---- URL state ----------------------------------------------------------

  // writeURL puts what is on screen in the address: e entity, x expanded
  // entities, from/to/hops/k the path (avoid, through, psince and puntil
  // its constraints), sel the selected relation,
  // since/until the window, lang, mods, minconf and hide (relation types)
  // the filters.
  function writeURL(push) {
    const p = new URLSearchParams();
    if (state.e) p.set('e', state.e);
    const x = state.x.filter((id) => id !== state.e);
    if (x.length) p.set('x', x.join(','));
    if (state.from && state.to) {
      p.set('from', state.from);
      p.set('to', state.to);
      if (state.hops !== 4) p.set('hops', state.hops);
      if (state.k !== 3) p.set('k', state.k);
      if (state.avoid.length) p.set('avoid', state.avoid.join(','));
      if (state.through.length) p.set('through', state.through.join(','));
      if (state.psince) p.set('psince', state.psince);
      if (state.puntil) p.set('puntil', state.puntil);
      if (state.chrono) p.set('chrono', '1');
      if (state.rank !== 'length') p.set('rank', state.rank);
    }
    if (state.sel) p.set('sel', state.sel);
    if (state.since) p.set('since', state.since);
    if (state.until) p.set('until', state.until);
    if (state.lang !== 'auto') p.set('lang', state.lang);
    if (state.mods.size !== MODALITIES.length) p.set('mods', [...state.mods].join(','));
    if (state.minconf > 0) p.set('minconf', state.minconf);
    if (state.hide.size) p.set('hide', [...state.hide].join(','));
    const url = p.toString() ? `?${p}` : location.pathname;
    if (url === location.search || (url === location.pathname && !location.search)) return;
    if (push && !restoring) history.pushState(null, '', url);
    else history.replaceState(null, '', url);
  }

  function readURL() {
    const p = new URLSearchParams(location.search);
    state.e = p.get('e') || '';
    state.x = (p.get('x') || '').split(',').filter(Boolean);
    state.from = p.get('from') || '';
    state.to = p.get('to') || '';
    state.hops = Number(p.get('hops')) || 4;
    state.k = Number(p.get('k')) || 3;
    state.avoid = splitList(p.get('avoid'));
    state.through = splitList(p.get('through')).filter((kind) => view.kinds.includes(kind));
    state.psince = p.get('psince') || '';
    state.puntil = p.get('puntil') || '';
    state.chrono = p.get('chrono') === '1';
    state.rank = ['confidence', 'recency'].includes(p.get('rank')) ? p.get('rank') : 'length';
    state.sel = p.get('sel') || '';
    state.since = p.get('since') || '';
    state.until = p.get('until') || '';
    state.lang = ['ar', 'en'].includes(p.get('lang')) ? p.get('lang') : 'auto';
    state.mods = new Set(p.has('mods') ? p.get('mods').split(',').filter((m) => MODALITIES.includes(m)) : MODALITIES);
    state.minconf = Math.min(1, Math.max(0, Number(p.get('minconf')) || 0));
    state.hide = new Set((p.get('hide') || '').split(',').filter(Boolean));
  }

  // replay expands entities of a shared URL: their neighbourhoods fetched
  // a few at a time, then placed in the URL's order, each new one's
  // neighbours in a ring around it, and the whole laid out once; one
  // expansion after another would lay out (and wait for) each in turn.
  const REPLAY_FETCHES = 4;
  async function replay(ids) {
    if (!ids.length) return;
    const answers = new Array(ids.length);
    let next = 0;
    const worker = async () => {
      while (next < ids.length) {
        const i = next++;
        answers[i] = await neighborhood(ids[i]);
      }
    };
    await Promise.all(Array.from({ length: Math.min(REPLAY_FETCHES, ids.length) }, worker));
    for (const res of answers) {
      place(res);
      const center = cy.getElementById(res.center.id);
      const fresh = cy.nodes().filter((n) => !n.scratch('placed') && n.id() !== res.center.id);
      const p = center.position();
      const r = Math.max(120, 42 * Math.sqrt(fresh.length));
      fresh.forEach((n, i) => {
        const a = (2 * Math.PI * i) / Math.max(1, fresh.length);
        n.position({ x: p.x + r * Math.cos(a), y: p.y + r * Math.sin(a) });
        n.scratch('placed', true);
      });
      center.scratch('placed', true);
    }
    applyFilters();
    // A small graph is laid out whole from the rings; a large one keeps them.
    if (cy.nodes().length < SMALL_GRAPH) layout(cy.getElementById(answers[0].center.id));
    else cy.fit(cy.elements(':visible'), 30);
  }

  // restore rebuilds the view the URL describes, adding no history entry.
  let restoring = false;
  async function restore() {
    restoring = true;
    try {
      await rebuild();
    } finally {
      restoring = false;
    }
  }
  async function rebuild() {
    readURL();
    cy.elements().remove();
    view.expanded.clear();
    view.next.clear();
    view.events = [];
    view.buckets = [];
    $('lang').value = state.lang;
    $('minconf').value = String(state.minconf);
    $('minconf-out').textContent = String(state.minconf);
    for (const m of MODALITIES) $(`mod-${m}`).checked = state.mods.has(m);
    $('from').value = state.from;
    $('to').value = state.to;
    $('hops').value = String(state.hops);
    $('k').value = String(state.k);
    $('avoid').value = state.avoid.join(', ');
    for (const kind of view.kinds) $(`through-${kind}`).checked = state.through.includes(kind);
    $('path-since').value = state.psince;
    $('path-until').value = state.puntil;
    $('chronological').checked = state.chrono;
    $('rank').value = state.rank;
    $('path-list').replaceChildren();
    syncWindowInputs();
    const { sel } = state;
    const expandedIDs = [...state.x];
    state.x = [];
    // The entity and the expanded ones are fetched together and laid out
    // once (replay); the entity is expanded first, as it was on screen.
    if (state.e) await openEntity(state.e, { quiet: true, push: false });
    const entityID = state.e;
    await replay([...new Set([entityID, ...expandedIDs].filter(Boolean))]);
    if (state.from && state.to) {
      const { avoid, through, psince, puntil, chrono, rank } = state;
      await findPaths(state.from, state.to, state.hops, state.k, { avoid, through, psince, puntil, chrono, rank });
    }
    if (sel && view.relations.has(sel)) {
      if (edgesOf(sel).empty()) addRelation(view.relations.get(sel));
      applyFilters();
      selectRelation(sel);
    }
    writeURL(false);
  }

  // ---- wiring ---------------------------------------------------------------

  function legend() {
    const el = $('legend');
    for (const [kind, [color]] of Object.entries(KINDS)) {
      const sw = h('span', { className: 'swatch' });
      sw.style.background = color;
      el.append(h('span', {}, sw, kind.replaceAll('_', ' ')));
    }
    QUADS.forEach((name, q) => {
      const line = h('span', { className: 'line' });
      line.style.borderTopColor = QUAD_COLORS[q];
      el.append(h('span', {}, line, name));
    });
    for (const m of MODALITIES) el.append(h('span', {}, h('span', { className: `line m-${m}` }, ''), m));
    el.append(h('span', {}, h('span', { className: 'line role' }, ''), 'an event\u2019s source to a participant (thin, labelled with the role)'),
      h('span', {}, h('span', { className: 'line link' }, ''), 'a route through an event (\u201cvia\u201d), between two of its parties'));
  }

  function wire() {
    $('search-form').addEventListener('submit', (ev) => {
      ev.preventDefault();
      run(() => search($('q').value.trim(), $('kind').value));
    });
    $('path-form').addEventListener('submit', (ev) => {
      ev.preventDefault();
      run(() => findPaths($('from').value.trim(), $('to').value.trim(), Number($('hops').value) || 4, Number($('k').value) || 3, pathOptions()));
    });
    $('lang').addEventListener('change', () => {
      state.lang = $('lang').value;
      cy.nodes().forEach((n) => n.data('label', label(view.entities.get(n.id()))));
      writeURL();
    });
    const mods = $('modalities');
    for (const m of MODALITIES) {
      const box = h('input', { type: 'checkbox', id: `mod-${m}`, checked: true });
      box.addEventListener('change', () => {
        if (box.checked) state.mods.add(m); else state.mods.delete(m);
        applyFilters();
        writeURL();
      });
      mods.append(h('label', { for: `mod-${m}` }, box, ' ', m));
    }
    $('minconf').addEventListener('input', () => {
      state.minconf = Number($('minconf').value);
      $('minconf-out').textContent = String(state.minconf);
      applyFilters();
      writeURL();
    });
    $('fit').addEventListener('click', () => cy.fit(cy.elements(':visible'), 30));
    $('png').addEventListener('click', () => download('geokg-view.png', cy.png({ output: 'blob', full: true, scale: 2, bg: '#ffffff' })));
    $('csv').addEventListener('click', () => download('geokg-view.csv', csvOfCanvas()));
    $('graphml').addEventListener('click', () => download('geokg-view.graphml', graphmlOfCanvas()));
    $('gexf').addEventListener('click', () => download('geokg-view.gexf', gexfOfCanvas()));
    $('reader-close').addEventListener('click', closeReader);
    $('reader').addEventListener('keydown', (ev) => { if (ev.key === 'Escape') { ev.stopPropagation(); closeReader(); } });
    $('clear').addEventListener('click', () => {
      history.pushState(null, '', location.pathname);
      run(restore);
      $('evidence-body').replaceChildren(h('p', { className: 'hint' }, 'Select an edge, a path hop or an event.'));
      $('card-body').replaceChildren(h('p', { className: 'hint' }, 'Pick a result or a node of the graph.'));
      $('events').replaceChildren();
      $('timeline-of').textContent = '';
    });
    $('since').addEventListener('input', () => onWindowInput('since'));
    $('until').addEventListener('input', () => onWindowInput('until'));
    $('play').addEventListener('click', togglePlay);
    $('all-time').addEventListener('click', () => {
      stopPlay();
      state.since = '';
      state.until = '';
      syncWindowInputs();
      applyFilters();
      writeURL();
    });
    window.addEventListener('popstate', () => run(restore));
    legend();
  }

  Object.assign(helpers, { xml, cut });

  // throughKinds builds the path finder's kind checkboxes from the API's
  // own description (the through parameter's enum in /openapi.json).
  function throughKinds(spec) {
    const kinds = spec && spec.components && spec.components.parameters && spec.components.parameters.through &&
      spec.components.parameters.through.schema && spec.components.parameters.through.schema.items &&
      spec.components.parameters.through.schema.items.enum;
    if (Array.isArray(kinds) && kinds.length) view.kinds = kinds.slice();
    $('through-kinds').replaceChildren(...view.kinds.map((kind) =>
      h('label', { for: `through-${kind}` }, h('input', { type: 'checkbox', id: `through-${kind}`, value: kind }), ' ', kind.replaceAll('_', ' '))));
  }

  async function start() {
    wire();
    const [types, stats, spec] = await Promise.all([api('/v1/relation-types'), api('/v1/stats'), api('/openapi.json')]);
    throughKinds(spec);
    for (const t of types.relation_types) view.types.set(t.id, t);
    $('stats').textContent = `${many(stats.entities, 'entity', 'entities')} · ${many(stats.relations, 'relation')} · ${many(stats.sources, 'source')}`;
    setupWindow(stats);
    await restore();
    document.body.dataset.ready = 'true';
  }

  start().catch((err) => {
    fail(err);
    document.body.dataset.ready = 'error';
  });
})();
