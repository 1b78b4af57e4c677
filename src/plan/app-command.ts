import { formatCommand } from '../options.js';

/** The app's own command as a person would type it: ENTRYPOINT + CMD without the init in front
 *  (tini, dumb-init), for the end-of-run summary and README.Docker.md. */
export function appCommand(entrypoint: string, cmd: string): string {
  const argv = [...(JSON.parse(entrypoint || '[]') as string[]), ...(JSON.parse(cmd || '[]') as string[])];
  const init = argv.findIndex((arg) => /(^|\/)(tini|dumb-init)(-static)?$/.test(arg));
  const rest = init === -1 ? argv : argv.slice(argv[init + 1] === '--' ? init + 2 : init + 1);
  return formatCommand(rest);
}
