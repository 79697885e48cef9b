import { subscribe } from 'node:diagnostics_channel';
import {
  getUserSessionContext,
  REQUEST_END_CHANNEL,
  type RequestEndMessage,
  type UserSession,
} from '@sessionscope/core';
import type { ProbeReport } from './contract.ts';

/** Watches tagged stream requests: how often sessionscope ended each, and what it sees afterwards. */
export interface StreamProbes {
  /** Call inside the stream request's handler, so the watch runs in that request's async context. */
  register(tag: string, request: object): void;
  /** What is known of the tagged request so far; `undefined` for an unknown tag. */
  probe(tag: string): ProbeReport | undefined;
}

interface Watch {
  ends: number;
  identityAfterEnd: UserSession | null;
  onEnd: () => void;
}

/** One registry per app; it listens on sessionscope's request-end channel. */
export function createStreamProbes(): StreamProbes {
  const watches = new Map<string, Watch>();
  const watchOf = new WeakMap<object, Watch>();
  subscribe(REQUEST_END_CHANNEL, (message) => {
    const watch = watchOf.get((message as RequestEndMessage).request as object);
    if (watch === undefined) return;
    watch.ends++;
    watch.onEnd();
  });
  return {
    register(tag, request) {
      const watch: Watch = { ends: 0, identityAfterEnd: null, onEnd: () => {} };
      const ended = new Promise<void>((resolve) => {
        watch.onEnd = resolve;
      });
      // A promise reaction runs in the async context it was registered in: this request's, here.
      void ended.then(() => {
        watch.identityAfterEnd = getUserSessionContext();
      });
      watches.set(tag, watch);
      watchOf.set(request, watch);
    },
    probe(tag) {
      const watch = watches.get(tag);
      return watch === undefined ? undefined : { ends: watch.ends, identityAfterEnd: watch.identityAfterEnd };
    },
  };
}
