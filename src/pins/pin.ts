import type { Generation } from '../core.js';
import { baseImages, pinDockerfile, type Digests } from './dockerfile.js';
import { parseReference } from './reference.js';
import { resolveDigest, type ResolveOptions } from './registry.js';

export interface PinSources {
  /** Digests in the Dockerfile on disk: kept, so a refresh by Renovate or Dependabot survives a re-run. */
  onDisk: Digests;
  /** Digests recorded in dockgen.json by the last run. */
  recorded: Digests;
  /** `dockgen update`: ask the registry for every image, whatever is known. */
  refresh: boolean;
  /** `--check`: never ask the registry; an image without a known digest gets a placeholder, which
   *  the masked comparison treats like any other digest. */
  offline: boolean;
}

/** Stands in for an unknown digest in --check (masked before the comparison, never written). */
export const UNKNOWN_DIGEST = `sha256:${'0'.repeat(64)}`;

/**
 * Pins every base image of the generated Dockerfile to a digest, in place, and returns the digests
 * used (only this Dockerfile's images: pins of images no longer used are dropped from the record).
 * A tag already pinned keeps its digest unless `refresh`: the same project makes the same file
 * offline, and digests move only when asked (`dockgen update`).
 */
export async function pinGeneration(generation: Generation, sources: PinSources, options: ResolveOptions = {}): Promise<Digests> {
  const dockerfile = generation.files.find((file) => file.path === 'Dockerfile')!;
  const args = new Map(generation.plan.args.map((arg) => [arg.name, arg.value]));
  const images = baseImages(dockerfile.content, args);
  const digests: Digests = {};
  await Promise.all(
    images.map(async (image) => {
      const known = sources.refresh ? undefined : (sources.onDisk[image] ?? sources.recorded[image]);
      if (known) digests[image] = known;
      else if (sources.offline) digests[image] = UNKNOWN_DIGEST;
      else digests[image] = await resolveDigest(image, parseReference(image)!, options);
    }),
  );
  dockerfile.content = pinDockerfile(dockerfile.content, args, digests);
  const ordered: Digests = {};
  for (const image of images) if (digests[image] !== UNKNOWN_DIGEST) ordered[image] = digests[image]!;
  return ordered;
}
