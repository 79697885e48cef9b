import type { FrameworkBinding } from '../../src/adapter';

/** A framework-free request: headers by lower-case name and what an auth middleware would set. */
export interface FakeRequest {
  headers: Record<string, string | undefined>;
  user?: { id: unknown };
}

/** The binding an adapter would give core: the user from `request.user.id`, headers as they are. */
export const fakeBinding: FrameworkBinding<FakeRequest> = {
  defaultUserId: (request) => request.user?.id,
  readHeader: (request, name) => request.headers[name],
};

/** A request with these headers and, when `userId` is given, an authenticated user. */
export function fakeRequest(headers: Record<string, string> = {}, userId?: unknown): FakeRequest {
  return userId === undefined ? { headers } : { headers, user: { id: userId } };
}
