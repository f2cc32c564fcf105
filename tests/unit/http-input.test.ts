import { Readable } from 'node:stream';
import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { readBody } from '../../src/server/body.js';
import { parseRequestUrl } from '../../src/server/hardening.js';

/** A request body arriving in these chunks. */
const request = (chunks: Buffer[]): IncomingMessage => Readable.from(chunks, { objectMode: false }) as unknown as IncomingMessage;

describe('readBody', () => {
  it('joins chunks, even with a character split between two of them', async () => {
    const text = '{"query":"{ search(text: \\"罗富和\\") { score } }"}';
    const bytes = Buffer.from(text, 'utf8');
    const cut = bytes.indexOf(Buffer.from('富', 'utf8')) + 1; // inside 富's three bytes
    await expect(readBody(request([bytes.subarray(0, cut), bytes.subarray(cut)]), 1000)).resolves.toBe(text);
    await expect(readBody(request([bytes]), bytes.length)).resolves.toBe(text);
    await expect(readBody(request([]), 10)).resolves.toBe('');
  });

  it('gives up (null) once the body is over the limit, whatever follows', async () => {
    const chunk = Buffer.alloc(600, 'a');
    await expect(readBody(request([chunk, chunk, chunk]), 1000)).resolves.toBeNull();
    await expect(readBody(request([chunk]), 599)).resolves.toBeNull();
  });

  it('rejects when the request stream fails', async () => {
    const failing = new Readable({
      read() {
        this.destroy(new Error('socket hang up'));
      },
    }) as unknown as IncomingMessage;
    await expect(readBody(failing, 1000)).rejects.toThrow('socket hang up');
  });
});

describe('parseRequestUrl', () => {
  it('reads the API path (parsed once) as any other target', () => {
    for (const target of ['/graphql', '/graphql?query=%7B__typename%7D', '/export/csv?around=p1']) {
      const url = parseRequestUrl(target)!;
      const fresh = new URL(target, 'http://localhost');
      expect([url.pathname, url.search, [...url.searchParams]]).toEqual([fresh.pathname, fresh.search, [...fresh.searchParams]]);
    }
    expect(parseRequestUrl('/graphql')).toBe(parseRequestUrl('/graphql'));
    expect(parseRequestUrl('/%ff')).toBeNull();
  });
});
