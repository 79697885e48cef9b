import type { RequestListener } from 'node:http';
import { context } from '@opentelemetry/api';
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { ROUTE } from '../load/request-headers';
import { floorStore, greeting, IDENTITY_KEY, type Identity, served, userFromAuthorization } from './identity';
import { type IdentityMiddlewares, identityMiddleware } from './identity-middleware';
import { VARIANT_TRAITS, type Variant } from './variants';

/** The principal as this app's auth step stores it (independent of any global `Express.User` type). */
interface WithUser {
  user?: { id: string } | undefined;
}

/** The tiny auth step: where Passport and most Express auth middleware put the principal. */
function authenticate(req: Request, _res: Response, next: NextFunction): void {
  (req as unknown as WithUser).user = userFromAuthorization(req.headers.authorization);
  next();
}

function identityOf(req: Request): Identity {
  return {
    userId: (req as unknown as WithUser).user?.id,
    sessionId: req.headers['x-session-id'] as string | undefined,
  };
}

const middlewares: IdentityMiddlewares<RequestHandler> = {
  floorAls: (req, _res, next) => floorStore.run(identityOf(req), next),
  otelContext: (req, _res, next) =>
    context.with(context.active().setValue(IDENTITY_KEY, identityOf(req)), next),
  sessionscope: async () => (await import('@sessionscope/express')).sessionMiddleware(),
};

/** An Express 5 app serving the hello-world JSON route in `variant`. */
export async function createExpressListener(
  variant: Variant,
  readIdentity: () => Identity,
): Promise<RequestListener> {
  const app = express();
  app.use(authenticate);
  const middleware = await identityMiddleware(VARIANT_TRAITS[variant].identityStep, middlewares);
  if (middleware !== undefined) app.use(middleware);
  app.get(ROUTE, (_req, res) => {
    served.count++;
    res.json(greeting(readIdentity()));
  });
  return app;
}
