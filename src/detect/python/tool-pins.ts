import { fact, type Fact } from '../evidence.js';
import type { ProjectFs } from '../fs.js';
import { parseToml, toolVersionsSpec } from '../tool-versions.js';
import type { PythonManagerName } from './manager.js';
import type { PyProject } from './pyproject.js';

/**
 * The version of the dependency manager the project itself asks for, as a version or a PEP 440
 * range, most specific first: .tool-versions / mise.toml (a version manager's pin) > pyproject.toml
 * (`[tool.uv] required-version`, `[tool.poetry] requires-poetry`, `poetry-core<2`) > Pipfile
 * `pipenv = "==…"`. pip has no version of its own to pin here (the image's pip runs the install).
 */
export function detectToolPin(fs: ProjectFs, manager: PythonManagerName, pyproject: PyProject | undefined): Fact<string> | undefined {
  if (manager === 'pip') return undefined;
  const managed = toolVersionsSpec(fs, [manager]);
  if (managed) return managed;
  const declared = manager === 'uv' || manager === 'poetry' ? pyproject?.toolPins[manager] : undefined;
  if (declared) return fact(declared.spec.replace(/\s+/g, ''), 'pyproject.toml', declared.field, declared.spec);
  if (manager === 'pipenv') return pipfilePipenv(fs);
  return undefined;
}

/** `pipenv = "==2024.4.0"` among the Pipfile's packages: the project pins the tool it is locked with. */
function pipfilePipenv(fs: ProjectFs): Fact<string> | undefined {
  const text = fs.readText('Pipfile');
  if (text === undefined) return undefined;
  const data = parseToml(text, 'Pipfile');
  for (const section of ['dev-packages', 'packages']) {
    const packages = data[section];
    const value = typeof packages === 'object' && packages !== null ? (packages as Record<string, unknown>)['pipenv'] : undefined;
    if (typeof value === 'string' && /^==\s*\d/.test(value.trim())) return fact(value.trim().replace(/^==\s*/, ''), 'Pipfile', `[${section}] pipenv`, value);
  }
  return undefined;
}
