import Koa2 from 'koa2';
import { koaHarness } from './koa-app';

/** Koa 2, installed as the `koa2` alias. */
export const koa2Harness = koaHarness('koa 2', Koa2, ['sse', 'raw']);
