/** Duplicate keys in JSON text (issue 22): the tokenizer finds each with its path; the length test is exact where it is used. */
import fc from 'fast-check';
import { compactLengthOf, findDuplicateKey, refuseDuplicateKeys, refuseDuplicateKeysOf } from '../../../src/domain/schemas/duplicateKeys';
import { thrownInputError } from '../../support/thrownInputError';

describe('findDuplicateKey', () => {
  it.each<[string, string, ReturnType<typeof findDuplicateKey>]>([
    ['none', '{"a":1,"b":{"a":2},"c":[{"a":3},{"a":4}]}', undefined],
    ['at the root', '{"a":1,"a":2}', { key: 'a', path: ['a'] }],
    ['in a nested object', '{"x":{"y":true,"y":false}}', { key: 'y', path: ['x', 'y'] }],
    ['in the second element of an array', '{"c":[{"a":3},{"a":4,"a":5}]}', { key: 'a', path: ['c', 1, 'a'] }],
    ['after an array inside the object', '{"c":[1,2,{"k":0}],"c":0}', { key: 'c', path: ['c'] }],
    ['written with an escape', '{"\\u0061":1,"a":2}', { key: 'a', path: ['a'] }],
    ['a string value holding braces, colons and quotes', '{"a":"{\\"a\\":1,}","a":2}', { key: 'a', path: ['a'] }],
    ['spaces around', '{ "a" : 1 , "a" : 2 }', { key: 'a', path: ['a'] }],
    ['in an array at the root', '[{"a":1},{"b":1,"b":2}]', { key: 'b', path: [1, 'b'] }],
    ['equal keys in sibling objects are fine', '[{"a":1},{"a":1}]', undefined],
  ])('%s', (_name, text, expected) => {
    expect(findDuplicateKey(text)).toEqual(expected);
  });

  it('refuseDuplicateKeys names the input, the path and the key; rebase moves the path under the input root', () => {
    const e = thrownInputError(() => refuseDuplicateKeys('[{"v":1,"v":2}]', 'fleet.json', (p) => ['clusters', 7 + (p[0] as number), ...p.slice(1)]));
    expect(e.message).toBe('fleet.json: $.clusters[7].v: the key "v" appears twice in the same object (JSON would keep only the last): remove one');
    expect(() => refuseDuplicateKeys('{"v":1}', 'x')).not.toThrow();
  });
});

describe('compactLengthOf and refuseDuplicateKeysOf', () => {
  it.each<[unknown, number]>([
    ['', 2], ['ab', 4], [true, 4], [false, 5], [null, 4], [[], 2], [{}, 2], [['a'], 5], [['a', true], 10], [{ a: 'b' }, 9], [{ a: 'b', c: null }, 18], [{ a: [] }, 8], [1, -1], [[1], -1], [{ a: 1 }, -1],
  ])('%j → %i', (value, length) => {
    expect(compactLengthOf(value)).toBe(length);
    if (length >= 0) expect(JSON.stringify(value).length).toBe(length);
  });
  const noNumbers = fc.letrec((tie) => ({
    value: fc.oneof({ depthSize: 'small' }, fc.string(), fc.boolean(), fc.constant(null), fc.array(tie('value'), { maxLength: 4 }), fc.dictionary(fc.string(), tie('value'), { maxKeys: 4 })),
  })).value;
  it('equals the compact JSON length of any value without numbers (seeded)', () => {
    fc.assert(
      fc.property(noNumbers, (v) => {
        const text = JSON.stringify(v);
        if (!text.includes('\\')) expect(compactLengthOf(v)).toBe(text.length);
      }),
      { seed: 22, numRuns: 1000 },
    );
  });
  it('refuseDuplicateKeysOf: compact text passes by length; a duplicate, blanks, escapes or numbers go to the tokenizer', () => {
    const ok = '{"a":"b","c":[true,null]}';
    expect(() => refuseDuplicateKeysOf(ok, JSON.parse(ok), 'x')).not.toThrow();
    for (const text of ['{"a":"b","a":"c"}', '{"a":"b", "a":"c"}', '{"a":"\\"","a":"c"}', '{"n":1,"n":2}']) {
      expect(thrownInputError(() => refuseDuplicateKeysOf(text, JSON.parse(text), 'x')).path).toMatch(/^\$\.[an]$/);
    }
    for (const text of ['{ "a" : "b" }', '{"a":"\\"b"}', '{"n":1.0}']) expect(() => refuseDuplicateKeysOf(text, JSON.parse(text), 'x')).not.toThrow();
  });
});
