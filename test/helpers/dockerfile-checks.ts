import { DockerfileParser, type Dockerfile, type From, type Instruction } from 'dockerfile-ast';

const KNOWN = new Set(['FROM', 'ARG', 'RUN', 'COPY', 'ENV', 'WORKDIR', 'USER', 'EXPOSE', 'ENTRYPOINT', 'CMD', 'STOPSIGNAL', 'LABEL', 'HEALTHCHECK']);
/** ENV names the official base images set. Buildah and Podman let such an ENV override a stage's
 *  ARG of the same name (BuildKit does not), so a stage ARG must never reuse one (R24). */
const BASE_IMAGE_ENV = new Set(['NODE_VERSION', 'YARN_VERSION', 'PYTHON_VERSION', 'PYTHON_SHA256', 'GOLANG_VERSION', 'GOPATH', 'GOTOOLCHAIN', 'NGINX_VERSION', 'NJS_VERSION', 'PKG_RELEASE', 'LANG', 'PATH']);
/** A dependency install, in any stack's package manager (shared with the e2e cache check). */
export const INSTALL_COMMAND = /\b(npm ci|npm install|yarn install|yarn workspaces focus|pnpm install|bun install|pip install|uv sync|poetry install|go mod download)\b/;

export interface ResolvedFrom {
  from: From;
  /** The image with global ARG defaults filled in; `<unset NAME>` where an ARG has none. */
  image: string;
  /** True when FROM names an earlier stage rather than an image. */
  isStage: boolean;
}

/** Every FROM with its image resolved the way the builder resolves it. */
export function resolveFroms(dockerfile: Dockerfile): ResolvedFrom[] {
  const globals = new Map<string, string>();
  for (const arg of dockerfile.getInitialARGs()) {
    const property = arg.getProperty();
    if (property) globals.set(property.getName(), property.getValue() ?? '');
  }
  const stageNames = new Set<string>();
  return dockerfile.getFROMs().map((from) => {
    const image = (from.getImage() ?? '').replace(/\$\{(\w+)\}|\$(\w+)/g, (_, a, b) => globals.get(a ?? b) ?? `<unset ${a ?? b}>`);
    const resolved = { from, image, isStage: stageNames.has(image) };
    const stage = from.getBuildStage();
    if (stage) stageNames.add(stage);
    return resolved;
  });
}

/** The base images a Dockerfile pulls (stage references left out), in order. */
export function baseImages(text: string): string[] {
  return resolveFroms(DockerfileParser.parse(text)).filter((f) => !f.isStage).map((f) => f.image);
}

/**
 * Structural checks every generated Dockerfile must pass (OUTPUT-RULES R2, R5, R14, R18, R21, R24).
 * Returns the problems found; an empty list means the file passed.
 */
export function checkDockerfile(text: string): string[] {
  const problems: string[] = [];
  const dockerfile = DockerfileParser.parse(text);
  if (dockerfile.getDirectives().length > 0) problems.push('has a parser directive (R24: no syntax line)');

  const instructions = dockerfile.getInstructions();
  for (const instruction of instructions) {
    const keyword = instruction.getKeyword();
    if (!KNOWN.has(keyword)) problems.push(`line ${line(instruction)}: unexpected instruction ${keyword}`);
  }

  for (const { from, image, isStage } of resolveFroms(dockerfile)) {
    if (!from.getBuildStage()) problems.push(`line ${line(from)}: stage has no name (R21)`);
    if (image.includes('<unset')) problems.push(`line ${line(from)}: FROM uses an ARG without a default: ${image}`);
    if (!isStage) {
      const tag = image.includes('@sha256:') ? 'digest' : /:([^/:]+)$/.exec(image)?.[1];
      if (!tag) problems.push(`line ${line(from)}: FROM ${image} has no tag (R18)`);
      else if (tag === 'latest') problems.push(`line ${line(from)}: FROM ${image} uses latest (R18)`);
    }
  }

  const stages = splitStages(instructions);
  for (const stage of stages) {
    for (const instruction of stage.filter((i) => i.getKeyword() === 'ARG')) {
      const name = instruction.getArgumentsContent()?.split('=')[0]?.trim() ?? '';
      if (BASE_IMAGE_ENV.has(name)) problems.push(`line ${line(instruction)}: stage ARG ${name} is an ENV of official base images; Buildah lets the ENV win (R24)`);
    }
  }
  const final = stages.at(-1) ?? [];
  const users = final.filter((i) => i.getKeyword() === 'USER');
  const user = users.at(-1)?.getArgumentsContent() ?? '';
  if (!/^\d+(:\d+)?$/.test(user)) problems.push(`final stage USER is "${user}", not a numeric UID (R14)`);
  else if (Number(user.split(':')[0]) === 0) problems.push('final stage runs as root (R14)');

  for (const keyword of ['CMD', 'ENTRYPOINT']) {
    const found = final.filter((i) => i.getKeyword() === keyword);
    if (found.length > 1) problems.push(`final stage has ${found.length} ${keyword} instructions`);
    for (const instruction of found) {
      if (!instruction.getArgumentsContent()?.trim().startsWith('[')) problems.push(`line ${line(instruction)}: ${keyword} is not exec form (R2)`);
    }
  }
  if (!final.some((i) => i.getKeyword() === 'CMD' || i.getKeyword() === 'ENTRYPOINT')) problems.push('final stage has no CMD or ENTRYPOINT');

  for (const stage of stages) {
    let sourceCopied = false;
    let installedBeforeSource = false;
    for (const instruction of stage) {
      const keyword = instruction.getKeyword();
      const args = instruction.getArgumentsContent() ?? '';
      if (keyword === 'COPY' && /^(--[\w-]+=\S+\s+)*\.\s/.test(args)) sourceCopied = true;
      if (keyword === 'RUN' && INSTALL_COMMAND.test(args) && !sourceCopied) installedBeforeSource = true;
      // An install after the source that follows one before it installs the project itself
      // (`pip install --no-deps .`): the dependencies stayed cached.
      if (keyword === 'RUN' && INSTALL_COMMAND.test(args) && sourceCopied && !installedBeforeSource) {
        problems.push(`line ${line(instruction)}: dependency install after the source COPY (R5)`);
      }
      if (keyword === 'WORKDIR' && !args.startsWith('/')) problems.push(`line ${line(instruction)}: relative WORKDIR (R21)`);
    }
  }
  return problems;
}

function splitStages(instructions: Instruction[]): Instruction[][] {
  const stages: Instruction[][] = [];
  for (const instruction of instructions) {
    if (instruction.getKeyword() === 'FROM') stages.push([]);
    stages.at(-1)?.push(instruction);
  }
  return stages;
}

function line(instruction: Instruction): number {
  return instruction.getRange().start.line + 1;
}

/** Entries a .dockerignore must carry for every stack (R16, R23). */
export function checkDockerignore(text: string, required: string[]): string[] {
  const entries = new Set(text.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#')));
  return required.filter((entry) => !entries.has(entry)).map((entry) => `.dockerignore lacks ${entry}`);
}
