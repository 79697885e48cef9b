import { SpanStatusCode } from '@opentelemetry/api';
import { runWithUserSession } from '@sessionscope/core';
import { fakeAnswer, fakeResponseModel, wordCount } from '@sessionscope/fake-openai';
import OpenAI6 from 'openai';
import OpenAI4 from 'openai-v4';
import OpenAI5 from 'openai-v5';
import { describe, expect, it } from 'vitest';
import { instrumentOpenAI, sha256Hex } from '../src/index';
import { useHarness } from './harness';
import { eventually } from './tracing';

const harness = useHarness();

/** Every major of the peer range that runs on Node 20, each tested against the same fake server. */
const SDKS = [
  ['v4', OpenAI4],
  ['v5', OpenAI5],
  ['v6', OpenAI6],
] as const;

const prompt = 'which version';
const messages = [{ role: 'user' as const, content: prompt }];

describe.each(SDKS)('openai %s', (version, OpenAI) => {
  const plain = (): any => new OpenAI({ apiKey: 'k', baseURL: harness.server.baseURL, maxRetries: 0 });
  const instrumented = (): any => instrumentOpenAI(plain(), { injectEndUser: true });
  const model = (name: string) => `${version}-${name}`;

  it('records a chat completion and returns what the SDK returns', async () => {
    const expected = await plain().chat.completions.create({ model: model('chat'), messages });
    const result = await runWithUserSession({ userId: 'alice' }, () =>
      instrumented().chat.completions.create({ model: model('chat'), messages }),
    );
    expect(result).toEqual(expected);
    expect(harness.server.requests.at(-1)?.body.safety_identifier).toBe(sha256Hex('alice'));
    const span = harness.tracing.onlySpan(`chat ${model('chat')}`);
    expect(span.attributes).toMatchObject({
      'gen_ai.response.model': fakeResponseModel(model('chat')),
      'gen_ai.usage.output_tokens': wordCount(fakeAnswer(prompt)),
      'user.id': 'alice',
    });
  });

  it('keeps withResponse() and asResponse()', async () => {
    const { data, response } = await instrumented()
      .chat.completions.create({ model: model('with-response'), messages })
      .withResponse();
    expect(data.choices[0].message.content).toBe(fakeAnswer(prompt));
    expect(response.headers.get('x-request-id')).toBe('req_fake');
    const raw = await instrumented()
      .chat.completions.create({ model: model('raw'), messages })
      .asResponse();
    expect(((await raw.json()) as any).model).toBe(fakeResponseModel(model('raw')));
    await eventually(() => harness.tracing.spansNamed(`chat ${model('raw')}`).length === 1);
  });

  it('records a streamed chat completion read to the end, with usage', async () => {
    const stream = await instrumented().chat.completions.create({
      model: model('stream'),
      messages,
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
    expect(text).toBe(fakeAnswer(prompt));
    expect(harness.tracing.onlySpan(`chat ${model('stream')}`).attributes).toMatchObject({
      'gen_ai.response.finish_reasons': ['stop'],
      'gen_ai.usage.input_tokens': wordCount(prompt),
    });
  });

  it('ends the span when a stream is left early', async () => {
    const stream = await instrumented().chat.completions.create({
      model: 'long-stream',
      messages,
      stream: true,
    });
    const before = harness.tracing.spansNamed('chat long-stream').length;
    for await (const _chunk of stream) break;
    expect(harness.tracing.spansNamed('chat long-stream')).toHaveLength(before + 1);
    expect(stream.controller.signal.aborted).toBe(true);
  });

  it('records a streamed Responses API call', async () => {
    const stream = await instrumented().responses.create({
      model: model('responses'),
      input: prompt,
      stream: true,
    });
    let text = '';
    for await (const event of stream) if (event.type === 'response.output_text.delta') text += event.delta;
    expect(text).toBe(fakeAnswer(prompt));
    expect(harness.tracing.onlySpan(`chat ${model('responses')}`).attributes).toMatchObject({
      'gen_ai.response.finish_reasons': ['stop'],
      'gen_ai.usage.output_tokens': wordCount(text),
    });
  });

  it("rejects with this version's own error class", async () => {
    const error = await instrumented()
      .chat.completions.create({ model: 'error-429', messages })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    await eventually(() =>
      harness.tracing
        .spansNamed('chat error-429')
        .some((span) => span.status.code === SpanStatusCode.ERROR && span.attributes['error.type'] === '429'),
    );
  });
});
