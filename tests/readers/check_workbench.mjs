// Drives the analyst workbench (internal/web) in headless Chromium through
// playwright-core, against `geokg serve` of the fixtures on a loopback
// port, and checks what the page shows against what the API answers:
//
//   1. search كتائب حزب الله: the result shows its kind and counts;
//   2. open it: the card has its names per language and counts, the canvas
//      has its ego graph (the API's nodes and relations, each event's
//      participants joined to it by role edges); click an edge on
//      the canvas: the evidence pane shows its quote;
//   3. expand a neighbour with the keyboard (arrows, Enter) and another with
//      a mouse click: the canvas holds the union of the neighbourhoods;
//   4. the timeline shows a month-precision event as its month; a window on
//      November 2011 keeps the 2011 (year-precision) withdrawal and drops
//      the deadline of 2011-12-31, a window from 2020 removes both;
//   5. find the paths to العراق: every route is listed and drawn; the
//      evidence of each hop shows the API's Arabic quote, right to left;
//      the source reader of an Arabic hop shows its article's whole text
//      (fetched once for two openings), right to left, with one <mark>
//      whose text is the quote, scrolled into view;
//   6. the URL reopens the same view in a new tab; its CSV, PNG, GraphML
//      and GEXF downloads: the XML parses (Chromium's DOMParser) with one
//      node per visible node and one edge per visible relation, the Arabic
//      name intact; the page's code-point cut and XML escaping on a code
//      point outside the BMP and on markup and control characters;
//   7. Arabic labels go to Canvas fillText whole (shaped by the browser),
//      never letter by letter;
//   8. routes from qasem-soleimani to mustafa-al-kadhimi pass through the
//      United States (Q30); avoiding "United States" none drawn does, and
//      they are the API's for the same parameters, each hop drawn between
//      its two entities (a hop through an event as its link between them,
//      no marked edge touching Q30); the URL holds avoid,
//      through and the window (psince/puntil) and reopening it reproduces
//      the routes; the through checkboxes are openapi.json's enum;
//      avoiding an end (400) or an unknown entity (404) shows the API's
//      message in the path finder;
//   9. on a copy of the db, `geokg entities split` the POLECAT dataset's
//      part of كتائب حزب الله into kh-polecat, serve the copy: both cards
//      list the split with its source, note and time (and the card on the
//      fixtures, which hold no decision, lists none). No request leaves the
//      loopback servers, no Content-Security-Policy violation, no page
//      error.
//
// Usage: node check_workbench.mjs GEOKG_BINARY DB_FILE. Environment:
// CHROMIUM (default /usr/bin/chromium); GEOKG_WORKBENCH_SHOTS=DIR writes a
// screenshot of each step there. Exits non-zero when a check fails.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { idle, launch, serve as serveDB } from './workbench_lib.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const [binary, db] = process.argv.slice(2);
if (!binary || !db) {
  console.error('usage: node check_workbench.mjs GEOKG_BINARY DB_FILE');
  process.exit(2);
}
const shots = process.env.GEOKG_WORKBENCH_SHOTS;
if (shots) fs.mkdirSync(shots, { recursive: true });

function check(what, ok, detail) {
  if (!ok) throw new Error(`${what}${detail === undefined ? '' : `: ${typeof detail === 'string' ? detail : JSON.stringify(detail)}`}`);
}
function equal(what, got, want) {
  check(what, JSON.stringify(got) === JSON.stringify(want), `got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
}

const step = { n: 0 };
async function shot(page, name) {
  step.n++;
  if (shots) await page.screenshot({ path: path.join(shots, `${String(step.n).padStart(2, '0')}-${name}.png`) });
}

// The workbench exposes its Cytoscape instance as window.workbench.cy.
const canvasState = (page) => page.evaluate(() => {
  const { cy } = window.workbench;
  // Edges by relation: a relation is drawn as its own edge and a role
  // edge to each participant (ids RELATION#ROLE:ENTITY).
  const relations = (edges) => [...new Set(edges.map((e) => e.data('relation')))].sort();
  return {
    nodes: cy.nodes().map((n) => n.id()).sort(),
    edges: relations(cy.edges()),
    roles: cy.edges('.role').map((e) => e.id()).sort(),
    visibleRoles: cy.edges('.role').filter((e) => !e.hasClass('hidden')).map((e) => e.id()).sort(),
    visibleNodes: cy.nodes().filter((n) => !n.hasClass('hidden')).map((n) => n.id()).sort(),
    visibleEdges: relations(cy.edges().filter((e) => !e.hasClass('hidden'))),
  };
});

// The routes the canvas marks, and those of an answer of /v1/paths.
const drawnRoutes = (p) => p.evaluate(() => ({
  nodes: window.workbench.cy.nodes('.path').map((n) => n.id()).sort(),
  edges: [...new Set(window.workbench.cy.edges('.path').map((e) => e.data('relation')))].sort(),
}));
// hopsUndrawn lists the hops of res that no marked edge of one of the
// hop's relations draws between the hop's two entities.
const hopsUndrawn = (p, res) => p.evaluate((paths) => {
  const { cy } = window.workbench;
  const out = [];
  for (const path of paths) {
    path.hops.forEach((hop, j) => {
      const [a, b] = [path.nodes[j].id, path.nodes[j + 1].id];
      const ids = hop.relations.map((r) => r.id);
      const drawn = cy.edges('.path').some((e) => ids.includes(e.data('relation')) &&
        ((e.source().id() === a && e.target().id() === b) || (e.source().id() === b && e.target().id() === a)));
      if (!drawn) out.push(`${a}–${b}`);
    });
  }
  return out;
}, res.paths);
const routesOf = (res) => ({
  nodes: [...new Set(res.paths.flatMap((p) => p.nodes.map((n) => n.id)))].sort(),
  edges: [...new Set(res.paths.flatMap((p) => p.hops.flatMap((h) => h.relations).map((r) => r.id)))].sort(),
});

const serve = (dbFile = db) => serveDB(binary, dbFile);

// clickElement clicks a node (or an edge's midpoint) where it is drawn: a
// node at a point of it that nothing drawn over it covers (the layout is
// random, and an edge or a label may cross its centre), once the canvas
// has stopped moving, until done (a function run in the page) holds; a
// person whose click the page missed clicks again, at most three times.
async function clickElement(page, id, done) {
  for (let tries = 1; ; tries++) {
    await page.waitForFunction(() => !window.workbench.cy.animated(), null, { timeout: 5000 });
    const box = await page.locator('#canvas').boundingBox();
    const p = await page.evaluate(async (id) => {
      const cy = window.workbench.cy;
      const frame = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      // The view as drawn: two frames with the same pan and zoom.
      for (let last = ''; ;) {
        await frame();
        const now = JSON.stringify([cy.pan(), cy.zoom(), cy.animated()]);
        if (now === last) break;
        last = now;
      }
      const el = cy.getElementById(id);
      if (el.empty()) return null;
      if (!el.isNode()) return el.renderedMidpoint();
      const pan = cy.pan();
      const zoom = cy.zoom();
      const b = el.renderedBoundingBox({ includeLabels: false });
      const c = el.renderedPosition();
      const points = [c];
      for (const f of [0.2, 0.35]) {
        for (const [dx, dy] of [[1, 0], [-1, 0], [0, 1], [0, -1], [1, 1], [-1, -1], [1, -1], [-1, 1]]) {
          points.push({ x: c.x + dx * f * b.w, y: c.y + dy * f * b.h });
        }
      }
      // What a tap at a point reaches: the renderer's own hit test, in
      // model coordinates.
      const hit = (q) => cy.renderer().findNearestElement((q.x - pan.x) / zoom, (q.y - pan.y) / zoom, true, false);
      return points.find((q) => { const e = hit(q); return e && e.id() === id; }) || null;
    }, id);
    check(`${id} is on the canvas, and a point of it is not covered`, p);
    await page.mouse.click(box.x + p.x, box.y + p.y);
    const ok = await page.waitForFunction(done, id, { timeout: 5000 }).then(() => true, () => false);
    if (ok || tries === 3) return;
  }
}

const problems = []; // page errors, console errors

async function run() {
  // The vendored Cytoscape.js is the one npm installed from the lock file.
  const vendored = fs.readFileSync(path.join(here, '../../internal/web/static/vendor/cytoscape.min.js'));
  const published = fs.readFileSync(path.join(here, 'node_modules/cytoscape/dist/cytoscape.min.js'));
  check('internal/web/static/vendor/cytoscape.min.js is the cytoscape of package-lock.json', vendored.equals(published));

  const { child, base: baseP } = serve();
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'geokg-chromium-'));
  let context;
  let second;
  try {
    const base = await baseP;
    const apiGet = async (p) => {
      const r = await fetch(base + p);
      check(`GET ${p}`, r.ok, `${r.status}`);
      return r.json();
    };
    context = await launch(profile);
    const servers = [base]; // the loopback servers the page may reach
    const refused = new Set();
    await context.route('**/*', (route) => {
      const u = route.request().url();
      if (servers.some((b) => u.startsWith(b + '/'))) return route.continue();
      refused.add(u);
      return route.abort();
    });
    await context.addInitScript(() => {
      window.__csp = [];
      document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
      window.__fillText = [];
      for (const C of [window.CanvasRenderingContext2D, window.OffscreenCanvasRenderingContext2D]) {
        if (!C) continue;
        const fill = C.prototype.fillText;
        C.prototype.fillText = function (text, ...rest) {
          if (window.__fillText.length < 20000) window.__fillText.push(String(text));
          return fill.call(this, text, ...rest);
        };
      }
    });
    const pages = [];
    const open = async (url) => {
      const page = await context.newPage();
      page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
      page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
      await page.goto(url, { waitUntil: 'load' });
      await page.waitForFunction(() => document.body.dataset.ready, null, { timeout: 30_000 });
      await idle(page);
      equal('page ready', await page.evaluate(() => document.body.dataset.ready), 'true');
      pages.push(page);
      return page;
    };

    const page = await open(base + '/');
    const stats = await apiGet('/v1/stats');
    check('stats line', (await page.textContent('#stats')).includes(`${stats.entities} entities · ${stats.relations} relations`));

    // 1. Search in Arabic.
    const kh = await apiGet('/v1/entities/kataib-hezbollah');
    await page.fill('#q', 'كتائب حزب الله');
    await page.press('#q', 'Enter');
    const result = page.locator('#result-list button.result').first();
    await idle(page);
    equal('first result', await result.getAttribute('data-id'), 'kataib-hezbollah');
    const resultText = await result.textContent();
    check('result shows the Arabic name', resultText.includes('كتائب حزب الله'), resultText);
    check('result shows the kind', resultText.includes('armed group'), resultText);
    check('result shows the counts', resultText.includes(`${kh.counts.relations} relations · ${kh.counts.neighbors} neighbours · ${kh.counts.sources} sources`), resultText);
    await shot(page, 'search');

    // 2. Open it: card and ego graph.
    await result.click();
    await idle(page);
    equal('card name', await page.textContent('#card-body .card-name'), 'Kataib Hezbollah');
    equal('card Arabic name', await page.textContent('#card-body dd[lang=ar]'), 'كتائب حزب الله');
    check('card counts', (await page.textContent('#card-body .counts')).startsWith(`${kh.counts.relations} relations · ${kh.counts.neighbors} neighbours`));
    equal('the fixtures hold no decision on كتائب حزب الله', kh.decisions, []);
    equal('a card without decisions lists none', await page.locator('#card-body .decisions').count(), 0);
    const egoKH = await apiGet('/v1/entities/kataib-hezbollah/neighbors?limit=200');
    let seen = await canvasState(page);
    equal('ego graph nodes', seen.nodes, ['kataib-hezbollah', ...egoKH.nodes.map((n) => n.id)].sort());
    equal('ego graph edges', seen.edges, egoKH.relations.map((r) => r.id).sort());
    // An event's participants are drawn joined to it, so none of the
    // API's neighbours is left alone off the canvas.
    const rolesOf = (...gs) => [...new Set(gs.flatMap((g) => g.relations.flatMap((r) => (r.participants || [])
      .filter((p) => p.entity !== r.source && p.entity !== r.target).map((p) => `${r.id}#${p.role}:${p.entity}`))))].sort();
    check('the ego graph has events with participants', rolesOf(egoKH).length > 0);
    equal('ego graph role edges = the participants of its events', seen.roles, rolesOf(egoKH));
    equal('every neighbour of the API is visible', egoKH.nodes.map((n) => n.id).filter((id) => !seen.visibleNodes.includes(id)), []);
    check('URL names the entity', new URL(page.url()).searchParams.get('e') === 'kataib-hezbollah', page.url());
    // Parallel relations between the same two entities are bundled: drawn
    // as bezier curves, each on a path of its own.
    const parallel = await page.evaluate(() => {
      const { cy } = window.workbench;
      const byPair = new Map();
      cy.edges().not('.role, .link').forEach((e) => {
        const k = [e.source().id(), e.target().id()].sort().join(' ');
        byPair.set(k, [...(byPair.get(k) || []), e]);
      });
      const [pair, edges] = [...byPair].sort((a, b) => b[1].length - a[1].length)[0];
      const mids = edges.map((e) => { const m = e.renderedMidpoint(); return `${Math.round(m.x)},${Math.round(m.y)}`; });
      return { pair, n: edges.length, styles: [...new Set(edges.map((e) => e.style('curve-style')))], distinct: new Set(mids).size };
    });
    check('the ego graph has parallel relations', parallel.n > 1, parallel);
    equal(`parallel relations of ${parallel.pair} are bezier curves`, parallel.styles, ['bezier']);
    equal(`parallel relations of ${parallel.pair} are drawn apart`, parallel.distinct, parallel.n);
    const backs = egoKH.relations.find((r) => r.type === 'backs');
    await clickElement(page, backs.id, (id) => window.workbench.state.sel === id);
    await page.waitForFunction((id) => window.workbench.state.sel === id, backs.id, { timeout: 5000 });
    equal('evidence of the clicked edge', await page.textContent('#evidence-body blockquote'), backs.evidence[0].quote);
    // The buckets chart draws the API's year buckets: events that happened
    // by quad class, and the year's reports beside them.
    const tl = await apiGet('/v1/timeline?entity=kataib-hezbollah&limit=500&bucket=year');
    check('the timeline of كتائب حزب الله has buckets', tl.buckets.length > 0);
    const apiYears = tl.buckets.map((b) => ({ key: b.key, events: b.events, happened: b.happened, reports: b.reports, quads: b.quad_class_counts.join(',') }));
    const drawnYears = (els) => els.map((el) => ({ key: el.dataset.year, events: +el.dataset.events, happened: +el.dataset.happened, reports: +el.dataset.reports, quads: el.dataset.quads }));
    // The chart is drawn when the page's own request for its buckets is
    // answered: wait for as many years as the API's, then compare.
    await page.waitForFunction((n) => document.querySelectorAll('#buckets .year[data-events]').length === n, apiYears.length, { timeout: 10_000 }).catch(() => {});
    await idle(page);
    equal('the buckets drawn are the API\'s', await page.locator('#buckets .year[data-events]').evaluateAll(drawnYears), apiYears);
    const month = page.locator('#events time[datetime="2019-12"]').first();
    await month.waitFor({ timeout: 5000 });
    equal('a month-precision event of the timeline shows its month', await month.textContent(), 'December 2019');
    await shot(page, 'entity');

    // 3. Expand United States with the keyboard, the PMF with a click.
    await page.focus('#canvas');
    for (let i = 0; i < 12 && !(await page.textContent('#status')).startsWith('United States'); i++) {
      await page.keyboard.press('ArrowRight');
    }
    check('arrow keys reach United States', (await page.textContent('#status')).startsWith('United States'), await page.textContent('#status'));
    await page.keyboard.press('Enter');
    await idle(page);
    check('Enter expands United States', await page.evaluate(() => window.workbench.view.expanded.has('Q30')));
    await page.keyboard.press('e');
    const picked = await page.evaluate(() => window.workbench.view.relations.get(window.workbench.state.sel));
    check('E selects a relation of United States', picked && (picked.source === 'Q30' || picked.target === 'Q30'), picked && picked.id);
    equal('E opens its evidence', await page.textContent('#evidence-body blockquote'), picked.evidence[0].quote);
    await clickElement(page, 'Q19610107', (id) => window.workbench.view.expanded.has(id));
    // The click's expansion may not have marked the page busy yet: wait for
    // it (the check below fails if it never comes).
    await page.waitForFunction(() => window.workbench.view.expanded.has('Q19610107'), null, { timeout: 15_000 }).catch(() => {});
    await idle(page);
    check('a click expands the PMF', await page.evaluate(() => window.workbench.view.expanded.has('Q19610107')));
    const egos = [egoKH, await apiGet('/v1/entities/Q30/neighbors?limit=200'), await apiGet('/v1/entities/Q19610107/neighbors?limit=200')];
    seen = await canvasState(page);
    equal('expanded nodes = union of the neighbourhoods', seen.nodes,
      [...new Set(egos.flatMap((g) => [g.center.id, ...g.nodes.map((n) => n.id)]))].sort());
    equal('expanded edges = union of the neighbourhoods', seen.edges,
      [...new Set(egos.flatMap((g) => g.relations.map((r) => r.id)))].sort());
    equal('expanded role edges = the participants of their events', seen.roles, rolesOf(...egos));
    check('URL lists the expanded entities', (new URL(page.url()).searchParams.get('x') || '').split(',').includes('Q30'), page.url());
    await shot(page, 'expanded');

    // 4. Timeline: precision and the window.
    // The withdrawal of 2011, an event known to the year (the signing of
    // 2008, once known to the year too, is now one event with the reports
    // that give its day).
    const withdrawal = egos[1].relations.find((r) => r.type === 'withdraws_from' && r.date === '2011');
    check('the 2011 withdrawal is on the canvas', seen.visibleEdges.includes(withdrawal.id));
    const setWindow = async (since, until) => {
      const [s, u] = await page.evaluate(([a, b]) => [window.workbench.view.months.indexOf(a), window.workbench.view.months.indexOf(b)], [since, until]);
      check(`months ${since} and ${until} are on the slider`, s >= 0 && u >= 0);
      await page.fill('#until', String(u));
      await page.fill('#since', String(s));
    };
    await setWindow('2011-11', '2011-11');
    seen = await canvasState(page);
    check('a window on November 2011 keeps the year-precision 2011 withdrawal', seen.visibleEdges.includes(withdrawal.id));
    const deadline = egos[1].relations.find((r) => r.date === '2011-12-31');
    check('a window on November 2011 drops a day in December 2011', !seen.visibleEdges.includes(deadline.id));
    const last = await page.evaluate(() => window.workbench.view.months.at(-1));
    await setWindow('2020-01', last);
    seen = await canvasState(page);
    check('from 2020 the 2011 withdrawal leaves the canvas', !seen.visibleEdges.includes(withdrawal.id));
    check('from 2020 undated relations stay', seen.visibleEdges.includes(egoKH.relations.find((r) => !r.date).id));
    equal('URL has the window', new URL(page.url()).searchParams.get('since'), '2020-01');
    await shot(page, 'window-2020');
    await page.click('#all-time');

    // 5. Paths to Iraq, named in Arabic; the evidence of every hop.
    await page.fill('#to', 'العراق');
    await page.click('#path-form button[type=submit]');
    await idle(page);
    equal('path target resolved', await page.evaluate(() => window.workbench.state.to), 'Q796');
    const paths = await apiGet('/v1/paths?from=kataib-hezbollah&to=' + encodeURIComponent('العراق'));
    check('the API finds routes', paths.paths.length > 0);
    equal('routes listed', await page.locator('#path-list > li').count(), paths.paths.length);
    equal('routes drawn', await drawnRoutes(page), routesOf(paths));
    equal('every hop to العراق is drawn between its two entities', await hopsUndrawn(page, paths), []);
    let arabicHops = 0;
    let readArabic = 0;
    const sourceRequests = [];
    page.on('request', (req) => { if (new URL(req.url()).pathname.startsWith('/v1/sources/')) sourceRequests.push(req.url()); });
    for (const [i, r] of paths.paths[0].hops.flatMap((h) => h.relations).entries()) {
      await page.locator('#path-list > li').first().locator('button.hop').nth(i).click();
      await page.waitForFunction((id) => window.workbench.state.sel === id, r.id, { timeout: 5000 });
      const quote = page.locator('#evidence-body blockquote').first();
      equal(`hop ${i + 1} quote`, await quote.textContent(), r.evidence[0].quote);
      const arabic = /^[^A-Za-z]*[\u0600-\u06ff]/.test(r.evidence[0].quote);
      arabicHops += arabic ? 1 : 0;
      equal(`hop ${i + 1} quote direction`, await quote.evaluate((el) => getComputedStyle(el).direction), arabic ? 'rtl' : 'ltr');
      equal(`hop ${i + 1} modality`, await page.textContent('#evidence-body [data-modality]'), r.modality);
      equal(`hop ${i + 1} confidence`, await page.textContent('#evidence-body .confidence'), `${Math.round(r.confidence * 100)} %`);
      if (r.evidence[0].title) equal(`hop ${i + 1} article`, await page.textContent('#evidence-body cite'), r.evidence[0].title);
      // The source reader: the article's text, the quoted span marked.
      const ev = r.evidence[0];
      if (arabic && ev.start >= 0) {
        const doc = await apiGet('/v1/sources/' + encodeURIComponent(ev.article));
        // The API counts code points; so does the check.
        equal(`hop ${i + 1}: the API's span is its quote`, Array.from(doc.text).slice(ev.start, ev.end).join(''), ev.quote);
        const asked = sourceRequests.length;
        for (let twice = 0; twice < 2; twice++) {
          await page.locator('#evidence-body .report').first().locator('button.read').click();
          await page.locator('#reader mark').waitFor({ timeout: 5000 });
          await idle(page);
        }
        equal(`hop ${i + 1}: the reader marks exactly the quote`, await page.textContent('#reader mark'), ev.quote);
        check(`hop ${i + 1}: the reader's heading names the article`, (await page.textContent('#reader-h')).includes(doc.title || doc.id));
        const readerMeta = await page.textContent('#reader-meta');
        check(`hop ${i + 1}: the reader's meta line is text`, readerMeta.includes(doc.id) && !readerMeta.includes('[object'), readerMeta);
        equal(`hop ${i + 1}: one mark`, await page.locator('#reader mark').count(), 1);
        equal(`hop ${i + 1}: the reader holds the whole text`, await page.textContent('#reader-text'), doc.text);
        equal(`hop ${i + 1}: the Arabic article reads right to left`,
          await page.locator('#reader-text').evaluate((el) => [el.getAttribute('dir'), getComputedStyle(el).direction]), ['rtl', 'rtl']);
        check(`hop ${i + 1}: the mark is scrolled into view`, await page.evaluate(() => {
          const box = document.getElementById('reader-text').getBoundingClientRect();
          const m = document.querySelector('#reader mark').getBoundingClientRect();
          return m.top >= box.top - 1 && m.bottom <= box.bottom + 1 && m.top >= 0 && m.bottom <= window.innerHeight;
        }));
        check(`hop ${i + 1}: the source text is text, not markup`, await page.evaluate(() =>
          [...document.getElementById('reader-text').childNodes].every((n) => n.nodeType === Node.TEXT_NODE || (n.nodeName === 'MARK' && n.childNodes.length === 1 && n.firstChild.nodeType === Node.TEXT_NODE))));
        check(`hop ${i + 1}: the source is fetched once for two openings`, sourceRequests.length - asked <= 1, sourceRequests.slice(asked));
        readArabic++;
        await shot(page, 'source-reader');
      }
    }
    check('a hop has an Arabic quote', arabicHops > 0);
    check('the source reader opened an Arabic article', readArabic > 0);
    await shot(page, 'path-evidence');

    // Hide a relation type: its edges leave the canvas.
    await page.click('#types summary');
    await page.uncheck('#type-located_in');
    seen = await canvasState(page);
    const located = await page.evaluate(() => window.workbench.cy.edges('[type = "located_in"]').map((e) => e.id()));
    check('there are located_in relations', located.length > 0);
    check('hiding located_in hides its edges', located.every((id) => !seen.visibleEdges.includes(id)));
    equal('URL has the hidden type', new URL(page.url()).searchParams.get('hide'), 'located_in');
    await page.click('#types summary');

    // 6. The URL reopens the same view.
    const shared = page.url();
    const before = { canvas: await canvasState(page), card: await page.textContent('#card-body .card-name'), quote: await page.textContent('#evidence-body blockquote'), routes: await page.textContent('#path-list') };
    const again = await open(shared);
    await again.waitForFunction((sel) => window.workbench.state.sel === sel, new URL(shared).searchParams.get('sel'), { timeout: 10_000 });
    const after = { canvas: await canvasState(again), card: await again.textContent('#card-body .card-name'), quote: await again.textContent('#evidence-body blockquote'), routes: await again.textContent('#path-list') };
    equal('the shared URL reopens the same view', after, before);
    await shot(again, 'shared');

    // The view exports as CSV (its visible relations) and PNG.
    const saved = async (button) => {
      const [download] = await Promise.all([again.waitForEvent('download', { timeout: 10_000 }), again.click(button)]);
      return fs.readFileSync(await download.path());
    };
    const csv = (await saved('#csv')).toString('utf8').replace(/^\ufeff/, '').trim().split('\r\n');
    equal('CSV rows = visible relations', csv.length - 1, after.canvas.visibleEdges.length);
    check('PNG export is a PNG', (await saved('#png')).subarray(1, 4).toString() === 'PNG');
    // GraphML and GEXF: well-formed XML (Chromium's DOMParser), one node per
    // visible node and one edge per visible relation and participation in
    // one (its role edge), Arabic names intact.
    const khAr = kh.names.ar;
    for (const [button, ns] of [['#graphml', 'http://graphml.graphdrawing.org/xmlns'], ['#gexf', 'http://gexf.net/1.3']]) {
      const text = (await saved(button)).toString('utf8');
      if (shots) fs.writeFileSync(path.join(shots, `view.${button.slice(1)}`), text);
      const parsed = await again.evaluate(([text, ns]) => {
        const doc = new DOMParser().parseFromString(text, 'application/xml');
        const error = doc.getElementsByTagName('parsererror')[0];
        if (error) return { error: error.textContent };
        const ids = (tag) => [...doc.getElementsByTagNameNS(ns, tag)].map((n) => n.getAttribute('id')).sort();
        const node = [...doc.getElementsByTagNameNS(ns, 'node')].find((n) => n.getAttribute('id') === 'kataib-hezbollah');
        let ar = null;
        if (node && ns.includes('graphml')) ar = node.querySelector('data[key="n_name_ar"]')?.textContent;
        if (node && ns.includes('gexf')) {
          const id = [...doc.getElementsByTagNameNS(ns, 'attribute')].find((a) => a.parentNode.getAttribute('class') === 'node' && a.getAttribute('title') === 'name_ar')?.getAttribute('id');
          ar = [...node.getElementsByTagNameNS(ns, 'attvalue')].find((v) => v.getAttribute('for') === id)?.getAttribute('value');
        }
        return { root: doc.documentElement.localName, nodes: ids('node'), edges: ids('edge'), ar };
      }, [text, ns]);
      check(`${button} export parses as XML`, !parsed.error, parsed.error);
      equal(`${button} export nodes = visible nodes`, parsed.nodes, after.canvas.visibleNodes);
      equal(`${button} export edges = visible relations and participations`, parsed.edges,
        [...after.canvas.visibleEdges, ...after.canvas.visibleRoles].sort());
      equal(`${button} export keeps the Arabic name`, parsed.ar, khAr);
    }
    // What the page showed, for networkx to read the same view
    // (test_view_exports.py, run by scripts/test-readers).
    if (shots) {
      fs.writeFileSync(path.join(shots, 'view.counts.json'),
        JSON.stringify({ nodes: after.canvas.visibleNodes.length, edges: after.canvas.visibleEdges.length + after.canvas.visibleRoles.length, kh_ar: khAr }));
    }

    // 7. Arabic labels are drawn whole.
    await again.selectOption('#lang', 'ar');
    await again.waitForFunction(() => window.__fillText.includes('كتائب حزب الله'), null, { timeout: 5000 }).catch(() => {});
    const drawn = await again.evaluate(() => window.__fillText);
    check('the Arabic label كتائب حزب الله is drawn with one fillText', drawn.includes('كتائب حزب الله'), drawn.filter((t) => /[\u0600-\u06ff]/.test(t)).slice(0, 10));
    const letters = drawn.filter((t) => /^[\u0600-\u06ff]$/.test(t));
    check('no Arabic label is drawn letter by letter', letters.length === 0, letters.slice(0, 10));
    equal('URL has the label language', new URL(again.url()).searchParams.get('lang'), 'ar');
    await shot(again, 'arabic-labels');

    // The helpers behind the reader and the XML exports, on what the
    // fixtures lack: a code point outside the BMP before the span (two
    // UTF-16 units, one offset), markup characters and C0 controls in a
    // label.
    const helperChecks = await again.evaluate(() => {
      const { cut, xml } = window.workbench.helpers;
      const hostile = 'a<b>&"c\'\u0001\u0008\ud800 كتائب 😀';
      const doc = new DOMParser().parseFromString(`<r a="${xml(hostile)}">${xml(hostile)}</r>`, 'application/xml');
      return {
        cut: cut('😀 كتائب حزب الله', 2, 7),
        parses: !doc.getElementsByTagName('parsererror').length,
        attr: doc.documentElement.getAttribute('a'),
        text: doc.documentElement.textContent,
      };
    });
    equal('cut counts code points, not UTF-16 units', helperChecks.cut, ['😀 ', 'كتائب', ' حزب الله']);
    check('xml() keeps hostile text well-formed', helperChecks.parses);
    equal('xml() round-trips an attribute, less what XML cannot hold', helperChecks.attr, 'a<b>&"c\' كتائب 😀');
    equal('xml() round-trips text, less what XML cannot hold', helperChecks.text, 'a<b>&"c\' كتائب 😀');

    // 8. Routes under constraints: avoid, through kinds, a window.
    const spec = await apiGet('/openapi.json');
    const rp = await open(base + '/');
    equal('the through checkboxes are the kinds of the API',
      await rp.locator('#through-kinds input[type=checkbox]').evaluateAll((els) => els.map((el) => el.value)),
      spec.components.parameters.through.schema.items.enum);
    const listedRoutes = (p) => p.locator('#path-list > li:not(.hint)').evaluateAll((lis) =>
      lis.map((li) => [...li.querySelectorAll('button.hop')].map((b) => b.dataset.relation)));
    const findRoutes = async (p) => { await p.click('#path-form button[type=submit]'); await idle(p); };
    const ends = 'from=qasem-soleimani&to=mustafa-al-kadhimi';
    await rp.fill('#from', 'qasem-soleimani');
    await rp.fill('#to', 'mustafa-al-kadhimi');
    await findRoutes(rp);
    const direct = await apiGet(`/v1/paths?${ends}`);
    check('some route of the API passes through the United States', direct.paths.some((p) => p.nodes.some((n) => n.id === 'Q30')));
    equal('routes drawn', await drawnRoutes(rp), routesOf(direct));
    equal('every hop is drawn between its two entities', await hopsUndrawn(rp, direct), []);
    check('a drawn route passes through the United States', (await drawnRoutes(rp)).nodes.includes('Q30'));
    // Avoid the United States, by name.
    await rp.fill('#avoid', 'United States');
    await findRoutes(rp);
    const avoided = await apiGet(`/v1/paths?${ends}&avoid=${encodeURIComponent('United States')}`);
    check('the API finds routes avoiding the United States', avoided.paths.length > 0);
    check('no route of the API passes through the United States', avoided.paths.every((p) => p.nodes.every((n) => n.id !== 'Q30')));
    const drawnAvoiding = await drawnRoutes(rp);
    check('no drawn route passes through the United States', !drawnAvoiding.nodes.includes('Q30'), drawnAvoiding.nodes);
    equal('routes avoiding the United States drawn', drawnAvoiding, routesOf(avoided));
    equal('every hop avoiding the United States is drawn between its two entities', await hopsUndrawn(rp, avoided), []);
    equal('no marked edge touches the United States', await rp.evaluate(() =>
      window.workbench.cy.edges('.path').filter((e) => e.source().id() === 'Q30' || e.target().id() === 'Q30').map((e) => e.id())), []);
    check('some route avoiding the United States goes through an event between two of its parties',
      await rp.evaluate(() => window.workbench.cy.edges('.path.link').nonempty()));
    equal('routes avoiding the United States listed', await listedRoutes(rp), avoided.paths.map((p) => p.hops.flatMap((h) => h.relations).map((r) => r.id)));
    equal('URL has avoid', new URL(rp.url()).searchParams.get('avoid'), 'United States');
    // The URL reproduces the routes.
    let reopened = await open(rp.url());
    equal('the reopened URL fills avoid', await reopened.inputValue('#avoid'), 'United States');
    equal('the reopened URL draws the same routes', await drawnRoutes(reopened), drawnAvoiding);
    equal('the reopened URL lists the same routes', await listedRoutes(reopened), await listedRoutes(rp));
    // Kinds and a window, on the reopened page; they too go to the URL.
    await reopened.check('#through-government');
    await reopened.check('#through-government_body');
    await reopened.check('#through-person');
    await reopened.fill('#path-since', '2020');
    await reopened.fill('#path-until', '2021-12');
    await findRoutes(reopened);
    const narrowed = await apiGet(`/v1/paths?${ends}&avoid=${encodeURIComponent('United States')}&through=government,government_body,person&since=2020&until=2021-12`);
    check('the API finds routes through those kinds within the window', narrowed.paths.length > 0);
    equal('routes through kinds within the window drawn', await drawnRoutes(reopened), routesOf(narrowed));
    equal('every constrained hop is drawn between its two entities', await hopsUndrawn(reopened, narrowed), []);
    equal('routes through kinds within the window listed', await listedRoutes(reopened), narrowed.paths.map((p) => p.hops.flatMap((h) => h.relations).map((r) => r.id)));
    const q = new URL(reopened.url()).searchParams;
    equal('URL has through and the window', [q.get('through'), q.get('psince'), q.get('puntil')], ['government,government_body,person', '2020', '2021-12']);
    const narrowedURL = reopened.url();
    reopened = await open(narrowedURL);
    equal('the reopened URL checks the kinds', await reopened.locator('#through-kinds input:checked').evaluateAll((els) => els.map((el) => el.value)),
      ['government', 'government_body', 'person']);
    equal('the reopened URL fills the window', [await reopened.inputValue('#path-since'), await reopened.inputValue('#path-until')], ['2020', '2021-12']);
    equal('the reopened URL lists the same narrowed routes', await listedRoutes(reopened), narrowed.paths.map((p) => p.hops.flatMap((h) => h.relations).map((r) => r.id)));
    // The routes are in view, whatever else the canvas holds.
    const outOfView = (p) => p.evaluate(() => {
      const cy = window.workbench.cy;
      const [w, h] = [cy.width(), cy.height()];
      return cy.nodes('.path').filter((n) => {
        const b = n.renderedBoundingBox({ includeLabels: false });
        return b.x1 < 0 || b.y1 < 0 || b.x2 > w || b.y2 > h;
      }).map((n) => n.id());
    });
    equal('every node of the constrained routes is in view', await outOfView(reopened), []);
    equal('every node of the routes avoiding the United States is in view', await outOfView(rp), []);
    await shot(reopened, 'routes-constrained');
    // In time order, ranked by recency: the API's routes, and the URL keeps both.
    const timed = await open(`${base}/?from=qasem-soleimani&to=mustafa-al-kadhimi&k=5`);
    await timed.check('#chronological');
    await timed.selectOption('#rank', 'recency');
    await findRoutes(timed);
    const chrono = await apiGet(`/v1/paths?${ends}&k=5&chronological=true&rank=recency`);
    check('the API finds routes in time order', chrono.paths.length > 0);
    equal('routes in time order listed', await listedRoutes(timed), chrono.paths.map((p) => p.hops.flatMap((h) => h.relations).map((r) => r.id)));
    const tq = new URL(timed.url()).searchParams;
    equal('URL has chrono and rank', [tq.get('chrono'), tq.get('rank')], ['1', 'recency']);
    const timedAgain = await open(timed.url());
    equal('the reopened URL checks chronological and keeps the order', [await timedAgain.isChecked('#chronological'), await timedAgain.inputValue('#rank')], [true, 'recency']);
    equal('the reopened URL lists the same routes in time order', await listedRoutes(timedAgain), chrono.paths.map((p) => p.hops.flatMap((h) => h.relations).map((r) => r.id)));
    // Avoiding an end, or an unknown entity: the API's message in the path finder.
    const quiet = problems.length; // Chromium logs each 4xx response as a console error
    for (const [avoid, status] of [['qasem-soleimani', 400], ['no such entity', 404]]) {
      await rp.fill('#avoid', avoid);
      await findRoutes(rp);
      const r = await fetch(`${base}/v1/paths?${ends}&avoid=${encodeURIComponent(avoid)}`);
      equal(`the API answers avoid=${avoid} with`, r.status, status);
      const { error } = await r.json();
      equal(`avoid=${avoid}: the path finder shows the API's message`, await rp.textContent('#path-list > li.error'), error.message);
      equal(`avoid=${avoid}: no route is drawn`, (await drawnRoutes(rp)).edges, []);
    }
    await shot(rp, 'routes-avoid-end');
    const logged = problems.splice(quiet);
    check('the only new console errors are the two 4xx answers',
      logged.length === 2 && logged.every((m) => /status of 40[04]/.test(m)), logged);

    // 9. Decisions: on a copy of the db, split what the POLECAT dataset says
    // of كتائب حزب الله into an entity of its own (the CLI's own example),
    // serve the copy, and read both cards.
    const curated = path.join(profile, 'curated.db');
    fs.copyFileSync(db, curated);
    const note = 'POLECAT names a different actor, كتائب حزب الله as the dataset reads it';
    const split = spawnSync(binary, ['--db', curated, 'entities', 'split', 'kataib-hezbollah', '--source', 'polecat:polecat-2021-07-26', '--into', 'kh-polecat', '--note', note], { encoding: 'utf8' });
    check('geokg entities split on a copy of the db', split.status === 0, split.stderr);
    second = serve(curated);
    const base2 = await second.base;
    servers.push(base2);
    for (const id of ['kataib-hezbollah', 'kh-polecat']) {
      const ent = await (await fetch(`${base2}/v1/entities/${id}`)).json();
      equal(`${id}: the API has the split`, ent.decisions.map((d) => [d.kind, d.entity, d.into, d.source, d.note]),
        [['split', 'kataib-hezbollah', 'kh-polecat', 'polecat:polecat-2021-07-26', note]]);
      const card = await open(`${base2}/?e=${id}`);
      const items = card.locator('#card-body .decisions li');
      equal(`${id}: the card lists its decision`, await items.count(), ent.decisions.length);
      const d = ent.decisions[0];
      equal(`${id}: its kind`, await items.first().getAttribute('data-kind'), 'split');
      const text = await items.first().textContent();
      for (const want of [d.entity, d.into, d.source, note]) check(`${id}: the decision names ${want}`, text.includes(want), text);
      equal(`${id}: its date`, await items.first().locator('time').getAttribute('datetime'), d.at);
      equal(`${id}: the note's direction follows its text (dir=auto)`, await items.first().locator('.note').evaluate((el) => el.getAttribute('dir')), 'auto');
      await shot(card, `decision-${id}`);
    }

    // A neighbourhood larger than a page: at 3 relations a page, opening
    // Iraq from a search draws the API's first page of its relations, each
    // click of its card's button the next one, until the last; Clear
    // forgets the pages, and Iraq opened again starts from the first.
    const paged = await open(`${base}/`);
    await paged.evaluate(() => { window.workbench.view.pageSize = 3; });
    const pagesOf3 = [];
    for (let cursor = ''; pagesOf3.length < 100;) {
      const p = await apiGet(`/v1/entities/Q796/neighbors?limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      pagesOf3.push(p);
      if (!p.next_cursor) break;
      cursor = p.next_cursor;
    }
    check('Iraq has more than two pages of 3 relations', pagesOf3.length > 2, pagesOf3.length);
    const ids = (g) => g.relations.map((r) => r.id);
    const asked = []; // the cursors of the page's requests for Iraq's neighbourhood
    paged.on('request', (r) => {
      const u = new URL(r.url());
      if (u.pathname === '/v1/entities/Q796/neighbors') asked.push(u.searchParams.get('cursor'));
    });
    const openIraq = async () => {
      await paged.fill('#q', 'Iraq');
      await paged.press('#q', 'Enter');
      await idle(paged);
      await paged.click('#result-list button.result[data-id="Q796"]');
      await idle(paged);
    };
    const drawnAfter = async (pages, what) => {
      equal(`${what}: the edges are the API's first ${pages} pages`, (await canvasState(paged)).edges,
        [...new Set(pagesOf3.slice(0, pages).flatMap(ids))].sort());
      equal(`${what}: the button`, await paged.textContent('#expand'), pages < pagesOf3.length ? 'Next 3 relations' : 'Expand');
    };
    await openIraq();
    await drawnAfter(1, 'Iraq opened');
    await paged.click('#expand');
    await idle(paged);
    await drawnAfter(2, 'a click');
    await shot(paged, 'expanded-page-2');
    equal('the two pages were asked in order', asked, [null, pagesOf3[0].next_cursor]);
    await paged.click('#clear');
    await idle(paged);
    asked.length = 0;
    await openIraq();
    equal('after Clear, Iraq opened again asks for its first page', asked, [null]);
    await drawnAfter(1, 'Iraq opened again');
    for (let i = 1; i < pagesOf3.length; i++) {
      const before = new Set((await canvasState(paged)).edges);
      check(`page ${i + 1} is not drawn before it is asked for`, ids(pagesOf3[i]).some((id) => !before.has(id)), ids(pagesOf3[i]));
      await paged.click('#expand');
      await idle(paged);
      await drawnAfter(i + 1, `click ${i}`);
    }
    equal('each page was asked after the last', asked, [null, ...pagesOf3.slice(0, -1).map((p) => p.next_cursor)]);
    const iraq = await apiGet('/v1/entities/Q796/neighbors?limit=200');
    equal('the pages drawn are the whole neighbourhood', (await canvasState(paged)).edges, ids(iraq).sort());

    // One of a thing is singular: Syria has one relation in the fixtures.
    const syria = await apiGet('/v1/entities/Q858');
    equal('Syria has one relation', syria.counts.relations, 1);
    const syriaCard = await open(`${base}/?e=Q858`);
    equal('the card counts one relation', await syriaCard.textContent('#card-body .counts'),
      `1 relation · ${syria.counts.neighbors} neighbours · ${syria.counts.sources} sources`);

    // The card of the United States lists the demonyms the gazetteer declares.
    const us = await apiGet('/v1/entities/Q30');
    const declared = Object.values(us.demonyms || {}).flat();
    check('the API gives the demonyms of the United States', declared.includes('American'), us.demonyms);
    const usCard = await open(`${base}/?e=Q30`);
    const demonyms = usCard.locator('#card-body details', { hasText: 'Demonyms' });
    equal('the card has one list of demonyms', await demonyms.count(), 1);
    const demonymText = await demonyms.textContent();
    for (const d of declared) check(`the card lists the demonym ${d}`, demonymText.includes(d), demonymText);

    for (const p of pages) {
      const csp = await p.evaluate(() => window.__csp);
      check('no Content-Security-Policy violation', csp.length === 0, csp);
    }
    check('no request leaves the loopback server', refused.size === 0, [...refused]);
    check('no page or console error', problems.length === 0, problems);
    return `search, card, expand (keyboard and click, page by page), window, ${paths.paths.length} routes with evidence, source reader, shared URL, GraphML/GEXF, routes avoiding Q30 (${avoided.paths.length}), Arabic labels, decisions in Chromium ${context.browser() ? context.browser().version() : ''}`.trim();
  } finally {
    if (context) await context.close();
    child.kill();
    if (second) second.child.kill();
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

try {
  console.log(`ok   workbench: ${await run()}`);
} catch (e) {
  console.log(`FAIL workbench: ${e.stack || e}`);
  if (problems.length) console.log(`the page said:\n${problems.join('\n')}`);
  process.exit(1);
}
