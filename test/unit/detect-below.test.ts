import { describe, expect, it } from 'vitest';
import { detectProject } from '../../src/detect/index.js';
import { MemoryFs } from '../../src/detect/fs.js';

describe('a folder that holds services rather than being one', () => {
  it('names the projects one level down in the error, and never looks deeper or into node_modules', () => {
    const fs = new MemoryFs({
      'README.md': '# platform\n',
      'backend/pyproject.toml': '[project]\nname = "api"\ndependencies = []\n',
      'frontend/package.json': '{"name": "web"}',
      'node_modules/x/package.json': '{"name": "x"}',
      'deploy/k8s/app/go.mod': 'module x\n',
    });
    expect(() => detectProject(fs)).toThrow(/One level down: backend\/ \(python\), frontend\/ \(node\)\./);
    expect(() => detectProject(fs)).not.toThrow(/node_modules|deploy/);
    // The hint names both ways: one service's folder, or every service at once.
    expect(() => detectProject(fs)).toThrow(expect.objectContaining({ hint: expect.stringMatching(/backend\/ inside this one.*`dockgen --all` here writes every service's files and a compose\.yaml/) }));
  });

  it('keeps the plain message when nothing is below either', () => {
    expect(() => detectProject(new MemoryFs({ 'notes.txt': '' }))).toThrow(/Could not tell what kind of project this is: none of .* was found\.$/);
  });
});
