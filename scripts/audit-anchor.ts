import 'reflect-metadata';
import { readFile } from 'node:fs/promises';
import { DataSource } from 'typeorm';
import { AuditAnchors, AuditVerifier, AuditWriter, type AuditAnchor } from '@comity/audit';
import { ConfigValidationError, DatabaseEnvironment, validateEnv } from '@comity/config';
import { dataSourceOptions } from '@comity/persistence';

const USAGE = `usage: audit-anchor take          print every chain's head and their digest as JSON
       audit-anchor check FILE    check the database against an anchor FILE taken earlier`;

// The operators' tool for anchoring the audit trail outside the database (see AuditAnchors).
// `take` also records the anchor's digest in the global chain, so the trail shows when each
// anchor was taken. `check` exits 0 only when every chain verifies and still holds its anchored
// records; otherwise it prints where they differ and exits 1.
async function main([command, file]: string[]): Promise<number> {
  if (command !== 'take' && !(command === 'check' && file)) {
    console.error(USAGE);
    return 2;
  }
  const { DATABASE_URL } = validateEnv(DatabaseEnvironment);
  const dataSource = await new DataSource(dataSourceOptions(DATABASE_URL)).initialize();
  try {
    const anchors = new AuditAnchors(dataSource);
    if (command === 'take') {
      const anchor = await anchors.take();
      await new AuditWriter().appendAlone(dataSource, {
        caseId: null,
        action: 'audit.anchor',
        actorId: null,
        details: { digest: anchor.digest, chains: anchor.heads.length },
        idempotencyKey: `anchor:${anchor.digest}`,
      });
      process.stdout.write(`${JSON.stringify(anchor)}\n`);
      return 0;
    }
    const anchor = JSON.parse(await readFile(file, 'utf8')) as AuditAnchor;
    const report = { anchor: await anchors.check(anchor), chains: await new AuditVerifier(dataSource).verifyChains() };
    console.log(JSON.stringify(report, null, 2));
    return report.anchor.ok && report.chains.ok ? 0 : 1;
  } finally {
    await dataSource.destroy();
  }
}

main(process.argv.slice(2))
  .then((code) => (process.exitCode = code))
  .catch((err: unknown) => {
    const known = err instanceof ConfigValidationError || err instanceof TypeError || err instanceof SyntaxError;
    console.error(known ? err.message : err);
    process.exitCode = 1;
  });
