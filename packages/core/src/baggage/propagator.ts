import {
  type Baggage,
  type Context,
  propagation,
  SpanKind,
  type TextMapGetter,
  type TextMapPropagator,
  type TextMapSetter,
  trace,
} from '@opentelemetry/api';
import { store } from '../global-state';
import { currentOptions } from '../options';
import { identityOf, requestIdentity } from '../trace/identity';
import { activeRecordIn } from '../trace/record';
import { BAGGAGE_KEYS } from './keys';

const USER_KEY = BAGGAGE_KEYS.userId;
const SESSION_KEY = BAGGAGE_KEYS.sessionId;

/** What an SDK span exposes (`ReadableSpan`); a non-recording span has neither. */
interface InspectableSpan {
  readonly kind?: SpanKind;
  readonly attributes?: Readonly<Record<string, unknown>>;
}

/**
 * The destination of the outgoing request being injected: the `url.full` (or the older `http.url`)
 * attribute of the client span that HTTP instrumentations (http, undici / fetch) put in the context
 * they inject. `undefined` when there is no such span, so the identity is not sent.
 */
function destinationOf(ctx: Context): URL | undefined {
  const span = trace.getSpan(ctx) as InspectableSpan | undefined;
  if (span?.kind !== SpanKind.CLIENT) return undefined;
  const url = span.attributes?.['url.full'] ?? span.attributes?.['http.url'];
  if (typeof url !== 'string') return undefined;
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

/** `baggage` without the identity entries (the same object when it has none). */
function withoutIdentity(baggage: Baggage | undefined): Baggage | undefined {
  if (baggage === undefined) return undefined;
  if (baggage.getEntry(USER_KEY) === undefined && baggage.getEntry(SESSION_KEY) === undefined) return baggage;
  return baggage.removeEntries(USER_KEY, SESSION_KEY);
}

/** `baggage` plus the current identity, when the write policy sends it to the destination of `ctx`. */
function withIdentity(ctx: Context, baggage: Baggage | undefined): Baggage | undefined {
  const scope = store.getStore();
  const policy = scope?.baggageWrite ?? currentOptions().baggage.write;
  if (!policy.sessionId && !policy.userId) return baggage;
  const identity = identityOf(activeRecordIn(ctx), requestIdentity(scope));
  const sessionId = policy.sessionId ? identity.sessionId : undefined;
  const userId = policy.userId ? identity.userId : undefined;
  if (sessionId === undefined && userId === undefined) return baggage;
  const destination = destinationOf(ctx);
  if (destination === undefined || !policy.allows(destination)) return baggage;
  let out = baggage ?? propagation.createBaggage();
  if (sessionId !== undefined) out = out.setEntry(SESSION_KEY, { value: sessionId });
  if (userId !== undefined) out = out.setEntry(USER_KEY, { value: userId });
  return out;
}

/**
 * A W3C Baggage propagator that carries the sessionscope identity to the services you allow, and
 * to no one else. Register it in place of `W3CBaggagePropagator` (which it wraps), next to the
 * trace-context propagator, and turn writing on with `configure({ baggage: { write } })`.
 *
 * - `inject`: removes any `session.id` / `user.id` entries (such as ones a client sent in), then adds
 *   the current identity (the one spans get) when the destination is allowed by `write.propagateTo`.
 *   The destination is the URL of the client span the HTTP instrumentation injects for (`url.full`);
 *   without a recorded client span nothing is sent. Other baggage entries pass through unchanged.
 * - `extract`: drops incoming `session.id` / `user.id` entries from the OpenTelemetry baggage: ids
 *   from a client enter only through `sessionMiddleware`, validated and subject to `baggage.read`.
 *
 * It never throws: if deciding fails, the request goes out without the identity.
 *
 * @example
 * ```ts
 * // prelude: declare const exportingProcessor: import('@opentelemetry/sdk-trace-node').SpanProcessor;
 * import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
 * import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
 * import { configure, UserSessionBaggagePropagator, UserSessionSpanProcessor } from '@sessionscope/core';
 *
 * configure({ baggage: { write: { propagateTo: ['http://chat.internal:8080'] } } });
 * new NodeTracerProvider({ spanProcessors: [new UserSessionSpanProcessor(), exportingProcessor] }).register({
 *   propagator: new CompositePropagator({
 *     propagators: [
 *       new W3CTraceContextPropagator(),
 *       new UserSessionBaggagePropagator(new W3CBaggagePropagator()),
 *     ],
 *   }),
 * });
 * ```
 */
export class UserSessionBaggagePropagator implements TextMapPropagator {
  readonly #baggagePropagator: TextMapPropagator;

  /** @param baggagePropagator writes and parses the header: `new W3CBaggagePropagator()`. */
  constructor(baggagePropagator: TextMapPropagator) {
    this.#baggagePropagator = baggagePropagator;
  }

  /** Writes the `baggage` header: other entries as they are, the identity only to allowed destinations. */
  inject(ctx: Context, carrier: unknown, setter: TextMapSetter): void {
    const original = propagation.getBaggage(ctx);
    let baggage = withoutIdentity(original);
    try {
      baggage = withIdentity(ctx, baggage);
    } catch {
      // Never fail the outgoing request: it goes out without the identity.
    }
    const toInject =
      baggage === original ? ctx : propagation.setBaggage(ctx, baggage ?? propagation.createBaggage());
    this.#baggagePropagator.inject(toInject, carrier, setter);
  }

  /** Reads the `baggage` header into the context, without the `session.id` / `user.id` entries. */
  extract(ctx: Context, carrier: unknown, getter: TextMapGetter): Context {
    const extracted = this.#baggagePropagator.extract(ctx, carrier, getter);
    const baggage = propagation.getBaggage(extracted);
    const stripped = withoutIdentity(baggage);
    return stripped === baggage || stripped === undefined
      ? extracted
      : propagation.setBaggage(extracted, stripped);
  }

  /** The header it writes: `baggage`. */
  fields(): string[] {
    return this.#baggagePropagator.fields();
  }
}
