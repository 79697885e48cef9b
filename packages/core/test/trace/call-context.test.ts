import { context, createContextKey, trace as otelTrace, propagation, ROOT_CONTEXT } from '@opentelemetry/api';
import { afterEach, describe, expect, it } from 'vitest';
import { trace } from '../../src/index';
import { registerTestTracing } from './otel-setup';

const tracing = registerTestTracing();
afterEach(() => tracing.exporter.reset());

const KEY = createContextKey('test key');
const OTHER = createContextKey('other test key');

describe('the context a traced call runs in', () => {
  it('is an ordinary OpenTelemetry context: active span, values of the parent, setValue, deleteValue', () => {
    const parent = ROOT_CONTEXT.setValue(OTHER, 'from-parent');
    const [active, recording] = context.with(parent, () =>
      trace(function call() {
        const active = context.active();
        return [active, otelTrace.getSpan(active)?.isRecording()] as const;
      })(),
    );
    expect(otelTrace.getSpan(active)?.spanContext().spanId).toBe(tracing.span('call').spanContext().spanId);
    expect(recording).toBe(true);
    expect(active.getValue(OTHER)).toBe('from-parent');

    const withValue = active.setValue(KEY, 1);
    expect(withValue.getValue(KEY)).toBe(1);
    expect(active.getValue(KEY)).toBeUndefined();
    expect(withValue.setValue(KEY, 2).getValue(KEY)).toBe(2);
    expect(withValue.getValue(KEY)).toBe(1);
    expect(withValue.deleteValue(KEY).getValue(KEY)).toBeUndefined();
    expect(active.deleteValue(OTHER).getValue(OTHER)).toBeUndefined();
    expect(otelTrace.getSpan(withValue.deleteValue(KEY))).toBe(otelTrace.getSpan(active));
  });

  it('carries baggage and suppression set by instrumentations on top of it', () => {
    trace(function call() {
      const baggage = propagation.createBaggage({ tenant: { value: 't1' } });
      const withBaggage = propagation.setBaggage(context.active(), baggage);
      expect(propagation.getBaggage(withBaggage)?.getEntry('tenant')?.value).toBe('t1');
      const inner = otelTrace.setSpan(withBaggage, tracing.tracer.startSpan('child', {}, withBaggage));
      expect(propagation.getBaggage(inner)?.getEntry('tenant')?.value).toBe('t1');
      otelTrace.getSpan(inner)!.end();
    })();
    expect(tracing.span('child').parentSpanContext?.spanId).toBe(tracing.span('call').spanContext().spanId);
  });
});
