// The Docker helpers live in scripts/e2e/docker.mjs, shared with the corpus harness.
export { DOCKER, build, docker, dockerOrThrow, engineAnswers, probe, processTree, tail, timed, type CommandResult } from '../../scripts/e2e/docker.mjs';
