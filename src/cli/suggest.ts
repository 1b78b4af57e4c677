import { existsSync } from 'node:fs';
import { DockgenError } from '../errors.js';

const COMMANDS = ['init', 'detect', 'lint', 'update', 'ci', 'help'];

/**
 * `dockgen lnit`: the default command takes a folder, so a mistyped command would otherwise be
 * reported as a missing folder. A first word that is no path on disk and is one or two edits
 * from a command name is called what it probably is.
 */
export function suggestCommand(args: readonly string[]): DockgenError | undefined {
  const first = args[0];
  if (first === undefined || first.startsWith('-') || COMMANDS.includes(first) || /[./\\]/.test(first) || existsSync(first)) return undefined;
  const word = first.toLowerCase();
  const scored = COMMANDS.map((name) => ({ name, d: distance(word, name) })).filter(({ name, d }) => d <= (name.length > 4 ? 2 : 1));
  if (scored.length === 0) return undefined;
  const best = Math.min(...scored.map(({ d }) => d));
  // Ties (lnit: lint and init) are all named, the one sharing the first letter first.
  const near = scored.filter(({ d }) => d === best).map(({ name }) => name).sort((a, b) => Number(b[0] === word[0]) - Number(a[0] === word[0]));
  return new DockgenError(
    `"${first}" is neither a command nor a folder.`,
    `Did you mean ${near.map((name) => `\`dockgen ${name}\``).join(' or ')}? (Commands: ${COMMANDS.filter((name) => name !== 'help').join(', ')}; see \`dockgen --help\`.)`,
  );
}

/** Edit distance (insertions, deletions, substitutions, and swapping two neighbours). */
export function distance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}
