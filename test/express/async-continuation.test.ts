import { sessionMiddleware } from '@sessionscope/express';
import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import express4 from 'express4';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningApp } from '../conformance/harness/types';
import { listen } from '../conformance/support/listen';

/**
 * A middleware after which this response refuses every header: the middleware's own continuation
 * then throws when it sends a session id back. (Core refuses header names and values Node would, so
 * nothing in sessionscope throws there any more; this stands for whatever else might.)
 */
const refuseHeaders: RequestHandler = (_req, res, next) => {
  res.setHeader = () => {
    throw Object.assign(new Error('headers refused'), { code: 'E_REFUSED' });
  };
  next();
};

let running: RunningApp | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

/** Resolves with the first unhandled rejection of the process, while `body` runs. */
async function firstOf<T>(body: Promise<T>): Promise<T | { unhandledRejection: unknown }> {
  let onRejection: ((reason: unknown) => void) | undefined;
  const unhandled = new Promise<{ unhandledRejection: unknown }>((resolve) => {
    onRejection = (reason) => resolve({ unhandledRejection: reason });
    process.on('unhandledRejection', onRejection);
  });
  try {
    return await Promise.race([body, unhandled]);
  } finally {
    process.off('unhandledRejection', onRejection!);
  }
}

describe.each([
  ['express 5', express],
  ['express 4', express4],
])('%s: a failure after an async extractor resolved', (_name, createApp) => {
  async function start(...middleware: RequestHandler[]): Promise<RunningApp> {
    const app = createApp();
    for (const step of middleware) app.use(step);
    app.get('/', (_req, res) => void res.send('ok'));
    const errorHandler: ErrorRequestHandler = (error, _req, res, _next) => {
      res.end(`handled ${(error as NodeJS.ErrnoException).code}`);
    };
    app.use(errorHandler);
    running = await listen(app);
    return running;
  }

  const mounts: [string, () => RequestHandler[]][] = [
    [
      'the scope opens (app-level mount)',
      () => [
        refuseHeaders,
        sessionMiddleware({
          generateSessionId: true,
          getUserId: async () => 'async-user',
        }),
      ],
    ],
    [
      'a nested mount merges',
      () => [
        sessionMiddleware(),
        refuseHeaders,
        sessionMiddleware({
          exposeSessionId: true,
          getSessionId: async () => 'route-session',
        }),
      ],
    ],
  ];

  it.each(mounts)(
    'when %s: reaches the error handler, never an unhandled rejection',
    async (_when, mount) => {
      const app = await start(...mount());
      const response = await firstOf(request(app.url).get('/'));
      expect(response).toMatchObject({ text: 'handled E_REFUSED' });
    },
  );
});
