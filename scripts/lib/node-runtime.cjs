'use strict';
// The entry scripts (`npm start`, `npm test`, `npm run bench`, `npm run test:faults`) run on the Node that
// package.json's `engines` asks for, even on a machine whose own Node is older. npm's `node` package (a
// devDependency) ships the Node binary as node_modules/.bin/node, so an older Node only has to install the
// dependencies and hand the run over to that binary. Plain Node, no dependencies: this runs before any
// install, on whatever Node the machine has.
const { spawn, spawnSync } = require('node:child_process');
const os = require('node:os');
const path = require('node:path');
const { ensureDeps, ROOT } = require('./ensure-deps.cjs');

const BIN_DIR = path.join(ROOT, 'node_modules', '.bin');
const BUNDLED_NODE = path.join(BIN_DIR, 'node');
// Set on the handed-over process: says the older Node already printed the line, and stops a second hand-over
// if the bundled binary turned out to be old too.
const HANDED_OVER_FROM = 'WDP_NODE_HANDED_OVER_FROM';
// What a terminal or a supervisor sends to stop a run; the Node 24 process decides how to stop (npm start
// stops its services and broker), so the older Node only passes these on.
const FORWARDED_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** "v24.21.0" or "24.21.0" → [24, 21, 0]; null if it is not a version. */
function parseVersion(text) {
  const m = /^v?(\d+)\.(\d+)\.(\d+)/.exec(String(text).trim());
  return m ? m.slice(1, 4).map(Number) : null;
}

/**
 * The minimum in an `engines.node` of the form ">=24.11" (minor and patch optional). Other range shapes are
 * rejected rather than guessed at, so a changed `engines` cannot silently stop the hand-over.
 */
function minimumFromEngines(range) {
  const m = /^>=\s*v?(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(String(range).trim());
  if (!m) throw new Error(`[node] engines.node must read ">=MAJOR[.MINOR[.PATCH]]", got ${JSON.stringify(range)}`);
  return [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)];
}

function atLeast(version, minimum) {
  for (let i = 0; i < 3; i++) if (version[i] !== minimum[i]) return version[i] > minimum[i];
  return true;
}

const show = (version) => version.join('.');
const showMinimum = (minimum) => (minimum[2] ? show(minimum) : `${minimum[0]}.${minimum[1]}`);

/**
 * What to do, from versions alone: run here, hand over to the bundled Node, or fail with the reason.
 * `bundled` is the version of node_modules/.bin/node (null when there is none); `handedOverFrom` is set
 * when this process is already the handed-over one. `line` is what to print (null: nothing).
 */
function decide({ running, minimum, bundled, handedOverFrom }) {
  const need = showMinimum(minimum);
  if (atLeast(running, minimum)) {
    return { action: 'here', line: handedOverFrom ? null : `[node] running on Node ${show(running)} (engines: >=${need})` };
  }
  if (handedOverFrom) {
    return { action: 'fail', line: `[node] handed over from Node ${handedOverFrom}, but still on Node ${show(running)}; Node >=${need} is required` };
  }
  if (!bundled) {
    return {
      action: 'fail',
      line: `[node] Node ${show(running)} is older than ${need}, and node_modules/.bin/node (npm package \`node\`) could not be installed; install Node >=${need}`,
    };
  }
  if (!atLeast(bundled, minimum)) {
    return {
      action: 'fail',
      line: `[node] Node ${show(running)} is older than ${need}, and so is node_modules/.bin/node (${show(bundled)}); run npm ci, or install Node >=${need}`,
    };
  }
  return {
    action: 'hand-over',
    line: `[node] Node ${show(running)} is older than ${need}; running on Node ${show(bundled)} from node_modules/.bin/node (npm package \`node\`)`,
  };
}

/** PATH with node_modules/.bin first, so tools' `#!/usr/bin/env node` lines find the same Node as `npm run`. */
function pathWithBinFirst(current = '') {
  const rest = current.split(path.delimiter).filter((dir) => dir && dir !== BIN_DIR);
  return [BIN_DIR, ...rest].join(path.delimiter);
}

function bundledVersion() {
  const r = spawnSync(BUNDLED_NODE, ['-p', 'process.versions.node'], { encoding: 'utf8' });
  return r.status === 0 ? parseVersion(r.stdout) : null;
}

/** The binary comes from the `node` package's preinstall; an install that skipped scripts leaves none. */
function ensureBundledNode(log) {
  const found = bundledVersion();
  if (found) return found;
  log('[node] node_modules/.bin/node is missing (npm skipped the `node` package\'s install script); npm rebuild node');
  spawnSync('npm', ['rebuild', 'node', '--ignore-scripts=false'], { cwd: ROOT, stdio: 'inherit' });
  return bundledVersion();
}

/**
 * Runs `node` with `args` and makes this process its shadow: the forwarded signals go to it, and this
 * process ends as it ends (same exit code, or the same signal). Returns a promise that never settles.
 */
function handOff(node, args, env) {
  const child = spawn(node, args, { stdio: 'inherit', env });
  const forward = (signal) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  };
  for (const signal of FORWARDED_SIGNALS) process.on(signal, forward);
  child.on('error', (err) => {
    console.error(`[node] could not start ${node}: ${err.message}`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => {
    for (const s of FORWARDED_SIGNALS) process.off(s, forward);
    if (code !== null) process.exit(code);
    process.kill(process.pid, signal);
    // A signal whose default is not to terminate: still end, with the shell's code for "killed by signal".
    setTimeout(() => process.exit(128 + (os.constants.signals[signal] ?? 0)), 1000);
  });
  return new Promise(() => {});
}

/**
 * Call first in an entry script: `await runOnRequiredNode()`. On a new enough Node it prints which Node runs,
 * puts node_modules/.bin first on PATH for the children and resolves. On an older Node it installs the
 * dependencies (which fetch Node 24 through the `node` package), reruns the script on that Node with the same
 * arguments and never resolves: this process exits when the rerun does.
 */
function runOnRequiredNode({ running = process.versions.node, env = process.env, log = console.log } = {}) {
  const minimum = minimumFromEngines(require(path.join(ROOT, 'package.json')).engines.node);
  const current = parseVersion(running);
  const handedOverFrom = env[HANDED_OVER_FROM];
  delete env[HANDED_OVER_FROM];
  let bundled = null;
  if (!atLeast(current, minimum) && !handedOverFrom) {
    ensureDeps(log);
    bundled = ensureBundledNode(log);
  }
  const { action, line } = decide({ running: current, minimum, bundled, handedOverFrom });
  if (action === 'fail') throw new Error(line);
  if (line) log(line);
  env.PATH = pathWithBinFirst(env.PATH);
  if (action === 'here') return Promise.resolve();
  const childEnv = { ...env, [HANDED_OVER_FROM]: show(current) };
  // npm records the Node it ran under; tools that read these would otherwise pick the older Node.
  for (const name of ['NODE', 'npm_node_execpath']) if (childEnv[name]) childEnv[name] = BUNDLED_NODE;
  return handOff(BUNDLED_NODE, [...process.execArgv, ...process.argv.slice(1)], childEnv);
}

module.exports = {
  runOnRequiredNode,
  handOff,
  decide,
  parseVersion,
  minimumFromEngines,
  atLeast,
  pathWithBinFirst,
  BIN_DIR,
  HANDED_OVER_FROM,
};
