import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { fakeAnswer, fakeResponseModel, wordCount } from '@sessionscope/fake-openai';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { responses } from '../src/operations/responses';
import { useHarness } from './harness';
import { eventually } from './tracing';

const harness = useHarness();

const input = 'name three rivers';

describe('responses.create, not streamed', () => {
  it('records a CLIENT span with the GenAI attributes', async () => {
    const openai = harness.client();
    await openai.responses.create({
      model: 'resp-model',
      input,
      max_output_tokens: 64,
      temperature: 0.5,
      top_p: 0.8,
      service_tier: 'flex',
      text: { format: { type: 'text' } },
    });
    const span = harness.tracing.onlySpan('chat resp-model');
    expect(span.kind).toBe(SpanKind.CLIENT);
    expect(span.attributes).toMatchObject({
      'gen_ai.provider.name': 'openai',
      'gen_ai.operation.name': 'chat',
      'gen_ai.request.model': 'resp-model',
      'gen_ai.request.max_tokens': 64,
      'gen_ai.request.temperature': 0.5,
      'gen_ai.request.top_p': 0.8,
      'gen_ai.output.type': 'text',
      'openai.request.service_tier': 'flex',
      'gen_ai.response.id': 'resp_fake',
      'gen_ai.response.model': fakeResponseModel('resp-model'),
      'gen_ai.response.finish_reasons': ['stop'],
      'gen_ai.usage.input_tokens': wordCount(input),
      'gen_ai.usage.output_tokens': wordCount(fakeAnswer(input)),
    });
  });

  it("returns the SDK's response, output_text helper included", async () => {
    const plain = await harness.plainClient().responses.create({ model: 'same-response', input });
    const response = await harness.client().responses.create({ model: 'same-response', input });
    expect(response).toEqual(plain);
    expect(response.output_text).toBe(fakeAnswer(input));
    expect(response._request_id).toBe('req_fake');
  });

  it('with captureContent, records instructions, input and output messages', async () => {
    const openai = harness.client({ captureContent: true });
    await openai.responses.create({
      model: 'resp-content',
      instructions: 'answer in French',
      input: [
        { role: 'user', content: [{ type: 'input_text', text: 'earlier question' }] },
        { type: 'function_call', call_id: 'call_9', name: 'search', arguments: '{"q":"rivers"}' },
        { type: 'function_call_output', call_id: 'call_9', output: 'Seine, Loire' },
        { role: 'user', content: input },
      ],
    });
    const span = harness.tracing.onlySpan('chat resp-content');
    expect(JSON.parse(String(span.attributes['gen_ai.system_instructions']))).toEqual([
      { type: 'text', content: 'answer in French' },
    ]);
    expect(JSON.parse(String(span.attributes['gen_ai.input.messages']))).toEqual([
      { role: 'user', parts: [{ type: 'text', content: 'earlier question' }] },
      {
        role: 'assistant',
        parts: [{ type: 'tool_call', id: 'call_9', name: 'search', arguments: { q: 'rivers' } }],
      },
      { role: 'tool', parts: [{ type: 'tool_call_response', id: 'call_9', response: 'Seine, Loire' }] },
      { role: 'user', parts: [{ type: 'text', content: input }] },
    ]);
    expect(JSON.parse(String(span.attributes['gen_ai.output.messages']))).toEqual([
      { role: 'assistant', parts: [{ type: 'text', content: fakeAnswer(input) }], finish_reason: 'stop' },
    ]);
  });

  it('records an HTTP error and rejects with the SDK error', async () => {
    const openai = harness.client();
    const error = await openai.responses.create({ model: 'error-500', input }).catch((e) => e);
    expect(error).toBeInstanceOf(OpenAI.InternalServerError);
    await eventually(() => harness.tracing.spansNamed('chat error-500').length === 1);
    const span = harness.tracing.onlySpan('chat error-500');
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: error.message });
    expect(span.attributes['error.type']).toBe('500');
  });
});

describe('responses.create, streamed', () => {
  it('ends the span at the end of the stream, with usage and model from response.completed', async () => {
    const openai = harness.client({ captureContent: true });
    const stream = await openai.responses.create({ model: 'resp-stream', input, stream: true });
    let text = '';
    const types: string[] = [];
    for await (const event of stream) {
      types.push(event.type);
      if (event.type === 'response.output_text.delta') text += event.delta;
      expect(harness.tracing.spansNamed('chat resp-stream')).toEqual([]);
    }
    expect(text).toBe(fakeAnswer(input));
    expect(types[0]).toBe('response.created');
    expect(types.at(-1)).toBe('response.completed');
    const span = harness.tracing.onlySpan('chat resp-stream');
    expect(span.attributes).toMatchObject({
      'gen_ai.response.model': fakeResponseModel('resp-stream'),
      'gen_ai.response.finish_reasons': ['stop'],
      'gen_ai.usage.input_tokens': wordCount(input),
      'gen_ai.usage.output_tokens': wordCount(text),
    });
    expect(JSON.parse(String(span.attributes['gen_ai.output.messages']))[0].parts).toEqual([
      { type: 'text', content: text },
    ]);
  });

  it('ends the span on an early break, without a finish reason', async () => {
    const openai = harness.client();
    const stream = await openai.responses.create({ model: 'long-stream', input, stream: true });
    for await (const event of stream) {
      if (event.type === 'response.output_text.delta') break;
    }
    const span = harness.tracing.onlySpan('chat long-stream');
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    expect(span.attributes['gen_ai.response.model']).toBe(fakeResponseModel('long-stream'));
    expect(span.attributes['gen_ai.response.finish_reasons']).toBeUndefined();
    expect(stream.controller.signal.aborted).toBe(true);
  });

  it('marks the span failed on an error event, which the caller receives as an event', async () => {
    const openai = harness.client();
    const stream = await openai.responses.create({ model: 'stream-error', input, stream: true });
    const types: string[] = [];
    for await (const event of stream) types.push(event.type);
    expect(types.at(-1)).toBe('error');
    const span = harness.tracing.onlySpan('chat stream-error');
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: 'fake stream failure' });
    expect(span.attributes['error.type']).toBe('server_error');
    expect(span.events).toEqual([]); // reported in the stream, not thrown: no exception event
  });

  it('marks the span failed on a response.failed event, without an exception event', () => {
    const span = harness.tracing.tracer.startSpan('response-failed');
    const recorder = responses.streamRecorder(false);
    recorder.onEvent({
      type: 'response.failed',
      response: {
        id: 'resp_1',
        status: 'failed',
        error: { code: 'rate_limit_exceeded', message: 'slow down' },
      },
    });
    recorder.finish(span);
    span.end();
    const ended = harness.tracing.onlySpan('response-failed');
    expect(ended.status).toEqual({ code: SpanStatusCode.ERROR, message: 'slow down' });
    expect(ended.attributes['error.type']).toBe('rate_limit_exceeded');
    expect(ended.attributes['gen_ai.response.finish_reasons']).toEqual(['error']);
    expect(ended.events).toEqual([]);
  });

  it("instruments the SDK's responses.stream() helper", async () => {
    const openai = harness.client();
    const final = await openai.responses.stream({ model: 'resp-helper', input }).finalResponse();
    expect(final.output_text).toBe(fakeAnswer(input));
    await eventually(() => harness.tracing.spansNamed('chat resp-helper').length === 1);
    expect(harness.tracing.onlySpan('chat resp-helper').attributes['gen_ai.response.finish_reasons']).toEqual(
      ['stop'],
    );
  });
});
