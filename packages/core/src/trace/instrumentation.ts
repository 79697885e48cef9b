import { context, type Span } from '@opentelemetry/api';
import { getUserSessionContext } from '../context';
import { currentOptions } from '../options';
import { normalizeId } from '../validate';
import { setIdAttributes } from './identity';
import { activeRecordIn } from './record';
import { offerTraceUserId } from './update';

/**
 * For instrumentation authors: whether user ids are pseudonymised as they enter sessionscope
 * (`configure({ hashUserId })`). When `true`, the context's user id is already a hash and may be passed
 * on to a third party as it is; otherwise hash it first.
 *
 * @example
 * ```ts
 * // prelude: declare function sha256(text: string): string;
 * import { getUserSessionContext, isUserIdPseudonymised } from '@sessionscope/core';
 *
 * const { userId } = getUserSessionContext();
 * const endUser = userId === undefined || isUserIdPseudonymised() ? userId : sha256(userId);
 * ```
 */
export function isUserIdPseudonymised(): boolean {
  return currentOptions().hashUserId !== undefined;
}

/**
 * For instrumentation authors: puts the identity of the current context on `span` under every configured
 * attribute key, as `UserSessionSpanProcessor` does, so the span carries it also when its tracer's
 * provider has no processor.
 *
 * `pickedUpUserId` is a user the instrumented call names itself (an LLM request's `user`). It has the
 * lowest precedence: it is offered to the current trace ({@link offerTraceUserId}), and it goes on
 * `span` only when the context has no user, validated and hashed like any user id. Never throws.
 *
 * @example
 * ```ts
 * // prelude: declare const tracer: import('@opentelemetry/api').Tracer, request: { user?: unknown };
 * import { SpanKind } from '@opentelemetry/api';
 * import { stampUserSession } from '@sessionscope/core';
 *
 * const span = tracer.startSpan('chat gpt-4o', { kind: SpanKind.CLIENT });
 * stampUserSession(span, typeof request.user === 'string' ? request.user : undefined);
 * ```
 */
export function stampUserSession(span: Span, pickedUpUserId?: string): void {
  try {
    if (pickedUpUserId !== undefined) offerTraceUserId(pickedUpUserId);
    const identity = getUserSessionContext();
    const options = currentOptions();
    let userId = identity.userId;
    // Inside a trace the offer above applied (or lost to a better user); outside one, nothing holds it.
    if (userId === undefined && pickedUpUserId !== undefined && !activeRecordIn(context.active())) {
      const id = normalizeId('userId', pickedUpUserId, 'value', options);
      if (typeof id === 'string') userId = id;
    }
    setIdAttributes(span, options.userIdKeys, userId);
    setIdAttributes(span, options.sessionIdKeys, identity.sessionId);
  } catch {
    // Identity is an addition to the span; it must never fail the instrumented call.
  }
}
