import { generate, type Generation } from '../core.js';
import type { ProjectFs } from '../detect/fs.js';
import { MissingValueError } from '../errors.js';
import { parseCommand, type GenerateOptions } from '../options.js';
import type { OrgConfig } from '../org/config.js';

/** The questions dockgen can ask; the CLI passes the @inquirer ones (src/cli/prompts.ts), tests
 *  pass scripted answers. */
export interface Prompter {
  askStartCommand(why: string): Promise<string>;
  askMainPackage(why: string, choices: string[], preselected?: string): Promise<string>;
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
