import { getEntity, getEntityJoined, listPlaces, listSources } from '../../domain/lookup.js';
import { findByIdentifier } from '../../domain/match.js';
import { search } from '../../domain/search.js';
import { timeline } from '../../domain/timeline.js';
import { entities, type EntityPage } from '../../domain/browse.js';
import { changes, history } from '../../domain/curation/mutations.js';
import type { QueryResolvers } from '../../generated/graphql.js';
import { entityProjection } from '../projection.js';
import { entityJoins, eventJoins } from './types.js';

/** Root fields: each validates through the domain layer, which raises coded errors. */
export const queryResolvers: QueryResolvers = {
  // One round trip: the stored properties the selection reads, with the relationships and citations it reads.
  entity: (_p, { id }, ctx, info) =>
    getEntityJoined(
      ctx.executor,
      ctx.loaders,
      id,
      undefined,
      entityJoins(info, [], ['Person', 'Organization', 'Event']),
      entityProjection(info),
    ),
  person: (_p, { id }, ctx, info) =>
    getEntityJoined(ctx.executor, ctx.loaders, id, 'Person', entityJoins(info, [], ['Person']), entityProjection(info)),
  organization: (_p, { id }, ctx, info) =>
    getEntityJoined(ctx.executor, ctx.loaders, id, 'Organization', entityJoins(info, [], ['Organization']), entityProjection(info)),
  event: (_p, { id }, ctx, info) =>
    getEntityJoined(ctx.executor, ctx.loaders, id, 'Event', entityJoins(info, [], ['Event']), entityProjection(info)),
  initiative: (_p, { id }, ctx) => getEntity(ctx.loaders, id, 'Initiative'),
  place: (_p, { id }, ctx) => getEntity(ctx.loaders, id, 'Place'),
  source: (_p, { id }, ctx) => getEntity(ctx.loaders, id, 'Source'),
  sources: (_p, args, ctx) => listSources(ctx.executor, args.first),
  entityByIdentifier: (_p, { scheme, value }, ctx) => findByIdentifier(ctx.executor, { scheme, value }),
  places: (_p, args, ctx) => listPlaces(ctx.executor, args.located ?? null, args.first),
  search: (_p, args, ctx, info) => search(ctx.executor, args, entityProjection(info, ['entity'])),
  timeline: (_p, args, ctx, info) =>
    timeline(ctx.executor, ctx.loaders, args, entityProjection(info, ['edges', 'node']), eventJoins(info, ['edges', 'node'])),
  entities: (_p, args, ctx, info) => entities(ctx.executor, ctx.loaders, args, entityProjection(info, ['edges', 'node'])),
  history: (_p, { id, first }, ctx) => history(ctx.executor, id, first),
  changes: (_p, args, ctx) => changes(ctx.executor, args),
};

export const connectionResolvers = {
  EventConnection: {
    totalCount: (page: { totalCount: () => Promise<number> }) => page.totalCount(),
  },
  EntityConnection: {
    totalCount: (page: EntityPage) => page.totalCount(),
    facets: (page: EntityPage) => page.facets(),
  },
};
