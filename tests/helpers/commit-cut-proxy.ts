import { createServer, connect, type Server, type Socket } from 'node:net';

// A Bolt COMMIT message in its own chunk: length 2, struct of 0 fields (0xB0), signature 0x12, end.
const COMMIT = Buffer.from([0x00, 0x02, 0xb0, 0x12, 0x00, 0x00]);

/**
 * A TCP proxy in front of Neo4j that lets the first COMMIT it sees reach the database, then cuts
 * the client's connection instead of passing the database's answer on: the write has committed,
 * and the client only sees a lost connection. This is what a crash between commit and reply looks
 * like to a client, reproduced with the real driver and the real database.
 */
export async function commitCutProxy(target: string): Promise<{ uri: string; cuts: () => number; close(): Promise<void> }> {
  const { hostname, port } = new URL(target.replace(/^bolt:/, 'http:'));
  let cuts = 0;
  let armed = true;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(Number(port), hostname);
    sockets.add(client).add(upstream);
    let cutAfterReply = false;
    client.on('data', (chunk) => {
      if (armed && chunk.includes(COMMIT)) {
        armed = false;
        cutAfterReply = true;
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk) => {
      if (cutAfterReply) {
        cuts += 1;
        client.destroy();
        upstream.destroy();
        return;
      }
      client.write(chunk);
    });
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  await new Promise<void>((res) => server.listen(0, '127.0.0.1', res));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return {
    uri: `bolt://127.0.0.1:${address.port}`,
    cuts: () => cuts,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((res) => server.close(() => res()));
    },
  };
}
