// npm run bench:web: the SPA's two budgets, measured on the real thing.
//   1. Initial JavaScript: the gzip size of the JS that index.html loads up front (its module
//      script and its modulepreloads). Budget: 250 KB.
//   2. Time from navigation to the board readout's first chart (the trend chart's SVG with its
//      bars) being visible, in Chromium, with a cold cache, against the built SPA served by
//      the built API on an embedded PostgreSQL with the demo loaded. Median of several loads.
//      Budget: 1 s.
// The root script builds metrics, api and web first. The figures are printed, with a verdict;
// like the other benches of the repo, timing is not asserted (shared machines flake).
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { launchBrowser } from '../e2e/support/browser.mjs';
import { E2E_USER, startServer, WEB_DIST } from '../e2e/support/server.mjs';

const JS_BUDGET_KB = 250;
const CHART_BUDGET_MS = 1000;
const LOADS = Number(process.env.BENCH_LOADS ?? 7);

const kb = (bytes) => bytes / 1024;
const gzipSize = (file) => zlib.gzipSync(fs.readFileSync(file), { level: 9 }).length;

function initialJs() {
  const html = fs.readFileSync(path.join(WEB_DIST, 'index.html'), 'utf8');
  const refs = new Set();
  for (const m of html.matchAll(/<script\b[^>]*\bsrc="([^"]+\.js)"/g)) refs.add(m[1]);
  for (const m of html.matchAll(/<link\b[^>]*\brel="modulepreload"[^>]*\bhref="([^"]+)"/g)) refs.add(m[1]);
  for (const m of html.matchAll(/<link\b[^>]*\bhref="([^"]+)"[^>]*\brel="modulepreload"/g)) refs.add(m[1]);
  const files = [...refs].map((ref) => {
    const file = path.join(WEB_DIST, ref.replace(/^\//, ''));
    return { ref, raw: fs.statSync(file).size, gzip: gzipSize(file) };
  });
  return { files, raw: files.reduce((s, f) => s + f.raw, 0), gzip: files.reduce((s, f) => s + f.gzip, 0) };
}

function lazyChunks(initial) {
  const dir = path.join(WEB_DIST, 'assets');
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.js') && !initial.has(`/assets/${f}`))
    .map((f) => ({ name: f, gzip: gzipSize(path.join(dir, f)) }))
    .sort((a, b) => b.gzip - a.gzip);
}

// Runs in the page before any script: notes when the trend chart's SVG, with its bars, is in
// the document and laid out, then when the next frame has been painted.
const OBSERVE_FIRST_CHART = () => {
  window.__firstChart = null;
  const ready = () => {
    const svg = document.querySelector('[data-chart="trend-chart"] svg.recharts-surface');
    if (!svg || !svg.querySelector('.recharts-bar-rectangle')) return false;
    const r = svg.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
  };
  const observer = new MutationObserver(() => {
    if (window.__firstChart !== null || !ready()) return;
    window.__firstChart = { inDom: performance.now(), painted: null };
    observer.disconnect();
    requestAnimationFrame(() => setTimeout(() => (window.__firstChart.painted = performance.now()), 0));
  });
  observer.observe(document, { childList: true, subtree: true, attributes: true });
};

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

async function main() {
  const js = initialJs();
  const lazy = lazyChunks(new Set(js.files.map((f) => f.ref)));

  console.log('Starting the built API (embedded PostgreSQL, demo data)…');
  const server = await startServer({ demo: true, label: 'bench-web' });
  const browser = await launchBrowser();
  const samples = [];
  try {
    for (let i = 0; i <= LOADS; i++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      await context.addInitScript(OBSERVE_FIRST_CHART);
      // Signed in before the navigation, as a returning user is (the session cookie is set).
      const login = await context.request.post(`${server.url}/api/v1/auth/login`, { data: E2E_USER });
      if (!login.ok()) throw new Error(`sign-in failed: HTTP ${login.status()}`);
      const page = await context.newPage();
      await page.goto(`${server.url}/`);
      await page.waitForFunction(() => window.__firstChart?.painted != null, null, { timeout: 30_000 });
      const t = await page.evaluate(() => window.__firstChart);
      const nav = await page.evaluate(() => {
        const n = performance.getEntriesByType('navigation')[0];
        return { domContentLoaded: n.domContentLoadedEventEnd };
      });
      await context.close();
      if (i === 0) continue; // the first load warms the server up; it is not counted
      samples.push({ ...t, ...nav });
    }
  } finally {
    await browser.close();
    await server.stop();
  }

  const painted = samples.map((s) => s.painted);
  const med = median(painted);
  const ok = (good) => (good ? 'within budget' : 'OVER BUDGET');
  console.log('');
  console.log('Partner KPI web bench: built SPA served by the built API, demo dataset, Chromium, cold cache');
  console.log('');
  console.log(`Initial JavaScript (index.html module script + modulepreloads, ${js.files.length} files)`);
  for (const f of js.files) console.log(`  ${f.ref.padEnd(36)} ${kb(f.gzip).toFixed(1).padStart(7)} KB gzip  (${kb(f.raw).toFixed(1)} KB raw)`);
  console.log(`  total ${kb(js.gzip).toFixed(1)} KB gzip (${kb(js.raw).toFixed(1)} KB raw); budget ${JS_BUDGET_KB} KB gzip: ${ok(kb(js.gzip) <= JS_BUDGET_KB)}`);
  console.log(`  loaded later, on demand: ${lazy.map((c) => `${c.name} ${kb(c.gzip).toFixed(1)} KB`).join(', ')}`);
  console.log('');
  console.log(`First chart visible (navigation start → trend chart SVG with bars painted), ${samples.length} loads after a warm-up`);
  console.log(`  samples: ${painted.map((v) => `${Math.round(v)} ms`).join(', ')}`);
  console.log(`  DOMContentLoaded median ${Math.round(median(samples.map((s) => s.domContentLoaded)))} ms; chart in the DOM median ${Math.round(median(samples.map((s) => s.inDom)))} ms`);
  console.log(`  median ${Math.round(med)} ms (min ${Math.round(Math.min(...painted))}, max ${Math.round(Math.max(...painted))}); budget ${CHART_BUDGET_MS} ms: ${ok(med <= CHART_BUDGET_MS)}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
