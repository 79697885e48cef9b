import { context, ROOT_CONTEXT } from '@opentelemetry/api';
import { floorStore, IDENTITY_KEY, type Identity, NO_IDENTITY, REQUEST_KEY } from '../apps/identity';
import { enableOtelContext } from '../apps/otel';
import { type MicroTask, repeatAsync } from './micro-task';

/** Requests per `run()`. */
const REQUESTS = 100;
/** Promises a request's handler awaits; in Node 20 every one of them pays for each enabled store. */
const AWAITS = 10;

const identity: Identity = { userId: 'user-4711', sessionId: '3f0c9a52-8a4e-4c8e-9b61-2f5d8c7e1a90' };

async function handle(read: () => Identity | undefined): Promise<number> {
  let seen = 0;
  for (let i = 0; i < AWAITS; i++) {
    await null;
    if (read() !== undefined) seen++;
  }
  return seen;
}

const readOwn = (): Identity | undefined => floorStore.getStore();
const readShared = (): Identity | undefined =>
  context.active().getValue(IDENTITY_KEY) as Identity | undefined;

const handleWithoutIdentity = (): Promise<number> => handle(() => NO_IDENTITY);
const handleOwn = (): Promise<number> => handle(readOwn);
const handleShared = (): Promise<number> => handle(readShared);

/** What HTTP auto-instrumentation does for each request: enter a new OpenTelemetry context. */
function inRequestContext<T>(fn: () => T): T {
  return context.with(ROOT_CONTEXT.setValue(REQUEST_KEY, true), fn);
}

/**
 * A request's life under an active OpenTelemetry context manager, with the identity in a second
 * `AsyncLocalStorage`. Runs in a process of its own: in Node 20 a store, once used, costs every
 * later promise of the process something.
 */
export function ownAlsTasks(): MicroTask[] {
  enableOtelContext();
  return [
    {
      name: 'request: OTel context, identity in its own ALS, 10 awaits',
      calls: REQUESTS,
      scoped: false,
      run: repeatAsync(REQUESTS, () => inRequestContext(() => floorStore.run(identity, handleOwn))),
    },
  ];
}

/** The same request with the identity kept in the OpenTelemetry context: one `AsyncLocalStorage`. */
export function sharedAlsTasks(): MicroTask[] {
  enableOtelContext();
  return [
    {
      name: 'request: OTel context only, no identity, 10 awaits',
      calls: REQUESTS,
      scoped: false,
      run: repeatAsync(REQUESTS, () => inRequestContext(handleWithoutIdentity)),
    },
    {
      name: 'request: OTel context, identity in the OTel context, 10 awaits',
      calls: REQUESTS,
      scoped: false,
      run: repeatAsync(REQUESTS, () =>
        inRequestContext(() => context.with(context.active().setValue(IDENTITY_KEY, identity), handleShared)),
      ),
    },
  ];
}
