import { writeFileSync } from 'node:fs';
import { startApi } from '../../support/harness';
import { freshDatabase } from '../support/databases';
it('dump', async () => {
  const db = await freshDatabase('dump');
  const api = await startApi({ DATABASE_URL: db, QUEUE_PREFIX: '{dump}' });
  const r = await fetch(api.url + '/api/docs-json');
  writeFileSync('/tmp/openapi.json', await r.text());
  await api.close();
}, 120000);
