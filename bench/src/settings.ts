/** How long one load run lasts: a duration, or a number of requests (quick mode). */
export type RunLength = { readonly durationSeconds: number } | { readonly amount: number };

export interface LoadSettings {
  /** Concurrent keep-alive connections of the load generator. */
  readonly connections: number;
  /** Load sent to each server once, before the first round, and not measured. */
  readonly warmup: RunLength;
  /** One measured run of one variant. */
  readonly measure: RunLength;
  /** Rounds measuring each variant once (A B C …, … C B A, …); the tables report medians over them. */
  readonly rounds: number;
  /** Frameworks run on runtimes after the first (Node 24): all, or only the first one (quick mode). */
  readonly laterRuntimeFrameworks: 'all' | 'first';
}

/** The paired runs of floor and `sessionMiddleware()` (see `src/paired/run-paired.ts`). */
export interface PairedLoadSettings {
  /** Concurrent keep-alive connections to each server of a pair. */
  readonly connections: number;
  /** Load sent to both servers of a pair at once, before its first round, and not measured. */
  readonly warmup: RunLength;
  /** One measured round: both servers of the pair under load at the same time. */
  readonly measure: RunLength;
  /** Rounds per pair; a pair's ratio is the median over its rounds. */
  readonly rounds: number;
  /** Pairs of a floor and a `sessionMiddleware()` server, fresh processes each. */
  readonly pairs: number;
  /** Pairs of two floor servers, which show how finely the method resolves a ratio. */
  readonly calibrationPairs: number;
  readonly coverage: Coverage;
}

export interface MicroSettings {
  /** Passes over all tasks of a suite, in alternating order; the report gives the median pass. */
  readonly passes: number;
  /** Time budget per task and pass, in milliseconds. */
  readonly timeMs: number;
  /** Warm-up budget per task, in milliseconds. */
  readonly warmupMs: number;
}

export interface MemorySettings {
  readonly connections: number;
  /** Load sent before the heap is first measured. */
  readonly warmup: RunLength;
  /** Load sent between the two heap measurements. */
  readonly load: RunLength;
  /** Largest accepted growth of the settled heap, in percent. */
  readonly maxGrowthPercent: number;
}

/** Every framework on every runtime, or only the first framework on the first runtime (quick mode). */
export type Coverage = 'all' | 'first';

export interface InstructionSettings {
  /** Requests sent on one connection before counting, so that the JIT has compiled the hot path. */
  readonly warmup: number;
  /** Idle time after the warm-up, in milliseconds, for queued optimizing compilations to finish. */
  readonly idleMs: number;
  /** Requests counted. */
  readonly measure: number;
  /**
   * Fixed size of each of the young generation's two semi-spaces, in MB: what V8 grows them to under
   * this load on Node 20 and 24. Left to V8, the forced GCs before counting sometimes shrink them, and
   * that process then runs about four times as many scavenges (Hono on Node 20: +10 k instructions
   * per request), which made samples of the same code fall into two groups.
   */
  readonly semiSpaceMB: number;
  /**
   * Also simulate the caches and report estimated cycles (instructions + what their cache misses
   * cost): the section takes about a fifth longer. Instructions alone understate the cost of a
   * variant that misses the caches more often (sessionscope: about one point, see bench/README.md).
   */
  readonly cacheSim: boolean;
  /**
   * Also attribute the main thread's instructions to the functions that executed them (V8's perf
   * map names JIT code), and report where sessionscope's instructions over the floor's go. The
   * perf map flags make V8 do a little more work per compilation, so the totals of such a run are
   * comparable only among themselves.
   */
  readonly functions: boolean;
  /** Server processes counted per variant; the report gives the median. */
  readonly repeats: number;
  /** Server processes counted at the same time (each runs under its own valgrind). */
  readonly parallel: number;
  readonly coverage: Coverage;
}

export interface AllocationSettings {
  /** Requests sent on one connection before counting, so that the JIT has compiled the hot path. */
  readonly warmup: number;
  /** Requests whose heap allocations are counted. */
  readonly measure: number;
  /** Server processes per variant; the report gives the median. */
  readonly repeats: number;
  readonly coverage: Coverage;
}

export interface BenchSettings {
  readonly mode: 'full' | 'quick';
  readonly load: LoadSettings;
  readonly paired: PairedLoadSettings;
  readonly micro: MicroSettings;
  readonly memory: MemorySettings;
  readonly instructions: InstructionSettings;
  readonly allocations: AllocationSettings;
}

/** `pnpm bench`: the figures of `bench/README.md` (about an hour on 2 cores, 23 minutes of it under valgrind). */
export const FULL_SETTINGS: BenchSettings = {
  mode: 'full',
  load: {
    connections: 16,
    warmup: { durationSeconds: 3 },
    measure: { durationSeconds: 3 },
    rounds: 9,
    laterRuntimeFrameworks: 'all',
  },
  paired: {
    connections: 16,
    warmup: { durationSeconds: 2 },
    measure: { durationSeconds: 2 },
    rounds: 4,
    pairs: 10,
    calibrationPairs: 4,
    coverage: 'all',
  },
  micro: { passes: 5, timeMs: 300, warmupMs: 100 },
  memory: {
    connections: 16,
    warmup: { durationSeconds: 10 },
    load: { durationSeconds: 120 },
    maxGrowthPercent: 5,
  },
  instructions: {
    warmup: 10_000,
    idleMs: 2000,
    measure: 3000,
    semiSpaceMB: 4,
    cacheSim: false,
    functions: false,
    repeats: 3,
    parallel: 2,
    coverage: 'all',
  },
  allocations: { warmup: 10_000, measure: 10_000, repeats: 3, coverage: 'all' },
};

/** `pnpm bench --quick`: every code path in seconds; its figures mean nothing. */
export const QUICK_SETTINGS: BenchSettings = {
  mode: 'quick',
  load: {
    connections: 4,
    warmup: { amount: 50 },
    measure: { amount: 100 },
    rounds: 1,
    laterRuntimeFrameworks: 'first',
  },
  paired: {
    connections: 4,
    warmup: { amount: 50 },
    measure: { amount: 100 },
    rounds: 2,
    pairs: 2,
    calibrationPairs: 1,
    coverage: 'first',
  },
  micro: { passes: 2, timeMs: 5, warmupMs: 2 },
  memory: { connections: 4, warmup: { amount: 200 }, load: { durationSeconds: 0.5 }, maxGrowthPercent: 5 },
  instructions: {
    warmup: 20,
    idleMs: 0,
    measure: 20,
    semiSpaceMB: 4,
    cacheSim: true,
    functions: true,
    repeats: 1,
    parallel: 2,
    coverage: 'first',
  },
  allocations: { warmup: 20, measure: 20, repeats: 1, coverage: 'first' },
};
