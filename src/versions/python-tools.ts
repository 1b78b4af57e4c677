/**
 * Dependency managers installed (pinned) in the build stage. Versions are the newest seen in
 * published projects when the table was checked (2026-11-23); each is an ARG, so a bump is a
 * one-line change or a `--build-arg`.
 */
export const PYTHON_TOOL_VERSIONS = {
  uv: '0.12.24',
  poetry: '2.3.3',
  pdm: '2.29.0',
  pipenv: '2026.8.0',
} as const;
