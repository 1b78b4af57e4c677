import { lazyRequire } from '../lazy-require.js';

/** A comment on one node of the document: above it, or after its value on the same line. */
export interface YamlComment {
  path: ReadonlyArray<string | number>;
  text: string;
  inline?: boolean;
}

export interface YamlFile {
  header: string[];
  data: Record<string, unknown>;
  comments: YamlComment[];
}

/**
 * Writes the YAML with the `yaml` library, never by joining strings: every value the user gave
 * is a scalar the library quotes as it needs, so none can open a key, a list or an anchor.
 * Loaded on first use (only `dockgen ci` needs it).
 */
export function renderYaml(file: YamlFile): string {
  const YAML = lazyRequire('yaml') as typeof import('yaml');
  const doc = new YAML.Document(file.data);
  doc.commentBefore = file.header.map((line) => (line ? ` ${line}` : '')).join('\n');
  for (const comment of file.comments) {
    const node = commentTarget(YAML, doc, comment);
    if (comment.inline) node.comment = ` ${comment.text}`;
    else node.commentBefore = comment.text.split('\n').map((line) => ` ${line}`).join('\n');
  }
  return doc.toString({ lineWidth: 0, singleQuote: false });
}

type Commentable = { comment?: string | null; commentBefore?: string | null };

/** A comment above a mapping entry belongs to its key (on the value it would land between the key
 *  and a block value); inline comments and list items take the node itself. */
function commentTarget(YAML: typeof import('yaml'), doc: import('yaml').Document, comment: YamlComment): Commentable {
  const last = comment.path[comment.path.length - 1];
  if (!comment.inline && typeof last === 'string') {
    const parent = comment.path.length === 1 ? doc.contents : doc.getIn(comment.path.slice(0, -1), true);
    if (YAML.isMap(parent)) {
      const pair = parent.items.find((item) => YAML.isScalar(item.key) && item.key.value === last);
      if (pair && YAML.isScalar(pair.key)) return pair.key;
    }
  } else {
    const node = doc.getIn(comment.path, true);
    if (YAML.isNode(node)) return node;
  }
  throw new Error(`No YAML node at ${comment.path.join('.')}`);
}
