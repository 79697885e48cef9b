/** A signed-in user of the example chat API. */
export interface Account {
  /** The user id sessionscope reads (`req.user.id` and friends). */
  readonly id: string;
  readonly name: string;
  /** Admins may answer on behalf of another user (support impersonation). */
  readonly role: 'member' | 'admin';
}

/**
 * The example's whole user database: bearer token → account. A real app verifies a JWT or a session
 * cookie instead; what matters to sessionscope is only where the authenticated user ends up.
 */
export const ACCOUNTS: Readonly<Record<string, Account>> = {
  'token-alice': { id: 'alice@example.com', name: 'Alice', role: 'member' },
  'token-bob': { id: 'bob@example.com', name: 'Bob', role: 'member' },
  'token-carol': { id: 'carol@example.com', name: 'Carol', role: 'member' },
  'token-support': { id: 'support@example.com', name: 'Support desk', role: 'admin' },
};

const BEARER = /^Bearer\s+(\S+)$/i;

/**
 * The account an `Authorization: Bearer <token>` header belongs to, or `undefined`.
 *
 * @example
 * ```ts
 * authenticate('Bearer token-alice'); // { id: 'alice@example.com', name: 'Alice', role: 'member' }
 * authenticate(undefined); // undefined
 * ```
 */
export function authenticate(authorization: string | null | undefined): Account | undefined {
  const token =
    authorization === null || authorization === undefined ? undefined : BEARER.exec(authorization)?.[1];
  return token === undefined ? undefined : ACCOUNTS[token];
}

/** Whether `account` may answer on behalf of another user (support impersonation). */
export function mayActForOthers(account: Account): boolean {
  return account.role === 'admin';
}
