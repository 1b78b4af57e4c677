import { issue } from './catalog.js';
import { flagValue, imageTag, KEYWORDS, lineOf, type Model } from './model.js';
import type { Issue } from './types.js';

/** D1: a file the builder would refuse. Returns no issues when the file can be linted further. */
export function checkSyntax(model: Model): Issue[] {
  const issues: Issue[] = [];
  const instructions = model.dockerfile.getInstructions();
  for (const instruction of instructions) {
    const keyword = instruction.getKeyword();
    if (!KEYWORDS.has(keyword)) {
      issues.push(issue('unknown-instruction', lineOf(instruction), `unknown instruction ${instruction.getInstruction()}`));
    }
  }
  const first = instructions.find((i) => i.getKeyword() !== 'ARG');
  if (!first) {
    issues.push(issue('parse-error', 1, 'no FROM instruction: this is not a Dockerfile the builder can use'));
  } else if (first.getKeyword() !== 'FROM' && KEYWORDS.has(first.getKeyword())) {
    issues.push(issue('parse-error', lineOf(first), `${first.getKeyword()} before the first FROM (only ARG may come before it)`));
  }
  return issues;
}

/** D2, D3, D4 and unnamed stages (R21): how stages refer to each other. */
export function checkStages(model: Model): Issue[] {
  const issues: Issue[] = [];
  const seen = new Map<string, number>();
  for (const stage of model.stages) {
    const line = lineOf(stage.from);
    if (stage.name !== null) {
      const earlier = seen.get(stage.name);
      if (earlier !== undefined) issues.push(issue('duplicate-stage', line, `stage name "${stage.name}" is already used on line ${earlier}`));
      else seen.set(stage.name, line);
    } else if (model.stages.length > 1) {
      issues.push(issue('unnamed-stage', line, `stage ${stage.index} has no name`));
    }

    for (const keyword of ['CMD', 'ENTRYPOINT']) {
      const found = stage.instructions.filter((i) => i.getKeyword() === keyword);
      if (found.length > 1) {
        issues.push(issue('multiple-cmd', lineOf(found[0]!), `${found.length} ${keyword} instructions in one stage; only the one on line ${lineOf(found.at(-1)!)} takes effect`));
      }
    }

    for (const instruction of stage.instructions) {
      if (instruction.getKeyword() !== 'COPY') continue;
      const from = flagValue(instruction, 'from');
      if (from === null || from.includes('$')) continue;
      const problem = copyFromProblem(model, stage.index, from);
      if (problem) issues.push(issue('copy-from-unknown', lineOf(instruction), problem));
    }
  }
  return issues;
}

function copyFromProblem(model: Model, current: number, from: string): string | null {
  if (/^\d+$/.test(from)) {
    return Number(from) < current ? null : `COPY --from=${from}: stage ${from} is not an earlier stage`;
  }
  const target = model.stages.find((s) => s.name === from.toLowerCase());
  if (target) return target.index < current ? null : `COPY --from=${from}: stage "${from}" is defined later (or is this stage)`;
  // Not a stage: the builder pulls it as an image. A name without registry, tag or digest is
  // more often a misspelt stage than an intended `name:latest` image.
  if (imageTag(from) !== null || from.includes('@')) return null;
  return `COPY --from=${from}: no stage has this name, so the builder would pull the image ${from}:latest`;
}

/** R18: every base image pinned to a version (global ARG defaults resolved as the builder does). */
export function checkFromTags(model: Model): Issue[] {
  const issues: Issue[] = [];
  for (const stage of model.stages) {
    if (stage.parent) continue;
    const image = stage.image;
    const line = lineOf(stage.from);
    if (image.toLowerCase() === 'scratch') continue;
    if (image.includes('<unset')) {
      issues.push(issue('from-arg-unset', line, `FROM ${stage.from.getImage()}: ${image.match(/<unset (\w+)>/)?.[1]} has no default`));
      continue;
    }
    if (image.includes('@sha256:')) continue;
    const tag = imageTag(image);
    if (tag === null) issues.push(issue('from-tag', line, `FROM ${image} has no tag, so it means ${image}:latest`));
    else if (tag === 'latest') issues.push(issue('from-tag', line, `FROM ${image} uses the latest tag`));
  }
  return issues;
}

/** R24: features some builders lack. */
export function checkPortability(model: Model): Issue[] {
  const issues: Issue[] = [];
  for (const directive of model.dockerfile.getDirectives()) {
    if (directive.getName().toLowerCase() === 'syntax') {
      issues.push(issue('syntax-directive', lineOf(directive), `parser directive # syntax=${directive.getValue() ?? ''}`));
    }
  }
  for (const stage of model.stages) {
    for (const instruction of stage.instructions) {
      const keyword = instruction.getKeyword();
      if (['RUN', 'COPY', 'ADD'].includes(keyword) && /(^|\s)<<-?["']?[A-Za-z_]/.test(instruction.getRawArgumentsContent() ?? '')) {
        issues.push(issue('heredoc', lineOf(instruction), `${keyword} uses a heredoc`));
      }
      if ((keyword === 'COPY' || keyword === 'ADD') && flagValue(instruction, 'link') !== null) {
        issues.push(issue('copy-link', lineOf(instruction), `${keyword} --link`));
      }
    }
  }
  return issues;
}
