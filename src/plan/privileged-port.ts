/**
 * A port below 1024 for an image that runs as a non-root user: binding it needs either
 * CAP_NET_BIND_SERVICE or the network namespace's sysctl net.ipv4.ip_unprivileged_port_start at or
 * below the port. Docker sets that sysctl to 0 for every container since 20.10 (moby#41030), except
 * with --network host, where the host's value (1024) applies; Kubernetes leaves it at 1024 unless the
 * pod asks for it (a "safe" sysctl since Kubernetes 1.22, allowed without kubelet flags).
 */
export function privilegedPortWarning(port: number, uid: string, where: string): string | undefined {
  if (port >= 1024 || uid === '0' || uid.startsWith('0:')) return undefined;
  return (
    `The app listens on port ${port} (${where}), below 1024, and the image runs as UID ${uid.split(':')[0]}, not root. ` +
    'It works on Docker 20.10 and later, which sets net.ipv4.ip_unprivileged_port_start=0 in each container (not with --network host); ' +
    'on Kubernetes add that sysctl to the pod: securityContext.sysctls [{name: net.ipv4.ip_unprivileged_port_start, value: "0"}]. ' +
    'Or make the app listen on a port of 1024 or more (and pass it with --port).'
  );
}
