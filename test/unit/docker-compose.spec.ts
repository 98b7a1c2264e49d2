import { getMetadataStorage } from 'class-validator';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import * as environments from '@comity/config';

// docker-compose cannot run on our machines (no Docker engine), so its shape is checked here
// against the configuration schema the processes validate at boot.
const ROOT = join(__dirname, '..', '..');
const compose = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true });

function envKeys(cls: abstract new () => object): string[] {
  const metas = getMetadataStorage().getTargetValidationMetadatas(cls as new () => object, '', true, false);
  return [...new Set(metas.map((m) => m.propertyName))];
}

const KNOWN = new Set(
  (Object.values(environments) as unknown[])
    .filter((v): v is new () => object => typeof v === 'function' && /Environment$/.test(v.name))
    .flatMap(envKeys),
);

describe('docker-compose.yml', () => {
  it('should define the platform services', () => {
    expect(Object.keys(compose.services).sort()).toEqual(
      ['api', 'migrate', 'postgres', 'temporal', 'temporal-setup', 'temporal-ui', 'worker'].sort(),
    );
  });

  it('should publish the api, Temporal and its UI on the documented ports', () => {
    expect(compose.services.api.ports).toContain('3000:3000');
    expect(compose.services.temporal.ports).toContain('7233:7233');
    expect(compose.services['temporal-ui'].ports).toContain('8233:8080');
  });

  it.each(['api', 'worker', 'migrate'])('should give %s only variables the config schema knows', (service) => {
    const keys = Object.keys(compose.services[service].environment);
    expect(keys.filter((k) => !KNOWN.has(k))).toEqual([]);
    expect(keys).toEqual(expect.arrayContaining(['DATABASE_URL', 'TEMPORAL_ADDRESS', 'TEMPORAL_NAMESPACE', 'NODE_ENV']));
  });

  it('should point api and worker at the compose Temporal and PostgreSQL', () => {
    for (const service of ['api', 'worker']) {
      const env = compose.services[service].environment;
      expect(env.TEMPORAL_ADDRESS).toBe('temporal:7233');
      expect(env.DATABASE_URL).toMatch(/@postgres:5432\/comity$/);
    }
  });

  it('should register every search attribute the workflows use', () => {
    const setup = compose.services['temporal-setup'].command.join(' ');
    for (const name of ['ComityStage', 'ComityPair', 'ComityKind', 'ComityOverdue']) expect(setup).toContain(name);
  });
});
