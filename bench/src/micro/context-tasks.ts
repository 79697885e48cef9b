import { AsyncLocalStorage } from 'node:async_hooks';
import {
  getUserSessionContext,
  runWithUserSession,
  setUserSessionContext,
  type UserSession,
} from '@sessionscope/core';
import { type MicroTask, repeat } from './micro-task';
import { requestScopeTasks } from './request-scope-tasks';

const CALLS = 1000;
const noop = (): number => 1;

/** The same work done on a bare `AsyncLocalStorage`: what the context API is compared with. */
const floor = new AsyncLocalStorage<UserSession>();
const floorIdentity: UserSession = { userId: 'user-4711', sessionId: 'session-1' };
const readFloor = repeat(CALLS, () => floor.getStore());

/** The context API of `@sessionscope/core`, next to a bare `AsyncLocalStorage` doing the same. */
export function contextTasks(): MicroTask[] {
  return [
    {
      name: 'getUserSessionContext() in a scope',
      calls: CALLS,
      scoped: true,
      run: repeat(CALLS, getUserSessionContext),
    },
    {
      name: 'getUserSessionContext() outside any scope',
      calls: CALLS,
      scoped: false,
      run: repeat(CALLS, getUserSessionContext),
    },
    {
      name: 'floor: AsyncLocalStorage#getStore()',
      calls: CALLS,
      scoped: false,
      run: () => floor.run(floorIdentity, readFloor),
    },
    {
      name: 'setUserSessionContext({ sessionId })',
      calls: CALLS,
      scoped: true,
      run: repeat(CALLS, () => setUserSessionContext({ sessionId: 'session-2' })),
    },
    {
      name: 'runWithUserSession({ userId, sessionId }, fn)',
      calls: CALLS,
      scoped: true,
      run: repeat(CALLS, () => runWithUserSession({ userId: 'user-4712', sessionId: 'session-3' }, noop)),
    },
    {
      name: 'floor: AsyncLocalStorage#run({ userId, sessionId }, fn)',
      calls: CALLS,
      scoped: false,
      run: repeat(CALLS, () => floor.run({ userId: 'user-4712', sessionId: 'session-3' }, noop)),
    },
    ...requestScopeTasks(),
  ];
}
