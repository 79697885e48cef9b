import { diag } from '@opentelemetry/api';
import { state } from './global-state';

const OTEL_API_KEY = Symbol.for('opentelemetry.js.api.1');

/** True when the application registered a diag logger with `diag.setLogger()`. */
function hasDiagLogger(): boolean {
  const api = (globalThis as Record<symbol, { diag?: unknown } | undefined>)[OTEL_API_KEY];
  return api?.diag !== undefined;
}

/**
 * Emits `message` at warn level once per `key` per process: through `diag` of `@opentelemetry/api`
 * when a diag logger is registered, otherwise through `console.warn`.
 */
export function warnOnce(key: string, message: string): void {
  if (state.warned.has(key)) return;
  state.warned.add(key);
  warn(message);
}

/** Emits `message` at warn level, through `diag` when a logger is registered, else `console.warn`. */
export function warn(message: string): void {
  const text = `[sessionscope] ${message}`;
  if (hasDiagLogger()) diag.warn(text);
  else console.warn(text);
}
