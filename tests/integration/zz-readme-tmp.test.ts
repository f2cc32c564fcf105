import { it } from 'vitest';
import { connectApi } from '../helpers/api.js';
const { gql } = connectApi();
it('prints', async () => {
  for (const q of [
    '{ search(text: "副秘书长", types: [PERSON], first: 2) { entity { id name } matched { kind value via } } }',
    '{ search(text: "罗", first: 5) { score entity { id name } matched { kind value via } } }',
    '{ search(text: "副秘书长", first: 10) { score entity { id name } matched { kind value via } } }',
    '{ search(text: "lfh", first: 5) { score entity { id name } matched { kind value via } } }',
  ])
    console.log('OUT', JSON.stringify((await gql(q)).data));
});
