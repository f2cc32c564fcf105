/**
 * A dataset whose fact states a later memoir's date while its claim cites the contemporary report,
 * so the claim rules prefer the claim: every import path must refuse it, with this message.
 */
export function disagreeingClaimsDataset(prefix: string) {
  return {
    sources: [
      { id: `${prefix}-late`, text: '后来的回忆:会议在2010年召开。', title: '后来的回忆', published: '2020' },
      { id: `${prefix}-early`, text: '当时的报道:会议在2009年召开。', title: '当时的报道', published: '2009-12' },
    ],
    entities: [
      {
        id: `${prefix}-ev`,
        type: 'Event',
        name: '某会议',
        date: '2010',
        citations: [{ source: `${prefix}-late`, quote: '会议在2010年召开' }],
      },
    ],
    claims: [
      {
        id: `${prefix}-claim`,
        about: `${prefix}-ev`,
        property: 'date',
        value: '2009',
        citations: [{ source: `${prefix}-early`, quote: '会议在2009年召开' }],
      },
    ],
  };
}

/** How the claim check refuses disagreeingClaimsDataset(prefix). */
export const disagreeingClaimsMessage = (prefix: string): string =>
  `The date of ${prefix}-ev is "2010", but its claims prefer "2009" (contemporary source (published 2009-12, 0 days from the fact, over 2020, 3288 days)): state the preferred value as the fact, and the other as a claim.`;
