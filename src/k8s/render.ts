import type YamlModule from 'yaml';
import { lazyRequire } from '../lazy-require.js';
import type { Manifests } from './manifest.js';

/** Where --k8s writes: one file beside the Dockerfile, applied with `kubectl apply -f k8s.yaml`. */
export const K8S_FILE = 'k8s.yaml';

/**
 * The manifests as YAML documents, written by the `yaml` library (loaded only for --k8s): every
 * value the project supplied (a name, a path, an image reference) is quoted by it as YAML needs,
 * so none can start a key, a document or a comment of its own.
 */
export function renderManifests(manifests: Manifests, header: string[]): string {
  const YAML = lazyRequire('yaml') as typeof YamlModule;
  const objects = [manifests.deployment, ...(manifests.service ? [manifests.service] : [])];
  return objects
    .map((object, index) => {
      // No anchors and aliases: a reader (and some tools) should see every value where it applies.
      const doc = new YAML.Document(object, { aliasDuplicateObjects: false });
      // Comments are dockgen's own text (names in it are already reduced to [a-z0-9.-]).
      if (index === 0) doc.commentBefore = header.map((line) => ` ${line}`).join('\n');
      return doc.toString({ lineWidth: 0 });
    })
    .join('---\n');
}
