import { v5, v7 } from 'uuid';

/**
 * A new id for a row or an event: a UUIDv7 (RFC 9562), whose leading 48 bits are the Unix time in milliseconds.
 * Ids minted one after another sort one after another, so each insert lands on the rightmost, cached leaf of a
 * primary-key or unique B-tree instead of a random page of an index larger than memory (what random v4 ids
 * do), and the indexes stay dense. `uuid`'s v7 also counts within a millisecond (RFC 9562 §6.2, method 1),
 * so a burst of ids keeps its order; Node's crypto.randomUUIDv7 (24.16+) fills those bits at random.
 * The time it reveals is no more than the row's own created_at. Every reader accepts any UUID version.
 */
export function newId(): string {
  return v7();
}

/** Namespace of derivedId (a fixed random UUID: names under it never collide with another system's). */
const DERIVED_NAMESPACE = '4d0b8a43-5f0e-4c52-9c1e-2b7f1f8a6d31';

/**
 * A UUID (v5) that is a function of `name`: the same derived event (the rejected part of a batch event) gets
 * the same id however often it is derived, so its duplicates dedupe like any event's.
 */
export function derivedId(name: string): string {
  return v5(name, DERIVED_NAMESPACE);
}
