import { AsyncLocalStorage } from 'node:async_hooks';
import type { UserSession } from '@sessionscope/core';
import { createRequestIdentity, type FrameworkBinding } from '@sessionscope/core/adapter';
import { BENCH_SESSION_ID, BENCH_USER_ID, REQUEST_HEADERS } from '../load/request-headers';
import { type MicroTask, repeat } from './micro-task';

/** Distinct request objects per `run()`, as a server sees them. */
const CALLS = 1000;

interface FakeRequest {
  headers: Record<string, string | string[] | undefined>;
  user: { id: string } | undefined;
}

/** Reads like the Express adapter's binding: `req.user.id`, `req.headers[name]`. */
const binding: FrameworkBinding<FakeRequest> = {
  defaultUserId: (request) => request.user?.id,
  readHeader(request, name) {
    const value = request.headers[name];
    return Array.isArray(value) ? value.join(', ') : value;
  },
};

const noop = (): number => 1;
const floor = new AsyncLocalStorage<UserSession>();

function requests(): FakeRequest[] {
  return Array.from({ length: CALLS }, () => ({
    headers: { ...REQUEST_HEADERS },
    user: { id: BENCH_USER_ID },
  }));
}

/**
 * The per-request work every adapter takes from core (extract and validate both ids, mark the
 * request, the live view, enter the scope), against the floor's object and `run`: how far core alone
 * stands above the floor, without the noise of HTTP. The session id checked is {@link BENCH_SESSION_ID}.
 */
export function requestScopeTasks(): MicroTask[] {
  const identity = createRequestIdentity<FakeRequest>({}, binding);
  const forCore = requests();
  const forFloor = requests();
  let index = 0;
  const next = <T>(list: T[]): T => list[index++ % CALLS]!;
  return [
    {
      name: 'request scope: open() + liveView() + run',
      calls: CALLS,
      scoped: false,
      run: repeat(CALLS, () => {
        const request = next(forCore);
        const scope = identity.open(request);
        if (scope instanceof Promise || scope.sessionId !== BENCH_SESSION_ID) throw new Error('not opened');
        const view = identity.liveView(scope);
        return identity.run(scope, noop) + (view === undefined ? 1 : 0);
      }),
    },
    {
      name: 'floor: { userId, sessionId } + AsyncLocalStorage#run',
      calls: CALLS,
      scoped: false,
      run: repeat(CALLS, () => {
        const request = next(forFloor);
        return floor.run(
          { userId: request.user?.id, sessionId: request.headers['x-session-id'] as string },
          noop,
        );
      }),
    },
  ];
}
