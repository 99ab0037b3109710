// Measures the workbench in headless Chromium on a db (for example the
// generated graph of BenchmarkScale; see the README's workbench section):
// the time to the first render of an entity's ego graph, of each expansion
// of its best-connected neighbour on the canvas until the canvas holds
// NODES nodes, and of reopening the URL of that view (its expansions
// replayed). Each time runs from the action to the second animation frame
// after the page is idle. Prints one line per measure and a JSON summary.
//
// Usage: node bench_workbench.mjs GEOKG_BINARY DB_FILE ENTITY [NODES]
// (NODES default 2000). Environment: CHROMIUM (default /usr/bin/chromium).

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { idle, launch, serve } from './workbench_lib.mjs';

const [binary, db, entity, nodesArg] = process.argv.slice(2);
if (!binary || !db || !entity) {
  console.error('usage: node bench_workbench.mjs GEOKG_BINARY DB_FILE ENTITY [NODES]');
  process.exit(2);
}
const target = Number(nodesArg) || 2000;
const timeout = 600_000;

// settled waits for the page to be idle and two frames drawn after it.
const settled = (page) => idle(page, timeout).then(() =>
  page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))));
const size = (page) => page.evaluate(() => ({
  nodes: window.workbench.cy.nodes().length, relations: window.workbench.view.relations.size,
}));

const { child, base: baseP } = serve(binary, db);
const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'geokg-chromium-'));
let context;
try {
  const base = await baseP;
  context = await launch(profile);
  const page = await context.newPage();
  await page.goto(base + '/', { waitUntil: 'load' });
  await page.waitForFunction(() => document.body.dataset.ready, null, { timeout });

  let t = performance.now();
  await page.goto(`${base}/?e=${encodeURIComponent(entity)}`, { waitUntil: 'load' });
  await page.waitForFunction(() => document.body.dataset.ready, null, { timeout });
  await settled(page);
  const first = performance.now() - t;
  console.log(`first render of ${entity}: ${Math.round(first)} ms`, await size(page));

  const expansions = [];
  while ((await size(page)).nodes < target) {
    // The visible, unexpanded node with the most edges on the canvas.
    const next = await page.evaluate(() => {
      const { cy, view } = window.workbench;
      const n = cy.nodes(':visible').filter((x) => !view.expanded.has(x.id()))
        .sort((a, b) => b.connectedEdges().length - a.connectedEdges().length)[0];
      return n ? n.id() : null;
    });
    if (!next) break;
    t = performance.now();
    await page.evaluate((id) => { window.workbench.cy.getElementById(id).emit('tap'); }, next); // nothing returned to serialize
    await page.waitForFunction((id) => window.workbench.view.expanded.has(id), next, { timeout });
    await settled(page);
    const ms = performance.now() - t;
    const at = await size(page);
    expansions.push({ entity: next, ms: Math.round(ms), ...at });
    console.log(`expand ${next}: ${Math.round(ms)} ms`, at);
  }

  const url = page.url();
  const reopened = await context.newPage();
  t = performance.now();
  await reopened.goto(url, { waitUntil: 'load' });
  await reopened.waitForFunction(() => document.body.dataset.ready, null, { timeout });
  await settled(reopened);
  const replay = performance.now() - t;
  const again = await size(reopened);
  console.log(`reopen the URL of ${expansions.length + 1} expansions: ${Math.round(replay)} ms`, again);
  console.log(JSON.stringify({ entity, first_ms: Math.round(first), expansions, replay_ms: Math.round(replay), replayed: again }));
} finally {
  if (context) await context.close();
  child.kill();
  fs.rmSync(profile, { recursive: true, force: true });
}
