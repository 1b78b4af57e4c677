import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { foundMarkers, generateAsking, resolveConflicts, type Prompter } from '../../src/cli/ask.js';
import type { FileChange } from '../../src/write.js';
import { generate } from '../../src/core.js';
import { DiskFs, MemoryFs, type ProjectFs } from '../../src/detect/fs.js';
import { parseGenerateFlags, type GenerateOptions, type RawGenerateFlags } from '../../src/options.js';
import { FIXTURES } from '../helpers/fixtures.js';

interface Asked {
  flag: string;
  message: string;
  choices?: string[];
  prefilled?: string;
}

/**
 * A person at the terminal, scripted: `answers` by flag (the flag every question names); any other
 * question is answered by pressing Enter, which takes dockgen's prefilled value. Typed answers go
 * through the prompt's validation like at a terminal; `rejected` collects what it refused.
 */
function person(answers: Record<string, string | string[]> = {}, conflicts: Array<'overwrite' | 'skip' | 'all'> = []) {
  const asked: Asked[] = [];
  const shown: string[] = [];
  const rejected: string[] = [];
  const flagOf = (message: string) => /\((--[a-z0-9-]+)\)/.exec(message)?.[1] ?? message;
  const next = (flag: string): string | undefined => {
    const answer = answers[flag];
    if (!Array.isArray(answer)) return answer;
    return answer.shift();
  };
  const prompter: Prompter = {
    show: (text) => void shown.push(text),
    async choose(message, choices, preselected) {
      const flag = flagOf(message);
      // The way back to the previous question is navigation, not one of the answers offered.
      asked.push({ flag, message, choices: choices.map((c) => c.value).filter((v) => !v.startsWith('\u0000')), ...(preselected ? { prefilled: preselected } : {}) });
      if (next(`back:${flag}`) !== undefined) return choices.find((c) => c.name.startsWith('← back'))!.value;
      const answer = next(flag) ?? preselected;
      if (answer === undefined) throw new Error(`no answer for ${message}`);
      if (!choices.some((c) => c.value === answer)) throw new Error(`${answer} is not offered for ${message}`);
      return answer as (typeof choices)[number]['value'];
    },
    async text(message, prefilled, validate) {
      const flag = flagOf(message);
      asked.push({ flag, message, ...(prefilled !== undefined ? { prefilled } : {}) });
      for (;;) {
        const typed = next(flag);
        // Enter on an empty field answers "".
        const answer = typed ?? prefilled ?? '';
        const verdict = validate(answer);
        if (verdict === true) return answer;
        rejected.push(verdict);
        if (typed === undefined) throw new Error(`no answer for ${message}: ${verdict}`);
      }
    },
    async askConflict(path, diff) {
      asked.push({ flag: 'conflict', message: `${path} ${(await diff()).includes('(on disk)') ? 'with diff' : ''}` });
      const answer = conflicts.shift();
      if (answer === undefined) throw new Error('unexpected question');
      return answer;
    },
  };
  return { prompter, asked, shown, rejected, flags: () => asked.map((a) => a.flag) };
}

const fixture = (name: string): ProjectFs => new DiskFs(join(FIXTURES, name));
/** Asked last: what is written besides the Dockerfile (a server's HEALTHCHECK first, where the image can run a probe). */
const COMPANIONS = ['--healthcheck', '--compose', '--k8s', '--readme'];
const NO_PROBE_COMPANIONS = COMPANIONS.slice(1);
const DIR = '/x/app';
// Two scripts at the root, neither a conventional entry name: nothing says which one is the app.
const job = { 'requirements.txt': 'requests==2.32.4\n', 'job.py': 'print(1)\n', 'report.py': 'print(2)\n' };
const goModule = (mains: string[]) => ({
  'go.mod': 'module example.com/orders\n\ngo 1.24\n',
  ...Object.fromEntries(mains.map((path) => [`${path}/main.go`, 'package main\n\nfunc main() {}\n'])),
});

describe('interactive: what is shown and asked', () => {
  it('shows the detected facts with their evidence before the first question', async () => {
    const { prompter, shown } = person();
    await generateAsking(fixture('node-express-npm'), DIR, {}, prompter);
    expect(shown[0]).toMatch(/detected a Node.js project/);
    expect(shown[0]).toMatch(/← package-lock\.json/);
    expect(shown[0]).not.toMatch(/--explain/);
  });

  it('offers start command, port, runtime version and PID 1 for a Node.js service, prefilled with what was detected', async () => {
    const { prompter, asked } = person();
    await generateAsking(fixture('node-express-npm'), DIR, {}, prompter);
    expect(asked.map((a) => a.flag)).toEqual(['--cmd', '--port', '--node-version', '--init', ...COMPANIONS]);
    const byFlag = Object.fromEntries(asked.map((a) => [a.flag, a]));
    expect(byFlag['--cmd']!.prefilled).toMatch(/^node /);
    expect(byFlag['--port']!.message).toMatch(/from /);
    expect(byFlag['--node-version']!.prefilled).toMatch(/^\d+\.\d+\.\d+$/);
    expect(byFlag['--init']).toMatchObject({ choices: ['tini', 'none'], prefilled: 'tini' });
  });

  it('asks the Go questions: version, runtime image and PID 1, with the binary itself preselected', async () => {
    const { prompter, asked } = person();
    await generateAsking(fixture('go-root-service'), DIR, {}, prompter);
    expect(asked.map((a) => a.flag)).toEqual(['--port', '--go-version', '--runtime', '--init', ...NO_PROBE_COMPANIONS]);
    expect(asked.find((a) => a.flag === '--runtime')).toMatchObject({ choices: ['distroless', 'scratch', 'debian'], prefilled: 'distroless' });
    expect(asked.find((a) => a.flag === '--init')!.prefilled).toBe('none');
  });

  it('asks Node.js or Bun where Bun is in the picture, and an answer writes what --js-runtime writes', async () => {
    // Bun detected: the runtime is asked first, then Bun's version instead of Node.js's.
    const bunApp = person();
    await generateAsking(fixture('node-bun-serve'), DIR, {}, bunApp.prompter);
    expect(bunApp.flags()).toEqual(['--js-runtime', '--cmd', '--port', '--bun-version', '--init', ...COMPANIONS]);
    expect(bunApp.asked[0]).toMatchObject({ choices: ['node', 'bun'], prefilled: 'bun' });
    expect(bunApp.asked[0]!.message).toMatch(/from package\.json scripts\.start/);
    expect(bunApp.asked.find((a) => a.flag === '--bun-version')!.prefilled).toBe('1.4.5');

    // Bun only installs (bun.lock, node start): Node.js is preselected, Bun can be chosen.
    const installer = person({ '--js-runtime': 'bun' });
    const options: GenerateOptions = {};
    const answered = await generateAsking(fixture('node-express-bun'), DIR, options, installer.prompter);
    expect(installer.asked[0]).toMatchObject({ flag: '--js-runtime', prefilled: 'node' });
    expect(options.jsRuntime).toBe('bun');
    expect(answered.files).toEqual(generate(fixture('node-express-bun'), DIR, { ...options }).files);
    expect(answered.files.find((f) => f.path === 'Dockerfile')!.content).toMatch(/^CMD \["bun", "index\.js"\]$/m);

    // No Bun anywhere: not asked.
    const plain = person();
    await generateAsking(fixture('node-express-npm'), DIR, {}, plain.prompter);
    expect(plain.flags()).not.toContain('--js-runtime');
  });

  it('does not offer scratch for a cgo binary, which cannot run there', async () => {
    const { prompter, asked } = person();
    await generateAsking(fixture('go-cgo-inline-debian'), DIR, {}, prompter);
    expect(asked.find((a) => a.flag === '--runtime')!.choices).toEqual(['distroless', 'debian']);
  });

  it('never asks what a flag or dockgen.json already answered', async () => {
    const { prompter, flags } = person();
    const options = parseGenerateFlags({ cmd: 'node server.js', port: '8080', nodeVersion: '22', init: 'tini', healthcheck: '/healthz', compose: true, k8s: true, readme: true });
    await generateAsking(fixture('node-express-npm'), DIR, options, prompter);
    expect(flags()).toEqual([]);
  });

  it('offers values recorded in dockgen.json as the prefilled answer, so they can be changed', async () => {
    const kept = person();
    const recorded: GenerateOptions = { port: 8081, init: 'none' };
    await generateAsking(fixture('node-express-npm'), DIR, recorded, kept.prompter, undefined, new Set());
    expect(kept.asked.find((a) => a.flag === '--port')!.prefilled).toBe('8081');
    expect(kept.asked.find((a) => a.flag === '--init')!.prefilled).toBe('none');
    expect(recorded).toEqual({ port: 8081, init: 'none' });

    const changed = person({ '--port': '9000', '--init': 'tini' });
    const options: GenerateOptions = { port: 8081, init: 'none' };
    const answered = await generateAsking(fixture('node-express-npm'), DIR, options, changed.prompter, undefined, new Set());
    expect(options).toEqual({ port: 9000, init: 'tini' });
    expect(answered.files).toEqual(generate(fixture('node-express-npm'), DIR, { port: 9000, init: 'tini' }).files);
  });

  it('names where a prefilled value came from: dockgen.json, or the answer just given, not the flag it became', async () => {
    const kept = person({ '--cmd': 'node server.js --port 7000' });
    await generateAsking(fixture('node-express-npm'), DIR, { port: 8081 }, kept.prompter, undefined, new Set());
    expect(kept.asked.find((a) => a.flag === '--port')!.message).toBe('Port the app listens on (--port), from dockgen.json:');
    const flagged = person();
    await generateAsking(fixture('node-express-npm'), DIR, { port: 8081 }, flagged.prompter, undefined, new Set(['port']));
    expect(flagged.asked.find((a) => a.flag === '--port')).toBeUndefined();
    const defaults = person();
    await generateAsking(fixture('node-express-npm'), DIR, {}, defaults.prompter);
    expect(defaults.asked.find((a) => a.flag === '--port')!.message).toBe('Port the app listens on (--port), from server.js line 7:');
  });

  it('says why PID 1 and a Go main package are preselected, and names the manifest found when asking for the stack', async () => {
    const node = person();
    await generateAsking(fixture('node-express-npm'), DIR, {}, node.prompter);
    expect(node.asked.find((a) => a.flag === '--init')!.message).toBe('PID 1 (--init); Node.js ignores SIGTERM as PID 1:');
    const go = person();
    await generateAsking(fixture('go-cmd-several'), DIR, {}, go.prompter);
    expect(go.shown).toContain('Found 3 main packages; ./cmd/orders is preselected: it serves on a port.');
    expect(go.asked.find((a) => a.flag === '--init')!.message).toBe('PID 1 (--init); a Go binary handles SIGTERM itself:');
    const both = person({ '--stack': 'python' });
    await generateAsking(new MemoryFs({ 'requirements.txt': 'flask\ngunicorn\n', 'app.py': 'from flask import Flask\napp = Flask(__name__)\n', 'package.json': '{"name":"a","scripts":{"start":"node a.js"}}', 'a.js': '' }), DIR, {}, both.prompter);
    expect(both.asked.find((a) => a.flag === '--stack')!.message).toMatch(/several stacks/);
    const python = 'requirements.txt, pyproject.toml, Pipfile or setup.py';
    expect(foundMarkers(new MemoryFs({ 'requirements.txt': '' }), python)).toBe('requirements.txt found');
    expect(foundMarkers(new MemoryFs({ 'package.json': '{}' }), 'package.json')).toBe('package.json found');
    expect(foundMarkers(new MemoryFs({}), python)).toBe(python);
  });

  it('goes back to the previous question with < or "← back", which is asked again as it was', async () => {
    // Port 9000, then back from the version question to the port, offered as before (8080, the answer undone); answer 9100.
    const { prompter, asked, shown } = person({ '--port': ['9000', '9100'], '--node-version': ['<', '22'] });
    const options: GenerateOptions = {};
    const generation = await generateAsking(fixture('node-express-npm'), DIR, options, prompter);
    expect(asked.map((a) => a.flag)).toEqual(['--cmd', '--port', '--node-version', '--port', '--node-version', '--init', ...COMPANIONS]);
    expect(asked[3]!.prefilled).toBe('8080');
    expect(shown).toContain('To change an earlier answer, type < at a question or choose "← back to the previous question".');
    expect(options).toEqual({ port: 9100, nodeVersion: '22' });
    expect(generation.files).toEqual(generate(fixture('node-express-npm'), DIR, { port: 9100, nodeVersion: '22' }).files);
    // From a list: back from PID 1 to the version, whose earlier answer is undone.
    const list = person({ '--node-version': ['20', '22'], 'back:--init': ['yes'] });
    const listed: GenerateOptions = {};
    await generateAsking(fixture('node-express-npm'), DIR, listed, list.prompter);
    expect(list.asked.map((a) => a.flag)).toEqual(['--cmd', '--port', '--node-version', '--init', '--node-version', '--init', ...COMPANIONS]);
    expect(listed).toEqual({ nodeVersion: '22' });
    // The first question has no way back: < there is just a (refused) answer.
    const first = person({ '--cmd': ['<'] });
    await generateAsking(fixture('node-express-npm'), DIR, {}, first.prompter);
    expect(first.rejected[0]).toMatch(/--cmd "<" uses shell features/);
    expect(first.asked.map((a) => a.flag)).toEqual(['--cmd', '--port', '--node-version', '--init', ...COMPANIONS]);
  });

  it('asks for the package manager only when the project does not say which', async () => {
    const noLockfile = { 'package.json': JSON.stringify({ name: 'a', scripts: { start: 'node a.js' } }), 'a.js': '' };
    const one = person();
    await generateAsking(new MemoryFs(noLockfile), DIR, {}, one.prompter);
    expect(one.asked.find((a) => a.flag === '--package-manager')).toMatchObject({ choices: ['npm', 'yarn', 'pnpm', 'bun'], prefilled: 'npm' });

    const two = person();
    await generateAsking(new MemoryFs({ ...noLockfile, 'yarn.lock': '# yarn lockfile v1\n', 'package-lock.json': '{}' }), DIR, {}, two.prompter);
    expect(two.asked.find((a) => a.flag === '--package-manager')).toMatchObject({ choices: ['yarn', 'npm'], prefilled: 'yarn' });

    const locked = person();
    await generateAsking(fixture('node-express-npm'), DIR, {}, locked.prompter);
    expect(locked.flags()).not.toContain('--package-manager');
  });

  it('asks which stack when the folder fits several, and the answer equals --stack', async () => {
    const files = { ...job, 'package.json': JSON.stringify({ name: 'tool', scripts: { start: 'node index.js' } }), 'index.js': '' };
    const { prompter, asked } = person({ '--stack': 'node' });
    const options: GenerateOptions = {};
    const answered = await generateAsking(new MemoryFs(files), DIR, options, prompter);
    expect(asked[0]).toMatchObject({ flag: '--stack', choices: ['python', 'node'], prefilled: 'python' });
    expect(options.stack).toBe('node');
    expect(answered.files).toEqual(generate(new MemoryFs(files), DIR, { stack: 'node' }).files);
  });

  it('refuses a version dockgen cannot build and asks again, with the reason', async () => {
    // 0.11 was an unstable line without official images (7 became buildable with the old lines).
    const { prompter, rejected } = person({ '--node-version': ['0.11', '20'] });
    const options: GenerateOptions = {};
    await generateAsking(fixture('node-express-npm'), DIR, options, prompter);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]).toMatch(/0\.11/);
    expect(options.nodeVersion).toBe('20');
  });
});

describe('interactive answers and flags write the same files', () => {
  // Pressing Enter at every question is the same as --yes.
  for (const name of ['node-express-npm', 'node-fastify-pnpm', 'python-stdlib-http', 'python-fastapi-uv', 'go-root-service', 'go-cmd-single', 'static-plain-root', 'static-vite-spa']) {
    it(`${name}: accepting every prefilled answer writes what --yes writes, and records nothing extra`, async () => {
      const options: GenerateOptions = {};
      const answered = await generateAsking(fixture(name), DIR, options, person().prompter);
      expect(answered.files).toEqual(generate(fixture(name), DIR, {}).files);
      expect(options).toEqual({});
    });
  }

  const changed: Array<[string, Record<string, string>, RawGenerateFlags]> = [
    ['node-express-npm', { '--port': '8081', '--node-version': '20', '--init': 'none', '--cmd': 'node --enable-source-maps server.js' },
      { port: '8081', nodeVersion: '20', init: 'none', cmd: 'node --enable-source-maps server.js' }],
    ['python-stdlib-http', { '--port': '9000', '--python-version': '3.12' }, { port: '9000', pythonVersion: '3.12' }],
    ['go-root-service', { '--runtime': 'scratch', '--init': 'tini', '--go-version': '1.25' }, { runtime: 'scratch', init: 'tini', goVersion: '1.25' }],
    ['static-plain-root', { '--port': '8088' }, { port: '8088' }],
    // What is written besides the Dockerfile: the same files as the flags, recorded the same way.
    ['node-express-npm', { '--healthcheck': '/healthz', '--compose': 'yes', '--k8s': 'yes', '--readme': 'yes' }, { healthcheck: '/healthz', compose: true, k8s: true, readme: true }],
    ['python-stdlib-http', { '--healthcheck': '/' }, { healthcheck: '/' }],
  ];
  for (const [name, answers, flags] of changed) {
    it(`${name}: answers ${Object.keys(answers).join(' ')} write what the same flags write`, async () => {
      const options: GenerateOptions = {};
      const answered = await generateAsking(fixture(name), DIR, options, person(answers).prompter);
      const flagged = parseGenerateFlags(flags);
      expect(options).toEqual(flagged);
      expect(answered.files).toEqual(generate(fixture(name), DIR, flagged).files);
      expect(answered.files[0]!.content).not.toEqual(generate(fixture(name), DIR, {}).files[0]!.content);
    });
  }
});

describe('interactive: files besides the Dockerfile', () => {
  it('k8s.yaml for a project without a version asks for the image reference, refusing latest like the flag', async () => {
    const { prompter, asked, rejected } = person({ '--k8s': 'yes', '--image': ['api:latest', 'registry.example.com/api:1.0.0'] });
    const options: GenerateOptions = {};
    const generation = await generateAsking(fixture('go-root-service'), DIR, options, prompter);
    expect(asked.map((a) => a.flag)).toContain('--image');
    expect(rejected[0]).toMatch(/"latest"/);
    expect(options).toMatchObject({ k8s: true, image: 'registry.example.com/api:1.0.0' });
    expect(generation.files.find((f) => f.path === 'k8s.yaml')?.content).toContain('image: registry.example.com/api:1.0.0');
  });

  it('a HEALTHCHECK path is validated at the question, like the flag', async () => {
    const { prompter, rejected } = person({ '--healthcheck': ['healthz', '/healthz'] });
    const options: GenerateOptions = {};
    const generation = await generateAsking(fixture('node-express-npm'), DIR, options, prompter);
    expect(rejected[0]).toMatch(/--healthcheck path must start with \//);
    expect(generation.files[0]!.content).toMatch(/^HEALTHCHECK /m);
  });
});

describe('interactive: values detection cannot settle', () => {
  it('asks for the start command only when it cannot be detected; the answer equals the flag', async () => {
    const { prompter, asked } = person({ '--cmd': 'python job.py' });
    const options: GenerateOptions = {};
    const answered = await generateAsking(new MemoryFs(job), DIR, options, prompter);
    expect(asked[0]).toMatchObject({ flag: '--cmd' });
    expect(asked[0]!.prefilled).toBeUndefined();
    expect(asked.filter((a) => a.flag === '--cmd'), 'asked once, not offered again').toHaveLength(1);
    expect(options.cmd).toEqual(['python', 'job.py']);
    expect(answered.files).toEqual(generate(new MemoryFs(job), DIR, parseGenerateFlags({ cmd: 'python job.py' })).files);
  });

  it("offers the Go main packages with the rule's pick preselected, and builds the chosen one", async () => {
    const { prompter, asked } = person({ '--main': './cmd/worker' });
    const options: GenerateOptions = {};
    const answered = await generateAsking(new MemoryFs(goModule(['cmd/orders', 'cmd/worker'])), DIR, options, prompter);
    expect(asked[0]).toMatchObject({ flag: '--main', choices: ['./cmd/orders', './cmd/worker'], prefilled: './cmd/orders' });
    expect(options.main).toBe('./cmd/worker');
    expect(answered.files).toEqual(generate(new MemoryFs(goModule(['cmd/orders', 'cmd/worker'])), DIR, { main: './cmd/worker' }).files);
  });

  it('asks for the main package when no rule can pick one', async () => {
    const { prompter, asked } = person({ '--main': './cmd/b' });
    const answered = await generateAsking(new MemoryFs(goModule(['cmd/a', 'cmd/b'])), DIR, {}, prompter);
    expect(asked[0]).toMatchObject({ flag: '--main', choices: ['./cmd/a', './cmd/b'] });
    expect(asked[0]!.prefilled).toBeUndefined();
    expect(answered.files[0]!.content).toMatch(/go build .* \.\/cmd\/b$/m);
  });

  it('asks which workspace package to build in a monorepo with several apps; the answer equals --workspace', async () => {
    const { prompter, asked } = person({ '--workspace': 'apps/worker' });
    const options: GenerateOptions = {};
    const answered = await generateAsking(fixture('node-workspaces-several-apps-error'), DIR, options, prompter);
    expect(asked[0]).toMatchObject({ flag: '--workspace', choices: ['apps/api', 'apps/worker'] });
    expect(options.workspace).toBe('apps/worker');
    expect(answered.files).toEqual(generate(fixture('node-workspaces-several-apps-error'), DIR, parseGenerateFlags({ workspace: 'apps/worker' })).files);
  });

  it('shows why a value is needed before asking for it', async () => {
    const { prompter, shown } = person({ '--cmd': 'python app.py' });
    const files = { 'requirements.txt': 'dash==4.4.1\ngunicorn==23.0.0\n', 'app.py': 'import dash\napp = dash.Dash(__name__)\n' };
    await generateAsking(new MemoryFs(files), DIR, {}, prompter);
    expect(shown[1]).toMatch(/add `server = app\.server` to app\.py/);
  });

  it('a start command that needs a shell is refused at the question, like the flag', async () => {
    const { prompter, rejected } = person({ '--cmd': ['python job.py && echo done', 'python job.py'] });
    await generateAsking(new MemoryFs(job), DIR, {}, prompter);
    expect(rejected[0]).toMatch(/shell features/);
  });
});

describe('existing files that differ (interactive)', () => {
  const change = (path: string, status: FileChange['status']): FileChange => ({ path, status, content: 'new\n', existing: 'old\n' });

  it('asks per conflicting file (with the diff at hand): keep one, overwrite another', async () => {
    const { prompter, asked } = person({}, ['skip', 'overwrite']);
    const result = await resolveConflicts([change('Dockerfile', 'conflict'), change('.dockerignore', 'conflict'), change('x', 'identical')], prompter);
    expect(result.map((c) => c.status)).toEqual(['skip', 'overwrite', 'identical']);
    expect(asked.map((a) => a.message)).toEqual(['Dockerfile with diff', '.dockerignore with diff']);
  });

  it('"overwrite all" answers the later conflicts too', async () => {
    const { prompter, asked } = person({}, ['all']);
    const result = await resolveConflicts([change('Dockerfile', 'conflict'), change('.dockerignore', 'create'), change('nginx-default.conf', 'conflict')], prompter);
    expect(result.map((c) => c.status)).toEqual(['overwrite', 'create', 'overwrite']);
    expect(asked).toHaveLength(1);
  });
});

describe('interactive: answers that change what follows', () => {
  it('a start command with its own port changes the port offered next, and typing that port keeps it', async () => {
    const files = {
      'package.json': JSON.stringify({ name: 'f', scripts: { start: 'fastify start app.js' }, dependencies: { fastify: '5.0.0', 'fastify-cli': '7.0.0' } }),
      'package-lock.json': '{}',
      'app.js': 'module.exports = async function (app) {}\n',
    };
    const { prompter, asked } = person({ '--cmd': 'fastify start -p 4000 app.js' });
    const options: GenerateOptions = {};
    const answered = await generateAsking(new MemoryFs(files), DIR, options, prompter);
    expect(asked.find((a) => a.flag === '--port')!.prefilled).toBe('4000');
    expect(answered.files).toEqual(generate(new MemoryFs(files), DIR, parseGenerateFlags({ cmd: 'fastify start -p 4000 app.js' })).files);
  });

  it('a start command with * or quotes is prefilled so that Enter keeps it, and is recorded so that --check reads it back', async () => {
    const files = {
      'requirements.txt': 'fastapi==0.118.0\nuvicorn==0.37.0\n',
      'main.py': 'from fastapi import FastAPI\napp = FastAPI()\n',
      Procfile: "web: uvicorn main:app --host 0.0.0.0 --port 8000 --forwarded-allow-ips '*' --header 'x-note:it'\"'\"'s'\n",
    };
    const { prompter, asked } = person();
    const options: GenerateOptions = {};
    await generateAsking(new MemoryFs(files), DIR, options, prompter);
    expect(asked.find((a) => a.flag === '--cmd')!.prefilled).toContain("'*'");
    expect(options.cmd).toBeUndefined();
    const { formatCommand, parseCommand } = await import('../../src/options.js');
    for (const argv of [['uvicorn', '--forwarded-allow-ips', '*'], ['echo', "it's", '$HOME', 'a b', 'x\\y', '']]) {
      expect(parseCommand(formatCommand(argv))).toEqual(argv);
    }
  });

  it('a runtime recorded in dockgen.json is preselected and can be changed back to the default', async () => {
    const { prompter, asked } = person({ '--runtime': 'distroless' });
    const options: GenerateOptions = { runtime: 'scratch' };
    const answered = await generateAsking(fixture('go-root-service'), DIR, options, prompter, undefined, new Set());
    expect(asked.find((a) => a.flag === '--runtime')!.prefilled).toBe('scratch');
    expect(options.runtime).toBe('distroless');
    expect(answered.files[0]!.content).not.toMatch(/FROM scratch/);
  });

  it('an answer to a missing value that cannot build is refused at the question and asked again', async () => {
    const files = { 'package.json': JSON.stringify({ name: 'l' }), 'package-lock.json': '{}', 'lib.js': '' };
    const { prompter, rejected } = person({ '--cmd': ['bun lib.js', 'node lib.js'] });
    const options: GenerateOptions = {};
    await generateAsking(new MemoryFs(files), DIR, options, prompter);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]).toMatch(/bun/);
    expect(options.cmd).toEqual(['node', 'lib.js']);
  });
});

describe('interactive: organisation defaults', () => {
  it("offers the org's default as the prefilled answer and records nothing when it is kept", async () => {
    const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { readOrgConfig } = await import('../../src/org/config.js');
    const dir = mkdtempSync(join(tmpdir(), 'dockgen-org-ask-'));
    try {
      writeFileSync(join(dir, 'org.json'), JSON.stringify({ defaults: { runtime: 'scratch', init: 'tini' } }));
      const org = readOrgConfig(join(dir, 'org.json'));
      const { prompter, asked } = person();
      const options: GenerateOptions = {};
      const answered = await generateAsking(fixture('go-root-service'), DIR, options, prompter, org);
      expect(asked.find((a) => a.flag === '--runtime')!.prefilled).toBe('scratch');
      expect(asked.find((a) => a.flag === '--init')!.prefilled).toBe('tini');
      expect(options).toEqual({});
      expect(answered.files).toEqual(generate(fixture('go-root-service'), DIR, {}, org).files);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
