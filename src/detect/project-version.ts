import type { Evidence } from './evidence.js';
import type { ProjectFs } from './fs.js';
import { parseToml } from './tool-versions.js';

/**
 * The project's own version, for an image tag that names a release: package.json `version`
 * (at `dir`, a workspace package's folder, else the root), pyproject.toml `[project] version` or
 * `[tool.poetry] version`. Go modules carry no version in go.mod (releases are git tags).
 */
export function detectProjectVersion(fs: ProjectFs, dir = ''): { value: string; evidence: Evidence } | undefined {
  for (const folder of dir ? [dir, ''] : ['']) {
    const path = folder ? `${folder}/package.json` : 'package.json';
    const version = jsonVersion(fs.readText(path));
    if (version) return { value: version, evidence: { source: path, value: `"version": "${version}"` } };
  }
  const pyproject = fs.readText('pyproject.toml');
  if (pyproject !== undefined) {
    const data = parseToml(pyproject, 'pyproject.toml') as Record<string, Record<string, unknown> | undefined>;
    const project = data['project']?.['version'];
    if (typeof project === 'string') return { value: project, evidence: { source: 'pyproject.toml', value: `[project] version = "${project}"` } };
    const poetry = (data['tool']?.['poetry'] as Record<string, unknown> | undefined)?.['version'];
    if (typeof poetry === 'string') return { value: poetry, evidence: { source: 'pyproject.toml', value: `[tool.poetry] version = "${poetry}"` } };
  }
  return undefined;
}

function jsonVersion(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  try {
    const data: unknown = JSON.parse(text);
    const version = typeof data === 'object' && data !== null ? (data as Record<string, unknown>)['version'] : undefined;
    return typeof version === 'string' && version.trim() !== '' ? version.trim() : undefined;
  } catch {
    // A broken package.json is reported by the Node.js detector; here it only has no version.
    return undefined;
  }
}
