// GraphQL over HTTP conformance: the audit suite of the graphql-http package against our server.
import { auditServer } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { startApp, type RunningApp } from '../../src/server/app.js';
import { connectApi } from '../helpers/api.js';

const { driver } = connectApi();
let app: RunningApp;

beforeAll(async () => {
  app = await startApp({ driver, logger: createLogger('silent'), host: '127.0.0.1', port: 0 });
});
afterAll(async () => app.stop());

describe('GraphQL over HTTP', () => {
  it('passes every MUST of the graphql-http audit, and reports the SHOULDs', async () => {
    const results = await auditServer({ url: app.url, fetchFn: fetch });
    const describe = (r: (typeof results)[number]) => `${r.name}: ${'reason' in r ? r.reason : ''}`;
    const failedMusts = results.filter((r) => r.status === 'error').map(describe);
    const warnings = results.filter((r) => r.status === 'warn').map(describe);
    const passed = results.filter((r) => r.status === 'ok').length;
    console.log(`graphql-http audit: ${passed} ok, ${warnings.length} SHOULD warnings, ${failedMusts.length} MUST failures`);
    for (const w of warnings) console.log(`  SHOULD: ${w}`);
    expect(failedMusts).toEqual([]);
  });
});
