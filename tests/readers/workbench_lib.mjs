// What the workbench's journey (check_workbench.mjs) and its measurement
// (bench_workbench.mjs) share: serving a db with geokg, launching headless
// Chromium, and waiting for the page to be idle.

import { spawn } from 'node:child_process';
import readline from 'node:readline';

import { chromium } from 'playwright-core';

// serve starts `geokg serve` of dbFile on a free loopback port; base
// resolves to its URL once it logs that it listens.
export function serve(binary, dbFile) {
  const child = spawn(binary, ['--db', dbFile, 'serve', '--addr', '127.0.0.1:0'], { stdio: ['ignore', 'ignore', 'pipe'] });
  const base = new Promise((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stderr });
    lines.on('line', (line) => {
      try {
        const rec = JSON.parse(line);
        if (rec.msg === 'listening') resolve(`http://${rec.addr}`);
      } catch { /* not a log record */ }
    });
    child.on('exit', (code) => reject(new Error(`geokg serve exited with ${code}`)));
    setTimeout(() => reject(new Error('geokg serve did not listen within 30s')), 30_000).unref();
  });
  return { child, base };
}

// launch starts headless Chromium (CHROMIUM, default /usr/bin/chromium)
// with the profile folder, at 1400×1000.
export function launch(profile) {
  return chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1400, height: 1000 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    timeout: 60_000,
  });
}

// idle waits until the page has answered the last request (the page is
// aria-busy while it works).
export const idle = (page, timeout = 15_000) =>
  page.waitForFunction(() => !document.body.hasAttribute('aria-busy'), null, { timeout });
