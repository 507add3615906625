#!/usr/bin/env node
// npm run kafka:start | kafka:stop | kafka:status  (optional --port N, default 9092)
import kafka from './lib/kafka-local.cjs';

const { instance, start, status, stop } = kafka;

const [cmd = 'status', ...rest] = process.argv.slice(2);
const portArg = rest.indexOf('--port');
const inst = instance(portArg >= 0 ? Number(rest[portArg + 1]) : 9092);

try {
  if (cmd === 'start') await start(inst);
  else if (cmd === 'stop') await stop(inst);
  else if (cmd === 'status') {
    const s = await status(inst);
    console.log(s.running ? `[kafka] running on ${s.brokers} (pid ${s.pid})` : `[kafka] not running on ${s.brokers}`);
    process.exitCode = s.running ? 0 : 3;
  } else {
    console.error(`usage: node scripts/kafka.mjs start|stop|status [--port N]`);
    process.exitCode = 2;
  }
} catch (err) {
  console.error(err.message);
  process.exitCode = 1;
}
