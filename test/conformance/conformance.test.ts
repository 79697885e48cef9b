import { afterAll, beforeAll, describe, it } from 'vitest';
import { express5Harness } from './harness/express';
import { express4Harness } from './harness/express4';
import { honoNodeHarness, honoWebHarness } from './harness/hono';
import { koa3Harness } from './harness/koa';
import { koa2Harness } from './harness/koa2';
import { scenarios } from './scenarios';
import { REQUEST_HEADER } from './support/probe';
import { type RequestEnds, trackRequestEnds } from './support/request-ends';

const harnesses = [
  express5Harness,
  express4Harness,
  koa3Harness,
  koa2Harness,
  honoNodeHarness,
  honoWebHarness,
];

describe.each(harnesses)('$name', (harness) => {
  let ends: RequestEnds;
  let requests = 0;
  const nextId = () => `${harness.name}#${++requests}`;

  beforeAll(() => {
    ends = trackRequestEnds((request) => harness.header(request, REQUEST_HEADER));
  });
  afterAll(() => ends.close());

  it.each(scenarios)('$name', (scenario) => scenario.run({ harness, ends, nextId }));
});
