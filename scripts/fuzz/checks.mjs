import { DockerfileParser } from 'dockerfile-ast';
import { CANARY, OUTSIDE_SECRET } from './generate.mjs';

/**
 * The contract dockgen keeps on any project, as checks over one run's result:
 *   { command: { argv, explicitFile? }, code, stdout, stderr, timedOut, died,
 *     outsideBefore, outsideAfter, caseEntries, projectBefore, projectAfter, dockerfile }
 * `dockerfile` is the Dockerfile dockgen wrote or printed in this run (undefined when none).
 * Each check returns undefined when the result keeps the contract, or what is wrong.
 */

/** Files dockgen writes (static sites add an nginx config; the opt-in companions; `dockgen ci`'s
 *  workflow and its folders); dockgen.json is its own record. */
const OUTPUTS = [
  'Dockerfile', '.dockerignore', 'nginx-default.conf', 'nginx-dockgen.conf',
  'compose.yaml', 'k8s.yaml', 'README.Docker.md', 'renovate.json',
  '.github', '.github/workflows', '.github/workflows/docker.yml', '.github/dependabot.yml', '.gitlab-ci.yml',
];
/** What `--all` writes in a service's folder: its Dockerfile, the ignore file beside it (a service
 *  built from the repository root) or its own .dockerignore, its nginx config and its record. */
const SERVICE_OUTPUT = /^(?:[^/]+\/){1,2}(?:Dockerfile|Dockerfile\.dockerignore|\.dockerignore|nginx-default\.conf|dockgen\.json)$/;
const isOutput = (path, argv) => [...OUTPUTS, 'dockgen.json'].includes(path) || (argv.includes('--all') && SERVICE_OUTPUT.test(path));
const KEYWORDS = new Set(['FROM', 'RUN', 'CMD', 'LABEL', 'EXPOSE', 'ENV', 'ADD', 'COPY', 'ENTRYPOINT', 'VOLUME', 'USER', 'WORKDIR', 'ARG', 'ONBUILD', 'STOPSIGNAL', 'HEALTHCHECK', 'SHELL']);
// C0 but tab and newline, DEL, C1, line/paragraph separators, bidi overrides.
// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

export const CHECKS = [
  {
    name: 'no-hang',
    check: (r) => (r.timedOut ? 'did not finish in time' : undefined),
  },
  {
    name: 'exit-code',
    check: (r) => (r.timedOut ? undefined : r.died ? `the process died (${r.died})` : [0, 1, 2].includes(r.code) ? undefined : `exit code ${r.code}`),
  },
  {
    name: 'no-stack-trace',
    check: (r) => (/unexpected error|^\s+at .+:\d+:\d+\)?$/m.test(r.stderr) ? 'a stack trace on standard error' : undefined),
  },
  {
    name: 'no-raw-control',
    check: (r) => {
      const match = RAW_CONTROL.exec(r.stdout) ?? RAW_CONTROL.exec(r.stderr);
      return match ? `a raw control character U+${match[0].charCodeAt(0).toString(16).padStart(4, '0')} in the output` : undefined;
    },
  },
  {
    name: 'no-outside-content',
    check: (r) => (!r.command.explicitFile && (r.stdout.includes(OUTSIDE_SECRET) || r.stderr.includes(OUTSIDE_SECRET)) ? 'printed the content of a file outside the project' : undefined),
  },
  {
    name: 'nothing-outside',
    check: (r) => {
      const changed = diffSnapshots(r.outsideBefore, r.outsideAfter);
      if (changed.length > 0) return `changed outside the project: ${changed.join(', ')}`;
      const extra = r.caseEntries.filter((name) => name !== 'project' && name !== 'outside');
      return extra.length > 0 ? `created beside the project: ${extra.join(', ')}` : undefined;
    },
  },
  {
    name: 'no-clobber',
    check: (r) => {
      const force = r.command.argv.includes('--force');
      const problems = [];
      for (const [path, before] of r.projectBefore) {
        const after = r.projectAfter.get(path);
        if (after === before) continue;
        const replaceable = (OUTPUTS.includes(path) && force) || (path === 'dockgen.json' && r.code === 0);
        // An output may be replaced only when it was a regular file, and only with --force.
        if (!(replaceable && before.startsWith('file:') && after?.startsWith('file:'))) problems.push(`${JSON.stringify(path)} ${after === undefined ? 'removed' : 'changed'}`);
      }
      for (const path of r.projectAfter.keys()) {
        if (!r.projectBefore.has(path) && !isOutput(path, r.command.argv)) problems.push(`${JSON.stringify(path)} left behind`);
      }
      return problems.length > 0 ? problems.join(', ') : undefined;
    },
  },
  {
    name: 'dockerfile-parses',
    check: (r) => {
      if (r.dockerfile === undefined) return undefined;
      if (RAW_CONTROL.test(r.dockerfile)) return 'the Dockerfile holds a control character';
      const instructions = DockerfileParser.parse(r.dockerfile).getInstructions();
      if (instructions.length === 0) return 'the Dockerfile has no instruction';
      const unknown = instructions.find((i) => !KEYWORDS.has(i.getKeyword().toUpperCase()));
      if (unknown) return `unknown instruction ${JSON.stringify(unknown.getKeyword().slice(0, 40))}`;
      const first = instructions.find((i) => i.getKeyword().toUpperCase() !== 'ARG');
      return first?.getKeyword().toUpperCase() === 'FROM' ? undefined : 'the first instruction is not FROM';
    },
  },
  {
    name: 'no-injection',
    check: (r) => {
      if (r.dockerfile === undefined) return undefined;
      // Split the way any tool might: U+0085 and U+2028/9 end lines for some.
      const lines = r.dockerfile.split(/\r\n|[\n\r\u0085\u2028\u2029]/);
      const injected = lines.find((line) => new RegExp(`^\\s*(?:[A-Za-z]+\\s+)?${CANARY}`).test(line));
      return injected ? `an injected line: ${JSON.stringify(injected.slice(0, 60))}` : undefined;
    },
  },
];

function diffSnapshots(before, after) {
  const changed = [];
  for (const [path, sig] of before) if (after.get(path) !== sig) changed.push(path || '.');
  for (const path of after.keys()) if (!before.has(path)) changed.push(`${path} (new)`);
  return changed;
}

export function runChecks(result) {
  const violations = [];
  for (const { name, check } of CHECKS) {
    const problem = check(result);
    if (problem) violations.push({ check: name, problem });
  }
  return violations;
}

/**
 * A checker that cannot fail proves nothing: each check is fed a result that keeps the contract
 * (it must pass) and a known-bad variant of it (it must fail). Returns the checks that did not
 * behave; empty when all did.
 */
export function selfTest() {
  const snap = (entries) => new Map(entries);
  const good = () => ({
    command: { argv: ['{project}', '--yes'] },
    code: 0,
    stdout: 'created  Dockerfile\n',
    stderr: 'warning: scripts.start ("\\x1b[31m") uses shell features\n',
    timedOut: false,
    died: undefined,
    outsideBefore: snap([['', 'dir'], ['secret.txt', 'file:1:1:aa']]),
    outsideAfter: snap([['', 'dir'], ['secret.txt', 'file:1:1:aa']]),
    caseEntries: ['outside', 'project'],
    projectBefore: snap([['', 'dir'], ['package.json', 'file:1:1:bb'], ['Dockerfile', 'file:2:2:cc']]),
    projectAfter: snap([['', 'dir'], ['package.json', 'file:1:1:bb'], ['Dockerfile', 'file:2:2:cc'], ['.dockerignore', 'file:3:3:dd']]),
    dockerfile: '# syntax=docker/dockerfile:1\nARG NODE=22\nFROM node:22-slim\nCMD ["node", "INJECTED.js"]\n',
  });
  const bad = {
    'no-hang': (r) => Object.assign(r, { timedOut: true, code: undefined }),
    'exit-code': (r) => Object.assign(r, { code: 70 }),
    'no-stack-trace': (r) => Object.assign(r, { stderr: 'dockgen: unexpected error, please report it:\nTypeError: x\n    at f (file:///x.js:1:2)\n' }),
    'no-raw-control': (r) => Object.assign(r, { stderr: 'error: name "\u001b[2J" is bad\n' }),
    'no-outside-content': (r) => Object.assign(r, { stderr: `error: x is not valid JSON: "${OUTSIDE_SECRET}"\n` }),
    'nothing-outside': (r) => Object.assign(r, { outsideAfter: snap([['', 'dir'], ['secret.txt', 'file:9:9:ee']]) }),
    'no-clobber': (r) => Object.assign(r, { projectAfter: snap([['', 'dir'], ['package.json', 'file:1:1:bb'], ['Dockerfile', 'file:5:5:ff']]) }),
    'dockerfile-parses': (r) => Object.assign(r, { dockerfile: 'FROM node:22\nBOGUS x\n' }),
    'no-injection': (r) => Object.assign(r, { dockerfile: 'FROM node:22\n# name: x\u2028RUN INJECTED\nCMD ["node"]\n' }),
  };
  const failures = [];
  for (const { name } of CHECKS) {
    if (!bad[name]) failures.push(`${name}: no known-bad result`);
  }
  const baseline = runChecks(good());
  if (baseline.length > 0) failures.push(`a good result fails: ${baseline.map((v) => `${v.check} (${v.problem})`).join(', ')}`);
  for (const [name, spoil] of Object.entries(bad)) {
    const fired = runChecks(spoil(good())).map((v) => v.check);
    if (!fired.includes(name)) failures.push(`${name}: did not catch its known-bad result`);
  }
  // Extra known-bad variants, one per way a check can be reached.
  const variants = [
    ['nothing-outside', (r) => Object.assign(r, { caseEntries: ['outside', 'project', 'pwned'] })],
    ['no-clobber', (r) => Object.assign(r, { projectAfter: new Map([...r.projectAfter, ['.Dockerfile.dockgen-1234.tmp', 'file:1:1:aa']]) })],
    ['no-clobber', (r) => Object.assign(r, { command: { argv: ['{project}', '--yes', '--force'] }, projectBefore: new Map([...r.projectBefore, ['.dockerignore', 'link:../outside/x']]) })],
    ['exit-code', (r) => Object.assign(r, { died: 'SIGABRT' })],
    ['dockerfile-parses', (r) => Object.assign(r, { dockerfile: 'RUN echo\nFROM x\n' })],
    ['dockerfile-parses', (r) => Object.assign(r, { dockerfile: 'FROM x\nRUN echo \u001b[2J\n' })],
    ['no-injection', (r) => Object.assign(r, { dockerfile: 'FROM x\nLABEL a=b\nUSER INJECTED\n' })],
    ['no-raw-control', (r) => Object.assign(r, { stdout: 'x\u0085y' })],
  ];
  for (const [name, spoil] of variants) {
    if (!runChecks(spoil(good())).some((v) => v.check === name)) failures.push(`${name}: missed a variant`);
  }
  return failures;
}
