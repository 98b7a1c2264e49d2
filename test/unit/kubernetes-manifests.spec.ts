import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import * as environments from '@comity/config';

// deploy/kubernetes, rendered as kubectl would read it, validated against the Kubernetes API
// schemas (kubernetes-models: the OpenAPI schemas of the Kubernetes API compiled to validators,
// no network) and against what the processes accept at boot.
const DIR = join(__dirname, '..', '..', 'deploy', 'kubernetes');

interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
  spec?: Record<string, unknown>;
  data?: Record<string, string>;
}
interface Container {
  name: string;
  image: string;
  env?: { name: string; value: string }[];
  ports?: { name: string; containerPort: number }[];
  livenessProbe?: { httpGet: { path: string; port: string } };
  readinessProbe?: { httpGet: { path: string; port: string } };
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  volumeMounts?: { name: string; mountPath: string }[];
}

const kustomization = parseAllDocuments(readFileSync(join(DIR, 'kustomization.yaml'), 'utf8'))[0].toJS() as {
  resources: string[];
};
// Every document of every file the kustomization lists, in its order.
const manifests: Manifest[] = kustomization.resources.flatMap((file) =>
  parseAllDocuments(readFileSync(join(DIR, file), 'utf8')).map((doc) => {
    expect(doc.errors).toEqual([]);
    return doc.toJS() as Manifest;
  }),
);
const find = (kind: string, name: string) => manifests.find((m) => m.kind === kind && m.metadata.name === name)!;
type PodSpec = { containers: Container[]; volumes?: { name: string; secret?: { secretName: string } }[] };
const podOf = (m: Manifest) => (m.spec as { template: { spec: PodSpec } }).template.spec;

const KNOWN = new Set(
  (Object.values(environments) as unknown[])
    .filter((v): v is new () => object => typeof v === 'function' && /Environment$/.test(v.name))
    .flatMap((cls) => environments.environmentVariables(cls)),
);

// kubernetes-models is ESM-only: validated in a Node.js process of its own (one for all objects).
function validate(objects: unknown[]): { ok: boolean; error?: string }[] {
  const out = execFileSync(process.execPath, [join(__dirname, '..', 'support', 'validate-kubernetes.mjs')], {
    input: JSON.stringify(objects),
    encoding: 'utf8',
  });
  return JSON.parse(out) as { ok: boolean; error?: string }[];
}

describe('deploy/kubernetes', () => {
  it('should list every manifest file in the kustomization', () => {
    const files = readdirSync(DIR).filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml');
    expect([...kustomization.resources].sort()).toEqual(files.sort());
  });

  it('should validate every object by the Kubernetes API schema', () => {
    const results = validate(manifests);
    const invalid = manifests
      .map((m, i) => ({ object: `${m.kind} ${m.metadata.name}`, ...results[i] }))
      .filter((r) => !r.ok);
    expect(invalid).toEqual([]);
    expect(results).toHaveLength(manifests.length);
  });

  it('should make the validator refuse broken objects (controls)', () => {
    const api = find('Deployment', 'comity-api') as Manifest & { spec: { replicas: unknown } };
    const replicas = { ...structuredClone(api), spec: { ...api.spec, replicas: 'two' } };
    const noSelector = { ...structuredClone(api), spec: { ...api.spec, selector: undefined } };
    const [wrongType, missing] = validate([replicas, noSelector]);
    expect(wrongType).toMatchObject({ ok: false, error: expect.stringMatching(/replicas/) });
    expect(missing).toMatchObject({ ok: false, error: expect.stringMatching(/selector/) });
  });

  it('should put everything in the comity namespace', () => {
    expect(manifests.filter((m) => m.kind !== 'Namespace' && m.metadata.namespace !== 'comity')).toEqual([]);
  });

  const workloads = () => [find('Deployment', 'comity-api'), find('Deployment', 'comity-worker'), find('Job', 'comity-migrate')];

  it('should give api, worker and migrate only variables the config schema knows, secrets as files', () => {
    const config = find('ConfigMap', 'comity-config').data!;
    const names = [
      ...Object.keys(config),
      ...workloads().flatMap((w) => podOf(w).containers.flatMap((c) => (c.env ?? []).map((e) => e.name))),
    ];
    expect(names.filter((n) => !KNOWN.has(n.replace(/_FILE$/, '')))).toEqual([]);
    for (const secret of ['DATABASE_URL', 'AUTH_JWT_SECRET', 'PAYLOAD_KEYS']) {
      expect(names).not.toContain(secret);
      expect(config[`${secret}_FILE`]).toMatch(/^\/run\/secrets\/comity\/[\w-]+$/);
    }
    for (const w of workloads()) {
      const pod = podOf(w);
      const mount = pod.containers[0].volumeMounts!.find((v) => v.mountPath === '/run/secrets/comity')!;
      expect(pod.volumes!.find((v) => v.name === mount.name)!.secret!.secretName).toBe('comity-secrets');
    }
  });

  it('should pin every image to a release and bound every container', () => {
    for (const w of workloads()) {
      for (const c of podOf(w).containers) {
        expect(c.image).toMatch(/:\d+\.\d+\.\d+$/);
        expect(c.resources?.requests).toEqual(expect.objectContaining({ cpu: expect.any(String), memory: expect.any(String) }));
        expect(c.resources?.limits?.memory).toBeDefined();
      }
    }
  });

  it('should probe liveness and readiness separately, on the ports the processes serve them', () => {
    const api = podOf(find('Deployment', 'comity-api')).containers[0];
    const worker = podOf(find('Deployment', 'comity-worker')).containers[0];
    const portOf = (c: Container, name: string) => c.ports!.find((p) => p.name === name)!.containerPort;
    const envOf = (c: Container, name: string) => Number(c.env!.find((e) => e.name === name)!.value);

    expect(api.livenessProbe!.httpGet.path).toBe('/health/live');
    expect(api.readinessProbe!.httpGet.path).toBe('/health/ready');
    expect(portOf(api, api.readinessProbe!.httpGet.port)).toBe(envOf(api, 'API_PORT'));
    expect(portOf(api, 'metrics')).toBe(envOf(api, 'API_METRICS_PORT'));

    expect(worker.livenessProbe!.httpGet.path).toBe('/health/live');
    expect(worker.readinessProbe!.httpGet.path).toBe('/health/ready');
    expect(portOf(worker, worker.readinessProbe!.httpGet.port)).toBe(envOf(worker, 'WORKER_METRICS_PORT'));
  });

  it('should run at least two api and two worker pods, kept through voluntary disruptions', () => {
    for (const name of ['comity-api', 'comity-worker']) {
      expect((find('Deployment', name).spec as { replicas: number }).replicas).toBeGreaterThanOrEqual(2);
      expect(find('PodDisruptionBudget', name).spec).toMatchObject({ minAvailable: 1 });
    }
  });
});
