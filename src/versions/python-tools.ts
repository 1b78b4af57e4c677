/**
 * Dependency managers installed (pinned) in the build stage. Versions are the newest seen in
 * published projects when the table was checked (2026-11-23); each is an ARG, so a bump is a
 * one-line change or a `--build-arg`. A version the project pins itself (.tool-versions, mise.toml,
 * pyproject.toml) wins: see src/detect/python/tool-pins.ts.
 */
export const PYTHON_TOOL_VERSIONS = {
  uv: '0.12.24',
  poetry: '2.3.3',
  pdm: '2.29.0',
  pipenv: '2026.8.0',
} as const;

/**
 * Production servers dockgen installs into the app's virtualenv when a WSGI/ASGI app has none among
 * its dependencies. Newest releases on the PyPI package index listing, checked 2026-12-04
 * (gunicorn 27.0.1 of 2026-11, uvicorn 0.54.0 of 2026-09). End-of-life Python lines get the last
 * release that still supports them: gunicorn 23.0.0 (requires Python >= 3.7); uvicorn 0.33.0 (the
 * last for 3.8) and 0.22.0 (the last for 3.7).
 */
export const PYTHON_SERVER_VERSIONS = {
  gunicorn: { latest: '27.0.1', byMinor: { 7: '23.0.0', 8: '23.0.0' } as Record<number, string> },
  uvicorn: { latest: '0.54.0', byMinor: { 7: '0.22.0', 8: '0.33.0' } as Record<number, string> },
} as const;

export function serverVersion(server: keyof typeof PYTHON_SERVER_VERSIONS, pythonMinor: number): string {
  const entry = PYTHON_SERVER_VERSIONS[server];
  return entry.byMinor[pythonMinor] ?? entry.latest;
}
