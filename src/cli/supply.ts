import { join } from 'node:path';
import type { Generation } from '../core.js';
import type { RecordedAnswers, UpdateBot } from '../config.js';
import { pinnedImages, restoreDigests, type Digests } from '../pins/dockerfile.js';
import { readRegularFile } from '../safe-read.js';

export interface SupplyFlags {
  /** --pin-digests / --no-pin-digests; undefined keeps what dockgen.json says. */
  pinDigests?: boolean;
  renovate?: boolean;
  dependabot?: boolean;
}

export interface Supply {
  /** The digests pinned, when pinning is on. */
  digests?: Digests;
  updateBots: UpdateBot[];
}

/**
 * The supply-chain additions to a generation, in place: base images pinned by digest, and the
 * configuration of the bots that keep them fresh. `refresh` (dockgen update) asks the registry for
 * every digest; `offline` (--check) never asks it. The registry client is loaded only when a
 * digest is needed.
 */
export async function applySupply(dir: string, generation: Generation, recorded: RecordedAnswers, flags: SupplyFlags, mode: { refresh: boolean; offline: boolean }): Promise<Supply> {
  const supply: Supply = { updateBots: updateBots(recorded, flags) };
  if (flags.pinDigests ?? recorded.digests !== undefined) {
    const onDisk = readRegularFile(join(dir, 'Dockerfile'), { shown: 'Dockerfile', root: dir });
    const { pinGeneration } = await import('../pins/pin.js');
    supply.digests = await pinGeneration(generation, { onDisk: onDisk === undefined ? {} : pinnedImages(onDisk), recorded: recorded.digests ?? {}, ...mode });
  }
  if (supply.updateBots.length > 0) {
    const { updateBotFiles } = await import('../pins/bots.js');
    const { files, warnings } = await updateBotFiles(supply.updateBots, dir);
    generation.files.push(...files);
    generation.plan.warnings.push(...warnings);
  }
  return supply;
}

function updateBots(recorded: RecordedAnswers, flags: SupplyFlags): UpdateBot[] {
  const bots = new Set(recorded.updateBots ?? []);
  if (flags.renovate) bots.add('renovate');
  if (flags.dependabot) bots.add('dependabot');
  return [...bots].sort();
}

/** The Dockerfile on disk as dockgen last wrote it, if a bot has only refreshed its digests since:
 *  each pinned image's digest put back to the one recorded in dockgen.json. */
export function beforeDigestRefresh(existing: string, recorded: RecordedAnswers): string {
  return recorded.digests ? restoreDigests(existing, recorded.digests) : existing;
}
