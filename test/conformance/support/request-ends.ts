import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { REQUEST_END_CHANNEL, type RequestEndMessage, type UserSession } from '@sessionscope/core';
import { expect } from 'vitest';
import { releaseBackgroundWork } from './probe';
import { spansOf } from './tracing';

/** One observed end (clear) of a request's identity. */
export interface RequestEnd {
  /** The identity the request had just before it was cleared. */
  readonly userSession: UserSession;
  /** How many of the request's spans had finished when it was cleared. */
  readonly spansFinishedBefore: number;
}

/** Ends observed on the `sessionscope:request-end` channel, by test request id. */
export interface RequestEnds {
  /** Every end observed for `requestId` (exactly one is expected). */
  of(requestId: string): readonly RequestEnd[];
  /** Resolves once `requestId` has ended at least once. */
  waitFor(requestId: string): Promise<RequestEnd>;
  /** Stops observing. */
  close(): void;
}

/** Observes request ends; `readRequestId` reads the test request id from the framework's request. */
export function trackRequestEnds(readRequestId: (request: unknown) => string | undefined): RequestEnds {
  const ends = new Map<string, RequestEnd[]>();
  const waiters = new Map<string, (end: RequestEnd) => void>();

  const onMessage = (message: unknown) => {
    const { request, userSession } = message as RequestEndMessage;
    const requestId = readRequestId(request);
    if (requestId === undefined) return;
    const end: RequestEnd = { userSession, spansFinishedBefore: spansOf(requestId).length };
    const list = ends.get(requestId) ?? [];
    list.push(end);
    ends.set(requestId, list);
    waiters.get(requestId)?.(end);
    waiters.delete(requestId);
    releaseBackgroundWork(requestId);
  };
  subscribe(REQUEST_END_CHANNEL, onMessage);

  return {
    of: (requestId) => ends.get(requestId) ?? [],
    waitFor(requestId) {
      const first = ends.get(requestId)?.[0];
      if (first !== undefined) return Promise.resolve(first);
      return new Promise((resolve) => waiters.set(requestId, resolve));
    },
    close: () => unsubscribe(REQUEST_END_CHANNEL, onMessage),
  };
}

/** Long enough for a second end of the same request (a listener fired twice) to show. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 10));

/** Waits for the request to end and asserts it ended exactly once, with `identity` until then. */
export async function expectEndedOnce(ends: RequestEnds, requestId: string, identity: UserSession) {
  const end = await ends.waitFor(requestId);
  await settle();
  expect(ends.of(requestId)).toHaveLength(1);
  expect(end.userSession).toEqual(identity);
  return end;
}
