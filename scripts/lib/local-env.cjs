'use strict';
// What `npm start` (one machine, demo keys) sets on top of the caller's environment. A real deployment
// runs the services without this script, so its defaults (public https webhooks only) stay strict.

/** A webhook receiver on this machine is the usual way to try alerts locally; nothing wider than loopback. */
const LOCAL_WEBHOOK_CIDRS = '127.0.0.1/32,::1/128';

/**
 * The environment the services get from `npm start`. Whatever the caller set wins (an empty
 * WEBHOOK_ALLOW_PRIVATE_CIDRS included); with ADMIN_API_KEY it is an operator's run, so no loopback opening.
 */
function localDemoEnv(base) {
  const env = { ...base };
  env.DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/postgres';
  if (!env.ADMIN_API_KEY) env.WEBHOOK_ALLOW_PRIVATE_CIDRS ??= LOCAL_WEBHOOK_CIDRS;
  return env;
}

module.exports = { localDemoEnv, LOCAL_WEBHOOK_CIDRS };
