import { LlmError } from './llm-client';

/** What a client is told about a failed request: a status code and a message without internals. */
export interface PublicError {
  readonly status: number;
  readonly message: string;
}

function clientErrorStatus(error: unknown): number | undefined {
  const { status, expose } = (error ?? {}) as { status?: unknown; expose?: unknown };
  return typeof status === 'number' && status >= 400 && status < 500 && expose === true ? status : undefined;
}

/**
 * Maps an error to the response the client sees: the model failing is a 502 (the upstream failed),
 * a client error raised by the framework (`http-errors` with `expose`, e.g. malformed JSON) keeps its
 * 4xx status and message, anything else is a 500.
 *
 * @example
 * ```ts
 * publicError(new LlmError('rate limited')); // { status: 502, message: 'the model failed to answer, please retry' }
 * ```
 */
export function publicError(error: unknown): PublicError {
  if (error instanceof LlmError) return { status: 502, message: 'the model failed to answer, please retry' };
  const status = clientErrorStatus(error);
  if (status !== undefined) return { status, message: (error as Error).message };
  return { status: 500, message: 'internal error' };
}
