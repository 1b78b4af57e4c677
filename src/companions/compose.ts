import type YamlModule from 'yaml';
import { lazyRequire } from '../lazy-require.js';
import { BACKING, type BackingKind } from './backing.js';

/**
 * compose.yaml for one or more app services (one per Dockerfile: `dockgen --all` passes every
 * service of a monorepo) and the backing services they need. Each app service keeps the
 * guarantees its image was built for: the numeric user, a read-only root with declared writable
 * paths, no capabilities, no privilege escalation, a healthcheck. Passwords come from files as
 * compose secrets; none is ever written into the file.
 */
export interface ComposeApp {
  /** Service name: letters, digits, `.`, `_`, `-` (see composeServiceName). */
  name: string;
  /** Build context and Dockerfile, relative to compose.yaml's folder. */
  context: string;
  dockerfile: string;
  /** Container port, published on the host's loopback at the same number; absent for a worker. */
  port?: number;
  /** Variables beyond the image's own (PORT, the backing services' URLs). */
  env: Array<[string, string]>;
  /** The image's numeric UID:GID (R14). */
  user: string;
  /** Writable paths on a read-only root (always /tmp), each with why it is needed. */
  tmpfs: Array<{ path: string; why?: string }>;
  /** The image's probe (or the same probe where the Dockerfile has none); absent: `healthNote` says why. */
  healthcheck?: { test: string[]; interval: string; timeout: string; startPeriod: string; retries: number };
  healthNote?: string;
  /** The image's STOPSIGNAL where it is not SIGTERM, and how long the server may take to drain. */
  stopSignal?: string;
  stopGracePeriod: string;
  stopNote: string;
  /** Backing services this app uses, with the dependency that says so. */
  backing: Array<{ kind: BackingKind; evidence: string }>;
  /** Other app services it calls (monorepo): started first, healthy first where they have a check. */
  dependsOn?: string[];
}

/** The password files compose.yaml's secrets name (relative to its folder), for the apps' backing services. */
export function composeSecretFiles(apps: readonly ComposeApp[]): string[] {
  return BACKING.filter((spec) => spec.secret && apps.some((app) => app.backing.some((b) => b.kind === spec.kind))).map((spec) => spec.secret!.file);
}

/** A project name as a compose service name (the Compose Specification's `^[a-zA-Z0-9._-]+$`). */
export function composeServiceName(name: string): string {
  const clean = name.toLowerCase().replace(/^@[^/]*\//, '').replace(/[^a-z0-9._-]+/g, '-').replace(/^[-._]+|[-._]+$/g, '');
  return clean === '' ? 'app' : clean.slice(0, 63);
}

type Yaml = typeof YamlModule;

/** compose.yaml's text. `header` lines become the file's leading comment. */
export function renderCompose(apps: readonly ComposeApp[], header: readonly string[]): string {
  const yaml = lazyRequire('yaml') as Yaml;
  assertNames(apps);
  const kinds = BACKING.filter((spec) => apps.some((app) => app.backing.some((b) => b.kind === spec.kind)));
  const services: Record<string, unknown> = {};
  for (const app of apps) services[app.name] = appService(app, apps);
  for (const spec of kinds) {
    services[spec.kind] = {
      image: spec.image,
      ...(spec.env.length > 0 ? { environment: Object.fromEntries(spec.env) } : {}),
      ...(spec.secret ? { secrets: [spec.secret.name] } : {}),
      volumes: [`${spec.kind}-data:${spec.dataPath}`],
      healthcheck: { test: spec.healthcheck, interval: '10s', timeout: '5s', start_period: '30s', retries: 5 },
      restart: 'unless-stopped',
    };
  }
  const document: Record<string, unknown> = { services };
  if (kinds.length > 0) document['volumes'] = Object.fromEntries(kinds.map((spec) => [`${spec.kind}-data`, {}]));
  const secrets = kinds.flatMap((spec) => (spec.secret ? [spec.secret] : []));
  if (secrets.length > 0) document['secrets'] = Object.fromEntries(secrets.map((s) => [s.name, { file: s.file }]));

  const doc = new yaml.Document(document);
  doc.commentBefore = header.map((line) => ` ${line}`).join('\n');
  for (const app of apps) annotateApp(yaml, doc, app);
  for (const spec of kinds) {
    const node = doc.getIn(['services', spec.kind], true) as YamlModule.YAMLMap;
    const users = apps.filter((app) => app.backing.some((b) => b.kind === spec.kind)).map((app) => `${app.name} (${app.backing.find((b) => b.kind === spec.kind)!.evidence})`);
    const test = doc.getIn(['services', spec.kind, 'healthcheck', 'test'], true);
    if (yaml.isSeq(test)) test.flow = true;
    node.commentBefore = ` Needed by ${users.join(', ')}. Not published: only the services here reach it.`;
    if (spec.kind === 'redis') node.commentBefore += '\n No password: nothing outside this compose network can reach it.';
  }
  if (secrets.length > 0) {
    const pair = doc.contents && yaml.isMap(doc.contents) ? doc.contents.items.find((p) => yaml.isScalar(p.key) && p.key.value === 'secrets') : undefined;
    if (pair && yaml.isScalar(pair.key)) {
      pair.key.commentBefore = [
        ' Create these files before `docker compose up` (dockgen never writes them; .dockerignore keeps',
        ' secrets/ out of the image, and your .gitignore should list it): one password each, e.g.',
        ...secrets.map((s) => `   openssl rand -base64 24 > ${s.file.replace(/^\.\//, '')}`),
      ].join('\n');
    }
  }
  return doc.toString({ lineWidth: 0 });
}

function appService(app: ComposeApp, apps: readonly ComposeApp[]): Record<string, unknown> {
  const service: Record<string, unknown> = { build: { context: app.context, dockerfile: app.dockerfile } };
  // Loopback only: the app is for this machine, not the network it is on.
  if (app.port !== undefined) service['ports'] = [`127.0.0.1:${app.port}:${app.port}`];
  const env = [...app.env, ...app.backing.flatMap((b) => BACKING.find((spec) => spec.kind === b.kind)!.appEnv)];
  if (env.length > 0) service['environment'] = Object.fromEntries(env);
  service['user'] = app.user;
  service['read_only'] = true;
  service['tmpfs'] = app.tmpfs.map((t) => t.path);
  service['cap_drop'] = ['ALL'];
  service['security_opt'] = ['no-new-privileges:true'];
  if (app.healthcheck) {
    const h = app.healthcheck;
    service['healthcheck'] = { test: ['CMD', ...h.test], interval: h.interval, timeout: h.timeout, start_period: h.startPeriod, retries: h.retries };
  }
  if (app.stopSignal) service['stop_signal'] = app.stopSignal;
  service['stop_grace_period'] = app.stopGracePeriod;
  const secrets = app.backing.flatMap((b) => BACKING.find((spec) => spec.kind === b.kind)!.secret?.name ?? []);
  if (secrets.length > 0) service['secrets'] = secrets;
  const dependsOn: Record<string, { condition: string }> = {};
  for (const b of app.backing) dependsOn[b.kind] = { condition: 'service_healthy' };
  for (const other of app.dependsOn ?? []) {
    const target = apps.find((a) => a.name === other);
    dependsOn[other] = { condition: target?.healthcheck ? 'service_healthy' : 'service_started' };
  }
  if (Object.keys(dependsOn).length > 0) service['depends_on'] = dependsOn;
  service['restart'] = 'unless-stopped';
  return service;
}

/** Comments that say why: the writable paths, the missing healthcheck, the grace period. */
function annotateApp(yaml: Yaml, doc: YamlModule.Document, app: ComposeApp): void {
  const node = doc.getIn(['services', app.name], true) as YamlModule.YAMLMap;
  const key = (name: string) => {
    const pair = node.items.find((p) => yaml.isScalar(p.key) && p.key.value === name);
    return pair && yaml.isScalar(pair.key) ? pair.key : undefined;
  };
  const readOnly = key('read_only');
  if (readOnly) readOnly.commentBefore = ' The image runs on a read-only root (R15); these paths are writable, in memory.';
  const tmpfs = doc.getIn(['services', app.name, 'tmpfs'], true) as YamlModule.YAMLSeq;
  app.tmpfs.forEach((t, i) => {
    const item = tmpfs.items[i];
    if (t.why && yaml.isScalar(item)) item.comment = ` ${t.why}`;
  });
  // Quoted: YAML 1.1 readers (PyYAML, docker-compose 1.x) read some `a:b` numbers as base 60.
  for (const path of [['user'], ['ports', 0]]) {
    const scalar = doc.getIn(['services', app.name, ...path], true);
    if (yaml.isScalar(scalar)) scalar.type = 'QUOTE_DOUBLE';
  }
  for (const list of ['cap_drop', 'security_opt']) {
    const seq = doc.getIn(['services', app.name, list], true);
    if (yaml.isSeq(seq)) seq.flow = true;
  }
  const user = key('user');
  if (user) user.commentBefore = " The image's numeric user (R14); no capabilities, no privilege escalation.";
  const grace = key('stop_grace_period');
  if (grace) grace.commentBefore = ` ${app.stopNote}`;
  if (app.healthNote) {
    const anchor = key('stop_signal') ?? grace;
    if (anchor) anchor.commentBefore = ` ${app.healthNote}${anchor.commentBefore ? `\n${anchor.commentBefore}` : ''}`;
  }
  if (app.backing.some((b) => BACKING.find((s) => s.kind === b.kind)!.secret)) {
    const env = key('environment');
    if (env) env.commentBefore = ' The URLs carry no password (compose would have to write it here): read it from the *_PASSWORD_FILE file.';
  }
}

/** Service names must be unique, and must not collide with a backing service's. */
function assertNames(apps: readonly ComposeApp[]): void {
  const seen = new Set<string>();
  for (const app of apps) {
    if (!/^[a-zA-Z0-9._-]+$/.test(app.name)) throw new Error(`compose service name "${app.name}" is not valid`);
    if (seen.has(app.name) || BACKING.some((spec) => spec.kind === app.name)) throw new Error(`compose service name "${app.name}" is used twice`);
    seen.add(app.name);
  }
}
