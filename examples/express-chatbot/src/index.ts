export { createApp, startServer } from './app';
export { accountOf, bearerAuth } from './auth';
