import { fact, type Evidence, type Fact } from '../evidence.js';
import type { PortHints } from './port.js';

export interface ResolvedPort {
  readsPort?: Evidence;
  port?: Fact<number> & { loopback: boolean };
  serves: boolean;
}

type Hit = { file: string; hints: PortHints };
type Literal = PortHints['literals'][number] & { file: string };

/** How many `a := b` hops a port variable may go through (`srvPort := port`, `port := listenPort`). */
const MAX_HOPS = 3;

/**
 * One main package's port, from the hints of every file of it and of the local packages it imports
 * (a default in a config package counts). In order: a literal PORT fallback after the read
 * (`if port == "" { port = "8080" }`) > a port variable that PORT replaces (`port := "3550"` then
 * `if p := os.Getenv("PORT"); p != "" { port = p }`) > an address literal (`":8080"`) > a port
 * variable in a listen call (`net.Listen("tcp", ":"+port)`) > a flag default > a framework's
 * default (gin's `Run()`: $PORT, else 8080).
 */
export function resolvePort(found: Hit[]): ResolvedPort {
  const literals = new Map<string, Literal>();
  for (const hit of found) for (const literal of hit.hints.literals) if (!literals.has(literal.name)) literals.set(literal.name, { ...literal, file: hit.file });
  const aliases = found.flatMap((hit) => hit.hints.aliases);
  const resolve = (name: string, hops = 0): Literal | undefined => {
    const direct = literals.get(name);
    if (direct || hops >= MAX_HOPS) return direct;
    for (const [to, from] of aliases) {
      if (to !== name) continue;
      const via = resolve(from, hops + 1);
      if (via) return via;
    }
    return undefined;
  };
  const firstResolved = (names: string[]) => names.map((name) => resolve(name)).find((l): l is Literal => l !== undefined);
  const first = <K extends 'fallback' | 'address' | 'flag' | 'frameworkDefault'>(key: K) => {
    const hit = found.find((h) => h.hints[key] !== undefined);
    return hit ? { file: hit.file, value: hit.hints[key]! } : undefined;
  };

  const result: ResolvedPort = { serves: false };
  const reads = found.find((h) => h.hints.readsPort !== undefined);
  const framework = first('frameworkDefault');
  if (reads) result.readsPort = { source: reads.file, field: `line ${reads.hints.readsPort}`, value: 'os.Getenv("PORT")' };
  else if (framework) result.readsPort = { source: framework.file, field: `line ${framework.value.line}`, value: framework.value.raw };

  const fallback = first('fallback');
  const replaced = firstResolved(found.flatMap((h) => h.hints.envTargets));
  const address = first('address');
  const listened = firstResolved(found.flatMap((h) => h.hints.listenArgs));
  const flag = first('flag');
  const plain = (port: number, source: string, line: number, raw: string) => ({ ...fact(port, source, `line ${line}`, raw), loopback: false });
  if (fallback) result.port = plain(fallback.value.port, fallback.file, fallback.value.line, `PORT fallback ${fallback.value.raw}`);
  else if (reads && replaced) result.port = plain(replaced.port, replaced.file, replaced.line, `default ${replaced.raw}, replaced by PORT when set`);
  else if (address) result.port = { ...fact(address.value.port, address.file, `line ${address.value.line}`, address.value.raw), loopback: address.value.loopback };
  else if (listened) result.port = plain(listened.port, listened.file, listened.line, `${listened.raw}, in the listen address`);
  else if (flag) result.port = plain(flag.value.port, flag.file, flag.value.line, flag.value.raw);
  else if (framework) result.port = plain(framework.value.port, framework.file, framework.value.line, framework.value.raw);
  result.serves = result.port !== undefined || reads !== undefined || found.some((h) => h.hints.serves !== undefined);
  return result;
}
