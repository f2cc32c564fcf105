// Initiative.launchedBy answers every launcher with its own type: LAUNCHED starts at an Event or an
// Organization, and an organization used to come back typed as an Event (its date then failed).
import { afterAll, describe, expect, it } from 'vitest';
import { connectApi } from '../helpers/api.js';

const { gql, asCurator } = connectApi();
const SRC = 'src-mj-gd-2006-qingyuan';
const LINK = 'org-capd-guangdong--LAUNCHED--initiative-three-projects';

afterAll(async () => {
  await asCurator('alice', `mutation($id: ID!) { removeRelationship(id: $id) { id } }`, { id: LINK });
});

describe('Initiative.launchedBy', () => {
  it('answers an organization that launched an initiative as an Organization, beside the launching event', async () => {
    const added = await asCurator('alice', `mutation($input: RelationshipInput!) { addRelationship(input: $input) { id } }`, {
      input: {
        type: 'LAUNCHED',
        from: 'org-capd-guangdong',
        to: 'initiative-three-projects',
        citations: [{ source: SRC, quote: '三大工程' }],
      },
    });
    expect(added.errors).toBeUndefined();
    const read = await gql<{ initiative: { launchedBy: { __typename: string; id: string; date?: { edtf: string } }[] } }>(
      `query { initiative(id: "initiative-three-projects") { launchedBy { __typename id ... on Event { date { edtf } } } } }`,
    );
    expect(read.errors).toBeUndefined();
    const launchers = read.data!.initiative.launchedBy;
    expect(launchers).toContainEqual({ __typename: 'Organization', id: 'org-capd-guangdong' });
    expect(launchers.find((l) => l.__typename === 'Event')?.date?.edtf).toBeTruthy();
  });
});
