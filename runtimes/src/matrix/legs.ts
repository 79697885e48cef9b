import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RESULT_LINE_PREFIX, type RunSummary } from '../harness/checks.ts';
import { bun, deno, miniflare, node22, node24, type RuntimeBinary } from './binaries.ts';

/** The repository root: every leg runs there. */
export const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url));

/** What one leg reported: counts, and what actually ran (for the README table). */
export interface LegOutcome {
  readonly passed: number;
  readonly failed: number;
  readonly covered: readonly string[];
}

/** A binary and its arguments. */
export type Command = readonly [string, ...string[]];

/** One runtime (or runtime mode) of the matrix and the command that tests it. */
export interface Leg {
  /** Short name for `--only`. */
  readonly id: string;
  /** Runtime and version, as shown in the README table. */
  readonly runtime: string;
  /** The command to run; a leg that writes a report file writes it to `reportFile`. */
  command(reportFile: string): Command;
  readonly env: Readonly<Record<string, string>>;
  /** Reads the outcome from the leg's stdout or its report file; `undefined` when it reported nothing. */
  readOutcome(stdout: string, reportFile: string): LegOutcome | undefined;
}

const VITEST_CLI = join(REPO_ROOT, 'node_modules/vitest/vitest.mjs');
const VITEST_CONFIG = 'runtimes/node/vitest.config.ts';

/** Test files of a vitest run → what the README calls them. */
const VITEST_SUITES: ReadonlyArray<readonly [string, string]> = [
  ['/packages/core/test/', 'core unit tests'],
  ['/test/conformance/', 'adapter conformance suite'],
  ['/test/express/', "Express adapter's own tests"],
  ['/test/koa/', "Koa adapter's own tests"],
  ['/test/hono/', "Hono adapter's own tests"],
  ['/runtimes/node/', 'check of the Node version and AsyncLocalStorage mode in the test workers'],
];

interface VitestJsonReport {
  numPassedTests: number;
  numFailedTests: number;
  testResults: ReadonlyArray<{ name: string }>;
}

function readVitestReport(reportFile: string): LegOutcome | undefined {
  let report: VitestJsonReport;
  try {
    report = JSON.parse(readFileSync(reportFile, 'utf8')) as VitestJsonReport;
  } catch {
    return undefined;
  }
  const files = report.testResults.map((file) => file.name);
  const covered = VITEST_SUITES.filter(([path]) => files.some((file) => file.includes(path))).map(
    ([, name]) => name,
  );
  return { passed: report.numPassedTests, failed: report.numFailedTests, covered };
}

function vitestLeg(id: string, runtime: string, node: RuntimeBinary, asyncContextFrame: boolean): Leg {
  const major = node.version.split('.')[0]!;
  const flag = major === '24' && !asyncContextFrame ? '--no-async-context-frame' : '';
  return {
    id,
    runtime,
    command: (reportFile) => [
      node.path,
      VITEST_CLI,
      'run',
      '--config',
      VITEST_CONFIG,
      '--reporter=dot',
      '--reporter=json',
      `--outputFile.json=${reportFile}`,
    ],
    env: {
      // NODE_OPTIONS reaches vitest's forked workers too; execution-mode.test.ts proves it did.
      NODE_OPTIONS: flag,
      SESSIONSCOPE_EXPECT_NODE_MAJOR: major,
      SESSIONSCOPE_EXPECT_ASYNC_CONTEXT_FRAME: asyncContextFrame ? 'on' : 'off',
    },
    readOutcome: (_stdout, reportFile) => readVitestReport(reportFile),
  };
}

function readSummaryLine(stdout: string, groups: Readonly<Record<string, string>>): LegOutcome | undefined {
  const line = stdout.split('\n').findLast((text) => text.startsWith(RESULT_LINE_PREFIX));
  if (line === undefined) return undefined;
  const summary = JSON.parse(line.slice(RESULT_LINE_PREFIX.length)) as RunSummary;
  return {
    passed: summary.passed,
    failed: summary.failed,
    covered: summary.groups.map((group) => groups[group] ?? group),
  };
}

function checksLeg(id: string, runtime: string, command: Command, groups: Record<string, string>): Leg {
  return {
    id,
    runtime,
    command: () => command,
    env: {},
    readOutcome: (stdout) => readSummaryLine(stdout, groups),
  };
}

const CORE = 'core API';

/** Every leg, in the order they run. */
export const LEGS: readonly Leg[] = [
  vitestLeg('node22', `Node.js ${node22.version}`, node22, false),
  vitestLeg('node24', `Node.js ${node24.version}`, node24, true),
  vitestLeg('node24-no-acf', `Node.js ${node24.version} \`--no-async-context-frame\``, node24, false),
  checksLeg('node24-http', `Node.js ${node24.version}`, [node24.path, 'runtimes/src/runtimes/node.ts'], {
    core: CORE,
    hono: 'Hono on `@hono/node-server`',
    express: 'Express on `node:http`',
    koa: 'Koa on `node:http`',
  }),
  checksLeg('bun', `Bun ${bun.version}`, [bun.path, 'runtimes/src/runtimes/bun.ts'], {
    core: CORE,
    hono: 'Hono on `Bun.serve`',
    express: "Express on Bun's `node:http`",
    koa: "Koa on Bun's `node:http`",
  }),
  checksLeg(
    'deno',
    `Deno ${deno.version}`,
    [
      deno.path,
      'run',
      '--no-lock',
      '--allow-net',
      '--allow-env',
      '--allow-read',
      'runtimes/src/runtimes/deno.ts',
    ],
    { core: CORE, hono: 'Hono on `Deno.serve`' },
  ),
  checksLeg(
    'workerd',
    `workerd ${miniflare.workerdVersion} (miniflare ${miniflare.version})`,
    [node24.path, 'runtimes/src/runtimes/workerd.ts'],
    {
      core: `${CORE} inside a Worker request (\`nodejs_compat\`)`,
      hono: 'Hono Worker (`nodejs_compat`)',
      'without nodejs_compat': 'without `nodejs_compat`: start-up fails naming the flag',
    },
  ),
];
