export { createApp, startServer } from './app';
export { bearerAuth, type ChatEnv } from './auth';
