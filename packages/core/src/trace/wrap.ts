import type { SpanNaming, TraceSettings } from './options';
import { runTraced } from './run-traced';

/**
 * Wraps `fn` so each call runs as a traced call. The wrapper keeps `this`, the arguments, the result's
 * shape, `name` and `length` of `fn`.
 */
export function wrapFunction<F extends Function>(fn: F, settings: TraceSettings, naming: SpanNaming): F {
  const traced = function (this: unknown, ...args: unknown[]): unknown {
    const name = naming.forThis === undefined ? naming.name : naming.forThis(this);
    return runTraced(fn, this, args, name, settings);
  };
  Object.defineProperty(traced, 'name', { value: fn.name, configurable: true });
  Object.defineProperty(traced, 'length', { value: fn.length, configurable: true });
  return traced as unknown as F;
}
