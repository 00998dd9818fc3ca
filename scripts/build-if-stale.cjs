#!/usr/bin/env node
/**
 * `npm start` runs this first: it builds (`npm run build`: server to dist/, console to apps/web/dist)
 * only when a source is newer than the last build, so a later start goes straight to the launcher.
 * Plain CommonJS on purpose: it runs before anything is compiled.
 */
'use strict';
const { execSync } = require('node:child_process');
const { existsSync, readdirSync, statSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const ROOT = join(__dirname, '..');
const MARKER = join(ROOT, 'dist', '.built-at');
const SOURCES = ['apps', 'libs', 'scripts', 'migrations', 'bench'];
const FILES = ['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json'];
const SKIP = new Set(['node_modules', 'dist', '.data', 'results']);

/** The newest modification time under `dir` (ms), skipping build output and data. */
function newest(dir) {
  let max = 0;
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const e of entries) {
    if (SKIP.has(e.name)) continue;
    const p = join(dir, e.name);
    max = Math.max(max, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return max;
}

function stale() {
  if (!existsSync(MARKER) || !existsSync(join(ROOT, 'apps', 'web', 'dist', 'index.html'))) return 'no build yet';
  const built = statSync(MARKER).mtimeMs;
  const sources = Math.max(...SOURCES.map((d) => newest(join(ROOT, d))), ...FILES.map((f) => (existsSync(join(ROOT, f)) ? statSync(join(ROOT, f)).mtimeMs : 0)));
  return sources > built ? 'sources changed' : null;
}

const why = process.argv.includes('--force') ? 'forced' : stale();
if (why) {
  const started = Date.now();
  console.log(`tiaojie: building (${why})…`);
  execSync('npm run build', { cwd: ROOT, stdio: 'inherit' });
  writeFileSync(MARKER, new Date().toISOString() + '\n');
  console.log(`tiaojie: built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
} else {
  console.log('tiaojie: build is up to date');
}
