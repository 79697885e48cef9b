import { type Account, authenticate } from '@sessionscope/example-shared';
import type { Request, RequestHandler } from 'express';

/** A request after {@link bearerAuth}: `req.user` is where passport puts the user, and where sessionscope looks. */
interface AuthenticatedRequest extends Request {
  user?: Account;
}

/** The signed-in account of `req`, if any. */
export function accountOf(req: Request): Account | undefined {
  return (req as AuthenticatedRequest).user;
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
  (req as AuthenticatedRequest).user = account;
  next();
};
