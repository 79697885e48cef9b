import { AsyncLocalStorage } from 'node:async_hooks';
import { createContextKey } from '@opentelemetry/api';

/** The identity a handler reads and echoes. */
export interface Identity {
  readonly userId?: string | undefined;
  readonly sessionId?: string | undefined;
}

export const NO_IDENTITY: Identity = Object.freeze({});

/** The floor's own store: what a hand-written minimal middleware would create. */
export const floorStore = new AsyncLocalStorage<Identity>();

/** OpenTelemetry context key under which the shared-ALS variant keeps the identity. */
export const IDENTITY_KEY = createContextKey('sessionscope.bench.identity');

/** OpenTelemetry context key that stands for what an HTTP instrumentation puts in the request's context. */
export const REQUEST_KEY = createContextKey('sessionscope.bench.request');

/** The JSON body of the hello-world route; identical in shape for every variant. */
export function greeting(identity: Identity): { hello: string; userId?: string; sessionId?: string } {
  return { hello: 'world', userId: identity.userId, sessionId: identity.sessionId };
}

/** The tiny auth step of every variant: `Authorization: Bearer <user id>` (a real app verifies a token). */
export function userFromAuthorization(header: string | undefined): { id: string } | undefined {
  return header?.startsWith('Bearer ') ? { id: header.slice(7) } : undefined;
}

/** Requests served since the last measurement started; each route handler counts itself. */
export const served = { count: 0 };
