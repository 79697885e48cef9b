// The warn-once state is process-global: the whitespace warning must be the first one of its kind in
// this file's process, so that its message can be checked.
import { afterAll, describe, expect, it, vi } from 'vitest';
import { sendableSessionId } from '../../src/middleware/header-value';

const consoleWarn = vi.spyOn(console, 'warn').mockImplementation(() => {});
afterAll(() => consoleWarn.mockRestore());

describe('sendableSessionId', () => {
  it('refuses an id with a space or tab at either end, which HTTP would strip, warning once', () => {
    for (const id of [' leading', 'trailing ', '\tleading-tab', 'trailing-tab\t', ' ']) {
      expect(sendableSessionId(id, 'x-conversation'), JSON.stringify(id)).toBeUndefined();
    }
    const messages = consoleWarn.mock.calls.map((args) => String(args[0]));
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain('x-conversation');
    expect(messages[0]).toContain('starts or ends with a space or a tab');
    expect(messages[0]).not.toContain('U+00FF');
    expect(messages[0]).not.toContain('leading'); // the id itself is never logged
  });

  it('sends ids with inner spaces and tabs, which HTTP keeps', () => {
    for (const id of ['inner space', 'inner\ttab', 'a  b']) expect(sendableSessionId(id, 'x')).toBe(id);
  });
});
