export { UserSessionBaggagePropagator } from './baggage/propagator';
export {
  bindUserSession,
  clearUserSessionContext,
  getUserSessionContext,
  runWithUserSession,
  setUserSessionContext,
} from './context';
export {
  DEFAULT_MIDDLEWARE_OPTIONS,
  type IdExtractor,
  type IdValue,
  type SessionMiddlewareOptions,
} from './middleware/options';
export { REQUEST_END_CHANNEL, type RequestEndMessage } from './middleware/request-end';
export {
  ATTRIBUTE_PROFILES,
  type AttributeKeys,
  type AttributeProfile,
  type BaggageDestinations,
  type BaggageOptions,
  type BaggageReadOptions,
  type BaggageWriteOptions,
  configure,
  DEFAULT_OPTIONS,
  type HashUserIdOption,
  type IdField,
  type InvalidIdHandler,
  type InvalidIdReason,
  resetConfiguration,
  type SessionscopeOptions,
} from './options';
export type { UserSession, UserSessionInput } from './scope';
export { type Session, type WithSessionOptions, withSession } from './session';
export type { TraceDecorator } from './trace/decorator';
export { isUserIdPseudonymised, stampUserSession } from './trace/instrumentation';
export { DEFAULT_TRACE_OPTIONS, type TraceOptions } from './trace/options';
export { UserSessionSpanProcessor } from './trace/processor';
export { trace } from './trace/trace';
export { offerTraceUserId, updateTraceUserSession } from './trace/update';
