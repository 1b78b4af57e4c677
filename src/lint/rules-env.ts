import type { Instruction, Property } from 'dockerfile-ast';
import { issue } from './catalog.js';
import { lineOf, type Model } from './model.js';
import type { Issue } from './types.js';

/** Words that make a variable name a secret on their own, or as the named pair. */
const SECRET_WORDS = new Set(['password', 'passwd', 'secret', 'token', 'apikey', 'credential', 'credentials', 'privatekey']);
const SECRET_PAIRS = [['api', 'key'], ['private', 'key'], ['access', 'key'], ['secret', 'key'], ['auth', 'key'], ['client', 'secret']];
/** A last word that makes the variable about a secret rather than the secret itself (DB_PASSWORD_FILE, TOKEN_URL). */
const NOT_A_VALUE = new Set(['file', 'path', 'dir', 'url', 'uri', 'endpoint', 'host', 'name', 'id', 'type', 'length', 'ttl', 'expiry', 'header', 'env', 'len']);

/** `NPM_TOKEN`, `dbPassword`, `AWS_SECRET_ACCESS_KEY` → true; `GPG_KEY`, `PASSWORD_FILE`, `PWD` → false. */
export function isSecretName(name: string): boolean {
  const words = name
    .replace(/([a-z\d])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[_\-.]+/)
    .filter(Boolean);
  if (words.length === 0 || NOT_A_VALUE.has(words.at(-1)!)) return false;
  if (words.some((w) => SECRET_WORDS.has(w))) return true;
  return SECRET_PAIRS.some(([a, b]) => words.some((w, i) => w === a && words[i + 1] === b));
}

/** ENV names the official base images set. Buildah and Podman let such an ENV override a stage's
 *  ARG of the same name (BuildKit does not), so a stage ARG must not reuse one (R24). */
const BASE_IMAGE_ENV = new Set(['NODE_VERSION', 'YARN_VERSION', 'PYTHON_VERSION', 'PYTHON_SHA256', 'GOLANG_VERSION', 'GOPATH', 'GOTOOLCHAIN', 'NGINX_VERSION', 'NJS_VERSION', 'PKG_RELEASE', 'LANG', 'PATH']);

/** R16 (secret-looking ARG/ENV names) and R24 (stage ARGs that base-image ENVs override). */
export function checkVariables(model: Model): Issue[] {
  const issues: Issue[] = [];
  const globals = model.dockerfile.getInitialARGs();
  const instructions = [...globals, ...model.stages.flatMap((s) => s.instructions)];
  for (const instruction of instructions) {
    const keyword = instruction.getKeyword();
    if (keyword !== 'ARG' && keyword !== 'ENV') continue;
    for (const property of properties(instruction)) {
      const name = property.getName();
      if (isSecretName(name)) {
        const value = property.getValue();
        // A literal value in ENV is baked into the image config for everyone who can pull it.
        const literal = keyword === 'ENV' && value !== null && value !== '' && !/^\$\{?\w+\}?$/.test(value);
        issues.push(issue('secret-name', lineOf(instruction), `${keyword} ${name} looks like a secret${literal ? ' and sets it in the image' : ''}`, literal ? { severity: 'error' } : {}));
      }
      if (keyword === 'ARG' && !globals.includes(instruction as never) && BASE_IMAGE_ENV.has(name)) {
        issues.push(issue('arg-shadows-env', lineOf(instruction), `stage ARG ${name} is also an ENV of official base images`));
      }
    }
  }
  return issues;
}

function properties(instruction: Instruction): Property[] {
  return 'getProperties' in instruction ? (instruction as unknown as { getProperties(): Property[] }).getProperties() : [];
}
