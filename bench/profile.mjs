// Where a cold drop's time goes in Chromium, by function: a profile, not a figure (./x bench
// gives the figures). Usage, after `./x build` (it profiles that build):
//
//   node bench/profile.mjs FILE [--until listed|rendered|settings] [--rounds N] [--top N] [--in PHASE]
//                               [--callers NAME] [--timeline] [--window A-B]
//
// The release build keeps no function names (wasm-bindgen and wasm-opt drop them), so this
// makes a copy of dist/ whose two wasm files come from cargo's own output of the same build
// ($CARGO_TARGET_DIR or target/, wasm32-unknown-unknown/release: names kept), through
// wasm-bindgen with --keep-debug, without wasm-opt (so the code is a little slower than what
// users get: compare profiles with profiles), the integrity hashes updated. Each round is a
// fresh page: dragenter and drop back to back (cold, as ./x bench's cold figures), traced
// with V8's sampling profiler on every thread until the first frame with a certificate row
// (`listed`) or the first answer on the page (`rendered`); with `--until settings`, the drop's
// final answer and the answers made ahead of a change are waited for, and the trace runs
// from a settings change (revocation checking off) to the first frame after its answer. Prints, per thread, the time in
// each phase (the nearest caller named by PHASES, a comma-separated list of parts of function
// names; the page's and the worker's main stages by default), then the functions with the
// most self time (with --in PHASE: only within that phase), per round; with --callers NAME, the
// call stacks that lead to the functions whose name holds NAME; with --timeline, when each
// thread's phases ran: their first and last sample, in ms from the drop (or the change);
// with --window A-B, the self times only of samples from A to B ms after it.

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, launchBrowser, DIST, ROOT } from '../tests/e2e/lib.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i < 0 ? fallback : args.splice(i, 2)[1];
};
const UNTIL = option('--until', 'listed');
const ROUNDS = Number(option('--rounds', '3'));
const TOP = Number(option('--top', '40'));
const IN = option('--in', null);
const CALLERS = option('--callers', null);
const WINDOW = option('--window', null)?.split('-').map(Number);
const TIMELINE = args.includes('--timeline') && args.splice(args.indexOf('--timeline'), 1);
const PHASES = (process.env.PHASES ?? 'input::decode,analysis::list,listing_rows,wire::encode,analyse_listed,run_stages,warm_up,Receiving>::read,reconcile,AppState>::update,Reconcilable>::attach').split(',');
const [file] = args;
if (!file || !['listed', 'rendered', 'settings'].includes(UNTIL)) {
  console.error('usage: node bench/profile.mjs FILE [--until listed|rendered|settings] [--rounds N] [--top N] [--in PHASE]');
  process.exit(2);
}

// The copy of dist/ with named wasm.
const cargoOut = join(process.env.CARGO_TARGET_DIR ?? join(ROOT, 'target'), 'wasm32-unknown-unknown', 'release');
const dist = mkdtempSync(join(tmpdir(), 'certlens-profile-'));
cpSync(DIST, dist, { recursive: true });
const html = join(dist, 'index.html');
let index = readFileSync(html, 'utf8');
const sri = (path) => `sha384-${createHash('sha384').update(readFileSync(path)).digest('base64')}`;
for (const [bin, target] of [['certlens-web', 'web'], ['certlens-worker', 'no-modules']]) {
  const input = join(cargoOut, `${bin}.wasm`);
  const wasm = readdirSync(dist).find((f) => f.startsWith(`${bin}-`) && f.endsWith('_bg.wasm'));
  if (!existsSync(input) || !wasm) {
    console.error(`profile.mjs: no ${input} or no ${bin} in ${DIST}: run ./x build first`);
    process.exit(2);
  }
  if (statSync(input).mtimeMs < statSync(join(DIST, wasm)).mtimeMs - 600_000) {
    console.error(`profile.mjs: ${input} is older than ${DIST}/${wasm}: the names may not be this build's`);
  }
  const out = mkdtempSync(join(tmpdir(), 'certlens-bindgen-'));
  execFileSync('wasm-bindgen', ['--target', target, '--keep-debug', '--no-typescript', '--out-dir', out, '--out-name', 'named', input], { stdio: 'inherit' });
  const js = wasm.replace(/_bg\.wasm$/, '.js');
  for (const [from, to] of [['named_bg.wasm', wasm], ['named.js', js]]) {
    const before = existsSync(join(dist, to)) ? sri(join(dist, to)) : null;
    cpSync(join(out, from), join(dist, to));
    if (before) index = index.replaceAll(before, sri(join(dist, to)));
  }
  rmSync(out, { recursive: true, force: true });
}
writeFileSync(html, index);

const server = await startServer(dist);
const browser = await launchBrowser();
const text = readFileSync(file);
const selfTime = new Map();
const phaseTime = new Map();
const spans = [];
const callers = new Map();
// `thread\tphase` → per round [first, last] sample (ms from the drop).
const when = new Map();
const add = (map, key, ms) => map.set(key, (map.get(key) ?? 0) + ms);
for (let round = 0; round < ROUNDS; round++) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.addInitScript(() => {
    addEventListener('drop', () => {
      performance.mark('dropped');
      const look = () => (document.querySelector('[data-testid=cert-row]') ? performance.mark('listed') : requestAnimationFrame(look));
      requestAnimationFrame(look);
      const answered = new MutationObserver(() => {
        const main = document.querySelector('main[data-analyses]');
        if (main && Number(main.dataset.analyses) > 0 && !main.hasAttribute('data-busy')) {
          answered.disconnect();
          requestAnimationFrame(() => performance.mark('rendered'));
        }
      });
      answered.observe(document, { subtree: true, attributes: true, attributeFilter: ['data-analyses', 'data-busy'] });
    }, true);
    // --until settings: from a settings change to the first frame after its answer's DOM.
    addEventListener('change', () => {
      performance.mark('changed');
      const main = document.querySelector('main');
      const before = Number(main.dataset.answers);
      const mo = new MutationObserver(() => {
        if (Number(main.dataset.answers) <= before || main.hasAttribute('data-busy')) return;
        mo.disconnect();
        requestAnimationFrame(() => performance.mark('settings'));
      });
      mo.observe(main, { attributes: true, attributeFilter: ['data-answers', 'data-busy'] });
    }, true);
  });
  await page.goto(server.url);
  await page.waitForSelector('body[data-ready="1"]', { state: 'attached' });
  await page.waitForTimeout(300);
  const SETTINGS = UNTIL === 'settings';
  if (!SETTINGS) await browser.startTracing(page, { categories: ['disabled-by-default-v8.cpu_profiler', 'v8', 'blink.user_timing'] });
  const handle = await page.evaluateHandle(([b64, name]) => {
    const dt = new DataTransfer();
    dt.items.add(new File([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], name));
    return dt;
  }, [text.toString('base64'), file.split('/').pop()]);
  for (const type of ['dragenter', 'dragover', 'drop']) await page.dispatchEvent('[data-testid=dropzone]', type, { dataTransfer: handle });
  if (SETTINGS) {
    // The final answer, then time for the answers made ahead of a change (the worker makes
    // them once the page has painted it).
    await page.waitForSelector('main[data-analyses]:not([data-busy]):not([data-checking])', { state: 'attached', timeout: 120_000 });
    await page.waitForTimeout(1500);
    await browser.startTracing(page, { categories: ['disabled-by-default-v8.cpu_profiler', 'v8', 'blink.user_timing'] });
    await page.selectOption('#set-revocation', 'off');
  }
  await page.waitForFunction((mark) => performance.getEntriesByName(mark).length > 0, UNTIL, { timeout: 120_000, polling: 50 });
  const events = JSON.parse((await browser.stopTracing()).toString()).traceEvents;
  await context.close();

  const threads = new Map(events.filter((e) => e.name === 'thread_name').map((e) => [`${e.pid}:${e.tid}`, e.args.name]));
  const mark = (name) => events.find((e) => e.name === name && e.cat?.includes('user_timing'))?.ts;
  const from = mark(SETTINGS ? 'changed' : 'dropped');
  const to = mark(UNTIL);
  spans.push((to - from) / 1000);
  const profiles = new Map();
  for (const e of events) if (e.name === 'Profile') profiles.set(`${e.pid}:${e.id}`, { thread: threads.get(`${e.pid}:${e.tid}`) ?? `thread ${e.tid}`, t: e.args.data.startTime, nodes: new Map() });
  for (const e of events) {
    const profile = e.name === 'ProfileChunk' && profiles.get(`${e.pid}:${e.id}`);
    if (!profile) continue;
    const data = e.args.data;
    for (const n of data.cpuProfile?.nodes ?? []) {
      const f = n.callFrame;
      profile.nodes.set(n.id, { name: (f.functionName || `(${f.url?.split('/').pop() ?? ''})`).replace(/\[[0-9a-f]{16}\]/g, ''), parent: n.parent });
    }
    const samples = data.cpuProfile?.samples ?? [];
    const deltas = data.timeDeltas ?? [];
    for (let i = 0; i < samples.length; i++) {
      profile.t += deltas[i] ?? 0;
      if (profile.t < from || profile.t > to) continue;
      const ms = (deltas[i + 1] ?? deltas[i] ?? 0) / 1000;
      const node = profile.nodes.get(samples[i]);
      if (!node) continue;
      let phase = '(other)';
      for (let id = samples[i], depth = 0; id !== undefined && depth < 80; id = profile.nodes.get(id)?.parent, depth++) {
        const hit = PHASES.find((p) => profile.nodes.get(id)?.name.includes(p));
        if (hit) {
          phase = hit;
          break;
        }
      }
      add(phaseTime, `${profile.thread}\t${phase}`, ms);
      if (TIMELINE && node.name !== '(idle)') {
        const key = `${profile.thread}\t${phase}`;
        const rounds = when.get(key) ?? when.set(key, []).get(key);
        const at = (profile.t - from) / 1000;
        const span = rounds[round] ?? (rounds[round] = [at, at]);
        span[0] = Math.min(span[0], at);
        span[1] = Math.max(span[1], at);
      }
      const inWindow = !WINDOW || ((profile.t - from) / 1000 >= WINDOW[0] && (profile.t - from) / 1000 <= WINDOW[1]);
      if ((!IN || phase === IN) && inWindow) add(selfTime, `${profile.thread}\t${node.name}`, ms);
      if (CALLERS && node.name.includes(CALLERS)) {
        const chain = [];
        for (let id = node.parent, depth = 0; id !== undefined && depth < 6; id = profile.nodes.get(id)?.parent, depth++) chain.push(profile.nodes.get(id)?.name.slice(0, 80));
        add(callers, chain.join(' ← '), ms);
      }
    }
  }
}
await browser.close();
await server.stop();
rmSync(dist, { recursive: true, force: true });

const per = (ms) => `${(ms / ROUNDS).toFixed(1).padStart(8)} ms`;
spans.sort((a, b) => a - b);
console.log(`${file}: ${UNTIL === 'settings' ? 'settings change → painted' : `drop → ${UNTIL}`} ${spans.map((s) => s.toFixed(0)).join(', ')} ms (${ROUNDS} fresh pages; a names build without wasm-opt)`);
console.log('time per round by phase (the nearest caller of each sample named in PHASES):');
for (const [k, v] of [...phaseTime].sort((a, b) => b[1] - a[1])) console.log(`  ${per(v)}  ${k.replace('\t', ' · ')}`);
console.log(`self time per round, by function${IN ? ` (within ${IN})` : ''}:`);
for (const [k, v] of [...selfTime].sort((a, b) => b[1] - a[1]).slice(0, TOP)) console.log(`  ${per(v)}  ${k.replace('\t', ' · ').slice(0, 180)}`);
if (TIMELINE) {
  const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.log('when each phase ran (median over rounds of its first and last sample, ms from the start; idle samples left out):');
  const rows = [...when].map(([k, rounds]) => {
    const spans = rounds.filter(Boolean);
    const each = rounds.map((s) => (s ? `${s[0].toFixed(0)}–${s[1].toFixed(0)}` : '·')).join(' ');
    return [k, median(spans.map((s) => s[0])), median(spans.map((s) => s[1])), each];
  });
  for (const [k, first, last, each] of rows.sort((a, b) => a[1] - b[1])) console.log(`  ${first.toFixed(0).padStart(6)} – ${last.toFixed(0).padStart(4)} ms  ${k.replace('\t', ' · ')}  (rounds: ${each})`);
}
if (CALLERS) {
  console.log(`callers of ${CALLERS}, per round:`);
  for (const [k, v] of [...callers].sort((a, b) => b[1] - a[1]).slice(0, 10)) console.log(`  ${per(v)}  ← ${k}`);
}
