/**
 * Versions for the static-site stack: the nginx image sites are served from, and the Hugo release
 * used to build Hugo sites. Checked 2026-11-23:
 *
 * - nginx: the official images' stable line is 1.30 (nginx:stable was 1.30.6 on 2026-10-21, per
 *   docker-library/repo-info); stable has been built on Debian 13 "trixie" since 1.28.1
 *   (docker-library/official-images#20549), and nginx publishes no bookworm variant of newer
 *   lines. nginxinc/nginx-unprivileged mirrors the official tags (`<version>-trixie`,
 *   `<version>-alpine`…) with the user 101, port 8080 and pid/temp paths under /tmp.
 *   The Debian variant keeps glibc and the same Debian release as the other stacks' images.
 * - Hugo: 0.166.0 is the newest release seen (gohugoio/hugo releases). Since 0.103.0 the
 *   release assets are named `hugo_extended_<v>_linux-<amd64|arm64>.tar.gz`, and every
 *   release carries one `hugo_<v>_checksums.txt` (SHA-256) for all of its assets.
 *
 * Bump: change the values here and the golden files (`vitest -u -t static`) in the same commit.
 */
export const NGINX_TABLE_CHECKED = '2026-11-23';

export const NGINX_IMAGE = 'nginxinc/nginx-unprivileged';
export const NGINX_STABLE_VERSION = '1.30.6';
/** The image's Debian variant suffix; also names the Debian release of the Hugo build stage. */
export const NGINX_DEBIAN = 'trixie';
/** The unprivileged image's nginx user and group (R14), and the port it can bind without root. */
export const NGINX_UID = 101;
export const NGINX_PORT = 8080;

export const HUGO_DEFAULT_VERSION = '0.166.0';
/** Hugo's GitHub release downloads, as the Dockerfile writes it (HUGO_VERSION is a build ARG). */
export const HUGO_RELEASE_URL = 'https://github.com/gohugoio/hugo/releases/download/v${HUGO_VERSION}';
