import type { FrameworkBinding } from '@sessionscope/core';
import type { Request } from 'express';

interface AuthenticatedRequest {
  /** Set by passport (and most session-based auth): the user record. */
  readonly user?: { readonly id?: unknown } | null;
  /** Set by express-jwt and express-oauth2-jwt-bearer: the verified token's claims. */
  readonly auth?: { readonly sub?: unknown } | null;
}

/** How sessionscope reads identity from an Express request. */
export const expressBinding: FrameworkBinding<Request> = {
  defaultUserId(request) {
    const { user, auth } = request as AuthenticatedRequest;
    return user?.id ?? auth?.sub;
  },
  readHeader(request, name) {
    const value = request.headers[name];
    return Array.isArray(value) ? value.join(', ') : value;
  },
};
