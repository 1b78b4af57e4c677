import { describe, expect, it } from 'vitest';
import { MemoryFs } from '../../src/detect/fs.js';
import { detectPython } from '../../src/detect/python/index.js';
import { DockgenError } from '../../src/errors.js';
import { PYTHON_LINES, findPythonLine } from '../../src/versions/python.js';
import { defaultPythonVersion, resolvePythonVersion } from '../../src/versions/resolve-python.js';

const resolve = (spec: string) => resolvePythonVersion(spec, { source: 'pyproject.toml', field: 'project.requires-python' }).version;
const latest = (minor: string) => findPythonLine(minor)!.latest;

describe('Python version resolution', () => {
  it('keeps exact versions and resolves a line to its newest release', () => {
    expect(resolve('3.12.3')).toBe('3.12.3');
    expect(resolve('3.12')).toBe(latest('3.12'));
    expect(resolve('python-3.11.4')).toBe('3.11.4');
    expect(resolve('3.13.*')).toBe(latest('3.13'));
  });

  it('resolves PEP 440 ranges to the newest settled line that satisfies them', () => {
    expect(resolve('>=3.10')).toBe(defaultPythonVersion());
    expect(resolve('>=3.10,<3.13')).toBe(latest('3.12'));
    expect(resolve('>=3.9, !=3.12.*, <3.14')).toBe(latest('3.13'));
    expect(resolve('~=3.11')).toBe(defaultPythonVersion());
    expect(resolve('~=3.11.2')).toBe(latest('3.11'));
    expect(resolve('==3.10.*')).toBe(latest('3.10'));
    expect(resolve('<3.12')).toBe(latest('3.11'));
  });

  it('resolves Poetry constraints (^, ~, space-separated)', () => {
    expect(resolve('^3.11')).toBe(defaultPythonVersion());
    expect(resolve('~3.11')).toBe(latest('3.11'));
    expect(resolve('>=3.9 <3.12')).toBe(latest('3.11'));
  });

  it('uses a line newer than the default only when nothing older fits', () => {
    expect(resolve('>=3.15')).toBe(PYTHON_LINES[0]!.latest);
  });

  it('warns about end-of-life lines', () => {
    const result = resolvePythonVersion('3.9', { source: '.python-version' });
    expect(result.warnings.join()).toMatch(/end of life/);
  });

  it.each(['pypy3.10', 'system', '3.x.y', '>=4.0', '3.99', '>=3.10 || <2'])('refuses %s with a message naming the file', (spec) => {
    expect(() => resolve(spec)).toThrow(DockgenError);
    expect(() => resolve(spec)).toThrow(/pyproject\.toml/);
  });
});

describe('Python version detection order', () => {
  const files = {
    'requirements.txt': 'flask==3.1.2\n',
    'app.py': 'app = Flask(__name__)\n',
    '.python-version': '3.12\n',
    '.tool-versions': 'python 3.11.9\n',
    'pyproject.toml': '[project]\nname = "x"\nrequires-python = ">=3.10,<3.11"\n',
    'runtime.txt': 'python-3.9.20\n',
  };
  const sourceWith = (drop: string[]) =>
    detectPython(new MemoryFs(Object.fromEntries(Object.entries(files).filter(([name]) => !drop.includes(name))))).pythonVersionSpec?.evidence.source;

  it('.python-version > .tool-versions > requires-python > runtime.txt', () => {
    expect(sourceWith([])).toBe('.python-version');
    expect(sourceWith(['.python-version'])).toBe('.tool-versions');
    expect(sourceWith(['.python-version', '.tool-versions'])).toBe('pyproject.toml');
    expect(sourceWith(['.python-version', '.tool-versions', 'pyproject.toml'])).toBe('runtime.txt');
  });

  it('reads Poetry\'s python dependency and mise.toml', () => {
    const poetry = detectPython(new MemoryFs({ 'pyproject.toml': '[tool.poetry]\nname = "x"\n[tool.poetry.dependencies]\npython = "^3.11"\n', 'main.py': '' }));
    expect(poetry.pythonVersionSpec?.value).toBe('^3.11');
    const mise = detectPython(new MemoryFs({ 'mise.toml': '[tools]\npython = "3.13"\n', 'requirements.txt': '' }));
    expect(mise.pythonVersionSpec?.evidence).toMatchObject({ source: 'mise.toml', value: '3.13' });
  });

  it('refuses an empty .python-version, naming it', () => {
    expect(() => detectPython(new MemoryFs({ '.python-version': '\n# nothing\n', 'requirements.txt': '' }))).toThrow(/\.python-version is empty/);
  });
});
