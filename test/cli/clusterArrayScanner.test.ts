import { ClusterArrayScanner } from '../../src/cli/clusterArrayScanner';

/** Feeds `text` to a scanner in chunks of `size` bytes; returns the element texts, or throws what the scanner threw. */
function scan(text: string, size: number): { elements: string[]; shape: unknown } {
  const elements: string[] = [];
  const scanner = new ClusterArrayScanner('f.json', (t, i) => {
    expect(i).toBe(elements.length);
    elements.push(t);
  });
  const bytes = Buffer.from(text, 'utf8');
  for (let i = 0; i < bytes.length && !scanner.stopped; i += size) scanner.push(bytes.subarray(i, i + size));
  scanner.end();
  return { elements, shape: scanner.shape?.standIn };
}

const SIZES = [1, 2, 3, 7, 64, 1 << 20];

describe('ClusterArrayScanner: splits the clusters array into its elements, whatever the chunk size', () => {
  const tricky = [
    { id: 'a]}",\\', tags: { 'k"{': '[x]' }, extensions: [{ name: 'é→🚀', version: '\\"' }] },
    { id: 'b', extensions: [] },
    [1, [2, { x: '}' }]],
    'a string element',
    42,
    null,
  ];
  const docs = [
    { name: 'compact, clusters first', text: JSON.stringify({ clusters: tricky, other: { clusters: ['no'] } }) },
    { name: 'pretty-printed, other members first', text: JSON.stringify({ schema: 'v1', n: [1, { a: ']' }], clusters: tricky }, null, 2) },
    { name: 'blanks everywhere', text: ` \n{ "x" : true ,\t"clusters" :\r\n [ ${tricky.map((t) => JSON.stringify(t, null, 1)).join(' ,\n ')} ] , "y":-1.5e3 }\n` },
  ];
  for (const doc of docs)
    for (const size of SIZES)
      it(`${doc.name}, chunks of ${size}`, () => {
        const { elements, shape } = scan(doc.text, size);
        expect(elements.map((e) => JSON.parse(e) as unknown)).toEqual(tricky);
        expect(shape).toBeUndefined();
      });

  it('an empty clusters array has no elements', () => {
    expect(scan('{"clusters":[]}', 3).elements).toEqual([]);
    expect(scan('{ "clusters" : [ ] }', 1).elements).toEqual([]);
  });
});

describe('ClusterArrayScanner: a document that is not JSON fails naming the input and the byte', () => {
  const cases: { name: string; text: string; message: RegExp }[] = [
    { name: 'truncated in the array', text: '{"clusters": [{"id": "a"}', message: /^f\.json: \$: not valid JSON \(unexpected end of input\)$/ },
    { name: 'truncated inside a string', text: '{"clusters": [{"id": "a', message: /unexpected end of input/ },
    { name: 'empty file', text: '', message: /unexpected end of input/ },
    { name: 'two clusters without a comma', text: '{"clusters": [{"id":"a"} {"id":"b"}]}', message: /^f\.json: \$: not valid JSON \(expected "," or "\]", found "\{" at byte 25\)$/ },
    { name: 'members without a comma', text: '{"a": 1 "clusters": []}', message: /expected "," or "\}", found """ at byte 8/ },
    { name: 'a key without quotes', text: '{clusters: []}', message: /expected a property name, found "c" at byte 1/ },
    { name: 'a missing colon', text: '{"clusters" []}', message: /expected ":", found "\[" at byte 12/ },
    { name: 'text after the document', text: '{"clusters": []} x', message: /unexpected "x" after the document at byte 17/ },
    { name: 'trailing comma between members', text: '{"clusters": [], }', message: /expected a property name, found "\}"/ },
    { name: 'another member that is not JSON', text: '{"a": [1,,2], "clusters": []}', message: /^f\.json: \$: not valid JSON \(/ },
    { name: 'clusters twice', text: '{"clusters": [], "clusters": []}', message: /^f\.json: \$\.clusters: appears twice$/ },
  ];
  for (const { name, text, message } of cases)
    it(name, () => {
      for (const size of [1, 5, 1024]) expect(() => scan(text, size)).toThrow(message);
    });

  it('an element that is not JSON reaches the callback as text, for the reader to name its index', () => {
    expect(scan('{"clusters": [{"id": "a"}, {"id": }, ]}', 4).elements).toEqual(['{"id": "a"}', '{"id": }', '']);
  });
});

describe('ClusterArrayScanner: a root without a clusters array yields a stand-in of its shape', () => {
  it.each([
    ['[1, 2]', []],
    ['"text"', ''],
    ['17', 0],
    ['null', null],
    ['true', true],
    ['{}', {}],
    ['{"other": 1}', {}],
    ['{"clusters": {"a": 1}}', { clusters: {} }],
    ['{"clusters": "all"}', { clusters: '' }],
    ['{"clusters": null}', { clusters: null }],
  ])('%s', (text, standIn) => {
    expect(scan(text, 2).shape).toEqual(standIn);
  });
});
