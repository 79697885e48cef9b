/**
 * Child process: one micro benchmark suite, in a process of its own because an SDK, once registered,
 * stays for the life of the process. Usage (forked by the benchmark): micro-process.js <suite>
 */
import { runWithUserSession } from '@sessionscope/core';
import { Bench } from 'tinybench';
import { answerRequests } from '../process/answer-requests';
import type { MicroSettings } from '../settings';
import { contextTasks } from './context-tasks';
import type { MicroResult, MicroTask } from './micro-task';
import { isMicroSuite, type MicroSuite } from './suites';

const TASKS: Readonly<Record<MicroSuite, () => Promise<MicroTask[]>>> = {
  context: async () => contextTasks(),
  'trace-no-sdk': async () => (await import('./trace-tasks')).traceTasks(false),
  'trace-sdk': async () => (await import('./trace-tasks')).traceTasks(true),
};

async function runTasks(
  suite: MicroSuite,
  tasks: MicroTask[],
  settings: MicroSettings,
): Promise<MicroResult[]> {
  const bench = new Bench({ time: settings.timeMs, warmupTime: settings.warmupMs, throws: true });
  for (const task of tasks) bench.add(task.name, task.run);
  await bench.run();
  return tasks.map((task) => {
    const result = bench.getTask(task.name)?.result;
    if (result?.state !== 'completed') throw new Error(`${suite}: ${task.name} did not complete`);
    return {
      suite,
      name: task.name,
      nsPerCall: (result.latency.p50 * 1e6) / task.calls,
      rme: result.latency.rme,
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
