/**
 * OpenTelemetry and sessionscope set-up of the chatbot examples, in one file: a `NodeTracerProvider`
 * with `UserSessionSpanProcessor`, exporting over OTLP/HTTP when `OTEL_EXPORTER_OTLP_ENDPOINT` (or
 * `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`) is set — protobuf by default, JSON with
 * `OTEL_EXPORTER_OTLP_PROTOCOL=http/json` — and to an in-process collector otherwise.
 */
import { createHmac } from 'node:crypto';
import { context, trace } from '@opentelemetry/api';
import { OTLPTraceExporter as OTLPJsonTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as OTLPProtobufTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import {
  defaultResource,
  detectResources,
  envDetector,
  resourceFromAttributes,
} from '@opentelemetry/resources';
import {
  BatchSpanProcessor,
  InMemorySpanExporter,
  NodeTracerProvider,
  SimpleSpanProcessor,
  type SpanExporter,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-node';
import { configure, UserSessionSpanProcessor } from '@sessionscope/core';

/** Options of {@link setupTelemetry}. */
export interface TelemetryOptions {
  /** `service.name` of the spans, unless `OTEL_SERVICE_NAME` says otherwise. */
  serviceName: string;
  /** Also keep every span in the in-process collector when exporting over OTLP. Default `false`. */
  keepSpansInMemory?: boolean;
  /** Where the OTLP settings are read from. Default `process.env`. */
  env?: NodeJS.ProcessEnv;
}

/** What {@link setupTelemetry} set up. */
export interface Telemetry {
  readonly provider: NodeTracerProvider;
  /** The OTLP traces endpoint spans are sent to, when one is configured. */
  readonly otlpEndpoint: string | undefined;
  /** How spans are encoded for `otlpEndpoint`. */
  readonly otlpProtocol: OtlpHttpProtocol;
  /** The in-process collector, when spans are kept in memory. */
  readonly collector: InMemorySpanExporter | undefined;
  /** Exports every span ended so far. */
  forceFlush(): Promise<void>;
  /** Flushes, stops exporting and unregisters the global tracer provider and context manager. */
  shutdown(): Promise<void>;
}

const DEFAULT_HASH_SECRET = 'sessionscope-examples';

/**
 * Pseudonymises a user id the way the examples do (HMAC-SHA256, secret from `USER_ID_HASH_SECRET`),
 * so backends never see an e-mail address. Exported so tools can recognise their own users.
 *
 * @example
 * ```ts
 * pseudonymizeUserId('alice@example.com'); // '3b1f…' (64 hex digits)
 * ```
 */
export function pseudonymizeUserId(userId: string, env: NodeJS.ProcessEnv = process.env): string {
  return createHmac('sha256', env.USER_ID_HASH_SECRET || DEFAULT_HASH_SECRET)
    .update(userId)
    .digest('hex');
}

/**
 * The OTLP traces endpoint configured in `env`, if any (the traces-specific variable wins).
 *
 * @example
 * ```ts
 * otlpTracesEndpoint({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://localhost:4318' }); // 'http://localhost:4318/v1/traces'
 * ```
 */
export function otlpTracesEndpoint(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const specific = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim();
  if (specific) return specific;
  const base = env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim();
  return base ? `${base.replace(/\/+$/, '')}/v1/traces` : undefined;
}

/** The OTLP/HTTP encodings the examples can export with. */
export type OtlpHttpProtocol = 'http/protobuf' | 'http/json';

/**
 * The OTLP protocol configured in `env`: the spec's default `http/protobuf` unless told otherwise.
 * Throws for gRPC, which the examples do not ship an exporter for.
 *
 * @example
 * ```ts
 * otlpTracesProtocol({ OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' }); // 'http/json'
 * ```
 */
export function otlpTracesProtocol(env: NodeJS.ProcessEnv = process.env): OtlpHttpProtocol {
  const protocol = (
    env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL ||
    env.OTEL_EXPORTER_OTLP_PROTOCOL ||
    'http/protobuf'
  ).trim();
  if (protocol === 'http/protobuf' || protocol === 'http/json') return protocol;
  throw new Error(
    `OTLP protocol "${protocol}" is not supported by the examples: set OTEL_EXPORTER_OTLP_PROTOCOL to http/protobuf or http/json`,
  );
}

function otlpExporter(url: string, protocol: OtlpHttpProtocol): SpanExporter {
  return protocol === 'http/json'
    ? new OTLPJsonTraceExporter({ url })
    : new OTLPProtobufTraceExporter({ url });
}

/**
 * Registers the global tracer provider of an example. Call it once, before the app handles requests.
 *
 * @example
 * ```ts
 * const telemetry = setupTelemetry({ serviceName: 'express-chatbot' });
 * process.on('SIGTERM', () => telemetry.shutdown());
 * ```
 */
export function setupTelemetry(options: TelemetryOptions): Telemetry {
  const env = options.env ?? process.env;
  configure({ hashUserId: (userId) => pseudonymizeUserId(userId, env) });

  const otlpEndpoint = otlpTracesEndpoint(env);
  const otlpProtocol = otlpTracesProtocol(env);
  const collector =
    otlpEndpoint === undefined || options.keepSpansInMemory ? new InMemorySpanExporter() : undefined;
  const spanProcessors: SpanProcessor[] = [new UserSessionSpanProcessor()];
  if (otlpEndpoint !== undefined) {
    spanProcessors.push(new BatchSpanProcessor(otlpExporter(otlpEndpoint, otlpProtocol)));
  }
  if (collector !== undefined) spanProcessors.push(new SimpleSpanProcessor(collector));

  const resource = defaultResource()
    .merge(resourceFromAttributes({ 'service.name': options.serviceName }))
    .merge(detectResources({ detectors: [envDetector] }));
  const provider = new NodeTracerProvider({ resource, spanProcessors });
  provider.register();

  return {
    provider,
    otlpEndpoint,
    otlpProtocol,
    collector,
    forceFlush: () => provider.forceFlush(),
    async shutdown() {
      await provider.shutdown();
      trace.disable();
      context.disable();
    },
  };
}
