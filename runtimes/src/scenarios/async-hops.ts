/**
 * The ways work continues after an `await` in real handlers: timers, microtasks, resolved promises,
 * thenables and async generators (and `setImmediate` where the runtime has it). A context library has
 * to carry the identity across every one of them.
 */
type Hop = (delayMs: number) => PromiseLike<unknown>;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function* ticks(delayMs: number): AsyncGenerator<number> {
  yield 1;
  await sleep(delayMs);
  yield 2;
}

/** A plain thenable, not a promise, settling after `delayMs`. */
function thenable(delayMs: number): PromiseLike<void> {
  // biome-ignore lint/suspicious/noThenProperty: awaiting a plain thenable is one of the paths under test
  return { then: (resolve: () => void) => setTimeout(resolve, delayMs) } as unknown as PromiseLike<void>;
}

const setImmediateOrUndefined = (globalThis as { setImmediate?: (callback: () => void) => unknown })
  .setImmediate;

const HOPS: readonly Hop[] = [
  (delayMs) => sleep(delayMs),
  () => new Promise<void>((resolve) => queueMicrotask(resolve)),
  () => Promise.resolve(),
  async (delayMs) => {
    for await (const _tick of ticks(delayMs)) {
      // consume the generator: each step resumes the caller after an await
    }
  },
  (delayMs) => thenable(delayMs),
  ...(setImmediateOrUndefined === undefined
    ? []
    : [() => new Promise<void>((resolve) => setImmediateOrUndefined(resolve))]),
];

/** A small deterministic generator, so each request takes its own mix of hops and delays. */
function* pseudoRandom(seed: number): Generator<number, never> {
  let state = (seed * 2654435761 + 1) >>> 0;
  for (;;) {
    state = (state * 1664525 + 1013904223) >>> 0;
    yield state;
  }
}

/**
 * Awaits `count` hops chosen by `seed` (timer delays of 0–3 ms) and calls `read` after each one.
 * Returns what `read` saw, in order, starting with a read before the first hop.
 */
export async function readAcrossHops<T>(count: number, seed: number, read: () => T): Promise<T[]> {
  const random = pseudoRandom(seed);
  const seen: T[] = [read()];
  for (let i = 0; i < count; i++) {
    const hop = HOPS[random.next().value % HOPS.length]!;
    await hop(random.next().value % 4);
    seen.push(read());
  }
  return seen;
}

/** One JSON line per step of a streamed body, read with `read` while streaming, `gapMs` apart. */
export async function* linesAcrossHops<T>(
  count: number,
  gapMs: number,
  read: () => T,
): AsyncGenerator<string> {
  for (let i = 0; i < count; i++) {
    if (i > 0) await sleep(gapMs);
    yield `${JSON.stringify(read())}\n`;
  }
}
