import type { CiOptions } from './options.js';

/** What every generated CI file shares: its header and how CI gets dockgen. */
export interface CiContext {
  header: string[];
  /** `npx --yes dockgen@<version>`: the version that wrote the file, so CI checks with the same
   *  rules the files were written with (a newer dockgen may write other files). */
  dockgen: string;
}

/** The npm package CI runs; the same name as the command. */
export const NPM_PACKAGE = 'dockgen';

export function ciContext(version: string, file: string): CiContext {
  return {
    header: [
      `Builds the container image. Written by dockgen ${version} (\`dockgen ci\`); \`dockgen ci --check\` fails when`,
      `this file differs from what dockgen writes, and \`dockgen ci --force\` writes it again. Answers: dockgen.json "ci".`,
      `File: ${file}`,
    ],
    dockgen: `npx --yes ${NPM_PACKAGE}@${version}`,
  };
}

/**
 * The gates before any build: the Dockerfile and .dockerignore are what dockgen writes for the
 * project as it is now (a dependency or version change since they were written fails here, not in
 * production), this CI file is what `dockgen ci` writes, and the Dockerfile passes the linter
 * with warnings counted as failures. Paths are validated (options.ts), so they are shell-safe words.
 */
export function gateCommands(options: CiOptions, context: CiContext): Array<{ name: string; command: string }> {
  const project = options.context === '.' ? '' : ` ${options.context}`;
  return [
    { name: 'Dockerfile is what dockgen writes', command: `${context.dockgen}${project} --check` },
    // No flags: `dockgen ci --check` reads the answers recorded in dockgen.json.
    { name: 'CI file is what dockgen writes', command: `${context.dockgen} ci --check` },
    { name: 'Lint the Dockerfile', command: `${context.dockgen} lint --strict ${options.dockerfile}` },
  ];
}
