/** A dependency as the detectors need it: a normalised name, its extras, and whether it is pinned. */
export interface Requirement {
  /** PEP 503-normalised: lower case, runs of `-_.` as one `-`. */
  name: string;
  extras: string[];
  /** `==`/`===` to one version, or a direct reference (URL, VCS, local path). */
  pinned: boolean;
}

export function normaliseName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/**
 * A PEP 508 requirement string (`Django>=5.1,<6`, `uvicorn[standard]==0.32.0; python_version>"3.9"`,
 * `pkg @ https://…`) → Requirement, or undefined when it is not one.
 */
export function parseRequirement(text: string): Requirement | undefined {
  const spec = text.split(';')[0]!.trim();
  const match = /^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[([^\]]*)\])?\s*(.*)$/.exec(spec);
  if (!match) return undefined;
  const [, name, extras = '', rest = ''] = match;
  const versions = rest.trim().replace(/^\(|\)$/g, '');
  if (versions !== '' && !/^(@|[<>=!~])/.test(versions)) return undefined;
  const pinned = versions.startsWith('@') || /^===?\s*[\w.+!-]+$/.test(versions) && !versions.includes('*');
  return {
    name: normaliseName(name!),
    extras: extras.split(',').map((e) => normaliseName(e.trim())).filter(Boolean),
    pinned,
  };
}

/** Poetry's `[tool.poetry.dependencies]` entry: `"^2.0"`, `{ version = "2.0", extras = [...] }`, `{ git = … }`. */
export function poetryRequirement(name: string, value: unknown): Requirement {
  const table = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  const version = typeof value === 'string' ? value : typeof table['version'] === 'string' ? table['version'] : undefined;
  const extras = Array.isArray(table['extras']) ? table['extras'].filter((e): e is string => typeof e === 'string') : [];
  const direct = ['git', 'path', 'url', 'file'].some((key) => key in table);
  return {
    name: normaliseName(name),
    extras: extras.map(normaliseName),
    // The lockfile pins Poetry dependencies whatever the range says.
    pinned: direct || (version !== undefined && /^(==)?\s*\d[\w.]*$/.test(version.trim())),
  };
}
