export { type ExpressSessionOptions, sessionMiddleware } from './session-middleware';
