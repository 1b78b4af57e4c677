import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempProjects } from '../helpers/cli.js';

const projects = tempProjects('update');

/** A project as an older dockgen left it: the Dockerfile with an older Node.js version, and the
 *  hash in dockgen.json of exactly that file (nobody edited it since). */
function writtenByOlderDockgen(engines: string | undefined, old: string, answers: Record<string, string> = {}): { dir: string; path: string } {
  const dir = projects.copy('node-express-npm');
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  if (engines !== undefined) manifest.engines = { node: engines };
  writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
  if (Object.keys(answers).length > 0) writeFileSync(join(dir, 'dockgen.json'), JSON.stringify(answers));
  expect(runCli([dir, '--yes']).code).toBe(0);
  const path = join(dir, 'Dockerfile');
  const older = readFileSync(path, 'utf8').replace(/^ARG NODE_VERSION=\S+$/m, `ARG NODE_VERSION=${old}`).replace(/^# Node\.js \S+:/m, `# Node.js ${old}:`);
  writeFileSync(path, older);
  const record = JSON.parse(readFileSync(join(dir, 'dockgen.json'), 'utf8'));
  record.generated.Dockerfile = createHash('sha256').update(older).digest('hex');
  writeFileSync(join(dir, 'dockgen.json'), JSON.stringify(record, null, 2) + '\n');
  return { dir, path };
}

describe('dockgen update: versions', () => {
  it('moves a version within the declared range to its newest release, without --force', () => {
    const { dir, path } = writtenByOlderDockgen('^20.10', '20.19.0');
    const check = runCli(['update', dir, '--check']);
    expect(check.code).toBe(1);
    expect(check.stdout).toContain('-ARG NODE_VERSION=20.19.0');
    expect(check.stdout).toContain('+ARG NODE_VERSION=20.20.2');
    expect(runCli(['update', dir]).code).toBe(0);
    expect(readFileSync(path, 'utf8')).toContain('ARG NODE_VERSION=20.20.2\n');
    expect(runCli(['update', dir, '--check']).code).toBe(0);
  });

  it('never moves a version outside what the project declares', () => {
    const exact = writtenByOlderDockgen('20.19.0', '20.19.0');
    expect(runCli(['update', exact.dir, '--check']).code).toBe(0);
    // A recorded answer is a declaration too.
    const answered = writtenByOlderDockgen(undefined, '24.11.0', { nodeVersion: '24.11.0' });
    expect(runCli(['update', answered.dir, '--check']).code).toBe(0);
    expect(readFileSync(answered.path, 'utf8')).toContain('ARG NODE_VERSION=24.11.0\n');
  });

  it('moves an undeclared version to the current default line', () => {
    const { dir, path } = writtenByOlderDockgen(undefined, '24.11.0');
    const update = runCli(['update', dir]);
    expect(update.code).toBe(0);
    expect(update.stdout).toMatch(/overwrote\s+Dockerfile/);
    expect(readFileSync(path, 'utf8')).toMatch(/^ARG NODE_VERSION=26\.\d+\.\d+$/m);
  });

  it('is a usage error on a folder that is not a project, and is listed as a command', () => {
    expect(runCli(['update', join(projects.empty('none'), 'missing')]).code).toBe(2);
    expect(runCli(['updte']).stderr).toContain('`dockgen update`');
    expect(runCli(['update', '--help']).stdout).toContain('Versions move to the newest release');
  });
});
