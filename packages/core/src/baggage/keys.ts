import type { IdField } from '../options';

/** The W3C Baggage header. */
export const BAGGAGE_HEADER = 'baggage';

/** The baggage entry that carries each id (the OpenTelemetry attribute names). */
export const BAGGAGE_KEYS: Readonly<Record<IdField, string>> = Object.freeze({
  userId: 'user.id',
  sessionId: 'session.id',
});
