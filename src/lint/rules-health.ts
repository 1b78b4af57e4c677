import type { Instruction } from 'dockerfile-ast';
import { issue } from './catalog.js';
import { aptVerb, apkVerb } from './commands.js';
import { execArgv, lineage, lineOf, runScript, type Model } from './model.js';
import { operands, parseShell, programName } from './shell.js';
import type { Issue } from './types.js';

/** HTTP clients that images install only to run a health probe. */
const CLIENTS = new Set(['curl', 'wget']);

/**
 * R13: a HEALTHCHECK that runs curl or wget which the final stage itself installs. The tool then
 * ships only for the probe (size, and an HTTP client for an intruder), while the runtime the image
 * already has can ask the same question (`node -e`, `python -c`, bash's /dev/tcp). A client the
 * base image brings (the nginx image's curl) is not reported: nothing was added for it.
 */
export function checkHealthcheck(model: Model): Issue[] {
  if (!model.final) return [];
  const chain = lineage(model.final);
  const healthcheck = chain.flatMap((stage) => stage.instructions.filter((i) => i.getKeyword() === 'HEALTHCHECK')).at(0);
  if (!healthcheck) return [];
  const used = probePrograms(healthcheck).filter((program) => CLIENTS.has(program));
  if (used.length === 0) return [];
  for (const stage of chain) {
    for (const instruction of stage.instructions) {
      const installed = clientsInstalled(instruction).filter((client) => used.includes(client));
      if (installed.length > 0) {
        return [issue('healthcheck-tool', lineOf(healthcheck), `HEALTHCHECK runs ${installed.join(', ')}, which line ${lineOf(instruction)} installs into the final image for it`)];
      }
    }
  }
  return [];
}

/** The programs a HEALTHCHECK's command runs (exec form, or each command of a shell script). */
function probePrograms(healthcheck: Instruction): string[] {
  const text = (healthcheck.getArgumentsContent() ?? '').replace(/^(\s*--[\w-]+=\S+)*\s*/, '');
  if (!/^CMD\b/i.test(text)) return [];
  const command = text.replace(/^CMD\s*/i, '');
  let argv: string[] | null = null;
  try {
    const value: unknown = JSON.parse(command);
    if (Array.isArray(value) && value.every((v) => typeof v === 'string')) argv = value;
  } catch {
    argv = null;
  }
  if (argv && ['sh', 'bash', 'ash', 'dash'].includes(programName(argv[0])) && argv[1] === '-c') return parseShell(argv[2] ?? '').commands.map((c) => programName(c.argv[0]));
  if (argv) return [programName(argv[0])];
  return parseShell(command).commands.map((c) => programName(c.argv[0]));
}

/** curl/wget that a RUN installs with apt-get or apk. */
function clientsInstalled(instruction: Instruction): string[] {
  if (instruction.getKeyword() !== 'RUN' || execArgv(instruction)) return [];
  return runScript(instruction).commands.flatMap(({ argv }) => {
    const verb = aptVerb(argv) ?? apkVerb(argv);
    if (verb !== 'install' && verb !== 'add') return [];
    return operands(argv, 1).map((word) => word.replace(/[=:].*$/, '')).filter((word) => CLIENTS.has(word));
  });
}
