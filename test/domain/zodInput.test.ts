/**
 * Turning a schema problem into the one-line error a user reads (STYLE: errors name the input, the path and the
 * problem): `<input>: <path>: <problem>`, the path under a prefix when the value sits inside a larger input.
 */
import { z } from 'zod';
import { thrownInputError as thrown } from '../support/thrownInputError';
import { firstIssue, inputErrorOf, issueText, parseJsonText, parseWith } from '../../src/domain/schemas/zodInput';

const body = z.object({ name: z.string().min(1, 'must not be empty'), items: z.array(z.object({ n: z.number('expected a number') })).optional() });

function zodError(value: unknown): z.ZodError {
  const r = body.safeParse(value);
  if (r.success) throw new Error('expected a schema problem');
  return r.error;
}


describe('firstIssue', () => {
  it('is the first problem and its JSON path', () => {
    expect(firstIssue(zodError({ name: '', items: [{ n: 'x' }] }))).toStrictEqual({ path: '$.name', problem: 'must not be empty' });
    expect(firstIssue(zodError({ name: 'a', items: [{ n: 1 }, { n: 'x' }] }))).toStrictEqual({ path: '$.items[1].n', problem: 'expected a number' });
  });
  it('puts the path under a prefix', () => {
    expect(firstIssue(zodError({ name: 'a', items: [{}] }), ['data', 'batch'])).toStrictEqual({ path: '$.data.batch.items[0].n', problem: 'expected a number' });
  });
  it('an error without issues is a problem with the whole input', () => {
    expect(firstIssue(new z.ZodError([]))).toStrictEqual({ path: '$', problem: 'invalid input' });
    expect(firstIssue(new z.ZodError([]), ['data'])).toStrictEqual({ path: '$.data', problem: 'invalid input' });
  });
});

describe('issueText', () => {
  it('is "<path>: <problem>", under the prefix when given', () => {
    expect(issueText(zodError({ name: '' }))).toBe('$.name: must not be empty');
    expect(issueText(zodError({ name: '' }), ['data'])).toBe('$.data.name: must not be empty');
  });
});

describe('inputErrorOf', () => {
  it('names the input, the path and the problem, and keeps the zod error as its cause', () => {
    const error = zodError({ name: 'a', items: [{ n: null }] });
    const e = inputErrorOf(error, 'request body');
    expect([e.message, e.input, e.path, e.problem]).toEqual(['request body: $.items[0].n: expected a number', 'request body', '$.items[0].n', 'expected a number']);
    expect(e.cause).toBe(error);
  });
  it('puts the path under a prefix', () => {
    expect(inputErrorOf(zodError({ name: '' }), 'event e-1', ['data']).message).toBe('event e-1: $.data.name: must not be empty');
  });
});

describe('parseWith', () => {
  it('returns the parsed value', () => {
    expect(parseWith(body, { name: 'a', items: [{ n: 1 }] }, 'f')).toStrictEqual({ name: 'a', items: [{ n: 1 }] });
  });
  it('throws an InputError naming the input and the path of the first problem', () => {
    expect(thrown(() => parseWith(body, { name: '' }, 'fleet.json')).message).toBe('fleet.json: $.name: must not be empty');
  });
  it('prefixes the path with where the value sits in its input', () => {
    expect(thrown(() => parseWith(body, { name: '' }, 'fleet.json', ['clusters', 3])).message).toBe('fleet.json: $.clusters[3].name: must not be empty');
  });
  it('keeps the zod error as the cause', () => {
    expect(thrown(() => parseWith(body, 5, 'f')).cause).toBeInstanceOf(z.ZodError);
  });
});

describe('parseJsonText', () => {
  it('parses JSON text', () => {
    expect(parseJsonText('[1, {"a": null}]', 'f')).toStrictEqual([1, { a: null }]);
  });
  it('a syntax error names the input, the whole-input path and the parser\'s words, with the SyntaxError as cause', () => {
    const e = thrown(() => parseJsonText('{"a":', 'catalog.json'));
    const syntax = (() => {
      try {
        JSON.parse('{"a":');
      } catch (error) {
        return error as SyntaxError;
      }
      throw new Error('expected a SyntaxError');
    })();
    expect([e.input, e.path, e.problem]).toEqual(['catalog.json', '$', `not valid JSON (${syntax.message})`]);
    expect(e.cause).toBeInstanceOf(SyntaxError);
  });
});
