import { createServer } from 'node:http';
import { type LoopbackServer, listenOnLoopback, readBody } from './loopback';

/** A span as a service exported it over OTLP/HTTP (JSON). */
export interface ExportedSpan {
  readonly service: string;
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId: string | undefined;
  readonly name: string;
  readonly kind: 'internal' | 'server' | 'client' | 'producer' | 'consumer' | 'unspecified';
  readonly attributes: Readonly<Record<string, string | number | boolean>>;
}

/** An OTLP/HTTP JSON traces endpoint on loopback that keeps every span it receives. */
export interface OtlpReceiver extends LoopbackServer {
  /** The URL to set as `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`. */
  readonly tracesEndpoint: string;
  readonly spans: readonly ExportedSpan[];
}

interface OtlpValue {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: number | string;
  doubleValue?: number;
}
interface OtlpKeyValue {
  key: string;
  value: OtlpValue;
}
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes?: OtlpKeyValue[];
}
interface OtlpTraces {
  resourceSpans?: Array<{
    resource?: { attributes?: OtlpKeyValue[] };
    scopeSpans?: Array<{ spans?: OtlpSpan[] }>;
  }>;
}

const KINDS: readonly ExportedSpan['kind'][] = [
  'unspecified',
  'internal',
  'server',
  'client',
  'producer',
  'consumer',
];

function attributesOf(list: OtlpKeyValue[] = []): Record<string, string | number | boolean> {
  const attributes: Record<string, string | number | boolean> = {};
  for (const { key, value } of list) {
    const scalar = value.stringValue ?? value.boolValue ?? value.doubleValue ?? value.intValue;
    if (scalar !== undefined)
      attributes[key] = typeof scalar === 'string' && 'intValue' in value ? Number(scalar) : scalar;
  }
  return attributes;
}

function spansOf(body: OtlpTraces): ExportedSpan[] {
  const spans: ExportedSpan[] = [];
  for (const resourceSpans of body.resourceSpans ?? []) {
    const service = String(attributesOf(resourceSpans.resource?.attributes)['service.name']);
    for (const scopeSpans of resourceSpans.scopeSpans ?? []) {
      for (const span of scopeSpans.spans ?? []) {
        spans.push({
          service,
          traceId: span.traceId,
          spanId: span.spanId,
          parentSpanId: span.parentSpanId || undefined,
          name: span.name,
          kind: KINDS[span.kind] ?? 'unspecified',
          attributes: attributesOf(span.attributes),
        });
      }
    }
  }
  return spans;
}

/** Starts an OTLP/HTTP receiver for JSON-encoded traces (what `@opentelemetry/exporter-trace-otlp-http` sends). */
export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const spans: ExportedSpan[] = [];
  const server = createServer(async (req, res) => {
    const body = await readBody(req);
    if (req.method === 'POST' && req.url === '/v1/traces')
      spans.push(...spansOf(JSON.parse(body) as OtlpTraces));
    res.setHeader('content-type', 'application/json');
    res.end('{}');
  });
  const listening = await listenOnLoopback(server);
  return { ...listening, tracesEndpoint: `${listening.url}/v1/traces`, spans };
}
