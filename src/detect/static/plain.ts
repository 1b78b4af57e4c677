import { fact, type Fact } from '../evidence.js';
import type { ProjectFs } from '../fs.js';
import { readStaticfile } from './staticfile.js';

/** Folders that conventionally hold a hand-written site, in the order they are tried after the root. */
export const SITE_FOLDERS = ['public', 'site', 'www', 'dist'];

export interface PlainSite {
  /** The folder to serve, relative to the project ('' is the project root). */
  siteDir: Fact<string>;
  /** Staticfile `pushstate: enabled`: unknown paths get index.html (a single-page app). */
  pushState?: Fact<boolean>;
}

/**
 * A site served as it is: a Cloud Foundry `Staticfile` (its `root` names the folder), else an
 * index.html at the root or in one of SITE_FOLDERS.
 */
export function detectPlain(fs: ProjectFs): PlainSite | undefined {
  if (fs.isFile('Staticfile')) return fromStaticfile(fs);
  if (fs.isFile('index.html')) return { siteDir: fact('', 'index.html', undefined, 'at the project root') };
  for (const dir of SITE_FOLDERS) {
    if (fs.isFile(`${dir}/index.html`)) return { siteDir: fact(dir, `${dir}/index.html`) };
  }
  return undefined;
}

export function hasPlainMarkers(fs: ProjectFs): boolean {
  return fs.isFile('Staticfile') || fs.isFile('index.html') || SITE_FOLDERS.some((dir) => fs.isFile(`${dir}/index.html`));
}

/** The Staticfile's `root` and `pushstate`/`index_fallback`; its server options are read by readStaticfile. */
function fromStaticfile(fs: ProjectFs): PlainSite {
  const staticfile = readStaticfile(fs)!;
  const site: PlainSite = { siteDir: staticfile.root ?? fact('', 'Staticfile', undefined, 'no root: the project root') };
  if (staticfile.pushState) site.pushState = staticfile.pushState;
  return site;
}
