import { generate, type Generation } from '../core.js';
import type { ProjectFs } from '../detect/fs.js';
import { MissingValueError } from '../errors.js';
import { parseCommand, type GenerateOptions } from '../options.js';
import type { OrgConfig } from '../org/config.js';
import type { FileChange } from '../write.js';
import { formatDiff } from './report.js';

/** The questions dockgen can ask; the CLI passes the @inquirer ones (src/cli/prompts.ts), tests
 *  pass scripted answers. */
export interface Prompter {
  askStartCommand(why: string): Promise<string>;
  askMainPackage(why: string, choices: string[], preselected?: string): Promise<string>;
  /** An existing file differs: keep it, overwrite it, or overwrite it and every later one.
   *  `diff` gives the unified diff to show on request. */
  askConflict(path: string, diff: () => Promise<string>): Promise<'overwrite' | 'skip' | 'all'>;
}

/** Interactive runs settle each conflict with a question instead of refusing the whole write. */
export async function resolveConflicts(changes: FileChange[], prompter: Prompter): Promise<FileChange[]> {
  let all = false;
  const resolved: FileChange[] = [];
  for (const change of changes) {
    if (change.status !== 'conflict') {
      resolved.push(change);
      continue;
    }
    const answer: 'overwrite' | 'skip' | 'all' = all ? 'all' : await prompter.askConflict(change.path, () => formatDiff(change));
    all ||= answer === 'all';
    resolved.push({ ...change, status: answer === 'skip' ? 'skip' : 'overwrite' });
  }
  return resolved;
}

/**
 * Generates, asking for each value detection could not settle, each question at most once.
 * Answers land in `options`, so the caller records them (dockgen.json) like flags.
 */
export async function generateAsking(fs: ProjectFs, dir: string, options: GenerateOptions, prompter: Prompter, org?: OrgConfig): Promise<Generation> {
  for (;;) {
    let generation: Generation;
    try {
      generation = generate(fs, dir, options, org);
    } catch (error) {
      if (!(error instanceof MissingValueError)) throw error;
      if (error.flag === '--cmd' && !options.cmd) options.cmd = parseCommand(await prompter.askStartCommand(error.message));
      else if (error.flag === '--main' && !options.main) options.main = await prompter.askMainPackage(error.message, error.choices);
      else throw error;
      continue;
    }
    // Several Go programs: the documented rule picked one; a person gets to confirm or change it.
    const { facts, plan } = generation;
    if (facts.stack === 'go' && plan.stack === 'go' && facts.mains.length > 1 && !options.main) {
      const picked = plan.decisions.find((d) => d.topic === 'main package')?.value.split(' ')[0];
      options.main = await prompter.askMainPackage(`Found ${facts.mains.length} main packages.`, facts.mains.map((m) => m.path), picked);
      if (options.main !== picked) return generate(fs, dir, options, org);
    }
    return generation;
  }
}
