import { DockerfileParser, type Dockerfile, type From } from 'dockerfile-ast';
import { lint } from '../../src/lint/engine.js';
import { buildModel } from '../../src/lint/model.js';

/** Instructions dockgen's own output may use: a narrower set than the builder accepts (no ADD,
 *  SHELL, VOLUME, ONBUILD, MAINTAINER), so a template change that adds one is noticed. */
const GENERATED = new Set(['FROM', 'ARG', 'RUN', 'COPY', 'ENV', 'WORKDIR', 'USER', 'EXPOSE', 'ENTRYPOINT', 'CMD', 'STOPSIGNAL', 'LABEL', 'HEALTHCHECK']);
/** A dependency install, in any stack's package manager (shared with the e2e cache check). */
export const INSTALL_COMMAND = /\b(npm ci|npm install|yarn install|yarn workspaces focus|yarn[\w.-]*\.c?js (?:install|workspaces focus)|pnpm install|bun install|pip install|uv sync|poetry install|go mod download)\b/;

export interface ResolvedFrom {
  from: From;
  /** The image with global ARG defaults filled in; `<unset NAME>` where an ARG has none. */
  image: string;
  /** True when FROM names an earlier stage rather than an image. */
  isStage: boolean;
}

/** Every FROM with its image resolved the way the builder resolves it (the lint engine's model). */
export function resolveFroms(dockerfile: Dockerfile): ResolvedFrom[] {
  return buildModel(dockerfile).stages.map((stage) => ({ from: stage.from, image: stage.image, isStage: stage.parent !== null }));
}

/** The base images a Dockerfile pulls (stage references left out), in order. */
export function baseImages(text: string): string[] {
  return resolveFroms(DockerfileParser.parse(text)).filter((f) => !f.isStage).map((f) => f.image);
}

/**
 * Checks every generated Dockerfile must pass: all of `dockgen lint`'s rules at every severity
 * (pinned FROM, numeric non-root USER, exec form and an init, cache order, absolute WORKDIR, no
 * syntax line, no stage ARG that base-image ENVs shadow, …), plus what only dockgen's own output
 * promises: every stage named, only the instructions its templates use, a CMD or ENTRYPOINT.
 * Returns the problems found; an empty list means the file passed.
 */
export function checkDockerfile(text: string): string[] {
  const problems = lint({ dockerfilePath: 'Dockerfile', dockerfile: text }).map((f) => `line ${f.line}: ${f.message} (${f.rule} ${f.check}, ${f.severity})`);
  const model = buildModel(DockerfileParser.parse(text));
  for (const stage of model.stages) {
    const line = stage.from.getRange().start.line + 1;
    if (stage.name === null) problems.push(`line ${line}: stage has no name (R21)`);
    for (const instruction of stage.instructions) {
      const keyword = instruction.getKeyword();
      if (!GENERATED.has(keyword)) problems.push(`line ${instruction.getRange().start.line + 1}: unexpected instruction ${keyword}`);
    }
  }
  const final = model.final?.instructions ?? [];
  if (!final.some((i) => i.getKeyword() === 'CMD' || i.getKeyword() === 'ENTRYPOINT')) problems.push('final stage has no CMD or ENTRYPOINT');
  return problems;
}

/** Entries a .dockerignore must carry for every stack (R16, R23). */
export function checkDockerignore(text: string, required: string[]): string[] {
  const entries = new Set(text.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#')));
  return required.filter((entry) => !entries.has(entry)).map((entry) => `.dockerignore lacks ${entry}`);
}
