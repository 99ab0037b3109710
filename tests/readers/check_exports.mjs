// Reads geokg's Cytoscape.js, TimelineJS and vis-timeline exports with
// readers somebody else wrote, and checks that they find what geokg says
// it wrote (counts.json, see test_exports.py):
//
//   - cytoscape: loaded in Cytoscape.js, headless in Node;
//   - timelinejs: rendered by TimelineJS in headless Chromium (through
//     playwright-core), from a page served on 127.0.0.1; every other
//     request is refused;
//   - vis: item and group shapes checked in Node.
//
// Usage: node check_exports.mjs OUT_DIR. Environment: CHROMIUM, the browser
// (default /usr/bin/chromium); GEOKG_SKIP_BROWSER=1 skips the TimelineJS
// check (scripts/test-readers sets it when there is no browser).

import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import cytoscape from 'cytoscape';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = process.argv[2];
if (!out) {
  console.error('usage: node check_exports.mjs OUT_DIR');
  process.exit(2);
}
const counts = JSON.parse(fs.readFileSync(path.join(out, 'counts.json'), 'utf8'));
const readExport = (format) => JSON.parse(fs.readFileSync(path.join(out, counts.exports[format].file), 'utf8'));

function equal(what, got, want) {
  if (got !== want) throw new Error(`${what}: ${got}, want ${want}`);
}

async function checkCytoscape() {
  const doc = readExport('cytoscape');
  const errors = [];
  const consoleError = console.error;
  console.error = (...args) => errors.push(args.join(' ')); // cytoscape reports bad elements here and skips them
  let cy;
  try {
    cy = cytoscape({ headless: true, styleEnabled: false, elements: doc.elements });
  } finally {
    console.error = consoleError;
  }
  if (errors.length) throw new Error(`cytoscape complained: ${errors.slice(0, 3).join('; ')}`);
  const want = counts.exports.cytoscape;
  equal('cytoscape nodes', cy.nodes().length, want.nodes);
  equal('cytoscape edges', cy.edges().length, want.edges);
  equal('cytoscape event edges vs the store', cy.edges().filter((e) => !e.data('role')).length, counts.stats.relations);
  cy.edges().filter((e) => e.data('role')).forEach((e) => {
    if (!cy.getElementById(e.data('event')).isEdge()) throw new Error(`participation ${e.id()} names no event edge`);
  });
  cy.edges().forEach((e) => {
    if (e.source().empty() || e.target().empty()) throw new Error(`edge ${e.id()} lacks an end`);
    if (typeof e.data('confidence') !== 'number') throw new Error(`edge ${e.id()}: confidence is not a number`);
  });
  // A reader's question: how many relations touch the United States?
  return `${cy.nodes().length} nodes, ${cy.edges().length} edges (Q30 has degree ${cy.getElementById('Q30').degree()})`;
}

async function checkVis() {
  const doc = readExport('vis');
  const want = counts.exports.vis;
  equal('vis items', doc.items.length, want.events);
  const groups = new Set(doc.groups.map((g) => g.id));
  equal('vis group ids are unique', groups.size, doc.groups.length);
  const ids = new Set();
  for (const it of doc.items) {
    if (ids.has(it.id)) throw new Error(`vis item id ${it.id} twice`);
    ids.add(it.id);
    if (!groups.has(it.group)) throw new Error(`vis item ${it.id} in unknown group ${it.group}`);
    if (Number.isNaN(Date.parse(it.start))) throw new Error(`vis item ${it.id}: start ${it.start}`);
    if ((it.type === 'range') !== (it.end !== undefined)) throw new Error(`vis item ${it.id}: type ${it.type}, end ${it.end}`);
    if (it.end !== undefined && !(Date.parse(it.end) > Date.parse(it.start))) throw new Error(`vis item ${it.id} ends before it starts`);
  }
  return `${doc.items.length} items in ${doc.groups.length} groups`;
}

const page = `<!doctype html>
<html><head><meta charset="utf-8">
<link rel="stylesheet" href="/tl/css/timeline.css">
<script src="/tl/js/timeline.js"></script>
</head><body style="margin:0">
<div id="tl" style="width:1280px;height:720px"></div>
<script>
window.tlState = { loaded: false, error: null };
fetch('/data.json').then((r) => r.json()).then((data) => {
  const tl = new TL.Timeline('tl', data, { hash_bookmark: false, script_path: location.origin + '/tl/js/' });
  window.tl = tl;
  tl.on('loaded', () => { window.tlState.loaded = true; });
}).catch((e) => { window.tlState.error = String(e); });
</script>
</body></html>`;

// serve answers the page, the TimelineJS distribution and the export, on
// 127.0.0.1 only.
function serve(data) {
  const dist = path.join(here, 'node_modules', '@knight-lab', 'timelinejs', 'dist');
  const types = { '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.woff': 'font/woff', '.woff2': 'font/woff2', '.ttf': 'font/ttf' };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    if (url.pathname === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
    } else if (url.pathname === '/data.json') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(data);
    } else if (url.pathname.startsWith('/tl/')) {
      const file = path.join(dist, path.normalize(url.pathname.slice(4)));
      if (!file.startsWith(dist + path.sep) || !fs.existsSync(file)) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-type': types[path.extname(file)] || 'application/octet-stream' });
      fs.createReadStream(file).pipe(res);
    } else {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

async function checkTimelineJS() {
  const data = fs.readFileSync(path.join(out, counts.exports.timelinejs.file));
  const doc = JSON.parse(data);
  const want = counts.exports.timelinejs.events;
  equal('timelinejs events in the file', doc.events.length, want);
  const server = await serve(data);
  const base = `http://127.0.0.1:${server.address().port}`;
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'geokg-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    timeout: 60_000,
  });
  const problems = [];
  const refused = new Set();
  try {
    // Only the loopback server: anything else (fonts, analytics) is refused at once.
    await context.route('**/*', (route) => {
      const u = route.request().url();
      if (u.startsWith(base + '/') || u.startsWith('data:')) return route.continue();
      refused.add(new URL(u).host);
      return route.abort();
    });
    const tab = context.pages()[0] || (await context.newPage());
    tab.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    tab.on('console', (m) => { if (m.type() === 'error' && !/ERR_FAILED|net::/.test(m.text())) problems.push(`console: ${m.text()}`); });
    await tab.goto(base + '/', { waitUntil: 'load' });
    await tab.waitForFunction(() => window.tlState.error || (window.tl && window.tlState.loaded), null, { timeout: 60_000 });
    // Let the time navigation lay out every marker.
    await tab.waitForFunction((n) => document.querySelectorAll('.tl-timemarker').length >= n, want, { timeout: 30_000 }).catch(() => {});
    const seen = await tab.evaluate(() => ({
      error: window.tlState.error,
      markers: document.querySelectorAll('.tl-timemarker').length,
      slides: document.querySelectorAll('.tl-slide').length,
      titleSlide: document.querySelectorAll('.tl-slide-titleslide').length,
      messages: [...document.querySelectorAll('.tl-message-content, .tl-message-full')].map((e) => e.textContent.trim()).filter(Boolean),
      configErrors: (window.tl.config && window.tl.config.messages && window.tl.config.messages.errors) || [],
    }));
    if (seen.error) problems.push(`loading the data: ${seen.error}`);
    if (seen.configErrors.length) problems.push(`TimelineJS errors: ${JSON.stringify(seen.configErrors).slice(0, 500)}`);
    if (seen.messages.length) problems.push(`TimelineJS says: ${seen.messages.join(' | ').slice(0, 500)}`);
    equal('TimelineJS markers', seen.markers, want);
    equal('TimelineJS slides', seen.slides, want + (doc.title ? 1 : 0));
    equal('TimelineJS title slides', seen.titleSlide, doc.title ? 1 : 0);
    if (process.env.GEOKG_SCREENSHOT) await tab.screenshot({ path: process.env.GEOKG_SCREENSHOT });
    if (problems.length) throw new Error(problems.join('\n'));
    const version = context.browser() ? context.browser().version() : 'chromium';
    return `${seen.markers} markers, ${seen.slides} slides in Chromium ${version}` + (refused.size ? ` (refused requests to ${[...refused].join(', ')})` : '');
  } finally {
    await context.close();
    server.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

const checks = [['cytoscape', checkCytoscape], ['vis', checkVis], ['timelinejs', checkTimelineJS]];
let passed = 0;
let failed = 0;
let skipped = 0;
for (const [name, check] of checks) {
  if (name === 'timelinejs' && process.env.GEOKG_SKIP_BROWSER) {
    console.log(`skip ${name}: no browser (${process.env.GEOKG_SKIP_BROWSER})`);
    skipped++;
    continue;
  }
  try {
    console.log(`ok   ${name}: ${await check()}`);
    passed++;
  } catch (e) {
    console.log(`FAIL ${name}: ${e.stack || e}`);
    failed++;
  }
}
console.log(`node: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed ? 1 : 0);
