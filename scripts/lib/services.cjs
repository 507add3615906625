'use strict';
// The seven services, their default ports and how to run one from TypeScript source.
const path = require('node:path');

const SERVICES = [
  { name: 'monitoring-service', port: 3000 },
  { name: 'health-service', port: 3001 },
  { name: 'education-service', port: 3002 },
  { name: 'employment-service', port: 3003 },
  { name: 'social-security-service', port: 3004 },
  { name: 'rights-protection-service', port: 3005 },
  { name: 'family-service', port: 3006 },
];

/**
 * node arguments that run a TypeScript entry point (swc transpiles on load; tsconfig paths resolve @wdp/*).
 * kafkajs 2.2.4 schedules its idle queue check with a negative delay, which Node 24 runs after 1 ms as Node 20
 * did but now also reports as a TimeoutNegativeWarning at every start: harmless, so it is not shown.
 */
function tsNodeArgs(root, entry) {
  return ['--enable-source-maps', '--disable-warning=TimeoutNegativeWarning', '-r', '@swc-node/register', '-r', 'tsconfig-paths/register', path.join(root, entry)];
}

/** Environment for running TypeScript through swc-node with our .swcrc (decorator metadata). */
function tsNodeEnv(root, env = process.env) {
  return { ...env, SWCRC: 'true', TS_NODE_PROJECT: path.join(root, 'tsconfig.json') };
}

module.exports = { SERVICES, tsNodeArgs, tsNodeEnv };
