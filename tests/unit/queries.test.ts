// Pinned Cypher: every query builder's text and parameters, so any change shows in review.
import { describe, expect, it } from 'vitest';
import {
  allRelationsOf,
  citationsOf,
  claimCheckInputs,
  entitiesByIds,
  entityWithJoins,
  findingsOf,
  relationsOf,
} from '../../src/queries/entities.js';
import { mergedIds, relationshipEnds, takenIds, upsertNodes, upsertRelationships } from '../../src/queries/import.js';
import { searchEntities, TIER } from '../../src/queries/search.js';
import { timelineCount, timelinePage } from '../../src/queries/timeline.js';
import { entitiesPage, entityGroups, type EntityFilter } from '../../src/queries/browse.js';
import { ENTITY_CORE, packMap, parseProjectionKey, projectionKey, projectMap } from '../../src/queries/projection.js';
import { eventsByAlgebra, neighborhoodOf, shortestPaths } from '../../src/queries/explore.js';
import {
  lockEntities,
  recordChange,
  redirect,
  removeClaims,
  restoreRedirects,
  snapshotClaims,
  upsertClaimNodes,
} from '../../src/queries/curation.js';

describe('read builders', () => {
  it('entitiesByIds', () => {
    expect(entitiesByIds(['a', 'b'])).toMatchInlineSnapshot(`
      {
        "cypher": "UNWIND $ids AS id
      OPTIONAL MATCH (r:Redirect {id: id})
      WITH id, coalesce(r.to, id) AS target
      MATCH (n:Entity {id: target})
      RETURN id AS key, n {.*} AS node",
        "params": {
          "ids": [
            "a",
            "b",
          ],
        },
      }
    `);
    expect(entitiesByIds(['a'], 'Person').cypher).toContain('MATCH (n:Person {id: target})');
  });

  it('packs a partial projection as a list of values and rebuilds the same map, marks included', () => {
    const packed = packMap('n', ['edtf', 'name'], ENTITY_CORE, 'n {.*}');
    expect(packed.cypher).toBe('[n.id, n.type, n.name, n.edtf]');
    // What `n {.id, .type, .name, .edtf, projected: true}` gives: a missing property is null, not absent.
    expect(packed.unpack(['e1', 'EVENT', '会议', null])).toEqual({ id: 'e1', type: 'EVENT', name: '会议', edtf: null, projected: true });
    expect(packed.unpack(null)).toBeNull();
    const rel = packMap('r', ['role'], [], 'r {.*, type: type(r)}', [['type', 'type(r)']], {});
    expect(rel.cypher).toBe('[r.role, type(r)]');
    expect(rel.unpack(['主委', 'HELD_POSITION'])).toEqual({ role: '主委', type: 'HELD_POSITION' });
    // 'ALL' stays the map expression, passed through as the database sends it.
    const all = packMap('n', 'ALL', ENTITY_CORE, 'n {.*}');
    expect(all.cypher).toBe('n {.*}');
    expect(all.unpack({ id: 'x' })).toEqual({ id: 'x' });
    expect(() => packMap('n', ['name] RETURN 1 //'], ENTITY_CORE, 'n {.*}')).toThrow(/property name/);
  });

  it('projects only the properties asked for, and only property names', () => {
    expect(projectMap('n', 'ALL', ENTITY_CORE)).toBe('n {.*}');
    expect(projectMap('n', ['edtf', 'name'], ENTITY_CORE)).toBe('n {.id, .type, .name, .edtf, projected: true}');
    expect(() => projectMap('n', ['name} RETURN 1 //'], ENTITY_CORE)).toThrow(/property name/);
    expect(parseProjectionKey(projectionKey(['b', 'a', 'b']))).toEqual(['a', 'b']);
    expect(parseProjectionKey(projectionKey([]))).toEqual([]);
    const page = timelinePage(
      { from: '2002-01-01', to: '2002-12-31', reading: 'POSSIBLY', involving: null },
      10,
      null,
      ['edtf'],
      [
        { type: 'TOOK_PLACE_IN', direction: 'OUT', other: [], rel: [] },
        { type: 'PARTICIPATED_IN', direction: 'IN', other: ['descriptionEn'], rel: ['role'] },
      ],
    );
    expect(page.cypher.split('LIMIT $limit\n').at(-1)).toMatchInlineSnapshot(`
      "RETURN [e.id, e.type, e.name, e.timelineKey, e.edtf] AS node,
        COLLECT { MATCH (e)-[r:TOOK_PLACE_IN]->(other:Entity) WITH r, other ORDER BY other.id, r.id RETURN [[], [other.id, other.type, other.name]] } AS join0,
        COLLECT { MATCH (other:Entity)-[r:PARTICIPATED_IN]->(e) WITH r, other ORDER BY other.id, r.id RETURN [[r.role], [other.id, other.type, other.name, other.descriptionEn]] } AS join1"
    `);
    expect(
      entityWithJoins(
        'o',
        {
          citations: true,
          relations: { other: [], rel: ['title'], citations: true },
          typed: [
            { type: 'HELD_POSITION', direction: 'IN', other: [], rel: ['title'], at: { earliest: '2003-01-01', latest: '2003-12-31' } },
          ],
        },
        ['PART_OF'],
      ),
    ).toMatchInlineSnapshot(`
      {
        "cypher": "OPTIONAL MATCH (redirect:Redirect {id: $id})
      WITH coalesce(redirect.to, $id) AS target
      MATCH (n:Entity {id: target})
      RETURN n {.*} AS node,
        COLLECT { MATCH (c:Citation {about: n.id})-[:IN_SOURCE]->(s:Source) WITH c, s ORDER BY s.id, c.start RETURN [c.id, c.about, c.quote, c.start, c.end, c.line, s.id] } AS citations,
        COLLECT { MATCH (n)-[r]-(other:Entity) WHERE type(r) IN $types
          WITH r, other ORDER BY type(r), coalesce(other.timelineKey, ''), other.id, r.id
          RETURN [[r.title, r.id, type(r)], [other.id, other.type, other.name], startNode(r) = n, COLLECT { MATCH (c:Citation {about: r.id})-[:IN_SOURCE]->(s:Source) WITH c, s ORDER BY s.id, c.start RETURN [c.id, c.about, c.quote, c.start, c.end, c.line, s.id] }] } AS relations,
        COLLECT { MATCH (other:Entity)-[r:HELD_POSITION]->(n) WHERE (r.earliest IS NULL OR r.earliest <= date($typed0Latest)) AND (r.latest IS NULL OR r.latest >= date($typed0Earliest)) WITH r, other ORDER BY r.earliest IS NULL, r.earliest, r.id RETURN [[r.title], [other.id, other.type, other.name]] } AS typed0",
        "decode": [Function],
        "params": {
          "id": "o",
          "typed0Earliest": "2003-01-01",
          "typed0Latest": "2003-12-31",
          "types": [
            "PART_OF",
          ],
        },
      }
    `);
    // The entity itself as the selection reads it: its core and the properties asked for, marked projected.
    expect(entityWithJoins('o', { citations: true, relations: null, typed: [] }, [], ['descriptionEn']).cypher).toMatchInlineSnapshot(`
      "OPTIONAL MATCH (redirect:Redirect {id: $id})
      WITH coalesce(redirect.to, $id) AS target
      MATCH (n:Entity {id: target})
      RETURN [n.id, n.type, n.name, n.descriptionEn] AS node,
        COLLECT { MATCH (c:Citation {about: n.id})-[:IN_SOURCE]->(s:Source) WITH c, s ORDER BY s.id, c.start RETURN [c.id, c.about, c.quote, c.start, c.end, c.line, s.id] } AS citations"
    `);
    expect(relationsOf('PARTICIPATED_IN', 'IN', ['e'], null, ['descriptionEn'], ['role']).cypher).toMatchInlineSnapshot(`
      "UNWIND $ids AS key
      MATCH (other:Entity)-[r:PARTICIPATED_IN]->(:Entity {id: key})
      RETURN key, [r.role] AS rel, [other.id, other.type, other.name, other.descriptionEn] AS node
      ORDER BY key, other.id, r.id"
    `);
    // Only events have a timelineKey: it orders the other ends only where they may be events.
    expect(relationsOf('PARTICIPATED_IN', 'OUT', ['p']).cypher).toContain("ORDER BY key, coalesce(other.timelineKey, ''), other.id, r.id");
    expect(relationsOf('REVIEWED', 'OUT', ['e']).cypher).toContain("ORDER BY key, coalesce(other.timelineKey, ''), other.id, r.id");
    expect(relationsOf('REVIEWED', 'IN', ['e']).cypher).toContain("ORDER BY key, coalesce(other.timelineKey, ''), other.id, r.id");
    expect(relationsOf('LAUNCHED', 'OUT', ['e']).cypher).toContain('ORDER BY key, other.id, r.id');
  });

  it('relationsOf, both directions', () => {
    expect(relationsOf('HELD_POSITION', 'OUT', ['person-luo-fuhe'])).toMatchInlineSnapshot(`
      {
        "cypher": "UNWIND $ids AS key
      MATCH (:Entity {id: key})-[r:HELD_POSITION]->(other:Entity)
      RETURN key, r {.*, type: type(r)} AS rel, other {.*, text: null} AS node
      ORDER BY key, r.earliest IS NULL, r.earliest, r.id",
        "decode": [Function],
        "params": {
          "ids": [
            "person-luo-fuhe",
          ],
        },
      }
    `);
    expect(relationsOf('PARTICIPATED_IN', 'IN', ['e']).cypher).toMatchInlineSnapshot(`
      "UNWIND $ids AS key
      MATCH (other:Entity)-[r:PARTICIPATED_IN]->(:Entity {id: key})
      RETURN key, r {.*, type: type(r)} AS rel, other {.*, text: null} AS node
      ORDER BY key, other.id, r.id"
    `);
  });

  it('allRelationsOf', () => {
    expect(allRelationsOf(['x'], ['PART_OF', 'MENTIONS'])).toMatchInlineSnapshot(`
      {
        "cypher": "UNWIND $ids AS key
      MATCH (a:Entity {id: key})-[r]-(other:Entity)
      WHERE type(r) IN $types
      RETURN key, r {.*, type: type(r)} AS rel, other {.*, text: null} AS node, startNode(r) = a AS outgoing
      ORDER BY key, type(r), coalesce(other.timelineKey, ''), other.id, r.id",
        "decode": [Function],
        "params": {
          "ids": [
            "x",
          ],
          "types": [
            "PART_OF",
            "MENTIONS",
          ],
        },
      }
    `);
  });

  it('refuses a relationship type outside the vocabulary, whatever the caller passes', () => {
    expect(() => relationsOf('KNOWS]->() DETACH DELETE (' as never, 'OUT', [])).toThrow(/not a relationship type/);
    expect(() => upsertNodes('Person) DETACH DELETE (n' as never, [])).toThrow(/not an entity label/);
  });

  it('claimCheckInputs: the facts claims are about, with their values, times and cited sources', () => {
    expect(claimCheckInputs(['event-x', 'a--held-position--b'])).toMatchInlineSnapshot(`
      {
        "cypher": "UNWIND $ids AS key
      MATCH (c:Claim {about: key})
      WITH key, collect(c {.id, .property, .value}) AS claims
      OPTIONAL MATCH (e:Event {id: key})
      OPTIONAL MATCH ()-[r:HELD_POSITION {id: key}]->()
      WITH key, claims, e, r, [key] + [x IN claims | x.id] AS abouts
      RETURN key, claims, e.edtf AS date, r.title AS title, r.earliest AS earliest, r.latest AS latest,
        COLLECT { UNWIND abouts AS a MATCH (ct:Citation {about: a})-[:IN_SOURCE]->(s:Source)
          RETURN DISTINCT {about: a, source: s.id, published: s.publishedEdtf} AS cited } AS cited
      ORDER BY key",
        "params": {
          "ids": [
            "event-x",
            "a--held-position--b",
          ],
        },
      }
    `);
  });

  it('citationsOf and findingsOf', () => {
    expect(citationsOf(['x'])).toMatchInlineSnapshot(`
      {
        "cypher": "UNWIND $ids AS key
      MATCH (c:Citation {about: key})-[:IN_SOURCE]->(s:Source)
      RETURN key, [c.id, c.about, c.quote, c.start, c.end, c.line, s.id] AS citation
      ORDER BY key, s.id, c.start",
        "decode": [Function],
        "params": {
          "ids": [
            "x",
          ],
        },
      }
    `);
    expect(findingsOf(['e'])).toMatchInlineSnapshot(`
      {
        "cypher": "UNWIND $ids AS key
      MATCH (:Event {id: key})-[:RECORDED]->(f:Finding)
      RETURN key, f {.*} AS finding
      ORDER BY key, f.kind, f.order, f.id",
        "params": {
          "ids": [
            "e",
          ],
        },
      }
    `);
  });

  it('asks the position index only when name hits leave room: every name tier outranks every position tier', () => {
    expect(Math.min(TIER.NAME, TIER.ALIAS, TIER.PREFIX, TIER.PART)).toBeGreaterThan(Math.max(TIER.WHOLE_TITLE, TIER.POSITION));
    expect(searchEntities('x', ['x'], 'x', null, 10).cypher).toContain('WITH named WHERE size(named) < $first');
  });

  it('searchEntities', () => {
    expect(searchEntities('luo fuhe luofuhe', ['luo fuhe'], 'luofuhe', ['PERSON'], 10)).toMatchInlineSnapshot(`
      {
        "cypher": "CALL db.index.fulltext.queryNodes($index, $lucene, {limit: $scan}) YIELD node, score
      WITH node, score WHERE $types IS NULL OR node.type IN $types
      WITH node, score, coalesce(node.nameValues, []) AS names, coalesce(node.nameLangs, []) AS langs
      WITH node, score, CASE
          WHEN toLower(node.name) IN $exact THEN 5
          WHEN any(i IN range(0, size(names) - 1) WHERE toLower(names[i]) IN $exact
            OR (langs[i] = 'pinyin' AND replace(toLower(names[i]), ' ', '') = $compact)) THEN 4
          WHEN any(v IN names WHERE any(f IN $exact WHERE toLower(v) STARTS WITH f)) THEN 3
          ELSE 2 END AS tier
        ORDER BY tier DESC, score * CASE WHEN tier >= 4 THEN $boost ELSE 1.0 END DESC, node.id LIMIT $first
      WITH collect({hit: node, score: score, via: null, tier: tier}) AS named
      CALL (named) {
        WITH named WHERE size(named) < $first
        CALL db.index.fulltext.queryRelationships($positionIndex, $lucene, {limit: $scan}) YIELD relationship, score
        WITH startNode(relationship) AS hit, relationship, score WHERE $types IS NULL OR hit.type IN $types
        RETURN collect({hit: hit, score: score, tier: CASE
          WHEN any(t IN [relationship.title, relationship.titleEn, relationship.role, relationship.roleEn] WHERE toLower(t) IN $exact)
          THEN 1 ELSE 0 END,
          via: relationship {.id, type: type(relationship), .title, .titleEn, .role, .roleEn}}) AS positioned
      }
      UNWIND named + positioned AS m
      WITH m.hit AS hit, m.score * CASE WHEN m.tier >= 4 THEN $boost ELSE 1.0 END AS score, m.tier AS tier, m.via AS via
      ORDER BY tier DESC, score DESC
      WITH hit, collect({score: score, tier: tier, via: via})[0] AS best
      WITH hit, best ORDER BY best.tier DESC, best.score DESC, hit.id LIMIT $first
      RETURN hit {.*, text: null} AS node, best.score AS score, best.tier AS tier,
        hit.nameValues AS nameValues, hit.nameLangs AS nameLangs, best.via AS via
      ORDER BY tier DESC, score DESC, hit.id
      LIMIT $first",
        "decode": [Function],
        "params": {
          "boost": 4,
          "compact": "luofuhe",
          "exact": [
            "luo fuhe",
          ],
          "first": 10,
          "index": "entity_search",
          "lucene": "luo fuhe luofuhe",
          "positionIndex": "position_search",
          "scan": 200,
          "types": [
            "PERSON",
          ],
        },
      }
    `);
  });

  it('timelinePage under each reading, with cursor and involvement', () => {
    expect(timelinePage({ from: '2002-06-01', to: '2003-12-31', reading: 'POSSIBLY', involving: null }, 50, null)).toMatchInlineSnapshot(`
      {
        "cypher": "CALL () {
        MATCH (e:Event)
        WHERE e.timelineKey >= $startKey
          AND e.timelineKey < $endKey
          AND (e.latest IS NULL OR e.latest >= date($from))
          AND (e.earliest IS NULL OR e.earliest <= date($to))
        RETURN e ORDER BY e.timelineKey LIMIT $limit
        UNION
        UNWIND $spans AS span
        MATCH (e:Event)
        WHERE e.spanClass = span.k
          AND e.earliest >= date($from) - duration({days: span.days})
          AND e.earliest < date($from)
          AND e.latest >= date($from)
        RETURN e
        UNION
        MATCH (e:Event)
        WHERE e.openBounds = true
          AND (e.latest IS NULL OR e.latest >= date($from))
          AND (e.earliest IS NULL OR e.earliest <= date($to))
        RETURN e
      }
      WITH e ORDER BY e.timelineKey LIMIT $limit
      RETURN e {.*} AS node",
        "decode": [Function],
        "params": {
          "after": null,
          "endKey": "2003-12-31|~",
          "from": "2002-06-01",
          "involving": null,
          "limit": 51,
          "spans": [
            {
              "days": 1,
              "k": 0,
            },
            {
              "days": 2,
              "k": 1,
            },
            {
              "days": 4,
              "k": 2,
            },
            {
              "days": 8,
              "k": 3,
            },
            {
              "days": 16,
              "k": 4,
            },
            {
              "days": 32,
              "k": 5,
            },
            {
              "days": 64,
              "k": 6,
            },
            {
              "days": 128,
              "k": 7,
            },
            {
              "days": 256,
              "k": 8,
            },
            {
              "days": 512,
              "k": 9,
            },
            {
              "days": 1024,
              "k": 10,
            },
            {
              "days": 2048,
              "k": 11,
            },
            {
              "days": 4096,
              "k": 12,
            },
            {
              "days": 8192,
              "k": 13,
            },
            {
              "days": 16384,
              "k": 14,
            },
            {
              "days": 32768,
              "k": 15,
            },
            {
              "days": 65536,
              "k": 16,
            },
            {
              "days": 131072,
              "k": 17,
            },
            {
              "days": 262144,
              "k": 18,
            },
            {
              "days": 524288,
              "k": 19,
            },
            {
              "days": 1048576,
              "k": 20,
            },
            {
              "days": 2097152,
              "k": 21,
            },
            {
              "days": 4194304,
              "k": 22,
            },
          ],
          "startKey": "2002-06-01",
          "to": "2003-12-31",
        },
      }
    `);
    expect(timelinePage({ from: '2002-06-01', to: '2003-12-31', reading: 'CERTAINLY', involving: ['p'] }, 10, '2002-07-01|1|x').cypher)
      .toMatchInlineSnapshot(`
      "CALL () {
        MATCH (e:Event)
        WHERE e.timelineKey >= $startKey
          AND e.timelineKey < $endKey
          AND e.timelineKey > $after
          AND e.earliest >= date($from)
          AND e.latest <= date($to)
          AND EXISTS { MATCH (e)--(x:Entity) WHERE x.id IN $involving }
        RETURN e ORDER BY e.timelineKey LIMIT $limit
        UNION
        MATCH (e:Event)
        WHERE e.openBounds = true
          AND e.timelineKey > $after
          AND e.earliest >= date($from)
          AND e.latest <= date($to)
          AND EXISTS { MATCH (e)--(x:Entity) WHERE x.id IN $involving }
        RETURN e
      }
      WITH e ORDER BY e.timelineKey LIMIT $limit
      RETURN e {.*} AS node"
    `);
    expect(timelineCount({ from: null, to: null, reading: 'POSSIBLY', involving: null }).cypher).toMatchInlineSnapshot(`
      "CALL () {
        MATCH (e:Event)
        WHERE e.timelineKey >= $startKey
          AND e.timelineKey < $endKey
        RETURN e
        UNION
        MATCH (e:Event)
        WHERE e.openBounds = true
        RETURN e
      }
      RETURN count(e) AS count"
    `);
  });
});

describe('browsing builders', () => {
  const none: EntityFilter = { type: null, name: null, kinds: null, date: null, involving: null, hasIdentifier: null };
  const every: EntityFilter = {
    type: 'EVENT',
    name: { eq: ['罗富和', '羅富和'], contains: ['luo'], startsWith: null },
    kinds: ['MEETING'],
    date: { from: '2002-01-01', to: '2003-12-31', reading: 'CERTAINLY' },
    involving: ['person-luo-fuhe'],
    hasIdentifier: 'WIKIDATA',
  };

  it('entitiesPage: the first page by name, without a filter', () => {
    expect(entitiesPage(none, 'NAME', { limit: 51, backward: false, after: null, before: null }, ['descriptionEn'])).toMatchInlineSnapshot(`
        {
          "cypher": "CALL () {
          MATCH (e:Entity)
          WITH e, coalesce(e.sortName, toLower(e.name)) AS key
          RETURN e, key ORDER BY key, e.id LIMIT $limit
        }
        WITH collect({node: e {.id, .type, .name, .descriptionEn, projected: true}, key: key}) AS page
        RETURN page, false AS more",
          "params": {
            "limit": 51,
          },
        }
      `);
  });

  it('entitiesPage: every filter, both cursors, backward by date', () => {
    expect(
      entitiesPage(every, 'EARLIEST', {
        limit: 11,
        backward: true,
        after: { key: 'a', id: 'x' },
        before: { key: 'b', id: 'y' },
      }),
    ).toMatchInlineSnapshot(`
      {
        "cypher": "CALL () {
        MATCH (e:Event)
        WHERE ANY(k IN coalesce(e.nameKeys, [v IN e.nameValues | toLower(v)]) WHERE k IN $nameEq)
          AND ANY(k IN coalesce(e.nameKeys, [v IN e.nameValues | toLower(v)]) WHERE ANY(q IN $nameContains WHERE k CONTAINS q))
          AND e.kind IN $kinds
          AND e.edtf IS NOT NULL
          AND e.earliest >= date($from)
          AND e.latest <= date($to)
          AND EXISTS { MATCH (e)--(x:Entity) WHERE x.id IN $involving }
          AND $scheme IN coalesce(e.identifierSchemes, [])
        WITH e, coalesce(e.timelineKey, '~' + coalesce(e.sortName, toLower(e.name))) AS key
        WHERE (key > $afterKey OR (key = $afterKey AND e.id > $afterId))
          AND (key < $beforeKey OR (key = $beforeKey AND e.id < $beforeId))
        RETURN e, key ORDER BY key DESC, e.id DESC LIMIT $limit
      }
      WITH collect({node: e {.*}, key: key}) AS page
      RETURN page, EXISTS {
        MATCH (e:Event)
        WHERE ANY(k IN coalesce(e.nameKeys, [v IN e.nameValues | toLower(v)]) WHERE k IN $nameEq)
          AND ANY(k IN coalesce(e.nameKeys, [v IN e.nameValues | toLower(v)]) WHERE ANY(q IN $nameContains WHERE k CONTAINS q))
          AND e.kind IN $kinds
          AND e.edtf IS NOT NULL
          AND e.earliest >= date($from)
          AND e.latest <= date($to)
          AND EXISTS { MATCH (e)--(x:Entity) WHERE x.id IN $involving }
          AND $scheme IN coalesce(e.identifierSchemes, [])
          AND (coalesce(e.timelineKey, '~' + coalesce(e.sortName, toLower(e.name))) > $startKey OR (coalesce(e.timelineKey, '~' + coalesce(e.sortName, toLower(e.name))) = $startKey AND e.id >= $startId))
      } AS more",
        "params": {
          "afterId": "x",
          "afterKey": "a",
          "beforeId": "y",
          "beforeKey": "b",
          "from": "2002-01-01",
          "involving": [
            "person-luo-fuhe",
          ],
          "kinds": [
            "MEETING",
          ],
          "limit": 11,
          "nameContains": [
            "luo",
          ],
          "nameEq": [
            "罗富和",
            "羅富和",
          ],
          "scheme": "WIKIDATA",
          "startId": "y",
          "startKey": "b",
          "to": "2003-12-31",
        },
      }
    `);
  });

  it('entitiesPage: forward from a cursor asks whether anything lies behind it', () => {
    expect(entitiesPage({ ...none, type: 'PERSON' }, 'NAME', { limit: 3, backward: false, after: { key: 'k', id: 'i' }, before: null }))
      .toMatchInlineSnapshot(`
      {
        "cypher": "CALL () {
        MATCH (e:Person)
        WITH e, coalesce(e.sortName, toLower(e.name)) AS key
        WHERE (key > $afterKey OR (key = $afterKey AND e.id > $afterId))
        RETURN e, key ORDER BY key, e.id LIMIT $limit
      }
      WITH collect({node: e {.*}, key: key}) AS page
      RETURN page, EXISTS {
        MATCH (e:Person)
        WHERE (coalesce(e.sortName, toLower(e.name)) < $startKey OR (coalesce(e.sortName, toLower(e.name)) = $startKey AND e.id <= $startId))
      } AS more",
        "params": {
          "afterId": "i",
          "afterKey": "k",
          "limit": 3,
          "startId": "i",
          "startKey": "k",
        },
      }
    `);
  });

  it('entityGroups ignores the type (the types facet counts every type)', () => {
    expect(entityGroups(every)).toMatchInlineSnapshot(`
      {
        "cypher": "MATCH (e:Entity)
      WHERE ANY(k IN coalesce(e.nameKeys, [v IN e.nameValues | toLower(v)]) WHERE k IN $nameEq)
        AND ANY(k IN coalesce(e.nameKeys, [v IN e.nameValues | toLower(v)]) WHERE ANY(q IN $nameContains WHERE k CONTAINS q))
        AND e.kind IN $kinds
        AND e.edtf IS NOT NULL
        AND e.earliest >= date($from)
        AND e.latest <= date($to)
        AND EXISTS { MATCH (e)--(x:Entity) WHERE x.id IN $involving }
        AND $scheme IN coalesce(e.identifierSchemes, [])
      WITH e.type AS type, e.kind AS kind, CASE WHEN e.earliest IS NULL THEN null ELSE toString(toInteger(floor(e.earliest.year / 10.0)) * 10) END AS decade
      RETURN type, kind, decade, count(*) AS count",
        "params": {
          "from": "2002-01-01",
          "involving": [
            "person-luo-fuhe",
          ],
          "kinds": [
            "MEETING",
          ],
          "nameContains": [
            "luo",
          ],
          "nameEq": [
            "罗富和",
            "羅富和",
          ],
          "scheme": "WIKIDATA",
          "to": "2003-12-31",
        },
      }
    `);
    expect(entityGroups({ ...none, type: 'PERSON' }).cypher).not.toContain('$type');
  });
});

describe('write builders', () => {
  it('relationshipEnds looks ids up per type through their unique indexes, and is null without ids', () => {
    expect(relationshipEnds(new Map())).toBeNull();
    expect(relationshipEnds(new Map([['PART_OF', []]]))).toBeNull();
    expect(
      relationshipEnds(
        new Map([
          ['PART_OF', ['r1']],
          ['HELD_POSITION', ['r2', 'r3']],
        ]),
      ),
    ).toMatchInlineSnapshot(`
      {
        "cypher": "UNWIND $ids0 AS id
      MATCH (a)-[r:PART_OF {id: id}]->(b)
      RETURN 'PART_OF' AS type, id, a.id AS from, b.id AS to, properties(r) AS props
      UNION ALL
      UNWIND $ids1 AS id
      MATCH (a)-[r:HELD_POSITION {id: id}]->(b)
      RETURN 'HELD_POSITION' AS type, id, a.id AS from, b.id AS to, properties(r) AS props",
        "params": {
          "ids0": [
            "r1",
          ],
          "ids1": [
            "r2",
            "r3",
          ],
        },
      }
    `);
    expect(() => relationshipEnds(new Map([['PART_OF]->() DETACH DELETE (x' as never, ['r']]]))).toThrow(/not a relationship type/);
  });

  it('mergedIds finds the redirects of ids an import names, by the Redirect index', () => {
    expect(mergedIds(['a', 'b'])).toMatchInlineSnapshot(`
      {
        "cypher": "UNWIND $ids AS id
      MATCH (r:Redirect {id: id})
      RETURN r.id AS id, r.to AS to",
        "params": {
          "ids": [
            "a",
            "b",
          ],
        },
      }
    `);
  });

  it('takenIds: the id of an entity, or of one merged away, each through its unique index', () => {
    expect(takenIds(['a']).cypher).toMatchInlineSnapshot(`
      "UNWIND $ids AS id
      WITH id WHERE EXISTS { (:Entity {id: id}) } OR EXISTS { (:Redirect {id: id}) }
      RETURN id"
    `);
  });

  it('upsertNodes and upsertRelationships merge on ids', () => {
    expect(upsertNodes('Event', [{ id: 'e', props: { id: 'e' } }]).cypher).toMatchInlineSnapshot(`
      "CYPHER replan=skip
      UNWIND $rows AS row
      MERGE (n:Entity {id: row.id})
      WITH row, n, coalesce(n.revision, 0) AS revision
      SET n = row.props, n:Event
      SET n.earliest = date(row.props.earliest), n.latest = date(row.props.latest), n.revision = revision + 1"
    `);
    expect(upsertRelationships('PART_OF', [{ id: 'r', from: 'a', to: 'b', props: { id: 'r' } }]).cypher).toMatchInlineSnapshot(`
      "CYPHER replan=skip
      UNWIND $rows AS row
      MATCH (a:Entity {id: row.from})
      MATCH (b:Entity {id: row.to})
      MERGE (a)-[r:PART_OF {id: row.id}]->(b)
      SET r = row.props
      SET r.earliest = date(row.props.earliest), r.latest = date(row.props.latest)"
    `);
  });
});

describe('exploration builders', () => {
  it('shortestPaths, with and without a date', () => {
    expect(shortestPaths('a', 'b', 4, 5, null, ['HELD_POSITION', 'PART_OF'])).toMatchInlineSnapshot(`
      {
        "cypher": "OPTIONAL MATCH (ra:Redirect {id: $from})
      OPTIONAL MATCH (rb:Redirect {id: $to})
      WITH coalesce(ra.to, $from) AS fromId, coalesce(rb.to, $to) AS toId
      OPTIONAL MATCH (a:Entity {id: fromId})
      OPTIONAL MATCH (b:Entity {id: toId})
      CALL (a, b) {
        WITH a, b WHERE a IS NOT NULL AND b IS NOT NULL AND a <> b
        MATCH p = allShortestPaths((a)-[*..4]-(b))
        WHERE all(r IN relationships(p) WHERE type(r) IN $types)
        WITH p LIMIT $first
        RETURN collect({
          nodes: [n IN nodes(p) | n {.*, text: null}],
          rels: [r IN relationships(p) | r {.*, type: type(r), fromId: startNode(r).id, toId: endNode(r).id}]
        }) AS paths
      }
      RETURN a IS NOT NULL AS fromFound, b IS NOT NULL AS toFound, paths",
        "params": {
          "atEarliest": null,
          "atLatest": null,
          "first": 5,
          "from": "a",
          "to": "b",
          "types": [
            "HELD_POSITION",
            "PART_OF",
          ],
        },
      }
    `);
    expect(shortestPaths('a', 'b', 3, 5, { earliest: '2003-01-01', latest: '2003-12-31' }, ['PART_OF']).cypher).toMatchInlineSnapshot(`
      "OPTIONAL MATCH (ra:Redirect {id: $from})
      OPTIONAL MATCH (rb:Redirect {id: $to})
      WITH coalesce(ra.to, $from) AS fromId, coalesce(rb.to, $to) AS toId
      OPTIONAL MATCH (a:Entity {id: fromId})
      OPTIONAL MATCH (b:Entity {id: toId})
      CALL (a, b) {
        WITH a, b WHERE a IS NOT NULL AND b IS NOT NULL AND a <> b
        MATCH p = allShortestPaths((a)-[*..3]-(b))
        WHERE all(r IN relationships(p) WHERE type(r) IN $types)
          AND all(r IN relationships(p) WHERE CASE
            WHEN r.earliest IS NOT NULL OR r.latest IS NOT NULL THEN (r.earliest IS NULL OR r.earliest <= date($atLatest)) AND (r.latest IS NULL OR r.latest >= date($atEarliest))
            WHEN startNode(r):Event THEN (startNode(r).earliest IS NULL OR startNode(r).earliest <= date($atLatest)) AND (startNode(r).latest IS NULL OR startNode(r).latest >= date($atEarliest))
            WHEN endNode(r):Event THEN (endNode(r).earliest IS NULL OR endNode(r).earliest <= date($atLatest)) AND (endNode(r).latest IS NULL OR endNode(r).latest >= date($atEarliest))
            ELSE true END)
        WITH p LIMIT $first
        RETURN collect({
          nodes: [n IN nodes(p) | n {.*, text: null}],
          rels: [r IN relationships(p) | r {.*, type: type(r), fromId: startNode(r).id, toId: endNode(r).id}]
        }) AS paths
      }
      RETURN a IS NOT NULL AS fromFound, b IS NOT NULL AS toFound, paths"
    `);
    // Only what the selection reads of the path's entities and relationships (ids and types always).
    expect(shortestPaths('a', 'b', 4, 5, null, null, { node: ['edtf'], rel: [] }).cypher.split('RETURN collect(')[1])
      .toMatchInlineSnapshot(`
      "{
          nodes: [n IN nodes(p) | n {.id, .type, .name, .edtf, projected: true}],
          rels: [r IN relationships(p) | r {.id, type: type(r), fromId: startNode(r).id, toId: endNode(r).id}]
        }) AS paths
      }
      RETURN a IS NOT NULL AS fromFound, b IS NOT NULL AS toFound, paths"
    `);
    expect(() => shortestPaths('a', 'b', 99, 5, null)).toThrow(/maxHops/);
  });

  it('neighborhoodOf and eventsByAlgebra', () => {
    const ids = neighborhoodOf('a', 1, null, null, { node: [], edge: [] }).cypher;
    expect(ids).toContain('[n.id, hops, null]');
    expect(ids).toContain('[r.id, type(r), startNode(r).id, endNode(r).id, null]');
    expect(() => neighborhoodOf('a', 1, null, null, { node: ['text' as never], edge: [] })).toThrow(/projectable/);
    expect(neighborhoodOf('a', 2, ['PART_OF'], null, { node: ['name', 'type'], edge: 'ALL' }).cypher).toMatchInlineSnapshot(`
      "OPTIONAL MATCH (redirect:Redirect {id: $id})
      WITH coalesce(redirect.to, $id) AS target
      MATCH (c:Entity {id: target})
      OPTIONAL MATCH p = (c)-[*1..2]-(n:Entity)
      WHERE all(r IN relationships(p) WHERE type(r) IN $types)
      UNWIND CASE WHEN p IS NULL THEN [null] ELSE relationships(p) END AS r
      WITH c, n, length(p) AS hops, r
      WITH c, collect(DISTINCT r) AS rels, collect({n: n, hops: hops}) AS pairs
      UNWIND CASE WHEN size(pairs) = 0 THEN [null] ELSE pairs END AS pair
      WITH c, rels, pair.n AS n, min(pair.hops) AS hops
      WITH c, rels, collect(CASE WHEN n IS NULL OR n = c THEN null ELSE [n.id, hops, n {.name, .type}] END) AS reached
      RETURN [c.id, c {.name, .type}] AS center, reached,
        [r IN rels | [r.id, type(r), startNode(r).id, endNode(r).id, r {.*}]] AS rels"
    `);
    expect(
      eventsByAlgebra(
        { before: { earliest: '2003-01-01', latest: '2003-12-31' }, after: null, during: null, reading: 'CERTAINLY', involving: null },
        10,
      ),
    ).toMatchInlineSnapshot(`
      {
        "cypher": "MATCH (e:Event)
      WHERE e.latest < date($beforeEarliest)
      RETURN e {.*} AS node
      ORDER BY e.timelineKey
      LIMIT $first",
        "params": {
          "afterLatest": null,
          "beforeEarliest": "2003-01-01",
          "first": 10,
          "from": null,
          "involving": null,
          "to": null,
        },
      }
    `);
  });
});

describe('curation builders', () => {
  it('redirect remembers through whom it re-points older redirects, and restoreRedirects points them back', () => {
    expect(redirect('a', 'b').cypher).toMatchInlineSnapshot(`
      "MERGE (r:Redirect {id: $from})
      SET r.to = $to
      WITH r
      MATCH (older:Redirect {to: $from})
      SET older.to = $to, older.via = coalesce(older.via, []) + $from"
    `);
    expect(restoreRedirects('a', 'b').cypher).toMatchInlineSnapshot(`
      "MATCH (older:Redirect {to: $survivor}) WHERE older.via[-1] = $duplicate
      SET older.to = $duplicate, older.via = CASE WHEN size(older.via) > 1 THEN older.via[..-1] END"
    `);
  });

  it('lockEntities takes write locks before reading revisions', () => {
    expect(lockEntities(['a']).cypher).toMatchInlineSnapshot(`
      "UNWIND $ids AS id
      MATCH (n:Entity {id: id})
      SET n._lock = true
      REMOVE n._lock
      RETURN n.id AS id, coalesce(n.revision, 0) AS revision, [l IN labels(n) WHERE l <> 'Entity'][0] AS label"
    `);
  });

  it('snapshots, removes and restores claims by id with their citations (what a revert of an import restores)', () => {
    expect(snapshotClaims(['k']).cypher).toMatchInlineSnapshot(`
      "UNWIND $ids AS id
      MATCH (n:Claim {id: id})
      CALL (n) {
        OPTIONAL MATCH (c:Citation {about: n.id})-[:IN_SOURCE]->(s:Source)
        RETURN collect(c {.*, sourceId: s.id}) AS citations
      }
      RETURN id, properties(n) AS props, citations"
    `);
    expect(removeClaims(['k']).cypher).toMatchInlineSnapshot(`
      "UNWIND $ids AS id
      MATCH (n:Claim {id: id})
      CALL (n) {
        MATCH (c:Citation {about: n.id})
        DETACH DELETE c
      }
      DETACH DELETE n"
    `);
    expect(upsertClaimNodes([{ id: 'k' }]).cypher).toMatchInlineSnapshot(`
      "UNWIND $rows AS row
      MERGE (n:Claim {id: row.id})
      SET n = row"
    `);
  });

  it('recordChange links the change to every key it touched', () => {
    expect(
      recordChange({
        id: 'c',
        seq: 1,
        at: 't',
        curator: 'x',
        operation: 'CREATE_ENTITY',
        targets: ['a'],
        before: null,
        after: null,
        citations: '[]',
        revertOf: null,
      }).cypher,
    ).toMatchInlineSnapshot(`
      "CREATE (c:Change)
      SET c = $change
      WITH c
      UNWIND $change.targets AS target
      MERGE (k:ChangeKey {id: target})
      CREATE (c)-[:AFFECTED]->(k)
      RETURN DISTINCT c.id AS id"
    `);
  });
});
