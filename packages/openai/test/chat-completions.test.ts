import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import {
  FAKE_TOOL_ARGUMENTS,
  fakeAnswer,
  fakeResponseModel,
  LONG_STREAM_EVENTS,
  wordCount,
} from '@sessionscope/fake-openai';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { instrumentOpenAI } from '../src/index';
import { useHarness } from './harness';
import { eventually } from './tracing';

const harness = useHarness();

const prompt = 'what is the capital of France';
const messages = [{ role: 'user' as const, content: prompt }];

describe('chat.completions.create, not streamed', () => {
  it('records a CLIENT span with the GenAI request and response attributes', async () => {
    const openai = harness.client();
    await openai.chat.completions.create({
      model: 'attrs-model',
      messages,
      temperature: 0.2,
      top_p: 0.9,
      max_completion_tokens: 50,
      frequency_penalty: 0.1,
      presence_penalty: 0.3,
      seed: 7,
      stop: ['END'],
      response_format: { type: 'json_object' },
    });
    const span = harness.tracing.onlySpan('chat attrs-model');
    const port = Number(new URL(harness.server.baseURL).port);
    expect(span.kind).toBe(SpanKind.CLIENT);
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    expect(span.attributes).toMatchObject({
      'gen_ai.provider.name': 'openai',
      'gen_ai.system': 'openai',
      'gen_ai.operation.name': 'chat',
      'gen_ai.request.model': 'attrs-model',
      'gen_ai.request.temperature': 0.2,
      'gen_ai.request.top_p': 0.9,
      'gen_ai.request.max_tokens': 50,
      'gen_ai.request.frequency_penalty': 0.1,
      'gen_ai.request.presence_penalty': 0.3,
      'gen_ai.request.seed': 7,
      'gen_ai.request.stop_sequences': ['END'],
      'gen_ai.output.type': 'json',
      'gen_ai.response.id': 'chatcmpl-fake',
      'gen_ai.response.model': fakeResponseModel('attrs-model'),
      'gen_ai.response.finish_reasons': ['stop'],
      'gen_ai.usage.input_tokens': wordCount(prompt),
      'gen_ai.usage.output_tokens': wordCount(fakeAnswer(prompt)),
      'openai.response.system_fingerprint': 'fp_fake',
      'server.address': '127.0.0.1',
      'server.port': port,
    });
  });

  it('records one finish reason per choice', async () => {
    const openai = harness.client();
    await openai.chat.completions.create({ model: 'three-choices', messages, n: 3 });
    const span = harness.tracing.onlySpan('chat three-choices');
    expect(span.attributes['gen_ai.request.choice.count']).toBe(3);
    expect(span.attributes['gen_ai.response.finish_reasons']).toEqual(['stop', 'stop', 'stop']);
  });

  it('records no prompt or completion unless captureContent is on', async () => {
    const openai = harness.client();
    await openai.chat.completions.create({ model: 'no-content', messages });
    const keys = Object.keys(harness.tracing.onlySpan('chat no-content').attributes);
    expect(keys.filter((key) => key.includes('messages') || key.includes('instructions'))).toEqual([]);
  });

  it('with captureContent, records input and output messages in the GenAI JSON schema', async () => {
    const openai = harness.client({ captureContent: true });
    await openai.chat.completions.create({
      model: 'content-model',
      messages: [
        { role: 'system', content: 'be brief' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            { id: 'call_1', type: 'function', function: { name: 'lookup', arguments: '{"city":"Paris"}' } },
          ],
        },
        { role: 'tool', tool_call_id: 'call_1', content: 'sunny' },
        { role: 'user', content: [{ type: 'text', text: prompt }] },
      ],
    });
    const span = harness.tracing.onlySpan('chat content-model');
    expect(JSON.parse(String(span.attributes['gen_ai.input.messages']))).toEqual([
      { role: 'system', parts: [{ type: 'text', content: 'be brief' }] },
      {
        role: 'assistant',
        parts: [{ type: 'tool_call', id: 'call_1', name: 'lookup', arguments: { city: 'Paris' } }],
      },
      { role: 'tool', parts: [{ type: 'tool_call_response', id: 'call_1', response: 'sunny' }] },
      { role: 'user', parts: [{ type: 'text', content: prompt }] },
    ]);
    expect(JSON.parse(String(span.attributes['gen_ai.output.messages']))).toEqual([
      { role: 'assistant', parts: [{ type: 'text', content: fakeAnswer(prompt) }], finish_reason: 'stop' },
    ]);
  });

  it('returns exactly what the SDK returns', async () => {
    const plain = await harness.plainClient().chat.completions.create({ model: 'same-result', messages });
    const openai = harness.client();
    const promise = openai.chat.completions.create({ model: 'same-result', messages });
    expect(promise.constructor.name).toBe('APIPromise');
    const { data, response, request_id } = await promise.withResponse();
    expect(data).toEqual(plain);
    expect(Object.getPrototypeOf(data)).toBe(Object.getPrototypeOf(plain));
    expect(response.status).toBe(200);
    expect(request_id).toBe('req_fake');
    expect(await promise).toBe(data);
  });

  it('leaves the caller-only asResponse() path unparsed and still ends the span', async () => {
    const openai = harness.client();
    const response = await openai.chat.completions.create({ model: 'raw-response', messages }).asResponse();
    const body = (await response.json()) as any;
    expect(body.choices[0].message.content).toBe(fakeAnswer(prompt));
    await eventually(() => harness.tracing.spansNamed('chat raw-response').length === 1);
    expect(harness.tracing.onlySpan('chat raw-response').attributes['gen_ai.response.model']).toBeUndefined();
  });

  it('makes the span a child of the active span', async () => {
    const openai = harness.client();
    await harness.tracing.tracer.startActiveSpan('parent', async (parent) => {
      await openai.chat.completions.create({ model: 'child-model', messages });
      parent.end();
    });
    const parent = harness.tracing.onlySpan('parent');
    const child = harness.tracing.onlySpan('chat child-model');
    expect(child.spanContext().traceId).toBe(parent.spanContext().traceId);
    expect(child.parentSpanContext?.spanId).toBe(parent.spanContext().spanId);
  });

  it('records an HTTP error on the span and rejects with the SDK error, unchanged', async () => {
    const openai = harness.client();
    const error = await openai.chat.completions.create({ model: 'error-429', messages }).catch((e) => e);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect(error.status).toBe(429);
    await eventually(() => harness.tracing.spansNamed('chat error-429').length === 1);
    const span = harness.tracing.onlySpan('chat error-429');
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: error.message });
    expect(span.attributes['error.type']).toBe('429');
    expect(span.events.map((event) => event.name)).toEqual(['exception']);
  });

  it('records a connection error', async () => {
    const openai = instrumentOpenAI(
      new OpenAI({ apiKey: 'k', baseURL: 'http://127.0.0.1:9/v1', maxRetries: 0, timeout: 5000 }),
    );
    const error = await openai.chat.completions.create({ model: 'unreachable', messages }).catch((e) => e);
    expect(error).toBeInstanceOf(OpenAI.APIConnectionError);
    await eventually(() => harness.tracing.spansNamed('chat unreachable').length === 1);
    const span = harness.tracing.onlySpan('chat unreachable');
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.attributes['error.type']).toBe('APIConnectionError');
    expect(span.attributes['server.port']).toBe(9);
  });
});

describe('chat.completions.create, streamed', () => {
  it('ends the span when the stream is read to the end, with usage from the final chunk', async () => {
    const openai = harness.client({ captureContent: true });
    const stream = await openai.chat.completions.create({
      model: 'stream-model',
      messages,
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      expect(harness.tracing.spansNamed('chat stream-model')).toEqual([]);
    }
    expect(text).toBe(fakeAnswer(prompt));
    const span = harness.tracing.onlySpan('chat stream-model');
    expect(span.attributes).toMatchObject({
      'gen_ai.response.model': fakeResponseModel('stream-model'),
      'gen_ai.response.id': 'chatcmpl-fake',
      'gen_ai.response.finish_reasons': ['stop'],
      'gen_ai.usage.input_tokens': wordCount(prompt),
      'gen_ai.usage.output_tokens': wordCount(text),
    });
    expect(JSON.parse(String(span.attributes['gen_ai.output.messages']))).toEqual([
      { role: 'assistant', parts: [{ type: 'text', content: text }], finish_reason: 'stop' },
    ]);
  });

  it('keeps the SDK Stream: same class, controller, and the same chunks as an uninstrumented client', async () => {
    const body = { model: 'same-stream', messages, stream: true as const };
    const plainChunks: unknown[] = [];
    for await (const chunk of await harness.plainClient().chat.completions.create(body))
      plainChunks.push(chunk);
    const stream = await harness.client().chat.completions.create(body);
    expect(stream).toBeInstanceOf((await import('openai/streaming')).Stream);
    expect(stream.controller).toBeInstanceOf(AbortController);
    const chunks: unknown[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks).toEqual(plainChunks);
  });

  it('ends the span when the consumer breaks out early, and the request is aborted', async () => {
    const openai = harness.client();
    const abandonedBefore = harness.server.abandonedStreams;
    const stream = await openai.chat.completions.create({ model: 'long-stream', messages, stream: true });
    let received = 0;
    for await (const _chunk of stream) {
      if (++received === 3) break;
    }
    const span = harness.tracing.onlySpan('chat long-stream');
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    expect(span.attributes['gen_ai.response.model']).toBe(fakeResponseModel('long-stream'));
    expect(span.attributes['gen_ai.response.finish_reasons']).toBeUndefined();
    expect(stream.controller.signal.aborted).toBe(true);
    await eventually(() => harness.server.abandonedStreams === abandonedBefore + 1);
    expect(received).toBe(3);
    expect(LONG_STREAM_EVENTS).toBeGreaterThan(3); // so the break, not the end of the stream, stopped it
  });

  it('ends the span when the caller aborts through stream.controller', async () => {
    const openai = harness.client();
    const stream = await openai.chat.completions.create({ model: 'aborted-stream', messages, stream: true });
    const iterator = stream[Symbol.asyncIterator]();
    await iterator.next();
    stream.controller.abort();
    await eventually(() => harness.tracing.spansNamed('chat aborted-stream').length === 1);
    expect(harness.tracing.onlySpan('chat aborted-stream').status.code).toBe(SpanStatusCode.UNSET);
  });

  it('records an error event in the stream and rethrows the same error', async () => {
    const openai = harness.client();
    const stream = await openai.chat.completions.create({ model: 'stream-error', messages, stream: true });
    let caught: unknown;
    try {
      for await (const _chunk of stream) {
        // read until the server's error event
      }
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(OpenAI.APIError);
    const span = harness.tracing.onlySpan('chat stream-error');
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: (caught as Error).message });
    expect(span.attributes['gen_ai.response.model']).toBe(fakeResponseModel('stream-error'));
  });

  it('works through tee(): the span ends once the source is read to the end', async () => {
    const openai = harness.client();
    const stream = await openai.chat.completions.create({ model: 'tee-stream', messages, stream: true });
    const [left, right] = stream.tee();
    const read = async (branch: typeof left) => {
      let text = '';
      for await (const chunk of branch) text += chunk.choices[0]?.delta.content ?? '';
      return text;
    };
    expect(await read(left)).toBe(fakeAnswer(prompt));
    expect(await read(right)).toBe(fakeAnswer(prompt));
    expect(harness.tracing.onlySpan('chat tee-stream').attributes['gen_ai.response.finish_reasons']).toEqual([
      'stop',
    ]);
  });

  it('works through toReadableStream(), and cancelling it ends the span', async () => {
    const openai = harness.client();
    const full = await openai.chat.completions.create({ model: 'readable-stream', messages, stream: true });
    const lines = (await new Response(full.toReadableStream()).text()).trim().split('\n');
    expect(JSON.parse(lines.at(-1)!).choices[0].finish_reason).toBe('stop');
    expect(
      harness.tracing.onlySpan('chat readable-stream').attributes['gen_ai.response.finish_reasons'],
    ).toEqual(['stop']);

    const long = await openai.chat.completions.create({ model: 'long-stream', messages, stream: true });
    const before = harness.tracing.spansNamed('chat long-stream').length;
    const reader = long.toReadableStream().getReader();
    await reader.read();
    await reader.cancel();
    await eventually(() => harness.tracing.spansNamed('chat long-stream').length === before + 1);
  });

  it("instruments the SDK's stream helper, which calls the instrumented create()", async () => {
    const openai = harness.client({ captureContent: true });
    const runner = openai.chat.completions.stream({ model: 'helper-stream', messages });
    const completion = await runner.finalChatCompletion();
    expect(completion.choices[0]?.message.content).toBe(fakeAnswer(prompt));
    await eventually(() => harness.tracing.spansNamed('chat helper-stream').length === 1);
    const output = JSON.parse(
      String(harness.tracing.onlySpan('chat helper-stream').attributes['gen_ai.output.messages']),
    );
    expect(output[0].parts[0].content).toBe(fakeAnswer(prompt));
  });

  it('rebuilds streamed tool calls from their deltas with captureContent', async () => {
    const openai = harness.client({ captureContent: true });
    const stream = await openai.chat.completions.create({ model: 'tool-call', messages, stream: true });
    for await (const _chunk of stream) {
      // read to the end
    }
    const span = harness.tracing.onlySpan('chat tool-call');
    expect(span.attributes['gen_ai.response.finish_reasons']).toEqual(['tool_calls']);
    expect(JSON.parse(String(span.attributes['gen_ai.output.messages']))).toEqual([
      {
        role: 'assistant',
        parts: [{ type: 'tool_call', id: 'call_fake', name: 'get_weather', arguments: FAKE_TOOL_ARGUMENTS }],
        finish_reason: 'tool_calls',
      },
    ]);
  });
});
