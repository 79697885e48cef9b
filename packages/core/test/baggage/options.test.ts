import { afterEach, describe, expect, it } from 'vitest';
import { configure, DEFAULT_OPTIONS, resetConfiguration } from '../../src/index';
import { currentOptions } from '../../src/options';

afterEach(() => resetConfiguration());

const url = (href: string) => new URL(href);

describe('configure({ baggage })', () => {
  it('is off until set: nothing is read, nothing is written', () => {
    const { read, write } = currentOptions().baggage;
    expect(read).toEqual({ sessionId: false, userId: false });
    expect([write.sessionId, write.userId]).toEqual([false, false]);
  });

  it('keeps each of read and write off until it is set, and on once it is', () => {
    configure({ baggage: {} });
    expect(currentOptions().baggage.read).toEqual({ sessionId: false, userId: false });
    configure({ baggage: { write: { propagateTo: ['http://chat.internal:8080'] } } });
    expect(currentOptions().baggage.read).toEqual({ sessionId: false, userId: false });
    configure({ baggage: { read: true } });
    const { write } = currentOptions().baggage;
    expect(write.allows(url('http://chat.internal:8080'))).toBe(true);
    expect([write.sessionId, write.userId]).toEqual([true, true]);
  });

  it('merges read and write independently: a later call keeps the half it does not name', () => {
    configure({ baggage: { read: true } });
    configure({ baggage: { write: { keys: ['sessionId'], propagateTo: ['http://chat.internal:8080'] } } });
    expect(currentOptions().baggage.read).toEqual({ sessionId: true, userId: false });
    configure({ baggage: { read: { userId: true } } });
    expect(currentOptions().baggage.read).toEqual({ sessionId: true, userId: true });
    expect(currentOptions().baggage.write).toMatchObject({ sessionId: true, userId: false });
    expect(currentOptions().baggage.write.allows(url('http://chat.internal:8080/'))).toBe(true);
  });

  it('returns a half given as undefined to its default (off), and all of baggage when it is undefined', () => {
    configure({ baggage: { read: true, write: { propagateTo: ['http://chat.internal:8080'] } } });
    configure({ baggage: { read: undefined } });
    expect(currentOptions().baggage.read).toEqual({ sessionId: false, userId: false });
    expect(currentOptions().baggage.write).toMatchObject({ sessionId: true, userId: true });
    configure({ baggage: { read: true } });
    configure({ baggage: undefined });
    expect(currentOptions().baggage.read).toEqual({ sessionId: false, userId: false });
    expect(currentOptions().baggage.write).toMatchObject({ sessionId: false, userId: false });
  });

  it('reads sessions only once read is on, and user ids only when read.userId is set', () => {
    configure({ baggage: { read: true } });
    expect(currentOptions().baggage.read).toEqual(DEFAULT_OPTIONS.baggage.read);
    expect(currentOptions().baggage.read).toEqual({ sessionId: true, userId: false });
    configure({ baggage: { read: { userId: true } } });
    expect(currentOptions().baggage.read).toEqual({ sessionId: true, userId: true });
    configure({ baggage: { read: false } });
    expect(currentOptions().baggage.read).toEqual({ sessionId: false, userId: false });
  });

  it('writes both ids by default, or the keys given', () => {
    configure({ baggage: { write: { propagateTo: ['http://chat.internal:8080'] } } });
    expect(currentOptions().baggage.write).toMatchObject({ sessionId: true, userId: true });
    configure({ baggage: { write: { keys: ['sessionId'], propagateTo: ['http://chat.internal:8080'] } } });
    expect(currentOptions().baggage.write).toMatchObject({ sessionId: true, userId: false });
  });

  it('matches listed origins exactly: scheme, host and port', () => {
    configure({ baggage: { write: { propagateTo: ['http://chat.internal:8080/'] } } });
    const { allows } = currentOptions().baggage.write;
    expect(allows(url('http://chat.internal:8080/v1/reply?x=1'))).toBe(true);
    expect(allows(url('https://chat.internal:8080/'))).toBe(false);
    expect(allows(url('http://chat.internal:8081/'))).toBe(false);
    expect(allows(url('http://chat.internal.evil.com:8080/'))).toBe(false);
  });

  it('tests RegExps against the origin only, the same way on every call', () => {
    configure({ baggage: { write: { propagateTo: [/\.internal\.example\.com$/g] } } });
    const { allows } = currentOptions().baggage.write;
    for (let i = 0; i < 3; i++) expect(allows(url('https://chat.internal.example.com/a'))).toBe(true);
    expect(allows(url('https://llm.example.net/?next=chat.internal.example.com'))).toBe(false);
  });

  it('calls a predicate with the full URL', () => {
    configure({ baggage: { write: { propagateTo: (u) => u.pathname.startsWith('/internal/') } } });
    const { allows } = currentOptions().baggage.write;
    expect(allows(url('http://a/internal/x'))).toBe(true);
    expect(allows(url('http://a/public/x'))).toBe(false);
  });

  it('rejects entries that are not origins at configuration time', () => {
    expect(() => configure({ baggage: { write: { propagateTo: ['chat.internal'] } } })).toThrow(TypeError);
    expect(() => configure({ baggage: { write: { propagateTo: ['http://chat/api'] } } })).toThrow(/origin/);
    expect(() => configure({ baggage: { write: { propagateTo: [42 as never] } } })).toThrow(TypeError);
    expect(() =>
      configure({ baggage: { write: { keys: ['email' as never], propagateTo: ['http://a'] } } }),
    ).toThrow(TypeError);
  });

  it('keeps the baggage option when other options are configured later', () => {
    configure({ baggage: { read: { userId: true } } });
    configure({ maxIdLength: 64 });
    expect(currentOptions().baggage.read).toEqual({ sessionId: true, userId: true });
  });
});
