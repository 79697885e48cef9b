export { type HonoSessionOptions, sessionMiddleware } from './session-middleware';
