import type { ProjectFs } from '../detect/fs.js';
import { detectProjectVersion } from '../detect/project-version.js';
import { versionTag } from '../k8s/image-ref.js';
import { appCommand } from '../plan/app-command.js';
import type { GenerateOptions } from '../options.js';
import { imageName } from '../plan/safe.js';
import type { DockerPlan } from '../plan/types.js';
import type { GeneratedFile } from '../render/index.js';
import { hardenedRunArgs } from '../plan/writable.js';

/** Where --readme writes: beside the Dockerfile, under the name Docker's own scaffolder uses. */
export const README_FILE = 'README.Docker.md';

/** What each file dockgen may write is for. */
const PURPOSES: Record<string, string> = {
  Dockerfile: 'the multi-stage build: dependencies, build, and a small final stage that runs as a non-root user',
  '.dockerignore': 'keeps secrets (`.env*`, keys), VCS data and local build output out of the build context',
  'k8s.yaml': 'Kubernetes Deployment and Service: the same user, a read-only root, probes, requests and limits',
  'compose.yaml': 'runs the image locally the way it was built to run (same user, read-only root, no capabilities, healthcheck), with the backing services it needs',
  'dockgen.json': "dockgen's recorded answers, so that `npx dockgen --check` in CI catches drift and a re-run writes the same files",
};

/**
 * --readme: how to build, tag, run, check and deploy this image, with this project's real
 * commands (its name, version, port, user and writable paths), made from the plan like the
 * Dockerfile itself. Values come from the plan, where they are already reduced to safe
 * characters; the probe URL is single-quoted for the shell when its path has more than
 * letters, digits and / . - _ ~ (a query's & ; ( ) would end or fork the command).
 */
export function dockerReadme(fs: ProjectFs, plan: DockerPlan, options: GenerateOptions, projectName: string, files: string[], k8s?: { image: string; name: string }): GeneratedFile {
  const name = imageName(plan.app?.name ?? projectName);
  const version = versionTag(detectProjectVersion(fs, plan.app?.dir)?.value);
  const sha = '$(git rev-parse --short HEAD)';
  const tag = version ? `${version}-${sha}` : sha;
  const [uid, gid] = plan.user.split(':');
  const hardened = hardenedRunArgs(plan.writablePaths ?? []).join(' ');
  const port = plan.port;
  const path = encodeURI(options.healthcheck ?? (plan.stack === 'static' && plan.nginx ? '/healthz' : '/'));
  const indexArg = plan.stack === 'python' || plan.stack === 'go' ? plan.index?.arg.split('=')[0] : undefined;
  const ownFiles = [...files, 'dockgen.json'];

  const lines = [
    `# Running ${name} in a container`,
    '',
    `Written by dockgen from what it detected in this project (${plan.stack}); \`npx dockgen --readme\` writes it again after a change.`,
    '',
    '## Files',
    '',
    '| file | what it is for |',
    '|---|---|',
    ...ownFiles.map((file) => `| \`${file}\` | ${PURPOSES[file] ?? 'server configuration the Dockerfile copies into the image'} |`),
    '',
    '## Build and tag',
    '',
    'Tag every build with something that never moves: the version and the commit (R20). `latest` alone',
    'says nothing about what runs, and a rollback has nothing to return to.',
    '',
    '```sh',
    `docker build -t ${name}:${tag} .`,
    ...(version ? [`docker tag ${name}:${tag} ${name}:${version}`] : []),
    '```',
    ...(indexArg
      ? ['', `Behind a package mirror: \`--build-arg ${indexArg}=<mirror URL>\`, and credentials only as a build secret: \`--secret id=netrc,src=$HOME/.netrc\` (never in an ARG).`]
      : []),
    '',
    '## Run',
    '',
    `The image runs as user ${uid}:${gid} (numeric, so Kubernetes can verify it is not root) and works with a`,
    `read-only root filesystem; ${(plan.writablePaths ?? []).length === 1 ? 'the only path it writes is' : 'the paths it writes are'}:`,
    '',
    ...(plan.writablePaths ?? []).map((w) => `- \`${w.path}\`: ${w.reason}`),
    '',
    '```sh',
    `docker run --rm ${hardened}${port === undefined ? '' : ` -p ${port}:${port}`} ${name}:${version ?? '<tag>'}`,
    '```',
    '',
    `It starts \`${appCommand(plan.entrypoint, plan.cmd)}\`; \`docker stop\` ends it within a second or two (${plan.stack === 'static' ? `${plan.stopSignal}, the server's graceful stop` : 'SIGTERM'}).`,
    ...(port === undefined ? ['It is a worker: it listens on no port.'] : []),
    ...(files.includes('compose.yaml')
      ? ['', 'Or with its backing services, as compose.yaml declares them (create the password files it names under `secrets/` first):', '', '```sh', 'docker compose up --build', '```']
      : []),
  ];
  if (port !== undefined) {
    lines.push(
      '',
      '## Health check',
      '',
      '```sh',
      `curl -fsS ${shellWord(`http://localhost:${port}${path}`)}`,
      ...(options.healthcheck !== undefined ? ["docker inspect --format '{{.State.Health.Status}}' <container>   # the Dockerfile's HEALTHCHECK"] : []),
      '```',
    );
  }
  lines.push('', '## Deploy', '');
  if (k8s) {
    lines.push(
      `\`k8s.yaml\` runs \`${k8s.image}\` (run dockgen again with \`--image registry.example.com/${name}:<version>\` for your registry).`,
      'Give the build that reference, push it, and apply:',
      '',
      '```sh',
      `docker tag ${name}:${tag} ${k8s.image}`,
      `docker push ${k8s.image}`,
      'kubectl apply -f k8s.yaml',
      `kubectl rollout status deployment/${k8s.name}`,
      '```',
    );
  } else {
    lines.push(
      'Push the tagged image to the registry your platform pulls from:',
      '',
      '```sh',
      `docker tag ${name}:${tag} registry.example.com/${name}:${tag}`,
      `docker push registry.example.com/${name}:${tag}`,
      '```',
      '',
      'For Kubernetes, `npx dockgen --k8s` writes a hardened Deployment and Service for this image.',
    );
  }
  lines.push('', '## Keep the files current', '', '```sh', 'npx dockgen --check   # in CI: exit 1 with a diff when a file differs from what dockgen writes', '```');
  return { path: README_FILE, content: lines.join('\n') + '\n' };
}

/** A word the shell takes as it is: unquoted when plain, else in single quotes (the path has none:
 *  --healthcheck allows no quote, and encodeURI escapes one). */
function shellWord(text: string): string {
  return /^[\w/:.~-]+$/.test(text) ? text : `'${text.replaceAll("'", "'\\''")}'`;
}
