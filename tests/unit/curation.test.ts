// Pure parts of curation: tokens, ids, merging snapshots, comparing states. No database.
import { describe, expect, it } from 'vitest';
import { authenticate, newToken, parseTokens, requireProposer, requireWriter } from '../../src/auth/tokens.js';
import { slugFor } from '../../src/domain/curation/entities.js';
import { mergeSnapshots } from '../../src/domain/curation/merge.js';
import { sameState, type EntitySnap } from '../../src/domain/curation/snapshot.js';

describe('tokens', () => {
  const alice = newToken('alice', 'write');
  const rita = newToken('rita', 'read');
  const tokens = parseTokens(`${alice.entry},${rita.entry}`, undefined);

  it('resolves a bearer token to its curator and role', () => {
    expect(authenticate(`Bearer ${alice.token}`, tokens)).toEqual({ kind: 'curator', curator: 'alice', role: 'write' });
    expect(authenticate(`bearer ${rita.token}`, tokens)).toEqual({ kind: 'curator', curator: 'rita', role: 'read' });
    expect(authenticate(undefined, tokens)).toEqual({ kind: 'anonymous' });
  });

  it('refuses wrong and malformed tokens with UNAUTHENTICATED, and read tokens for writes with FORBIDDEN', () => {
    expect(() => authenticate('Bearer nope', tokens)).toThrow(/not valid/);
    expect(() => authenticate('Basic abc', tokens)).toThrow(/Bearer/);
    expect(() => requireWriter({ kind: 'anonymous' })).toThrow(
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'UNAUTHENTICATED' }) }),
    );
    expect(() => requireWriter(authenticate(`Bearer ${rita.token}`, tokens))).toThrow(
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'FORBIDDEN' }) }),
    );
    expect(requireWriter(authenticate(`Bearer ${alice.token}`, tokens))).toBe('alice');
  });

  it('a propose token may propose and read proposals, never write facts (FORBIDDEN, saying what it may do)', () => {
    const pat = newToken('pat', 'propose');
    const principal = authenticate(`Bearer ${pat.token}`, parseTokens(`${alice.entry},${pat.entry}`, undefined));
    expect(principal).toEqual({ kind: 'curator', curator: 'pat', role: 'propose' });
    expect(() => requireWriter(principal)).toThrow(
      expect.objectContaining({
        message: expect.stringMatching(/may only propose/),
        extensions: expect.objectContaining({ code: 'FORBIDDEN' }),
      }),
    );
    expect(requireProposer(principal)).toEqual({ curator: 'pat', role: 'propose' });
    expect(requireProposer({ kind: 'curator', curator: 'alice', role: 'write' })).toEqual({ curator: 'alice', role: 'write' });
    expect(() => requireProposer(authenticate(`Bearer ${rita.token}`, tokens))).toThrow(
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'FORBIDDEN' }) }),
    );
    expect(() => requireProposer({ kind: 'anonymous' })).toThrow(
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'UNAUTHENTICATED' }) }),
    );
  });

  it('takes ANNALS_READ_TOKEN as a hash', () => {
    const hash = rita.entry.split(':').slice(2).join(':');
    expect(parseTokens(undefined, hash)).toEqual([expect.objectContaining({ curator: 'reader', role: 'read' })]);
    expect(() => parseTokens(undefined, 'plain-secret')).toThrow(/sha256/);
  });
});

describe('ids', () => {
  it('makes readable slugs from Chinese or Latin names', () => {
    expect(slugFor('Person', '罗富和')).toBe('person-luo-fu-he');
    expect(slugFor('Organization', 'Democracy Building LAN')).toBe('org-democracy-building-lan');
    expect(slugFor('Place', '!!!')).toBe('place-entity');
  });
});

function entity(id: string, name: string, relations: EntitySnap['relations'] = []): EntitySnap {
  return {
    kind: 'entity',
    id,
    label: 'Person',
    props: { id, name, nameValues: [name, `${name} EN`], nameLangs: ['zh-Hans', 'en'], nameKinds: ['PRIMARY', 'PRIMARY'], revision: 3 },
    citations: [{ id: `c-${id}`, about: id, sourceId: 's', quote: name, start: 0, end: 1, line: 1 }],
    relations,
  };
}

describe('mergeSnapshots', () => {
  const rel = (from: string, to: string) => ({
    kind: 'relation' as const,
    id: `${from}--part-of--${to}`,
    type: 'PARTICIPATED_IN' as const,
    from,
    to,
    props: { id: `${from}--part-of--${to}`, role: '与会' },
    citations: [{ id: 'rc', about: `${from}--part-of--${to}`, sourceId: 's', quote: 'q', start: 0, end: 1, line: 1 }],
  });

  it('keeps every name, citation and relationship of the duplicate on the survivor', () => {
    const merged = mergeSnapshots(
      entity('a', '胡献'),
      entity('b', '胡 献', [{ ...rel('b', 'e'), id: 'b--participated-in--e', props: { id: 'b--participated-in--e' } }]),
    );
    expect(merged.id).toBe('a');
    expect(merged.props['nameValues']).toEqual(expect.arrayContaining(['胡献', '胡 献', '胡 献 EN']));
    expect(merged.props['nameKinds']).toEqual(expect.arrayContaining(['ALIAS']));
    expect(merged.citations.map((c) => c.about)).toEqual(['a', 'a']);
    expect(merged.relations).toEqual([expect.objectContaining({ id: 'a--participated-in--e', from: 'a', to: 'e' })]);
    expect(merged.relations[0]!.citations[0]!.about).toBe('a--participated-in--e');
    expect(merged.props['revision']).toBe(4);
  });

  it('drops a link between the two, which would become a loop', () => {
    const merged = mergeSnapshots(entity('a', 'x', [rel('a', 'b')]), entity('b', 'y', [rel('a', 'b')]));
    expect(merged.relations).toEqual([]);
  });
});

describe('sameState', () => {
  it('ignores property order but not values', () => {
    expect(sameState(entity('a', 'x'), JSON.parse(JSON.stringify(entity('a', 'x'))) as EntitySnap)).toBe(true);
    expect(sameState(entity('a', 'x'), entity('a', 'y'))).toBe(false);
    expect(sameState(null, undefined)).toBe(true);
  });
});
