import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import * as environments from '@comity/config';
import { COMITY_SEARCH_ATTRIBUTES } from '@comity/contracts';

// docker-compose cannot run on our machines (no Docker engine), so its shape is checked here:
// against the configuration schema the processes validate at boot, the search attributes the
// workflows set, and the topology Temporal supports.
const ROOT = join(__dirname, '..', '..');
const compose = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true });
const services: Record<string, Service> = compose.services;

interface Service {
  image?: string;
  build?: unknown;
  depends_on?: Record<string, { condition: string }>;
  environment?: Record<string, string>;
  healthcheck?: { test: string[] };
  secrets?: string[];
  deploy?: { replicas?: number };
  ports?: string[];
  command?: string[];
  entrypoint?: string[];
}

const KNOWN = new Set(
  (Object.values(environments) as unknown[])
    .filter((v): v is new () => object => typeof v === 'function' && /Environment$/.test(v.name))
    .flatMap((cls) => environments.environmentVariables(cls)),
);

const ONE_SHOT = ['temporal-schema', 'temporal-setup', 'migrate', 'backup'];
const LONG_RUNNING = ['postgres', 'temporal', 'temporal-ui', 'api', 'worker'];
const COMITY = ['api', 'worker', 'migrate'];
const script = (name: string) => (services[name].command ?? []).join('\n');

describe('docker-compose.yml', () => {
  it('should define the platform services', () => {
    expect(Object.keys(services).sort()).toEqual([...ONE_SHOT, ...LONG_RUNNING].sort());
  });

  it('should use no deprecated Temporal image: the server from temporalio/server, its schema by admin-tools', () => {
    const images = Object.values(services).map((s) => s.image ?? '');
    expect(images.filter((i) => /auto-setup|temporalio\/web:|tctl/.test(i))).toEqual([]);
    expect(services.temporal.image).toMatch(/^temporalio\/server:/);
    expect(services['temporal-schema'].image).toMatch(/^temporalio\/admin-tools:/);
    // Server and admin-tools move together: the schema tool must know the server's schema versions.
    const version = (image: string | undefined) => image?.split(':')[1];
    expect(version(services['temporal-schema'].image)).toBe(version(services.temporal.image));
    expect(version(services['temporal-setup'].image)).toBe(version(services.temporal.image));
  });

  it.each(Object.keys(services))('should pin the image of %s to a release', (name) => {
    const image = services[name].image;
    expect(image).toBeDefined();
    // name:tag with a version number, never latest or a bare major.
    expect(image).toMatch(/^[\w./-]+:(\d+\.\d+(\.\d+)?[\w.-]*|\$\{COMITY_VERSION:-\d+\.\d+\.\d+\})$/);
  });

  it('should set up and upgrade both Temporal databases with temporal-sql-tool', () => {
    const setup = script('temporal-schema');
    expect(setup).toContain('temporal-sql-tool');
    for (const dir of ['postgresql/v12/temporal/versioned', 'postgresql/v12/visibility/versioned']) {
      expect(setup).toContain(`update-schema -d /etc/temporal/schema/${dir}`);
    }
    expect(services['temporal-schema'].environment).toMatchObject({ DB: 'postgres12', POSTGRES_SEEDS: 'postgres' });
    expect(services.temporal.environment).toMatchObject({ DB: 'postgres12', POSTGRES_SEEDS: 'postgres' });
  });

  it('should start every service after what it needs, in the right state', () => {
    const needs = (name: string) =>
      Object.fromEntries(Object.entries(services[name].depends_on ?? {}).map(([k, v]) => [k, v.condition]));
    expect(needs('postgres')).toEqual({});
    expect(needs('temporal-schema')).toEqual({ postgres: 'service_healthy' });
    expect(needs('temporal')).toEqual({ 'temporal-schema': 'service_completed_successfully' });
    expect(needs('temporal-setup')).toEqual({ temporal: 'service_healthy' });
    expect(needs('temporal-ui')).toEqual({ 'temporal-setup': 'service_completed_successfully' });
    expect(needs('migrate')).toEqual({ postgres: 'service_healthy' });
    expect(needs('backup')).toEqual({ postgres: 'service_healthy' });
    for (const app of ['api', 'worker']) {
      expect(needs(app)).toEqual({
        migrate: 'service_completed_successfully',
        'temporal-setup': 'service_completed_successfully',
      });
    }
  });

  it.each(LONG_RUNNING)('should give the long-running service %s a health check', (name) => {
    expect(services[name].healthcheck?.test.length).toBeGreaterThan(0);
  });

  it('should probe api and worker readiness on the ports their configuration uses', () => {
    const { api, worker } = services;
    expect(api.healthcheck!.test.join(' ')).toContain(`:${api.environment!.API_PORT}/health/ready`);
    expect(worker.healthcheck!.test.join(' ')).toContain(`:${worker.environment!.WORKER_METRICS_PORT}/health/ready`);
  });

  it('should run api and worker as replicated services', () => {
    expect(services.api.deploy?.replicas).toBeGreaterThanOrEqual(1);
    expect(services.worker.deploy?.replicas).toBeGreaterThanOrEqual(2);
  });

  it('should publish the api, Temporal and its UI on the documented ports', () => {
    expect(services.api.ports).toContain('3000:3000');
    expect(services.temporal.ports).toContain('7233:7233');
    expect(services['temporal-ui'].ports).toContain('8233:8080');
  });

  it.each(COMITY)('should give %s only variables the config schema knows (X or X_FILE)', (name) => {
    const keys = Object.keys(services[name].environment!);
    expect(keys.filter((k) => !KNOWN.has(k.replace(/_FILE$/, '')))).toEqual([]);
    expect(keys).toEqual(expect.arrayContaining(['TEMPORAL_ADDRESS', 'TEMPORAL_NAMESPACE', 'NODE_ENV']));
  });

  it.each(COMITY)('should give %s its secrets as files only, each one mounted', (name) => {
    const env = services[name].environment!;
    for (const secret of ['DATABASE_URL', 'AUTH_JWT_SECRET', 'PAYLOAD_KEYS']) {
      expect(env[secret]).toBeUndefined();
      const path = env[`${secret}_FILE`];
      expect(path).toMatch(/^\/run\/secrets\/\w+$/);
      const mounted = path.slice('/run/secrets/'.length);
      expect(services[name].secrets).toContain(mounted);
      expect(compose.secrets[mounted].file).toMatch(/^\.\/secrets\//);
    }
  });

  it('should keep the database password out of every environment', () => {
    for (const [name, service] of Object.entries(services)) {
      const values = Object.entries(service.environment ?? {});
      expect([name, values.filter(([k]) => /PASSWORD$|PWD$/.test(k))]).toEqual([name, []]);
    }
    expect(services.postgres.environment!.POSTGRES_PASSWORD_FILE).toBe('/run/secrets/db_password');
  });

  it('should back up on demand with the server’s own pg_dump, Comity’s database and Temporal’s', () => {
    const backup = services.backup as Service & { profiles: string[] };
    expect(backup.profiles).toEqual(['backup']);
    expect(backup.image).toBe(services.postgres.image);
    expect(backup.entrypoint).toEqual(['bash', '/scripts/backup.sh', '/backups']);
    expect(backup.environment).toEqual({
      DATABASE_URL_FILE: '/run/secrets/database_url',
      TEMPORAL_DATABASE_URLS_FILE: '/run/secrets/temporal_database_urls',
    });
    expect(backup.secrets).toEqual(['database_url', 'temporal_database_urls']);
  });

  it('should point api and worker at the compose Temporal', () => {
    for (const name of ['api', 'worker']) expect(services[name].environment!.TEMPORAL_ADDRESS).toBe('temporal:7233');
  });

  it('should register exactly the search attributes the workflows use, with their types', () => {
    const registered = [...script('temporal-setup').matchAll(/--name (\w+) --type (\w+)/g)].map(([, n, t]) => [n, t]);
    const expected = COMITY_SEARCH_ATTRIBUTES.map((a) => [a.name, a.type[0] + a.type.slice(1).toLowerCase()]);
    expect(registered.sort()).toEqual(expected.sort());
    expect(script('temporal-setup')).toMatch(/namespace create -n comity/);
  });

  it("should let the Temporal UI read payloads through the api's codec endpoint", () => {
    const ui = services['temporal-ui'].environment!;
    expect(ui.TEMPORAL_CODEC_ENDPOINT).toMatch(/\/api\/v1\/codec\}?$/);
    expect(ui.TEMPORAL_CODEC_INCLUDE_CREDENTIALS).toBe('true');
    expect(services.api.environment!.CORS_ORIGINS).toContain('http://localhost:8233');
  });
});
