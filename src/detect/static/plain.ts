import { fact, type Fact } from '../evidence.js';
import type { ProjectFs } from '../fs.js';

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
  const staticfile = fs.tryReadText('Staticfile');
  if (staticfile !== undefined) return fromStaticfile(staticfile);
  if (fs.isFile('index.html')) return { siteDir: fact('', 'index.html', undefined, 'at the project root') };
  for (const dir of SITE_FOLDERS) {
    if (fs.isFile(`${dir}/index.html`)) return { siteDir: fact(dir, `${dir}/index.html`) };
  }
  return undefined;
}

export function hasPlainMarkers(fs: ProjectFs): boolean {
  return fs.isFile('Staticfile') || fs.isFile('index.html') || SITE_FOLDERS.some((dir) => fs.isFile(`${dir}/index.html`));
}

/**
 * The Staticfile buildpack's file is flat YAML (`root: public`, `pushstate: enabled`); only those
 * two keys change what is served. Its other keys (force_https, ssi, basic auth…) have no
 * equivalent here and are left to the platform in front of the container.
 */
function fromStaticfile(text: string): PlainSite {
  const values = new Map<string, string>();
  for (const line of text.split('\n')) {
    const match = /^([A-Za-z_]+)\s*:\s*(.*?)\s*$/.exec(line.replace(/\s#.*$/, ''));
    if (match) values.set(match[1]!.toLowerCase(), match[2]!.replace(/^(["'])(.*)\1$/, '$2'));
  }
  const root = values.get('root');
  const site: PlainSite = {
    siteDir: root ? fact(root.replace(/^\.\/?/, '').replace(/\/+$/, ''), 'Staticfile', 'root', root) : fact('', 'Staticfile', undefined, 'no root: the project root'),
  };
  const pushstate = values.get('pushstate');
  if (pushstate !== undefined) site.pushState = fact(/^(enabled|true|yes|on)$/i.test(pushstate), 'Staticfile', 'pushstate', pushstate);
  return site;
}
