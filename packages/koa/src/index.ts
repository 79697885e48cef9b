export { type KoaSessionOptions, sessionMiddleware } from './session-middleware';
