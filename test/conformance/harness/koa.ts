import Koa from 'koa';
import { koaHarness } from './koa-app';

/** Koa 3. */
export const koa3Harness = koaHarness('koa 3', Koa, ['sse', 'raw', 'web']);
