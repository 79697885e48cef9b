import { type FakeOpenAIServer, startFakeOpenAIServer } from '@sessionscope/fake-openai';
import { FAKE_MODEL, FakeLlmClient, type FakeLlmOptions } from './fake-llm';
import type { LlmClient } from './llm-client';
import { OpenAILlmClient } from './openai-llm';

/** The models the examples can talk to. */
export const LLM_KINDS = ['fake', 'openai'] as const;

/**
 * `'fake'`: the in-process `FakeLlmClient`. `'openai'`: the official `openai` client instrumented by
 * `@sessionscope/openai`, calling an OpenAI-compatible server.
 */
export type LlmKind = (typeof LLM_KINDS)[number];

/** Which model the chat uses; see {@link startLlm}. */
export interface LlmOptions {
  /** Default `'fake'`. */
  llm?: LlmKind;
  /**
   * With `llm: 'openai'`: the OpenAI-compatible server to call. Default: none, and a loopback fake
   * server answering like `FakeLlmClient` is started instead (no network, no key).
   */
  baseURL?: string;
  /** The API key for `baseURL`. Default `'none'`, for servers that do not check it (the client needs one). */
  apiKey?: string;
  /** The model to ask `baseURL` for. Default `'gpt-4o-mini'`; the fake server's is `FAKE_MODEL`. */
  model?: string;
  /** Latency of the fake model, in process or behind the fake server. Default: `FakeLlmClient`'s. */
  fakeLatency?: FakeLlmOptions;
}

/** The defaults of {@link LlmOptions}. */
export const DEFAULT_LLM_OPTIONS = {
  llm: 'fake',
  model: 'gpt-4o-mini',
  apiKey: 'none',
} as const satisfies LlmOptions;

/** The model of a chat, ready to use. */
export interface RunningLlm {
  readonly kind: LlmKind;
  readonly client: LlmClient;
  /** What answers, in a few words, for logs. */
  readonly description: string;
  /** The loopback fake OpenAI server, when one was started. */
  readonly fakeServer: FakeOpenAIServer | undefined;
  /** Stops the fake server, if any. */
  close(): Promise<void>;
}

/** Whether `name` is one of {@link LLM_KINDS}. */
export function isLlmKind(name: string): name is LlmKind {
  return (LLM_KINDS as readonly string[]).includes(name);
}

/**
 * The {@link LlmOptions} an example's environment asks for: `LLM` (`fake` or `openai`), and for
 * `openai` the usual `OPENAI_BASE_URL`, `OPENAI_API_KEY` and `OPENAI_MODEL`. Only `LLM=openai`
 * switches: a key in the environment alone never makes an example call a paid API.
 *
 * @example
 * ```ts
 * llmOptionsFromEnv({ LLM: 'openai' }); // { llm: 'openai' }: the loopback fake server
 * llmOptionsFromEnv({ LLM: 'openai', OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1', OPENAI_MODEL: 'llama3.2' });
 * ```
 */
export function llmOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): LlmOptions {
  const llm = env.LLM?.trim() || DEFAULT_LLM_OPTIONS.llm;
  if (!isLlmKind(llm)) throw new TypeError(`LLM="${llm}" is not supported: use ${LLM_KINDS.join(' or ')}`);
  if (llm === 'fake') return { llm };
  return {
    llm,
    baseURL: env.OPENAI_BASE_URL?.trim() || undefined,
    apiKey: env.OPENAI_API_KEY?.trim() || undefined,
    model: env.OPENAI_MODEL?.trim() || undefined,
  };
}

/**
 * Sets up the model of a chat: `FakeLlmClient` by default; with `llm: 'openai'`, an
 * `OpenAILlmClient` calling `baseURL`, or a loopback fake server started for it when there is none.
 *
 * @example
 * ```ts
 * const llm = await startLlm({ llm: 'openai' });
 * const server = await startServer({ chat: createChatService(llm.client) });
 * // …
 * await server.close();
 * await llm.close();
 * ```
 */
export async function startLlm(options: LlmOptions = {}): Promise<RunningLlm> {
  const kind = options.llm ?? DEFAULT_LLM_OPTIONS.llm;
  if (kind === 'fake') {
    const client = new FakeLlmClient(options.fakeLatency);
    const description = 'the in-process fake model';
    return { kind, client, description, fakeServer: undefined, close: async () => {} };
  }
  if (options.baseURL !== undefined) {
    const client = new OpenAILlmClient({
      baseURL: options.baseURL,
      apiKey: options.apiKey ?? DEFAULT_LLM_OPTIONS.apiKey,
      model: options.model ?? DEFAULT_LLM_OPTIONS.model,
    });
    const description = `${client.model} at ${options.baseURL}, through the instrumented openai client`;
    return { kind, client, description, fakeServer: undefined, close: async () => {} };
  }
  const fakeServer = await startFakeOpenAIServer({ model: new FakeLlmClient(options.fakeLatency) });
  const client = new OpenAILlmClient({ baseURL: fakeServer.baseURL, apiKey: 'fake', model: FAKE_MODEL });
  const description = `the fake model behind a fake OpenAI server at ${fakeServer.baseURL}, through the instrumented openai client`;
  return { kind, client, description, fakeServer, close: () => fakeServer.close() };
}
