import { DockgenError } from '../../errors.js';
import { fact, type Fact } from '../evidence.js';
import type { ProjectFs } from '../fs.js';
import { firstMeaningfulLine, parseToml, toolVersionsSpec } from '../tool-versions.js';
import type { PyProject } from './pyproject.js';

/**
 * The Python version the project declares, in the documented priority: .python-version >
 * .tool-versions / mise.toml > requires-python / Poetry's python > Pipfile [requires] > runtime.txt. Resolved to an
 * exact release by the plan (versions/resolve-python.ts), so --python-version wins over a bad file.
 */
export function detectPythonVersionSpec(fs: ProjectFs, pyproject: PyProject | undefined): Fact<string> | undefined {
  const pinned = fs.readText('.python-version');
  if (pinned !== undefined) {
    // pyenv allows several versions, one per line; the first is the one it activates.
    const spec = firstMeaningfulLine(pinned);
    if (spec === undefined) throw new DockgenError('.python-version is empty.', 'Write a Python version in it (e.g. 3.13), or delete it.');
    return fact(spec, '.python-version', undefined, spec);
  }
  const tool = toolVersionsSpec(fs, ['python']);
  if (tool) return tool;
  if (pyproject?.requiresPython) return fact(pyproject.requiresPython, 'pyproject.toml', 'project.requires-python', pyproject.requiresPython);
  if (pyproject?.poetry?.python) return fact(pyproject.poetry.python, 'pyproject.toml', 'tool.poetry.dependencies.python', pyproject.poetry.python);
  const pipenv = pipfilePython(fs);
  if (pipenv) return pipenv;
  const runtime = fs.readText('runtime.txt');
  if (runtime !== undefined) {
    const spec = firstMeaningfulLine(runtime);
    if (spec === undefined) throw new DockgenError('runtime.txt is empty.', 'Write e.g. python-3.13.1 in it, or delete it.');
    return fact(spec, 'runtime.txt', undefined, spec);
  }
  return undefined;
}

/** Pipfile `[requires] python_full_version` (exact) or `python_version` (a minor line). */
function pipfilePython(fs: ProjectFs): Fact<string> | undefined {
  const text = fs.readText('Pipfile');
  if (text === undefined) return undefined;
  const requires = parseToml(text, 'Pipfile')['requires'];
  if (typeof requires !== 'object' || requires === null) return undefined;
  for (const field of ['python_full_version', 'python_version']) {
    const value = (requires as Record<string, unknown>)[field];
    if (typeof value === 'string' && value.trim() !== '') return fact(value.trim(), 'Pipfile', `requires.${field}`, value.trim());
  }
  return undefined;
}
