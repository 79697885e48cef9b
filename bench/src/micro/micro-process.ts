/**
 * Child process: one micro benchmark suite, in a process of its own because an SDK, once registered,
 * stays for the life of the process. Usage (forked by the benchmark): micro-process.js <suite>
 */
import { runWithUserSession } from '@sessionscope/core';
import { Bench } from 'tinybench';
import { answerRequests } from '../process/answer-requests';
import { median } from '../report/stats';
import type { MicroSettings } from '../settings';
import { contextTasks } from './context-tasks';
import type { MicroResult, MicroTask } from './micro-task';
import { isMicroSuite, type MicroSuite } from './suites';

const TASKS: Readonly<Record<MicroSuite, () => Promise<MicroTask[]>>> = {
  context: async () => contextTasks(),
  'trace-no-sdk': async () => (await import('./trace-tasks')).traceTasks(false),
  'trace-sdk': async () => (await import('./trace-tasks')).traceTasks(true),
  'request-own-als': async () => (await import('./request-context-tasks')).ownAlsTasks(),
  'request-shared-als': async () => (await import('./request-context-tasks')).sharedAlsTasks(),
};

/** One pass: each task for `settings.timeMs`; nanoseconds per call of its median sample, by task. */
async function runPass(
  tasks: readonly MicroTask[],
  settings: MicroSettings,
): Promise<Map<MicroTask, number>> {
  const bench = new Bench({ time: settings.timeMs, warmupTime: settings.warmupMs, throws: true });
  for (const task of tasks) bench.add(task.name, task.run);
  await bench.run();
  return new Map(
    tasks.map((task) => {
      const result = bench.getTask(task.name)?.result;
      if (result?.state !== 'completed') throw new Error(`${task.name} did not complete`);
      return [task, (result.latency.p50 * 1e6) / task.calls];
    }),
  );
}

/** `settings.passes` passes, every other one in reverse order, so that no task always runs first. */
async function runTasks(
  suite: MicroSuite,
  tasks: MicroTask[],
  settings: MicroSettings,
): Promise<MicroResult[]> {
  const passes: Map<MicroTask, number>[] = [];
  for (let pass = 0; pass < settings.passes; pass++) {
    passes.push(await runPass(pass % 2 === 0 ? tasks : [...tasks].reverse(), settings));
  }
  return tasks.map((task) => {
    const values = passes.map((pass) => pass.get(task)!);
    const middle = median(values);
    return {
      suite,
      name: task.name,
      nsPerCall: middle,
      spreadPercent: ((Math.max(...values) - Math.min(...values)) / middle) * 100,
    };
  });
}

const suite = process.argv[2] ?? '';
if (!isMicroSuite(suite)) throw new Error(`usage: micro-process <suite>, got ${suite}`);

answerRequests(
  { nodeVersion: process.version },
  {
    run: async (message) => {
      const settings = message.settings as MicroSettings;
      const tasks = await TASKS[suite]();
      const unscoped = await runTasks(
        suite,
        tasks.filter((task) => !task.scoped),
        settings,
      );
      const scoped = await runWithUserSession({ userId: 'user-4711', sessionId: 'session-1' }, () =>
        runTasks(
          suite,
          tasks.filter((task) => task.scoped),
          settings,
        ),
      );
      const byName = new Map([...unscoped, ...scoped].map((result) => [result.name, result]));
      return tasks.map((task) => byName.get(task.name)!);
    },
  },
);
