import { type ChildProcess, fork } from 'node:child_process';

/** How to start a benchmark child process. */
export interface ChildOptions {
  /** The Node binary; default: the one running the benchmark. */
  readonly execPath?: string;
  /** Node flags such as `--expose-gc`. */
  readonly execArgv?: readonly string[];
  /**
   * A command that starts the Node binary, e.g. `['valgrind', '--tool=callgrind']`: the child runs
   * `<launcher…> <execPath> <execArgv…> <entry> <args…>` and keeps the IPC channel.
   */
  readonly launcher?: readonly string[];
  /** Arguments passed to the entry module. */
  readonly args?: readonly string[];
}

interface Reply {
  readonly id: number;
  readonly result?: unknown;
  readonly error?: string;
}

/**
 * A forked child that first sends `{ type: 'ready', ... }`, then answers each `{ id, type, ... }`
 * request with `{ id, result }` or `{ id, error }` (see `answerRequests`).
 */
export class BenchChild<Ready> {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();

  private constructor(
    private readonly child: ChildProcess,
    readonly ready: Ready,
  ) {
    child.on('message', (message: Reply) => {
      const waiter = this.pending.get(message.id);
      if (waiter === undefined) return;
      this.pending.delete(message.id);
      if (message.error === undefined) waiter.resolve(message.result);
      else waiter.reject(new Error(message.error));
    });
    child.on('exit', (code, signal) => {
      for (const waiter of this.pending.values()) {
        waiter.reject(new Error(`benchmark child exited (${signal ?? code}) before answering`));
      }
      this.pending.clear();
    });
  }

  /** Forks `entry` and waits for its ready message. */
  static start<Ready>(entry: string, options: ChildOptions = {}): Promise<BenchChild<Ready>> {
    const node = options.execPath ?? process.execPath;
    const [launcher, ...launcherArgs] = options.launcher ?? [];
    const child = fork(entry, [...(options.args ?? [])], {
      execPath: launcher ?? node,
      execArgv: [...(launcher === undefined ? [] : [...launcherArgs, node]), ...(options.execArgv ?? [])],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    return new Promise((resolve, reject) => {
      const onExit = (code: number | null, signal: string | null) =>
        reject(
          new Error(
            `${entry} ${options.args?.join(' ') ?? ''} exited (${signal ?? code}) before it was ready`,
          ),
        );
      child.once('error', reject);
      child.once('exit', onExit);
      child.once('message', (message: { type?: string }) => {
        child.off('exit', onExit);
        child.off('error', reject);
        if (message.type === 'ready') resolve(new BenchChild<Ready>(child, message as Ready));
        else reject(new Error(`${entry}: expected a ready message, got ${JSON.stringify(message)}`));
      });
    });
  }

  /** The process id of the child (of its launcher, if it has one). */
  get pid(): number {
    if (this.child.pid === undefined) throw new Error('benchmark child has no process id');
    return this.child.pid;
  }

  /** Sends one request and resolves with the child's answer. */
  request<Result>(type: string, payload: object = {}): Promise<Result> {
    const id = this.nextId++;
    return new Promise<Result>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.child.send({ ...payload, id, type });
    });
  }

  /** Ends the child and waits until it has exited. */
  stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      this.child.once('exit', () => resolve());
      this.child.kill('SIGTERM');
    });
  }
}
