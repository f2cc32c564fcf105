import type { Props } from './props.js';
import type { EntityLabel, RelationshipType } from './vocabulary.js';

export interface NodeRow {
  id: string;
  props: Props;
}
export interface RelationshipRow {
  id: string;
  from: string;
  to: string;
  props: Props;
}
export interface CitationRow {
  id: string;
  sourceId: string;
  props: Props;
}

/** Everything an import writes, grouped so each group is one UNWIND statement. */
export interface ImportPlan {
  nodes: Map<EntityLabel, NodeRow[]>;
  relationships: Map<RelationshipType, RelationshipRow[]>;
  findings: { id: string; event: string; props: Props }[];
  claims: NodeRow[];
  citations: CitationRow[];
  mentions: { sourceId: string; entityId: string }[];
}
