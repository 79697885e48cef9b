import { type Account, authenticate } from '@sessionscope/example-shared';
import type { RequestHandler } from 'express';

declare global {
  namespace Express {
    interface Request {
      /** The signed-in account, where passport puts it — and where sessionscope looks by default. */
      user?: Account;
    }
  }
}

/**
 * Bearer-token authentication: sets `req.user` (its `id` becomes the spans' `user.id`) or answers 401.
 * Stands in for passport, express-jwt (`req.auth.sub`) or any auth that stores the principal on `req`.
 */
export const bearerAuth: RequestHandler = (req, res, next) => {
  const account = authenticate(req.headers.authorization);
  if (account === undefined) {
    res.status(401).set('www-authenticate', 'Bearer').json({ error: 'unknown or missing bearer token' });
    return;
  }
  req.user = account;
  next();
};
