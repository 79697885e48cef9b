export { createApp, startServer } from './app';
export { bearerAuth, type ChatState } from './auth';
