/**
 * The Apache httpd image a site with its own httpd.conf is served from. Checked 2026-12-04:
 *
 * - docker-library/docs httpd/README.md lists `2.4.69-trixie` (and `2.4-trixie`, `2.4-alpine`) as the
 *   official image's tags at an earlier date; Apache 2.4.71 has been released since (Debian ships it
 *   as a security update, built 2026-11-12), and the official image follows upstream releases, so the
 *   pin is 2.4.71 on Debian 13 "trixie", the Debian release of the other stacks' images.
 * - The image: httpd in /usr/local/apache2 (ServerRoot; modules/ and conf/mime.types there), every
 *   module shared (LoadModule works for all), `STOPSIGNAL SIGWINCH` (graceful stop), Debian's
 *   www-data user (33:33) for running without root.
 *
 * Bump: change the values here and the golden files (`vitest -u -t static`) in the same commit.
 */
export const HTTPD_TABLE_CHECKED = '2026-12-04';
export const HTTPD_IMAGE = 'httpd';
export const HTTPD_VERSION = '2.4.71';
export const HTTPD_DEBIAN = 'trixie';
/** The official image's install prefix: the ServerRoot its modules and mime.types are under. */
export const HTTPD_SERVER_ROOT = '/usr/local/apache2';
/** Debian's www-data, present in the image: httpd runs as it when started without root (R14). */
export const HTTPD_UID = 33;
export const HTTPD_PORT = 8080;
