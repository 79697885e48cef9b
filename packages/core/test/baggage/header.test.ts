import { describe, expect, it } from 'vitest';
import { baggageValue, DUPLICATE } from '../../src/baggage/header';

describe('baggageValue', () => {
  it('finds a key among other list members, with properties and optional whitespace', () => {
    const header = 'tenant=acme, session.id = s-1 ;ttl=60,\tuser.id=u-1';
    expect(baggageValue(header, 'session.id')).toBe('s-1');
    expect(baggageValue(header, 'user.id')).toBe('u-1');
    expect(baggageValue(header, 'tenant')).toBe('acme');
  });

  it('percent-decodes the value', () => {
    expect(baggageValue('session.id=chat%20%C3%A9t%C3%A9', 'session.id')).toBe('chat été');
  });

  it('keeps the encoded comma, which id validation then rejects for header values', () => {
    expect(baggageValue('session.id=a%2Cb', 'session.id')).toBe('a,b');
  });

  it('matches whole keys only', () => {
    expect(baggageValue('session.idx=1,xsession.id=2', 'session.id')).toBeUndefined();
    expect(baggageValue('session.id', 'session.id')).toBeUndefined();
  });

  it('returns undefined for an absent key, an empty header and a bad percent-escape', () => {
    expect(baggageValue('user.id=u', 'session.id')).toBeUndefined();
    expect(baggageValue('', 'session.id')).toBeUndefined();
    expect(baggageValue('session.id=%E0%A4%A', 'session.id')).toBeUndefined();
    expect(baggageValue(',,;=,=x', 'session.id')).toBeUndefined();
  });

  it('returns an empty value as empty, for validation to report', () => {
    expect(baggageValue('session.id=;p', 'session.id')).toBe('');
  });

  it('reports a key that occurs twice, as when a client repeats the header', () => {
    expect(baggageValue('session.id=a, user.id=u, session.id=a', 'session.id')).toBe(DUPLICATE);
  });
});
