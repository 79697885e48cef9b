import { pipeline } from 'node:stream';
import { getUserSessionContext } from '@sessionscope/core';
import { sessionMiddleware } from '@sessionscope/express';
import type expressModule from 'express';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { listen } from '../support/listen';
import * as probe from '../support/probe';
import { type Harness, parsePrincipal, routeOverride } from './types';

type Express = typeof expressModule;
/** Sets what an auth middleware would (`req.user` by passport, `req.auth` by express-jwt). */
const setPrincipal = (req: Request, key: 'user' | 'auth', value: unknown) => {
  if (value !== undefined) (req as unknown as Record<string, unknown>)[key] ??= value;
};

const idOf = (req: Request) => String(req.headers[probe.REQUEST_HEADER]);
const textOf = (value: unknown) => (typeof value === 'string' ? value : undefined);

/**
 * The Express harness, for Express 4 and 5. Express 4 does not forward rejected promises to the error
 * handler, so there async handlers pass their failure to `next` the Express 4 way.
 */
export function expressHarness(name: string, express: Express, forwardsRejections: boolean): Harness {
  const asyncRoute =
    (handler: (req: Request, res: Response) => Promise<void>): RequestHandler =>
    (req, res, next) => {
      const done = handler(req, res);
      if (!forwardsRejections) return void done.catch(next);
      return done;
    };

  const harness: Harness = {
    name,
    streamKinds: ['sse', 'raw', 'piped'],
    header: (req, header) => textOf((req as Request).headers[header]),
    query: (req, param) => textOf((req as Request).query[param]),
    start(options) {
      const app = express();
      app.set('env', 'test'); // keeps the default error handler from logging the expected failures

      app.use((req, _res, next) => {
        const early = textOf(req.headers['x-test-early-user']);
        if (early !== undefined) setPrincipal(req, 'user', { id: early });
        next();
      });
      app.use(sessionMiddleware(options));
      app.use((req, _res, next) => {
        setPrincipal(req, 'user', parsePrincipal(textOf(req.headers['x-test-user'])));
        setPrincipal(req, 'auth', parsePrincipal(textOf(req.headers['x-test-jwt'])));
        next();
      });

      const identity: RequestHandler = (req, res) => {
        res.json(probe.identitySnapshot(idOf(req), res.locals.userSession));
      };
      const override = express.Router();
      override.use(sessionMiddleware(routeOverride(harness)));
      override.get('/identity', identity);
      app.use('/override', override);
      app.get('/identity', identity);

      app.get(
        '/work',
        asyncRoute(async (req, res) => {
          await probe.work(idOf(req), String(req.query.plan ?? ''));
          res.json(probe.identitySnapshot(idOf(req), res.locals.userSession));
        }),
      );

      app.get(
        '/login',
        asyncRoute(async (req, res) => {
          await probe.login(idOf(req), String(req.query.user));
          res.json(probe.identitySnapshot(idOf(req), res.locals.userSession));
        }),
      );

      app.get(
        '/stream',
        asyncRoute(async (req, res) => {
          res.setHeader('content-type', 'text/event-stream');
          res.flushHeaders();
          const gone = () => res.destroyed;
          if (req.query.kind === 'piped') {
            pipeline(probe.pipedStreamChunks(idOf(req), Number(req.query.chunks), gone), res, () => {});
            return;
          }
          for await (const chunk of probe.streamChunks(idOf(req), Number(req.query.chunks), gone))
            res.write(chunk);
          res.end();
        }),
      );

      app.get('/error/sync', (req) => {
        throw probe.handlerError(idOf(req));
      });
      app.get(
        '/error/async',
        asyncRoute(async (req) => {
          await Promise.resolve();
          throw probe.handlerError(idOf(req));
        }),
      );
      app.get('/error/status', (req, _res, next) => {
        setTimeout(() => next(probe.handlerError(idOf(req), 418)), 1);
      });

      app.get('/background', (req, res) => {
        probe.scheduleBackgroundWork(idOf(req));
        res.json(getUserSessionContext());
      });

      app.use((error: unknown, req: Request, _res: Response, next: NextFunction) => {
        probe.recordErrorHandler(idOf(req), error);
        next(error);
      });
      return listen(app);
    },
  };
  return harness;
}
