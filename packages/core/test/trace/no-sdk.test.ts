// No OpenTelemetry SDK at all in this file: no tracer provider, no context manager.
import { context, trace as otelTrace, ROOT_CONTEXT } from '@opentelemetry/api';
import { describe, expect, it, vi } from 'vitest';
import {
  getUserSessionContext,
  offerTraceUserId,
  runWithUserSession,
  trace,
  UserSessionSpanProcessor,
  updateTraceUserSession,
} from '../../src/index';

describe('without an OpenTelemetry SDK', () => {
  it('really has none registered', () => {
    const span = otelTrace.getTracer('probe').startSpan('probe');
    expect(span.isRecording()).toBe(false);
    context.with(otelTrace.setSpan(ROOT_CONTEXT, span), () => {
      expect(context.active()).toBe(ROOT_CONTEXT);
    });
  });

  it('trace() keeps every shape and result, with non-recording spans', async () => {
    const error = new Error('still rethrown');
    const tracedAdd = trace(function add(this: { base: number }, a: number) {
      expect(otelTrace.getActiveSpan()?.isRecording() ?? false).toBe(false);
      return this.base + a;
    });
    expect(tracedAdd.call({ base: 1 }, 2)).toBe(3);
    expect(tracedAdd.name).toBe('add');
    await expect(trace(async () => 'async')()).resolves.toBe('async');
    expect(() =>
      trace(() => {
        throw error;
      })(),
    ).toThrow(error);
    await expect(
      trace(async () => {
        throw error;
      })(),
    ).rejects.toBe(error);
    expect([
      ...trace(function* count() {
        yield 1;
        yield 2;
      })(),
    ]).toEqual([1, 2]);
    const chunks: string[] = [];
    for await (const chunk of trace(async function* stream() {
      yield 'a';
      yield 'b';
    })()) {
      chunks.push(chunk);
      break;
    }
    expect(chunks).toEqual(['a']);
    const stream = trace(() => new ReadableStream({ pull: (controller) => controller.close() }))();
    expect((await stream.getReader().read()).done).toBe(true);
  });

  it('the identity API is unaffected; trace overrides need a context manager, so they warn and do nothing', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      runWithUserSession({ userId: 'u1' }, () =>
        trace(function handler() {
          updateTraceUserSession({ userId: 'override' });
          offerTraceUserId('picked-up');
          expect(getUserSessionContext()).toEqual({ userId: 'u1' });
        })(),
      );
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0]![0])).toContain('context manager');
    } finally {
      warn.mockRestore();
    }
  });

  it('UserSessionSpanProcessor is harmless when given a non-recording span', () => {
    const processor = new UserSessionSpanProcessor();
    const span = otelTrace.wrapSpanContext(otelTrace.getTracer('x').startSpan('noop').spanContext());
    expect(() => processor.onStart(span, ROOT_CONTEXT)).not.toThrow();
    expect(() => processor.onEnd(span)).not.toThrow();
  });
});
