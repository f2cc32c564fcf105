import { hasHan, toneless } from './pinyin.js';
import type { EntityLabel } from './vocabulary.js';

/** The prefix of generated ids, by entity type (person-…, org-…). */
export const ID_PREFIX: Record<EntityLabel, string> = {
  Person: 'person',
  Organization: 'org',
  Event: 'event',
  Initiative: 'initiative',
  Place: 'place',
  Source: 'src',
};

/**
 * A readable id from the type and name: 罗富和 → person-luo-fu-he. It has the dataset's id form
 * (lowercase slug, no "--", at most 120 characters), and so does the slug with "-2", "-3"… after it.
 */
export function slugFor(label: EntityLabel, name: string): string {
  const words = hasHan(name)
    ? toneless(name)
    : name
        .normalize('NFKD')
        .toLowerCase()
        .split(/[^a-z0-9]+/);
  const slug =
    words
      .filter((w) => /^[a-z0-9]+$/.test(w))
      .join('-')
      .slice(0, 80)
      .replace(/-+$/, '') || 'entity';
  return `${ID_PREFIX[label]}-${slug}`;
}
