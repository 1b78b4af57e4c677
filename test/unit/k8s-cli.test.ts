import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempProjects } from '../helpers/cli.js';

const projects = tempProjects('k8s');

describe('dockgen --k8s through the same write path as the Dockerfile', () => {
  it('dry-run shows k8s.yaml, a write records --k8s and --image, --check sees drift, and an edit is kept without --force', () => {
    const dir = projects.copy('node-express-npm');
    const dry = runCli([dir, '--yes', '--k8s', '--dry-run']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/k8s\.yaml/);
    expect(existsSync(join(dir, 'k8s.yaml'))).toBe(false);

    const written = runCli([dir, '--yes', '--k8s', '--image', 'registry.example.com/shop/orders:1.4.0-3f2a1bc']);
    expect(written.code, written.stderr).toBe(0);
    const manifest = readFileSync(join(dir, 'k8s.yaml'), 'utf8');
    expect(manifest).toMatch(/image: registry\.example\.com\/shop\/orders:1\.4\.0-3f2a1bc$/m);
    const answers = JSON.parse(readFileSync(join(dir, 'dockgen.json'), 'utf8'));
    expect(answers).toMatchObject({ k8s: true, image: 'registry.example.com/shop/orders:1.4.0-3f2a1bc' });
    expect(answers.generated['k8s.yaml']).toMatch(/^[0-9a-f]{64}$/);

    // A re-run from dockgen.json alone writes the same file.
    expect(runCli([dir, '--check']).code).toBe(0);
    writeFileSync(join(dir, 'k8s.yaml'), manifest.replace('replicas: 2', 'replicas: 5'));
    const drift = runCli([dir, '--check']);
    expect(drift.code).toBe(1);
    expect(drift.stdout).toMatch(/replicas: 5/);
    const again = runCli([dir, '--yes']);
    expect(readFileSync(join(dir, 'k8s.yaml'), 'utf8')).toMatch(/replicas: 5/);
    expect(again.stdout + again.stderr).toMatch(/k8s\.yaml/);
    expect(runCli([dir, '--yes', '--force']).code).toBe(0);
    expect(readFileSync(join(dir, 'k8s.yaml'), 'utf8')).toBe(manifest);
  });

  it('--image latest is bad usage (exit 2) with the reason', () => {
    const dir = projects.copy('node-express-npm');
    const run = runCli([dir, '--yes', '--k8s', '--image', 'orders:latest']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/"latest", which moves/);
    expect(existsSync(join(dir, 'k8s.yaml'))).toBe(false);
  });
});
