import { existsSync, readdirSync, readFileSync } from 'node:fs';
import fse from 'fs-extra';
import { basename, dirname, join } from 'node:path';
import type { RawGenerateFlags } from '../../src/options.js';

export const FIXTURES = join(import.meta.dirname, '..', 'fixtures');

/** fixture.json: how a fixture is generated and, for the end-to-end suite, probed. */
export interface FixtureConfig {
  /** Flags as the CLI would take them. */
  options?: RawGenerateFlags;
  /** The generator must refuse this project with a message containing this text. */
  expectError?: string;
  e2e?: {
    /** Build and run it with a real engine. */
    buildable: boolean;
    /** HTTP path that must answer 200 (default "/" when the Dockerfile EXPOSEs a port). */
    probe?: string;
    /** Exit codes accepted after docker stop (default 0 and 143, the clean ends of SIGTERM). */
    stopExitCodes?: string[];
    /** Also build with Buildah. One fixture per stack, package manager and stage layout says so:
     *  Buildah on vfs takes 10–60 s a build, and the templates they share need no second proof.
     *  DOCKGEN_E2E_BUILDAH=all builds every fixture not marked false. */
    buildah?: boolean;
    /** The source file the cache test edits (default: the first conventional entry file found). */
    edit?: string;
    /** Why it is not buildable here (e.g. needs a registry that is unreachable). */
    reason?: string;
    /** The fixed port the image listens on, for servers that do not read PORT (nginx: 8080). */
    port?: number;
    /** The UID the server must run as (default: any non-root UID). */
    uid?: number;
    /** HTTP checks after the probe answers. */
    requests?: E2eRequest[];
    /** Builds against the suite's local package index for this stack (built from Debian packages,
     *  scripts/e2e/indexes.mjs), passed as a build argument the way a user passes their mirror. */
    index?: 'python' | 'go';
    /** Variables the container is run with (`docker run -e`), as a deployment would set them. */
    env?: Record<string, string>;
    /** The image has a HEALTHCHECK (--healthcheck): the container must turn healthy, then
     *  unhealthy once the app is stopped (SIGSTOP) while PID 1 lives on. */
    health?: boolean;
  };
}

/**
 * One HTTP check: `path`, or the first URL matching `pattern` in the page at `linkedFrom` (for
 * fingerprinted names only the build knows). `header` is [name, text the value must contain];
 * `body` is text the response must contain; `headers` are sent with the request (a proxy's
 * X-Forwarded-Proto, an Authorization header).
 */
export interface E2eRequest {
  path?: string;
  headers?: Record<string, string>;
  linkedFrom?: string;
  pattern?: string;
  status: number;
  header?: [string, string];
  body?: string;
}

export interface Fixture {
  name: string;
  dir: string;
  config: FixtureConfig;
}

/** Files in a fixture folder that belong to the test, not to the project. */
export const FIXTURE_META = ['fixture.json', 'expected.Dockerfile', 'expected.dockerignore', 'expected.nginx-default.conf', 'expected.nginx-dockgen.conf', 'expected.compose.yaml'];

export function listFixtures(prefix = ''): Fixture[] {
  return readdirSync(FIXTURES)
    .filter((name) => name.startsWith(prefix))
    .sort()
    .map((name) => {
      const dir = join(FIXTURES, name);
      const configFile = join(dir, 'fixture.json');
      const config = existsSync(configFile) ? (JSON.parse(readFileSync(configFile, 'utf8')) as FixtureConfig) : {};
      return { name, dir, config };
    });
}

/**
 * A fixture's project as a user has it: the tree copied to `target` (made with its parents) without
 * the expected files. fs-extra's copySync copies the tree; the fixture stays untouched.
 */
export function copyProject(name: string, target: string): string {
  fse.copySync(join(FIXTURES, name), target, { filter: (source) => !FIXTURE_META.includes(basename(source)) || dirname(source) !== join(FIXTURES, name) });
  return target;
}
