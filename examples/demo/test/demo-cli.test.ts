import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { FAKE_MODEL } from '@sessionscope/example-shared';
import { describe, expect, it } from 'vitest';
import type { DemoResult } from '../src/demo-result';
import { FRAMEWORKS } from '../src/examples';

const run = promisify(execFile);
/** Each test starts Node processes; on a busy 2-core machine that takes a while. */
const PROCESS_TEST_TIMEOUT_MS = 90_000;
const DEMO_DIR = fileURLToPath(new URL('..', import.meta.url));
/** The environment of a fresh shell: no OTLP endpoint, no colour forcing. */
const ENV = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' };

/** Runs `pnpm demo` the way the root script does (after the build), and returns its exit code and output. */
async function demo(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], {
      cwd: DEMO_DIR,
      env: ENV,
      timeout: PROCESS_TEST_TIMEOUT_MS - 5_000, // a demo that hangs is killed, and fails the test
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** Per user (by label): how many sessions, and how many traces in each, in order. */
function shape(result: DemoResult): Record<string, number[]> {
  return Object.fromEntries(
    result.users.map((user) => [
      user.label ?? String(user.userId),
      user.sessions.map((s) => s.traces.length),
    ]),
  );
}

describe.concurrent('pnpm demo --json', { timeout: PROCESS_TEST_TIMEOUT_MS }, () => {
  it.each(FRAMEWORKS)(
    '%s: groups 4 users, 5 sessions and 9 traces, every span with its identity',
    async (framework) => {
      const { code, stdout, stderr } = await demo('--json', '--framework', framework);
      const result = JSON.parse(stdout) as DemoResult;
      expect(result.workloadProblems).toEqual([]);
      expect(result.identity).toMatchObject({
        ok: true,
        spansWithoutIdentity: [],
        tracesWithMixedIdentity: [],
        mismatches: [],
      });
      expect(code, stderr).toBe(0);
      expect(result.framework).toBe(framework);
      expect(result.totals).toMatchObject({ users: 4, sessions: 5, traces: 9 });
      expect(result.identity.spansChecked).toBe(result.totals.spans);
      expect(shape(result)).toEqual({
        'alice@example.com': [3],
        'bob@example.com': [2, 1],
        'carol@example.com': [2],
        'support@example.com': [1],
      });
      const traces = result.users.flatMap((user) => user.sessions.flatMap((session) => session.traces));
      expect(traces.filter((trace) => trace.status === 'error')).toHaveLength(1);
      expect(traces.filter((trace) => trace.streamedChunks !== undefined)).toHaveLength(1);
      expect(traces.filter((trace) => trace.impersonatedByLabel === 'support@example.com')).toHaveLength(1);
    },
  );
});

describe('pnpm demo --llm openai --json', { timeout: PROCESS_TEST_TIMEOUT_MS }, () => {
  it('the same workload through the instrumented openai client: a GenAI span in every trace, with its identity', async () => {
    const { code, stdout, stderr } = await demo('--json', '--llm', 'openai');
    const result = JSON.parse(stdout) as DemoResult;
    expect(result.workloadProblems).toEqual([]);
    expect(result.identity).toMatchObject({ ok: true, spansWithoutIdentity: [], mismatches: [] });
    expect(code, stderr).toBe(0);
    expect(result).toMatchObject({ llm: 'openai', totals: { users: 4, sessions: 5, traces: 9 } });
    const traces = result.users.flatMap((user) => user.sessions.flatMap((session) => session.traces));
    for (const trace of traces) expect(trace.steps.map((step) => step.name)).toContain(`chat ${FAKE_MODEL}`);
    expect(traces.filter((trace) => trace.status === 'error')).toHaveLength(1);
  });
});

describe('pnpm demo', { timeout: PROCESS_TEST_TIMEOUT_MS }, () => {
  it('prints the tree without colours when stdout is not a terminal', async () => {
    const { code, stdout } = await demo();
    expect(code).toBe(0);
    expect(stdout).not.toContain('\u001b[');
    expect(stdout).toMatch(/^user [0-9a-f]{8}… {2}alice@example\.com {2}\(1 session, 3 traces\)$/m);
    expect(stdout).toMatch(/^ {2}session [0-9a-f]{8}… {2}\(3 traces, /m);
    expect(stdout).toContain('✓ all ');
  });

  it('refuses an unknown framework with status 2 and the usage', async () => {
    const { code, stderr } = await demo('--framework', 'fastify');
    expect(code).toBe(2);
    expect(stderr).toContain('unknown framework "fastify"');
    expect(stderr).toContain('Usage: pnpm demo');
  });
});
