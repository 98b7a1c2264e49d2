import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dynamicConfigArgs, sqlitePragmaArgs, TEMPORAL_DYNAMIC_CONFIG, TEMPORAL_SQLITE_PRAGMAS } from '../../libs/temporal/src/server-settings';

// The dev server of `npm start` is started by a shell script, which cannot import the settings:
// it must still give every one of them.
describe('Temporal server settings', () => {
  it('should be given to the dev server that npm start runs', () => {
    const script = readFileSync(join(__dirname, '../../scripts/temporal-dev-server.sh'), 'utf8');
    for (const [key, value] of Object.entries(TEMPORAL_DYNAMIC_CONFIG)) {
      expect(script).toContain(`--dynamic-config-value ${key}=${JSON.stringify(value)}`);
    }
    for (const [key, value] of Object.entries(TEMPORAL_SQLITE_PRAGMAS)) expect(script).toContain(`--sqlite-pragma ${key}=${value}`);
  });

  it('should be in the dynamic configuration that docker-compose gives its Temporal server', () => {
    const file = readFileSync(join(__dirname, '../../deploy/temporal/dynamicconfig.yaml'), 'utf8');
    const compose = readFileSync(join(__dirname, '../../docker-compose.yml'), 'utf8');
    expect(compose).toContain('./deploy/temporal/dynamicconfig.yaml:/etc/temporal/config/dynamicconfig/comity.yaml');
    for (const [key, value] of Object.entries(TEMPORAL_DYNAMIC_CONFIG)) {
      expect(file).toMatch(new RegExp(`^${key.replace(/\./g, '\\.')}:\n  - value: ${JSON.stringify(value)}$`, 'm'));
    }
  });

  it('should render as start-dev arguments, with test-only additions', () => {
    expect(dynamicConfigArgs({ 'limit.historyCount.suggestContinueAsNew': 40 })).toEqual([
      '--dynamic-config-value',
      'system.enableActivityEagerExecution=true',
      '--dynamic-config-value',
      'limit.historyCount.suggestContinueAsNew=40',
    ]);
  });

  it('should keep the SQLite file durable at every commit: write-ahead log, synced in full', () => {
    expect(sqlitePragmaArgs()).toEqual(['--sqlite-pragma', 'journal_mode=wal', '--sqlite-pragma', 'synchronous=full']);
  });
});
