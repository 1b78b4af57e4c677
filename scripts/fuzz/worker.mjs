/**
 * Runs dockgen commands in a long-lived process for the fuzzer: starting Node.js once per case
 * would cost more than the cases. Each message { id, argv } runs the built CLI's main() with its
 * output captured, and answers { id, code, stdout, stderr }. A case that hangs is ended by the
 * parent killing this process (then a fresh one starts), so a hang costs one timeout.
 */
const { main } = await import(new URL('../../dist/bundle/main.js', import.meta.url).href);

process.env.CI = 'true'; // never ask a question
delete process.env.DOCKGEN_ORG_CONFIG;

let out = '';
let err = '';
process.stdout.write = (chunk) => {
  out += String(chunk);
  return true;
};
process.stderr.write = (chunk) => {
  err += String(chunk);
  return true;
};

process.on('message', async ({ id, argv }) => {
  out = '';
  err = '';
  let code;
  try {
    code = await main(['node', 'dockgen', ...argv]);
  } catch (error) {
    err += `dockgen: unexpected error, please report it:\n${error?.stack ?? String(error)}\n`;
    code = 70;
  }
  process.exitCode = 0;
  process.send({ id, code, stdout: out, stderr: err });
});
process.send({ ready: true });
