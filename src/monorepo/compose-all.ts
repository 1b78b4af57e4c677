import type { Generation } from '../core.js';
import type { ProjectFs } from '../detect/fs.js';
import { composeAppFromPlan } from '../companions/compose-app.js';
import { composeSecretFiles, renderCompose, type ComposeApp } from '../companions/compose.js';
import type { GeneratedFile } from '../render/index.js';
import { DOCKGEN_VERSION } from '../version.js';

/** One service of `dockgen --all`, as compose.yaml at the repository root builds it. */
export interface ComposeService {
  /** The service folder, relative to the repository root (`.` for the root itself). */
  dir: string;
  generation: Generation;
  /** What detection read: the repository root's files for a service built from there. */
  fs: ProjectFs;
  /** Built from the repository root with `-f <dir>/Dockerfile` (else from its own folder). */
  fromRoot: boolean;
  /** The image's name (the package's or the program's). */
  name: string;
}

/** Source files read at most per service when looking for the names of the others. */
const MAX_SOURCE_FILES = 400;
const SOURCE = /\.(c?js|mjs|ts|tsx|py|go)$/;
const NOT_SOURCE = new Set(['node_modules', 'vendor', 'dist', 'build', '.venv', 'venv', '__pycache__', 'testdata', 'test', 'tests']);

/**
 * compose.yaml for every service: each built with the context and Dockerfile its header names, and
 * `depends_on` where a service's code names another's service as a host (`http://api:8080`,
 * `"worker:9000"`, `API_URL=http://api`): that service is started first (healthy first where it has
 * a healthcheck). One file at the repository root.
 */
export function composeForServices(services: readonly ComposeService[]): GeneratedFile {
  const apps: ComposeApp[] = services.map((service) => {
    const { plan, facts } = service.generation;
    const workspaceDir = service.fromRoot && plan.stack === 'node' ? service.dir : undefined;
    const app = composeAppFromPlan(plan, facts, service.fs, service.name, service.fromRoot || service.dir === '.' ? '.' : service.dir, workspaceDir);
    if (service.fromRoot) app.dockerfile = `${service.dir}/Dockerfile`;
    return app;
  });
  uniqueNames(apps);
  distinctPorts(apps);
  services.forEach((service, i) => {
    const others = apps.filter((_, j) => j !== i).map((a) => a.name);
    const named = others.filter((name) => namesHost(sourceTexts(service), name));
    if (named.length > 0) apps[i]!.dependsOn = named;
  });
  const secrets = composeSecretFiles(apps).length > 0 ? ['Passwords: see the secrets section at the end.'] : [];
  const header = [
    `compose.yaml for ${apps.length} services, written by dockgen ${DOCKGEN_VERSION} (dockgen --all): each image as its Dockerfile builds it,`,
    'hardened as it was built to run (numeric user, read-only root, no capabilities), with the services they need.',
    'Run: docker compose up --build',
    ...secrets,
  ];
  return { path: 'compose.yaml', content: renderCompose(apps, header) };
}

/** Two services named alike (two packages called "api" in different scopes) get their folder's name. */
function uniqueNames(apps: ComposeApp[]): void {
  const seen = new Map<string, number>();
  for (const app of apps) {
    const count = (seen.get(app.name) ?? 0) + 1;
    seen.set(app.name, count);
    if (count > 1) app.name = `${app.name}-${count}`;
  }
}

/**
 * compose publishes each port on the host's loopback at the same number: two services on 8080
 * would collide. A service that listens on PORT gets the next free number instead (PORT set to
 * it, its healthcheck reads PORT); one with a fixed port (nginx's 8080) keeps it.
 */
function distinctPorts(apps: ComposeApp[]): void {
  const used = new Set(apps.filter((a) => a.port !== undefined && !a.env.some(([key]) => key === 'PORT')).map((a) => a.port!));
  for (const app of apps) {
    if (app.port === undefined || !app.env.some(([key]) => key === 'PORT')) continue;
    let port = app.port;
    while (used.has(port) && port < 65535) port++;
    used.add(port);
    if (port === app.port) continue;
    app.port = port;
    app.env = app.env.map(([key, value]) => (key === 'PORT' ? [key, String(port)] : [key, value]));
  }
}

function namesHost(texts: readonly string[], name: string): boolean {
  const escaped = name.replace(/[.]/g, '\\.');
  const host = new RegExp(`(?:[a-z]+://${escaped}(?![\\w.-])|["'\`=]${escaped}:\\d{2,5}\\b)`, 'i');
  return texts.some((text) => host.test(text));
}

/** The service's own source files (bounded), read through the project's safe reader. */
function sourceTexts(service: ComposeService): string[] {
  const texts: string[] = [];
  const fs = service.fs;
  const start = service.fromRoot ? service.dir : '';
  const visit = (dir: string, depth: number) => {
    for (const name of fs.list(dir === '' ? '.' : dir)) {
      if (texts.length >= MAX_SOURCE_FILES) return;
      const path = dir === '' ? name : `${dir}/${name}`;
      if (name.startsWith('.') || NOT_SOURCE.has(name)) continue;
      if (fs.isDirectory(path)) {
        if (depth < 6) visit(path, depth + 1);
      } else if (SOURCE.test(name) && fs.isFile(path)) {
        texts.push(fs.readText(path) ?? '');
      }
    }
  };
  visit(start, 0);
  return texts;
}

