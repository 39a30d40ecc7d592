import fc from 'fast-check';
import { subscriptionOf } from '../../../src/domain/armId';
import { armIdKey, decodeKey, encodeKey, escapeKey, isHashedKey, isValidTableKey, MAX_KEY_LENGTH } from '../../../src/azure/tables/tableKeys';

describe('tableKeys', () => {
  it.each([
    ['/subscriptions/s1/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/c1'],
    ['a#b?c\\d/e'],
    ['tab\there\nnewline\u0085'],
    ['ünïcødé 🚀 集群'],
    ['!already!2F escaped ~ | % \''],
    [''],
  ])('encodes %j into a valid key that decodes back', (value) => {
    const key = encodeKey(value);
    expect(isValidTableKey(key)).toBe(true);
    expect(decodeKey(key)).toBe(value);
  });

  it('escapes lone surrogates reversibly', () => {
    const value = 'a\ud800b\udc00';
    expect(escapeKey(value)).toBe('a!uD800b!uDC00');
    expect(decodeKey(encodeKey(value))).toBe(value);
  });

  it('shortens long values with a digest, keeping distinct values distinct', () => {
    const a = '/x'.repeat(300) + 'a';
    const b = '/x'.repeat(300) + 'b';
    const ka = encodeKey(a);
    expect(ka.length).toBeLessThanOrEqual(MAX_KEY_LENGTH);
    expect(isHashedKey(ka)).toBe(true);
    expect(decodeKey(ka)).toBeUndefined();
    expect(ka).not.toBe(encodeKey(b));
    expect(isValidTableKey(ka)).toBe(true);
  });

  it('keys ARM ids case-insensitively and finds the subscription', () => {
    expect(armIdKey('/subscriptions/ABC/resourceGroups/RG')).toBe(armIdKey('/subscriptions/abc/resourcegroups/rg'));
    expect(subscriptionOf('/SUBSCRIPTIONS/ABC-1/resourceGroups/x')).toBe('abc-1');
    expect(subscriptionOf('not-an-id')).toBeUndefined();
  });

  it('always yields a valid, bounded key; reversible when not hashed', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (value) => {
        const key = encodeKey(value);
        expect(isValidTableKey(key)).toBe(true);
        expect(key.length).toBeLessThanOrEqual(MAX_KEY_LENGTH);
        if (!isHashedKey(key)) expect(decodeKey(key)).toBe(value);
      }),
    );
  });
});
