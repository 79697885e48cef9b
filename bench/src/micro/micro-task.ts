/** One micro benchmark: `run()` performs `calls` calls of the measured operation. */
export interface MicroTask {
  readonly name: string;
  /** Calls per `run()`, so that the timer's own cost (tens of ns) is spread over many calls. */
  readonly calls: number;
  /** Runs inside a sessionscope scope holding a user and a session (otherwise outside any scope). */
  readonly scoped: boolean;
  readonly run: () => unknown;
}

/** One micro benchmark's result. */
export interface MicroResult {
  readonly suite: string;
  readonly name: string;
  /** Time per call of the median pass (each pass: the median sample), in nanoseconds. */
  readonly nsPerCall: number;
  /** Spread of the passes: (slowest − fastest) / median, in percent. */
  readonly spreadPercent: number;
}

/** Receives every result so that no measured call can be optimised away. */
export const sink: { value: unknown } = { value: undefined };

/** Runs `operation` `calls` times, synchronously. */
export function repeat(calls: number, operation: () => unknown): () => unknown {
  return () => {
    for (let i = 0; i < calls; i++) sink.value = operation();
    return sink.value;
  };
}

/** Awaits `operation` `calls` times, one after the other. */
export function repeatAsync(calls: number, operation: () => Promise<unknown>): () => Promise<unknown> {
  return async () => {
    for (let i = 0; i < calls; i++) sink.value = await operation();
    return sink.value;
  };
}
