/** The suite runs on the production runtime: Node 22 from the npm registry's `node` package (see package.json). */
describe('test runtime', () => {
  it('is Node 22, the Function App runtime, not the machine Node 20', () => {
    const major = Number(process.versions.node.split('.')[0]);
    expect(major).toBe(22);
  });
});
