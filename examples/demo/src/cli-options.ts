import { parseArgs } from 'node:util';
import { isLlmKind, LLM_KINDS, type LlmKind } from '@sessionscope/example-shared';
import { FRAMEWORKS, type Framework, isFramework } from './examples';

/** The demo's command line. */
export interface CliOptions {
  readonly framework: Framework;
  /** The model the example talks to: the in-process fake, or the instrumented `openai` client and the fake OpenAI server. */
  readonly llm: LlmKind;
  readonly json: boolean;
  readonly help: boolean;
}

/** The defaults of {@link CliOptions}. */
export const DEFAULT_CLI_OPTIONS = {
  framework: 'express',
  llm: 'fake',
  json: false,
  help: false,
} as const satisfies CliOptions;

/** `pnpm demo --help`. */
export const USAGE = `Usage: pnpm demo [--framework ${FRAMEWORKS.join('|')}] [--llm ${LLM_KINDS.join('|')}] [--json]

Starts the chosen chatbot example on a free 127.0.0.1 port, plays a scripted chat workload
(4 users, 5 sessions, a resumed session, a streamed answer, an error, an admin acting for a user,
concurrent requests) and prints the exported spans grouped user → session → trace.

  --framework  which example to run (default: express)
  --llm        fake: the in-process fake model (default); openai: the same answers through the
               official openai client instrumented by @sessionscope/openai and a loopback fake
               OpenAI server, adding a GenAI span per model call
  --json       print the grouped result as JSON instead of a tree
  --help       show this help

With OTEL_EXPORTER_OTLP_ENDPOINT set, the spans also go to that OTLP/HTTP endpoint.
Exits with status 1 when a span lacks the user or session it should carry.`;

/**
 * Parses the demo's arguments; throws a `TypeError` with a readable message for bad input.
 *
 * @example
 * ```ts
 * parseCliOptions(['--framework', 'koa', '--json']); // { framework: 'koa', llm: 'fake', json: true, help: false }
 * ```
 */
export function parseCliOptions(args: readonly string[]): CliOptions {
  const { values } = parseArgs({
    args: [...args],
    options: {
      framework: { type: 'string', short: 'f', default: DEFAULT_CLI_OPTIONS.framework },
      llm: { type: 'string', default: DEFAULT_CLI_OPTIONS.llm },
      json: { type: 'boolean', default: DEFAULT_CLI_OPTIONS.json },
      help: { type: 'boolean', short: 'h', default: DEFAULT_CLI_OPTIONS.help },
    },
    strict: true,
    allowPositionals: false,
  });
  const framework = values.framework ?? DEFAULT_CLI_OPTIONS.framework;
  if (!isFramework(framework)) {
    throw new TypeError(`unknown framework "${framework}": use one of ${FRAMEWORKS.join(', ')}`);
  }
  const llm = values.llm ?? DEFAULT_CLI_OPTIONS.llm;
  if (!isLlmKind(llm)) throw new TypeError(`unknown LLM "${llm}": use one of ${LLM_KINDS.join(', ')}`);
  return { framework, llm, json: values.json ?? false, help: values.help ?? false };
}
