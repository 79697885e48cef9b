import { type FakeOpenAIServer, startFakeOpenAIServer } from '@sessionscope/fake-openai';
import OpenAI from 'openai';
import { afterAll, beforeAll } from 'vitest';
import { type InstrumentOpenAIOptions, instrumentOpenAI } from '../src/index';
import { setUpTracing, type TestTracing } from './tracing';

/** What a test file gets from {@link useHarness}, valid inside its tests. */
export interface Harness {
  readonly server: FakeOpenAIServer;
  readonly tracing: TestTracing;
  /** A new, uninstrumented client of the fake server (no retries). */
  plainClient(): OpenAI;
  /** A new client of the fake server, instrumented with `options`. */
  client(options?: InstrumentOpenAIOptions): OpenAI;
}

/**
 * For the whole test file: starts the fake OpenAI server and registers the real OpenTelemetry SDK
 * (with `UserSessionSpanProcessor`) before the tests, and stops both after them.
 */
export function useHarness(): Harness {
  let server: FakeOpenAIServer | undefined;
  let tracing: TestTracing | undefined;
  beforeAll(async () => {
    server = await startFakeOpenAIServer();
    tracing = setUpTracing();
  });
  afterAll(async () => {
    await server?.close();
    await tracing?.shutdown();
  });
  const harness: Harness = {
    get server() {
      if (server === undefined) throw new Error('the harness starts in beforeAll');
      return server;
    },
    get tracing() {
      if (tracing === undefined) throw new Error('the harness starts in beforeAll');
      return tracing;
    },
    plainClient: () => new OpenAI({ apiKey: 'test-key', baseURL: harness.server.baseURL, maxRetries: 0 }),
    client: (options) => instrumentOpenAI(harness.plainClient(), options),
  };
  return harness;
}
