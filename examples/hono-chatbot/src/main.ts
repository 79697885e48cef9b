import { runExample } from '@sessionscope/example-shared';
import { startServer } from './app';

await runExample('hono-chatbot', startServer);
