// One valid dataset document of a given size (JSON, ASCII), every id starting with a prefix so a
// test or bench can remove it afterwards: one source whose lines each state one member's position,
// each member a Person citing its line and holding a position in one of 20 committees.
export function largeDataset(prefix: string, targetBytes = 750_000): string {
  const committees = Array.from({ length: 20 }, (_, c) => ({
    id: `${prefix}-committee-${c}`,
    line: `Committee ${c} of ${prefix} was founded in 1990.`,
  }));
  const lines = committees.map((c) => c.line);
  const entities: unknown[] = committees.map((c, n) => ({
    id: c.id,
    type: 'Organization',
    name: `Committee ${n} of ${prefix}`,
    citations: [{ source: `${prefix}-src`, quote: c.line }],
  }));
  const relationships: unknown[] = [];
  const document = (): string =>
    JSON.stringify({
      sources: [{ id: `${prefix}-src`, title: `Generated roll of ${prefix}`, text: `${lines.join('\n')}\n` }],
      entities,
      relationships,
    });
  for (let i = 0; i % 20 !== 0 || Buffer.byteLength(document()) < targetBytes; i += 1) {
    const committee = i % committees.length;
    const year = 1990 + (i % 30);
    const line = `Member ${i} of ${prefix} joined committee ${committee} as secretary in ${year}.`;
    lines.push(line);
    entities.push({
      id: `${prefix}-member-${i}`,
      type: 'Person',
      name: `Member ${i}`,
      descriptionEn: `A member of committee ${committee}.`,
      citations: [{ source: `${prefix}-src`, quote: `Member ${i} of ${prefix} joined` }],
    });
    relationships.push({
      type: 'HELD_POSITION',
      from: `${prefix}-member-${i}`,
      to: committees[committee]!.id,
      title: 'secretary',
      titleEn: 'secretary',
      attestedAt: String(year),
      citations: [{ source: `${prefix}-src`, quote: line }],
    });
  }
  return document();
}
