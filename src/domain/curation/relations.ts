import type { Executor } from '../../db/executor.js';
import { requireWriter, type Principal } from '../../auth/tokens.js';
import { citationId } from '../../dataset/plan.js';
import { locateQuote, quoteNotFound, relationshipId } from '../../dataset/validate.js';
import { AnnalsError, ErrorCode, badInput } from '../../errors.js';
import { lockEntities } from '../../queries/curation.js';
import { sourceTexts } from '../../queries/import.js';
import type { EntityLinkType } from '../../model/vocabulary.js';
import { applyStates } from './apply.js';
import { recordedChange, recordedWrite, type ChangeRecord, type WriteOptions } from './change.js';
import { lockExisting, type EntityWrite } from './entities.js';
import { entityFromPlan, relationFromPlan, validateInput } from './input.js';
import { readEntities, readRelations, type CitationSnap, type Snap } from './snapshot.js';

export interface RelationshipArgs {
  id?: string | null;
  /** Any type the API names; validation accepts curated ones only (MENTIONS is derived from citations). */
  type: EntityLinkType;
  from: string;
  to: string;
  citations: { source: string; quote: string }[];
  [field: string]: unknown;
}

/** Adds a relationship between existing entities, allowed for their labels, with its citations. */
export async function addRelationship(
  executor: Executor,
  principal: Principal,
  input: RelationshipArgs,
  options: WriteOptions = {},
): Promise<ChangeRecord> {
  const curator = requireWriter(principal);
  const { change } = await recordedChange(
    executor,
    curator,
    'ADD_RELATIONSHIP',
    async (run) => {
      const id = input.id ?? relationshipId(input.type, input.from, input.to);
      const { plan } = await validateInput(run, 'relationships', { ...input, id });
      // Locking both ends makes a concurrent delete of either wait for us, or us fail on it.
      await lockExisting(
        run,
        [input.from, input.to].filter((v, n, all) => all.indexOf(v) === n),
      );
      if ((await readRelations(run, [id])).size > 0) {
        throw new AnnalsError(ErrorCode.CONFLICT, `A relationship with the id "${id}" already exists; give the new one an id of its own.`, {
          id,
        });
      }
      const state = relationFromPlan(plan);
      await applyStates(run, { [id]: state });
      return { targets: { entities: [], relations: [id] }, before: { [id]: null }, citations: input.citations, result: null };
    },
    { ...options, request: input },
  );
  return change;
}

export async function removeRelationship(
  executor: Executor,
  principal: Principal,
  id: string,
  options: WriteOptions = {},
): Promise<ChangeRecord> {
  const curator = requireWriter(principal);
  const { change } = await recordedChange(
    executor,
    curator,
    'REMOVE_RELATIONSHIP',
    async (run) => {
      const before = (await readRelations(run, [id])).get(id);
      if (before === undefined) throw new AnnalsError(ErrorCode.NOT_FOUND, `No relationship has the id "${id}".`, { id });
      await lockExisting(
        run,
        [before.from, before.to].filter((v, n, all) => all.indexOf(v) === n),
      );
      await applyStates(run, { [id]: null }, () => 'relation');
      return { targets: { entities: [], relations: [id] }, before: { [id]: before }, citations: [], result: null };
    },
    { ...options, request: { id } },
  );
  return change;
}

/** Adds a source with its full text; the id must be new. */
export async function addSource(
  executor: Executor,
  principal: Principal,
  input: Record<string, unknown> & { id: string },
  options: WriteOptions = {},
): Promise<EntityWrite> {
  const curator = requireWriter(principal);
  const { result, change } = await recordedChange(
    executor,
    curator,
    'ADD_SOURCE',
    async (run) => {
      if ((await run(lockEntities([input.id]))).length > 0) {
        throw new AnnalsError(ErrorCode.CONFLICT, `An entity with the id "${input.id}" already exists.`, { id: input.id });
      }
      const { plan } = await validateInput(run, 'sources', input);
      const state = entityFromPlan(plan, 'Source', input.id, [], 1);
      await applyStates(run, { [input.id]: state });
      return {
        targets: { entities: [input.id], relations: [] },
        before: { [input.id]: null },
        citations: [],
        result: { id: input.id, revision: 1 },
      };
    },
    { ...options, request: input },
  );
  return { ...result, change, changed: true };
}

/** Adds a citation to an entity or relationship; the quote must occur verbatim in the source. */
/** Null when that citation was already there: nothing changed, nothing is recorded. */
export async function addCitation(
  executor: Executor,
  principal: Principal,
  about: string,
  citation: { source: string; quote: string },
  options: WriteOptions = {},
): Promise<ChangeRecord | null> {
  const curator = requireWriter(principal);
  if (citation.quote.trim() === '') throw badInput('the quote is empty', 'citation.quote');
  const { change } = await recordedWrite(
    executor,
    curator,
    'ADD_CITATION',
    async (run) => {
      const [textRow] = await run(sourceTexts([citation.source]));
      if (textRow === undefined) throw badInput(`no such source "${citation.source}"`, 'citation.source');
      const found = locateQuote(textRow.text, citation.quote);
      if (found === null) throw badInput(quoteNotFound(citation.source, textRow.text, citation.quote), 'citation.quote');
      const id = citationId(about, citation.source, citation.quote);
      const cite: CitationSnap = { id, about, sourceId: citation.source, quote: citation.quote, ...found };

      const entity = (await readEntities(run, [about])).get(about);
      let before: Snap;
      let after: Snap;
      if (entity !== undefined) {
        await lockExisting(run, [about]);
        before = entity;
        after = {
          ...entity,
          props: { ...entity.props, revision: ((entity.props['revision'] as number) ?? 0) + 1 },
          citations: [...entity.citations.filter((c) => c.id !== id), cite],
        };
      } else {
        const relation = (await readRelations(run, [about])).get(about);
        if (relation === undefined)
          throw new AnnalsError(ErrorCode.NOT_FOUND, `No entity or relationship has the id "${about}".`, { id: about });
        before = relation;
        after = { ...relation, citations: [...relation.citations.filter((c) => c.id !== id), cite] };
      }
      // The same quote of the same source about the same thing is one citation (its id says so).
      const unchanged = before.citations.some((c) => c.id === id);
      if (!unchanged) await applyStates(run, { [about]: after });
      const targets = after.kind === 'entity' ? { entities: [about], relations: [] } : { entities: [], relations: [about] };
      return { unchanged, targets, before: { [about]: before }, citations: [citation], result: null };
    },
    { ...options, request: { about, citation } },
  );
  return change;
}
