import { createHash } from 'node:crypto';

/**
 * The seed of this run's random choices: `TEST_SEED` from the environment to replay a run,
 * else a fresh one. Scenarios print it in their names and failure messages.
 */
export const SEED = Number(process.env.TEST_SEED ?? Math.floor(Math.random() * 2 ** 31));

/**
 * Numbers in [0, 1) that depend only on `seed` and how many were drawn before: the n-th is read from
 * SHA-256 of `seed:n`, so a failing run can be replayed from its seed.
 */
export function seededRandom(seed: number): () => number {
  let drawn = 0;
  return () => createHash('sha256').update(`${seed}:${drawn++}`).digest().readUInt32BE(0) / 2 ** 32;
}
