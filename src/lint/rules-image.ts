import type { Instruction } from 'dockerfile-ast';
import { issue } from './catalog.js';
import { baseImageOf, imageRepository, imageTag, lineage, lineOf, runScript, type Model } from './model.js';
import { operands, programName } from './shell.js';
import type { Issue } from './types.js';

/** The numeric user that base images known to default to a non-root user run as. */
function baseImageUser(image: string): string | null {
  const repository = imageRepository(image);
  const tag = imageTag(image) ?? '';
  if (repository.startsWith('distroless/') && /(^|-)nonroot$/.test(tag)) return '65532';
  if (image.toLowerCase().startsWith('cgr.dev/chainguard/') && !tag.endsWith('-dev')) return '65532';
  if (repository === 'nginxinc/nginx-unprivileged' || repository === 'nginx/nginx-unprivileged') return '101';
  if (repository.startsWith('bitnami/')) return '1001';
  return null;
}

/** R14: the final stage runs as a numeric, non-root user (its own USER, its parent stage's, or the base image's). */
export function checkUser(model: Model): Issue[] {
  const final = model.final;
  if (!final) return [];
  let user: Instruction | undefined;
  for (const stage of lineage(final)) {
    user = stage.instructions.filter((i) => i.getKeyword() === 'USER').at(-1);
    if (user) break;
  }
  if (!user) {
    const inherited = baseImageUser(baseImageOf(final));
    if (inherited) return [];
    return [issue('root-user', lineOf(final.from), 'the final stage has no USER, so it runs as root')];
  }
  const raw = (user.getArgumentsContent() ?? '').trim();
  const value = raw.replace(/\$\{?(\w+)\}?/g, (whole, name: string) => model.dockerfile.resolveVariable(name, user.getRange().start.line) ?? whole);
  const uid = value.split(':')[0]!;
  if (uid.includes('$')) return [issue('user-not-numeric', lineOf(user), `USER ${raw}: the user cannot be checked, it depends on a build argument without a default`)];
  if (uid === 'root' || /^0+$/.test(uid)) return [issue('root-user', lineOf(user), `the final stage runs as root (USER ${raw})`)];
  if (!/^\d+$/.test(uid)) return [issue('user-not-numeric', lineOf(user), `USER ${raw} is a name, not a numeric UID`)];
  return [];
}

/** Base images that are compiler toolchains (their runtime counterparts are much smaller). */
const TOOLCHAIN_IMAGES = new Set(['golang', 'rust', 'gcc', 'maven', 'gradle', 'openjdk', 'dotnet/sdk', 'swift', 'haskell', 'buildpack-deps']);
const COMPILER_PACKAGES = new Set(['build-essential', 'build-base', 'gcc', 'g++', 'clang', 'golang', 'golang-go', 'rustc', 'cargo', 'gfortran', 'default-jdk', 'openjdk-17-jdk', 'openjdk-21-jdk']);

function isToolchainImage(image: string): boolean {
  const repository = imageRepository(image);
  if (TOOLCHAIN_IMAGES.has(repository) || TOOLCHAIN_IMAGES.has(repository.split('/').slice(-2).join('/'))) return true;
  return repository === 'eclipse-temurin' && /jdk/.test(imageTag(image) ?? '') && !/jre/.test(imageTag(image) ?? '');
}

/** R10: the shipped stage carries a compiler: a toolchain base image, or compilers installed and not removed. */
export function checkToolchain(model: Model): Issue[] {
  const final = model.final;
  if (!final) return [];
  const single = model.stages.length === 1;
  const base = baseImageOf(final);
  if (isToolchainImage(base)) {
    const what = single ? 'single-stage image' : 'the final stage';
    return [issue('toolchain-in-final', lineOf(final.from), `${what} is built on ${base}, a compiler toolchain image`)];
  }
  for (const stage of lineage(final)) {
    for (const instruction of stage.instructions) {
      const installed = compilersKept(instruction);
      if (installed.length > 0) {
        const what = single ? 'single-stage image' : 'the final stage';
        return [issue('toolchain-in-final', lineOf(instruction), `${what} installs ${installed.join(', ')} and keeps it`)];
      }
    }
  }
  return [];
}

/** Compilers a RUN installs with apt-get/apk and does not remove in the same RUN (the
 *  `apk add --virtual .build-deps … && apk del .build-deps` pattern is fine). */
function compilersKept(instruction: Instruction): string[] {
  if (instruction.getKeyword() !== 'RUN') return [];
  const commands = runScript(instruction).commands;
  const removes = commands.some(({ argv }) => {
    const program = programName(argv[0]);
    return (program === 'apk' && argv[1] === 'del') || (['apt-get', 'apt'].includes(program) && ['purge', 'remove', 'autoremove'].includes(argv[1] ?? ''));
  });
  if (removes) return [];
  const found: string[] = [];
  for (const { argv } of commands) {
    const program = programName(argv[0]);
    const verb = ['apt-get', 'apt'].includes(program) ? argv.indexOf('install') : program === 'apk' ? argv.indexOf('add') : -1;
    if (verb < 0) continue;
    for (const name of operands(argv, verb + 1)) {
      const pkg = name.split('=')[0]!;
      if (COMPILER_PACKAGES.has(pkg)) found.push(pkg);
    }
  }
  return found;
}

