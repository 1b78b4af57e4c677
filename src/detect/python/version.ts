import { DockgenError } from '../../errors.js';
import { fact, type Fact } from '../evidence.js';
import type { ProjectFs } from '../fs.js';
import { parseToml, toolVersionsSpec } from '../tool-versions.js';
import type { PyProject } from './pyproject.js';

/**
 * Every Python version the project declares, in the documented priority: .python-version >
 * .tool-versions / mise.toml > requires-python / Poetry's python > Pipfile [requires] > runtime.txt.
 * The plan resolves the first to an exact release and checks it against the others
 * (versions/resolve-python.ts), so no declaration is silently ignored; --python-version wins over all.
 */
export function detectPythonVersionSpecs(fs: ProjectFs, pyproject: PyProject | undefined, warnings: string[]): Array<Fact<string>> {
  const specs: Array<Fact<string>> = [];
  const pinned = fs.readText('.python-version');
  if (pinned !== undefined) {
    // pyenv allows several versions, one per line: the first is the one `python` runs.
    const versions = meaningfulLines(pinned);
    if (versions.length === 0) throw new DockgenError('.python-version is empty.', 'Write a Python version in it (e.g. 3.13), or delete it.');
    if (versions.length > 1) {
      warnings.push(`.python-version lists several versions (${versions.join(', ')}); the image has one Python, the first (${versions[0]}), which pyenv also makes the default.`);
    }
    specs.push(fact(versions[0]!, '.python-version', undefined, versions[0]));
  }
  const tool = toolVersionsSpec(fs, ['python']);
  if (tool) specs.push(tool);
  if (pyproject?.requiresPython) specs.push(fact(pyproject.requiresPython, 'pyproject.toml', 'project.requires-python', pyproject.requiresPython));
  if (pyproject?.poetry?.python) specs.push(fact(pyproject.poetry.python, 'pyproject.toml', 'tool.poetry.dependencies.python', pyproject.poetry.python));
  const pipenv = pipfilePython(fs, warnings);
  if (pipenv) specs.push(pipenv);
  const runtime = fs.readText('runtime.txt');
  if (runtime !== undefined) {
    const spec = meaningfulLines(runtime)[0];
    if (spec === undefined) throw new DockgenError('runtime.txt is empty.', 'Write e.g. python-3.13.1 in it, or delete it.');
    specs.push(fact(spec, 'runtime.txt', undefined, spec));
  }
  return specs;
}

/** Non-empty lines without `#` comments, trimmed. */
function meaningfulLines(text: string): string[] {
  return text.split('\n').map((line) => line.replace(/#.*/, '').trim()).filter(Boolean);
}

/**
 * Pipfile `[requires]`: `python_full_version` (exact) outranks `python_version` (a line), as in
 * Pipenv itself; when both are there and disagree, a warning says which one counts.
 */
function pipfilePython(fs: ProjectFs, warnings: string[]): Fact<string> | undefined {
  const text = fs.readText('Pipfile');
  if (text === undefined) return undefined;
  const requires = parseToml(text, 'Pipfile')['requires'];
  if (typeof requires !== 'object' || requires === null) return undefined;
  const read = (field: string) => {
    const value = (requires as Record<string, unknown>)[field];
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
  };
  const full = read('python_full_version');
  const line = read('python_version');
  if (full && line && !`${full}.`.startsWith(`${line}.`)) {
    warnings.push(`Pipfile [requires] says python_full_version = "${full}" and python_version = "${line}"; Pipenv uses python_full_version, and so does the image. Make them agree (\`pipenv lock\` rewrites them).`);
  }
  if (full) return fact(full, 'Pipfile', 'requires.python_full_version', full);
  if (line) return fact(line, 'Pipfile', 'requires.python_version', line);
  return undefined;
}
