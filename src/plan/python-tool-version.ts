import { describeEvidence } from '../detect/evidence.js';
import type { PythonFacts } from '../detect/python/index.js';
import { PYTHON_TOOL_VERSIONS } from '../versions/python-tools.js';
import { satisfiesPythonSpec } from '../versions/resolve-python.js';
import type { ToolVersion } from './python-install.js';

/**
 * The dependency manager's version: the project's own pin when it has one (an exact version, or a
 * range dockgen's default satisfies, or else the range itself for pip to resolve), else the table.
 */
export function toolVersion(facts: PythonFacts): ToolVersion | undefined {
  const pin = facts.toolPin;
  const name = facts.manager.value.name;
  if (!pin || name === 'pip') return undefined;
  const where = describeEvidence(pin.evidence);
  const spec = pin.value.replace(/^==/, '');
  if (/^\d+(\.\d+)*$/.test(spec)) {
    return { value: spec, comment: `${name} ${spec}: from ${where}; the build uses it, the image does not ship it`, range: false };
  }
  const fallback = PYTHON_TOOL_VERSIONS[name];
  if (satisfiesPythonSpec(fallback, pin.value, pin.evidence)) {
    return { value: fallback, comment: `${name} ${fallback}: dockgen's pinned default, which satisfies ${where}; the build uses it, the image does not ship it`, range: false };
  }
  return {
    value: pin.value,
    comment: `${name} ${pin.value}: the range from ${where} (pip installs its newest release); the build uses it, the image does not ship it`,
    range: true,
  };
}

/** How to add a package with the project's own dependency manager. */
export function howToAdd(facts: PythonFacts, name: string): string {
  const manager = facts.manager.value;
  switch (manager.name) {
    case 'uv': return `uv add ${name}`;
    case 'poetry': return `poetry add ${name}`;
    case 'pdm': return `pdm add ${name}`;
    case 'pipenv': return `pipenv install ${name}`;
    case 'pip':
      return manager.requirementsFile ? `a pinned line in ${manager.requirementsFile}` : manager.source === 'pyproject' ? 'to [project.dependencies] in pyproject.toml' : 'a pinned line in requirements.txt';
  }
}
