import type { Issue, Severity } from './types.js';

interface CheckInfo {
  rule: string;
  severity: Severity;
  why: string;
  fix: string;
  /** Off unless asked for with `dockgen lint --enable <check>`. */
  optIn?: boolean;
}

/**
 * Every check `dockgen lint` runs: its rule id (OUTPUT-RULES R1–R24, or D1–D5 for correctness
 * checks no output rule names), default severity, why it matters and the usual fix. Findings carry
 * their own message; this table keeps the explanations in one place (README, --ignore validation).
 */
export const CHECKS = {
  'parse-error': { rule: 'D1', severity: 'error', why: 'The builder rejects the file.', fix: 'Start with FROM (only ARG may come before it) and use valid instructions.' },
  'unknown-instruction': { rule: 'D1', severity: 'error', why: 'The builder stops at an instruction it does not know.', fix: 'Fix the spelling, or join the line to the previous one with a trailing backslash.' },
  'copy-from-unknown': { rule: 'D2', severity: 'error', why: 'COPY --from can only use an earlier stage; any other name is pulled as an image, which is usually a typo.', fix: 'Name an earlier stage (FROM … AS name), or give the image a version tag.' },
  'duplicate-stage': { rule: 'D3', severity: 'error', why: 'Stage names must be unique; references to the name become ambiguous and BuildKit refuses them.', fix: 'Rename one of the stages.' },
  'multiple-cmd': { rule: 'D4', severity: 'warning', why: 'Only the last CMD/ENTRYPOINT of a stage takes effect; the others mislead readers.', fix: 'Keep one CMD and at most one ENTRYPOINT per stage.' },
  pipefail: { rule: 'D5', severity: 'warning', why: '/bin/sh returns the status of the last command of a pipe, so a failed download piped into another command does not fail the build.', fix: 'Add `SHELL ["/bin/bash", "-o", "pipefail", "-c"]` before the RUN (or `set -o pipefail &&` where the shell supports it).' },

  'shell-form': { rule: 'R2', severity: 'error', why: 'In shell form /bin/sh is PID 1: SIGTERM from `docker stop` never reaches the app, which is killed after the grace period.', fix: 'Use the exec form, e.g. CMD ["node", "server.js"].' },
  'pm-start': { rule: 'R2', severity: 'error', why: 'A package manager as the long-running process adds a process that does not reap zombies and may not forward SIGTERM; the container ends unclean.', fix: 'Run the server directly, e.g. CMD ["node", "server.js"] (`dockgen` writes this for you).' },
  'no-init': { rule: 'R2', severity: 'warning', why: 'Node.js and Python ignore SIGTERM as PID 1 unless the app installs a handler, and do not reap zombies: `docker stop` waits the full grace period.', fix: 'Install tini and use ENTRYPOINT ["/usr/bin/tini", "--"] (or dumb-init); `dockgen` writes this for you.' },
  'copy-before-install': { rule: 'R5', severity: 'warning', why: 'Copying the whole source before the dependency install re-runs the install on every source change.', fix: 'COPY only the manifests and lockfile, install, then COPY the rest.' },
  'apt-update-separate': { rule: 'R6', severity: 'warning', why: 'A cached `apt-get update` layer goes stale: a later install fails with 404s or installs outdated packages.', fix: 'Run `apt-get update && apt-get install …` in one RUN.' },
  'apt-no-yes': { rule: 'R6', severity: 'warning', why: 'Without -y apt-get asks for confirmation, and the non-interactive build aborts.', fix: 'Add -y to apt-get install.' },
  'apt-recommends': { rule: 'R6', severity: 'warning', why: 'Recommended packages add size and attack surface the app does not need.', fix: 'Add --no-install-recommends.' },
  'apt-lists': { rule: 'R6', severity: 'warning', why: 'Package lists left in the layer add tens of MB to the image.', fix: 'End the same RUN with `rm -rf /var/lib/apt/lists/*`, or use a cache mount for /var/lib/apt/lists.' },
  'apt-upgrade': { rule: 'R6', severity: 'warning', why: 'Upgrading packages in a build makes the image depend on the day it was built; update the base image instead.', fix: 'Remove the upgrade and use a newer base image tag.' },
  'apk-no-cache': { rule: 'R6', severity: 'warning', why: 'apk keeps its index in the layer unless told not to.', fix: 'Use `apk add --no-cache …` or a cache mount for /var/cache/apk.' },
  'pip-cache': { rule: 'R7', severity: 'warning', why: "pip's download cache ends up in the layer: often more MB than the installed packages.", fix: 'Add --no-cache-dir, or use `RUN --mount=type=cache,target=/root/.cache/pip`.' },
  'npm-ci': { rule: 'R9', severity: 'warning', why: '`npm install` may change the lockfile and install other versions than the ones committed.', fix: 'Use `npm ci` (it installs exactly package-lock.json).' },
  'frozen-lockfile': { rule: 'R9', severity: 'warning', why: 'Without a frozen lockfile the install may resolve other versions than the committed ones.', fix: 'yarn 1: --frozen-lockfile; yarn 2+: --immutable; pnpm and bun: --frozen-lockfile.' },
  'toolchain-in-final': { rule: 'R10', severity: 'warning', why: 'Compilers in the shipped image add hundreds of MB and tools an attacker can use.', fix: 'Build in a builder stage and COPY --from it only what runs (`dockgen` writes a multi-stage file).' },
  'chown-after-copy': { rule: 'R12', severity: 'warning', why: 'A `chown` RUN copies every changed file into a new layer: the files are stored twice.', fix: 'Use COPY --chown=… instead (and keep app files owned by root where the app need not write them).' },
  'healthcheck-tool': { rule: 'R13', severity: 'warning', why: 'An HTTP client installed only so that HEALTHCHECK can call it ships in every container: size, and a download tool for an intruder.', fix: 'Probe with what the image already runs: node -e with node:http, python -c with urllib, bash with /dev/tcp (`dockgen --healthcheck` writes one), or let the orchestrator probe over HTTP.' },
  'root-user': { rule: 'R14', severity: 'error', why: 'A process running as root in the container is one kernel bug away from root on the host.', fix: 'Add `USER <uid>` with a numeric non-root id to the final stage (e.g. USER 1000 in node images, 65532 in distroless).' },
  'user-not-numeric': { rule: 'R14', severity: 'warning', why: 'Kubernetes runAsNonRoot cannot verify a user name, only a numeric UID.', fix: 'Use the numeric id, e.g. USER 1000:1000 instead of USER node.' },
  'secret-name': { rule: 'R16', severity: 'warning', why: 'ARG and ENV values are stored in the image metadata and history, readable by anyone who can pull it.', fix: 'Pass secrets with `RUN --mount=type=secret,id=…` at build time, or at run time.' },
  'dockerignore-secrets': { rule: 'R16', severity: 'warning', why: '`.env` files sent in the build context can be copied into the image by `COPY .`.', fix: 'Add `**/.env` and `**/.env.*` to .dockerignore (`dockgen` writes a complete one).' },
  'from-tag': { rule: 'R18', severity: 'error', why: 'An untagged or `latest` base image changes under you: builds are not reproducible and break without a code change.', fix: 'Pin a version tag, e.g. node:22.11.0-bookworm-slim (optionally @sha256: digest).' },
  'from-digest': { rule: 'R18', severity: 'warning', optIn: true, why: 'A tag can be pushed again: the same Dockerfile builds on other bytes tomorrow, and a compromised registry can serve anything under it. A digest names exactly one image.', fix: 'Pin the digest after the tag, e.g. FROM node:22.11.0-bookworm-slim@sha256:… (`dockgen --pin-digests` writes them; `dockgen update`, Renovate or Dependabot keep them fresh).' },
  'eol-runtime': { rule: 'R18', severity: 'warning', optIn: true, why: 'A runtime line past its end of life gets no security fixes: every new vulnerability in it stays open in the image.', fix: 'Move to a supported line (`dockgen update` moves undeclared versions to the current one; a declared version is the project\'s to change).' },
  'from-arg-unset': { rule: 'R18', severity: 'warning', why: 'The base image depends on a build argument without a default, so the file alone does not say what it builds on.', fix: 'Give the global ARG a pinned default.' },
  'add-local': { rule: 'R21', severity: 'warning', why: 'ADD also extracts archives and fetches URLs; COPY says exactly what happens to local files.', fix: 'Use COPY for local files.' },
  'workdir-relative': { rule: 'R21', severity: 'warning', why: 'A relative WORKDIR depends on the base image’s working directory, which can change.', fix: 'Use an absolute path, e.g. WORKDIR /app.' },
  'cd-in-run': { rule: 'R21', severity: 'warning', why: '`cd` in RUN hides the working directory from readers and later instructions.', fix: 'Use WORKDIR, or keep the cd in a subshell: `(cd dir && make)`.' },
  'unnamed-stage': { rule: 'R21', severity: 'info', why: 'Named stages make COPY --from and --target readable and robust to reordering.', fix: 'Name the stage: FROM … AS build.' },
  'dockerignore-missing': { rule: 'R23', severity: 'warning', why: 'Without .dockerignore the whole folder (.git, node_modules, secrets) is sent to the builder and may be copied into the image.', fix: 'Write one (`dockgen` writes a complete .dockerignore).' },
  'dockerignore-entry': { rule: 'R23', severity: 'warning', why: 'Local dependency folders and VCS data slow every build and, copied in, overwrite what the image installed.', fix: 'Add the entry to .dockerignore.' },
  'dockerignore-needed': { rule: 'R23', severity: 'error', why: 'A file the build needs is excluded from the context: the COPY fails or the install is no longer reproducible.', fix: 'Remove the pattern from .dockerignore, or re-include the file with `!name`.' },
  'syntax-directive': { rule: 'R24', severity: 'info', why: 'A `# syntax=` line pulls a frontend image at build time, which air-gapped and mirrored builders cannot.', fix: 'Remove it unless the build needs a newer frontend.' },
  'heredoc': { rule: 'R24', severity: 'info', why: 'Heredocs need Dockerfile frontend 1.4+ and are not supported by every builder (older Buildah).', fix: 'Use a RUN with && and line continuations, or COPY a script.' },
  'copy-link': { rule: 'R24', severity: 'info', why: 'COPY --link is BuildKit-only; Buildah and Podman builds fail or ignore it.', fix: 'Drop --link unless every builder you use is BuildKit.' },
  'arg-shadows-env': { rule: 'R24', severity: 'warning', why: 'Buildah and Podman let an ENV of the base image override a stage ARG of the same name (BuildKit does not): builds differ.', fix: 'Use an ARG name the base image does not set, e.g. APP_NODE_VERSION.' },
} as const satisfies Record<string, CheckInfo>;

export type CheckId = keyof typeof CHECKS;

export function issue(check: CheckId, line: number, message: string, overrides: Partial<Pick<Issue, 'severity' | 'fix'>> = {}): Issue {
  const info: CheckInfo = CHECKS[check];
  return { line, rule: info.rule, check, severity: info.severity, message, why: info.why, fix: info.fix, ...overrides };
}

/** True when `id` names a rule (R6, D2) or a check (apt-lists) that lint knows. */
export function isKnownId(id: string): boolean {
  const upper = id.toUpperCase();
  return id in CHECKS || Object.values(CHECKS).some((c: CheckInfo) => c.rule === upper) || /^R([1-9]|1\d|2[0-4])$/.test(upper);
}

/** The checks that run only when asked for (`--enable`). */
export const OPT_IN_CHECKS = (Object.entries(CHECKS) as Array<[CheckId, CheckInfo]>).filter(([, info]) => info.optIn).map(([id]) => id);

/** True when a finding is meant by a suppression id (rule ids are case-insensitive). */
export function matchesId(finding: Pick<Issue, 'rule' | 'check'>, id: string): boolean {
  return finding.check === id || finding.rule === id.toUpperCase();
}
