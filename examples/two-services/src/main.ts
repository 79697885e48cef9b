/**
 * `pnpm start`: runs the gateway and the chat service (each its own process, with OpenTelemetry),
 * sends one chat message through the gateway, and prints every span of that trace with its identity,
 * and what the third-party APIs received.
 */
import type { ExportedSpan } from './stack/otlp-receiver';
import { headerValues, type Recorder } from './stack/recorder';
import { startStack } from './stack/stack';

/** The path a server span served or a client span called. */
function pathOf(span: ExportedSpan): string {
  const url = span.attributes['url.full'];
  return typeof url === 'string' ? new URL(url).pathname : String(span.attributes['url.path'] ?? '');
}

const stack = await startStack();
try {
  const response = await fetch(`${stack.gateway.url}/chat`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: 'Bearer alice-token',
      'x-session-id': 'conversation-42',
      baggage: 'user.id=mallory', // a client trying to pass as someone else: ignored
    },
    body: JSON.stringify({ message: 'When are you open?' }),
  });
  console.log('gateway answered', response.status, JSON.stringify(await response.json()), '\n');
  await stack.stopServices();

  console.table(
    stack.spans.map((span) => ({
      service: span.service,
      span: span.name,
      kind: span.kind,
      path: pathOf(span),
      'user.id': span.attributes['user.id'],
      'session.id': span.attributes['session.id'],
    })),
  );
  const show = (name: string, recorder: Recorder) =>
    console.log(
      `${name} received baggage:`,
      JSON.stringify(recorder.requests.flatMap((r) => headerValues(r, 'baggage'))),
    );
  show('moderation API (third party)', stack.moderation);
  show('LLM provider (third party)  ', stack.llm);
  show('retrieval service (internal)', stack.retrieval);
} finally {
  await stack.close();
}
