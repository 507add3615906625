'use strict';
// Installs npm dependencies when they are missing or older than package-lock.json, so that `npm start`
// and `npm test` work on a fresh clone. Plain Node, no dependencies.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');

function installed() {
  const marker = path.join(ROOT, 'node_modules', '.package-lock.json');
  const lock = path.join(ROOT, 'package-lock.json');
  if (!fs.existsSync(marker)) return false;
  return !fs.existsSync(lock) || fs.statSync(marker).mtimeMs >= fs.statSync(lock).mtimeMs;
}

function ensureDeps(log = console.log) {
  if (installed()) return;
  const hasLock = fs.existsSync(path.join(ROOT, 'package-lock.json'));
  const args = hasLock ? ['ci', '--no-audit', '--no-fund'] : ['install', '--no-audit', '--no-fund'];
  log(`[deps] npm ${args[0]} (dependencies missing or out of date)...`);
  const r = spawnSync('npm', args, { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`[deps] npm ${args[0]} failed with exit code ${r.status}`);
}

module.exports = { ensureDeps, ROOT };
