/**
 * Every third-party action the generated GitHub workflow uses, pinned by full commit SHA (a tag
 * can be moved to other code; a commit cannot). The version goes into a `# vX.Y.Z` comment for
 * people and for Dependabot/Renovate, which update SHA and comment together.
 *
 * Where each SHA comes from (no access to GitHub here): public workflows and lock tables that pin
 * the same action at the same version, two or more independent ones per row, looked up on
 * 2026-12-07. `git ls-remote https://github.com/<action> refs/tags/<version>` confirms a row.
 */
export interface PinnedAction {
  action: string;
  sha: string;
  version: string;
  source: string;
}

export const ACTIONS = {
  checkout: {
    action: 'actions/checkout',
    sha: '08c6903cd8c0fde910a37f88322edcfb5dd907a8',
    version: 'v5.0.0',
    source: 'three public workflows pinning "actions/checkout@08c6903c… # v5.0.0", one an action-lock table listing v5.0.0 with this SHA',
  },
  setupQemu: {
    action: 'docker/setup-qemu-action',
    sha: '29109295f81e9208d7d86ff1c6c12d2833863392',
    version: 'v3.6.0',
    source: 'two pin tables ("docker/setup-qemu-action | v3.6.0 | 29109295…" and a v3 → SHA # v3.6.0 map), and workflows pinning it as # v3',
  },
  setupBuildx: {
    action: 'docker/setup-buildx-action',
    sha: 'e468171a9de216ec08956ac3ada2f0791b6bd435',
    version: 'v3.11.1',
    source: 'a pin table (v3.11.1 | e468171a…) and two workflows pinning "@e468171a… # v3.11.1"; a runner log resolves @v3 to it',
  },
  login: {
    action: 'docker/login-action',
    sha: '5e57cd118135c172c3672efd75eb46360885c0ef',
    version: 'v3.6.0',
    source: 'three public workflows pinning "docker/login-action@5e57cd11… # v3.6.0"',
  },
  metadata: {
    action: 'docker/metadata-action',
    sha: 'c1e51972afc2121e065aed6d45c65596fe445f3f',
    version: 'v5.8.0',
    source: 'a `git ls-remote … refs/tags/v5.8.0` transcript, a pin table (v5.8.0 | c1e51972…) and a workflow pinning "# v5.8.0"',
  },
  buildPush: {
    action: 'docker/build-push-action',
    sha: '263435318d21b8e681c14492fe198d362a7d2c83',
    version: 'v6.18.0',
    source: 'two public workflows pinning "docker/build-push-action@26343531… # v6.18.0" and a pin table (v6.18.0)',
  },
} as const satisfies Record<string, PinnedAction>;

export type ActionKey = keyof typeof ACTIONS;

/** The `uses:` value: `owner/repo@<sha>`. The version comment is added where the YAML is written. */
export function usesValue(key: ActionKey): string {
  const { action, sha } = ACTIONS[key];
  return `${action}@${sha}`;
}
