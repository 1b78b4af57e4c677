import { describe, expect, it } from 'vitest';
import { generate } from '../../src/core.js';
import { DiskFs, MemoryFs } from '../../src/detect/fs.js';
import { parseGenerateFlags, type RawGenerateFlags } from '../../src/options.js';
import { readOrgConfig } from '../../src/org/config.js';
import { listFixtures } from '../helpers/fixtures.js';
import { validateManifests } from '../helpers/k8s-schema.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

type Obj = Record<string, any>;
const k8sOf = (files: Record<string, string>, flags: RawGenerateFlags = {}, org?: string) =>
  generate(new MemoryFs(files), '/x/app', parseGenerateFlags({ k8s: true, ...flags }), org ? readOrgConfig(org) : undefined).files.find((f) => f.path === 'k8s.yaml')!.content;
const objects = (text: string) => validateManifests(text) as Obj[];

const express = {
  'package.json': JSON.stringify({ name: '@shop/orders-api', version: '1.4.0', scripts: { start: 'node server.js' }, dependencies: { express: '4' } }),
  'package-lock.json': JSON.stringify({ lockfileVersion: 3, packages: { '': { name: '@shop/orders-api', dependencies: { express: '4' } }, 'node_modules/express': { version: '4.21.2' } } }),
  'server.js': "require('express')().listen(process.env.PORT || 3000);\n",
};
const pyproject = (extra: string) => `[project]\nname = "billing"\nversion = "2.3.1"\ndependencies = ["flask==3.1.2", "gunicorn==23.0.0"]\n${extra}`;
const flask = { 'pyproject.toml': pyproject(''), 'uv.lock': 'version = 1\n', 'app.py': 'from flask import Flask\napp = Flask(__name__)\n' };
const goWorker = { 'go.mod': 'module example.com/jobs\n\ngo 1.24\n', 'main.go': 'package main\n\nimport "time"\n\nfunc main() { for { time.Sleep(time.Second) } }\n' };

describe('--k8s: a Deployment and a Service that keep the image\'s guarantees', () => {
  it('runs as the image\'s numeric user, read-only, without privileges, with probes, requests and a memory limit', () => {
    const [deployment, service] = objects(k8sOf(express));
    const pod = deployment!['spec']['template']['spec'];
    const container = pod.containers[0];
    expect(deployment!['metadata']).toEqual({ name: 'orders-api', labels: { 'app.kubernetes.io/name': 'orders-api', 'app.kubernetes.io/version': '1.4.0' } });
    expect(container.image).toBe('orders-api:1.4.0');
    expect(pod.securityContext).toEqual({ runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000, fsGroup: 1000, seccompProfile: { type: 'RuntimeDefault' } });
    expect(container.securityContext).toEqual({
      runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] },
    });
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(container.volumeMounts).toEqual([{ name: 'tmp', mountPath: '/tmp' }]);
    expect(pod.volumes).toEqual([{ name: 'tmp', emptyDir: { sizeLimit: '64Mi' } }]);
    expect(container.ports).toEqual([{ name: 'http', containerPort: 3000, protocol: 'TCP' }]);
    // No --healthcheck: no path is known to answer 2xx (an API's / is often a 404, which httpGet
    // counts as failing and liveness would restart forever), so the probes check the port.
    for (const probe of ['startupProbe', 'readinessProbe', 'livenessProbe']) {
      expect(container[probe].tcpSocket).toEqual({ port: 'http' });
      expect(container[probe].httpGet).toBeUndefined();
    }
    expect(container.resources.requests).toEqual({ cpu: '100m', memory: '192Mi' });
    expect(container.resources.limits).toEqual({ memory: '512Mi' });
    expect(container.resources.limits.cpu).toBeUndefined();
    expect(pod.terminationGracePeriodSeconds).toBe(30);
    expect(deployment!['spec']['selector']).toEqual({ matchLabels: { 'app.kubernetes.io/name': 'orders-api' } });
    expect(service).toMatchObject({ kind: 'Service', spec: { selector: { 'app.kubernetes.io/name': 'orders-api' }, ports: [{ port: 80, targetPort: 'http' }] } });
  });

  it('writes plain YAML: no anchors or aliases, a header that says how to apply it and why each path is writable', () => {
    const text = k8sOf(express);
    expect(text).not.toMatch(/[&*]a\d/);
    expect(text).toMatch(/^# Apply: kubectl apply -f k8s\.yaml/m);
    expect(text).toMatch(/^#   \/tmp: temporary files$/m);
  });

  it('a created user follows the organisation\'s ids; gunicorn gets a grace period longer than its own', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dockgen-k8s-'));
    const org = join(dir, 'org.json');
    writeFileSync(org, JSON.stringify({ user: { uid: 4321, gid: 4322 } }));
    const [deployment] = objects(k8sOf(flask, {}, org));
    const pod = deployment!['spec']['template']['spec'];
    expect(pod.securityContext).toMatchObject({ runAsUser: 4321, runAsGroup: 4322, fsGroup: 4322 });
    expect(pod.containers[0].image).toBe('billing:2.3.1');
    const [plain] = objects(k8sOf(flask));
    expect(plain!['spec']['template']['spec']['securityContext'].runAsUser).toBe(10001);
    expect(plain!['spec']['template']['spec']['terminationGracePeriodSeconds']).toBe(35);
  });

  it('a worker gets no Service, no probes and one replica', () => {
    const docs = objects(k8sOf(goWorker, { image: 'registry.example.com/team/jobs:2026.12.1' }));
    expect(docs.map((d) => d['kind'])).toEqual(['Deployment']);
    const container = docs[0]!['spec']['template']['spec']['containers'][0];
    expect(container.ports).toBeUndefined();
    expect(container.livenessProbe).toBeUndefined();
    expect(docs[0]!['spec']['replicas']).toBe(1);
    expect(container.image).toBe('registry.example.com/team/jobs:2026.12.1');
    expect(container.securityContext.runAsUser).toBe(65532);
  });

  it('--healthcheck sets the probes\' path, YAML-significant characters kept as a value; a hostile one is refused before any file', () => {
    const odd = '/health:x?a=1&b=*!';
    const text = generate(new MemoryFs(express), '/x/app', parseGenerateFlags({ k8s: true, healthcheck: odd })).files.find((f) => f.path === 'k8s.yaml')!.content;
    const docs = objects(text);
    expect(docs).toHaveLength(2);
    expect(docs[0]!['spec']['template']['spec']['containers'][0]['readinessProbe']['httpGet']['path']).toBe(odd);
    const hostile = '/health\nkind: Secret\n---\nx: "';
    expect(() => parseGenerateFlags({ k8s: true, healthcheck: hostile })).toThrow(/--healthcheck path must start with \//);
    // Past the flag parser (a caller building options itself), the plan still refuses it.
    expect(() => generate(new MemoryFs(express), '/x/app', { ...parseGenerateFlags({ k8s: true }), healthcheck: hostile })).toThrow(/control character/);
  });

  it('refuses latest, an untagged image, and a project without a version unless --image is given', () => {
    expect(() => k8sOf(express, { image: 'registry.example.com/api:latest' })).toThrow(/tag "latest", which moves/);
    expect(() => k8sOf(express, { image: 'registry.example.com/api' })).toThrow(/has no tag, which means "latest"/);
    expect(() => k8sOf(express, { image: 'Registry/API:1' })).toThrow(/is not an image reference/);
    expect(() => k8sOf(goWorker)).toThrow(expect.objectContaining({ message: expect.stringMatching(/declares no version/), hint: expect.stringMatching(/--image registry\.example\.com\/jobs:1\.0\.0/) }));
    const digest = `registry.example.com/api@sha256:${'a'.repeat(64)}`;
    expect(objects(k8sOf(express, { image: digest }))[0]!['spec']['template']['spec']['containers'][0]['image']).toBe(digest);
  });

  it('a port below 1024 gets the sysctl that lets the non-root user bind it (no capability is left to do it)', () => {
    const [deployment] = objects(k8sOf(express, { port: '80' }));
    expect(deployment!['spec']['template']['spec']['securityContext']['sysctls']).toEqual([{ name: 'net.ipv4.ip_unprivileged_port_start', value: '80' }]);
    expect(objects(k8sOf(express))[0]!['spec']['template']['spec']['securityContext']['sysctls']).toBeUndefined();
  });

  it('without --k8s there is no k8s.yaml', () => {
    expect(generate(new MemoryFs(express), '/x/app', {}).files.map((f) => f.path)).not.toContain('k8s.yaml');
  });
});

describe('every buildable fixture\'s manifests validate against the Kubernetes API schemas', () => {
  const fixtures = listFixtures().filter((f) => f.config.e2e?.buildable);
  it.each(fixtures.map((f) => [f.name, f] as const))('%s', (_name, fixture) => {
    const flags = { ...fixture.config.options, k8s: true, image: `registry.example.com/${fixture.name}:1.0.0` };
    const generation = generate(new DiskFs(fixture.dir), fixture.dir, parseGenerateFlags(flags));
    const docs = objects(generation.files.find((f) => f.path === 'k8s.yaml')!.content);
    const pod = docs[0]!['spec']['template']['spec'];
    const [uid, gid] = generation.plan.user.split(':').map(Number);
    expect(pod.securityContext).toMatchObject({ runAsUser: uid, runAsGroup: gid });
    expect(pod.containers[0].volumeMounts.map((m: Obj) => m['mountPath'])).toEqual(generation.plan.writablePaths!.map((w) => w.path));
    expect(docs.length).toBe(generation.plan.port === undefined ? 1 : 2);
    if (generation.plan.port !== undefined) expect(pod.containers[0].ports[0].containerPort).toBe(generation.plan.port);
  });
});

describe('Kubernetes names', () => {
  it('are DNS-1123 labels whatever the project is called', async () => {
    const { kubernetesName } = await import('../../src/k8s/index.js');
    expect(kubernetesName('@shop/Orders_API')).toBe('orders-api');
    expect(kubernetesName('3d-viewer')).toBe('app-3d-viewer');
    expect(kubernetesName('a'.repeat(80))).toHaveLength(63);
    expect(kubernetesName('x.y--z.')).toMatch(/^[a-z]([-a-z0-9]*[a-z0-9])?$/);
    expect(kubernetesName('$(rm -rf /)\n---')).toMatch(/^[a-z]([-a-z0-9]*[a-z0-9])?$/);
  });
});
