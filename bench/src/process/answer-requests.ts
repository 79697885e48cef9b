/** Handles one request type in a benchmark child; `message` carries the request's fields. */
export type RequestHandler = (message: Record<string, unknown>) => unknown;

/**
 * Child side of `BenchChild`: sends the ready message, then answers each request with the result
 * of its handler (awaited) or the error it threw.
 */
export function answerRequests(ready: object, handlers: Record<string, RequestHandler>): void {
  const send = process.send?.bind(process);
  if (send === undefined) throw new Error('benchmark child started without an IPC channel');
  process.on('message', async (message: { id: number; type: string } & Record<string, unknown>) => {
    const handler = handlers[message.type];
    try {
      if (handler === undefined) throw new Error(`unknown request type ${message.type}`);
      send({ id: message.id, result: (await handler(message)) ?? null });
    } catch (error) {
      send({
        id: message.id,
        error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      });
    }
  });
  // A child never outlives the benchmark that started it.
  process.on('disconnect', () => process.exit(0));
  send({ ...ready, type: 'ready' });
}
