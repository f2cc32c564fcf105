// The trusted-documents manifest as the client preset writes it, checked when it is loaded, and
// what a request becomes under it (the HTTP behaviour is in tests/integration/trusted-documents.test.ts).
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyTrustedDocuments, loadTrustedDocuments } from '../../src/server/trusted-documents.js';
import { readmeExamples } from '../../src/web/ide/examples.js';

const dir = mkdtempSync(join(tmpdir(), 'annals-trusted-'));
const manifest = (name: string, content: unknown): string => {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
};
const doc = 'query Probe { __typename }';
const sha256 = createHash('sha256').update(doc).digest('hex');
const sha1 = createHash('sha1').update(doc).digest('hex');

describe('loadTrustedDocuments', () => {
  it('reads SHA-256 and SHA-1 manifests (the preset default is SHA-1); each document is also found by its SHA-256', () => {
    expect([...loadTrustedDocuments(manifest('a.json', { [sha256]: doc })).byHash]).toEqual([[sha256, doc]]);
    expect(new Map(loadTrustedDocuments(manifest('b.json', { [sha1.toUpperCase()]: doc })).byHash)).toEqual(
      new Map([
        [sha1, doc],
        [sha256, doc],
      ]),
    );
  });

  it.each([
    ['not JSON', '{', /cannot read it as JSON/],
    ['a list', [doc], /expected an object of hash → document/],
    ['a hash of another text', { [createHash('sha256').update('{ x }').digest('hex')]: doc }, /is not the sha256 of its document/],
    ['a key that is no hash', { probe: doc }, /probe is not a SHA-256 or SHA-1 hash/],
    ['a document that is not GraphQL', { [createHash('sha256').update('query {').digest('hex')]: 'query {' }, /is not GraphQL/],
    ['a document that is not a string', { [sha256]: 42 }, /is not a string/],
    ['nothing', {}, /registers no document/],
  ])('refuses a manifest with %s, naming the file', (_what, content, message) => {
    const path = manifest('bad.json', content);
    expect(() => loadTrustedDocuments(path)).toThrow(message);
    expect(() => loadTrustedDocuments(path)).toThrow(`ANNALS_TRUSTED_DOCUMENTS=${path}`);
  });

  it('reports a missing file', () => {
    expect(() => loadTrustedDocuments(join(dir, 'missing.json'))).toThrow(/cannot read it/);
  });
});

describe('applyTrustedDocuments', () => {
  const docs = loadTrustedDocuments(manifest('ok.json', { [sha256]: doc }));
  const none = new URLSearchParams();

  it('puts the registered text in place of the hash and drops the APQ extension, keeping the rest', () => {
    const body = { documentId: `sha256:${sha256}`, variables: { a: 1 }, operationName: 'Probe', extensions: { trace: true } };
    expect(applyTrustedDocuments(docs, 'POST', body, none)).toEqual({
      body: { query: doc, variables: { a: 1 }, operationName: 'Probe', extensions: { trace: true } },
      search: '?',
    });
    const get = applyTrustedDocuments(
      docs,
      'GET',
      '',
      new URLSearchParams({ extensions: JSON.stringify({ persistedQuery: { version: 1, sha256Hash: sha256 } }) }),
    );
    expect(get).toEqual({ body: '', search: `?${new URLSearchParams({ query: doc }).toString()}` });
  });

  it('refuses what is not registered, and malformed hashes', () => {
    expect(applyTrustedDocuments(docs, 'POST', { query: '{ __typename }' }, none)).toMatchObject({ code: 'PERSISTED_QUERY_ONLY' });
    expect(applyTrustedDocuments(docs, 'POST', 'text', none)).toMatchObject({ code: 'PERSISTED_QUERY_ONLY' });
    expect(applyTrustedDocuments(docs, 'POST', { documentId: 7 }, none)).toMatchObject({ code: 'BAD_REQUEST' });
    expect(applyTrustedDocuments(docs, 'POST', { extensions: { persistedQuery: { sha256Hash: 7 } } }, none)).toMatchObject({
      code: 'BAD_REQUEST',
    });
    expect(applyTrustedDocuments(docs, 'GET', '', new URLSearchParams({ extensions: '{' }))).toMatchObject({ code: 'BAD_REQUEST' });
    expect(applyTrustedDocuments(docs, 'POST', { documentId: sha1 }, none)).toMatchObject({ code: 'PERSISTED_QUERY_NOT_FOUND' });
  });
});

describe('readmeExamples (the tabs of /graphiql)', () => {
  it('names each operation after its first root field and keeps the comments above it', () => {
    const markdown = [
      'Text',
      '```graphql',
      '{ event(id: "a") { name } }',
      '```',
      '```graphql',
      '# Who?',
      '# Says who?',
      '{ event(id: "b") { name } }',
      'query Mine { stats { sources } }',
      '```',
      '```sh',
      '{ not: graphql }',
      '```',
    ].join('\n');
    expect(readmeExamples(markdown).map((e) => e.query)).toEqual([
      'query Event {\n  event(id: "a") {\n    name\n  }\n}',
      '# Who?\n# Says who?\nquery Event2 {\n  event(id: "b") {\n    name\n  }\n}',
      'query Mine {\n  stats {\n    sources\n  }\n}',
    ]);
  });
});
