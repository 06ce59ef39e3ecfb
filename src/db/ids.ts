import { randomUUID } from 'node:crypto';

/**
 * UUIDv7 (RFC 9562): 48-bit Unix milliseconds, then random bits. Ids sort by creation time, which keeps
 * cursor pagination and B-tree inserts cheap. Within one millisecond a counter keeps them increasing.
 */
let lastMs = 0;
let counter = 0;

export function uuidv7(now: number = Date.now()): string {
  // the random bits come from a v4 UUID: randomUUID draws from a cached entropy pool, randomBytes makes a call each time
  const random = randomUUID();
  if (now <= lastMs) {
    counter = (counter + 1) & 0xfff;
    if (counter === 0) lastMs += 1;
    now = lastMs;
  } else {
    lastMs = now;
    counter = Number.parseInt(random.slice(0, 3), 16) & 0x7ff;
  }
  const ms = now.toString(16).padStart(12, '0');
  const seq = (0x7000 | counter).toString(16);
  return `${ms.slice(0, 8)}-${ms.slice(8, 12)}-${seq}-${random.slice(19)}`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}
