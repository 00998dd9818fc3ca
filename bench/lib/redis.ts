import IORedis, { type Redis } from 'ioredis';

/** The bench's own Redis database (index 10–12 of a shared server): checked before anything is flushed. */
export function benchRedis(url: string): Redis {
  const db = Number(new URL(url).pathname.replace(/^\//, '') || '0');
  if (!(db >= 10 && db <= 12)) throw new Error(`refusing Redis database ${db}: the bench uses 10–12 only`);
  return new IORedis(url, { maxRetriesPerRequest: null, lazyConnect: false });
}

/** FLUSHDB of one bench database (never FLUSHALL: the server is shared). */
export async function flushBenchRedis(url: string): Promise<void> {
  const r = benchRedis(url);
  try {
    await r.flushdb();
  } finally {
    r.disconnect();
  }
}
