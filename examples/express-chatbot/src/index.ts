export { createApp, startServer } from './app';
export { bearerAuth } from './auth';
