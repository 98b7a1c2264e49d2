import 'reflect-metadata';
import { Client, Connection } from '@temporalio/client';
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import { ConfigValidationError, DatabaseEnvironment, loadPayloadConfig, TemporalEnvironment, validateEnv } from '@comity/config';
import { dataSourceOptions } from '@comity/persistence';
import { comityDataConverter, findDisagreements, repairCase, terminateCase } from '@comity/temporal';

const USAGE = `usage: cases-doctor                                  list open cases whose workflow and read model disagree
       cases-doctor repair CASE_ID --reason TEXT       re-project the case from its workflow (audited)
       cases-doctor terminate CASE_ID --reason TEXT    end the case's workflow and close it (audited)`;

// The operator's proof that no case is wedged (see libs/temporal/src/case-doctor.ts). Exits 0
// when nothing disagrees (or the repair succeeded), 1 otherwise.
async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { reason: { type: 'string' }, operator: { type: 'string' } },
  });
  const [command, caseId] = positionals;
  if (command !== undefined && !((command === 'repair' || command === 'terminate') && caseId && values.reason?.trim())) {
    console.error(USAGE);
    return 2;
  }
  const { DATABASE_URL } = validateEnv(DatabaseEnvironment);
  const { TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE } = validateEnv(TemporalEnvironment);
  // The worker's PAYLOAD_KEYS: queries and repairs carry encrypted payloads.
  const dataConverter = comityDataConverter(loadPayloadConfig());
  const dataSource = await new DataSource(dataSourceOptions(DATABASE_URL)).initialize();
  const connection = await Connection.connect({ address: TEMPORAL_ADDRESS });
  const client = new Client({ connection, namespace: TEMPORAL_NAMESPACE, dataConverter });
  try {
    if (command === 'repair') {
      const s = await repairCase(client, caseId, values.reason!);
      console.log(`repaired ${caseId}: stage ${s.stage}, transition ${s.lastProjectedSeq}`);
      return 0;
    }
    if (command === 'terminate') {
      await terminateCase(client, dataSource, caseId, values.reason!, values.operator ?? userInfo().username);
      console.log(`terminated ${caseId}`);
      return 0;
    }
    const found = await findDisagreements(client, dataSource);
    for (const d of found) console.log(`${d.caseId}\t${d.kind}\t${d.detail}`);
    console.log(`${found.length} disagreement(s)`);
    return found.length === 0 ? 0 : 1;
  } finally {
    await connection.close();
    await dataSource.destroy();
  }
}

main(process.argv.slice(2))
  .then((code) => (process.exitCode = code))
  .catch((err: unknown) => {
    const known = err instanceof ConfigValidationError || err instanceof TypeError;
    console.error(known ? err.message : err);
    process.exitCode = 1;
  });
