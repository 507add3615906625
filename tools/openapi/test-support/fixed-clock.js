// Preloaded (`node -r`) to run a generator with the wall clock set to FIXED_CLOCK (an ISO date): a committed
// document that changes with the date shows up as drift. Only Date is faked (frozen at that instant); timers are real.
const FakeTimers = require('@sinonjs/fake-timers');

const at = process.env.FIXED_CLOCK;
if (!at || Number.isNaN(Date.parse(at))) throw new Error(`FIXED_CLOCK must be an ISO date, got ${JSON.stringify(at)}`);
FakeTimers.install({ now: Date.parse(at), toFake: ['Date'] });
