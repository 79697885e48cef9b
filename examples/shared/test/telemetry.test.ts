import { describe, expect, it } from 'vitest';
import { publicError } from '../src/errors';
import { LlmError } from '../src/llm-client';
import { otlpTracesEndpoint, otlpTracesProtocol, pseudonymizeUserId } from '../src/telemetry';

describe('otlpTracesEndpoint', () => {
  it('is unset without OTLP variables, so spans stay in process', () => {
    expect(otlpTracesEndpoint({})).toBeUndefined();
    expect(otlpTracesEndpoint({ OTEL_EXPORTER_OTLP_ENDPOINT: ' ' })).toBeUndefined();
  });

  it('appends /v1/traces to OTEL_EXPORTER_OTLP_ENDPOINT, as the OTLP exporters do', () => {
    expect(otlpTracesEndpoint({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://localhost:4318/' })).toBe(
      'http://localhost:4318/v1/traces',
    );
  });

  it('takes OTEL_EXPORTER_OTLP_TRACES_ENDPOINT as it is, over the general one', () => {
    expect(
      otlpTracesEndpoint({
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://cloud.langfuse.com/api/public/otel/v1/traces',
      }),
    ).toBe('https://cloud.langfuse.com/api/public/otel/v1/traces');
  });
});

describe('pseudonymizeUserId', () => {
  it('is a stable HMAC that depends on USER_ID_HASH_SECRET', () => {
    const hashed = pseudonymizeUserId('alice@example.com', {});
    expect(hashed).toMatch(/^[0-9a-f]{64}$/);
    expect(pseudonymizeUserId('alice@example.com', {})).toBe(hashed);
    expect(pseudonymizeUserId('alice@example.com', { USER_ID_HASH_SECRET: 'other' })).not.toBe(hashed);
  });
});

describe('publicError', () => {
  it('maps model errors to 502, exposed client errors to their status, and anything else to 500', () => {
    expect(publicError(new LlmError('down')).status).toBe(502);
    const badJson = Object.assign(new Error('Unexpected token'), { status: 400, expose: true });
    expect(publicError(badJson)).toEqual({ status: 400, message: 'Unexpected token' });
    expect(publicError(Object.assign(new Error('secret'), { status: 400 }))).toEqual({
      status: 500,
      message: 'internal error',
    });
    expect(publicError(new Error('database password wrong'))).toEqual({
      status: 500,
      message: 'internal error',
    });
  });
});

describe('otlpTracesProtocol', () => {
  it('defaults to http/protobuf, takes http/json, the traces-specific variable first', () => {
    expect(otlpTracesProtocol({})).toBe('http/protobuf');
    expect(otlpTracesProtocol({ OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' })).toBe('http/json');
    expect(
      otlpTracesProtocol({
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/protobuf',
      }),
    ).toBe('http/protobuf');
  });

  it('refuses gRPC with a message naming the variable to set', () => {
    expect(() => otlpTracesProtocol({ OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' })).toThrow(
      /OTEL_EXPORTER_OTLP_PROTOCOL/,
    );
  });
});
