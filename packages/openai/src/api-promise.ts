import type { LlmCall } from './llm-call';

type Thenable = PromiseLike<unknown>;

function isThenable(value: unknown): value is Thenable {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

/**
 * The parts of the SDK's `APIPromise` (v4 to v6) this package hooks into. It is lazy: the body is
 * parsed only when the caller awaits it (`then`, `withResponse()`), never for `asResponse()`.
 */
interface APIPromiseInternals {
  responsePromise: Thenable;
  parseResponse: (...args: unknown[]) => unknown;
  asResponse: (...args: unknown[]) => unknown;
}

function isAPIPromise(value: unknown): value is APIPromiseInternals {
  const candidate = value as Partial<APIPromiseInternals>;
  return (
    isThenable(value) &&
    isThenable(candidate.responsePromise) &&
    typeof candidate.parseResponse === 'function' &&
    typeof candidate.asResponse === 'function'
  );
}

/**
 * Follows the parsed response where the SDK produces it, so the caller keeps the very same
 * `APIPromise` and nothing is parsed that the caller did not ask for.
 */
function hookAPIPromise(promise: APIPromiseInternals, call: LlmCall): void {
  const parseResponse = promise.parseResponse;
  const asResponse = promise.asResponse;
  promise.parseResponse = function observedParseResponse(this: unknown, ...args: unknown[]) {
    call.parseStarted = true;
    let parsed: unknown;
    try {
      parsed = parseResponse.apply(this, args);
    } catch (error) {
      call.fail(error);
      throw error;
    }
    if (!isThenable(parsed)) {
      call.settle(parsed);
      return parsed;
    }
    return parsed.then(
      (value) => {
        call.settle(value);
        return value;
      },
      (error: unknown) => {
        call.fail(error);
        throw error;
      },
    );
  };
  // Raw access (`asResponse()` alone) never parses: the span ends with the HTTP response.
  Object.defineProperty(promise, 'asResponse', {
    configurable: true,
    writable: true,
    enumerable: false,
    value: function observedAsResponse(this: unknown, ...args: unknown[]) {
      const response = asResponse.apply(this, args);
      if (isThenable(response)) {
        response.then(
          () => {
            if (!call.parseStarted) call.end();
          },
          () => undefined,
        );
      }
      return response;
    },
  });
  // Failed requests (HTTP errors after retries, connection errors, aborts) reject this promise
  // whether or not the caller parses. Observing it does not change what the caller sees.
  promise.responsePromise.then(undefined, (error: unknown) => call.fail(error));
}

/** Observes the value `create()` returned, without replacing or consuming it. */
export function observeResult(result: unknown, call: LlmCall): void {
  if (isAPIPromise(result)) {
    hookAPIPromise(result, call);
  } else if (isThenable(result)) {
    // Another wrapper's promise: it is eager already, so observing it parses nothing extra.
    result.then(
      (value) => call.settle(value),
      (error: unknown) => call.fail(error),
    );
  } else {
    call.settle(result);
  }
}
