// Types for indexes.mjs, which the TypeScript e2e set-up imports.
export const PYTHON_PACKAGES: string[];
export const GO_PACKAGES: string[];
export function ensurePythonIndex(image: string): { dir: string; cached: boolean };
export function ensureGoProxy(): { dir: string; cached: boolean };
export function goVersion(debianVersion: string): string;
export function serveIndexes(roots: Record<string, string>, auth?: { user: string; password: string }): Promise<{ url: string; close: () => Promise<void> }>;
export function wheelHashes(dir: string): Map<string, string>;
export function missingHashes(projectDir: string, index: string): string[];
