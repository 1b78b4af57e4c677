import type { RunStep } from './types.js';

/**
 * Where a build downloads packages from, settable without editing the Dockerfile: the package
 * manager's own variable as a build argument (no value: unset unless passed, so the manager's default
 * applies), and credentials as a build secret in netrc format, which pip, uv and Go read for
 * an index's host. Both exist only in build stages and in the RUNs that download: the final image
 * keeps neither, and a secret never lands in a layer (R16). An organisation may give the argument a
 * default (org config `packageIndexes`): a URL without credentials.
 */
export interface PackageIndex {
  /** The build argument, e.g. `PIP_INDEX_URL` or `PIP_INDEX_URL=https://pypi.example.com/simple`. */
  arg: string;
  comment: string[];
  /** Where the project's own installer does not read the argument: said in the build stage. */
  limits?: string[];
}

export type IndexedStack = 'python' | 'go';

/** The variable each stack's downloads read. */
export const INDEX_VARIABLE: Record<IndexedStack, string> = { python: 'PIP_INDEX_URL', go: 'GOPROXY' };

const EXAMPLE: Record<IndexedStack, string> = {
  python: 'https://pypi.example.com/simple',
  go: 'https://goproxy.example.com',
};

/** The build secret's mount: absent unless the build passes `--secret id=netrc,src=…`. */
export const NETRC_MOUNT = '--mount=type=secret,id=netrc,target=/root/.netrc';

export function packageIndex(stack: IndexedStack, orgDefault?: string): PackageIndex {
  const name = INDEX_VARIABLE[stack];
  const source = orgDefault === undefined ? '' : ' (org config packageIndexes: the default below)';
  return {
    arg: orgDefault === undefined ? name : `${name}=${orgDefault}`,
    comment: [
      `Package mirror${source}: docker build --build-arg ${name}=${EXAMPLE[stack]}`,
      `with credentials as a build secret: --secret id=netrc,src=$HOME/.netrc. Build stage only (R16).`,
    ],
  };
}

/** Python managers whose locked install does not go through pip, so PIP_INDEX_URL reaches only the
 *  tools stage (sources: python-poetry/poetry#1632, astral-sh/uv#19625). */
export const PYTHON_INDEX_LIMITS: Partial<Record<string, string[]>> = {
  poetry: ['Poetry installs from the sources in pyproject.toml, not PIP_INDEX_URL: declare a mirror there', '([[tool.poetry.source]], priority "primary"); only the pip steps use the argument.'],
  uv: ['uv sync --frozen downloads from the URLs in uv.lock, not PIP_INDEX_URL: lock against the mirror', '(UV_DEFAULT_INDEX) to build from it; only the pip steps use the argument.'],
};

/** A downloading RUN that may read the netrc secret; the mount goes after its other --mount flags. */
export function withNetrc(step: RunStep): RunStep {
  const mounts = step.parts.filter((part) => part.startsWith('--mount'));
  return { ...step, parts: [...mounts, NETRC_MOUNT, ...step.parts.slice(mounts.length)] };
}
