/** Injection token of the clock, so tests can fix "now" for deadlines. */
export const CLOCK = Symbol('CLOCK');
export type Clock = () => Date;
export const systemClock: Clock = () => new Date();
