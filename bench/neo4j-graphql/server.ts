// The @neo4j/graphql column's server, run as its own process by startNeo4jGraphqlServer (index.ts):
// Apollo Server 5 standalone on 127.0.0.1:PORT (POST /graphql) over NEO4J_URI, the library's
// documented setup. Prints one line with its URL once it listens.
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { startStandaloneServer } from '@apollo/server/standalone';
import { Neo4jGraphQL } from '@neo4j/graphql';
import { createDriver } from '../../src/db/executor.js';
import { typeDefs } from './type-defs.js';

const READY = 'NEO4J_GRAPHQL_READY'; // index.ts waits for this line

const driver = createDriver({
  uri: process.env['NEO4J_URI'] ?? 'bolt://127.0.0.1:7687',
  user: process.env['NEO4J_USER'] ?? 'neo4j',
  password: process.env['NEO4J_PASSWORD'],
});
const neoSchema = new Neo4jGraphQL({ typeDefs, driver });
// Fails fast when the database lacks what the library requires (Neo4j 5 and the APOC functions it calls).
await neoSchema.checkNeo4jCompat();
const apollo = new ApolloServer({ schema: await neoSchema.getSchema(), plugins: [ApolloServerPluginLandingPageDisabled()] });
const { url } = await startStandaloneServer(apollo, { listen: { host: '127.0.0.1', port: Number(process.env['PORT'] ?? 0) } });
process.stdout.write(`${READY} ${url}\n`);

const stop = (): void => {
  void apollo
    .stop()
    .then(() => driver.close())
    .finally(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
