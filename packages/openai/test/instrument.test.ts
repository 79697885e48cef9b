import { readFileSync } from 'node:fs';
import type { Tracer } from '@opentelemetry/api';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { runWithUserSession } from '@sessionscope/core';
import { fakeAnswer } from '@sessionscope/fake-openai';
import OpenAI, { AzureOpenAI } from 'openai';
import { describe, expect, it } from 'vitest';
import { DEFAULT_INSTRUMENT_OPENAI_OPTIONS, instrumentOpenAI, sha256Hex } from '../src/index';
import { resolveOptions } from '../src/options';
import { PACKAGE_NAME, PACKAGE_VERSION } from '../src/version';
import { useHarness } from './harness';

const harness = useHarness();

const messages = [{ role: 'user' as const, content: 'hello' }];

describe('instrumentOpenAI', () => {
  it('changes the client in place and returns it; a second call adds nothing', async () => {
    const original = harness.plainClient();
    const openai = instrumentOpenAI(instrumentOpenAI(original));
    expect(openai).toBe(original);
    expect(openai).toBeInstanceOf(OpenAI);
    await openai.chat.completions.create({ model: 'twice', messages });
    expect(harness.tracing.spansNamed('chat twice')).toHaveLength(1);
  });

  it('returns objects that are not a client as they are, without throwing', () => {
    const notAClient = { chat: { completions: { create: 'not a function' } }, responses: null };
    expect(instrumentOpenAI(notAClient as never)).toBe(notAClient);
    expect(notAClient.chat.completions.create).toBe('not a function');
    expect(instrumentOpenAI(Object.freeze({}) as never)).toEqual({});
  });

  it('instruments an AzureOpenAI instance the same way', async () => {
    const azure = instrumentOpenAI(
      new AzureOpenAI({
        apiKey: 'k',
        baseURL: harness.server.baseURL,
        apiVersion: '2024-10-21',
        maxRetries: 0,
      }),
      { providerName: 'azure.ai.openai' },
    );
    const completion = await azure.chat.completions.create({ model: 'azure-deployment', messages });
    expect(completion.choices[0]?.message.content).toBe(fakeAnswer('hello'));
    expect(harness.server.requests.at(-1)?.path).toBe(
      '/v1/deployments/azure-deployment/chat/completions?api-version=2024-10-21',
    );
    expect(harness.tracing.onlySpan('chat azure-deployment').attributes).toMatchObject({
      'gen_ai.provider.name': 'azure.ai.openai',
      'gen_ai.response.finish_reasons': ['stop'],
    });
  });

  it('names the provider with providerName, for other OpenAI-compatible servers', async () => {
    await harness.client({ providerName: 'groq' }).chat.completions.create({
      model: 'other-provider',
      messages,
    });
    expect(harness.tracing.onlySpan('chat other-provider').attributes).toMatchObject({
      'gen_ai.provider.name': 'groq',
      'gen_ai.system': 'groq',
    });
  });

  it('puts the identity on spans of a tracer whose provider has no UserSessionSpanProcessor', async () => {
    const exporter = new InMemorySpanExporter();
    const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
    const openai = harness.client({ tracer: provider.getTracer('own') });
    await runWithUserSession({ userId: 'u1', sessionId: 's1' }, () =>
      openai.chat.completions.create({ model: 'own-tracer', messages }),
    );
    const [span] = exporter.getFinishedSpans();
    expect(span?.name).toBe('chat own-tracer');
    expect(span?.attributes).toMatchObject({ 'user.id': 'u1', 'session.id': 's1' });
    expect(harness.tracing.spansNamed('chat own-tracer')).toEqual([]);
  });

  it('never throws into the call: a tracer that throws leaves the call and its result intact', async () => {
    const broken = {
      startSpan() {
        throw new Error('broken tracer');
      },
    } as unknown as Tracer;
    const openai = harness.client({ tracer: broken, injectEndUser: true });
    const completion = await runWithUserSession({ userId: 'u1' }, () =>
      openai.chat.completions.create({ model: 'broken-tracer', messages }),
    );
    expect(completion.choices[0]?.message.content).toBe(fakeAnswer('hello'));
    const stream = await openai.chat.completions.create({ model: 'broken-tracer', messages, stream: true });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBe(fakeAnswer('hello'));
    const sent = harness.server.requests.filter((request) => request.body.model === 'broken-tracer');
    expect(sent.map((request) => request.body.safety_identifier)).toEqual([sha256Hex('u1'), undefined]);
  });

  it("rethrows the SDK's own error for a call it cannot make, unchanged", async () => {
    const plain = await Promise.resolve()
      .then(() => harness.plainClient().chat.completions.create(undefined as never))
      .catch((error: unknown) => error);
    const instrumented = await Promise.resolve()
      .then(() => harness.client().chat.completions.create(undefined as never))
      .catch((error: unknown) => error);
    expect(plain).toBeInstanceOf(TypeError);
    expect(instrumented).toBeInstanceOf(TypeError);
    expect((instrumented as Error).message).toBe((plain as Error).message);
  });
});

describe('options', () => {
  it('hashes with SHA-256 by default', () => {
    expect(DEFAULT_INSTRUMENT_OPENAI_OPTIONS.hashEndUserId).toBe(sha256Hex);
    expect(sha256Hex('alice')).toBe('2bd806c97f0e00af1a1fc3328fa763a9269723c8db8fac4f93af71db186d6e90');
  });

  it('falls back to the default for an unknown endUserField instead of throwing', () => {
    const resolved = resolveOptions({ endUserField: 'nope' as never });
    expect(resolved.injectSafetyIdentifier).toBe(true);
    expect(resolved.injectUser).toBe(false);
  });

  it('uses the global tracer named after this package, whose version matches package.json', () => {
    const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    expect(PACKAGE_NAME).toBe(manifest.name);
    expect(PACKAGE_VERSION).toBe(manifest.version);
    const span = resolveOptions().tracer.startSpan('probe') as unknown as {
      instrumentationScope: { name: string; version?: string };
      end(): void;
    };
    span.end();
    expect(span.instrumentationScope).toMatchObject({ name: PACKAGE_NAME, version: PACKAGE_VERSION });
  });
});
